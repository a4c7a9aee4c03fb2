"""The RDF data model: facts as statement nodes in the geokg ontology, the taxonomy, formats.

Shape of the data (ontology/geokg.ttl documents every term)::

    id:ev-…  a gk:Event ; gk:source id:Q3514417 ; gk:target id:Q57792 ;
             gk:date "2025-06-24"^^xsd:date ; gk:datePrecision "day" ;
             gk:earliestDate "2025-06-24"^^xsd:date ; gk:latestDate "2025-06-24"^^xsd:date ;
             gk:sourceCountry "JPN" ; gk:place id:geonames%3A2747373 ;
             gk:cameo cameo:040 ; gk:plover plover:CONSULT ; gk:modality gk:asserted ;
             gk:symmetric false ; gk:confidence 0.9 ; gk:directProperty gk:consult ;
             gk:mention id:mention/… .
    id:Q3514417 gk:consult id:Q57792 .          # the direct ("truthy") triple
    id:doc/doc1 a gk:Document ; gk:docId "doc1" ; dcterms:title "…" ; dcterms:issued
             "2025-06-25"^^xsd:date ; dcterms:language "en" ; gk:url "https://…"^^xsd:anyURI .
    id:mention/… a gk:Mention ; prov:wasDerivedFrom id:doc/doc1 ; gk:sentence 2 ;
             gk:start 0 ; gk:end 28 ; gk:quote "…" ; prov:wasGeneratedBy id:run/0.1.0 .

Only facts that pass ``kg.model.has_direct_edge`` (asserted or reported, with a target) get a
direct triple; a symmetric one gets it both ways.

Namespaces, IRIs (text from an article never becomes one) and typed literals are in
``rdf_terms``, re-exported here.

The CAMEO concept scheme is generated from ``data/cameo_codes.tsv`` (``cameo_graph``), not
stored as Turtle, so the table stays the one source of truth. ``load_ontology`` returns the
ontology file plus that scheme. In an ``RdfStore`` the facts live in the default graph and the
ontology + taxonomy in the named graph ``TAXONOMY_GRAPH``; queries see the union of both.
Exports (``export_facts``) name three graphs: ``FACTS_GRAPH``, ``TAXONOMY_GRAPH`` (CAMEO and
PLOVER concepts) and ``ONTOLOGY_GRAPH`` (ontology/geokg.ttl).
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import IO, Iterable

import pyoxigraph as ox
from oxrdflib._converter import from_ox, to_ox
from oxrdflib.store import OxigraphStore
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..model import PLOVER_CATEGORIES, Entity, Evidence, Fact, date_span, has_direct_edge, merge_facts
from ..resources import ONTOLOGY_DIR, data_path, read_tsv
from .base import StoreError
from .rdf_terms import (
    CAMEO, FACTS_GRAPH, GEO, GK, ID, ONTOLOGY_GRAPH, PLOVER, PREFIXES, SPARQL_PREFIXES,
    TAXONOMY_GRAPH, WD, _BAD_IRI_CHARS, _QID, NTerms, _decimal, _decimal_text, _enc, cameo_iri,
    NT_XSD, document_iri, entity_iri, fact_iri, mention_iri, new_graph, nt_decimal, nt_iri,
    nt_line, nt_literal, nt_temporal, role_iri, run_iri, temporal_literal,
)

# Names the store module and users import from here.
__all__ = ["CAMEO", "FACTS_GRAPH", "GK", "ID", "ONTOLOGY_GRAPH", "PLOVER", "PREFIXES",
           "SPARQL_PREFIXES", "TAXONOMY_GRAPH", "_BAD_IRI_CHARS", "_decimal", "document_iri",
           "entity_iri", "fact_iri", "mention_iri", "new_graph", "temporal_literal",
           "ENTITY_PROPERTIES", "DOCUMENT_PROPERTIES", "facts_to_graph", "direct_property",
           "export_facts", "export_graph", "export_dataset", "cameo_graph", "taxonomy_graph",
           "ontology_graph", "load_ontology", "load_shapes", "validate", "write_graph",
           "parse_file", "format_for", "_plugin", "FORMATS"]

EVENT_PROPERTIES = {c: GK[c.lower()] for c in PLOVER_CATEGORIES}
RELATION_PROPERTIES = {"holds_role": GK.holdsRole, "member_of": GK.memberOf,
                       "ally_of": GK.allyOf, "partner_of": GK.partnerOf,
                       "located_in": GK.locatedIn}
ENTITY_CLASSES = {"Country": GK.Country, "Organization": GK.Organization,
                  "Person": GK.Person, "Place": GK.Place}
# What describes an entity (replaced, not accumulated, when the entity is added again).
ENTITY_PROPERTIES = (RDF.type, RDFS.label, SKOS.altLabel, GK.entityId, GK.wikidata, OWL.sameAs,
                     GK.iso3, GK.countryCode, GK.country, GK.geonamesId, GK.coordinates,
                     GK.latitude, GK.longitude)
# What describes a document (replaced when the document is read again).
DOCUMENT_PROPERTIES = (GK.docId, GK.url, DCTERMS.title, DCTERMS.issued, DCTERMS.language)


# ---------------------------------------------------------------- taxonomy

@lru_cache(maxsize=None)
def _cameo_triples(path: str) -> tuple:
    rows = read_tsv(Path(path))
    by_code = {row["code"]: row for row in rows}
    # The project's choice for roots CAMEO2PLOVER leaves empty (02 appeals -> REQUEST).
    defaults_file = Path(path).with_name("plover_defaults.tsv")
    defaults = ({r["root"]: r["plover"] for r in read_tsv(defaults_file) if r.get("plover")}
                if defaults_file.is_file() else {})
    scheme = GK.cameoScheme
    triples = []
    for row in rows:
        code = row["code"]
        concept = cameo_iri(code)
        root = row.get("root_code") or code[:2]
        add = triples.append
        add((concept, RDF.type, SKOS.Concept))
        add((concept, RDF.type, OWL.NamedIndividual))  # so SHACL's ont_graph mixing copies it
        add((concept, SKOS.inScheme, scheme))
        add((concept, SKOS.notation, Literal(code)))
        add((concept, SKOS.prefLabel, Literal(row["name"], lang="en")))
        if root != code:  # no self-loop: pyshacl's ont_graph mixing deep-clones individuals
            add((concept, GK.cameoRoot, cameo_iri(root)))
        if row.get("quad_class"):
            add((concept, GK.quadClass, Literal(int(row["quad_class"]))))
        if row.get("goldstein"):
            add((concept, GK.goldstein, _decimal(float(row["goldstein"]))))
        if row.get("level") == "root" or len(code) == 2:
            add((concept, SKOS.topConceptOf, scheme))
        else:
            parent = code[:3] if len(code) == 4 and code[:3] in by_code else root
            add((concept, SKOS.broader, cameo_iri(parent)))
        plover = (row.get("plover_event") or by_code.get(root, {}).get("plover_event")
                  or defaults.get(root))
        if plover:
            add((concept, GK.ploverCategory, PLOVER[plover]))
        if row.get("plover_mode"):
            add((concept, GK.ploverMode, Literal(row["plover_mode"])))
        for context in filter(None, (c.strip() for c in (row.get("plover_context") or "").split(";"))):
            add((concept, GK.ploverContext, Literal(context)))
        if row.get("note"):
            add((concept, SKOS.scopeNote, Literal(row["note"], lang="en")))
        if row.get("name_source"):
            add((concept, DCTERMS.source, Literal(row["name_source"])))
    return tuple(triples)


def cameo_graph(path: Path | None = None) -> Graph:
    """The CAMEO concept scheme, generated from ``data/cameo_codes.tsv``."""
    graph = new_graph()
    for triple in _cameo_triples(str(path or data_path("cameo_codes.tsv"))):
        graph.add(triple)
    return graph


@lru_cache(maxsize=None)
def _cameo_plover() -> dict[str, str]:
    """CAMEO code -> PLOVER category, as in the generated scheme."""
    return {str(s)[len(CAMEO):]: str(o)[len(PLOVER):]
            for s, p, o in _cameo_triples(str(data_path("cameo_codes.tsv")))
            if p == GK.ploverCategory}


def _with_file(name: str, graph: Graph | None = None) -> Graph:
    """``graph`` (a new one if None) with the Turtle file ``ontology/NAME`` parsed into it."""
    graph = new_graph() if graph is None else graph
    graph.parse(ONTOLOGY_DIR / name, format="ox-turtle")
    return graph


def taxonomy_graph() -> Graph:
    """The CAMEO scheme (generated) and the PLOVER categories (ontology/plover.ttl)."""
    return _with_file("plover.ttl", cameo_graph())


def ontology_graph() -> Graph:
    return _with_file("geokg.ttl")


def load_ontology() -> Graph:
    """Ontology and taxonomy in one graph: the ``ont_graph`` for SHACL, a store's taxonomy."""
    return _with_file("geokg.ttl", taxonomy_graph())


def load_shapes() -> Graph:
    return _with_file("shapes.ttl")


def validate(data: Graph) -> tuple[bool, str]:
    """Check ``data`` against ontology/shapes.ttl; returns (conforms, report text)."""
    import pyshacl  # a test dependency: imported only when asked to validate

    conforms, _, text = pyshacl.validate(data, shacl_graph=load_shapes(),
                                         ont_graph=load_ontology(), inference="none",
                                         advanced=False, allow_warnings=False)
    return bool(conforms), text


# ---------------------------------------------------------------- facts -> triples
# A fact is written as N-Triples text (``rdf_terms.NTerms``) into anything with an ``add``
# taking one (subject, predicate, object) triple of such terms: the bulk writer's chunk,
# ``fact_lines`` (which ``facts_to_graph`` parses into rdflib), ``rdf.description``.

_GK, _RDF, _RDFS, _SKOS, _OWL, _PROV, _DCT, _WD = (
    NTerms(ns) for ns in (GK, RDF, RDFS, SKOS, OWL, PROV, DCTERMS, WD))
_PLOVER, _GEO, _XSD = NTerms(PLOVER), NTerms(GEO), NT_XSD
_ENTITY_CLASSES = {name: nt_iri(cls) for name, cls in ENTITY_CLASSES.items()}
_TRUE, _FALSE = nt_literal("true", _XSD.boolean), nt_literal("false", _XSD.boolean)


def _integer(value: int) -> str:
    return f'"{int(value)}"^^{_XSD.integer}'


def _add_entity(graph, entity: Entity) -> str:
    triples = _entity_triples(entity)
    for triple in triples:
        graph.add(triple)
    return triples[0][0]


@lru_cache(maxsize=65_536)  # the same entities are named by fact after fact
def _entity_triples(entity: Entity) -> tuple:
    node = nt_iri(entity_iri(entity.id))
    triples = [(node, _RDF.type, _ENTITY_CLASSES.get(entity.type, _GK.Entity)),
               (node, _RDFS.label, nt_literal(entity.name)),
               (node, _GK.entityId, nt_literal(entity.id))]
    add = triples.append
    for alias in entity.aliases:
        add((node, _SKOS.altLabel, nt_literal(alias)))
    qid = entity.wikidata or (entity.id if _QID.fullmatch(entity.id) else None)
    if qid and _QID.fullmatch(qid):
        add((node, _GK.wikidata, _WD[qid]))
        add((node, _OWL.sameAs, _WD[qid]))
    if entity.country:
        add((node, _GK.iso3 if entity.type == "Country" else _GK.countryCode,
             nt_literal(entity.country)))
    if entity.geonames is not None:
        add((node, _GK.geonamesId, nt_literal(str(entity.geonames))))
    lat, lon = _decimal_text(entity.lat), _decimal_text(entity.lon)
    if lat is not None and lon is not None:
        add((node, _GK.latitude, nt_literal(lat, _XSD.decimal)))
        add((node, _GK.longitude, nt_literal(lon, _XSD.decimal)))
        add((node, _GK.coordinates, nt_literal(f"Point({lon} {lat})", _GEO.wktLiteral)))
    return tuple(triples)


def direct_property(fact: Fact) -> URIRef | None:
    """The property of the fact's direct triple, or None when it gets none."""
    if not has_direct_edge(fact):
        return None
    if fact.kind == "relation":
        return RELATION_PROPERTIES.get(fact.type, GK.relatedTo)
    category = fact.type if fact.type in EVENT_PROPERTIES else _cameo_plover().get(fact.cameo or "")
    return EVENT_PROPERTIES.get(category or "", GK.interactsWith)


def _add_date(graph, node: str, text: str) -> None:
    """The date as precise as the text, its precision, and the first and last day it covers."""
    graph.add((node, _GK.date, nt_temporal(text)))
    try:
        first, last, precision = date_span(text)
    except ValueError:  # kept as the plain string nt_temporal gave (the shapes flag it)
        return
    graph.add((node, _GK.datePrecision, nt_literal(precision)))
    graph.add((node, _GK.earliestDate, nt_literal(first.isoformat(), _XSD.date)))
    graph.add((node, _GK.latestDate, nt_literal(last.isoformat(), _XSD.date)))


def _add_fact(graph, fact: Fact) -> str:
    """Write ``fact`` into ``graph``; returns its node."""
    node = nt_iri(fact_iri(fact.id))
    add = graph.add
    add((node, _RDF.type, _GK.Event if fact.kind == "event" else _GK.Relation))
    add((node, _GK.factType, nt_literal(fact.type)))
    source = _add_entity(graph, fact.source)
    add((node, _GK.source, source))
    target = None
    if fact.target is not None:
        target = _add_entity(graph, fact.target)
        add((node, _GK.target, target))
    if fact.place is not None:
        add((node, _GK.place, _add_entity(graph, fact.place)))
    if fact.date:
        _add_date(graph, node, fact.date)
    for prop, actor in ((_GK.sourceCountry, fact.source), (_GK.targetCountry, fact.target)):
        if actor is not None and actor.country:
            add((node, prop, nt_literal(actor.country)))
    if fact.cameo:
        add((node, _GK.cameo, nt_iri(cameo_iri(fact.cameo))))
    if fact.kind == "event":
        category = fact.type if fact.type in PLOVER_CATEGORIES else _cameo_plover().get(fact.cameo or "")
        if category:
            add((node, _GK.plover, _PLOVER[category]))
    if fact.quad_class is not None:
        add((node, _GK.quadClass, _integer(fact.quad_class)))
    goldstein = nt_decimal(fact.goldstein)
    if goldstein is not None:
        add((node, _GK.goldstein, goldstein))
    add((node, _GK.modality, _GK[_enc(fact.modality)]))
    add((node, _GK.symmetric, _TRUE if fact.symmetric else _FALSE))
    add((node, _GK.confidence, nt_decimal(fact.confidence)))
    if fact.role:
        role = nt_iri(role_iri(fact.role))
        add((node, _GK.role, role))
        add((role, _RDF.type, _GK.Role))
        add((role, _RDFS.label, nt_literal(fact.role.replace("_", " "))))
    if fact.valid_from:
        add((node, _GK.validFrom, nt_temporal(fact.valid_from)))
    if fact.valid_to:
        add((node, _GK.validTo, nt_temporal(fact.valid_to)))
    prop = direct_property(fact)
    if prop is not None:
        prop = nt_iri(prop)
        add((node, _GK.directProperty, prop))
        add((source, prop, target))
        if fact.symmetric:
            add((target, prop, source))
    for ev in fact.evidence:
        _add_mention(graph, node, fact.id, ev)
    return node


def _add_mention(graph, fact_node: str, fact_id: str, ev: Evidence) -> None:
    node = nt_iri(mention_iri(fact_id, ev))
    doc_triples = _document_triples(ev.doc, ev.url, ev.title, ev.published, ev.lang, ev.version)
    add = graph.add
    add((fact_node, _GK.mention, node))
    add((node, _RDF.type, _GK.Mention))
    add((node, _PROV.wasDerivedFrom, doc_triples[0][0]))
    add((node, _GK.sentence, _integer(ev.sentence)))
    add((node, _GK.start, _integer(ev.start)))
    add((node, _GK.end, _integer(ev.end)))
    add((node, _GK.quote, nt_literal(ev.quote)))
    if ev.lang:
        add((node, _GK.language, nt_literal(ev.lang)))
    add((node, _GK.rule, nt_literal(ev.rule)))
    confidence = nt_decimal(ev.confidence)
    if confidence is not None:
        add((node, _GK.confidence, confidence))
    add((node, _GK.extractorVersion, nt_literal(ev.version)))
    add((node, _PROV.wasGeneratedBy, doc_triples[-1][0]))
    for triple in doc_triples:
        add(triple)


