"""The HTML view: a self-contained page, safe against hostile article text.

The fast tests read the page as text. The browser tests open it in real headless Chromium
(Debian's /usr/bin/chromium, driven by playwright) from a file:// URL.
"""
from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.store.graph import build_graph
from kg.model import Entity, Evidence, Fact
from kg.export.viz import generate_html, json_island, layout, write_html

from conftest import EVIL, USA, make_facts

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
# Payloads that would set window.__pwned (or open a dialog) if the page ever ran them.
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
    return generate_html(build_graph(hostile_facts()))


def data_island(page: str) -> str:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>',
                      page, re.S)
    assert match, "no data island"
    return match.group(1)


# --- fast tests --------------------------------------------------------------------------

def test_page_has_no_url_outside_the_data(page_html):
    outside = page_html.replace(data_island(page_html), "")
    assert not re.search(r"https?://", outside, re.I)
    markup = re.sub(r"<script>.*?</script>", "", outside, flags=re.S)
    assert not re.search(r"""\b(src|href|action)\s*=|@import|url\((?!["']?data:)""", markup, re.I)
    assert "default-src 'none'" in markup


def test_data_island_is_escaped_and_round_trips(page_html):
    island = data_island(page_html)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in island
    assert "<script" not in page_html.replace(island, "").split("vis-network", 1)[0]
    data = json.loads(island)
    names = {n["tip"]["head"] for n in data["nodes"]}
    assert {EVIL.name, PWN_NAME} <= names
    assert PWN_QUOTE in {e["tip"].get("quote") for e in data["edges"]}


def test_json_island_escapes_every_dangerous_character():
    text = json_island({"q": "</script><!--&>\u2028\u2029/\\"})
    assert text == ('{"q":"\\u003c\\/script\\u003e\\u003c!--\\u0026\\u003e'
                    '\\u2028\\u2029\\/\\\\"}')
    assert json.loads(text) == {"q": "</script><!--&>\u2028\u2029/\\"}


def test_one_edge_item_per_fact_with_styles(page_html):
    data = json.loads(data_island(page_html))
    assert len(data["nodes"]) == build_graph(hostile_facts()).number_of_nodes()
    assert len(data["edges"]) == len(hostile_facts())
    by_type = {e["label"]: e for e in data["edges"]}
    assert by_type["ASSAULT"]["color"] != by_type["AGREE"]["color"]
    assert by_type["member_of"]["dashes"] and by_type["THREATEN (reported)"]["dashes"]
    assert not by_type["ASSAULT"]["dashes"] and by_type["AGREE"]["arrows"] == ""
    consult = [e for e in data["edges"] if e["label"] == "CONSULT"]
    assert len(consult) == 2 and sum("smooth" in e for e in consult) == 1


def test_counts_in_title(page_html):
    assert "<title>geokg: 8 entities, 6 events, 3 relations</title>" in page_html


def test_layout_is_deterministic_and_spread():
    graph = build_graph(make_facts())
    first, second = layout(graph), layout(graph)
    assert first == second and set(first) == set(graph)
    assert len(set(first.values())) == graph.number_of_nodes()


def test_empty_graph_and_open_file():
    out = io.StringIO()
    write_html(build_graph([]), out)
    assert "0 entities" in out.getvalue()
    assert json.loads(data_island(out.getvalue())) == {"nodes": [], "edges": []}


@pytest.mark.slow
def test_layout_of_2000_nodes_places_every_node_apart():
    # How long it takes is measured by scripts/bench_viz.py, not asserted here.
    graph = nx.gnm_random_graph(2000, 6000, seed=1, directed=True)
    positions = layout(graph)
    assert set(positions) == set(graph) and len(set(positions.values())) > 1990


def test_write_html_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "graph.html"
    target.write_text("old page")
    graph = build_graph(make_facts())

    def broken(*args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(RuntimeError):
        write_html(graph, target)
    assert target.read_text() == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]
    monkeypatch.undo()
    write_html(graph, target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    write_html(graph, tmp_path / "new" / "graph.html")
    assert (tmp_path / "new" / "graph.html").stat().st_mode & 0o777 == 0o644


# --- in headless Chromium ----------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright import sync_api
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("playwright is not installed")
        pytest.skip("playwright is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def opened(browser, tmp_path):
    """The page of hostile_facts() open in Chromium, with what it did recorded."""
    path = tmp_path / "graph.html"
    write_html(build_graph(hostile_facts()), path)
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    seen = {"errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("window.geokg && window.geokg.drawn", timeout=20_000)
    yield page, seen, path.as_uri()
    page.close()


def hover_text(page, js_point: str, expect: str) -> str:
    """Move the mouse onto a point of the network and read the tooltip once it shows ``expect``."""
    box = page.locator("#graph canvas").bounding_box()
    point = page.evaluate(js_point)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function(
        """expect => { const t = document.querySelector('div.vis-tooltip');
                       return t && t.style.visibility === 'visible' && t.textContent.includes(expect); }""",
        arg=expect, timeout=5_000)
    assert page.locator("div.vis-tooltip script, div.vis-tooltip img").count() == 0
    return page.locator("div.vis-tooltip").text_content()


NODE_POINT = """() => {
  const g = window.geokg, id = g.nodes.get({filter: n => n.label.includes('<img')})[0].id;
  return g.network.canvasToDOM(g.network.getPosition(id));
}"""
EDGE_POINT = """() => {
  const g = window.geokg, e = g.edges.get({filter: e => e.label.startsWith('THREATEN')})[0];
  const a = g.network.getPosition(e.from), b = g.network.getPosition(e.to);
  return g.network.canvasToDOM({x: a.x + (b.x - a.x) * 0.3, y: a.y + (b.y - a.y) * 0.3});
}"""


@pytest.mark.slow
@pytest.mark.browser
def test_page_draws_offline_without_errors(opened):
    page, seen, url = opened
    expected = build_graph(hostile_facts())
    assert page.evaluate("window.geokg.nodes.length") == expected.number_of_nodes()
    assert page.evaluate("window.geokg.edges.length") == expected.number_of_edges()
    assert page.evaluate("Object.keys(window.geokg.network.getPositions()).length") == \
        expected.number_of_nodes()
    assert page.locator("#graph canvas").count() == 1
    assert page.locator("#legend li").count() >= 5
    assert "Organization" in page.locator("#legend").text_content()
    assert f"{expected.number_of_nodes()} entities" in page.locator("header").text_content()
    assert seen["errors"] == []
    assert seen["requests"] == [url]


@pytest.mark.slow
@pytest.mark.browser
def test_hostile_text_is_shown_as_text(opened):
    page, seen, url = opened
    assert PWN_NAME in hover_text(page, NODE_POINT, "person:pwn")
    edge_tip = hover_text(page, EDGE_POINT, "THREATEN")
    assert PWN_QUOTE.replace("\u2028", "") in edge_tip.replace("\u2028", "")
    assert "<script>" in edge_tip and "javascript:window.__pwned=4" in edge_tip
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert seen["dialogs"] == [] and seen["errors"] == [] and seen["requests"] == [url]


@pytest.mark.slow
@pytest.mark.browser
def test_search_selects_matching_entities(opened):
    page, _, _ = opened
    page.fill("#search-text", "rutte")
    page.press("#search-text", "Enter")
    assert page.locator("#search-result").text_content() == "1 match"
    selected = page.evaluate("window.geokg.network.getSelectedNodes()"
                             ".map(id => window.geokg.nodes.get(id).label)")
    assert selected == ["Mark Rutte"]
