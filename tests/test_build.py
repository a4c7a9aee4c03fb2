"""`kg build` as a transaction: incremental by document, readers never blocked or mixed,
one writer at a time, and a killed build or a full disk leaves the previous graph whole."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import api
from kg.store.base import StoreError
from kg.store.generations import GENERATIONS, writer_lock
from kg.store.rdf import RdfStore

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = [
    "Japanese Foreign Minister Takeshi Iwaya met NATO Secretary General Mark Rutte in The Hague on 24 June 2025.",
    "Russia attacked Ukraine on 3 March 2024.",
    "France and Germany signed an agreement on 5 May 2023.",
    "Iran accused Israel of attacking its embassy on 2 April 2024.",
    "China protested against the sanctions imposed by the United States on 7 July 2024.",
]
QUIET = "The weather was pleasant and the markets were calm."


def write_docs(path: Path, docs: dict[str, str]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for doc_id, text in docs.items():
            fh.write(json.dumps({"id": doc_id, "text": text, "lang": "en"}) + "\n")
    return path


def triples(out: Path) -> set[str]:
    """The facts of a built folder as N-Triples lines (the default graph)."""
    with RdfStore(out / "store", read_only=True) as store:
        return {str(q.triple) for q in store.oxigraph.quads_for_pattern(
            None, None, None, ox.DefaultGraph())}


def doc_facts(out: Path, doc_id: str) -> int:
    [row] = api.query(out, "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f gk:mention ?m . "
                           f"?m prov:wasDerivedFrom ?d . ?d gk:docId {json.dumps(doc_id)} }}")
    return row["n"]


def leftovers(out: Path) -> list[str]:
    """What is in the generations folder besides the published generation and its lock."""
    current = os.readlink(out / "current").split("/")[-1]
    return sorted(p.name for p in (out / GENERATIONS).iterdir()
                  if p.name not in (current, f"{current}.lock"))


@pytest.fixture
def docs() -> dict[str, str]:
    return {f"doc{i}": f"{sentence} {QUIET}" for i, sentence in enumerate(SENTENCES)}


# ---------------------------------------------------------------- incremental by document

def test_adding_a_document_gives_the_graph_a_clean_build_gives(tmp_path, docs):
    first = dict(list(docs.items())[:3])
    api.build([write_docs(tmp_path / "a.jsonl", docs)], tmp_path / "clean")
    api.build([write_docs(tmp_path / "b.jsonl", first)], tmp_path / "grown")
    report = api.build([write_docs(tmp_path / "c.jsonl", docs)], tmp_path / "grown")
    assert (report.added, report.unchanged) == (2, 3)
    assert triples(tmp_path / "grown") == triples(tmp_path / "clean")


def test_a_document_rewritten_to_have_no_facts_loses_them(tmp_path, docs):
    out = tmp_path / "out"
    api.build([write_docs(tmp_path / "a.jsonl", docs)], out)
    assert doc_facts(out, "doc1") > 0
    report = api.build([write_docs(tmp_path / "b.jsonl", {"doc1": QUIET})], out)
    assert report.replaced == 1
    assert doc_facts(out, "doc1") == 0
    assert not any(ev.doc == "doc1" for fact in api.read_facts(out) for ev in fact.evidence)


def test_remove_drops_a_document_as_if_it_had_never_been_read(tmp_path, docs):
    api.build([write_docs(tmp_path / "all.jsonl", docs)], tmp_path / "out")
    report = api.build([], tmp_path / "out", remove=["doc0", "doc3"])
    assert report.removed == 2
    rest = {k: v for k, v in docs.items() if k not in ("doc0", "doc3")}
    api.build([write_docs(tmp_path / "rest.jsonl", rest)], tmp_path / "clean")
    assert triples(tmp_path / "out") == triples(tmp_path / "clean")


def test_removing_an_unknown_document_is_reported_and_changes_nothing(tmp_path, docs):
    out = tmp_path / "out"
    api.build([write_docs(tmp_path / "all.jsonl", docs)], out)
    before = triples(out)
    report = api.build([], out, remove=["no-such-doc"])
    assert [e.source for e in report.errors] == ["no-such-doc"]
    assert triples(out) == before


def test_sync_drops_the_documents_no_longer_among_the_inputs(tmp_path, docs):
    out = tmp_path / "out"
    api.build([write_docs(tmp_path / "all.jsonl", docs)], out)
    kept = {k: docs[k] for k in ("doc1", "doc2")}
    report = api.build([write_docs(tmp_path / "kept.jsonl", kept)], out, sync=True)
    assert (report.removed, report.unchanged) == (3, 2)
    api.build([write_docs(tmp_path / "kept2.jsonl", kept)], tmp_path / "clean")
    assert triples(out) == triples(tmp_path / "clean")


def test_a_build_that_changes_nothing_keeps_the_published_generation(tmp_path, docs):
    out = tmp_path / "out"
    inputs = [write_docs(tmp_path / "all.jsonl", docs)]
    api.build(inputs, out)
    before = os.readlink(out / "current")
    report = api.build(inputs, out)
    assert report.unchanged == len(docs) and os.readlink(out / "current") == before


def test_a_large_graph_skips_the_whole_graph_copies_and_says_why(tmp_path, docs, monkeypatch):
    monkeypatch.setattr("kg.build.EXPORT_LIMIT", 1)
    report = api.build([write_docs(tmp_path / "all.jsonl", docs)], tmp_path / "out")
    assert report.exports == [] and "kg build --exports always" in report.skipped_exports
    assert not (tmp_path / "out" / "graph.html").exists()
    report = api.build([], tmp_path / "out", remove=["doc0"], exports="always")
    assert (tmp_path / "out" / "graph.html").is_file()


# ---------------------------------------------------------------- readers and writers

def test_a_reader_keeps_its_generation_while_a_build_publishes_the_next(tmp_path, docs):
    out = tmp_path / "out"
    api.build([write_docs(tmp_path / "a.jsonl", dict(list(docs.items())[:2]))], out)
    with RdfStore(out / "store", read_only=True) as old_reader:
        before = old_reader.counts()
        api.build([write_docs(tmp_path / "b.jsonl", docs)], out)
        api.build([], out, remove=["doc4"])  # a second publication: the first new one is gone
        assert old_reader.counts() == before
    with RdfStore(out / "store", read_only=True) as new_reader:
        assert new_reader.counts()["documents"] == len(docs) - 1
    assert leftovers(out) != []  # the generation the reader held outlived its publication
    api.build([], out, remove=["doc3"])
    assert leftovers(out) == []  # and went with the next build once the reader had closed


def test_twenty_concurrent_queries_during_builds_all_succeed(tmp_path, docs):
    out = tmp_path / "out"
    api.build([write_docs(tmp_path / "a.jsonl", docs)], out)
    errors, answers, stop = [], [], threading.Event()

    def ask():
        while not stop.is_set():
            try:
                rows = api.query(out, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a gk:Event }")
                answers.append(rows[0]["n"])
            except Exception as exc:  # noqa: BLE001 (any failure is what this test looks for)
                errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for thread in threads:
        thread.start()
    try:
        for round_ in range(3):
            api.build([], out, remove=["doc0"])
            api.build([write_docs(tmp_path / f"r{round_}.jsonl", {"doc0": docs["doc0"]})], out)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert errors == [] and len(answers) >= 20
    assert set(answers) <= {api.query(out, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a gk:Event }")[0]["n"],
                            _events_without(tmp_path, docs, "doc0")}


def _events_without(tmp_path: Path, docs: dict, doc_id: str) -> int:
    rest = {k: v for k, v in docs.items() if k != doc_id}
    api.build([write_docs(tmp_path / "without.jsonl", rest)], tmp_path / "without")
    return api.query(tmp_path / "without", "SELECT (COUNT(?e) AS ?n) WHERE { ?e a gk:Event }")[0]["n"]


def test_a_second_writer_stops_with_a_clear_message_when_asked_not_to_wait(tmp_path, docs):
    out = tmp_path / "out"
    with writer_lock(out):
        with pytest.raises(StoreError, match="another build is writing"):
            api.build([write_docs(tmp_path / "a.jsonl", docs)], out, wait=False)


def _kg(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "kg", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)


@pytest.mark.slow
def test_two_builds_into_one_folder_never_lose_an_update(tmp_path, docs):
    out = tmp_path / "out"
    items = list(docs.items())
    for race in range(3):
        one = write_docs(tmp_path / f"one{race}.jsonl", dict(items[:2]))
        two = write_docs(tmp_path / f"two{race}.jsonl", dict(items[2:]))
        builds = [_kg("build", str(one), "--out", str(out)), _kg("build", str(two), "--out", str(out))]
        assert [b.wait(timeout=300) for b in builds] == [0, 0], [b.stderr.read() for b in builds]
        assert api.query(out, "SELECT (COUNT(?d) AS ?n) WHERE { ?d a gk:Document }")[0]["n"] == len(docs)
        api.build([], out, remove=list(docs))  # start the next race from an empty graph


# ---------------------------------------------------------------- crashes and full disks

def _big_input(tmp_path: Path, docs: dict, copies: int) -> Path:
    return write_docs(tmp_path / "big.jsonl", {f"big{i}-{k}": v for i in range(copies)
                                               for k, v in docs.items()})


@pytest.mark.slow
def test_kill_9_at_random_points_of_a_build_leaves_the_previous_graph(tmp_path, docs):
    small = write_docs(tmp_path / "a.jsonl", docs)
    big = _big_input(tmp_path, docs, 200)
    done = tmp_path / "done"  # the same change, not killed: the one other graph a reader may see
    api.build([small], done)
    started = time.perf_counter()  # how long the change takes here, to kill it inside that span
    assert _kg("build", str(big), "--out", str(done)).wait() == 0
    span, after = time.perf_counter() - started, triples(done)
    rng = random.Random(11)
    mid_build = []
    for k, fraction in enumerate(sorted(rng.uniform(0.1, 0.85) for _ in range(4))):
        out = tmp_path / f"out{k}"
        api.build([small], out)
        before = triples(out)
        build = _kg("build", str(big), "--out", str(out))
        time.sleep(span * fraction)
        build.send_signal(signal.SIGKILL)  # harmless if it has just ended
        build.wait()
        now = triples(out)  # queryable: the previous graph, or the new one whole if the kill
        assert now in (before, after)  # came after it was published (or the build had ended)
        mid_build.append(now == before)
        api.build([], out, remove=["doc0"])  # the next writer removes what the killed one left
        assert leftovers(out) == []
        assert not list(out.glob(".current.*"))
    assert any(mid_build), "every kill came after the build had published: nothing was tested"


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root): {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave: int) -> Path:
    """A file taking all but ``leave`` bytes of the disk."""
    filler = disk / "filler"
    stat = os.statvfs(disk)
    with open(filler, "wb") as fh:
        fh.truncate(0)
        fh.write(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))
    return filler


@pytest.mark.slow
@pytest.mark.parametrize("leave", [64_000, 400_000])
def test_a_full_disk_leaves_the_previous_graph(tmp_path, small_disk, docs, leave):
    out = small_disk / "out"
    api.build([write_docs(tmp_path / "a.jsonl", docs)], out)
    before = triples(out)
    filler = _fill(small_disk, leave)
    big = _big_input(tmp_path, docs, 20)
    with pytest.raises(StoreError, match="no space left"):
        api.build([big], out, exports="always")
    assert triples(out) == before
    assert leftovers(out) == []
    filler.unlink()
    api.build([], out, remove=["doc0"])  # and the next build works once there is room


# ---------------------------------------------------------------- the same changes in Neo4j

@pytest.fixture
def neo4j(tmp_path):
    """A Neo4jStore on the server of scripts/neo4j-server, emptied first."""
    pytest.importorskip("neo4j")
    from tests.test_neo4j import _running_server
    from kg.store.neo4j import CLEAR, Neo4jStore

    settings = _running_server()
    if settings is None:
        pytest.skip("no Neo4j server: run scripts/neo4j-server start")
    with Neo4jStore(settings["NEO4J_URI"], settings["NEO4J_USER"], settings["NEO4J_PASSWORD"]) as store:
        with store._session() as session:
            session.run(CLEAR).consume()
        yield store


def neo4j_documents(store) -> dict[str, int]:
    rows = store.query("MATCH (d:Document)<-[:EVIDENCED_BY]-(f:Fact) "
                       "RETURN d.id AS doc, count(DISTINCT f) AS facts")
    return {row["doc"]: row["facts"] for row in rows}


def store_documents(out: Path) -> dict[str, int]:
    rows = api.query(out, "SELECT ?doc (COUNT(DISTINCT ?f) AS ?facts) WHERE { ?f gk:mention ?m . "
                          "?m prov:wasDerivedFrom ?d . ?d gk:docId ?doc } GROUP BY ?doc")
    return {row["doc"]: row["facts"] for row in rows}


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_follows_adds_rewrites_removals_and_sync(tmp_path, docs, neo4j):
    out = tmp_path / "out"
    api.build([write_docs(tmp_path / "a.jsonl", docs)], out)
    assert _added_removed(api.load_neo4j(out, neo4j)) == (len(docs), 0)
    assert neo4j_documents(neo4j) == store_documents(out)
    assert _added_removed(api.load_neo4j(out, neo4j)) == (0, 0)  # nothing new: nothing done

    api.build([write_docs(tmp_path / "b.jsonl", {"doc1": QUIET})], out)  # rewritten, no facts
    api.build([], out, remove=["doc0"])
    assert _added_removed(api.load_neo4j(out, neo4j)) == (0, 2)
    assert neo4j_documents(neo4j) == store_documents(out)
    assert "doc1" not in neo4j_documents(neo4j)

    kept = {k: docs[k] for k in ("doc2", "doc0")}
    api.build([write_docs(tmp_path / "c.jsonl", kept)], out, sync=True)
    api.load_neo4j(out, neo4j)
    assert neo4j_documents(neo4j) == store_documents(out)
    assert set(neo4j_documents(neo4j)) == {"doc0", "doc2"}
    events = "MATCH (e:Event) RETURN count(e) AS n"
    before = neo4j.query(events)
    api.load_neo4j(out, neo4j, full=True)
    assert neo4j.query(events) == before


def _added_removed(changes: dict) -> tuple[int, int]:
    return changes["added"], changes["removed"]
