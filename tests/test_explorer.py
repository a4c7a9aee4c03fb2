"""The explorer page of the built example graph, driven in real headless Chromium.

Every expected figure is computed here from ``events.jsonl``, the facts the page was built
from, with the page's documented defaults: events only, asserted only, all categories.
"""
from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from kg import api
from browser import browser_or_skip, launch, open_page, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
HOSTILE = """---
id: hostile-script
title: A hostile article
url: https://example.org/news/hostile
published: 2025-05-02
lang: en
---
Japan accused China of <script>window.__pwned=1</script> violating the agreement on Friday.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """`kg build` of the examples plus one article with a script in its text."""
    extra = tmp_path_factory.mktemp("hostile")
    (extra / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path_factory.mktemp("explorer") / "out"
    report = api.build([EXAMPLES, extra], out)
    assert not report.errors
    return out


@pytest.fixture(scope="module")
def facts(built) -> list[dict]:
    with (built / api.EVENTS_FILE).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def asserted(facts) -> list[dict]:
    return [f for f in facts if f["kind"] == "event" and f["modality"] == "asserted"]


@pytest.fixture(scope="module")
def browser():
    sync_api = browser_or_skip()
    with sync_api.sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def opened(browser, built):
    url = (built / api.HTML_FILE).as_uri()
    page, seen = open_page(browser, url)
    yield page, seen, url
    page.close()


def shown(page) -> int:
    return int(page.locator("#visible-events").text_content())


def period(text: str) -> tuple[date, date]:
    """The first and last day a date of the data stands for ("2025-06" is all of June)."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def click_node(page, actor_id: str) -> None:
    point = page.evaluate("""id => {
      const g = window.geokg, key = String(g.data.actors.findIndex(a => a.id === id));
      return g.renderer.graphToViewport(g.renderer.getGraph().getNodeAttributes(key));
    }""", actor_id)
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_page_opens_with_the_asserted_events_and_fetches_nothing(opened, asserted):
    page, seen, url = opened
    assert shown(page) == len(asserted)
    assert seen["errors"] == [] and seen["requests"] == [url]


def test_time_brush_sets_the_event_count_to_the_dated_events_in_the_period(opened, asserted):
    page, seen, url = opened
    box = page.locator("#timeline-canvas").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=5)
    page.mouse.up()
    first, last = (date.fromisoformat(d) for d in
                   page.locator("#brush-range").text_content().split(" \u2013 "))
    inside = [f for f in asserted if f["date"]
              and first <= period(f["date"])[0] and period(f["date"])[1] <= last]
    assert 0 < len(inside) < len(asserted)
    assert shown(page) == len(inside)
    page.locator("#timeline-canvas").dblclick()
    assert shown(page) == len(asserted) and page.locator("#brush-range").text_content() == "all dates"
    assert seen["requests"] == [url]


def test_category_filter_removes_that_category(opened, asserted):
    page, _, _ = opened
    category, count = Counter(f["type"] for f in asserted).most_common(1)[0]
    page.locator(f'input[data-category="{category}"]').uncheck()
    assert shown(page) == len(asserted) - count
    page.locator('input[data-modality="reported"]').check()
    reported = sum(f["modality"] == "reported" and f["type"] != category
                   for f in facts_of(page))
    assert shown(page) == len(asserted) - count + reported


def facts_of(page) -> list[dict]:
    """The page's own facts, as {type, modality} (to check a filter against the data island)."""
    return page.evaluate("window.geokg.data.events.filter(e => e.k === 'e')"
                         ".map(e => ({type: e.t, modality: e.m}))")


