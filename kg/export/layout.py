"""Node positions for the explorer's actor graph: a force-directed layout in pure Python.

networkx's own layouts need numpy/scipy, which we don't depend on; this one is Fruchterman-
Reingold with grid-limited repulsion and logarithmic attraction, so an iteration is about
O(n + m).
"""
from __future__ import annotations

import math
import random
from collections import defaultdict

import networkx as nx

GRAVITY = 0.05


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


