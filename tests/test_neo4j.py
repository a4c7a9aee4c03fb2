"""The Neo4j store against a real server, the one ``scripts/neo4j-server start`` runs.

The server is found through NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD), else through the
``env`` file the script writes in ``.neo4j/`` (or $GEOKG_NEO4J_STATE). Without one, these tests start it when java and mvn are
there and skip when not; under CI=true a missing server fails them instead. Each test empties
the database first: point NEO4J_URI at a throwaway server only.
"""
from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EVIL, HAGUE, IWAYA, RUTTE, make_facts
from neo4j import GraphDatabase

from kg.store.graph import NetworkxStore
from kg.model import Evidence, Fact, has_direct_edge
from kg.model import PLOVER_CATEGORIES
from kg.store.neo4j import RELATION_RELS, Neo4jStore, _plain
from kg.store.base import StoreError

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "scripts" / "neo4j-server"
STATE_ENV = Path(os.environ.get("GEOKG_NEO4J_STATE", ROOT / ".neo4j")) / "env"
SETTINGS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")


def _running_server() -> dict | None:
    if os.environ.get("NEO4J_URI"):
        return {key: os.environ.get(key) for key in SETTINGS}
    status = subprocess.run([SERVER, "status"], capture_output=True)
    if status.returncode != 0 or not STATE_ENV.is_file():
        return None
    lines = STATE_ENV.read_text().splitlines()
    return dict(shlex.split(line)[0].split("=", 1) for line in lines if line.strip())


@pytest.fixture(scope="session")
def server():
    settings = _running_server()
    started = False
    if settings is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no Neo4j server: CI must run `scripts/neo4j-server start` before pytest")
        if not (shutil.which("java") and shutil.which("mvn")):
            pytest.skip("no Neo4j server (NEO4J_URI unset, none started by "
                        "scripts/neo4j-server) and no java/mvn to start one")
        subprocess.run([SERVER, "start"], check=True, stdout=subprocess.DEVNULL)
        started, settings = True, _running_server()
    yield settings
    if started:
        subprocess.run([SERVER, "stop"], check=True)


@pytest.fixture(scope="session")
def driver(server):
    with GraphDatabase.driver(server["NEO4J_URI"],
                              auth=(server["NEO4J_USER"], server["NEO4J_PASSWORD"])) as drv:
        yield drv


def _read(driver, cypher: str, **params) -> list[dict]:
    """Rows as plain values (a Neo4j date as its ISO string)."""
    records, _, _ = driver.execute_query(cypher, params, routing_="r")
    return [_plain(record.data()) for record in records]


@pytest.fixture
def store(server, driver):
    """A store on an empty database. In slices, so that a benchmark's leftovers fit in memory."""
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    with Neo4jStore(server["NEO4J_URI"], server["NEO4J_USER"], server["NEO4J_PASSWORD"]) as st:
        yield st


def implied_counts(facts: list[Fact]) -> dict[str, int]:
    """What the graph model of kg/store/neo4j.py implies for ``facts``, counted from the facts alone."""
    entities = {e.id for f in facts for e in (f.source, f.target, f.place) if e is not None}
    documents = {ev.doc for f in facts for ev in f.evidence}
    events = sum(f.kind == "event" for f in facts)
    relations = sum(f.kind == "relation" for f in facts)
    links = sum(1 + (f.target is not None) + (f.place is not None) for f in facts)
    shortcuts = sum(has_direct_edge(f) for f in facts)
    evidence = sum(len(f.evidence) for f in facts)
    return {"events": events, "relations": relations, "entities": len(entities),
            "documents": len(documents), "nodes": events + relations + len(entities) + len(documents),
            "relationships": links + shortcuts + evidence}


