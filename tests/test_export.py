"""Exports: RDF with named graphs and labels, GraphML for Gephi, event and dyad tables."""
from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import OWL, RDF, SKOS

from conftest import IRAN, IWAYA, JAPAN, RUTTE, USA, make_facts
from kg import api
from kg.cli import main
from kg.export import table
from kg.model import Evidence, Fact, has_direct_edge
from kg.store import rdf, rdf_model
from kg.store.rdf_model import FACTS_GRAPH, GK, ID, ONTOLOGY_GRAPH, PLOVER, TAXONOMY_GRAPH


def _ev(doc: str, quote: str) -> Evidence:
    return Evidence(doc, 0, 0, len(quote), quote, "en", "test", url=f"https://example.org/{doc}")


def export_facts() -> list[Fact]:
    """The shared facts plus a negated attack, a planned meeting and an event with no target."""
    return [*make_facts(),
            Fact("event", "ASSAULT", USA, IRAN, cameo="190", quad_class=4, goldstein=-10.0,
                 modality="negated", date="2025-06-10",
                 evidence=[_ev("doc4", "The US did not attack Iran")]),
            Fact("event", "CONSULT", IWAYA, RUTTE, cameo="040", quad_class=1,
                 goldstein=1.0, modality="planned", date="2025-08",
                 evidence=[_ev("doc4", "Iwaya will meet Rutte in August")]),
            Fact("event", "MOBILIZE", IRAN, None, cameo="150", quad_class=4, goldstein=-7.2,
                 date="2025-06-12", evidence=[_ev("doc5", "Iran put its forces on alert")])]


@pytest.fixture
def store_dir(tmp_path):
    facts = export_facts()
    api.write_facts(facts, tmp_path / api.EVENTS_FILE)
    with rdf.RdfStore(tmp_path / api.RDF_DIR) as store:
        store.add(facts)
    return tmp_path


