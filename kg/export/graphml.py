"""GraphML for Gephi, yEd or igraph: the actor network, or its country-level projection.

``level="event"``: the actors that take part in a direct edge, and one edge per such event or
relation (``kg.model.has_direct_edge``: asserted or reported, with a target), so no node stands
for a missing actor and negated or planned events are no edges. ``level="country"``: one node
per state and one edge per (source state, target state, period), weighted by its number of
events (``kg.export.table.dyads``). Every edge carries ``start`` and ``end`` (ISO days) for
Gephi's timeline.
"""
from __future__ import annotations

from pathlib import Path
from typing import IO, Iterable

import networkx as nx

from ..model import Fact
from ..store.base import StoreError
from ..store.graph import build_graph
from .table import dyad_summary, dyads, period_span


def actor_network(facts: Iterable[Fact]) -> nx.MultiDiGraph:
    graph = build_graph(facts)
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    return graph


def country_network(facts: Iterable[Fact], period: str = "month") -> nx.MultiDiGraph:
    facts = list(facts)
    names = {f_entity.country: f_entity.name for fact in facts
             for f_entity in (fact.source, fact.target)
             if f_entity is not None and f_entity.type == "Country" and f_entity.country}
    graph = nx.MultiDiGraph()
    for (source, target, when), events in dyads(facts, period).items():
        for code in (source, target):
            graph.add_node(code, name=names.get(code, code), type="Country", country=code)
        start, end = period_span(when)
        attrs = {"period": when, "start": start, "end": end, **dyad_summary(events)}
        attrs["weight"] = attrs["events"]
        graph.add_edge(source, target, key=f"{when or 'undated'}",
                       **{k: v for k, v in attrs.items() if v is not None})
    return graph


def write_graphml(facts: Iterable[Fact], dest: str | Path | IO, level: str = "event",
                  period: str = "month") -> None:
    if level == "event":
        graph = actor_network(facts)
    elif level == "country":
        graph = country_network(facts, period)
    else:
        raise StoreError(f"unknown level {level!r} for GraphML; choose event or country")
    nx.write_graphml(graph, dest)