def graph_counts(driver) -> dict[str, int]:
    """Counted with the driver, not the store."""
    query = ("CALL () { MATCH (n) RETURN count(n) AS nodes } "
             "CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } "
             "CALL () { MATCH (n:Event) RETURN count(n) AS events } "
             "CALL () { MATCH (n:Relation) RETURN count(n) AS relations } "
             "CALL () { MATCH (n:Entity) RETURN count(n) AS entities } "
             "CALL () { MATCH (n:Document) RETURN count(n) AS documents } "
             "RETURN *")
    return _read(driver, query)[0]


def test_node_and_relationship_counts_match_what_the_facts_imply(store, driver, facts):
    store.add(facts, progress=False)
    assert graph_counts(driver) == implied_counts(facts)
    assert store.counts() == implied_counts(facts)


def test_loading_twice_changes_nothing(store, driver, facts):
    store.add(facts, progress=False)
    dump = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS r, properties(r) AS p, b.id AS b"
    before = sorted(map(repr, _read(driver, dump)))
    store.add(make_facts(), progress=False)
    assert graph_counts(driver) == implied_counts(facts)
    assert sorted(map(repr, _read(driver, dump))) == before


def test_loading_a_bigger_store_adds_only_what_is_new(store, driver, facts):
    store.add(facts[:3], progress=False)
    store.add(facts, progress=False)
    assert graph_counts(driver) == implied_counts(facts)


def test_meeting_is_found_with_its_place_through_a_consult_relationship(store, driver, facts):
    store.add(facts, progress=False)
    rows = _read(driver, "MATCH (a)-[r:CONSULT]->(b) WHERE r.place IS NOT NULL "
                         "RETURN a.name AS a, b.name AS b, r.place AS place, r.date AS date")
    assert rows == [{"a": IWAYA.name, "b": RUTTE.name, "place": HAGUE.name, "date": "2025-06-24"}]
    at = _read(driver, "MATCH (:Person {id: $a})<-[:SOURCE]-(e:Event)-[:AT]->(p:Place) "
                       "RETURN p.name AS place, e.date AS date", a=IWAYA.id)
    assert at == [{"place": HAGUE.name, "date": "2025-06-24"}]


def test_two_meetings_of_one_pair_on_different_dates_are_two_events(store, driver, facts):
    store.add(facts, progress=False)
    shortcuts = _read(driver, "MATCH (:Person {id: $a})-[r:CONSULT]->(:Person {id: $b}) "
                              "RETURN r.date AS date ORDER BY date", a=IWAYA.id, b=RUTTE.id)
    assert [row["date"] for row in shortcuts] == ["2025-06-24", "2025-07-01"]
    events = _read(driver, "MATCH (e:Event {type: 'CONSULT'})-[:TARGET]->(:Person {id: $b}) "
                           "RETURN count(DISTINCT e) AS n", b=RUTTE.id)
    assert events == [{"n": 2}]


def test_hostile_name_and_quote_load_as_plain_data(store, driver, facts):
    store.add(facts, progress=False)
    [row] = _read(driver, "MATCH (n:Person {id: $id})<-[:SOURCE]-(e:Event)-[r:EVIDENCED_BY]->(d) "
                          "RETURN n.name AS name, r.quote AS quote, d.url AS url", id=EVIL.id)
    evil_fact = next(f for f in facts if f.source == EVIL)
    assert row == {"name": EVIL.name, "quote": evil_fact.evidence[0].quote,
                   "url": evil_fact.evidence[0].url}
    labels = {r["label"] for r in _read(driver, "CALL db.labels() YIELD label RETURN label")}
    assert labels <= {"Entity", "Country", "Organization", "Person", "Place", "Fact", "Event",
                      "Relation", "Document"}
    types = {r["t"] for r in _read(driver, "CALL db.relationshipTypes() YIELD relationshipType AS t "
                                           "RETURN t")}
    assert types <= {*PLOVER_CATEGORIES, *RELATION_RELS, "SOURCE", "TARGET", "AT", "EVIDENCED_BY"}


def test_a_type_outside_the_closed_lists_is_rejected_before_anything_is_written(store, driver, facts):
    bad = replace(facts[0], type="CONSULT]->(x) DETACH DELETE x //")
    with pytest.raises(StoreError, match="not one of"):
        store.add([*facts, bad], progress=False)
    assert graph_counts(driver)["nodes"] == 0


