"""Structural relations read from how news words them, between mentions of one sentence.

Each rule looks at the words between two mentions (``grammar.yaml`` lists them per language):

- apposition of a role: "X, (the) spokesman of Y", "X, Y's chairman", "X, juru bicara Y"
  -> holds_role X -> Y (the title from ``titles.tsv``);
- affiliation: "X of Y", "X at Y", "X dari Y" (person, organisation) -> member_of;
- places: "Dallas, Texas", "Bugesera in Rwanda", "Beijing's Tiananmen Square" -> located_in;
- organisations: "Y-based X", "X in Y", "U.S. Congress", and the located_in cues of
  ``relations.tsv`` ("X, based in Y", "berbasis di") -> located_in organisation -> place.

Places and states are no actors, so the actor groups of ``kg.events`` do not see them: these
rules work on the mentions themselves.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from .actors import _CLAUSE_PUNCTUATION, _words
from .lexicon import Hit, PhraseMatcher, language, longest_first
from ..model import Evidence, Fact, Mention

PLACES = ("Place", "Country")
EMPLOYERS = ("Organization", "Country")
MAX_APPOSITION_WORDS = 4  # "X, a former senior [title]"
MAX_ROLE_GAP = 5  # words between a title and its "of Y": "vice president of daytime programs for"
MAX_CUE_GAP = 3  # words between the located thing and "based in"
MAX_LOCATING_CHARS = 40  # the longest gap the pair rules read: "-based human rights group"
_COMMA = re.compile(r"\s*,\s*")
# (mention, next mention) types some located_in rule relates; most pairs are none of them
_LOCATING = frozenset({("Place", "Place"), ("Place", "Country"), ("Country", "Place"),
                       ("Organization", "Place"), ("Organization", "Country"),
                       ("Place", "Organization"), ("Country", "Organization")})

Evidence_ = Callable[[str, float], Evidence]


class RelationWords:
    """One language's cue words for these rules."""

    def __init__(self, code: str):
        data = language(code)
        words = data.words
        self.titles = PhraseMatcher()
        for row in data.titles:
            self.titles.add(row["title"], row["role"])
        self.titles.build()
        # gaps are compared as their words joined ("'s" reads "s", "of the" stays)
        gaps = lambda key: frozenset(" ".join(_words(w)) for w in words(key))  # noqa: E731
        self.apposition_words = frozenset(words("apposition_words"))
        self.role_links = frozenset(words("role_links"))
        self.member_links = gaps("member_links")
        self.place_links = gaps("place_links")
        self.org_place_links = gaps("org_place_links")
        self.possessives = gaps("possessives")
        self.based = tuple(words("based_suffixes"))
        self.conjunctions = frozenset(words("conjunctions"))
        self.skip = frozenset(words("skip_words"))


@lru_cache(maxsize=None)
def words_for(lang: str) -> RelationWords:
    return RelationWords(lang)


