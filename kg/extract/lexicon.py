"""Dictionary matching and the per-language data that feeds it.

``PhraseMatcher`` finds every listed phrase in a text in one Aho-Corasick pass, on word
boundaries. Proper names match only as capitalised (or in an all-capitals headline); other
phrases match in any case. Picking among overlapping hits is a separate, swappable step.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Iterable, NamedTuple

import ahocorasick

from .morphology import Form, noun_forms, verb_forms
from ..resources import data_path, read_tsv, read_yaml

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def normalise(text: str) -> str:
    """Lower-case text of the same length, so offsets map one to one."""
    return _lower(text).translate(_APOSTROPHES)


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(ch.lower()[:1] or ch for ch in text)
    return lowered


class Hit(NamedTuple):
    """A phrase found in a text (a named tuple: tens of thousands are made per second)."""

    start: int
    end: int
    payload: Any
    text: str


class PhraseMatcher:
    """Phrases mapped to payloads; ``find`` reports every occurrence that starts and ends on a
    word boundary.

    Keys and text are searched with every non-alphanumeric character read as a space and a
    space added at both ends, so the automaton itself only reports whole-word matches.
    """

    def __init__(self):
        self._automaton = ahocorasick.Automaton()
        self._entries: dict[str, list[tuple[str, bool, Any]]] = {}

    def add(self, phrase: str, payload: Any, proper_name: bool = False) -> None:
        phrase = " ".join(phrase.split())
        if not phrase:
            return
        self._entries.setdefault(normalise(phrase), []).append((phrase, proper_name, payload))

    def __len__(self) -> int:
        return len(self._entries)

    def build(self) -> "PhraseMatcher":
        for key, entries in self._entries.items():
            padded = _padded(key)
            found = self._automaton.get(padded, None)
            merged = (found[1] if found else []) + entries  # "U.S." and "U S" read alike
            self._automaton.add_word(padded, (len(padded), merged))
        if self._entries:
            self._automaton.make_automaton()
        return self

    def find(self, text: str) -> list[Hit]:
        if not self._entries:
            return []
        hits = []
        for last, (length, entries) in self._automaton.iter(_searchable(text)):
            start, end = last - length + 1, last - 1
            surface = text[start:end]
            for phrase, proper, payload in entries:  # a plain loop: no generator per match
                if not proper or _same_case(surface, phrase):
                    hits.append(Hit(start, end, payload, surface))
        hits.sort(key=_leftmost_longest)
        return hits


_NOT_ALNUM = re.compile(r"[\W_]")
# The punctuation news is written with, as a translate table (several times faster than the
# regex); the regex still catches any other non-alphanumeric character.
_PUNCTUATION_TO_SPACE = str.maketrans({ch: " " for ch in map(chr, range(0x2070))
                                       if not ch.isalnum() and not ch.isspace()})


# For ASCII text (most news), a byte table is faster still; it also turns tabs and line
# breaks into spaces, as the regex below does for other text.
_ASCII_TO_SPACE = bytes(c if chr(c).isalnum() or c > 127 else ord(" ") for c in range(256))


def _padded(lowered: str) -> str:
    if lowered.isascii():
        return f" {lowered.encode('ascii').translate(_ASCII_TO_SPACE).decode('ascii')} "
    spaced = lowered.translate(_PUNCTUATION_TO_SPACE)
    if not spaced.replace(" ", "").isalnum():
        spaced = _NOT_ALNUM.sub(" ", spaced)
    return f" {spaced} "


@lru_cache(maxsize=16)
def _searchable(text: str) -> str:
    """``text`` as the automata read it, as ``_padded(normalise(text))`` (apostrophes become
    spaces like all punctuation). Cached: the gazetteer's and the language's matchers search
    the same sentence one after the other."""
    return _padded(_lower(text))


def _leftmost_longest(hit: Hit) -> tuple[int, int]:
    return hit.start, -hit.end


def _same_case(surface: str, phrase: str) -> bool:
    return surface == phrase or (surface.isupper() and len(surface) > 4) or \
        surface.translate(_APOSTROPHES) == phrase.translate(_APOSTROPHES)


def longest_first(hits: Iterable[Hit]) -> list[Hit]:
    """Leftmost-longest hits that do not overlap (the spaCy ``filter_spans`` rule)."""
    chosen, taken_until = [], -1
    for hit in sorted(hits, key=_leftmost_longest):
        if hit.start >= taken_until:
            chosen.append(hit)
            taken_until = hit.end
    return chosen


@dataclass(frozen=True)
class LanguageData:
    """Everything one language folder holds: ``data/lang/<code>/``."""

    code: str
    grammar: dict
    triggers: list[dict]
    titles: list[dict]
    countries: list[dict]
    relations: list[dict]
    names: dict  # names.yaml: cues for names no gazetteer lists
    actors: list[dict]  # actors.tsv: nouns naming an actor by its sector ("police")
    verbs: list[dict]  # verbs.tsv: trigger verbs written as lemmas, their forms generated

    def words(self, key: str) -> list[str]:
        return [str(w).lower() for w in self.grammar.get(key) or []]

    @cached_property
    def irregular_verbs(self) -> dict[str, list[str]]:
        return {str(k).lower(): [str(f).lower() for f in v]
                for k, v in (self.grammar.get("irregular_verbs") or {}).items()}

    def verb_forms(self, lemma: str) -> list[Form]:
        """The forms of a verb lemma by the language's morphology (grammar.yaml)."""
        return verb_forms(lemma, self.grammar.get("morphology"), self.irregular_verbs)

    def noun_forms(self, lemma: str) -> list[str]:
        return noun_forms(lemma, self.grammar.get("morphology"))

    def name_words(self, key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in self.names.get(key) or [])


@lru_cache(maxsize=None)
def language(code: str) -> LanguageData:
    folder = data_path("lang", code)

    def tsv(name):
        path = folder / name
        return read_tsv(path) if path.is_file() else []

    def yaml(name):
        path = folder / name
        return (read_yaml(path) if path.is_file() else None) or {}

    return LanguageData(code, yaml("grammar.yaml"), tsv("triggers.tsv"), tsv("titles.tsv"),
                        tsv("countries.tsv"), tsv("relations.tsv"), yaml("names.yaml"),
                        tsv("actors.tsv"), tsv("verbs.tsv"))
