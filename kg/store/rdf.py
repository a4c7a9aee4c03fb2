"""Facts in an on-disk Oxigraph store: writing, removing a document, counting and querying.

The RDF data model (namespaces, IRIs, how a fact becomes triples, the taxonomy, formats) is in
``rdf_model``; this module is the store built on it.
"""
from __future__ import annotations

import ctypes
import gc
import itertools
import os
import re
import shutil
import sys
import tempfile
import uuid
from decimal import Decimal
from pathlib import Path
from typing import IO, Iterable, Iterator

import pyoxigraph as ox
from oxrdflib._converter import to_ox
from oxrdflib.store import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, XSD, NamespaceManager

from ..model import Fact, merge_facts, noisy_or
from .base import Store, StoreError
from .sparql import check
from .rdf_model import (  # noqa: F401  (re-exported: the store module is where users look)
    CAMEO, ENTITY_PROPERTIES, GK, ID, PLOVER, PREFIXES, SPARQL_PREFIXES, TAXONOMY_GRAPH,
    _BAD_IRI_CHARS, _decimal, _plugin, document_iri, entity_iri, export_facts, fact_iri,
    facts_to_graph, load_ontology, load_shapes, mention_iri, new_graph, parse_file,
    temporal_literal, validate, write_graph,
)


# ---------------------------------------------------------------- the store

def _values(var: str, nodes: Iterable[URIRef]) -> str:
    nodes = sorted(set(nodes))
    for node in nodes:
        if _BAD_IRI_CHARS.search(node):
            raise ValueError(f"unsafe IRI {node!r}")
    return f"VALUES ?{var} {{ {' '.join(f'<{n}>' for n in nodes)} }}"


def _nt(graph: Graph) -> str:
    """N-Triples of ``graph``: valid inside a SPARQL ``INSERT DATA`` block."""
    return graph.serialize(format="ox-nt")