def _export(store_dir, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    api.export(store_dir, fmt, out, **options)
    return out.getvalue()


# ---------------------------------------------------------------- RDF

def test_trig_holds_facts_taxonomy_and_ontology_in_three_named_graphs(store_dir, tmp_path):
    path = tmp_path / "graph.trig"
    path.write_bytes(_export(store_dir, "trig"))
    ds = rdf_model.parse_file(path)
    facts, taxonomy, ontology = (ds.graph(g) for g in (FACTS_GRAPH, TAXONOMY_GRAPH, ONTOLOGY_GRAPH))
    assert (ID[IWAYA.id], GK.consult, ID[RUTTE.id]) in facts
    assert (PLOVER.ACCUSE, SKOS.prefLabel, Literal("Accuse", lang="en")) in taxonomy
    assert (GK.Event, RDF.type, OWL.Class) in ontology
    assert len(ds.default_graph) == 0
    assert not set(facts.subjects(RDF.type, OWL.Class))
    assert ID[IWAYA.id] not in set(taxonomy.subjects())
    conforms, report = rdf_model.validate(facts)
    assert conforms, report


def test_turtle_is_one_graph_with_the_labels_unless_the_ontology_is_left_out(store_dir, tmp_path):
    turtle = _export(store_dir, "turtle")
    assert turtle != _export(store_dir, "trig")
    path = tmp_path / "graph.ttl"
    path.write_bytes(turtle)
    graph = rdf_model.parse_file(path).default_graph
    assert (PLOVER.ACCUSE, SKOS.prefLabel, Literal("Accuse", lang="en")) in graph
    assert (GK.Event, RDF.type, OWL.Class) in graph
    path.write_bytes(_export(store_dir, "turtle", ontology=False))
    bare = rdf_model.parse_file(path).default_graph
    assert (PLOVER.ACCUSE, SKOS.prefLabel, None) not in bare
    assert (ID[IWAYA.id], GK.consult, ID["Q57792"]) in bare


def test_cli_no_ontology_flag_leaves_the_taxonomy_out(store_dir):
    runner = CliRunner()
    full = runner.invoke(main, ["export", "--store", str(store_dir), "--format", "nt"])
    bare = runner.invoke(main, ["export", "--store", str(store_dir), "--format", "nt",
                                "--no-ontology"])
    assert full.exit_code == bare.exit_code == 0
    assert "skos/core#prefLabel" in full.output and "skos/core#prefLabel" not in bare.output


# ---------------------------------------------------------------- GraphML

def test_graphml_has_no_placeholder_nodes_and_one_timed_edge_per_direct_fact(store_dir, tmp_path):
    path = tmp_path / "g.graphml"
    path.write_bytes(_export(store_dir, "graphml"))
    graph = nx.read_graphml(path)
    assert not [n for n, name in graph.nodes(data="name") if "unspecified" in str(name).lower()]
    assert all(graph.degree(n) > 0 for n in graph)
    direct = [f for f in export_facts() if has_direct_edge(f)]
    assert graph.number_of_edges() == len(direct) < len(export_facts())
    assert {a["modality"] for _, _, a in graph.edges(data=True)} == {"asserted"}
    assault = [a for _, _, a in graph.edges(data=True) if a["type"] == "ASSAULT"]
    assert [(a["start"], a["end"], a["date_precision"]) for a in assault] == [
        ("2025-06-01", "2025-06-30", "month")]
    role = [a for _, _, a in graph.edges(data=True) if a["type"] == "holds_role"][0]
    assert role["start"] == "2024-10-01" and "end" not in role


def test_graphml_at_country_level_has_one_edge_per_dyad_and_period(store_dir, tmp_path):
    path = tmp_path / "c.graphml"
    path.write_bytes(_export(store_dir, "graphml", level="country", period="month"))
    graph = nx.read_graphml(path)
    edges = sorted((u, v, a["period"], a["events"], a["start"], a["end"])
                   for u, v, a in graph.edges(data=True))
    # Iwaya (JPN) met Rutte, who acts for no state; the negated attack is no edge
    assert edges == [("USA", "IRN", "2025-06", 1, "2025-06-01", "2025-06-30")]
    assert graph.nodes["IRN"]["name"] == "Iran"


# ---------------------------------------------------------------- tables

def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_csv_has_one_row_per_event_of_any_modality_with_actors_codes_place_and_sources(store_dir):
    rows = _csv_rows(_export(store_dir, "csv"))
    assert list(rows[0]) == list(table.EVENT_COLUMNS)
    events = [f for f in export_facts() if f.kind == "event"]
    assert sorted(r["id"] for r in rows) == sorted(f.id for f in events)
    by_quote = {r["id"]: r for r in rows}
    meeting = by_quote[make_facts()[0].id]
    assert {k: meeting[k] for k in (
        "date", "source_name", "source_type", "source_country", "target_name", "target_country",
        "cameo", "quad_class", "goldstein", "plover", "modality", "place_name", "place_country",
        "place_lat", "place_lon", "sources", "urls")} == {
        "date": "2025-06-24", "source_name": "Takeshi Iwaya", "source_type": "Person",
        "source_country": "JPN", "target_name": "Mark Rutte", "target_country": "",
        "cameo": "040", "quad_class": "1", "goldstein": "1.0", "plover": "CONSULT",
        "modality": "asserted", "place_name": "The Hague", "place_country": "NLD",
        "place_lat": "52.07667", "place_lon": "4.29861", "sources": "1",
        "urls": "https://example.org/doc1?a=1&b=<2>"}
    assert {r["modality"] for r in rows} == {"asserted", "negated", "planned"}
    alone = next(r for r in rows if r["plover"] == "MOBILIZE")
    assert alone["target_id"] == "" and alone["source_country"] == "IRN"


def test_parquet_reads_back_in_pandas_as_the_same_table(store_dir):
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(io.BytesIO(_export(store_dir, "parquet")))
    csv_frame = pd.read_csv(io.BytesIO(_export(store_dir, "csv")), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(table.EVENT_COLUMNS)
    assert sorted(frame["id"]) == sorted(csv_frame["id"])
    assert frame["goldstein"].dtype == "float64" and frame["sources"].dtype == "int64"
    assert frame.set_index("id").loc[make_facts()[3].id, "end"] == "2025-06-30"


def test_csv_at_country_level_counts_direct_events_per_dyad_and_period(store_dir):
    more = [Fact("event", "AGREE", JAPAN, USA, cameo="030", quad_class=1, goldstein=4.0,
                 date=day, symmetric=True, evidence=[_ev(f"d{day}", "agreed")])
            for day in ("2025-03-01", "2025-03-20")]
    reverse = Fact("event", "AGREE", USA, JAPAN, cameo="030", quad_class=1, goldstein=4.0,
                   date="2025-03-05", symmetric=True, evidence=[_ev("dr", "agreed")])
    api.write_facts([*export_facts(), *more, reverse], store_dir / api.EVENTS_FILE)
    result = CliRunner().invoke(main, ["export", "--store", str(store_dir), "--format", "csv",
                                       "--level", "country", "--period", "year"])
    assert result.exit_code == 0, result.output
    rows = {(r["source_country"], r["target_country"], r["period"]): r
            for r in _csv_rows(result.output.encode())}
    # a symmetric dyad counts once whichever way round the text put it; NATO has no state
    assert set(rows) == {("JPN", "USA", "2025"), ("USA", "IRN", "2025")}
    agree = rows[("JPN", "USA", "2025")]
    assert (agree["events"], agree["goldstein_total"], agree["quad1"], agree["start"],
            agree["end"]) == ("3", "12.0", "3", "2025-01-01", "2025-12-31")
    assert rows[("USA", "IRN", "2025")]["events"] == "1"  # the negated attack is not counted


def test_an_unknown_level_or_format_is_a_clear_error(store_dir):
    result = CliRunner().invoke(main, ["export", "--store", str(store_dir), "--format", "csv",
                                       "--level", "planet"])
    assert result.exit_code == 2 and "planet" in result.output