def test_clicking_an_actor_opens_its_panel_with_its_events_and_source_links(opened, asserted):
    page, seen, url = opened
    ends = Counter(f[end]["id"] for f in asserted for end in ("source", "target") if f[end])
    actor = ends.most_common(1)[0][0]
    mine = [f for f in asserted if actor in (f["source"]["id"], (f["target"] or {}).get("id"))]
    click_node(page, actor)
    wait_until(page, "!document.getElementById('panel').hidden")
    name = next(f[e]["name"] for f in mine for e in ("source", "target")
                if f[e] and f[e]["id"] == actor)
    assert page.locator("#panel h2").text_content() == name
    assert page.locator("#actor-events > li").count() == len(mine)
    dates = [d for d in page.locator("#actor-events > li b").all_text_contents() if d != "undated"]
    assert dates == sorted(dates, reverse=True)
    links = page.locator("#actor-events a")
    assert sorted(links.evaluate_all("as => as.map(a => a.href)")) == sorted(
        f["evidence"][0]["url"] for f in mine)
    assert set(links.evaluate_all("as => as.map(a => a.target + ' ' + a.rel)")) == {
        "_blank noopener noreferrer"}
    # the neighbourhood stays coloured, the rest is dimmed
    colours = wait_until(page, """(() => { const g = window.geokg, r = g.renderer;
      const shown = g.data.actors.map((a, i) => g.nodeOn[i] ? [g.focus.has(i), r.getNodeDisplayData(String(i)).color] : null)
        .filter(Boolean);
      return shown.some(([near, colour]) => !near && colour === "#e4e4e4") && shown; })()""")
    assert {c for near, c in colours if not near} == {"#e4e4e4"}
    assert "#e4e4e4" not in {c for near, c in colours if near}
    assert seen["requests"] == [url]
    page.context.route("https://example.org/**", lambda route: route.fulfill(body="source"))
    with page.context.expect_page() as popup:
        links.first.click()
    assert popup.value.url == links.first.get_attribute("href")
    assert not page.locator("#panel").is_hidden()  # the panel stays open


def test_country_view_draws_one_edge_per_dyad(opened, asserted):
    page, _, _ = opened
    page.locator('#views button[data-view="countries"]').click()
    dyads = Counter(frozenset((f["source"]["country"], f["target"]["country"])) for f in asserted
                    if f["target"] and f["source"]["country"] and f["target"]["country"]
                    and f["source"]["country"] != f["target"]["country"])
    edges = page.evaluate("""() => { const g = window.geokg.renderer.getGraph();
      return g.mapEdges((k, a, s, t) => [s, t, a.n]); }""")
    assert len(edges) == len(dyads) > 0
    assert {frozenset((s, t)): n for s, t, n in edges} == dyads


def test_map_shows_the_example_places(opened, asserted):
    page, _, _ = opened
    page.locator('#views button[data-view="map"]').click()
    places = {f["place"]["name"] for f in asserted
              if f["place"] and f["place"]["lat"] is not None and f["place"]["lon"] is not None}
    drawn = page.evaluate("window.geokg.mapPlaces.map(p => [p.name, p.x, p.y])")
    assert {name for name, _, _ in drawn} == places and places
    red = page.evaluate("""([x, y]) => { const c = document.getElementById('map'), r = devicePixelRatio;
      const px = c.getContext('2d').getImageData(Math.round(x * r), Math.round(y * r), 1, 1).data;
      return px[0] > 150 && px[1] < 150; }""", drawn[0][1:])
    assert red, "no dot drawn at the place"


def neighbours(asserted, actor: str) -> set[str]:
    return {f[b]["id"] for f in asserted if f["target"] for a, b in (("source", "target"),
            ("target", "source")) if f[a]["id"] == actor and f[b]["id"] != actor}


def test_expanding_a_neighbour_highlights_its_neighbours_too(opened, facts):
    page, _, _ = opened
    asserted = [f for f in facts if f["modality"] == "asserted"]  # relations are edges too
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search"
    names = {f[e]["name"] for f in asserted for e in ("source", "target") if f[e]}
    assert names <= set(page.locator("#actor-names option").evaluate_all("os => os.map(o => o.value)"))
    page.keyboard.type("Iran")
    page.keyboard.press("Enter")
    iran = "Q794"
    near = neighbours(asserted, iran)
    focus = "window.geokg.focus ? Array.from(window.geokg.focus).map(i => window.geokg.data.actors[i].id) : []"
    assert set(page.evaluate(focus)) == near | {iran}
    grows = next(j for j in sorted(near) if neighbours(asserted, j) - near - {iran})
    name = page.evaluate("id => window.geokg.data.actors.find(a => a.id === id).name", grows)
    page.locator("#neighbours li", has_text=name).locator("button.expand").click()
    assert set(page.evaluate(focus)) == near | {iran} | neighbours(asserted, grows)


def test_script_in_an_article_is_shown_as_text(opened):
    page, seen, url = opened
    page.fill("#search", "Japan")
    page.press("#search", "Enter")
    quote = page.locator("#actor-events blockquote", has_text="<script>")
    assert quote.count() == 1 and "window.__pwned=1" in quote.text_content()
    assert page.locator("#panel script").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert seen["dialogs"] == [] and seen["errors"] == [] and seen["requests"] == [url]
