"""Actors named without their state, placed in one: sector nouns ("police", "pasukan",
``actors.tsv``) and titled people of no known state. Also the word helpers that the event
rules (kg/extract/events.py) share with it; this module imports nothing of theirs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from .lexicon import Hit, longest_first
from ..model import Entity, Mention
from ..resources import data_path, read_tsv

if TYPE_CHECKING:
    from .rules import Rules

_WORD = re.compile(r"\w+(?:'\w+)?")
_CLAUSE_PUNCTUATION = re.compile(r"[,;:()\[\]]")
_NEXT_WORD = re.compile(r"\s+([\w'-]+)")
ETHNIC = "ETH"  # the sector of an ethnic group (data/entities/sectors.tsv)


def _words(text: str) -> list[str]:
    # lower-casing once before splitting is the faster form (tens of thousands of calls)
    return _WORD.findall(text.replace("’", "'").lower())


def _head_end(text: str, end: int, heads: frozenset[str]) -> int:
    """``end`` moved past the head nouns that follow an actor ("Iraqi army", "sides")."""
    while (match := _NEXT_WORD.match(text, end)) and match.group(1).lower() in heads:
        end = match.end()
    return end


@dataclass(frozen=True)
class Sector:
    """A noun naming an actor by its sector alone ("the police", "pasukan")."""

    code: str


def unplaced(mention: Mention) -> bool:
    """A sector noun the sentence places in no state ("rebels" alone)."""
    return mention.rule == "sector" and not mention.entity.country


@lru_cache(maxsize=1)
def sector_labels() -> dict[str, str]:
    return {r["code"]: r["label"] for r in read_tsv(data_path("entities", "sectors.tsv"))}


@lru_cache(maxsize=1)
def state_organs() -> frozenset[str]:
    """Sectors that are organs of a state: placed nowhere, they are no actor."""
    return frozenset(r["code"] for r in read_tsv(data_path("entities", "sectors.tsv"))
                     if r["state_organ"] == "yes")


class ActorPlacer:
    """Actors named without their state take the state the sentence places them in: the
    actor they hang from ("US-led forces"), a place right before or after them ("Darfur
    rebels", "police in Cairo", "pemberontak Darfur"),
    or else the one state the sentence names ("... in southern Somalia"); the place of the
    event, when other states are named too, proved a worse guess than none. Sector nouns ("rebels", "pasukan") and titled people of no known state
    ("President X") are placed so, in every language alike. A sector noun that cannot be
    placed is no actor if it is a state organ ("the government"); any other stays an actor
    of no state (``unplaced``): a lone "rebels" says nothing about who acted, but rebels
    acted on by a state are of that state (kg/extract/events.py)."""

    def __init__(self, text: str, mentions: list[Mention], rules: Rules, states: dict[str, Entity]):
        self.text, self.rules, self.states = text, rules, states
        self.mentions = mentions
        self.ethnic = {m.start for m in mentions if m.entity.type == "Country" and
                       rules.ethnic_words.intersection(_words(text[max(0, m.start - 20):m.start])[-1:])}
        self.located = [m for m in mentions if m.entity.country and m.start not in self.ethnic
                        and m.entity.type in ("Country", "Place")]

    def actors(self, actors: list[Mention], sectors: list[Hit]) -> list[Mention]:
        placed = [self._ethnic_group(m) if m.start in self.ethnic else self._placed_person(m)
                  for m in actors]
        if not sectors:
            return placed
        return sorted(placed + self._sector_actors(actors, sectors), key=lambda m: m.start)

    def _ethnic_group(self, mention: Mention) -> Mention:
        """"ethnic Hungarians in southern Slovakia", "etnis Turki di Jerman": PLOVER codes an ethnic
        group by the state it lives in, not by the state its name comes from; placed like a
        sector noun, or else of no state."""
        state = self.state_near(_head_end(self.text, mention.end, self.rules.heads))
        return Mention(self._sector_entity(state, ETHNIC), mention.start, mention.end,
                       mention.text, "sector")

    def _placed_person(self, mention: Mention) -> Mention:
        entity = mention.entity
        if entity.type != "Person" or entity.country or mention.rule != "title" or mention.role:
            return mention
        state = self.state_near(mention.end)
        return replace(mention, entity=replace(entity, country=state)) if state else mention

    def _sector_actors(self, actors: list[Mention], sectors: list[Hit]) -> list[Mention]:
        heads = self.rules.heads
        # a place's name does not take in the sector noun after it: "Darfur rebels" is an actor
        taken = [(m.start, m.end if m.entity.type == "Place" else _head_end(self.text, m.end, heads))
                 for m in self.mentions]
        found = []
        for hit in longest_first(sectors):
            if any(s < hit.end and hit.start < e for s, e in taken) or self._owned_by_next(hit, actors):
                continue
            owner = self._owner(hit, actors) or self._place_before(hit)
            state = owner.entity.country if owner else self.state_near(hit.end)
            if state or hit.payload.code not in state_organs():
                found.append(Mention(self._sector_entity(state, hit.payload.code), hit.start,
                                     hit.end, hit.text, "sector"))
        return found

    def placed_in(self, mention: Mention, iso3: str) -> Mention:
        """An unplaced sector actor ("rebels") as that sector of the state ``iso3``."""
        code = mention.entity.id.removeprefix("sector:")
        return replace(mention, entity=self._sector_entity(iso3, code))

    def _sector_entity(self, iso3: str | None, code: str) -> Entity:
        label = sector_labels().get(code, code.lower())
        if iso3 is None:
            return Entity(f"sector:{code}", label, "Organization")
        state = self.states.get(iso3)
        return Entity(f"sector:{iso3}:{code}", f"{state.name if state else iso3} {label}",
                      "Organization", country=iso3)

    def _gap(self, end: int, start: int) -> list[str] | None:
        """The words between two positions; None across clause punctuation."""
        raw = self.text[end:start]
        return None if _CLAUSE_PUNCTUATION.search(raw) else _words(raw)

    def _owned_by_next(self, hit: Hit, actors: list[Mention]) -> bool:
        """"pasukan Israel", "militan Taliban": the actor after it names the owner."""
        after = next((m for m in actors if m.start >= hit.end), None)
        gap = self._gap(hit.end, after.start) if after else None
        return gap is not None and len(gap) <= 2 and all(w in self.rules.skip for w in gap)

    def _owner(self, hit: Hit, actors: list[Mention]) -> Mention | None:
        """The actor right before it ("US-led forces", "Iran's army")."""
        before = next((m for m in reversed(actors) if m.end <= hit.start), None)
        gap = self._gap(before.end, hit.start) if before else None
        allowed = self.rules.skip | self.rules.heads | self.rules.owner_links
        return before if gap is not None and len(gap) <= 3 and all(w in allowed for w in gap) else None

    def _place_before(self, hit: Hit) -> Mention | None:
        """A place naming the sector noun right after it: "Darfur rebels", "Gaza militants"."""
        before = next((m for m in reversed(self.located) if m.end <= hit.start), None)
        gap = self._gap(before.end, hit.start) if before and before.entity.type == "Place" else None
        return before if gap is not None and all(w in self.rules.skip for w in gap) else None

    def state_near(self, end: int) -> str | None:
        return self._place_after(end) or self._only_state

    def _place_after(self, end: int) -> str | None:
        """"police in Cairo", "rebels in the Ivory Coast", "workers of ... Tehran", "polisi Kairo"."""
        after = next((m for m in self.located if m.start >= end), None)
        gap = self._gap(end, after.start) if after else None
        allowed = self.rules.attaching | self.rules.skip | self.rules.place_tokens
        # or right after it, where a name follows the noun it qualifies ("pemberontak Darfur")
        if gap == [] or gap and len(gap) <= 4 and gap[0] in self.rules.attaching \
                and all(w in allowed for w in gap):
            return after.entity.country
        return None

    @cached_property
    def _only_state(self) -> str | None:
        states = {m.entity.country for m in self.located}
        return states.pop() if len(states) == 1 else None