class RelationReader:
    """The relations of one sentence's mentions (in text order)."""

    def __init__(self, text: str, mentions: list[Mention], words: RelationWords,
                 evidence: Evidence_, located_cues: list[Hit]):
        self.text, self.mentions, self.w, self.evidence = text, mentions, words, evidence
        self.located_cues = located_cues

    def facts(self) -> list[Fact]:
        facts = []
        for i, m in enumerate(self.mentions):
            after = self.mentions[i + 1] if i + 1 < len(self.mentions) else None
            if m.entity.type == "Person":
                facts.extend(self._apposed_role(i) or self._affiliation(m, after))
            elif after is not None:
                facts.extend(self._located(m, after))
        return facts + self._located_cues()

    def _fact(self, relation: str, source: Mention, target: Mention, rule: str,
              confidence: float, role: str | None = None) -> list[Fact]:
        if source.entity.id == target.entity.id:
            return []
        return [Fact("relation", relation, source.entity, target.entity, role=role,
                     evidence=[self.evidence(rule, confidence)])]

    def _gap(self, end: int, start: int) -> str:
        return " ".join(_words(self.text[end:start]))

    # -- people -----------------------------------------------------------------------------
    def _apposed_role(self, i: int) -> list[Fact]:
        """"X, (the) president of Y", "X, another Y spokesman", "X, Y's chairman": a title
        after the comma that follows a person names their role, and the organisation or
        state on either side of the title is whom it is held for."""
        person = self.mentions[i]
        comma = _COMMA.match(self.text, person.end)
        if comma is None:
            return []
        window = self.text[comma.end():comma.end() + 160]
        title = next((h for h in longest_first(self.w.titles.find(window))
                      if len(_words(window[:h.start])) <= MAX_APPOSITION_WORDS), None)
        if title is None:
            return []
        start, end = comma.end() + title.start, comma.end() + title.end
        rest = [m for m in self.mentions[i + 1:] if m.start >= comma.end()]
        if not self._apposition_words(comma.end(), start, rest):
            return []
        holder = self._before_title(rest, start) or self._after_title(rest, end)
        if holder is None:
            return []
        return self._fact("holds_role", person, holder, "apposition:role", 0.8, title.payload)

    def _apposition_words(self, start: int, end: int, rest: list[Mention]) -> bool:
        """Whether only determiners and modifiers ("the", "a former"), an organisation or
        state and its possessive stand before the title: "X, Sunday, denied that a
        commander ..." is no apposition."""
        gap = self.text[start:end]
        for m in reversed([m for m in rest if m.end <= end and m.entity.type in EMPLOYERS]):
            gap = gap[:m.start - start] + " " + gap[m.end - start:]
        return self._modifiers(gap)

    def _modifiers(self, raw: str) -> bool:
        return not _CLAUSE_PUNCTUATION.search(raw) and all(
            w in self.w.apposition_words or w in self.w.possessives for w in _words(raw))

    def _before_title(self, rest: list[Mention], start: int) -> Mention | None:
        """"X, International Paper's chief economist", "X, another FAA spokesman"."""
        return next((m for m in rest if m.entity.type in EMPLOYERS and m.end <= start
                     and self._modifiers(self.text[m.end:start])), None)

    def _after_title(self, rest: list[Mention], end: int) -> Mention | None:
        """"president of the Kiangsu Chekiang Association", "vice president of daytime
        programs for ABC", "juru bicara Kementerian Luar Negeri"."""
        holder = next((m for m in rest if m.start >= end), None)
        if holder is None or holder.entity.type not in EMPLOYERS \
                or _CLAUSE_PUNCTUATION.search(self.text[end:holder.start]):
            return None
        gap = [w for w in _words(self.text[end:holder.start]) if w not in self.w.skip]
        if not gap:
            return holder
        return holder if len(gap) <= MAX_ROLE_GAP and gap[-1] in self.w.role_links else None

    def _affiliation(self, person: Mention, after: Mention | None) -> list[Fact]:
        """"Roger K. Crouch of NASA", "Wang Ziqiang at the Institute of Mechanics"."""
        if after is None or after.entity.type != "Organization" \
                or after.start - person.end > MAX_LOCATING_CHARS:
            return []
        if self._gap(person.end, after.start) not in self.w.member_links:
            return []
        return self._fact("member_of", person, after, "affiliation:member_of", 0.7)

    # -- places and organisations -------------------------------------------------------------
    def _located(self, m: Mention, after: Mention) -> list[Fact]:
        kind, next_kind = m.entity.type, after.entity.type
        if (kind, next_kind) not in _LOCATING or after.start - m.end > MAX_LOCATING_CHARS:
            return []
        gap = self._gap(m.end, after.start)
        if kind == "Place" and next_kind in PLACES and self._same_state(m, after) and (
                gap in self.w.place_links or self._apposed_place(m, after)):
            return self._fact("located_in", m, after, "place:located_in", 0.8)
        if kind in PLACES and next_kind == "Place" and gap in self.w.possessives:
            return self._fact("located_in", after, m, "possessive:located_in", 0.8)
        if kind == "Organization" and next_kind in PLACES and gap in self.w.org_place_links:
            return self._fact("located_in", m, after, "organisation:located_in", 0.7)
        if kind in PLACES and next_kind == "Organization" and self._based(m, after):
            return self._fact("located_in", after, m, "based:located_in", 0.8)
        if kind == "Country" and next_kind == "Organization" and not self.text[m.end:after.start].strip():
            return self._fact("located_in", after, m, "state-organisation:located_in", 0.7)
        return []

    @staticmethod
    def _same_state(inner: Mention, outer: Mention) -> bool:
        a, b = inner.entity.country, outer.entity.country
        return a is None or b is None or a == b

    def _apposed_place(self, m: Mention, after: Mention) -> bool:
        """"Dallas, Texas" but not the list "Tokyo, Kyoto and Osaka"."""
        if not _COMMA.fullmatch(self.text[m.end:after.start]):
            return False
        before = self.text[max(0, m.start - 30):m.start]
        follows = self.text[after.end:after.end + 30]
        return not (before.rstrip().endswith(",") or follows.lstrip().startswith(",")
                    and self.w.conjunctions.intersection(_words(follows)[:3])
                    or self.w.conjunctions.intersection(_words(before)[-1:] + _words(follows)[:1]))

    def _based(self, place: Mention, org: Mention) -> bool:
        """"London-based Amnesty International", "the Paris-based agency AFP"."""
        raw = self.text[place.end:org.start]
        return raw.lstrip().lower().startswith(self.w.based) and len(_words(raw)) <= 4 \
            and not _CLAUSE_PUNCTUATION.search(raw)

    def _located_cues(self) -> list[Fact]:
        """"X, based in Y", "X berbasis di Y": the nearest organisation or place before the cue
        lies in the first place after it."""
        facts = []
        for cue in self.located_cues:
            source = next((m for m in reversed(self.mentions) if m.end <= cue.start), None)
            target = next((m for m in self.mentions if m.start >= cue.end), None)
            if source is None or target is None or source.entity.type not in ("Organization", "Place") \
                    or target.entity.type not in PLACES \
                    or len(_words(self.text[source.end:cue.start])) > MAX_CUE_GAP \
                    or len(_words(self.text[cue.end:target.start])) > 1:
                continue
            facts.extend(self._fact("located_in", source, target, f"relation:{cue.text.lower()}", 0.8))
        return facts


def structural_relations(text: str, mentions: list[Mention], lang: str, evidence: Evidence_,
                         located_cues: list[Hit]) -> list[Fact]:
    """``located_cues``: the sentence's hits of the located_in cues of ``relations.tsv``."""
    if len(mentions) < 2:  # every rule relates two mentions
        return []
    return RelationReader(text, mentions, words_for(lang), evidence, located_cues).facts()
