#!/usr/bin/env python3
"""Time the explorer page on synthetic graphs: building it, and in headless Chromium its first
paint and a filter change.

Each size is N events among N/3 actors (preferential attachment, so a few hubs gather many
events, as in news), with a quote, a date over two years, a language and, for half of them, a
place with coordinates; one in ten facts is a structural relation and one in ten events has no
target. "first paint" is from navigation until the page has drawn the graph once; "filter" is
from unticking the most frequent category until the next frame is painted; "brush" the same
for selecting half of the timeline.

Example:
    python scripts/bench_viz.py                       # 1k, 10k, 50k events and 10k actors/30k events
    python scripts/bench_viz.py --sizes 30000:10000 -o /tmp/bench.html
    python scripts/bench_viz.py --no-browser          # only the Python side
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.export.viz import page_data, render_page  # noqa: E402
from kg.model import ENTITY_TYPES, Entity, Evidence, Fact  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
# Chromium as it runs by default on a machine without a GPU: WebGL on SwiftShader either way.
# "--disable-gpu" is left out on purpose: it adds software compositing, under which the page's
# main thread waited 0.5-0.9 s longer for its first frame here, a setting no user's browser has.
CHROMIUM_ARGS = ["--no-sandbox", "--enable-unsafe-swiftshader", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVENTS = [("CONSULT", "040", 1, 1.0), ("AGREE", "030", 1, 3.0), ("AID", "070", 2, 7.0),
          ("ACCUSE", "112", 3, -2.0), ("THREATEN", "138", 3, -4.4), ("ASSAULT", "195", 4, -10.0)]
MODALITIES = ["asserted"] * 7 + ["negated", "planned", "reported"]
COUNTRIES = ["USA", "CHN", "RUS", "UKR", "IDN", "JPN", "IRN", "ISR", "DEU", "FRA", "GBR", "IND"]
DEFAULT_SIZES = ["1000", "10000", "30000:10000", "50000"]


def synthetic_facts(n_events: int, n_actors: int, seed: int = 1) -> list[Fact]:
    rng = random.Random(seed)
    actors = [Entity(f"Q{i}", f"Entity {i}", rng.choice(ENTITY_TYPES),
                     country=rng.choice(COUNTRIES)) for i in range(n_actors)]
    places = [Entity(f"geonames:{i}", f"Place {i}", "Place", lat=rng.uniform(-50, 65),
                     lon=rng.uniform(-170, 175)) for i in range(max(1, n_actors // 20))]
    ends: list[Entity] = list(actors)  # each actor once, plus once per fact it is in
    facts = []
    for i in range(n_events):
        source = actors[i] if i < n_actors else rng.choice(ends)  # so every actor shows
        target = rng.choice(ends) if rng.random() > 0.1 else None
        ends += [source] + ([target] if target else [])
        quote = f"{source.name} and someone did something, sentence {i}."
        ev = Evidence(f"doc{i // 5}", i % 5, 0, len(quote), quote, rng.choice(["en", "id"]),
                      "bench", url=f"https://example.org/doc{i // 5}")
        if rng.random() < 0.1 and target:
            facts.append(Fact("relation", "member_of", source, target, evidence=[ev]))
            continue
        kind, cameo, quad, goldstein = rng.choice(EVENTS)
        day = 1 + rng.randrange(730)
        facts.append(Fact("event", kind, source, target, cameo=cameo, quad_class=quad,
                          goldstein=goldstein, date=f"{2024 + day // 365}-{1 + day % 365 // 31:02d}"
                          f"-{1 + day % 28:02d}", place=rng.choice(places) if i % 2 else None,
                          modality=rng.choice(MODALITIES), evidence=[ev]))
    return facts


def timed(func, *args):
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


# Runs in the page: a change, then two animation frames (the second starts once the first,
# which holds the new drawing, is painted).
CHANGE = """async (action) => {
  const start = performance.now();
  if (action === 'filter') {
    const counts = {};
    geokg.data.events.forEach(e => { if (e.k === 'e') counts[e.t] = (counts[e.t] || 0) + 1; });
    const top = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
    document.querySelector(`input[data-category="${top}"]`).click();
  } else {
    geokg.timeline.set([0, Math.floor(geokg.timelineCounts.length / 2)]);
  }
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return [performance.now() - start, geokg.shownEvents];
}"""


def warm_up(browser) -> None:
    """Start the browser's GPU process, which it starts for the first WebGL page of a session
    (0.5 s here), so that the first size is timed as the others are: in a browser in use."""
    page = browser.new_page()
    page.evaluate("document.createElement('canvas').getContext('webgl2') !== null")
    page.close()


def browser_times(browser, path: Path) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    start = time.perf_counter()
    page.goto(path.as_uri(), timeout=600_000)
    while not page.evaluate("window.geokg && window.geokg.ready"):
        time.sleep(0.02)
    times = {"first paint": time.perf_counter() - start}
    before = page.evaluate("geokg.shownEvents")
    for action in ("filter", "brush"):
        elapsed, shown = page.evaluate(CHANGE, action)
        times[action] = elapsed / 1000
        assert shown < before, f"{action} changed nothing"
        before = shown
    page.close()
    if errors:
        raise RuntimeError("; ".join(errors))
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=DEFAULT_SIZES, metavar="EVENTS[:ACTORS]",
                        help="graph sizes (actors default to a third of the events)")
    parser.add_argument("-o", "--output", type=Path, help="keep the last page here")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    args = parser.parse_args(argv)
    use_browser = not args.no_browser and CHROMIUM.exists()
    if not args.no_browser and not use_browser:
        print(f"{CHROMIUM} is missing: no browser timing")
    print(f"{'events':>7} {'actors':>7} {'edges':>7} {'page data':>10} {'render':>7} {'MB':>6}"
          + (f" {'first paint':>12} {'filter':>7} {'brush':>7}" if use_browser else ""))
    browser = pw = None
    if use_browser:
        from playwright.sync_api import sync_playwright
        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        warm_up(browser)
    folder = Path(tempfile.mkdtemp(prefix="bench_viz."))
    try:
        for size in args.sizes:
            n_events, _, n_actors = size.partition(":")
            n_events = int(n_events)
            facts = synthetic_facts(n_events, int(n_actors) if n_actors else max(1, n_events // 3))
            data, t_data = timed(page_data, facts)
            page, t_render = timed(render_page, data)
            path = args.output or folder / f"explorer-{n_events}.html"
            path.write_text(page, encoding="utf-8")
            edges = sum(e["o"] >= 0 and e["o"] != e["s"] for e in data["events"])
            line = (f"{len(data['events']):>7} {len(data['actors']):>7} {edges:>7} {t_data:>9.2f}s"
                    f" {t_render:>6.2f}s {len(page.encode()) / 1e6:>6.1f}")
            if browser:
                t = browser_times(browser, path)
                line += f" {t['first paint']:>11.2f}s {t['filter']:>6.2f}s {t['brush']:>6.2f}s"
            print(line, flush=True)
    finally:
        if browser:
            browser.close()
            pw.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
