"""An interactive HTML page of the graph that works offline: vis-network, inlined.

The page is self-contained: the vis-network JS and CSS shipped inside the pyvis package are
read at run time and inlined, the graph is a JSON data island, and no URL is ever fetched
(a Content-Security-Policy allows only the page's own scripts, by hash, and no connection).
Positions are computed here (physics is off), because letting vis-network settle 2,000 nodes
takes minutes. Article text is untrusted: it is escaped in the data island and only ever put
on the page through ``textContent`` (see ``kg/templates/graph.html``).
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import random
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..atomic import atomic_open

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
VIS_VERSION = "9.1.2"

ENTITY_COLORS = {
    "Country": "#4e79a7", "Organization": "#f28e2b", "Person": "#59a14f",
    "Place": "#b07aa1", "Unspecified": "#bab0ac",
}
EDGE_COLORS = {
    "cooperative": "#2ca02c", "conflictual": "#d62728", "relation": "#7f7f7f",
    "other": "#8c6d31",
}
QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation",
                3: "verbal conflict", 4: "material conflict"}
LABEL_MAX = 40
GRAVITY = 0.05
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "/": "\\/",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


# --- layout ----------------------------------------------------------------------------

def layout(graph: nx.Graph, iterations: int | None = None, spacing: float = 150.0,
           seed: int = 0) -> dict:
    """Node positions in pixels, ``spacing`` apart: a force-directed layout.

    Fruchterman-Reingold with grid-limited repulsion and logarithmic attraction, in pure
    Python (networkx's own layouts need numpy/scipy, which we don't depend on). The repulsion
    only looks at nodes in neighbouring grid cells, so an iteration is about O(n + m); small
    graphs get more iterations (300 at most), 2,000 nodes get 40 (about 1 s).
    """
    nodes = list(graph)
    if not nodes:
        return {}
    if iterations is None:
        iterations = max(40, min(300, 60_000 // len(nodes)))
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v})
    rng = random.Random(seed)
    side = math.sqrt(len(nodes)) * spacing
    xs = [rng.uniform(0, side) for _ in nodes]
    ys = [rng.uniform(0, side) for _ in nodes]
    for step in range(iterations):
        temp = side / 8 * (1 - step / iterations) + spacing / 20
        dx, dy = _repulsion(xs, ys, spacing)
        _attraction(xs, ys, dx, dy, pairs, spacing)
        _gravity(xs, ys, dx, dy, spacing)
        _move(xs, ys, dx, dy, temp)
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    return {node: (round(xs[i] - cx), round(ys[i] - cy)) for node, i in index.items()}


def _repulsion(xs: list, ys: list, k: float) -> tuple[list, list]:
    """k²/d repulsion between nodes at most 2k apart (each pair once, via a grid)."""
    n, cell, k2, cutoff2 = len(xs), 2 * k, k * k, 4 * k * k
    dx, dy = [0.0] * n, [0.0] * n
    grid = defaultdict(list)
    for i in range(n):
        grid[(int(xs[i] // cell), int(ys[i] // cell))].append(i)
    for (gx, gy), members in grid.items():
        for ox, oy in ((0, 0), (1, 0), (-1, 1), (0, 1), (1, 1)):
            others = members if (ox, oy) == (0, 0) else grid.get((gx + ox, gy + oy))
            if not others:
                continue
            for a, i in enumerate(members):
                xi, yi = xs[i], ys[i]
                for j in (others[a + 1:] if others is members else others):
                    ddx, ddy = xi - xs[j], yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 >= cutoff2:
                        continue
                    if d2 < 1e-6:
                        ddx, ddy, d2 = 0.1 * (1 + i % 7), 0.1 * (1 + j % 5), 0.01
                    f = k2 / d2
                    dx[i] += ddx * f; dy[i] += ddy * f
                    dx[j] -= ddx * f; dy[j] -= ddy * f
    return dx, dy


def _attraction(xs: list, ys: list, dx: list, dy: list, pairs: list, k: float) -> None:
    """k·log(1 + d/k) attraction along each edge (LinLog-like: hubs don't pull all in)."""
    for i, j in pairs:
        ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
        d = math.sqrt(ddx * ddx + ddy * ddy) + 1e-9
        f = k * math.log1p(d / k) / d
        dx[i] -= ddx * f; dy[i] -= ddy * f
        dx[j] += ddx * f; dy[j] += ddy * f


def _gravity(xs: list, ys: list, dx: list, dy: list, k: float) -> None:
    """A weak pull to the centre, so separate components stay on one screen."""
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    for i in range(len(xs)):
        dx[i] -= (xs[i] - cx) * GRAVITY
        dy[i] -= (ys[i] - cy) * GRAVITY


def _move(xs: list, ys: list, dx: list, dy: list, temp: float) -> None:
    """Move each node along its force, by at most ``temp`` pixels."""
    for i in range(len(xs)):
        d = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
        if d > 0:
            step = min(d, temp) / d
            xs[i] += dx[i] * step
            ys[i] += dy[i] * step


# --- page data ---------------------------------------------------------------------------

def _short(text: str, limit: int = LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _node_item(i: int, node, attrs: dict, pos: tuple, degree: int) -> dict:
    kind = attrs.get("type", "Unspecified")
    name = str(attrs.get("name", node))
    rows = [["type", kind], ["id", str(node)]]
    rows += [[k, str(attrs[k])] for k in ("country", "wikidata", "geonames") if k in attrs]
    rows.append(["facts", str(degree)])
    return {"id": i, "label": _short(name), "x": pos[0], "y": pos[1],
            "color": ENTITY_COLORS.get(kind, ENTITY_COLORS["Unspecified"]),
            "size": round(8 + 4 * math.sqrt(min(degree, 100)), 1),
            "tip": {"head": name, "rows": rows}}


def edge_style(attrs: dict) -> dict:
    """Colour by quad class, dashed for relations or non-asserted modality."""
    quad = attrs.get("quad_class")
    if attrs.get("kind") == "relation":
        color = EDGE_COLORS["relation"]
    elif quad in (1, 2):
        color = EDGE_COLORS["cooperative"]
    elif quad in (3, 4):
        color = EDGE_COLORS["conflictual"]
    else:
        color = EDGE_COLORS["other"]
    dashed = attrs.get("kind") == "relation" or attrs.get("modality", "asserted") != "asserted"
    return {"color": color, "dashes": dashed,
            "width": round(1 + min(attrs.get("sources", 1), 8) * 0.5, 1),
            "arrows": "" if attrs.get("symmetric") else "to"}


def _edge_label(attrs: dict) -> str:
    label = str(attrs.get("type", ""))
    modality = attrs.get("modality", "asserted")
    return label if modality == "asserted" else f"{label} ({modality})"


def _edge_rows(attrs: dict) -> list:
    """The tooltip rows of an edge, in reading order, for the fields it has."""
    quad = attrs.get("quad_class")
    fields = [
        ("kind", attrs.get("kind")), ("type", attrs.get("type")), ("CAMEO", attrs.get("cameo")),
        ("role", attrs.get("role")), ("date", attrs.get("date")),
        ("valid", _span(attrs.get("valid_from"), attrs.get("valid_to"))),
        ("place", attrs.get("place")), ("modality", attrs.get("modality")),
        ("quad class", f"{quad} ({QUAD_CLASSES[quad]})" if quad in QUAD_CLASSES else quad),
        ("Goldstein", attrs.get("goldstein")), ("confidence", attrs.get("confidence")),
        ("sources", attrs.get("sources")), ("document", attrs.get("doc")),
        ("url", attrs.get("url")),
    ]
    return [[k, str(v)] for k, v in fields if v not in (None, "")]


def _span(start, end) -> str | None:
    if not start and not end:
        return None
    return f"{start or '?'} \u2013 {end or 'now'}"


def _edge_item(i: int, ends: tuple, names: tuple, attrs: dict, parallel: int) -> dict:
    item = {"id": i, "from": ends[0], "to": ends[1], "label": _edge_label(attrs),
            **edge_style(attrs),
            "tip": {"head": f"{names[0]} \u2192 {names[1]}", "rows": _edge_rows(attrs),
                    "quote": attrs.get("quote")}}
    if parallel:  # fan out repeated edges between the same two nodes
        item["smooth"] = {"enabled": True, "type": "curvedCW" if parallel % 2 else "curvedCCW",
                          "roundness": round(0.2 * ((parallel + 1) // 2), 2)}
    return item


def graph_data(graph: nx.MultiDiGraph, positions: dict | None = None) -> dict:
    """The nodes and edges as vis-network items (plus a ``tip`` for the tooltip)."""
    positions = layout(graph) if positions is None else positions
    index = {node: i for i, node in enumerate(graph)}
    nodes = [_node_item(index[n], n, a, positions[n], graph.degree(n))
             for n, a in graph.nodes(data=True)]
    seen: dict[frozenset, int] = defaultdict(int)
    edges = []
    for u, v, attrs in graph.edges(data=True):
        pair = frozenset((u, v))
        names = (nodes[index[u]]["tip"]["head"], nodes[index[v]]["tip"]["head"])
        edges.append(_edge_item(len(edges), (index[u], index[v]), names, attrs, seen[pair]))
        seen[pair] += 1
    return {"nodes": nodes, "edges": edges}


def json_island(data) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&`` or ``/``.

    ``</script>`` or ``<!--`` in article text can't end or change the block, and U+2028/9
    can't break a parser. JSON.parse gives back the exact strings.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(str.maketrans(_JSON_ESCAPES))


def counts(graph: nx.MultiDiGraph) -> dict:
    kinds = [k for _, _, k in graph.edges(data="kind")]
    return {"entities": graph.number_of_nodes(), "events": kinds.count("event"),
            "relations": kinds.count("relation")}


# --- the page ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def vendor_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the installed pyvis package, safe to inline."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "lib" / f"vis-{VIS_VERSION}"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise ValueError(f"{lib}: vendor file would end its inline block early")
    # "://" only occurs in its comments and strings, where ":\/\/" means the same thing:
    # the page then holds no URL at all (the SVG namespace is a name, never fetched).
    return js.replace("://", ":\\/\\/"), css


def script_hash(source) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(str(source).encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@lru_cache(maxsize=1)
def _template():
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR),
                      autoescape=select_autoescape(["html"]), keep_trailing_newline=True)
    return env.get_template("graph.html")


def generate_html(graph: nx.MultiDiGraph, title: str = "geokg",
                  positions: dict | None = None) -> str:
    """The whole page, as one self-contained HTML string."""
    vis_js, vis_css = vendor_assets()
    return _template().render(
        title=title, counts=counts(graph), vis_js=vis_js, vis_css=vis_css,
        vis_hash=script_hash(vis_js), script_hash=script_hash,
        data=json_island(graph_data(graph, positions)),
        entity_colors=ENTITY_COLORS, edge_colors=EDGE_COLORS)


def write_html(graph: nx.MultiDiGraph, path_or_file, **options) -> None:
    """Write the page to a path (atomically: temp file, then rename) or an open text file."""
    page = generate_html(graph, **options)
    if hasattr(path_or_file, "write"):
        path_or_file.write(page)
        return
    path = Path(path_or_file)
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644  # mkstemp's is 0600
    with atomic_open(path) as fh:
        os.fchmod(fh.fileno(), mode)
        fh.write(page)
