"""The command line, checked through the library and the files it writes."""
from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from test_neo4j import server  # noqa: F401  (the fixture: the test Neo4j server's settings)

import kg.api as api
from kg.cli import main
from kg.extract.records import document_id

EXAMPLES = api.Path(__file__).resolve().parent.parent / "data" / "examples"


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


@pytest.mark.parametrize("path,command", list(_commands(main)), ids=lambda x: " ".join(x) if isinstance(x, tuple) else "")
def test_every_command_has_help_with_an_example(path, command):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    if not isinstance(command, click.Group):
        assert "Example:" in result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_every_output(built):
    for name in ("events.jsonl", "graph.trig", "graph.html", "store"):
        assert (built / name).exists(), name
    assert api.read_facts(built)


def test_build_twice_on_the_same_inputs_changes_nothing(built):
    before = (built / "events.jsonl").read_bytes()
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "--out", str(built)])
    assert result.exit_code == 0
    assert (built / "events.jsonl").read_bytes() == before


def test_build_adds_new_inputs_to_the_graph(tmp_path):
    out = tmp_path / "out"
    first, second = sorted(EXAMPLES.glob("*.md"))[:2]
    CliRunner().invoke(main, ["build", str(first), "--out", str(out)])
    one = {f.id for f in api.read_facts(out)}
    CliRunner().invoke(main, ["build", str(second), "--out", str(out)])
    both = {f.id for f in api.read_facts(out)}
    alone = {f.id for f in api.extract([second])}
    assert one < both and alone <= both


def test_extract_prints_the_documented_json_record(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(EXAMPLES / "en_japan_nato_talks.md")])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    event = next(r for r in records if r["kind"] == "event")
    assert {"kind", "type", "cameo", "quad_class", "goldstein", "source", "target", "date",
            "place", "modality", "confidence", "evidence"} <= set(event)
    assert set(event["source"]) == {"id", "name", "type", "country", "wikidata"}
    assert {"doc", "url", "sentence", "start", "end", "quote", "lang", "rule"} <= set(event["evidence"][0])


def test_extract_reports_bad_documents_and_exits_2(tmp_path):
    good = "Iran accused Israel of attacking its embassy."
    (tmp_path / "good.txt").write_text(good)
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
    (tmp_path / "b.jsonl").write_text('{"id": "x", "text": "Iran accused Israel."}\n{oops\n')
    result = CliRunner().invoke(main, ["extract", str(tmp_path)])
    assert result.exit_code == 2
    assert "bad.txt" in result.stderr and "b.jsonl:2" in result.stderr
    docs = {ev["doc"] for line in result.stdout.splitlines() for ev in json.loads(line)["evidence"]}
    assert docs == {document_id(None, None, good), "x"}


