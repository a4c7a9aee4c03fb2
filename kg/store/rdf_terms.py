"""The vocabulary of geokg's RDF: namespaces, graph names, IRIs built from ids, typed literals.

Every IRI is built from a fixed namespace plus a percent-encoded id (``_enc``): text from an
article (names, quotes, URLs) only ever becomes a literal.
"""
from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..model import Evidence, content_hash

GK = Namespace("https://w3id.org/geokg/ontology#")
ID = Namespace("https://w3id.org/geokg/id/")
CAMEO = Namespace("https://w3id.org/geokg/cameo/")
PLOVER = Namespace("https://w3id.org/geokg/plover/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
TAXONOMY_GRAPH = URIRef("https://w3id.org/geokg/graph/taxonomy")
FACTS_GRAPH = URIRef("https://w3id.org/geokg/graph/facts")
ONTOLOGY_GRAPH = URIRef("https://w3id.org/geokg/graph/ontology")

PREFIXES = {
    "gk": GK, "id": ID, "cameo": CAMEO, "plover": PLOVER, "wd": WD, "wdt": WDT,
    "prov": PROV, "skos": SKOS, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "geo": GEO,
    "dcterms": DCTERMS,
}
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

_QID = re.compile(r"Q[1-9][0-9]*")
_ISO3 = re.compile(r"[A-Z]{3}")
# Characters that must never appear raw in an IRI we write (RFC 3987 excluded + space).
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')


# ---------------------------------------------------------------- IRIs and literals

def _enc(text: str) -> str:
    """Percent-encode everything but unreserved characters: injective and IRI-safe."""
    return quote(str(text), safe="")


def _iri(namespace: Namespace, local: str) -> URIRef:
    iri = URIRef(str(namespace) + local)
    if _BAD_IRI_CHARS.search(iri):  # cannot happen with _enc; a guard against future edits
        raise ValueError(f"unsafe IRI {iri!r}")
    return iri


def entity_iri(entity_id: str) -> URIRef:
    """``id:Q17`` for a Wikidata QID, ``id:<percent-encoded id>`` for any other id."""
    return _iri(ID, entity_id if _QID.fullmatch(entity_id) else _enc(entity_id))


def fact_iri(fact_id: str) -> URIRef:
    return _iri(ID, _enc(fact_id))


def document_iri(doc_id: str) -> URIRef:
    return _iri(ID, "doc/" + _enc(doc_id))


def mention_iri(fact_id: str, evidence: Evidence) -> URIRef:
    return _iri(ID, "mention/" + content_hash(fact_id, *evidence.key()))


def role_iri(role_id: str) -> URIRef:
    return _iri(ID, "role/" + _enc(role_id))


def run_iri(version: str) -> URIRef:
    return _iri(ID, "run/" + _enc(version))


def cameo_iri(code: str) -> URIRef:
    return _iri(CAMEO, _enc(code))


def _decimal_text(value: float | int | None) -> str | None:
    """The shortest xsd:decimal lexical form that round-trips the float (None: no number)."""
    if value is None or not math.isfinite(float(value)):
        return None
    return format(Decimal(repr(float(value))), "f")


def _decimal(value: float | int | None) -> Literal | None:
    text = _decimal_text(value)
    return None if text is None else Literal(text, datatype=XSD.decimal)


def _temporal(text: str) -> tuple[str, URIRef | None]:
    """``text`` and its datatype: xsd:date, xsd:gYearMonth or xsd:gYear by its precision.

    Anything else stays a plain string (None), which the SHACL shapes reject (rather than
    losing it).
    """
    text = str(text)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            date.fromisoformat(text)
            return text, XSD.date
        if re.fullmatch(r"\d{4}-\d{2}", text) and 1 <= int(text[5:]) <= 12:
            return text, XSD.gYearMonth
        if re.fullmatch(r"\d{4}", text):
            return text, XSD.gYear
    except ValueError:
        pass
    return text, None


def temporal_literal(text: str) -> Literal:
    lexical, datatype = _temporal(text)
    return Literal(lexical, datatype=datatype)


# ---------------------------------------------------------------- N-Triples text
# The facts are written as N-Triples terms, not rdflib terms: Oxigraph's loader and SPARQL
# updates read that text as it is, and making it costs a tenth of making rdflib terms.

class NTerms:
    """The N-Triples form of a namespace's IRIs: ``NTerms(GK).source`` is ``<…#source>``."""

    def __init__(self, namespace: str):
        self._base = str(namespace)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        text = f"<{self._base}{name}>"
        setattr(self, name, text)  # made once per name
        return text

    def __getitem__(self, name: str) -> str:
        return f"<{self._base}{name}>"


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')


def nt_iri(iri: str) -> str:
    return f"<{iri}>"


def nt_line(triple: tuple[str, str, str]) -> str:
    return f"{triple[0]} {triple[1]} {triple[2]} .\n"


def nt_literal(text: str, datatype: str | None = None) -> str:
    """A literal: a plain string, or typed when ``datatype`` (an IRI's N-Triples form) is given."""
    text = str(text)
    if _NEEDS_ESCAPE.search(text):
        text = text.translate(_ESCAPES)
    return f'"{text}"^^{datatype}' if datatype else f'"{text}"'


NT_XSD = NTerms(XSD)


def nt_decimal(value: float | int | None) -> str | None:
    text = _decimal_text(value)
    return None if text is None else f'"{text}"^^{NT_XSD.decimal}'


def nt_temporal(text: str) -> str:
    lexical, datatype = _temporal(text)
    return nt_literal(lexical, datatype and nt_iri(datatype))


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="core")
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph
