"""The RDF view: ontology terms, SHACL, escaping, the Oxigraph store and atomic rebuilds."""
from __future__ import annotations

import io
from dataclasses import replace
import re
import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from conftest import EVIL, IWAYA, RUTTE, make_facts
from kg.store import rdf, rdf_model
from kg.model import Evidence, Fact
from kg.store.rdf import CAMEO, GK, ID, PLOVER, RdfStore
from kg.resources import data_path, read_tsv
from kg.store.base import StoreError, open_store

IWAYA_IRI, RUTTE_IRI, HAGUE_IRI = ID["Q3514417"], ID["Q57792"], ID["geonames%3A2747373"]


@pytest.fixture
def store(tmp_path):
    with RdfStore(tmp_path / "store") as st:
        st.add(make_facts())
        yield st


def _triples_of(text: str, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format=fmt)


def _export(st: RdfStore, fmt: str, **kw) -> str:
    out = io.StringIO()
    st.export(out, fmt, **kw)
    return out.getvalue()


# ---------------------------------------------------------------- the graph

def test_store_is_registered_under_rdf(tmp_path):
    with open_store("rdf", tmp_path / "s") as st:
        assert isinstance(st, RdfStore)
        assert (st.name, st.persistent, st.query_languages) == ("rdf", True, ("sparql",))


def test_direct_triples_answer_simple_questions_in_one_pattern():
    g = rdf.facts_to_graph(make_facts())
    assert (IWAYA_IRI, GK.consult, RUTTE_IRI) in g
    assert (IWAYA_IRI, GK.holdsRole, ID["Q17"]) in g
    assert (ID["Q30"], GK.memberOf, ID["Q7184"]) in g
    # a symmetric fact is stated both ways
    assert (ID["Q17"], GK.agree, ID["Q7184"]) in g and (ID["Q7184"], GK.agree, ID["Q17"]) in g


def test_event_is_a_statement_node_with_its_qualifiers():
    g = rdf.facts_to_graph(make_facts())
    [event] = [e for e in g.subjects(GK.place, HAGUE_IRI)]
    assert (event, RDF.type, GK.Event) in g
    assert (event, GK.source, IWAYA_IRI) in g and (event, GK.target, RUTTE_IRI) in g
    assert (event, GK.cameo, CAMEO["040"]) in g and (event, GK.plover, PLOVER.CONSULT) in g
    assert (event, GK.modality, GK.asserted) in g
    assert (event, GK.directProperty, GK.consult) in g
    assert g.value(event, GK.date) == Literal("2025-06-24", datatype=rdflib.XSD.date)
    assert g.value(HAGUE_IRI, RDFS.label) == Literal("The Hague")
    assert g.value(HAGUE_IRI, GK.geonamesId) == Literal("2747373")
    [mention] = g.objects(event, GK.mention)
    assert g.value(mention, PROV.wasDerivedFrom) == ID["doc/doc1"]
    assert g.value(mention, GK.quote) == Literal("Iwaya met Rutte in The Hague")
    assert g.value(mention, PROV.wasGeneratedBy) == ID["run/0.1.0"]


def test_dates_are_typed_by_their_precision():
    assert rdf.temporal_literal("2025-06-24").datatype == rdflib.XSD.date
    assert rdf.temporal_literal("2025-06").datatype == rdflib.XSD.gYearMonth
    assert rdf.temporal_literal("2025").datatype == rdflib.XSD.gYear
    assert rdf.temporal_literal("2025-13").datatype is None  # left for SHACL to reject


def test_negated_and_planned_facts_get_no_direct_triple():
    negated = Fact("event", "CONSULT", IWAYA, RUTTE, modality="negated", cameo="040",
                   evidence=[Evidence("d", 0, 0, 5, "did not meet", "en", "t")])
    g = rdf.facts_to_graph([negated])
    assert (IWAYA_IRI, GK.consult, RUTTE_IRI) not in g
    assert (rdf.fact_iri(negated.id), GK.modality, GK.negated) in g


def test_cameo_scheme_is_generated_from_every_row_of_the_table():
    rows = read_tsv(data_path("cameo_codes.tsv"))
    g = rdf.load_ontology()
    concepts = set(g.subjects(SKOS.inScheme, GK.cameoScheme))
    assert concepts == {CAMEO[r["code"]] for r in rows}
    assert (CAMEO["0211"], SKOS.broader, CAMEO["021"]) in g
    assert (CAMEO["021"], SKOS.broader, CAMEO["02"]) in g
    assert (CAMEO["0211"], GK.cameoRoot, CAMEO["02"]) in g
    assert (CAMEO["04"], SKOS.topConceptOf, GK.cameoScheme) in g
    assert g.value(CAMEO["195"], GK.ploverCategory) == PLOVER.ASSAULT
    assert g.value(CAMEO["1951"], GK.ploverCategory) == PLOVER.ASSAULT  # inherited from root 19
    assert g.value(CAMEO["195"], GK.quadClass) == Literal(4)
    assert float(g.value(CAMEO["195"], GK.goldstein)) == -10.0
    assert len(set(g.subjects(SKOS.inScheme, GK.ploverScheme))) == 16


# ---------------------------------------------------------------- files and SHACL

@pytest.mark.parametrize("fmt, rdflib_fmt", [("turtle", "turtle"), ("trig", "trig")])
def test_export_parses_back_with_pyoxigraph_and_rdflib(store, fmt, rdflib_fmt):
    text = _export(store, fmt)
    quads = list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE if fmt == "turtle"
                          else ox.RdfFormat.TRIG))
    ds = rdflib.Dataset().parse(data=text, format=rdflib_fmt)
    assert len(quads) == len(list(ds.quads())) == store.counts()["triples"]
    assert any(True for _ in ds.quads((IWAYA_IRI, GK.consult, RUTTE_IRI, None)))


@pytest.mark.parametrize("fmt", ["nt", "jsonld", "xml", "nquads"])
def test_every_export_format_holds_the_same_triples(store, tmp_path, fmt):
    path = tmp_path / f"graph.{fmt}"
    store.export(path, fmt)
    assert len(rdf.parse_file(path, fmt)) == store.counts()["triples"]


def test_trig_export_with_taxonomy_names_the_facts_taxonomy_and_ontology_graphs(store, tmp_path):
    path = tmp_path / "graph.trig"
    store.export(path, "trig", taxonomy=True)
    ds = rdf.parse_file(path)
    assert (CAMEO["040"], SKOS.inScheme, GK.cameoScheme) in ds.graph(rdf.TAXONOMY_GRAPH)
    assert (PLOVER.CONSULT, SKOS.inScheme, GK.ploverScheme) in ds.graph(rdf.TAXONOMY_GRAPH)
    assert (GK.Event, RDF.type, rdflib.OWL.Class) in ds.graph(rdf_model.ONTOLOGY_GRAPH)
    assert len(ds.graph(rdf_model.FACTS_GRAPH)) == store.counts()["triples"]
    assert len(ds.default_graph) == 0


def test_graph_conforms_to_the_shapes_with_the_ontology_as_ont_graph(store):
    data = _triples_of(_export(store, "turtle"), "turtle")
    conforms, _, report = pyshacl.validate(data, shacl_graph=rdf.load_shapes(),
                                           ont_graph=rdf.load_ontology())
    assert conforms, report


@pytest.mark.parametrize("break_it, message", [
    (lambda g, ev, m: g.remove((ev, GK.source, None)), "exactly one source"),
    (lambda g, ev, m: g.add((ev, GK.target, ID["Q17"])), "at most one target"),
    (lambda g, ev, m: g.set((ev, GK.modality, GK.maybe)), "modality"),
    (lambda g, ev, m: g.remove((ev, GK.mention, None)), "at least one mention"),
    (lambda g, ev, m: g.set((ev, GK.cameo, CAMEO["999"])), "CAMEO"),
    (lambda g, ev, m: g.set((ev, GK.date, Literal("2025-13"))), "date"),
    (lambda g, ev, m: g.remove((m, GK.quote, None)), "MinCount"),
    (lambda g, ev, m: g.set((m, GK.start, Literal("zero"))), "integer"),
])
def test_a_broken_record_fails_shacl(break_it, message):
    g = rdf.facts_to_graph(make_facts())
    event = next(g.subjects(GK.place, HAGUE_IRI))
    mention = g.value(event, GK.mention)
    break_it(g, event, mention)
    conforms, report = rdf.validate(g)
    assert not conforms
    assert message.lower() in report.lower()


def test_evil_name_round_trips_as_a_literal_and_no_iri_holds_raw_text(store):
    text = _export(store, "turtle")
    g = _triples_of(text, "turtle")
    evil = rdf.entity_iri(EVIL.id)
    assert str(evil) == "https://w3id.org/geokg/id/person%3Aevil"
    assert g.value(evil, RDFS.label) == Literal(EVIL.name)
    iris = {t for triple in g for t in triple if isinstance(t, URIRef)}
    assert not [i for i in iris if re.search(r'[\s<>"{}|\\^`\']', i)]
    assert not [i for i in iris if "script" in i or "example.org" in i]
    ox_labels = {q.object.value for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)
                 if q.predicate == ox.NamedNode(str(RDFS.label))}
    assert EVIL.name in ox_labels


def test_document_url_is_a_literal_never_an_iri(store):
    g = _triples_of(_export(store, "turtle"), "turtle")
    url = g.value(ID["doc/doc1"], GK.url)
    assert isinstance(url, Literal) and str(url) == "https://example.org/doc1?a=1&b=<2>"
    assert URIRef("https://example.org/doc1?a=1&b=<2>") not in set(g.all_nodes())


def test_ids_from_text_are_percent_encoded_in_iris():
    assert rdf.document_iri("a b/c?d#e") == ID["doc/a%20b%2Fc%3Fd%23e"]
    assert rdf.entity_iri("Q17") == ID["Q17"]
    assert rdf.entity_iri("Q17 x") == ID["Q17%20x"]


# ---------------------------------------------------------------- the store

class RecordingStore(RdfStore):
    """A real store that also keeps the text of every update it runs."""

    def __init__(self, *args, **kw):
        self.updates: list[str] = []
        super().__init__(*args, **kw)

    def update(self, text: str) -> None:
        self.updates.append(text)
        super().update(text)


def test_adding_the_same_facts_twice_changes_no_counts(store):
    before = store.counts()
    assert before == {"events": 5, "relations": 3, "entities": 8, "mentions": 8,
                      "documents": 3, "triples": before["triples"]}
    store.add(make_facts())
    assert store.counts() == before


def test_adding_in_batches_equals_adding_at_once(tmp_path):
    facts = make_facts()
    with RdfStore(tmp_path / "a") as one, RdfStore(tmp_path / "b") as two:
        one.add(facts)
        for fact in make_facts():
            two.add([fact])
        assert sorted(_export(one, "nt").splitlines()) == sorted(_export(two, "nt").splitlines())
        assert one.counts() == two.counts()


def test_remove_document_runs_one_update_and_keeps_other_documents(tmp_path):
    with RecordingStore(tmp_path / "s") as st:
        st.add(make_facts())
        st.updates.clear()
        st.remove_document("doc1")
        assert len(st.updates) == 1
        assert st.counts() | {"triples": 0} == {"events": 2, "relations": 0, "entities": 4,
                                                "mentions": 2, "documents": 2, "triples": 0}
        # the meeting of doc2 still supports the direct triple; doc1's relations are gone
        assert st.query("ASK { id:Q3514417 gk:consult id:Q57792 }") == [{"result": True}]
        assert st.query("ASK { ?a gk:holdsRole ?b }") == [{"result": False}]
        assert st.query("ASK { ?m prov:wasDerivedFrom id:doc\\/doc1 }") == [{"result": False}]
        assert st.query("ASK { id:doc\\/doc1 ?p ?o }") == [{"result": False}]


def test_removing_every_document_leaves_an_empty_data_graph(store):
    for doc in ("doc1", "doc2", "doc3"):
        store.remove_document(doc)
    assert store.counts() == dict.fromkeys(
        ("events", "relations", "entities", "mentions", "documents", "triples"), 0)


def test_confidence_follows_the_mentions_left(tmp_path):
    def fact(doc: str, confidence: float) -> Fact:
        return Fact("event", "CONSULT", IWAYA, RUTTE, cameo="040", date="2025-06-24",
                    evidence=[Evidence(doc, 0, 0, 4, "met", "en", "t", confidence=confidence)])

    with RdfStore(tmp_path / "s") as st:
        st.add([fact("d1", 0.5)])
        st.add([fact("d2", 0.8)])
        query = "SELECT ?c WHERE { ?f a gk:Event ; gk:confidence ?c }"
        assert st.query(query) == [{"c": 0.9}]
        st.remove_document("d2")
        assert st.query(query) == [{"c": 0.5}]


def test_sparql_query_returns_rows_of_python_values(store):
    rows = store.query("""
        SELECT ?who ?whom ?date ?place ?confidence WHERE {
          ?e a gk:Event ; gk:plover plover:CONSULT ; gk:source ?s ; gk:target ?t ;
             gk:date ?date ; gk:confidence ?confidence .
          ?s rdfs:label ?who . ?t rdfs:label ?whom .
          OPTIONAL { ?e gk:place/rdfs:label ?place }
        } ORDER BY ?date""")
    assert rows == [
        {"who": "Takeshi Iwaya", "whom": "Mark Rutte", "date": "2025-06-24",
         "place": "The Hague", "confidence": 1.0},
        {"who": "Takeshi Iwaya", "whom": "Mark Rutte", "date": "2025-07-01",
         "place": None, "confidence": 1.0},
    ]