def test_query_sparql_finds_the_meeting(built):
    result = CliRunner().invoke(main, ["query", "sparql", "--store", str(built), "--format", "json",
                                       "SELECT ?a ?b WHERE { ?a gk:consult ?b }"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)


def test_export_turtle_parses_back(built, tmp_path):
    import rdflib

    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(main, ["export", "--store", str(built), "--format", "turtle", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(rdflib.Graph().parse(out, format="turtle")) > 0


def test_export_graphml_has_one_edge_per_direct_fact(built, tmp_path):
    import networkx as nx
    from kg.model import has_direct_edge

    out = tmp_path / "g.graphml"
    CliRunner().invoke(main, ["export", "--store", str(built), "--format", "graphml", "-o", str(out)])
    direct = [f for f in api.read_facts(built) if has_direct_edge(f)]
    assert nx.read_graphml(out).number_of_edges() == len(direct)


def test_missing_store_is_one_error_line(tmp_path):
    result = CliRunner().invoke(main, ["viz", "--store", str(tmp_path), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1


def test_built_graph_parses_back_and_conforms_to_the_shapes(built):
    import pyoxigraph
    from kg.store.rdf import parse_file, validate

    data = parse_file(built / "graph.trig")
    conforms, report = validate(data)
    assert conforms, report
    quads = list(pyoxigraph.parse(path=str(built / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG))
    assert len(quads) == len(data)


def test_script_in_article_text_never_reaches_the_page_as_markup(tmp_path):
    article = tmp_path / "evil.jsonl"
    text = "Iran accused Israel of attacks <script>window.__pwned = 1</script> on Tuesday."
    article.write_text(json.dumps({"id": "evil", "text": text, "lang": "en"}) + "\n")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(article), "--out", str(out)]).exit_code == 0
    assert any("<script>window.__pwned" in ev.quote for f in api.read_facts(out) for ev in f.evidence)
    assert "window.__pwned" in (out / "graph.html").read_text()
    assert "<script>window.__pwned" not in (out / "graph.html").read_text()


# ---------------------------------------------------------------- document identity, inputs

def test_building_a_file_then_its_absolute_path_adds_nothing(tmp_path, monkeypatch):
    (tmp_path / "plain.txt").write_text("Iran accused Israel of attacking its embassy.")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["build", "plain.txt", "--out", "out"]).exit_code == 0
    before = (tmp_path / "out" / "events.jsonl").read_bytes()
    assert before
    result = CliRunner().invoke(main, ["build", str(tmp_path / "plain.txt"), "--out", "out"])
    assert result.exit_code == 0
    assert (tmp_path / "out" / "events.jsonl").read_bytes() == before


def test_build_of_a_folder_holding_its_output_never_reads_its_own_files(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text((EXAMPLES / "en_japan_nato_talks.md").read_text())
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(main, ["build", ".", "--out", "out"])
    assert first.exit_code == 0, first.output
    before = (tmp_path / "out" / "events.jsonl").read_bytes()
    second = CliRunner().invoke(main, ["build", ".", "--out", "out"])
    assert second.exit_code == 0 and "error:" not in second.stderr
    assert (tmp_path / "out" / "events.jsonl").read_bytes() == before
    # nor the outputs of an earlier build into another folder
    third = CliRunner().invoke(main, ["build", ".", "--out", "other"])
    assert third.exit_code == 0 and "error:" not in third.stderr
    assert (tmp_path / "other" / "events.jsonl").read_bytes() == before


def test_an_html_headline_and_its_lede_are_one_source_of_one_event(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Russia attacks Ukraine's power grid</title>"
        '<meta property="article:published_time" content="2025-01-13"></head><body><article>'
        "<h1>Russia attacks Ukraine's power grid</h1>"
        "<p>Russia attacked Ukraine's power grid on Monday, leaving thousands without heat.</p>"
        "<p>Repair crews worked through the night in three regions.</p></article></body></html>")
    result = CliRunner().invoke(main, ["extract", str(page)])
    assert result.exit_code == 0, result.output
    assaults = [r for r in map(json.loads, result.stdout.splitlines()) if r["type"] == "ASSAULT"]
    assert len(assaults) == 1 and len(assaults[0]["evidence"]) == 1
    assert assaults[0]["evidence"][0]["quote"].startswith("Russia attacked")


# ---------------------------------------------------------------- no silent wrong answers

def test_query_on_a_folder_that_is_not_a_built_store_is_an_error(built):
    inner = built / "store"
    before = sorted(p.name for p in inner.iterdir())
    result = CliRunner().invoke(main, ["query", "sparql", "ASK { ?s ?p ?o }", "--store", str(inner)])
    assert result.exit_code == 1
    assert "not a built store" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in inner.iterdir()) == before


@pytest.mark.parametrize("text,value", [("c=0.8", 0.8), ("n=3", 3), ("ok=true", True),
                                        ('ids=["Q30", "Q794"]', ["Q30", "Q794"]),
                                        ('s="0.8"', "0.8"), ("name=Takeshi Iwaya", "Takeshi Iwaya")])
def test_cypher_parameters_are_typed_json_values_else_text(text, value):
    from kg.cli import _split_param

    key, parsed = _split_param(text)
    assert text.startswith(key + "=") and parsed == value and type(parsed) is type(value)


def test_load_neo4j_needs_a_named_server(built, tmp_path, monkeypatch):
    for key in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # no .neo4j/env here
    result = CliRunner().invoke(main, ["load", "neo4j", "--store", str(built)])
    assert result.exit_code == 1
    assert "no Neo4j server given" in result.stderr and "--uri" in result.stderr
    # build --neo4j says so before it extracts anything
    build = CliRunner().invoke(main, ["build", str(EXAMPLES), "--out", "out", "--neo4j"])
    assert build.exit_code == 1 and "no Neo4j server given" in build.stderr
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- SPARQL in the terminal

QUERY_IRAN = "SELECT ?c WHERE { ?c gk:iso3 'IRN' }"


def _sparql(built, *args, input=None):
    return CliRunner().invoke(main, ["query", "sparql", *args, "--store", str(built)], input=input)


def test_sparql_table_shows_prefixed_names_and_labels(built):
    result = _sparql(built, QUERY_IRAN)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["c", "id:Q794 Iran"]


def test_sparql_reads_the_query_from_a_file_or_stdin(built, tmp_path):
    (tmp_path / "iran.rq").write_text(QUERY_IRAN + "\n")
    from_file = _sparql(built, "-f", str(tmp_path / "iran.rq"))
    from_stdin = _sparql(built, "-", input=QUERY_IRAN)
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.stdout == from_stdin.stdout == "c\nid:Q794 Iran\n"


def test_sparql_errors_are_one_short_line_in_the_users_text(built):
    result = _sparql(built, "SELECT ?a WHERE { ?a gk:consult ?b ")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: line 1, column 36: ") and len(line) < 240


def test_sparql_updates_are_refused_with_a_clear_message(built):
    result = _sparql(built, "INSERT DATA { id:a id:b id:c }")
    assert result.exit_code == 1
    assert "INSERT is an update" in result.stderr and "read-only" in result.stderr


def test_sparql_service_is_refused_unless_allowed(built):
    text = "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }"
    refused = _sparql(built, text)
    assert refused.exit_code == 1 and "SERVICE" in refused.stderr
    assert _sparql(built, text, "--allow-service").exit_code == 0


def test_sparql_says_when_rows_were_left_out(built):
    result = _sparql(built, "SELECT ?s WHERE { ?s a skos:Concept }", "--limit", "3")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1 + 3
    assert "only the first 3 rows" in result.stderr


def test_ctrl_c_stops_a_runaway_sparql_query(built):
    import os
    import signal
    import subprocess
    import sys
    import time

    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    cli = subprocess.Popen([sys.executable, "-m", "kg", "query", "sparql", runaway, "--store",
                            str(built), "--timeout", "3600"], stderr=subprocess.PIPE, text=True,
                           env={**os.environ, "PYTHONPATH": str(EXAMPLES.parent.parent)})
    children = f"/proc/{cli.pid}/task/{cli.pid}/children"
    workers: list[str] = []
    while not workers and cli.poll() is None:  # the worker process running the query
        time.sleep(0.05)
        workers = open(children).read().split() if os.path.exists(children) else []
    assert workers, cli.stderr.read()
    cli.send_signal(signal.SIGINT)
    _, stderr = cli.communicate(timeout=120)  # a guard against a hang, not a measurement
    assert cli.returncode != 0 and "Traceback" not in stderr
    for _ in range(100):  # the killed worker is reaped by init once the command has exited
        if not any(os.path.exists(f"/proc/{pid}") for pid in workers):
            break
        time.sleep(0.05)
    assert not any(os.path.exists(f"/proc/{pid}") for pid in workers)


# ---------------------------------------------------------------- against the test Neo4j server

@pytest.fixture
def neo4j_env(server, monkeypatch):
    """The test server's settings in the environment, as a user sets them."""
    for key, value in server.items():
        if value is not None:
            monkeypatch.setenv(key, value)
    return server


@pytest.mark.neo4j
@pytest.mark.slow
def test_load_neo4j_reports_what_it_wrote_not_database_totals(built, neo4j_env):
    from kg.store.neo4j import Neo4jStore

    with Neo4jStore() as neo:  # something else already in the database
        neo.query("CREATE (:Other {n: 1}), (:Other {n: 2})", "cypher", write=True)
    result = CliRunner().invoke(main, ["load", "neo4j", "--store", str(built)])
    assert result.exit_code == 0, result.output
    counts = api.fact_counts(api.read_facts(built))
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"loaded into Neo4j at {neo4j_env['NEO4J_URI']}: ")
    assert line.endswith(", ".join(f"{n} {what}" for what, n in counts.items()))


@pytest.mark.neo4j
@pytest.mark.slow
def test_cypher_numeric_parameter_compares_as_a_number(neo4j_env):
    result = CliRunner().invoke(main, ["query", "cypher", "RETURN $c > 0.5 AS above, $c AS c",
                                       "--param", "c=0.8", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"above": True, "c": 0.8}]


def test_the_test_servers_env_file_names_the_server(tmp_path, monkeypatch, built):
    from kg.cli import _server_file

    (tmp_path / ".neo4j").mkdir()
    (tmp_path / ".neo4j" / "env").write_text(
        "NEO4J_URI=bolt://127.0.0.1:1\nNEO4J_USER=neo4j\nNEO4J_PASSWORD=pass\\ word\n")
    assert _server_file(tmp_path / ".neo4j" / "env") == {
        "NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "pass word"}
    for key in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["load", "neo4j", "--store", str(built)])
    assert result.exit_code == 1 and "bolt://127.0.0.1:1" in result.stderr  # that server, no other


# ---------------------------------------------------------------- set-up

# Dependencies no module of ours imports, and why they are still needed.
NEEDED_BY_ANOTHER = {"lxml-html-clean": "trafilatura's text extraction (lxml.html.clean)",
                     "neo4j-rust-ext": "the neo4j driver's faster codec, used when installed"}


def _normal(name: str) -> str:
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_runtime_dependency_is_pinned_and_imported():
    import re
    import tomllib
    from importlib.metadata import packages_distributions

    root = EXAMPLES.parent.parent
    deps = tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    modules_of: dict[str, set[str]] = {}
    for module, dists in packages_distributions().items():
        for dist in dists:
            modules_of.setdefault(_normal(dist), set()).add(module)
    source = "\n".join(p.read_text() for p in (root / "kg").rglob("*.py"))
    for dep in deps:
        name, sep, version = dep.partition("==")
        assert sep and version, f"{dep} is not pinned"
        if _normal(name) in NEEDED_BY_ANOTHER:
            continue
        modules = modules_of.get(_normal(name), set())
        assert any(re.search(rf"^\s*(import|from) {m}\b", source, re.M) for m in modules), \
            f"{name} is a dependency but no module of kg imports it"
