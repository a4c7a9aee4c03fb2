"""Facts into an empty Oxigraph store at the engine's speed: N-Triples text straight into
Oxigraph's bulk loader (in a thread, beside extraction), one document after another, nothing
but fact ids held in memory.

The triples are the data model's (``rdf_model._add_fact``, which writes into anything with an
``add`` method); only what depends on several documents is left to the end: a fact's
confidence (noisy-or over its mentions from every document) and the links of entities to
their country. The result equals ``RdfStore.add`` of the merged facts.
"""
from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Iterable

import pyoxigraph as ox

from ..model import Fact, noisy_or
from .rdf import RdfStore
from .rdf_model import GK, _add_fact, fact_iri, nt_decimal, nt_iri, nt_line

CHUNK_LINES = 50_000  # lines a loader call takes: the loader's memory grows with its input
MENTION, CONFIDENCE = nt_iri(GK.mention), nt_iri(GK.confidence)
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

    def add(self, triple) -> None:
        s, p, o = triple
        if s == self.node and p != MENTION and (p == CONFIDENCE or not self.describe):
            return
        self.lines[nt_line(triple)] = None


class BulkWriter:
    """Write documents' facts into ``store`` (empty, on disk, not yet published)."""

    def __init__(self, store: RdfStore):
        self.store = store
        self.triples = 0
        self.load_seconds = 0.0  # inside Oxigraph's loader (the rest is making the triples)
        self._loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="geokg-bulk-load")
        self._pending: Future | None = None
        self._lines = _Lines()
        # fact id -> its mentions' confidences (a document is read once: no mention twice)
        self._confidences: dict[str, list[float]] = {}
        self._first: dict[str, str] = {}  # fact id -> the document its description came from
        self.redescribe: dict[str, str] = {}  # fact id -> a document that sorts before that one

    def add(self, doc_id: str, facts: Iterable[Fact]) -> None:
        """One document's facts. A fact named by several documents is described as its first
        document (by id) says, as ``merge_facts`` over documents in id order does."""
        lines = self._lines
        for fact in facts:
            fact_id = fact.id
            lines.node = nt_iri(fact_iri(fact_id))
            first = self._first.setdefault(fact_id, doc_id)
            lines.describe = first == doc_id
            if doc_id < first and doc_id < self.redescribe.get(fact_id, first):
                self.redescribe[fact_id] = doc_id
            _add_fact(lines, fact)
            self._confidences.setdefault(fact_id, []).extend(ev.confidence for ev in fact.evidence)
        if len(lines.lines) >= CHUNK_LINES:
            self._load()

    def _load(self) -> None:
        """Hand the lines to Oxigraph's loader in a thread (it releases the GIL): it loads one
        chunk on the other core while the next is extracted and written."""
        self._wait()
        if self._lines.lines:
            text = "".join(self._lines.lines).encode("utf-8")
            self._pending = self._loader.submit(self._bulk_load, text, len(self._lines.lines))
            self._lines.lines = {}

    def _bulk_load(self, text: bytes, count: int) -> None:
        started = time.perf_counter()
        self.store.oxigraph.bulk_load(text, ox.RdfFormat.N_TRIPLES)
        self.load_seconds += time.perf_counter() - started
        self.triples += count

    def _wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()  # the loader's error, if any, is the build's

    def close(self) -> None:
        """Wait for the load in flight (without raising: called when the build failed), so the
        store is never closed under it."""
        if self._pending is not None:
            self._pending.exception()
        self._loader.shutdown()

    def finish(self) -> None:
        """Confidences, country links, then a compaction so the first query is not the slow one."""
        lines = self._lines
        lines.node = None
        for fact_id, confidences in self._confidences.items():
            lines.add((nt_iri(fact_iri(fact_id)), CONFIDENCE, nt_decimal(noisy_or(confidences))))
            if len(lines.lines) >= CHUNK_LINES:
                self._load()
        self._load()
        self._wait()
        self._confidences.clear()
        self._first.clear()
        self.store.update(LINK_COUNTRIES)
        self.store.oxigraph.flush()
        self.store.oxigraph.optimize()
