#!/usr/bin/env python3
"""Screenshots of each view of the explorer on the example data, for the README.

Builds data/examples into a temporary folder, opens its graph.html in headless Chromium and
saves docs/explorer-actors.png (the actor graph), explorer-panel.png (an actor's panel after a
search, its neighbourhood highlighted), explorer-countries.png (one edge per pair of
countries) and explorer-map.png (event places).

Example:
    python scripts/screenshots.py
    python scripts/screenshots.py --out /tmp/shots --actor "Takeshi Iwaya"
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import api  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--use-angle=swiftshader",
                 "--enable-unsafe-swiftshader", "--no-first-run", "--disable-background-networking"]


def ready(page, expression: str, timeout: float = 60.0) -> None:
    # Polled with evaluate: the page's CSP forbids the eval behind wait_for_function.
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise SystemExit(f"the page did not get ready: {expression}")
        time.sleep(0.05)


def shoot(page_url: str, out: Path, actor: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 820})
        page.goto(page_url)
        ready(page, "window.geokg && window.geokg.ready")

        def save(name: str) -> None:
            page.wait_for_timeout(700)  # the camera's animation
            path = out / f"explorer-{name}.png"
            page.screenshot(path=str(path))
            saved.append(path)

        save("actors")
        page.fill("#search", actor)
        page.press("#search", "Enter")
        ready(page, "!document.getElementById('panel').hidden")
        save("panel")
        page.keyboard.press("Escape")
        page.locator('#views button[data-view="countries"]').click()
        save("countries")
        page.locator('#views button[data-view="map"]').click()
        save("map")
        browser.close()
    return saved


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files")
    parser.add_argument("--actor", default="Japan", help="whose panel to show")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots.") as tmp:
        built = Path(tmp) / "out"
        api.build([ROOT / "data" / "examples"], built)
        for path in shoot((built / api.HTML_FILE).as_uri(), args.out, args.actor):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
