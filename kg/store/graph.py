"""The in-memory view: facts as a networkx MultiDiGraph, one edge per event occurrence.

Nodes are the actors, entity ids carrying ``name``, ``type``, ``country``, ``wikidata`` (and
the place fields for places that are actors, as in ``located_in``); an event's place is an
attribute of its edge. Each fact with a target is one edge keyed by the fact id, so two meetings
of the same pair stay two edges. A fact without a target hangs on a node of its own.
"""
from __future__ import annotations

from typing import Iterable

import networkx as nx

from ..model import Entity, Fact, merge_facts
from .base import Store


def _add_entity(graph: nx.MultiDiGraph, entity: Entity) -> None:
    attrs = {"name": entity.name, "type": entity.type, "country": entity.country,
             "wikidata": entity.wikidata}
    if entity.type == "Place":
        attrs.update(geonames=entity.geonames, lat=entity.lat, lon=entity.lon)
    graph.add_node(entity.id, **{k: v for k, v in attrs.items() if v is not None})


def edge_attributes(fact: Fact) -> dict:
    """The flat attributes of a fact's edge (all scalars, so GraphML can hold them)."""
    first = fact.evidence[0] if fact.evidence else None
    attrs = {
        "kind": fact.kind, "type": fact.type, "cameo": fact.cameo,
        "quad_class": fact.quad_class, "goldstein": fact.goldstein, "date": fact.date,
        "place": fact.place.name if fact.place else None,
        "place_id": fact.place.id if fact.place else None,
        "modality": fact.modality, "symmetric": fact.symmetric, "role": fact.role,
        "valid_from": fact.valid_from, "valid_to": fact.valid_to,
        "confidence": fact.confidence, "sources": len(fact.evidence),
        "quote": first.quote if first else None, "doc": first.doc if first else None,
        "url": first.url if first else None,
    }
    return {k: v for k, v in attrs.items() if v is not None}


def build_graph(facts: Iterable[Fact]) -> nx.MultiDiGraph:
    """Build the graph of ``facts``.

    Examples
    --------
    >>> from kg.model import Entity, Fact
    >>> a, b = Entity("Q17", "Japan", "Country"), Entity("Q7184", "NATO", "Organization")
    >>> g = build_graph([Fact("event", "AGREE", a, b, cameo="030", date="2025-06-24"),
    ...                  Fact("event", "AGREE", a, b, cameo="030", date="2025-07-01")])
    >>> g.number_of_edges("Q17", "Q7184")
    2
    """
    graph = nx.MultiDiGraph()
    for fact in facts:
        _add_entity(graph, fact.source)
        target = fact.target.id if fact.target else f"{fact.id}:none"
        if fact.target is not None:
            _add_entity(graph, fact.target)
        else:
            graph.add_node(target, name="(unspecified)", type="Unspecified")
        graph.add_edge(fact.source.id, target, key=fact.id, **edge_attributes(fact))
    return graph


class NetworkxStore(Store):
    """Facts held in memory, queried through the networkx graph."""

    name = "networkx"

    def __init__(self, facts: Iterable[Fact] = ()):
        self._facts: dict[str, Fact] = {}
        self.add(facts)

    def add(self, facts: Iterable[Fact]) -> None:
        self._facts = {f.id: f for f in merge_facts([*self._facts.values(), *facts])}

    def remove_document(self, doc_id: str) -> None:
        kept = {}
        for fid, fact in self._facts.items():
            fact.evidence = [ev for ev in fact.evidence if ev.doc != doc_id]
            if fact.evidence:
                kept[fid] = fact
        self._facts = kept

    def facts(self) -> list[Fact]:
        return list(self._facts.values())

    def counts(self) -> dict[str, int]:
        facts = self._facts.values()
        entities = {e.id for f in facts for e in (f.source, f.target, f.place) if e is not None}
        return {"events": sum(f.kind == "event" for f in facts),
                "relations": sum(f.kind == "relation" for f in facts),
                "entities": len(entities)}

    @property
    def graph(self) -> nx.MultiDiGraph:
        return build_graph(self._facts.values())
