"""Actors joined into groups in a sentence (kg/extract/events.py): compounds ("Japan and NATO",
"Iran, Libya, Sudan"), a person named after a state and a comma ("Menteri Luar Negeri
Pakistan, Khursheed Kasuri"), head nouns taken in ("the Turkish and Greek sides"), and the
actor another hangs from ("police in Jericho"). Groups are the arguments the event rules of
kg/extract/arguments.py look for around a trigger.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from .actors import _CLAUSE_PUNCTUATION, _NEXT_WORD, _head_end, _words, unplaced
from ..model import Mention


@dataclass
class _Group:
    """Actors joined by conjunctions: "Japan and NATO", "Iran, Ukraine and North Korea";
    ``end`` takes in the head nouns after them ("the Turkish and Greek sides")."""

    members: list[Mention]
    end: int = -1
    closed: bool = False  # a conjunction word joined its last member: a comma adds no more

    def __post_init__(self):
        self.end = max(self.end, self.members[-1].end)

    @property
    def start(self) -> int:
        return self.members[0].start


class ActorGroups:
    """Grouping of a sentence's actors; mixed into ``SentenceExtractor``, which holds the
    sentence (``text``, ``rules``, ``triggers``, ``groups``)."""

    def _groups(self, actors: list[Mention]) -> list[_Group]:
        """Compounds of the actors. A comma alone lists only before the closing conjunction
        or among three or more ("Iran, Libya, Sudan"): "the US and Israel, a Saudi
        weekly" and "Israel, a Saudi weekly" end at the comma."""
        groups: list[_Group] = []
        for mention in self._with_states(actors):
            last = groups[-1] if groups else None
            comma = last is not None and not self.rules.conjunction_words.intersection(
                _words(self.text[last.end:mention.start]))
            if last and self._apposition(last.members[-1], mention):
                last.members.append(mention)  # merged by _appositions
                last.end = mention.end
            elif last and self._joins(last.end, mention) and not (comma and last.closed):
                last.members.append(mention)
                last.end, last.closed = mention.end, not comma
            else:
                groups.append(_Group([mention]))
            groups[-1].end = self._head_end(groups[-1].end)
        return [part for group in groups for part in self._listed(group)]

    def _listed(self, group: _Group) -> list[_Group]:
        """Two actors joined by a comma alone are an actor and its apposition, unless a
        conjunction goes on with the list ("AS, Israel dan Eropa")."""
        members = self._appositions(group.members)
        if len(members) < len(group.members):
            return [_Group(members, group.end, group.closed)]
        after = _NEXT_WORD.match(self.text, group.end)
        if len(members) != 2 or group.closed \
                or after is not None and after.group(1).lower() in self.rules.conjunctions:
            return [group]
        first, second = members
        return [_Group([first], self._head_end(first.end)), _Group([second], group.end)]

    def _appositions(self, members: list[Mention]) -> list[Mention]:
        """A person after a state and a comma is that state's, named from the state on
        ("Menteri Luar Negeri Pakistan, Khursheed Kasuri", "Perdana Menteri Jepang, Shinzo Abe
        dan Perdana Menteri Australia, John Howard")."""
        out: list[Mention] = []
        for mention in members:
            state = out[-1] if out else None
            if state is not None and self._apposition(state, mention):
                entity = replace(mention.entity, country=state.entity.country)
                out[-1] = replace(mention, entity=entity, start=state.start,
                                  text=self.text[state.start:mention.end])
            else:
                out.append(mention)
        return out

    def _apposition(self, state: Mention, mention: Mention) -> bool:
        return state.entity.type == "Country" and mention.entity.type == "Person" \
            and mention.entity.country in (None, state.entity.country) \
            and self.text[state.end:mention.start].strip() == ","

    def _with_states(self, actors: list[Mention]) -> list[Mention]:
        """A person without a known state takes the state named just before them
        ("South African leader F.W. de Klerk", "Niger's ambassador Brah Mohamane")."""
        out: list[Mention] = []
        for mention in actors:
            before = out[-1] if out else None
            if (mention.entity.type == "Person" and not mention.entity.country and before
                    and before.entity.type == "Country" and self._same_phrase(before.end, mention.start)):
                mention = replace(mention, entity=replace(mention.entity, country=before.entity.country))
            out.append(mention)
        return out

    def _same_phrase(self, end: int, start: int) -> bool:
        raw = self.text[end:start]
        return len(_words(raw)) <= 3 and not _CLAUSE_PUNCTUATION.search(raw) \
            and not self._has_trigger(end, start)

    def _head_end(self, end: int) -> int:
        return _head_end(self.text, end, self.rules.heads)

    def _joins(self, end: int, mention: Mention) -> bool:
        gap = self.text[end:mention.start]
        titled = mention.rule == "title" and gap != (gap := self._without_title(gap))
        if mention.entity.type == "Country":  # "dan Perdana Menteri Australia, John Howard"
            gap = self._without_title(gap) + ("," if gap.rstrip().endswith(",") else "")
        parts = [p for p in re.split(r"(,)|\s+", gap.strip().lower()) if p and p not in self.rules.skip]
        # past a title only a word joins ("X and President Y"): "..., President Y" is apposition
        return bool(parts) and all(p in self.rules.conjunctions for p in parts) and len(parts) <= 2 \
            and not (titled and parts == [","])

    def _without_title(self, gap: str) -> str:
        """``gap`` without the title words that end it ("and Bulgarian President ", "dan
        Presiden Palestina, "): capitalised words or words of a title."""
        words = gap.rstrip(" ,").split(" ")
        while words and (words[-1][:1].isupper() or words[-1].lower() in self.rules.title_words):
            words.pop()
        return " ".join(words)

    @staticmethod
    def _unplaced(group: _Group) -> bool:
        """Actors of no state are no subject: the search goes on past them."""
        return all(unplaced(m) for m in group.members)

    def _names_place(self, group: _Group) -> bool:
        """"on the Thai border", "di perbatasan Thailand": a state named as the place next to
        it is no one who acts."""
        after = _NEXT_WORD.match(self.text, group.end)
        before = _words(self.text[max(0, group.start - 30):group.start])[-1:]
        return (after is not None and after.group(1).lower() in self.rules.place_heads_after
                or bool(before) and before[0] in self.rules.place_heads_before)

    def _head_of(self, k: int) -> _Group:
        while k > 0:
            before, group = self.groups[k - 1], self.groups[k]
            raw = self.text[before.end:group.start]
            gap = _words(raw)
            # "police in Jericho", or past a verb of being somewhere ("the Red Cross operating in
            # Iraq", "Palang Merah yang beroperasi di Irak")
            hangs = gap and gap[0] in self.rules.attaching and len(gap) <= 6 \
                or len(gap) <= 3 and gap[-1:] and gap[-1] in self.rules.attaching
            if not hangs or _CLAUSE_PUNCTUATION.search(raw) or self._has_trigger(before.end, group.start):
                break
            k -= 1
        return self.groups[k]

    @cached_property
    def _group_starts(self) -> list[int]:
        return [g.start for g in self.groups]
