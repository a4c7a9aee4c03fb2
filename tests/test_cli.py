"""The command line, checked through the library and the files it writes."""
from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

import kg.api as api
from kg.cli import main
from kg.extract.ingest import document_id

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


def test_export_graphml_has_one_edge_per_fact(built, tmp_path):
    import networkx as nx

    out = tmp_path / "g.graphml"
    CliRunner().invoke(main, ["export", "--store", str(built), "--format", "graphml", "-o", str(out)])
    assert nx.read_graphml(out).number_of_edges() == len(api.read_facts(built))


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