@lru_cache(maxsize=4_096)  # every mention of a document describes it and the run alike
def _document_triples(doc_id: str, url: str | None, title: str | None, published: str | None,
                      lang: str | None, version: str) -> tuple:
    """The document's triples, then the extraction run's (the last triple's subject)."""
    doc, run = nt_iri(document_iri(doc_id)), nt_iri(run_iri(version))
    triples = [(doc, _RDF.type, _GK.Document), (doc, _GK.docId, nt_literal(doc_id))]
    if url:
        triples.append((doc, _GK.url, nt_literal(url, _XSD.anyURI)))
    if title:
        triples.append((doc, _DCT.title, nt_literal(title)))
    if published:
        triples.append((doc, _DCT.issued, nt_temporal(published)))
    if lang:
        triples.append((doc, _DCT.language, nt_literal(lang)))
    triples += [(run, _RDF.type, _GK.ExtractionRun),
                (run, _GK.extractorVersion, nt_literal(version)),
                (run, _RDFS.label, nt_literal(f"geokg extractor {version}"))]
    return tuple(triples)


def fact_lines(facts: Iterable[Fact]) -> str:
    """The N-Triples of ``facts`` as they are (not merged), each triple once."""
    lines: dict[str, None] = {}

    class Lines:  # the sink _add_fact writes into
        @staticmethod
        def add(triple):
            lines[nt_line(triple)] = None

    for fact in facts:
        _add_fact(Lines, fact)
    return "".join(lines)


def _link_countries(graph: Graph) -> None:
    """entity gk:country C when C is a country in the graph whose gk:iso3 is its gk:countryCode."""
    countries = {str(code): c for c, code in graph.subject_objects(GK.iso3)}
    for entity, code in list(graph.subject_objects(GK.countryCode)):
        if str(code) in countries:
            graph.add((entity, GK.country, countries[str(code)]))


def facts_to_graph(facts: Iterable[Fact]) -> Graph:
    """The RDF of ``facts`` (merged first, as every store does), ready to write as Turtle."""
    graph = new_graph()
    # rdflib's own reader: it keeps plain literals plain, as rdflib terms made in code are.
    graph.parse(data=fact_lines(merge_facts(facts)), format="nt")
    _link_countries(graph)
    return graph


# ---------------------------------------------------------------- files

def export_dataset(facts: Graph, ontology: bool = True) -> Dataset:
    """The graph of facts as ``FACTS_GRAPH``; with ``ontology``, the taxonomy and the ontology
    in ``TAXONOMY_GRAPH`` and ``ONTOLOGY_GRAPH`` beside it."""
    dataset = Dataset()
    for prefix, ns in PREFIXES.items():
        dataset.bind(prefix, ns)
    parts = [(FACTS_GRAPH, facts)]
    if ontology:
        parts += [(TAXONOMY_GRAPH, taxonomy_graph()), (ONTOLOGY_GRAPH, ontology_graph())]
    for name, part in parts:
        named = dataset.graph(name)
        for triple in part:
            named.add(triple)
    return dataset


def export_graph(facts: Graph, dest: str | Path | IO, fmt: str = "turtle",
                 ontology: bool = True) -> None:
    """Write a graph of facts as turtle, trig, nt, nquads, jsonld or xml.

    With ``ontology`` the CAMEO/PLOVER labels and the ontology travel with the facts: as the
    named graphs of ``export_dataset`` in trig, nquads and jsonld; merged into the one graph of
    the triple formats (turtle, nt, xml), which name no graphs.
    """
    _, quads = _plugin(fmt)
    if quads:
        write_graph(export_dataset(facts, ontology), dest, fmt)
        return
    if ontology:
        merged = new_graph()
        for part in (facts, load_ontology()):
            for triple in part:
                merged.add(triple)
        facts = merged
    write_graph(facts, dest, fmt)


