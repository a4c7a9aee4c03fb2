"""The extraction pipeline: document → sentences → mentions → facts, as named stages.

A failure inside one document is reported with the stage that failed; the other documents
still run. ``workers`` spreads documents over processes; the merged result is the same for
any number of workers because facts are merged and sorted by their content-hash ids.

Cost is bounded per sentence and per document (``Limits``): a sentence longer than
``sentence_chars`` or naming more than ``sentence_mentions`` entities is skipped and reported
(the document's other sentences still count), and a document that takes longer than
``document_seconds`` is an error, its facts unused. The time budget is enforced three ways,
because no single one is enough: a check between sentences (works in any thread), SIGALRM in
the main thread of the process doing the work (interrupts a slow sentence), and with
``workers`` > 1 the parent kills a worker that overruns even that (a hang inside C code).
"""
from __future__ import annotations

import re
import signal
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import date
from typing import Iterable, Iterator, NamedTuple

from .entities import Gazetteer, MentionFinder
from .events import extract_sentence
from .ingest import IngestError
from .lexicon import language
from .limits import DEFAULT_LIMITS, Limits
from .records import valid_unicode
from ..model import Document, Fact, Mention
from .rules import rules_for
from .sentences import sentences
from .workers import run_supervised

DEFAULT_LANG = "en"
DETECT_CHARS = 1000  # a thousand characters tell two languages apart as well as a whole article
# Three of a language's commonest words in a document's first 300 characters, three times as
# many as any other language's, decide its language at a tenth of the detector's cost.
FUNCTION_WORD_CHARS = 300
FUNCTION_WORDS_NEEDED = 3
FUNCTION_WORDS_MARGIN = 3
_WORD = re.compile(r"[^\W\d_]+")
BATCH_CHARS = 20_000  # documents sent to a worker in one message, at most this much text
BATCH_DOCS = 64


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
    partial: bool = False  # the error skipped some sentences; the facts of the rest are here

    @property
    def used(self) -> bool:
        return self.error is None or self.partial


class DocumentTimeout(BaseException):
    """The document's time budget ran out. A BaseException, so that no ``except Exception``
    inside a stage can swallow it."""