def test_query_parameters_are_bound_as_escaped_literals(store):
    rows = store.query("SELECT ?e WHERE { ?e rdfs:label ?name }", name=EVIL.name)
    assert rows == [{"e": str(rdf.entity_iri(EVIL.id))}]
    assert store.query("SELECT ?e WHERE { ?e rdfs:label ?name }", name='x" } ?a ?b ?c . #') == []


def test_query_reaches_the_taxonomy_and_rejects_bad_sparql(store):
    rows = store.query("SELECT ?root WHERE { ?e gk:cameo/gk:cameoRoot/skos:prefLabel ?root ; "
                       "gk:source id:Q30 }")
    assert rows == [{"root": "FIGHT"}]
    with pytest.raises(StoreError):
        store.query("SELECT WHERE {")
    with pytest.raises(StoreError):
        store.query("MATCH (n) RETURN n", "cypher")


def test_store_persists_on_disk(tmp_path):
    with RdfStore(tmp_path / "s") as st:
        st.add(make_facts())
        counts = st.counts()
    with RdfStore(tmp_path / "s") as st:
        assert st.counts() == counts
    with RdfStore(tmp_path / "s", read_only=True) as st:
        assert st.counts() == counts
        with pytest.raises(StoreError):
            st.remove_document("doc1")


def test_shared_cameo_table_matches_the_shipped_copy(shared_data):
    assert (shared_data / "cameo_codes.tsv").read_bytes() == data_path("cameo_codes.tsv").read_bytes()
    assert (shared_data / "cameo_actors.tsv").read_bytes() == data_path("cameo_actors.tsv").read_bytes()


# ---------------------------------------------------------------- dates, documents, countries

def test_a_date_range_query_compares_the_first_day_of_any_precision(store):
    rows = store.query("""
        SELECT ?type ?date ?precision WHERE {
          ?e a gk:Event ; gk:factType ?type ; gk:date ?date ; gk:datePrecision ?precision ;
             gk:earliestDate ?day .
          FILTER(?day >= "2025-06-01"^^xsd:date && ?day <= "2025-06-30"^^xsd:date)
        } ORDER BY ?type""")
    assert rows == [{"type": "AGREE", "date": "2025-06-24", "precision": "day"},
                    {"type": "ASSAULT", "date": "2025-06", "precision": "month"},
                    {"type": "CONSULT", "date": "2025-06-24", "precision": "day"}]
    [latest] = store.query("SELECT ?d WHERE { ?e gk:factType 'ASSAULT' ; gk:latestDate ?d }")
    assert latest == {"d": "2025-06-30"}


def test_documents_carry_dublin_core_title_publication_date_and_language(tmp_path):
    ev = Evidence("doc-t", 0, 0, 21, "Japan and NATO agreed", "id", "test",
                  url="https://example.org/t", title="Jepang dan NATO", published="2025-06")
    fact = replace(make_facts()[2], evidence=[ev])
    with RdfStore(tmp_path / "s") as st:
        st.add([fact])
        rows = st.query("""SELECT ?id ?title ?issued ?lang ?url WHERE {
            ?e gk:mention/prov:wasDerivedFrom ?d . ?d gk:docId ?id ; dcterms:title ?title ;
               dcterms:issued ?issued ; dcterms:language ?lang ; gk:url ?url }""")
        kind = st.query("SELECT (DATATYPE(?i) AS ?t) WHERE { ?d dcterms:issued ?i }")
    assert rows == [{"id": "doc-t", "title": "Jepang dan NATO", "issued": "2025-06",
                     "lang": "id", "url": "https://example.org/t"}]
    assert kind == [{"t": str(rdflib.XSD.gYearMonth)}]


def test_each_fact_says_which_state_each_actor_acts_for_on_its_date(store):
    rows = store.query("""SELECT ?who ?country WHERE {
        ?e gk:plover plover:CONSULT ; gk:source/rdfs:label ?who ; gk:sourceCountry ?country }""")
    assert rows == [{"who": IWAYA.name, "country": "JPN"}] * 2
    # Rutte acts for NATO, no state: the qualifier is absent rather than guessed
    assert store.query("ASK { ?e gk:target ?t ; gk:targetCountry ?c . ?t gk:entityId 'Q57792' }") \
        == [{"result": False}]
