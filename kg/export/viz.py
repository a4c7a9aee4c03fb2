"""The explorer: one HTML page (offline file or served by ``kg serve``) over the facts.

The page draws the actor graph with sigma.js (WebGL) on graphology, a timeline with a brush,
a country-level view and a map of event places over Natural Earth outlines; all of it is
vendored under ``kg/export/static/`` (see the README there) and inlined, so the page fetches
nothing: a Content-Security-Policy allows only its own scripts, by hash, and no connection
(``connect-src 'self'`` when served, for the JSON data API). sigma.js was chosen over
vis-network by measurement (scripts/bench_viz.py; the README has the figures): at 10,000
nodes and 30,000 edges vis-network took 2 s to draw and 1.3 s per filter change, sigma 0.7 s
and 0.2 s.

The page's data is built from fact records by ``page_data`` (the one place that knows both the
facts and the page). Article text is untrusted: it is escaped in the JSON data island and the
page only ever puts it on screen with ``textContent``.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import networkx as nx
import pycountry
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..atomic import atomic_open
from ..model import PLOVER_CATEGORIES, Entity, Fact
from .layout import layout

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
# Vendored scripts, inlined in this order (graphology before sigma, which uses it).
SCRIPTS = ("graphology-0.26.0.umd.min.js", "sigma-3.0.3.min.js", "topojson-client-3.1.0.min.js")
WORLD = "world-atlas-2.0.2-countries-110m.json"
ENTITY_COLORS = {"Country": "#4e79a7", "Organization": "#f28e2b", "Person": "#59a14f",
                 "Place": "#b07aa1"}
QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation",
                3: "verbal conflict", 4: "material conflict"}
QUAD_COLORS = {0: "#8c6d31", 1: "#74c476", 2: "#238b45", 3: "#fb6a4a", 4: "#cb181d"}
RELATION_COLOR = "#9e9e9e"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "/": "\\/",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


# --- page data ---------------------------------------------------------------------------

class _Index(dict):
    """Gives each distinct key the next number, and keeps the keys' records in that order."""

    def __init__(self, record):
        super().__init__()
        self.record, self.items = record, []

    def of(self, key, *args) -> int:
        if key not in self:
            self[key] = len(self.items)
            self.items.append(self.record(*args))
        return self[key]


def _actor(entity: Entity) -> dict:
    return {"id": entity.id, "name": entity.name, "type": entity.type,
            "country": entity.country, "wikidata": entity.wikidata}


def _place(entity: Entity) -> dict:
    return {"name": entity.name, "country": entity.country, "lat": entity.lat, "lon": entity.lon}


def _event(fact: Fact, actors: _Index, places: _Index) -> dict:
    """One fact in the page's short-key form (see the field list in explorer.js)."""
    first = fact.evidence[0] if fact.evidence else None
    item = {
        "k": fact.kind[0], "t": fact.type, "s": actors.of(fact.source.id, fact.source),
        "o": actors.of(fact.target.id, fact.target) if fact.target else -1,
        "q": fact.quad_class or 0, "m": fact.modality, "d": fact.date or "",
        "p": places.of(fact.place.id, fact.place) if fact.place else -1,
        "g": fact.goldstein, "n": len(fact.documents), "c": fact.cameo,
        "l": first.lang if first and first.lang else "?",
        "doc": first.doc if first else None, "quote": first.quote if first else None,
        "url": first.url if first else None,
    }
    if fact.kind == "relation":
        item.update(role=fact.role, vf=fact.valid_from, vt=fact.valid_to)
    return {k: v for k, v in item.items() if v is not None}


def _country_names(codes: Iterable[str]) -> dict:
    names = {}
    for code in sorted(codes):
        country = pycountry.countries.get(alpha_3=code)
        name = getattr(country, "common_name", None) or (country.name if country else code)
        names[code] = {"name": name, "num": country.numeric if country else None}
    return names


