"""Splitting a document into sentences with character offsets.

A sentence ends at ``.``, ``!`` or ``?`` (and closing quotes) before whitespace and an
upper-case letter, digit or quote, or at a line break; the language's abbreviations list
(``data/lang/<code>/abbreviations.txt``) names the periods that end no sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..model import Document, Sentence
from ..resources import data_path

# End punctuation and closing quotes before a capitalised sentence, or a line break. The
# pattern starts with one character class rather than an alternation, which lets the regex
# engine skip to the next candidate character instead of trying both branches everywhere.
_BOUNDARY = re.compile(r"""[.!?\n](?:"""
                       r"""(?<=[.!?])[.!?]*["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9À-Ý])"""
                       r"""|(?<=\n)\s*)""")


@lru_cache(maxsize=None)
def abbreviations(lang: str | None) -> frozenset[str]:
    path = data_path("lang", lang or "", "abbreviations.txt")
    if not lang or not path.is_file():
        return frozenset()
    return frozenset(line.strip().lower() for line in open(path, encoding="utf-8")
                     if line.strip() and not line.startswith("#"))


# No abbreviation is longer; looking back no further keeps splitting linear in the text
# (a text of "Mr. X Mr. X …" without a line break made every period search to its start).
_LONGEST_WORD = 40


def _ends_in_abbreviation(text: str, end: int, abbrevs: frozenset[str]) -> bool:
    window = max(0, end - _LONGEST_WORD)
    start = max(text.rfind(" ", window, end), text.rfind("\n", window, end)) + 1
    if start == 0 and window > 0:
        return False
    word = text[start:end + 1].lower()
    return word in abbrevs or bool(re.fullmatch(r"(?:[a-z]\.)+", word))


def split_spans(text: str, lang: str | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty sentence, trimmed of surrounding space."""
    abbrevs = abbreviations(lang)
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group().startswith(".") and _ends_in_abbreviation(text, match.start(), abbrevs):
            continue
        yield from _trimmed(text, start, match.end())
        start = match.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        first = start + (len(chunk) - len(chunk.lstrip()))
        yield first, first + len(stripped)


def sentences(doc: Document) -> list[Sentence]:
    return [Sentence(doc, i, s, e, doc.text[s:e])
            for i, (s, e) in enumerate(split_spans(doc.text, doc.lang))]
