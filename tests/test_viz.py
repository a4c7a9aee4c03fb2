"""The explorer page as text: its data built from the facts, safe against hostile article text,
self-contained. How it behaves in a browser is tests/test_explorer.py."""
from __future__ import annotations

import io
import json
import os
import re

import networkx as nx
import pytest

from kg.export.layout import layout
from kg.export.viz import (SCRIPTS, STATIC_DIR, generate_html, json_island, page_data,
                           render_page, write_html)
from kg.model import Entity, Evidence, Fact
from kg.store.graph import build_graph

from conftest import EVIL, JAPAN, USA, make_facts

PWN_NAME = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>"
PWN_QUOTE = "</script><script>window.__pwned=3;alert(3)</script><!-- \u2028 said"
PWNER = Entity("person:pwn", PWN_NAME, "Person")


def hostile_facts() -> list[Fact]:
    ev = Evidence(doc="doc9", sentence=0, start=0, end=len(PWN_QUOTE), quote=PWN_QUOTE,
                  lang="en", rule="test", url="javascript:window.__pwned=4")
    return [*make_facts(), Fact("event", "THREATEN", PWNER, USA, cameo="138", quad_class=3,
                                modality="reported", evidence=[ev])]


@pytest.fixture
def page_html() -> str:
    return generate_html(hostile_facts())


def island(page: str, name: str = "graph-data") -> str:
    match = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', page, re.S)
    assert match, f"no {name} island"
    return match.group(1)


def test_every_fact_is_one_event_item_with_its_first_evidence():
    facts = make_facts()
    data = page_data(facts)
    assert len(data["events"]) == len(facts)
    consult = data["events"][0]
    assert data["actors"][consult["s"]]["name"] == "Takeshi Iwaya"
    assert data["actors"][consult["o"]]["name"] == "Mark Rutte"
    assert data["places"][consult["p"]] == {"name": "The Hague", "country": "NLD",
                                            "lat": 52.07667, "lon": 4.29861}
    assert (consult["k"], consult["t"], consult["q"], consult["m"], consult["d"], consult["n"]) == \
        ("e", "CONSULT", 1, "asserted", "2025-06-24", 1)
    assert consult["quote"] == "Iwaya met Rutte in The Hague" and consult["l"] == "en"
    role = next(e for e in data["events"] if e["k"] == "r" and e.get("role") == "foreign_minister")
    assert role["vf"] == "2024-10-01" and data["actors"][role["o"]]["name"] == "Japan"
    assert data["countries"]["JPN"] == {"name": "Japan", "num": "392"}


def test_an_event_without_target_is_no_node():
    lone = Fact("event", "THREATEN", JAPAN, None, cameo="138", quad_class=3, date="2025-06")
    data = page_data([lone])
    assert data["events"][0]["o"] == -1
    assert [a["name"] for a in data["actors"]] == ["Japan"]


def test_given_positions_are_used():
    data = page_data(make_facts(), positions={"Q17": (5, 7)})
    japan = next(a for a in data["actors"] if a["id"] == "Q17")
    assert (japan["x"], japan["y"]) == (5, 7)


def test_page_has_no_url_outside_the_data(page_html):
    outside = page_html.replace(island(page_html), "").replace(island(page_html, "world-data"), "")
    assert not re.search(r"https?://", outside, re.I)
    markup = re.sub(r"<script>.*?</script>", "", outside, flags=re.S)
    assert not re.search(r"""\b(src|href|action)\s*=|@import|url\(""", markup, re.I)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', markup).group(1)
    assert "default-src 'none'" in csp.replace("&#39;", "'")
    assert "connect-src 'none'" in csp.replace("&#39;", "'")


def test_served_page_loads_its_data_from_its_server():
    page = render_page(None, served=True).replace("&#39;", "'")
    assert 'id="graph-data"' not in page and "connect-src 'self'" in page


def test_data_island_is_escaped_and_round_trips(page_html):
    text = island(page_html)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    data = json.loads(text)
    assert {EVIL.name, PWN_NAME} <= {a["name"] for a in data["actors"]}
    assert PWN_QUOTE in {e.get("quote") for e in data["events"]}


def test_json_island_escapes_every_dangerous_character():
    text = json_island({"q": "</script><!--&>\u2028\u2029/\\"})
    assert text == ('{"q":"\\u003c\\/script\\u003e\\u003c!--\\u0026\\u003e'
                    '\\u2028\\u2029\\/\\\\"}')
    assert json.loads(text) == {"q": "</script><!--&>\u2028\u2029/\\"}


def test_counts_in_title(page_html):
    assert "<title>geokg: 8 actors, 6 events, 3 relations</title>" in page_html


def test_vendored_libraries_ship_with_their_licences():
    for name in SCRIPTS:
        assert (STATIC_DIR / name).is_file()
    licences = {p.name for p in STATIC_DIR.glob("LICENSE-*.txt")}
    assert licences == {"LICENSE-graphology.txt", "LICENSE-sigma.txt",
                        "LICENSE-topojson-client.txt", "LICENSE-world-atlas.txt"}


def test_layout_is_deterministic_and_spread():
    graph = build_graph(make_facts())
    first, second = layout(graph), layout(graph)
    assert first == second and set(first) == set(graph)
    assert len(set(first.values())) == graph.number_of_nodes()


def test_no_facts_and_an_open_file():
    out = io.StringIO()
    write_html([], out)
    assert "0 actors" in out.getvalue()
    assert json.loads(island(out.getvalue()))["events"] == []


@pytest.mark.slow
def test_layout_of_2000_nodes_places_every_node_apart():
    # How long it takes is measured by scripts/bench_viz.py, not asserted here.
    graph = nx.gnm_random_graph(2000, 6000, seed=1, directed=True)
    positions = layout(graph)
    assert set(positions) == set(graph) and len(set(positions.values())) > 1990


def test_write_html_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "graph.html"
    target.write_text("old page")
    facts = make_facts()

    def broken(*args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(RuntimeError):
        write_html(facts, target)
    assert target.read_text() == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]
    monkeypatch.undo()
    write_html(facts, target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    write_html(facts, tmp_path / "new" / "graph.html")
    assert (tmp_path / "new" / "graph.html").stat().st_mode & 0o777 == 0o644
