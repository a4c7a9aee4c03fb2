"""Headless Chromium for the page tests: Debian's /usr/bin/chromium driven by playwright."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# WebGL (sigma.js draws with it) on the software renderer, as on a machine without a GPU.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--use-angle=swiftshader",
                 "--enable-unsafe-swiftshader", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def browser_or_skip():
    """Playwright's sync API module, or skip (fail in CI) when Chromium or playwright is missing."""
    in_ci = os.environ.get("CI") == "true"
    if not CHROMIUM.exists():
        (pytest.fail if in_ci else pytest.skip)(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        (pytest.fail if in_ci else pytest.skip)("playwright is not installed")
    return sync_api


def wait_until(page, expression: str, timeout: float = 30.0):
    """Poll a JS expression until it is truthy; its value.

    Polled from here with ``evaluate`` because playwright's own ``wait_for_function`` compiles
    its predicate with eval, which the page's Content-Security-Policy forbids.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)


def open_page(browser, url: str):
    """A page at ``url``, ready, with its errors, requests and dialogs recorded."""
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    seen = {"errors": [], "requests": [], "dialogs": []}
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.goto(url)
    wait_until(page, "window.geokg && window.geokg.ready")
    return page, seen