def _python(term):
    """A query value as plain Python: IRIs and most literals as str, numbers and booleans typed."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool) or (isinstance(value, int) and term.datatype != XSD.gYear):
            return value
        if isinstance(value, (float, Decimal)):
            return float(value)
        return str(term)
    return str(term)


def _values_clause(params: dict) -> str:
    """A trailing ``VALUES`` block binding query variables to escaped terms."""
    if not params:
        return ""
    names, terms = [], []
    for name, value in params.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise StoreError(f"not a SPARQL variable name: {name!r}")
        term = value if isinstance(value, (URIRef, Literal)) else Literal(value)
        names.append(f"?{name}")
        terms.append(str(to_ox(term)))  # N-Triples escaping: quotes cannot break out
    return f"\nVALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


class RdfStore(Store):
    """Facts in an Oxigraph store on disk (``path``) or in memory (``path=None``).

    The default graph holds the facts; ``TAXONOMY_GRAPH`` holds the ontology and the CAMEO and
    PLOVER schemes. Queries run over the union of both. Every write is one SPARQL update, so
    Oxigraph applies it atomically.
    """

    name = "rdf"
    persistent = True
    query_languages = ("sparql",)

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                dataset = Dataset(store="Oxigraph", default_union=True)
            elif read_only:
                dataset = Dataset(store=OxigraphStore(store=ox.Store.read_only(str(self.path))),
                                  default_union=True)
            else:
                dataset = Dataset(store="Oxigraph", default_union=True)
                dataset.open(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the RDF store at {self.path}: {exc}") from exc
        dataset.namespace_manager = NamespaceManager(dataset, bind_namespaces="core")
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns)
        self._ds: Dataset | None = dataset
        if not read_only and not self._ask(f"ASK {{ GRAPH <{TAXONOMY_GRAPH}> {{ ?s ?p ?o }} }}"):
            self.load_taxonomy()

    # -- plumbing

    @property
    def dataset(self) -> Dataset:
        if self._ds is None:
            raise StoreError("the RDF store is closed")
        return self._ds

    def _select(self, text: str):
        try:
            result = self.dataset.store.query(SPARQL_PREFIXES + text, {}, {}, "__UNION__")
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise StoreError(f"SPARQL query failed: {exc}") from exc
        return result

    def _ask(self, text: str) -> bool:
        return bool(self._select(text).askAnswer)

    def update(self, text: str) -> None:
        """Run one SPARQL update (operations separated by ``;`` apply atomically)."""
        if self.read_only:
            raise StoreError("the RDF store was opened read-only")
        try:
            self.dataset.store.update(SPARQL_PREFIXES + text, {}, {}, DATASET_DEFAULT_GRAPH_ID)
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise StoreError(f"SPARQL update failed: {exc}") from exc

    def load_taxonomy(self) -> None:
        """(Re)write the ontology and concept schemes into ``TAXONOMY_GRAPH``."""
        self.update(f"DROP SILENT GRAPH <{TAXONOMY_GRAPH}> ;\n"
                    f"INSERT DATA {{ GRAPH <{TAXONOMY_GRAPH}> {{\n{_nt(load_ontology())}\n}} }}")

    # -- Store interface

    def add(self, facts: Iterable[Fact]) -> None:
        """Add facts in one update. A fact already stored keeps its mentions and gains the new
        ones; its qualifiers, the mentions given again and the entities' descriptions are
        replaced; its confidence is recomputed over all its mentions."""
        facts = merge_facts(facts)
        if not facts:
            return
        graph = facts_to_graph(facts)
        fact_nodes = {fact_iri(f.id): f for f in facts}
        new_mentions = {mention_iri(f.id, ev): (node, ev.confidence)
                        for node, f in fact_nodes.items() for ev in f.evidence}
        confidences: dict[URIRef, dict[URIRef, float]] = {node: {} for node in fact_nodes}
        for row in self._select(f"SELECT ?f ?m ?c WHERE {{ {_values('f', fact_nodes)} "
                                "?f gk:mention ?m . ?m gk:confidence ?c }"):
            confidences[row.f][row.m] = float(row.c)
        for m, (node, c) in new_mentions.items():
            confidences[node][m] = c
        for node, by_mention in confidences.items():
            graph.set((node, GK.confidence, _decimal(noisy_or(by_mention.values()))))
        entities = set(graph.subjects(GK.entityId))
        documents = set(graph.subjects(RDF.type, GK.Document))
        self.update(
            f"DELETE {{ ?m ?p ?o }} WHERE {{ {_values('m', new_mentions)} ?m ?p ?o }} ;\n"
            f"DELETE {{ ?f ?p ?o }} WHERE {{ {_values('f', fact_nodes)} ?f ?p ?o "
            "FILTER(?p != gk:mention) } ;\n"
            f"DELETE {{ ?e ?p ?o }} WHERE {{ {_values('e', entities)} "
            f"{_values('p', ENTITY_PROPERTIES)} ?e ?p ?o }} ;\n"
            f"DELETE {{ ?d ?p ?o }} WHERE {{ {_values('d', documents)} "
            "VALUES ?p { gk:url gk:docId } ?d ?p ?o } ;\n"
            f"INSERT DATA {{\n{_nt(graph)}\n}} ;\n"
            "INSERT { ?e gk:country ?c } WHERE { ?e gk:countryCode ?code . "
            "?c a gk:Country ; gk:iso3 ?code }")

    def remove_document_update(self, doc_id: str) -> str:
        """The single SPARQL update ``remove_document`` runs (exposed for inspection)."""
        doc = document_iri(doc_id)
        remaining: dict[URIRef, dict[URIRef, float]] = {}
        for row in self._select(
                "SELECT ?f ?m ?c WHERE { ?f gk:mention ?dm . ?dm prov:wasDerivedFrom ?doc . "
                "?f gk:mention ?m . ?m gk:confidence ?c "
                f"FILTER NOT EXISTS {{ ?m prov:wasDerivedFrom ?doc }} {_values('doc', [doc])} }}"):
            remaining.setdefault(row.f, {})[row.m] = float(row.c)
        new_confidence = " ".join(f"(<{f}> {_decimal(noisy_or(c.values())).n3()})"
                                  for f, c in sorted(remaining.items()))
        return f"""