def export_facts(facts: Iterable[Fact], dest: str | Path | IO, fmt: str = "turtle",
                 ontology: bool = True) -> None:
    """Write the RDF of ``facts`` (no store needed), as ``export_graph`` does."""
    export_graph(facts_to_graph(facts), dest, fmt, ontology)


# Our format names -> (rdflib plugin, holds named graphs).
FORMATS = {
    "turtle": ("ox-turtle", False), "ttl": ("ox-turtle", False),
    "trig": ("ox-trig", True),
    "nt": ("ox-nt", False), "ntriples": ("ox-nt", False),
    "nq": ("ox-nquads", True), "nquads": ("ox-nquads", True),
    "jsonld": ("ox-json-ld", True), "json-ld": ("ox-json-ld", True),
    "xml": ("ox-xml", False), "rdfxml": ("ox-xml", False),
}
OX_FORMATS = {"ox-turtle": ox.RdfFormat.TURTLE, "ox-trig": ox.RdfFormat.TRIG,
              "ox-nt": ox.RdfFormat.N_TRIPLES, "ox-nquads": ox.RdfFormat.N_QUADS,
              "ox-json-ld": ox.RdfFormat.JSON_LD, "ox-xml": ox.RdfFormat.RDF_XML}
SUFFIXES = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads",
            ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "xml", ".xml": "xml", ".owl": "xml"}


def _plugin(fmt: str) -> tuple[str, bool]:
    try:
        return FORMATS[fmt.lower()]
    except KeyError:
        raise StoreError(f"unknown RDF format {fmt!r}; choose one of {sorted(FORMATS)}") from None


def format_for(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise StoreError(f"cannot tell the RDF format of {path}; name it *.ttl, *.trig, ...")
    return SUFFIXES[suffix]


def write_graph(graph: Graph, dest: str | Path | IO, fmt: str = "turtle") -> None:
    """Write a graph (or a dataset) with Oxigraph's writers to a path or a binary/text stream.

    A graph held in memory is written sorted by subject, so files are stable and readable.
    """
    plugin, quads = _plugin(fmt)
    if isinstance(dest, (str, Path)):
        with open(dest, "wb") as fh:
            write_graph(graph, fh, fmt)
        return
    if isinstance(dest, io.TextIOBase):
        buffer = io.BytesIO()
        write_graph(graph, buffer, fmt)
        dest.write(buffer.getvalue().decode("utf-8"))
        return
    if isinstance(graph.store, OxigraphStore):
        graph.serialize(destination=dest, format=plugin)
        return
    if isinstance(graph, Dataset):
        items = [to_ox((s, p, o, getattr(g, "identifier", g))) for s, p, o, g in graph.quads()]
    else:
        items = [to_ox((s, p, o)) for s, p, o in graph]
    items.sort(key=lambda q: (str(getattr(q, "graph_name", "")), str(q.subject), str(q.predicate),
                              str(q.object)))
    prefixes = {p: str(ns) for p, ns in graph.namespaces() if p in PREFIXES or p in ("rdf", "xsd")}
    ox.serialize(items, dest, format=OX_FORMATS[plugin], prefixes=prefixes)


def parse_file(path: str | Path, fmt: str | None = None) -> Dataset:
    """Read a file written by ``export``/``write_graph`` back (Oxigraph's parser).

    Triples of a triple format land in the dataset's default graph; named graphs of TriG,
    N-Quads or JSON-LD stay named graphs.
    """
    plugin, _ = _plugin(fmt or format_for(path))
    dataset = Dataset()
    for prefix, ns in PREFIXES.items():
        dataset.bind(prefix, ns)
    for quad in ox.parse(path=str(path), format=OX_FORMATS[plugin]):
        graph = (dataset.default_graph if isinstance(quad.graph_name, ox.DefaultGraph)
                 else dataset.graph(from_ox(quad.graph_name)))
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return dataset
