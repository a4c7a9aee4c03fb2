"""The in-memory view: facts as a networkx MultiDiGraph.

Nodes are the actors, entity ids carrying ``kind="entity"``, ``name``, ``type``, ``country``,
``wikidata`` (and the place fields for places). Edges follow the rule every store shares
(``kg.model.has_direct_edge``): each asserted or reported fact with a target is one direct edge
from its source to its target, keyed by the fact id so two meetings of the same pair stay two
edges. A negated or planned fact, or one without a target, is no edge.

``build_graph(facts, events=True)`` adds what Neo4j holds as nodes: one node per fact (events of
every modality and relations, ``kind="event"|"relation"``, keyed by the fact id) linked to its
actors and place by edges ``kind="link"`` with ``link="source"|"target"|"place"``, and one node
per document (``kind="document"``, id ``doc/<document id>``) linked from each fact it supports
(``link="evidence"``).

A symmetric fact (met, agreed: ``symmetric=True``) is one edge whose direction means nothing;
``direct_edges`` gives it from both sides, as RDF's two direct triples and Cypher's undirected
pattern do.
"""
from __future__ import annotations

from typing import Iterable, Iterator

import networkx as nx

from ..model import Entity, Fact, date_span, has_direct_edge, merge_facts
from .base import Store


def _drop_empty(attrs: dict) -> dict:
    return {k: v for k, v in attrs.items() if v is not None}


def _add_entity(graph: nx.MultiDiGraph, entity: Entity) -> None:
    attrs = {"kind": "entity", "name": entity.name, "type": entity.type,
             "country": entity.country, "wikidata": entity.wikidata}
    if entity.type == "Place":
        attrs.update(geonames=entity.geonames, lat=entity.lat, lon=entity.lon)
    graph.add_node(entity.id, **_drop_empty(attrs))


def time_attributes(fact: Fact) -> dict:
    """``start``/``end`` (ISO days, Gephi's timeline): an event's date, a relation's validity
    (the first day of ``valid_from``, the last of ``valid_to``); an event's ``date_precision``."""
    if fact.kind == "relation":
        start, end = date_span(fact.valid_from), date_span(fact.valid_to)
        return _drop_empty({"start": start[0].isoformat() if start else None,
                            "end": end[1].isoformat() if end else None})
    span = date_span(fact.date)
    if span is None:
        return {}
    return {"start": span[0].isoformat(), "end": span[1].isoformat(), "date_precision": span[2]}


def edge_attributes(fact: Fact) -> dict:
    """The flat attributes of a fact (all scalars, so GraphML can hold them)."""
    first = fact.evidence[0] if fact.evidence else None
    attrs = {
        "kind": fact.kind, "type": fact.type, "cameo": fact.cameo,
        "quad_class": fact.quad_class, "goldstein": fact.goldstein, "date": fact.date,
        "place": fact.place.name if fact.place else None,
        "place_id": fact.place.id if fact.place else None,
        "modality": fact.modality, "symmetric": fact.symmetric, "role": fact.role,
        "valid_from": fact.valid_from, "valid_to": fact.valid_to,
        "source_country": fact.source.country,
        "target_country": fact.target.country if fact.target else None,
        "confidence": fact.confidence, "sources": len(fact.documents),
        "quote": first.quote if first else None, "doc": first.doc if first else None,
        "url": first.url if first else None, **time_attributes(fact),
    }
    return _drop_empty(attrs)


def document_node(doc_id: str) -> str:
    return f"doc/{doc_id}"


def _add_event_node(graph: nx.MultiDiGraph, fact: Fact) -> None:
    """The fact as a node, its links to actors and place, and its documents."""
    name = fact.type if fact.modality == "asserted" else f"{fact.type} ({fact.modality})"
    graph.add_node(fact.id, name=name, **edge_attributes(fact))
    for link, entity in (("source", fact.source), ("target", fact.target), ("place", fact.place)):
        if entity is not None:
            _add_entity(graph, entity)
            graph.add_edge(fact.id, entity.id, key=link, kind="link", link=link)
    for ev in fact.evidence:
        node = document_node(ev.doc)
        graph.add_node(node, **_drop_empty({
            "kind": "document", "name": ev.title or ev.doc, "doc_id": ev.doc, "url": ev.url,
            "title": ev.title, "published": ev.published, "lang": ev.lang}))
        graph.add_edge(fact.id, node, key=f"evidence:{ev.doc}", kind="link", link="evidence")


def build_graph(facts: Iterable[Fact], events: bool = False) -> nx.MultiDiGraph:
    """The actors and the direct edges of ``facts``; with ``events``, fact and document nodes.

    Examples
    --------
    >>> from kg.model import Entity, Fact
    >>> a, b = Entity("Q17", "Japan", "Country"), Entity("Q7184", "NATO", "Organization")
    >>> g = build_graph([Fact("event", "AGREE", a, b, cameo="030", date="2025-06-24"),
    ...                  Fact("event", "AGREE", a, b, cameo="030", date="2025-07-01"),
    ...                  Fact("event", "AGREE", a, b, cameo="030", modality="negated")])
    >>> g.number_of_edges("Q17", "Q7184")
    2
    """
    graph = nx.MultiDiGraph()
    for fact in facts:
        _add_entity(graph, fact.source)
        if fact.target is not None:
            _add_entity(graph, fact.target)
        if has_direct_edge(fact):
            graph.add_edge(fact.source.id, fact.target.id, key=fact.id, **edge_attributes(fact))
        if events:
            _add_event_node(graph, fact)
    return graph


def direct_edges(graph: nx.MultiDiGraph, type: str | None = None
                 ) -> Iterator[tuple[str, str, str, dict]]:
    """(source, target, fact id, attributes) of every direct edge (of one ``type``), with each
    symmetric edge also given the other way round."""
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        if attrs.get("kind") not in ("event", "relation") or type not in (None, attrs["type"]):
            continue
        yield u, v, key, attrs
        if attrs.get("symmetric"):
            yield v, u, key, attrs


def fact_nodes(graph: nx.MultiDiGraph, kind: str = "event") -> Iterator[tuple[str, dict]]:
    """The fact nodes of a graph built with ``events=True``."""
    return ((n, a) for n, a in graph.nodes(data=True) if a.get("kind") == kind)


def linked(graph: nx.MultiDiGraph, fact: str, link: str) -> list[str]:
    """The nodes a fact node links to by ``link`` (source, target, place, evidence)."""
    return [v for _, v, a in graph.out_edges(fact, data=True) if a.get("link") == link]


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
        """The whole model: actors, direct edges, fact and document nodes."""
        return build_graph(self._facts.values(), events=True)