# 1. the document's mentions, and the links to them
DELETE {{ ?f gk:mention ?m }} WHERE {{ ?m prov:wasDerivedFrom <{doc}> . ?f gk:mention ?m }} ;
DELETE {{ ?m ?p ?o }} WHERE {{ ?m prov:wasDerivedFrom <{doc}> ; ?p ?o }} ;
# 2. direct triples of facts left without mentions, unless another fact still supports them
DELETE {{ ?s ?dp ?o }} WHERE {{
  {{ ?f gk:directProperty ?dp ; gk:source ?s ; gk:target ?o }}
  UNION {{ ?f gk:directProperty ?dp ; gk:symmetric true ; gk:source ?o ; gk:target ?s }}
  FILTER NOT EXISTS {{ ?f gk:mention ?any }}
  FILTER NOT EXISTS {{
    {{ ?g gk:directProperty ?dp ; gk:mention ?gm ; gk:source ?s ; gk:target ?o }}
    UNION {{ ?g gk:directProperty ?dp ; gk:mention ?gm ; gk:symmetric true ; gk:source ?o ; gk:target ?s }}
  }}
}} ;
# 3. the facts left without mentions
DELETE {{ ?f ?p ?o }} WHERE {{
  VALUES ?t {{ gk:Event gk:Relation }} ?f a ?t FILTER NOT EXISTS {{ ?f gk:mention ?any }} ?f ?p ?o
}} ;
# 4. confidence of the facts that lost some mentions (noisy-or over the rest)
DELETE {{ ?f gk:confidence ?old }} INSERT {{ ?f gk:confidence ?new }}
WHERE {{ VALUES (?f ?new) {{ {new_confidence} }} ?f gk:confidence ?old }} ;
# 5. entities, roles, documents and runs nothing refers to any more
DELETE {{ ?e ?p ?o }} WHERE {{
  VALUES ?t {{ gk:Country gk:Organization gk:Person gk:Place gk:Entity }} ?e a ?t
  FILTER NOT EXISTS {{ ?f gk:source|gk:target|gk:place ?e }} ?e ?p ?o
}} ;
DELETE {{ ?x gk:country ?e }} WHERE {{ ?x gk:country ?e FILTER NOT EXISTS {{ ?e a ?t }} }} ;
DELETE {{ ?r ?p ?o }} WHERE {{ ?r a gk:Role FILTER NOT EXISTS {{ ?f gk:role ?r }} ?r ?p ?o }} ;
DELETE {{ ?d ?p ?o }} WHERE {{ ?d a gk:Document FILTER NOT EXISTS {{ ?m prov:wasDerivedFrom ?d }} ?d ?p ?o }} ;
DELETE {{ ?r ?p ?o }} WHERE {{ ?r a gk:ExtractionRun FILTER NOT EXISTS {{ ?m prov:wasGeneratedBy ?r }} ?r ?p ?o }}
"""

    def remove_document(self, doc_id: str) -> None:
        """Forget one document's mentions and the facts only it supported, in one update."""
        self.update(self.remove_document_update(doc_id))

    def counts(self) -> dict[str, int]:
        [row] = list(self._select("""
            SELECT (COUNT(DISTINCT ?ev) AS ?events) (COUNT(DISTINCT ?rel) AS ?relations)
                   (COUNT(DISTINCT ?ent) AS ?entities) (COUNT(DISTINCT ?men) AS ?mentions)
                   (COUNT(DISTINCT ?doc) AS ?documents)
            WHERE { { ?ev a gk:Event } UNION { ?rel a gk:Relation }
                    UNION { ?f gk:source|gk:target|gk:place ?ent } UNION { ?men a gk:Mention }
                    UNION { ?doc a gk:Document } }"""))
        counts = {k: int(row[k]) for k in ("events", "relations", "entities", "mentions", "documents")}
        default = Graph(store=self.dataset.store, identifier=DATASET_DEFAULT_GRAPH_ID)
        counts["triples"] = len(default)
        return counts

    def query(self, text: str, language: str = "sparql", **params) -> list[dict]:
        """Run a SPARQL query over facts and taxonomy; prefixes gk:, id:, cameo:, plover:, wd:,
        wdt:, prov:, skos:, rdfs:, xsd: … are predeclared. ``params`` bind variables to values
        (str -> plain literal, int/float/bool -> typed literal, rdflib terms as they are) through
        a trailing VALUES clause, the safe way to put user input in a query. Returns one dict per row (variable -> value);
        ASK gives ``[{"result": bool}]``, CONSTRUCT/DESCRIBE one dict per triple."""
        if language.lower() not in self.query_languages:
            return super().query(text, language, **params)
        check(text)  # read-only, and no SERVICE: a query never reaches the network
        result = self._select(text + _values_clause(params))
        if result.type == "ASK":
            return [{"result": bool(result.askAnswer)}]
        if result.type == "SELECT":
            names = [str(v) for v in result.vars]
            return [{name: _python(row.get(var)) for name, var in zip(names, result.vars)}
                    for row in result.bindings]
        return [{"subject": _python(s), "predicate": _python(p), "object": _python(o)}
                for s, p, o in result.graph]

    def export(self, dest: str | Path | IO, fmt: str = "turtle", *, taxonomy: bool = False) -> None:
        """Write the facts as turtle, trig, nt, nquads, jsonld or xml (Oxigraph's writers).

        With ``taxonomy=True`` the ontology and concept schemes are included: as the named
        graph ``TAXONOMY_GRAPH`` in trig/nquads/jsonld, merged into the one graph otherwise.
        """
        plugin, quads = _plugin(fmt)
        store = self.dataset.store
        if not taxonomy:
            graph: Graph = Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)
        elif quads:
            graph = self.dataset
        else:
            graph = new_graph()
            for ident in (DATASET_DEFAULT_GRAPH_ID, TAXONOMY_GRAPH):
                for triple in Graph(store=store, identifier=ident):
                    graph.add(triple)
        write_graph(graph, dest, fmt)

    def close(self) -> None:
        if self._ds is not None:
            self._ds.close()
            self._ds = None
            # Query results still alive in reference cycles keep Oxigraph's lock on the
            # directory; collect them so the path can be reopened (or swapped) at once.
            gc.collect()


# ---------------------------------------------------------------- atomic rebuild

def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _swap_into_place(new: Path, path: Path) -> None:
    if not path.exists():
        os.rename(new, path)
        return
    if _exchange(new, path):  # now ``new`` holds the old store
        shutil.rmtree(new, ignore_errors=True)
        return
    old = path.with_name(f".{path.name}.old-{uuid.uuid4().hex[:8]}")
    os.rename(path, old)
    try:
        os.rename(new, path)
    except BaseException:
        os.rename(old, path)
        raise
    shutil.rmtree(old, ignore_errors=True)


def rebuild(path: str | Path, facts: Iterable[Fact], *, batch_size: int = 5000) -> dict[str, int]:
    """Write ``facts`` into a fresh store beside ``path`` and swap it in only once complete.

    An exception or interruption while writing leaves the store at ``path`` as it was (and
    removes the temporary directory). Returns the new store's counts.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.tmp-", dir=path.parent))
    try:
        with RdfStore(tmp) as store:
            for batch in _batches(facts, batch_size):
                store.add(batch)
            counts = store.counts()
        _swap_into_place(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return counts