def test_read_only_query_refuses_a_write(store, driver, facts):
    with pytest.raises(StoreError, match="read access mode"):
        store.query("CREATE (:Intruder {name: $name})", "cypher", name=EVIL.name)
    assert _read(driver, "MATCH (n:Intruder) RETURN count(n) AS n") == [{"n": 0}]
    store.query("CREATE (:Intruder {name: $name})", "cypher", write=True, name=EVIL.name)
    assert store.query("MATCH (n:Intruder) RETURN n.name AS name", "cypher") == [{"name": EVIL.name}]


def test_a_query_past_its_time_limit_is_stopped_with_a_clear_error(store):
    endless = "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n"
    with pytest.raises(StoreError, match="time limit of 0.5 s"):
        store.query(endless, "cypher", timeout=0.5)


def test_query_returns_plain_values(store, facts):
    store.add(facts, progress=False)
    rows = store.query("MATCH (e:Event {date: date($d)})-[:AT]->(p) RETURN e {.type, .date} AS e, "
                       "p.name AS place, date($d) AS day", "cypher", d="2025-06-24")
    assert rows == [{"e": {"type": "CONSULT", "date": "2025-06-24"}, "place": HAGUE.name,
                     "day": "2025-06-24"}]


def test_removing_a_document_keeps_only_what_other_documents_support(store, driver, facts):
    store.add(facts, progress=False)
    store.remove_document("doc1")
    memory = NetworkxStore(make_facts())
    memory.remove_document("doc1")
    assert implied_counts(memory.facts()) == graph_counts(driver)


def test_wrong_password_gives_store_error(server):
    with pytest.raises(StoreError, match="refused user"):
        Neo4jStore(server["NEO4J_URI"], server["NEO4J_USER"], "not-the-password")


def test_unreachable_server_gives_store_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError, match="cannot reach Neo4j"):
        Neo4jStore(f"bolt://127.0.0.1:{port}", "neo4j", "x")


