"""The extraction pipeline: document → sentences → mentions → facts, as named stages.

A failure inside one document is reported with the stage that failed; the other documents
still run. ``workers`` spreads documents over processes; the merged result is the same for
any number of workers because facts are merged and sorted by their content-hash ids.
"""
from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Iterator

from .entities import Gazetteer, MentionFinder
from .events import extract_sentence
from .ingest import IngestError, detect_language
from ..model import Document, Fact, Mention
from .rules import rules_for
from .sentences import sentences

DEFAULT_LANG = "en"


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
            if doc.lang is None:  # detected here, not in ingest, so that workers share the cost
                doc = replace(doc, lang=detect_language(doc.text))
            return DocumentResult(doc.id, self.extract_document(doc))
        except Exception as exc:  # one broken document must not stop the others
            return DocumentResult(doc.id, [], IngestError(doc.id, f"extraction failed: {exc!r}"))


_worker: Pipeline | None = None  # inherited by forked workers: no second load


def _run_in_worker(doc: Document) -> DocumentResult:
    return _worker.run(doc)


def run_documents(pipeline: Pipeline, docs: Iterable[Document], workers: int = 1
                  ) -> Iterator[DocumentResult]:
    """Results in input order, from one process or from ``workers`` processes."""
    if workers <= 1:
        yield from map(pipeline.run, docs)
        return
    global _worker
    _worker = pipeline
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_run_in_worker, docs, chunksize=16)