@contextmanager
def time_budget(seconds: float) -> Iterator[float]:
    """The deadline (monotonic) for the work inside; past it, DocumentTimeout is raised by
    SIGALRM when this is the main thread, and by ``check_deadline`` calls otherwise."""
    deadline = time.monotonic() + seconds if seconds else float("inf")
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield deadline
        return

    def expire(_signum, _frame):
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_deadline(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise DocumentTimeout


class Pipeline:
    """Loads lexicons and gazetteers once; then extracts facts from any number of documents."""

    def __init__(self, langs: list[str] | None = None, limits: Limits = DEFAULT_LIMITS):
        self.limits = limits
        self.gazetteer = Gazetteer(langs)
        self._finders: dict[str | None, MentionFinder] = {}
        for lang in self.gazetteer.langs:  # load every language now, not inside the first document
            self._finder(lang)
            rules_for(lang)
        self._detector = _detector(tuple(self.gazetteer.langs))
        self._function_words: dict[str, list[str]] = {}  # word -> the languages it is common in
        for lang in self.gazetteer.langs:
            for word in language(lang).words("function_words"):
                self._function_words.setdefault(word, []).append(lang)

    def detect_language(self, text: str) -> str:
        """The language of ``text`` among those we have data for (no other could be read):
        by its commonest words when they settle it, else by the statistical detector."""
        if len(self.gazetteer.langs) == 1:
            return self.gazetteer.langs[0]
        counts = Counter(lang for word in _WORD.findall(text[:FUNCTION_WORD_CHARS].lower())
                         for lang in self._function_words.get(word, ()))
        ranked = counts.most_common(2) + [("", 0)]
        if ranked[0][1] >= FUNCTION_WORDS_NEEDED and ranked[0][1] >= FUNCTION_WORDS_MARGIN * ranked[1][1]:
            return ranked[0][0]
        found = self._detector.detect_language_of(text[:DETECT_CHARS])
        return found.iso_code_639_1.name.lower() if found else DEFAULT_LANG

    def _finder(self, lang: str | None) -> MentionFinder:
        if lang not in self._finders:
            self._finders[lang] = MentionFinder(self.gazetteer, lang)
        return self._finders[lang]

    def extract_document(self, doc: Document) -> list[Fact]:
        return self._extract(doc)[0]

    def _extract(self, doc: Document, deadline: float = float("inf")
                 ) -> tuple[list[Fact], list[str]]:
        """The document's facts, and why each skipped sentence was skipped."""
        lang = doc.lang or DEFAULT_LANG
        finder, people = self._finder(lang), {}
        facts, skipped = [], []
        for sentence in sentences(doc):
            check_deadline(deadline)
            if len(sentence.text) > self.limits.sentence_chars:
                skipped.append(f"sentence {sentence.index} (characters {sentence.start}-"
                               f"{sentence.end}) is {len(sentence.text):,} characters, over the "
                               f"limit of {self.limits.sentence_chars:,} (sentence_chars)")
                continue
            mentions = finder.find(sentence.text, doc.published, people)
            if len(mentions) > self.limits.sentence_mentions:
                skipped.append(f"sentence {sentence.index} names {len(mentions):,} entities, "
                               f"over the limit of {self.limits.sentence_mentions:,} "
                               "(sentence_mentions)")
                continue
            if mentions:  # every fact has an actor named in its sentence; many sentences name none
                facts.extend(extract_sentence(sentence, mentions, self.gazetteer.countries, lang))
        return facts, skipped

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
        where = doc.source or doc.id
        seconds = self.limits.document_seconds
        try:
            with time_budget(seconds) as deadline:
                doc = replace(doc, text=valid_unicode(doc.text))  # API text may hold surrogates
                if doc.lang is None:  # detected here, not in ingest, so that workers share it
                    doc = replace(doc, lang=self.detect_language(doc.text))
                facts, skipped = self._extract(doc, deadline)
        except DocumentTimeout:
            return DocumentResult(doc.id, [], IngestError(
                where, f"extraction took longer than the limit of {seconds:g} s "
                       "(document_seconds); none of its facts are used"))
        except Exception as exc:  # noqa: BLE001  one broken document must not stop the others
            return DocumentResult(doc.id, [], IngestError(where, f"extraction failed: {exc!r}"))
        if skipped:
            more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
            return DocumentResult(doc.id, facts, IngestError(
                where, f"{skipped[0]}{more}; skipped, the other sentences are used"), True)
        return DocumentResult(doc.id, facts)

    def run_batch(self, docs: list[Document]) -> list[DocumentResult]:
        return [self.run(doc) for doc in docs]

    def killed(self, doc: Document, reason: str) -> DocumentResult:
        """The result of a document whose worker process had to be stopped."""
        return DocumentResult(doc.id, [], IngestError(doc.source or doc.id, reason))


class _BatchFailed(NamedTuple):
    """A batch whose worker died or overran: its documents are tried again one by one."""
    docs: list[Document]
    reason: str


def _batches(docs: Iterable[Document]) -> Iterator[list[Document]]:
    """Consecutive small documents together (a sentence per record is common): one message
    to a worker and back costs more than extracting a sentence."""
    batch, chars = [], 0
    for doc in docs:
        if batch and (chars + len(doc.text) > BATCH_CHARS or len(batch) >= BATCH_DOCS):
            yield batch
            batch, chars = [], 0
        batch.append(doc)
        chars += len(doc.text)
    if batch:
        yield batch


def run_documents(pipeline: Pipeline, docs: Iterable[Document], workers: int = 1
                  ) -> Iterator[DocumentResult]:
    """Results in input order, from one process or from ``workers`` forked processes that
    share what the parent loaded; documents are read as the workers need them."""
    if workers <= 1:
        yield from map(pipeline.run, docs)
        return
    seconds = pipeline.limits.document_seconds
    # The worker's own alarm fires first; the parent steps in only when that could not work.
    hard = seconds * 1.5 + 10 if seconds else None
    for out in run_supervised(pipeline.run_batch, _BatchFailed, _batches(docs), workers, hard):
        if not isinstance(out, _BatchFailed):
            yield from out
        elif len(out.docs) == 1:
            yield pipeline.killed(out.docs[0], out.reason)
        else:  # find the document that did it; the others keep their results
            yield from run_supervised(pipeline.run, pipeline.killed, out.docs, workers, hard)
