"""Facts into an empty Oxigraph store at the engine's speed: N-Triples text straight into
Oxigraph's bulk loader, one document after another, nothing but fact ids held in memory.

The triples are the data model's (``rdf_model._add_fact``, which writes into anything with an
``add`` method); only what depends on several documents is left to the end: a fact's
confidence (noisy-or over its mentions from every document) and the links of entities to
their country. The result equals ``RdfStore.add`` of the merged facts.
"""
from __future__ import annotations

import time
from typing import Iterable

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral

from ..model import Fact, noisy_or
from .rdf import RdfStore
from .rdf_model import GK, _add_fact, _decimal, fact_iri, mention_iri

CHUNK_LINES = 200_000  # lines handed to the loader at once: large files, bounded memory
IRI_CACHE = 100_000
LINK_COUNTRIES = ("INSERT { ?e gk:country ?c } WHERE { ?e gk:countryCode ?code . "
                  "?c a gk:Country ; gk:iso3 ?code }")


class _Lines:
    """Collects N-Triples lines, dropping repeats (an entity is described by every fact naming
    it), the per-document confidence of a fact (computed at the end) and, for a fact already
    written from another document, its description (``describe=False``)."""

    def __init__(self):
        self.lines: dict[str, None] = {}
        self.node = None
        self.describe = True
        self._iris: dict[URIRef, str] = {}  # the same entities and properties recur throughout

    def add(self, triple) -> None:
        s, p, o = triple
        if s == self.node and p != GK.mention and (p == GK.confidence or not self.describe):
            return
        self.lines[f"{self._iri(s)} {self._iri(p)} "
                   f"{self._iri(o) if type(o) is URIRef else _quoteLiteral(o)} .\n"] = None

    def _iri(self, term: URIRef) -> str:
        text = self._iris.get(term)
        if text is None:
            if len(self._iris) > IRI_CACHE:
                self._iris.clear()
            text = self._iris[term] = term.n3()
        return text


class BulkWriter:
    """Write documents' facts into ``store`` (empty, on disk, not yet published)."""

    def __init__(self, store: RdfStore):
        self.store = store
        self.triples = 0
        self.load_seconds = 0.0  # inside Oxigraph's loader (the rest is making the triples)
        self._lines = _Lines()
        self._mentions: dict[str, dict[str, float]] = {}  # fact id -> mention -> confidence
        self._first: dict[str, str] = {}  # fact id -> the document its description came from
        self.redescribe: dict[str, str] = {}  # fact id -> a document that sorts before that one

    def add(self, doc_id: str, facts: Iterable[Fact]) -> None:
        """One document's facts. A fact named by several documents is described as its first
        document (by id) says, as ``merge_facts`` over documents in id order does."""
        lines = self._lines
        for fact in facts:
            fact_id = fact.id
            lines.node = fact_iri(fact_id)
            first = self._first.setdefault(fact_id, doc_id)
            lines.describe = first == doc_id
            if doc_id < first and doc_id < self.redescribe.get(fact_id, first):
                self.redescribe[fact_id] = doc_id
            _add_fact(lines, fact)
            mentions = self._mentions.setdefault(fact_id, {})
            for ev in fact.evidence:
                mentions[mention_iri(fact_id, ev)] = ev.confidence
        if len(lines.lines) >= CHUNK_LINES:
            self._load()

    def _load(self) -> None:
        if self._lines.lines:
            text = "".join(self._lines.lines).encode("utf-8")
            started = time.perf_counter()
            self.store.oxigraph.bulk_load(text, ox.RdfFormat.N_TRIPLES)
            self.load_seconds += time.perf_counter() - started
            self.triples += len(self._lines.lines)
            self._lines.lines = {}

    def finish(self) -> None:
        """Confidences, country links, then a compaction so the first query is not the slow one."""
        lines = self._lines
        lines.node = None
        for fact_id, mentions in self._mentions.items():
            lines.add((fact_iri(fact_id), GK.confidence, _decimal(noisy_or(mentions.values()))))
            if len(lines.lines) >= CHUNK_LINES:
                self._load()
        self._load()
        self._mentions.clear()
        self._first.clear()
        self.store.update(LINK_COUNTRIES)
        self.store.oxigraph.flush()
        self.store.oxigraph.optimize()