@pytest.fixture(scope="module")
def built_store(tmp_path_factory):
    """The example articles and the Indonesian reference article, built with `kg build`."""
    from click.testing import CliRunner

    from kg.cli import main
    from kg.resources import SHARED_DATA

    article = SHARED_DATA / "corpus" / "id_japan_nato_2025.txt"
    if not article.is_file():
        pytest.skip(f"{article} is absent (shared data not available)")
    out = tmp_path_factory.mktemp("built")
    result = CliRunner().invoke(main, ["build", str(ROOT / "data" / "examples"), str(article),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_cli_loads_the_extracted_graph_with_counts_equal_to_the_store(store, driver, server, built_store):
    from click.testing import CliRunner

    from kg.api import read_facts
    from kg.cli import main

    env = {key: server[key] for key in SETTINGS}
    for _ in range(2):  # the second load must change nothing
        result = CliRunner(env=env).invoke(main, ["load", "neo4j", "--store", str(built_store)])
        assert result.exit_code == 0, result.output
        assert graph_counts(driver) == implied_counts(read_facts(built_store))
    rows = _read(driver, "MATCH (a:Person {name: 'Takeshi Iwaya'})-[r:CONSULT]-(b:Person {name: 'Mark Rutte'}) "
                         "RETURN r.place AS place")
    assert {"place": "The Hague"} in rows


# --- the graph model: one rule for direct relationships, typed dates, documents --------------

def _evidence(doc: str, quote: str, published: str | None = None) -> Evidence:
    return Evidence(doc=doc, sentence=0, start=0, end=len(quote), quote=quote, lang="en",
                    rule="test", url=f"https://example.org/{doc}", title=f"Title of {doc}",
                    published=published)


def test_negated_and_planned_events_are_event_nodes_without_a_direct_relationship(store, driver):
    usa, iran = make_facts()[3].source, make_facts()[3].target
    facts = [Fact("event", "ASSAULT", usa, iran, cameo="190", modality=modality, date="2025-06",
                  evidence=[_evidence(f"doc-{modality}", f"The US {modality} an attack")])
             for modality in ("negated", "planned", "reported")]
    store.add(facts, progress=False)
    direct = _read(driver, "MATCH (:Country {id: $a})-[r:ASSAULT]->(:Country {id: $b}) "
                           "RETURN r.modality AS modality", a=usa.id, b=iran.id)
    assert direct == [{"modality": "reported"}]
    events = _read(driver, "MATCH (:Country {id: $a})<-[:SOURCE]-(e:Event)-[:TARGET]->(:Country {id: $b}) "
                           "RETURN e.modality AS modality ORDER BY modality", a=usa.id, b=iran.id)
    assert [row["modality"] for row in events] == ["negated", "planned", "reported"]


def test_a_symmetric_meeting_is_found_from_either_side_with_an_undirected_pattern(store, driver, facts):
    store.add(facts, progress=False)
    japan, nato = facts[2].source, facts[2].target
    for who in (japan, nato):
        rows = _read(driver, "MATCH (a:Entity {id: $id})-[r:AGREE]-(b) "
                             "RETURN b.name AS other, r.symmetric AS symmetric", id=who.id)
        assert rows == [{"other": (nato if who == japan else japan).name, "symmetric": True}]


def test_dates_are_neo4j_dates_with_their_precision_and_a_range_filter_works(store, driver, facts):
    store.add(facts, progress=False)
    rows = _read(driver, "MATCH (e:Event) WHERE e.date >= date($from) AND e.date <= date($to) "
                         "RETURN e.type AS type, e.date AS date, e.date_end AS end, "
                         "e.date_precision AS precision, valueType(e.date) AS kind ORDER BY type",
                 **{"from": "2025-06-01", "to": "2025-06-30"})
    assert rows == [
        {"type": "AGREE", "date": "2025-06-24", "end": "2025-06-24", "precision": "day",
         "kind": "DATE NOT NULL"},
        {"type": "ASSAULT", "date": "2025-06-01", "end": "2025-06-30", "precision": "month",
         "kind": "DATE NOT NULL"},
        {"type": "CONSULT", "date": "2025-06-24", "end": "2025-06-24", "precision": "day",
         "kind": "DATE NOT NULL"},
    ]
    roles = _read(driver, "MATCH (p:Person)-[r:HOLDS_ROLE]->(o) WHERE r.valid_from <= date($day) "
                          "AND (r.valid_to IS NULL OR r.valid_to >= date($day)) "
                          "RETURN p.name AS name, r.role AS role ORDER BY name", day="2025-06-24")
    assert [row["role"] for row in roles] == ["secretary_general", "foreign_minister"]


def test_documents_are_nodes_with_title_publication_date_and_language(store, driver):
    japan, nato = make_facts()[2].source, make_facts()[2].target
    fact = Fact("event", "AGREE", japan, nato, cameo="030", date="2025-06-24", symmetric=True,
                evidence=[_evidence("doc-t", "Japan and NATO agreed", published="2025-06-25")])
    store.add([fact], progress=False)
    rows = _read(driver, "MATCH (:Event {id: $id})-[:EVIDENCED_BY]->(d:Document) "
                         "RETURN d {.id, .url, .title, .published, .lang} AS d, "
                         "valueType(d.published) AS kind", id=fact.id)
    assert rows == [{"d": {"id": "doc-t", "url": "https://example.org/doc-t",
                           "title": "Title of doc-t", "published": "2025-06-25", "lang": "en"},
                     "kind": "DATE NOT NULL"}]


def test_each_event_says_which_state_each_actor_acts_for(store, driver, facts):
    store.add(facts, progress=False)
    rows = _read(driver, "MATCH (e:Event {type: 'ASSAULT'}) "
                         "RETURN e.source_country AS s, e.target_country AS t")
    assert rows == [{"s": "USA", "t": "IRN"}]
