"""The extraction pipeline: document → sentences → mentions → facts, as named stages.

A failure inside one document is reported with the stage that failed; the other documents
still run. ``workers`` spreads documents over processes; the merged result is the same for
any number of workers because facts are merged and sorted by their content-hash ids.
"""
from __future__ import annotations

import itertools
import multiprocessing
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import date
from typing import Iterable, Iterator

from .entities import Gazetteer, MentionFinder
from .events import extract_sentence
from .ingest import IngestError
from ..model import Document, Fact, Mention
from .rules import rules_for
from .sentences import sentences

DEFAULT_LANG = "en"
DETECT_CHARS = 1000  # a thousand characters tell two languages apart as well as a whole article


@lru_cache(maxsize=None)
def _detector(langs: tuple[str, ...]):
    """A lingua detector over ``langs``, its models loaded now (so forked workers share them)
    and in low-accuracy mode: with only the languages we have data for to choose from, the
    trigram models alone decide as well, at about a twentieth of the cost."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, lang.upper()) for lang in langs]
    return (LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
            .with_low_accuracy_mode().with_preloaded_language_models().build())


@dataclass(frozen=True)
class DocumentResult:
    doc_id: str
    facts: list[Fact]
    error: IngestError | None = None


class Pipeline:
    """Loads lexicons and gazetteers once; then extracts facts from any number of documents."""

    def __init__(self, langs: list[str] | None = None):
        self.gazetteer = Gazetteer(langs)
        self._finders: dict[str | None, MentionFinder] = {}
        for lang in self.gazetteer.langs:  # load every language now, not inside the first document
            self._finder(lang)
            rules_for(lang)
        self._detector = _detector(tuple(self.gazetteer.langs))

    def detect_language(self, text: str) -> str:
        """The language of ``text`` among those we have data for (no other could be read)."""
        if len(self.gazetteer.langs) == 1:
            return self.gazetteer.langs[0]
        found = self._detector.detect_language_of(text[:DETECT_CHARS])
        return found.iso_code_639_1.name.lower() if found else DEFAULT_LANG

    def _finder(self, lang: str | None) -> MentionFinder:
        if lang not in self._finders:
            self._finders[lang] = MentionFinder(self.gazetteer, lang)
        return self._finders[lang]

    def extract_document(self, doc: Document) -> list[Fact]:
        lang = doc.lang or DEFAULT_LANG
        finder, people = self._finder(lang), {}
        facts = []
        for sentence in sentences(doc):
            mentions = finder.find(sentence.text, doc.published, people)
            if mentions:  # every fact has an actor named in its sentence; many sentences name none
                facts.extend(extract_sentence(sentence, mentions, self.gazetteer.countries, lang))
        return facts

    def extract_text(self, text: str, lang: str = DEFAULT_LANG, doc_id: str = "text",
                     published: date | None = None) -> list[Fact]:
        return self.extract_document(Document(doc_id, text, lang=lang, published=published))

    def mentions(self, text: str, lang: str = DEFAULT_LANG) -> list[Mention]:
        """Entity mentions with offsets into ``text`` (sentence by sentence)."""
        doc = Document("text", text, lang=lang)
        finder, people, found = self._finder(lang), {}, []
        for sentence in sentences(doc):
            for m in finder.find(sentence.text, None, people):
                found.append(Mention(m.entity, m.start + sentence.start, m.end + sentence.start,
                                     m.text, m.rule, m.role))
        return found

    def run(self, doc: Document) -> DocumentResult:
        try:
            if doc.lang is None:  # detected here, once per document, in the workers
                doc = replace(doc, lang=self.detect_language(doc.text))
            return DocumentResult(doc.id, self.extract_document(doc))
        except Exception as exc:  # one broken document must not stop the others
            return DocumentResult(doc.id, [], IngestError(doc.id, f"extraction failed: {exc!r}"))


_worker: Pipeline | None = None  # inherited by forked workers: no second load
BATCH = 32  # documents per task: fewer, larger messages between processes
AHEAD = 4  # batches in flight per worker: enough to keep them busy, bounded memory


def _run_in_worker(docs: list[Document]) -> list[DocumentResult]:
    return [_worker.run(doc) for doc in docs]


def _bounded(items: Iterable, slots: threading.Semaphore) -> Iterator:
    """``items`` one at a time, each waiting for a free slot (the pool reads its input eagerly)."""
    for item in items:
        slots.acquire()
        yield item


def run_documents(pipeline: Pipeline, docs: Iterable[Document], workers: int = 1
                  ) -> Iterator[DocumentResult]:
    """Results in input order, from one process or from ``workers`` forked processes that
    share what the parent loaded; documents are read as the workers need them."""
    if workers <= 1:
        yield from map(pipeline.run, docs)
        return
    global _worker
    _worker = pipeline
    slots = threading.Semaphore(workers * AHEAD)
    batches = _bounded(_batched(docs, BATCH), slots)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for results in pool.imap(_run_in_worker, batches):
            slots.release()
            yield from results


def _batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch
