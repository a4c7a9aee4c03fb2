"""One meaning everywhere: six questions asked in SPARQL (a real Oxigraph store), Cypher (the
real Neo4j server of scripts/neo4j-server) and networkx give the same answers.

The graph: the example articles of data/examples, extracted for real, plus hand-made facts
that cover what the examples may not: a negated and a planned meeting, a symmetric meeting of
two people, an event supported by two documents and an event dated only to a month.
Each question is asked the way a user of that store would ask it (README idioms).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HAGUE, IRAN, IWAYA, JAPAN, RUTTE, USA, make_facts
import test_neo4j

from kg import api
from kg.model import Entity, Evidence, Fact, PLOVER_CATEGORIES, merge_facts
from kg.store.graph import NetworkxStore, direct_edges, fact_nodes, linked
from kg.store.neo4j import Neo4jStore
from kg.store.rdf import RdfStore
from kg.store.rdf_model import fact_iri

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
# The real Neo4j server, found or started as test_neo4j does (the same session fixtures).
server, driver = test_neo4j.server, test_neo4j.driver

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
# as data/entities/people.yaml names them, so the examples' facts about them join these
SUGIONO = Entity("person:sugiono", "Sugiono", "Person", country="IDN")
HASAN = Entity("person:mohamad-hasan", "Mohamad Hasan", "Person", country="MYS")


def _ev(doc: str, quote: str, published: str = "2025-06-25") -> Evidence:
    return Evidence(doc, 0, 0, len(quote), quote, "en", "test", url=f"https://example.org/{doc}",
                    title=f"Report {doc}", published=published)


def hand_made_facts() -> list[Fact]:
    meeting = dict(cameo="040", quad_class=1, goldstein=1.0)
    return [
        *make_facts(),
        Fact("event", "CONSULT", IWAYA, RUTTE, modality="negated", date="2025-06-20",
             evidence=[_ev("x-neg", "Iwaya did not meet Rutte on Friday")], **meeting),
        Fact("event", "CONSULT", JAPAN, USA, modality="planned", date="2025-07",
             evidence=[_ev("x-plan", "Japan will hold talks with the US in July")], **meeting),
        Fact("event", "CONSULT", SUGIONO, HASAN, symmetric=True, date="2025-06-18",
             evidence=[_ev("x-sym", "Sugiono and Hasan met in Jakarta")], **meeting),
        # the same meeting as in make_facts, from a second document: one event, two sources
        Fact("event", "CONSULT", IWAYA, RUTTE, date="2025-06-24", place=HAGUE,
             evidence=[_ev("x-two", "Iwaya and Rutte met in The Hague on Tuesday")], **meeting),
        Fact("event", "ASSAULT", USA, IRAN, cameo="190", quad_class=4, goldstein=-10.0,
             modality="negated", date="2025-06-10",
             evidence=[_ev("x-neg2", "The US did not strike Iran on June 10")]),
    ]


@pytest.fixture(scope="module")
def facts() -> list[Fact]:
    return merge_facts([*api.extract([EXAMPLES]), *hand_made_facts()])


@pytest.fixture(scope="module")
def sparql(facts, tmp_path_factory):
    with RdfStore(tmp_path_factory.mktemp("rdf") / "store") as store:
        store.add(facts)
        yield lambda text: store.query(text, "sparql")


@pytest.fixture(scope="module")
def cypher(facts, server, driver):
    driver.execute_query("MATCH (n) DETACH DELETE n")
    with Neo4jStore(server["NEO4J_URI"], server["NEO4J_USER"], server["NEO4J_PASSWORD"]) as store:
        store.add(facts, progress=False)
        yield lambda text, **params: store.query(text, "cypher", **params)


@pytest.fixture(scope="module")
def graph(facts):
    return NetworkxStore(facts).graph


def _fact(fact_id: str) -> str:
    return str(fact_iri(fact_id))


# ---------------------------------------------------------------- 1. who met whom

def test_who_met_whom(sparql, cypher, graph):
    rdf = {(r["a"], r["b"]) for r in sparql(
        "SELECT ?a ?b WHERE { ?x gk:consult ?y . ?x gk:entityId ?a . ?y gk:entityId ?b }")}
    neo = {(r["a"], r["b"]) for r in cypher(
        "MATCH (a:Entity)-[r:CONSULT]-(b:Entity) WHERE r.symmetric OR startNode(r) = a "
        "RETURN a.id AS a, b.id AS b")}
    nxg = {(u, v) for u, v, _, _ in direct_edges(graph, "CONSULT")}
    assert rdf == neo == nxg
    assert (SUGIONO.id, HASAN.id) in rdf and (HASAN.id, SUGIONO.id) in rdf  # either side
    assert (JAPAN.id, USA.id) not in rdf  # planned talks are no meeting


# ---------------------------------------------------------------- 2. two states, a date range

@pytest.mark.parametrize("a, b, start, end", [
    ("IRN", "USA", "2025-06-01", "2025-06-30"),
    ("IRN", "ISR", "2025-06-24", "2025-06-24"),
    ("JPN", "USA", "2025-01-01", "2025-12-31"),
])
def test_events_between_two_states_in_a_date_range(sparql, cypher, graph, a, b, start, end):
    rdf = {r["e"] for r in sparql(f"""
        SELECT ?e WHERE {{
          ?e a gk:Event ; gk:sourceCountry ?s ; gk:targetCountry ?t ; gk:earliestDate ?d .
          FILTER((?s = "{a}" && ?t = "{b}") || (?s = "{b}" && ?t = "{a}"))
          FILTER(?d >= "{start}"^^xsd:date && ?d <= "{end}"^^xsd:date) }}""")}
    neo = {_fact(r["id"]) for r in cypher(
        "MATCH (e:Event) WHERE [e.source_country, e.target_country] IN [[$a, $b], [$b, $a]] "
        "AND e.date >= date($start) AND e.date <= date($end) RETURN e.id AS id",
        a=a, b=b, start=start, end=end)}
    nxg = {_fact(n) for n, attrs in fact_nodes(graph)
           if {attrs.get("source_country"), attrs.get("target_country")} == {a, b}
           and start <= attrs.get("start", "") <= end}
    assert rdf == neo == nxg
    assert rdf


# ---------------------------------------------------------------- 3. the target of events

def test_events_each_actor_was_the_target_of(sparql, cypher, graph, facts):
    rdf, neo, nxg = {}, {}, {}
    for r in sparql("SELECT ?who ?e WHERE { ?e a gk:Event ; gk:target/gk:entityId ?who }"):
        rdf.setdefault(r["who"], set()).add(r["e"])
    for r in cypher("MATCH (e:Event)-[:TARGET]->(a:Entity) RETURN a.id AS who, e.id AS e"):
        neo.setdefault(r["who"], set()).add(_fact(r["e"]))
    for n, _ in fact_nodes(graph):
        for who in linked(graph, n, "target"):
            nxg.setdefault(who, set()).add(_fact(n))
    assert rdf == neo == nxg
    modalities = {f.modality for f in facts if f.target == IRAN and f.kind == "event"}
    assert len(rdf[IRAN.id]) >= 2 and "negated" in modalities


# ---------------------------------------------------------------- 4. roles on a date

@pytest.mark.parametrize("person, day", [
    (IWAYA.id, "2025-06-24"), (IWAYA.id, "2024-09-30"), (RUTTE.id, "2025-06-24"),
    (SUGIONO.id, "2025-03-05"),
])
def test_roles_of_a_person_on_a_date(sparql, cypher, graph, person, day):
    rdf = {(r["role"], r["org"]) for r in sparql(f"""
        SELECT ?role ?org WHERE {{
          ?r gk:directProperty gk:holdsRole ; gk:source/gk:entityId "{person}" ;
             gk:target/gk:entityId ?org ; gk:role ?ri .
          BIND(STRAFTER(STR(?ri), "/role/") AS ?role)
          OPTIONAL {{ ?r gk:validFrom ?from }} OPTIONAL {{ ?r gk:validTo ?to }}
          FILTER((!BOUND(?from) || ?from <= "{day}"^^xsd:date) &&
                 (!BOUND(?to) || ?to >= "{day}"^^xsd:date)) }}""")}
    neo = {(r["role"], r["org"]) for r in cypher(
        "MATCH (p:Person {id: $id})-[r:HOLDS_ROLE]->(o) "
        "WHERE (r.valid_from IS NULL OR r.valid_from <= date($day)) "
        "AND (r.valid_to IS NULL OR r.valid_to >= date($day)) RETURN r.role AS role, o.id AS org",
        id=person, day=day)}
    nxg = {(a["role"], v) for u, v, _, a in direct_edges(graph, "holds_role")
           if u == person and a.get("start", day) <= day <= a.get("end", day)}
    assert rdf == neo == nxg
    assert bool(rdf) == (day != "2024-09-30")


# ---------------------------------------------------------------- 5. asserted events per category

def test_count_of_asserted_events_per_plover_category(sparql, cypher, graph, facts):
    rdf = {r["c"][len("https://w3id.org/geokg/plover/"):]: r["n"] for r in sparql(
        "SELECT ?c (COUNT(?e) AS ?n) WHERE { ?e a gk:Event ; gk:modality gk:asserted ; "
        "gk:plover ?c } GROUP BY ?c")}
    neo = {r["c"]: r["n"] for r in cypher(
        "MATCH (e:Event {modality: 'asserted'}) RETURN e.type AS c, count(e) AS n")}
    nxg: dict[str, int] = {}
    for _, attrs in fact_nodes(graph):
        if attrs["modality"] == "asserted":
            nxg[attrs["type"]] = nxg.get(attrs["type"], 0) + 1
    assert rdf == neo == nxg
    assert set(rdf) <= set(PLOVER_CATEGORIES)
    assert sum(rdf.values()) == sum(f.kind == "event" and f.modality == "asserted" for f in facts)


# ---------------------------------------------------------------- 6. documents behind an event

def test_documents_that_support_each_event(sparql, cypher, graph, facts):
    rdf, neo, nxg = {}, {}, {}
    for r in sparql("""SELECT ?e ?id ?title ?published ?url WHERE {
            ?e a gk:Event ; gk:mention/prov:wasDerivedFrom ?d . ?d gk:docId ?id .
            OPTIONAL { ?d dcterms:title ?title } OPTIONAL { ?d dcterms:issued ?published }
            OPTIONAL { ?d gk:url ?url } }"""):
        rdf.setdefault(r["e"], set()).add((r["id"], r["title"], r["published"], r["url"]))
    for r in cypher("MATCH (e:Event)-[:EVIDENCED_BY]->(d:Document) RETURN DISTINCT e.id AS e, "
                    "d.id AS id, d.title AS title, d.published AS published, d.url AS url"):
        neo.setdefault(_fact(r["e"]), set()).add((r["id"], r["title"], r["published"], r["url"]))
    for n, _ in fact_nodes(graph):
        for doc in linked(graph, n, "evidence"):
            d = graph.nodes[doc]
            nxg.setdefault(_fact(n), set()).add(
                (d["doc_id"], d.get("title"), d.get("published"), d.get("url")))
    assert rdf == neo == nxg
    two = next(f for f in facts if f.source == IWAYA and f.date == "2025-06-24" and f.place)
    assert {d[0] for d in rdf[_fact(two.id)]} == {"doc1", "x-two"}
    assert all(d[1] for ds in rdf.values() for d in ds if d[0].startswith("example-"))


# ---------------------------------------------------------------- the networkx model itself

def test_networkx_keeps_negated_and_planned_events_as_nodes_not_edges(graph, facts):
    negated = next(f for f in facts if f.modality == "negated" and f.source == IWAYA)
    assert graph.nodes[negated.id]["modality"] == "negated"
    assert linked(graph, negated.id, "target") == [RUTTE.id]
    assert negated.id not in {k for _, _, k in graph.edges(keys=True)}
    assert not [n for n, name in graph.nodes(data="name") if name == "(unspecified)"]
    alone = [n for n, a in fact_nodes(graph) if not linked(graph, n, "target")]
    assert alone and all(linked(graph, n, "source") for n in alone)


# ---------------------------------------------------------------- the README's examples

README = Path(__file__).resolve().parent.parent / "README.md"


def _readme_blocks(language: str) -> list[str]:
    import re
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_sparql_examples_answer_on_the_example_graph(sparql):
    blocks = _readme_blocks("sparql")
    assert len(blocks) >= 3
    for query in blocks:
        assert sparql(query), query


def test_the_readme_cypher_examples_use_undirected_patterns_and_answer(cypher):
    import re
    blocks = _readme_blocks("cypher") + [
        m.replace("\\$", "$") for m in re.findall(r'kg query cypher "(MATCH .*?)"',
                                                   README.read_text(encoding="utf-8"), re.S)]
    assert len(blocks) >= 3
    plover = "|".join(PLOVER_CATEGORIES)
    directed = [b for b in blocks if re.search(rf"-\[\w*:(?:{plover})[^\]]*\]->", b)]
    assert not directed, directed
    params = {"name": "Sugiono", "from": "2025-03-01", "to": "2025-03-31", "day": "2025-06-24"}
    for query in blocks:
        used = {k: v for k, v in params.items() if f"${k}" in query}
        assert cypher(query, **used), query


def test_the_example_graph_conforms_to_the_shapes(facts):
    from kg.store.rdf_model import facts_to_graph, validate

    conforms, report = validate(facts_to_graph(facts))
    assert conforms, report