def page_data(facts: Iterable[Fact], positions: dict | None = None) -> dict:
    """What the page shows: actors (with positions), events and relations, places, countries.

    Events without a target are no node: they keep ``o = -1`` and show in their actor's list.
    ``positions`` maps actor ids to (x, y); by default a layout of the actor graph.
    """
    actors, places = _Index(_actor), _Index(_place)
    events = [_event(fact, actors, places) for fact in facts]
    graph = nx.Graph()
    graph.add_nodes_from(range(len(actors.items)))
    graph.add_edges_from((e["s"], e["o"]) for e in events if e["o"] >= 0)
    if positions is None:
        spots = layout(graph)
    else:
        spots = {actors[a]: xy for a, xy in positions.items() if a in actors}
    degree = Counter(x for e in events for x in (e["s"], e["o"]) if x >= 0)
    for i, actor in enumerate(actors.items):
        actor["x"], actor["y"] = spots.get(i, (0, 0))
        actor["deg"] = degree[i]
    codes = {a["country"] for a in actors.items if a["country"]}
    codes |= {p["country"] for p in places.items if p["country"]}
    return {"actors": actors.items, "events": events, "places": places.items,
            "countries": _country_names(codes), "categories": list(PLOVER_CATEGORIES),
            "quads": QUAD_CLASSES}


def counts(data: dict) -> dict:
    kinds = Counter(e["k"] for e in data["events"])
    return {"actors": len(data["actors"]), "events": kinds["e"], "relations": kinds["r"]}


def json_island(data) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&`` or ``/``.

    ``</script>`` or ``<!--`` in article text can't end or change the block, and U+2028/9
    can't break a parser. JSON.parse gives back the exact strings.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(str.maketrans(_JSON_ESCAPES))


# --- the page ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def vendor_scripts() -> tuple[str, ...]:
    """The vendored libraries' code, safe to inline."""
    scripts = []
    for name in SCRIPTS:
        js = (STATIC_DIR / name).read_text(encoding="utf-8")
        if "</script" in js.lower():
            raise ValueError(f"{name}: would end its inline block early")
        # "://" only occurs in comments and strings, where ":\/\/" means the same thing:
        # the page then holds no URL at all.
        scripts.append(js.replace("://", ":\\/\\/"))
    return tuple(scripts)


@lru_cache(maxsize=1)
def world_outlines() -> str:
    """Natural Earth 1:110m country outlines (TopoJSON), as a JSON data island."""
    return json_island(json.loads((STATIC_DIR / WORLD).read_text(encoding="utf-8")))


def script_hash(source) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(str(source).encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@lru_cache(maxsize=1)
def _template():
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR),
                      autoescape=select_autoescape(["html"]), keep_trailing_newline=True)
    return env.get_template("explorer.html")


def render_page(data: dict | None, title: str = "geokg", served: bool = False) -> str:
    """The page; with ``served`` it loads its data from ``api/data`` instead of inlining it."""
    shown = counts(data) if data is not None else None
    return _template().render(
        title=title, counts=shown, served=served, scripts=vendor_scripts(),
        script_hash=script_hash, world=world_outlines(),
        data=None if served else json_island(data),
        entity_colors=ENTITY_COLORS, quad_colors=QUAD_COLORS, quads=QUAD_CLASSES,
        relation_color=RELATION_COLOR)


def generate_html(facts: Iterable[Fact], title: str = "geokg",
                  positions: dict | None = None) -> str:
    """The whole offline page, as one self-contained HTML string."""
    return render_page(page_data(facts, positions), title)


def write_html(facts: Iterable[Fact], path_or_file, **options) -> None:
    """Write the page to a path (atomically: temp file, then rename) or an open text file."""
    page = generate_html(facts, **options)
    if hasattr(path_or_file, "write"):
        path_or_file.write(page)
        return
    path = Path(path_or_file)
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644  # mkstemp's is 0600
    with atomic_open(path) as fh:
        os.fchmod(fh.fileno(), mode)
        fh.write(page)
