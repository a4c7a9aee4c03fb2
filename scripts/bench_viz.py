#!/usr/bin/env python3
"""Time the HTML view on a synthetic graph: layout, page generation, and drawing in Chromium.

The graph has --nodes entities and about --edges facts between them (preferential
attachment, so a few hubs gather many facts, as in news), with a quote on every fact.

Example:
    python scripts/bench_viz.py --nodes 2000 --edges 6000 -o /tmp/bench.html
    python scripts/bench_viz.py --no-browser      # skip the Chromium timing
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.store.graph import build_graph  # noqa: E402
from kg.model import ENTITY_TYPES, Entity, Evidence, Fact  # noqa: E402
from kg.export.viz import generate_html, graph_data, json_island, layout, write_html  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
EVENTS = [("CONSULT", "040", 1), ("AGREE", "030", 1), ("AID", "070", 2),
          ("ACCUSE", "112", 3), ("THREATEN", "138", 3), ("ASSAULT", "195", 4)]
MODALITIES = ["asserted"] * 7 + ["negated", "planned", "reported"]


def synthetic_facts(n_nodes: int, n_edges: int, seed: int = 1) -> list[Fact]:
    rng = random.Random(seed)
    entities = [Entity(f"Q{i}", f"Entity {i}", rng.choice(ENTITY_TYPES)) for i in range(n_nodes)]
    ends: list[Entity] = list(entities)  # each entity once, plus once per fact it is in
    facts = []
    for i in range(n_edges):
        source = entities[i] if i < n_nodes else rng.choice(ends)  # so every entity shows
        target = rng.choice(ends)
        ends += [source, target]
        quote = f"Entity {source.id} and {target.id} did something, sentence {i}."
        ev = Evidence(f"doc{i // 5}", i % 5, 0, len(quote), quote, "en", "bench",
                      url=f"https://example.org/doc{i // 5}")
        if rng.random() < 0.1:
            facts.append(Fact("relation", "member_of", source, target, evidence=[ev]))
            continue
        kind, cameo, quad = rng.choice(EVENTS)
        facts.append(Fact("event", kind, source, target, cameo=cameo, quad_class=quad,
                          date=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                          modality=rng.choice(MODALITIES), evidence=[ev]))
    return facts


def timed(label: str, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"{label:<34}{time.perf_counter() - start:8.2f} s")
    return result


def browser_time(path: Path) -> None:
    """Seconds from navigation until vis-network has drawn the page once."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("window.geokg && window.geokg.drawn", timeout=300_000)
        wall = time.perf_counter() - start
        drawn_ms = page.evaluate("window.geokg.drawnAt")
        shown = page.evaluate("window.geokg.nodes.length")
        print(f"{'chromium: load to first draw':<34}{wall:8.2f} s  (page clock {drawn_ms / 1000:.2f} s,"
              f" {shown} nodes{', errors: ' + '; '.join(errors) if errors else ''})")
        start = time.perf_counter()
        page.evaluate("window.geokg.network.redraw()")
        page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")
        print(f"{'chromium: one redraw':<34}{time.perf_counter() - start:8.2f} s")
        browser.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, help="keep the page here (default: a temp file)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    args = parser.parse_args(argv)

    facts = synthetic_facts(args.nodes, args.edges, args.seed)
    graph = timed("build_graph", build_graph, facts)
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    positions = timed("layout", layout, graph)
    data = timed("node/edge items", graph_data, graph, positions)
    timed("JSON island", json_island, data)
    page = timed("generate_html (layout included)", generate_html, graph)
    print(f"page size: {len(page.encode('utf-8')) / 1e6:.2f} MB")
    path = args.output or Path(tempfile.mkdtemp(prefix="bench_viz.")) / "graph.html"
    timed("write_html (layout included)", write_html, graph, path)
    print(f"page: {path}")
    if args.no_browser:
        return 0
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: no browser timing")
        return 0
    browser_time(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
