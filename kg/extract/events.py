"""Events and structural relations from a sentence's mentions and trigger words.

Triggers per language (``data/lang/<code>/triggers.tsv``) map words to CAMEO codes; the
CAMEO table gives each event its quad class, Goldstein score and PLOVER category. Arguments
are the nearest actors around the trigger: compound actors ("Japan and NATO") give one
event per member, "between A and B" a symmetric pair, a passive trigger or an agent marker
("by", "oleh") swaps source and target. Past the reach of a direct object, the target is
the actor a preposition brings into the object phrase ("rejected an offer from
Nepal"); nouns in that phrase may be triggers themselves. Actors named by their
sector alone ("police", "pasukan", ``actors.tsv``), ethnic groups and titled people of no
known state are placed in a state by ``ActorPlacer`` (kg/actors.py); a group it cannot
place is of the state acting on it ("the Kenyan government accused rebels"). An attack
on foreigners with no agent named is the act of the state it took place in
(``plover_placed_agent.txt``). An actor before a reporting verb or "that"/"bahwa" is no
subject in the clause they open unless a pronoun there stands for it ("Iran said it
would"); a bare participle of a verb that takes an object is passive ("a German arrested in
Pakistan"). Asides between commas after the subject are passed over ("Gates, in the
region to ..., held talks"); an act that is not mutual, done before "between", is a third
party's act on both sides ("hosted talks between"); a noun after "with"/"dengan" whose owner
follows is that owner's act for the subject ("with help from Ethiopian troops"). A trigger
ending in its preposition is the act of the possessive owner right before it, whatever that
owner is the object of ("welcomed Bush's visit to Japan"); Indonesian names it after the noun
("kunjungan Bush ke Jepang"). An act in a clause of condition, hypothesis or question
("unless", "if", "whether", "kecuali", "jika", "apakah") is no event. Cue words set the
modality; a cooperative act negated in the future is a refusal. Every fact carries its
evidence: the sentence, its offsets, and the rule that fired.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from .actors import _CLAUSE_PUNCTUATION, _NEXT_WORD, ActorPlacer, Sector, _head_end, _words, unplaced
from .dates import DateMention, find_dates
from .lexicon import Hit, language, longest_first
from ..model import Entity, Evidence, Fact, Mention, Sentence
from .relations import structural_relations
from .rules import (CONDITION_CUES, INTENT_CUES, PLANNED_CUES, Cue, Rules, Trigger, categories,
                    intent_codes, rules_for)

ACTOR_TYPES = frozenset({"Country", "Organization", "Person"})
MAX_SOURCE_GAP = 10  # words between an actor and the trigger it is the subject of
MAX_TARGET_GAP = 5
MAX_AFTER_CLAUSE = 2  # words between an aside's closing comma and the trigger
MAX_OBJECT_GAP = 12  # words before an actor inside the object phrase ("offer from Nepal")
MAX_RELATION_GAP = 3
MAX_NOUN_MODIFIERS = 4  # words between a preposition and the noun trigger of its phrase
MAX_COMPLEMENT_GAP = 8  # words of an infinitive before its actor ("to impose import curbs against")
MAX_OBLIGATION_GAP = 4  # "said on Tuesday that Sudan must"
SYMMETRIC_RELATIONS = frozenset({"ally_of", "partner_of"})
# Character bounds past which no word gap above can be within reach: they keep the cost of a
# sentence linear in its length (a run-on "sentence" of 20,000 characters, a list of 5,000 names)
MAX_CUE_CHARS = 100  # three words
MAX_REACH_CHARS = 300  # MAX_TARGET_GAP words, titles of a side included
NEAR_CHARS = 80  # the text read for the few words right before or after a word

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


class SentenceExtractor:
    """Facts of one sentence. Built per sentence; holds what every rule needs to see."""

    def __init__(self, sentence: Sentence, mentions: list[Mention], rules: Rules,
                 states: dict[str, Entity] | None = None):
        self.s, self.text, self.rules = sentence, sentence.text, rules
        self.mentions = mentions
        self.states = states or {}
        hits = rules.matcher.find(self.text)
        named = _covered(len(self.text), mentions)
        self.triggers = sorted((h for h in longest_first(h for h in hits if isinstance(h.payload, Trigger))
                                if not any(named[h.start:h.end])), key=lambda h: h.start)
        self._trigger_starts = [h.start for h in self.triggers]
        self.cues = [h for h in hits if isinstance(h.payload, Cue)]
        self._sectors = [h for h in hits if isinstance(h.payload, Sector)]

    # Most sentences have no trigger and no relation cue: what follows is built on first use.
    @cached_property
    def placer(self) -> "ActorPlacer":
        return ActorPlacer(self.text, self.mentions, self.rules, self.states)

    @cached_property
    def groups(self) -> list["_Group"]:
        sectors = [h for h in self._sectors
                   if not any(t.start < h.end and h.start < t.end for t in self.triggers)]
        return self._groups(self.placer.actors(
            [m for m in self.mentions if m.entity.type in ACTOR_TYPES], sectors))

    @cached_property
    def complement_of(self) -> dict:
        return self._complements()

    @cached_property
    def object_of(self) -> dict:
        """id(group) -> the trigger it is the object of; past a noun's owner too ("serangan
        udara AS terhadap Somalia menewaskan": Somalia is no subject of the next verb)."""
        objects = {}
        for i, t in enumerate(self.triggers):
            if i in self.complement_of.values() or not (g := self._right_group(t.end)):
                continue
            objects[id(g)] = i
            if "noun" in t.payload.flags and self._possessor_after(t.end, g) \
                    and (target := self._right_group(g.end)):
                objects[id(target)] = i
        return objects

    @cached_property
    def dates(self) -> list[DateMention]:
        """Read only when an event needs its date: most sentences have no event."""
        return find_dates(self.text, self.s.doc.lang, self.s.doc.published)

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

    def _complements(self) -> dict[int, int]:
        """Trigger index -> the trigger of its infinitival complement ("agreed to lift",
        "threatened to shell"): the first takes its target from the second, which is no
        event of its own."""
        chain, markers = {}, self.rules.complements
        for i in range(len(self.triggers) - 1):
            first, second = self.triggers[i], self.triggers[i + 1]
            raw = self.text[first.end:second.start]
            gap = _words(raw)
            marked = (_words(first.text)[-1] in markers and len(gap) <= 1
                      or bool(gap) and gap[-1] in markers and len(gap) <= 3)
            # "issued an ultimatum to Ecuador to halt": the actor between is the target
            crossed = bisect_left(self._group_starts, first.end) < bisect_left(self._group_starts, second.start)
            if marked and not crossed and not _CLAUSE_PUNCTUATION.search(raw):
                chain[i] = i + 1
        return chain

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

    # -- events ---------------------------------------------------------------------------
    def events(self) -> list[Fact]:
        facts = []
        if not self.triggers:
            return facts
        complements = set(self.complement_of.values())
        for i, trigger in enumerate(self.triggers):
            if trigger.payload.cameo.plover and i not in complements \
                    and not self._in_condition(trigger):
                facts.extend(self._event(self._with_complement(i)))
        return facts

    def _in_condition(self, hit: Hit) -> bool:
        """Whether the trigger stands in a condition clause ("will withdraw unless Oueddei
        arranged a ceasefire", "if Israel rescinds the annexation", "jika Israel membatalkan
        aneksasi"): that act is the condition of another, not done; the clause ends at clause
        punctuation."""
        return any(c.payload.kind in CONDITION_CUES and c.end <= hit.start
                   and not _CLAUSE_PUNCTUATION.search(self.text[c.end:hit.start])
                   for c in self.cues)

    def _with_complement(self, i: int) -> Hit:
        """The trigger, stretched over its complement chain: its target is found after it."""
        hit, j = self.triggers[i], i
        while j in self.complement_of:
            j = self.complement_of[j]
        last = self.triggers[j]
        return Hit(hit.start, last.end, hit.payload, self.text[hit.start:last.end]) if j != i else hit

    def _event(self, hit: Hit) -> list[Fact]:
        trigger: Trigger = hit.payload
        left, right = self._left_group(hit.start), self._right_group(hit.end)
        sources, targets, rule, symmetric = self._arguments(hit, trigger, left, right)
        sources = [s for s in sources if not unplaced(s)]  # of no state: no one to code
        place = self._place(hit)
        if not sources and (agent := self._agent_of_place(trigger, targets, place)):
            sources, rule = [agent], "place-agent"
        if not sources:
            return []
        modality = self._modality(hit)
        trigger, modality = self._refused(hit, trigger, modality)
        trigger, condition = self._intended(hit, trigger, modality)
        condition = condition or self._condition_after(hit)
        if not targets and condition is not None and (after := self._right_group(condition.end)):
            targets = after.members  # "threatened to strike unless Israel rescinded ..."
        symmetric = symmetric or "symmetric" in trigger.flags
        day = self._date_near(hit)
        facts = []
        for source in sources:
            for target in [self._state_of(t, source, place) for t in targets] \
                    or [self._home(source, trigger, place)]:
                if target is not None and target.entity.id == source.entity.id \
                        and target.rule != "home" and trigger.cameo.plover not in categories("domestic"):
                    continue
                facts.append(self._fact(hit, trigger, source, target, place, day, modality,
                                        rule, symmetric))
        return facts

    def _agent_of_place(self, trigger: Trigger, targets: list[Mention],
                        place: Entity | None) -> Mention | None:
        """"A car bomb near Kandahar killed a Japanese engineer", "two French soldiers were
        killed outside Herat": PLOVER codes the unnamed attacker of foreigners as of the state the
        attack took place in. Victims of that state themselves are left uncoded, and so is an
        act in a sentence naming any other actor, who may be the one who did it."""
        if place is None or not targets or trigger.cameo.plover not in categories("placed_agent") \
                or any(m not in targets and not unplaced(m) for g in self.groups
                       if not self._names_place(g) for m in g.members):
            return None
        state = self.states.get(place.country)
        if state is None or any(t.entity.country in (None, place.country) for t in targets):
            return None
        return Mention(state, -1, -1, place.name, "place-agent")

    def _home(self, source: Mention, trigger: Trigger, place: Entity | None) -> Mention | None:
        """The state a domestic act with no other actor named is aimed at: the state it takes
        place in ("Palestinian prisoners rioted at a jail in Haifa"), else the source's
        own ("Algerian landowners began a hunger strike"), as PLOVER codes it."""
        state = self._state_acted_in(source, place)
        if state is None or trigger.cameo.plover not in categories("domestic"):
            return None
        return Mention(state, source.start, source.end, source.text, "home")

    def _state_acted_in(self, source: Mention, place: Entity | None) -> Entity | None:
        return self.states.get(place.country if place else source.entity.country)

    def _state_of(self, target: Mention, source: Mention, place: Entity | None) -> Mention | None:
        """A target of no state is of the state the event takes place in, else of the state
        acting on it: PLOVER codes a government accusing "rebels" or police arresting
        "demonstrators" as domestic, and "French troops in Mali fought insurgents" as FRA->MLI.
        The target stays the group ("Sudan rebels"), not the state: the graph keeps who it was."""
        if not unplaced(target):
            return target
        state = self._state_acted_in(source, place)
        return replace(self.placer.placed_in(target, state.country), rule="home") if state else None

    def _refused(self, hit: Hit, trigger: Trigger, modality: str) -> tuple[Trigger, str]:
        """"Syria will not accept more refugees", "AS tidak akan berunding": a cooperative act
        negated in the future is a refusal, CAMEO's reject (plover_intent.tsv, cue "refusal"),
        and that refusal is done, not negated."""
        if modality != "negated" or "future" not in {c.payload.kind for c in self._cues_before(hit)}:
            return trigger, modality
        code = intent_codes().get(("refusal", trigger.cameo.plover))
        if code is None:
            return trigger, modality
        done = "reported" if any(c.payload.kind == "reported" for c in self.cues) else "asserted"
        return Trigger(code, trigger.flags - {"symmetric"}), done  # one side refuses

    def _intended(self, hit: Hit, trigger: Trigger, modality: str) -> tuple[Trigger, Hit | None]:
        """An act announced with a vow, the future, readiness or a condition is CAMEO's intent
        or threat of it ("will support" AGREE, "vowed to attack" THREATEN, "prepared to resume
        shelling" MOBILIZE, "will withdraw ... unless" THREATEN); a condition's cue is
        returned, its actor the target."""
        if modality != "planned":
            return trigger, None
        cues = {c.payload.kind: c for c in self._cues_before(hit)}
        cues.update((c.payload.kind, c) for c in self.cues
                    if c.payload.kind == "condition" and c.start >= hit.end)
        codes, category = intent_codes(), trigger.cameo.plover
        for kind in INTENT_CUES:
            code = codes.get((kind, category)) or codes.get((kind, "*")) if kind in cues else None
            if code is not None and code.plover != category:
                return Trigger(code, trigger.flags), cues[kind] if kind == "condition" else None
        return trigger, None

    def _condition_after(self, hit: Hit) -> Hit | None:
        """The condition cue of the trigger's clause ("... unless Israel rescinded")."""
        cue = next((c for c in self.cues
                    if c.payload.kind == "condition" and c.start >= hit.end), None)
        return cue if cue is not None and self._reaches(hit.end, cue.start) else None

    def _arguments(self, hit, trigger, left, right):
        between = self._between_pair(hit)
        if between and self._third_party(hit, left, between[0]):
            return left.members, list(between), "third-party+between", False
        if between:
            return [between[0]], [between[1]], "between", True
        if self._between_next(hit):  # "fighting between rival militias": the sides are no actors
            return [], [], "", False
        if "obligation" in trigger.flags:
            return self._obligation(hit, left)
        passive = "passive" in trigger.flags or self._passive_auxiliary(hit) or self._bare_participle(hit)
        agent = self._agent_after(hit.end, passive)
        if agent is not None:
            return agent.members, left.members if left else [], "passive+agent", False
        if passive and "passive" in trigger.flags and right and self._adjacent(hit.end, right.start):
            return right.members, left.members if left else [], "passive+adjacent-agent", False
        if passive:
            return [], left.members if left else [], "passive", False
        if (owner := self._owner_before(hit)) is not None:
            if right is not None:
                return owner.members, right.members, "owner+noun", False
            if place := self._place_target(hit.end):  # "Bush's visit to Tokyo"
                return owner.members, [place], "owner+noun+place", False
        if left is not None and right is not None and self._helped(hit, right):
            return right.members, left.members, "noun+helper", False
        if "noun" in trigger.flags and right and self._possessor_after(hit.end, right):
            target = self._right_group(right.end)
            if target is not None:
                return right.members, target.members, "noun+possessor", False
            if left is None and (place := self._place_target(right.end)):
                return right.members, [place], "noun+possessor+place", False
            # "pergi ke tempat serangan AS": a state or organisation after the noun owns it, and
            # the subject is not its target; a person there is as often acted on ("ekstradisi
            # Lugovoi"), the subject's object
            if left is not None and all(m.entity.type != "Person" for m in right.members):
                return right.members, [], "noun+possessor", False
        if left is None or self._in_prepositional_phrase(left, hit):
            return [], right.members if right else [], "", False
        members = [m for m in left.members if not unplaced(m)]
        mutual = "symmetric" in trigger.flags or trigger.cameo.plover in categories("mutual")
        if right is None and len(members) > 1 and mutual:
            return members[:1], members[1:], "compound-symmetric", True
        if right is None and (place := self._place_target(hit.end)):
            return members, [place], "active+place", False
        if right is None and (wanted := self._complement_target(hit)):
            return members, wanted.members, "active+complement", False
        if right is None and (inner := self._object_target(hit.end)):
            return members, inner.members, "active+object-phrase", False
        if "intransitive" in trigger.flags:  # "resigned Sunday as the opposition ...": no target
            return members, [], "active+intransitive", False
        return members, right.members if right else [], "active", False

    def _owner_before(self, hit: Hit) -> _Group | None:
        """"focused on Bush's visit to Japan", "welcomed Putin's two-day talks with Chirac": a
        trigger ending in its preposition after a possessive is a noun, the act of that owner
        (past the noun's modifiers), whatever the owner is the object of. Indonesian names
        the owner after the noun ("kunjungan Bush ke"): noun+possessor."""
        possessives = self.rules.possessives
        if not possessives or _words(hit.text)[-1] not in self.rules.linking:
            return None
        group = next((g for g in reversed(self.groups) if g.end <= hit.start), None)
        raw = self.text[group.end:hit.start].replace("’", "'") if group else ""
        words = raw.split()
        marker = next((p for p in possessives if words and words[0].endswith(p)), None)
        if marker is None or self._unplaced(group) or _CLAUSE_PUNCTUATION.search(raw):
            return None
        head = words[0][:-len(marker)].lower()  # "the Iranian government's talks with"
        modifiers = _words(" ".join(words[1:]))  # no phrase of its own: "Iran's reply to the attack on"
        return group if (not head or head in self.rules.heads) and len(modifiers) <= MAX_NOUN_MODIFIERS \
            and not self.rules.prepositions.intersection(modifiers) \
            and not self._has_trigger(group.end, hit.start) else None

    def _helped(self, hit: Hit, right: _Group) -> bool:
        """"ousted Islamists with help from Ethiopian troops", "dengan bantuan pasukan
        Ethiopia": a noun after "with" whose owner follows it is that owner's act, done for
        the subject, not the subject's act on it."""
        before = [w for w in _words(self.text[max(0, hit.start - 30):hit.start])
                  if w not in self.rules.skip]
        if not (before[-1:] and before[-1] in self.rules.helped_by):  # a noun, after "with"
            return False
        gap = [w for w in _words(self.text[hit.end:right.start])
               if w not in self.rules.skip and w not in self.rules.heads]
        # with no link between, only a noun ("dengan bantuan X", not "dengan menyeru X")
        return gap[:1] != [] and gap[0] in self.rules.helper_links and len(gap) == 1 \
            or not gap and self._noun(hit)

    def _third_party(self, hit: Hit, left: _Group | None, side: Mention) -> bool:
        """"Japan hosted talks between A and B", "mediating between", "urged talks between":
        an act that is not mutual, done by a subject before it, is that subject's act on
        both sides; not when it is passive or "between" opens a phrase of its own ("discussed
        in the talks between")."""
        if left is None or "symmetric" in hit.payload.flags or "passive" in hit.payload.flags \
                or self._passive_auxiliary(hit) or self._in_prepositional_phrase(left, hit):
            return False
        return not self.rules.phrase_prepositions.intersection(_words(self.text[hit.end:side.start]))

    def _in_prepositional_phrase(self, left: _Group, hit: Hit) -> bool:
        """"wounded two soldiers in a bomb attack", "in retaliation for an air raid": a
        trigger right after a preposition (a noun: past its modifiers) is a noun of that
        phrase, and the actor before the phrase is not its subject (a possessor, "Iraq's air
        raid", stands after it). A trigger ending in its preposition ("talks with", "attack
        on") keeps the actor before it: "arrived for talks with Sudan" names both sides."""
        if _words(hit.text)[-1] in self.rules.linking:
            return False
        gap = [w for w in _words(self.text[left.end:hit.start]) if w not in self.rules.skip]
        # a noun may have modifiers before it in the phrase ("part of the six-nation nuclear
        # disarmament talks"), not across a relative clause's pronoun ("which involved talks")
        before = gap[-MAX_NOUN_MODIFIERS - 1:] if self._noun(hit) else gap[-1:]
        relative = [i for i, w in enumerate(before) if w in self.rules.relatives]
        phrase = before[relative[-1] + 1:] if relative else before
        return bool(self.rules.phrase_prepositions.intersection(phrase))

    def _obligation(self, hit: Hit, bound: _Group | None):
        """"Russia said that Sudan must return ...": the speaker demands of the one bound
        by "must", named just before it; with no speaker there is no demand."""
        if bound is None or len(_words(self.text[bound.end:hit.start])) > 1:
            return [], [], "", False
        cue = next((c for c in reversed(self.cues) if c.payload.kind == "reported"
                    and c.end <= bound.start), None)
        if cue is None or len(_words(self.text[cue.end:bound.start])) > MAX_OBLIGATION_GAP:
            return [], [], "", False
        speaker = self._left_group(cue.start)
        return (speaker.members, bound.members, "obligation", False) if speaker else ([], [], "", False)

    def _left_group(self, start: int) -> _Group | None:
        """The subject: the nearest actor before the trigger, or the head its nearest actor
        hangs from ("the Turkish sides of ... Cyprus"). An actor that is the object of an
        earlier trigger is no subject, unless the two verbs are joined by "and", where
        they share the earlier subject ("kidnapped advisers and exploded bombs"). A relative
        clause between them is passed over ("Kenya, which sent troops to Somalia, signed")."""
        start = self._before_relative_clause(start)
        for k in range(bisect_left(self._group_starts, start) - 1, -1, -1):
            group = self.groups[k]
            if group.end <= start and not self._names_place(group) and not self._unplaced(group):
                gap = self.text[group.end:start]
                if self._has_trigger(group.end, start) and (earlier := self._pronoun_for(start)):
                    return self._left_group(earlier.start)
                if len(_words(gap)) > MAX_SOURCE_GAP or self._has_trigger(group.end, start) \
                        or self._in_reported_clause(group.end, start):
                    return None
                group = self._head_of(k)
                earlier = self.object_of.get(id(group))
                if earlier is None or self.triggers[earlier].start >= start \
                        or self._relative_subject(gap):
                    return group
                if self.rules.conjunctions.intersection(_words(gap)):
                    return self._left_group(self.triggers[earlier].start)
                return None
        return None

    def _pronoun_for(self, start: int) -> Hit | None:
        """"Russia did not attack Odesa, but it shelled Kharkiv", "tetapi mereka menembaki": a
        subject pronoun right before the trigger stands for the subject of the trigger before
        it, which is returned."""
        before = self._triggers_from(max(0, start - MAX_REACH_CHARS), start)
        if not before or len(_words(self.text[before[-1].end:start])) > MAX_SOURCE_GAP:
            return None
        last = _words(self.text[max(0, start - NEAR_CHARS):start])[-1:]
        return before[-1] if last and last[0] in self.rules.pronouns else None

    def _in_reported_clause(self, end: int, start: int) -> bool:
        """"Lebanese sources said Saudi Arabia and Iran were negotiating", "X mengatakan bahwa
        bantuan ...": an actor before a reporting verb or "that" is no subject in the clause
        they open, unless that clause's subject stands for it ("Iran said it would limit",
        "Taliban menyatakan petempurnya telah menculik") or is dropped ("menyatakan telah")."""
        return any(self._opens_clause(c, start) for c in self.cues
                   if c.payload.kind == "clause" and end <= c.start and c.end <= start)

    def _opens_clause(self, opener: Hit, start: int) -> bool:
        """Whether the clause ``opener`` begins up to ``start`` has a subject of its own."""
        words = [w for w in _words(self.text[opener.end:start]) if w not in self.rules.complementisers]
        if opener.text.lower() in self.rules.relatives and words[:1] and words[0] not in self.rules.skip:
            return False  # "the network that carried out": a relative pronoun, its antecedent acts
        if any(self._pronoun(w) for w in words):
            return False
        content = [w for w in words if w not in self.rules.skip]
        if not content:  # a noun at ``start`` is the clause's subject ("said the attack")
            trigger = next((t for t in self.triggers if t.start == start), None)
            nominal = bool(words) or trigger is not None and self._noun(trigger)
            return nominal and not (trigger is not None and self._speakers_act(trigger))
        # a predicate with its subject dropped ("menyatakan telah menangkap"), or a phrase of
        # the reporting verb itself ("said during a visit to Iraq")
        return content[0] not in self.rules.predicate_markers \
            and not (len(content) == 1 and content[0] in self.rules.prepositions)

    def _noun(self, trigger: Hit) -> bool:
        """Flagged a noun, or opening with one ("serangan terhadap")."""
        return "noun" in trigger.payload.flags or _words(trigger.text)[0] in self.rules.nouns

    def _speakers_act(self, trigger: Hit) -> bool:
        """A noun opening a reported clause that is still the speaker's act: a symmetric act
        with its partner named ("Rice said the meeting with Olmert ..."), or one a pronoun
        owns ("pertemuan kabinetnya", "kerja sama bilateral mereka")."""
        after = _words(_CLAUSE_PUNCTUATION.split(self.text[trigger.end:trigger.end + NEAR_CHARS], 1)[0])[:3]
        partner = self.rules.object_prepositions.intersection(_words(trigger.text)[-1:] + after[:1])
        return "symmetric" in trigger.payload.flags and bool(partner) \
            or any(self._pronoun(w) for w in after)

    def _pronoun(self, word: str) -> bool:
        """"it", "we've", "mereka", "petempurnya" (-nya: its, his)."""
        word = word.split("'")[0]
        return word in self.rules.pronouns or word.endswith(self.rules.pronoun_suffixes)

    def _relative_subject(self, gap: str) -> bool:
        """"the Bush administration, which accuses Damascus", "pasukan AS, yang memerangi
        Taliban": the antecedent of a relative pronoun right before the verb is its subject,
        though it is the object of an earlier verb."""
        words = _words(gap)
        return gap.lstrip().startswith(",") and bool(words) and words[0] in self.rules.relatives \
            and len(words) <= 3

    @staticmethod
    def _unplaced(group: _Group) -> bool:
        """Actors of no state are no subject: the search goes on past them."""
        return all(unplaced(m) for m in group.members)

    def _before_relative_clause(self, start: int) -> int:
        """Where the subject's phrase ends when an aside between commas stands right before
        ``start`` ("X, who met Y on Monday, said", "X, yang ..., mengatakan")."""
        head = self.text[:start]
        close = head.rfind(",")
        if close < 0 or start - close > NEAR_CHARS or len(_words(head[close:])) > MAX_AFTER_CLAUSE:
            return start
        opening = head.rfind(",", 0, close)
        first = _words(head[opening:close])[:1] if opening >= 0 else []
        return opening if first and self._opens_aside(first[0]) else start

    def _opens_aside(self, word: str) -> bool:
        """Whether a phrase between commas after the subject that opens with ``word`` is an
        aside: a relative clause ("X, who met Y, said"), a prepositional phrase ("Gates, in
        the region to counter Iran's influence, held talks") or a past participle ("Hamas,
        backed by Iran, attacked"). A present participle is not read as one: "saying Sadr was
        on a short, routine visit" is no aside."""
        return word in self.rules.relatives or word in self.rules.prepositions \
            or word.endswith(self.rules.participles) or word in apposition_openers(self.rules.data.code)

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

    def _right_group(self, end: int) -> _Group | None:
        k = bisect_left(self._group_starts, end)
        group = self.groups[k] if k < len(self.groups) else None
        return group if group is not None and self._reaches(end, group.start) else None

    def _reaches(self, end: int, start: int) -> bool:
        """Whether a target at ``start`` is in reach of a trigger ending at ``end``."""
        raw = self.text[end:start]
        gap = _words(raw)
        return not (len(gap) > MAX_TARGET_GAP or self._has_verb_trigger(end, start)
                    or _CLAUSE_PUNCTUATION.search(raw) or self.rules.breaks.intersection(gap))

    def _object_target(self, end: int) -> _Group | None:
        """"rejected a new offer from Nepal", "suspended part of an economic aid
        programme for Myanmar": past the reach of a direct object, the actor that a target
        preposition brings into the object phrase. The phrase ends at clause punctuation
        or a clause break; a noun in it may be a trigger ("offer", "aid"), a verb may not."""
        group = next((g for g in self.groups if g.start >= end), None)
        if group is None or self._names_place(group):
            return None
        raw = self.text[end:group.start]
        gap = _words(raw)
        heads = [w for w in gap if w not in self.rules.skip]
        if not heads or not self._brought_by_preposition(heads) or len(gap) > MAX_OBJECT_GAP \
                or _CLAUSE_PUNCTUATION.search(raw) or self.rules.infinitive_breaks.intersection(gap) \
                or self.rules.conjunctions.intersection(gap):
            return None
        return None if any(end <= t.start and t.end <= group.start and not self._nominal(end, t)
                           for t in self.triggers) else group

    def _brought_by_preposition(self, heads: list[str]) -> bool:
        """The phrase before the actor ends in an object preposition, or in a genitive whose
        chain an object preposition opened ("raids against hideouts of members of Al-Qaeda")."""
        return heads[-1] in self.rules.object_prepositions or heads[-1] in self.rules.genitives \
            and bool(self.rules.object_prepositions.intersection(heads))

    def _nominal(self, end: int, trigger: Hit) -> bool:
        """Whether a trigger after a verb ending at ``end`` is a noun: flagged so, its direct
        object ("lift embargoes"), or within two words of a determiner ("a fresh offer")."""
        before = _words(self.text[end:trigger.start])
        return "noun" in trigger.payload.flags or not before \
            or bool(self.rules.skip.intersection(before[-2:]))

    def _complement_target(self, hit: Hit) -> _Group | None:
        """"threatened on Monday to break relations with Russia", "refused to commit to any
        assistance to the US": a verb with an infinitive after it aims at the first actor of
        that infinitive's phrase, whether or not its verb is a trigger of its own."""
        marker = self._complement_marker(hit)
        group = next((g for g in self.groups if g.start >= marker), None) if marker else None
        if group is None:
            return None
        raw = self.text[marker:group.start]
        gap = _words(raw)
        if len(gap) > MAX_COMPLEMENT_GAP or _CLAUSE_PUNCTUATION.search(raw) \
                or self.rules.infinitive_breaks.intersection(gap):
            return None
        return group

    def _complement_marker(self, hit: Hit) -> int | None:
        """Where the infinitive after a trigger starts: right after its marker ("to", "akan"),
        which ends the trigger or follows it within two words ("threatened today to")."""
        if _words(hit.text)[-1] in self.rules.complements:
            return hit.end
        end = hit.end
        for _ in range(3):
            if not (match := _NEXT_WORD.match(self.text, end)):
                return None
            end = match.end()
            word = match.group(1).lower()
            if word in self.rules.complements:
                return end
            if word in self.rules.infinitive_breaks:  # "agreed to resign without returning to"
                return None
        return None

    def _place_target(self, end: int) -> Mention | None:
        """With no actor after it, the place an act is done in or aimed at stands for its
        state ("arrived in Amman", "imposed a curfew in the town of Cizre"), as PLOVER codes it."""
        place = next((m for m in self.mentions if m.start >= end and m.entity.type == "Place"), None)
        state = self.states.get(place.entity.country) if place else None
        if state is None or not self._reaches(end, place.start):
            return None
        return Mention(state, place.start, place.end, place.text, "place")

    def _has_verb_trigger(self, start: int, end: int) -> bool:
        return any(t.end <= end and not self._nominal(start, t) for t in self._triggers_from(start, end))

    def _has_trigger(self, start: int, end: int) -> bool:
        return any(t.end <= end for t in self._triggers_from(start, end))

    def _triggers_from(self, start: int, end: int) -> list[Hit]:
        """The triggers starting between two offsets (found by bisection: a sentence may be long)."""
        return self.triggers[bisect_left(self._trigger_starts, start):bisect_left(self._trigger_starts, end)]

    def _possessor_after(self, end: int, group: _Group) -> bool:
        """Whether the actor right after a noun trigger is its owner: nothing but heads of a
        state's actor between ("serangan pasukan AS"), and no sector noun, which makes a
        compound with it ("invasion troops")."""
        return all(w in self.rules.heads for w in _words(self.text[end:group.start])) \
            and group.members[0].rule != "sector"

    def _adjacent(self, end: int, start: int) -> bool:
        return not _words(self.text[end:start])

    def _between_pair(self, hit: Hit):
        """The two sides after "between"/"antara", which may end the trigger itself
        ("talks between Japan and NATO")."""
        for group in self.groups[bisect_left(self._group_starts, hit.end):]:
            if group.start - hit.end > MAX_REACH_CHARS:  # groups are in text order
                break
            if group.start >= hit.end and len(group.members) >= 2:
                # the title of the first side is its own ("between Palestinian President Abbas")
                gap = _words(hit.text)[-1:] + _words(self._without_title(self.text[hit.end:group.start]))
                named = [w for w in gap if w not in self.rules.skip]  # "between the Israeli and ..."
                if named and named[-1] in self.rules.between and len(gap) <= MAX_TARGET_GAP:
                    return group.members[0], group.members[1]
        return None

    def _between_next(self, hit: Hit) -> bool:
        """Whether "between"/"antara" ends the trigger or follows it."""
        after = [w for w in _words(self.text[hit.end:hit.end + 30]) if w not in self.rules.skip][:1]
        return bool(self.rules.between.intersection(_words(hit.text)[-1:] + after))

    def _agent_after(self, end: int, passive: bool) -> _Group | None:
        """The agent after "by": of a passive trigger, or right after an active one ("the
        rejection by Berlin"); "rejected calls by Belarus" names the caller, the
        target, not the one who rejected."""
        group = self._right_group(end)
        if group is None:
            return None
        # the head of a state's actor before its name is part of it ("oleh pasukan AS" = "by US forces")
        gap = [w for w in _words(self.text[end:group.start]) if w not in self.rules.heads]
        marked = bool(gap) and gap[-1] in self.rules.agents
        return group if marked and (passive or len(gap) == 1) else None

    def _passive_auxiliary(self, hit: Hit) -> bool:
        """"was attacked", but not "were negotiating", "there were talks" nor "was to meet":
        only a participle after the auxiliary is passive, not an infinitive."""
        if "noun" in hit.payload.flags or _words(hit.text)[0].endswith(self.rules.progressive):
            return False
        before = _words(self.text[max(0, hit.start - NEAR_CHARS):hit.start])[-2:]
        return bool(before) and any(w in self.rules.auxiliaries for w in before) \
            and before[-1] not in self.rules.complements

    def _bare_participle(self, hit: Hit) -> bool:
        """"A German arrested in Pakistan", "two soldiers killed on Saturday": a participle of
        a verb that always takes an object, followed by a place or time rather than by one, is
        passive ("killed at least ten" is not: a quantity opens an object)."""
        trigger: Trigger = hit.payload
        if trigger.cameo.plover not in categories("transitive") or trigger.flags & {"noun", "symmetric"} \
                or not _words(hit.text)[-1].endswith(self.rules.participles):
            return False
        after = _words(self.text[hit.end:hit.end + 40])[:3]
        return bool(after) and after[0] in self.rules.objectless \
            and not any(" ".join(after[:n]) in self.rules.quantifiers for n in (2, 3))

    def _cues_before(self, hit: Hit) -> list[Hit]:
        # a cue more than MAX_CUE_CHARS before is out of reach: no words need counting
        return [c for c in self.cues if c.end <= hit.start and hit.start - c.end <= MAX_CUE_CHARS
                and len(_words(self.text[c.end:hit.start])) <= 3]

    def _modality(self, hit: Hit) -> str:
        kinds = {c.payload.kind for c in self._cues_before(hit)}
        if "negation" in kinds:
            return "negated"
        if kinds & PLANNED_CUES:
            return "planned"
        if any(c.payload.kind == "reported" for c in self.cues):
            return "reported"
        return "asserted"

    def _place(self, hit: Hit) -> Entity | None:
        """The first place named in the trigger's clause: none across a word that opens
        another clause ("Officials met in Tel Aviv, a day after an Israeli strike on
        Hodeidah", "hosted a summit in Stockholm while Iran attacked Iraq near Basra")."""
        for mention in self.mentions:
            # a place of the gazetteer or of places.tsv (no GeoNames id, its state known)
            if mention.entity.type == "Place" and mention.entity.country is not None \
                    and self.rules.after_place_word(self.text[max(0, mention.start - NEAR_CHARS):mention.start]) \
                    and self._same_clause(mention, hit):
                return mention.entity
        return None

    def _same_clause(self, mention: Mention | DateMention, hit: Hit) -> bool:
        start, end = (mention.end, hit.start) if mention.end <= hit.start else (hit.end, mention.start)
        if end - start > MAX_REACH_CHARS:
            return False
        return not self.rules.breaks.intersection(_words(self.text[start:end]))

    def _date_near(self, hit: Hit) -> str | None:
        if not self.dates:
            return None
        # the nearest date of the trigger's own clause, else the nearest ("... on Monday, but it
        # shelled Kharkiv on Tuesday": Tuesday)
        best: DateMention = min(self.dates, key=lambda d: (not self._same_clause(d, hit), abs(d.start - hit.start)))
        return best.value

    def _fact(self, hit, trigger, source, target, place, day, modality, rule, symmetric) -> Fact:
        code = trigger.cameo
        confidence = 0.9 if target is not None else 0.6
        if rule in ("passive", "noun+possessor"):
            confidence -= 0.1
        return Fact("event", code.plover, source.entity, target.entity if target else None,
                    modality=modality, cameo=code.code, quad_class=code.quad_class,
                    goldstein=code.goldstein, date=day, place=place, symmetric=symmetric,
                    evidence=[self.evidence(f"trigger:{hit.text.lower()}:{rule}", confidence)])

    # -- relations ------------------------------------------------------------------------
    def relations(self) -> list[Fact]:
        facts = [self._role(m) for m in self.mentions if m.role and m.role.of is not None]
        located = []
        for cue in self.cues:
            if cue.payload.relation == "located_in":  # places are no actors: kg/relations.py
                located.append(cue)
            elif cue.payload.kind == "relation":
                facts.extend(self._relation(cue))
        if self.mentions:
            facts.extend(structural_relations(self.text, self.mentions, self.rules.data.code,
                                              self.evidence, longest_first(located)))
        return facts

    def _role(self, mention: Mention) -> Fact:
        role = mention.role
        return Fact("relation", "holds_role", mention.entity, role.of, role=role.id,
                    valid_from=role.valid_from.isoformat() if role.valid_from else None,
                    valid_to=role.valid_to.isoformat() if role.valid_to else None,
                    date=self.s.doc.published.isoformat() if self.s.doc.published else None,
                    evidence=[self.evidence(f"{mention.rule}:role", 0.9)])

    def _relation(self, cue: Hit) -> list[Fact]:
        relation = cue.payload.relation
        target = next((g for g in self.groups if g.start >= cue.end and not self._unplaced(g)
                       and len(_words(self.text[cue.end:g.start])) <= MAX_RELATION_GAP), None)
        source = self._apposed_to(cue) or self._left_group(cue.start)
        if target is None or source is None:
            return []
        return [Fact("relation", relation, s.entity, t.entity, symmetric=relation in SYMMETRIC_RELATIONS,
                     evidence=[self.evidence(f"relation:{cue.text.lower()}", 0.7)])
                for s in source.members for t in target.members[:1]
                if s.entity.id != t.entity.id and not unplaced(s) and not unplaced(t)]

    def _apposed_to(self, cue: Hit) -> _Group | None:
        """The actor an apposition names, for a relation word inside it: "The United States,
        a NATO member and a close ally of Japan," and "Filipina, sekutu Amerika Serikat," make
        the United States and the Philippines the ally, not NATO."""
        comma = self.text.rfind(",", max(0, cue.start - NEAR_CHARS), cue.start)
        first = _words(self.text[comma:cue.end])[:1] if comma >= 0 else []
        if not first or first[0] not in apposition_openers(self.rules.data.code):
            return None
        return next((g for g in reversed(self.groups) if g.end <= comma
                     and not self.text[g.end:comma].strip()), None)

    def located_in(self, states: dict[str, Entity]) -> list[Fact]:
        """Each place named in the sentence lies in its state (GeoNames knowledge)."""
        return [Fact("relation", "located_in", m.entity, states[m.entity.country],
                     evidence=[self.evidence("gazetteer:located_in", 0.95)])
                for m in self.mentions
                if m.entity.type == "Place" and m.entity.geonames and m.entity.country in states]

    def evidence(self, rule: str, confidence: float) -> Evidence:
        doc = self.s.doc
        return Evidence(doc=doc.id, url=doc.url, sentence=self.s.index, start=self.s.start,
                        end=self.s.end, quote=self.text, lang=doc.lang, rule=rule,
                        confidence=round(confidence, 2))


@lru_cache(maxsize=None)
def apposition_openers(lang: str) -> frozenset[str]:
    """Words that open an apposition between commas after an actor: an indefinite article
    ("a NATO member", grammar.yaml ``apposition_openers``) or the first word of a relation
    cue ("sekutu Amerika Serikat", relations.tsv)."""
    data = language(lang)
    return frozenset(data.words("apposition_openers")) | frozenset(
        _words(row["cue"])[0] for row in data.relations if _words(row["cue"]))


def _covered(length: int, spans) -> bytearray:
    """Which characters the spans cover: overlap tests in time linear in the sentence."""
    covered = bytearray(length)
    for span in spans:
        covered[span.start:span.end] = b"\x01" * (span.end - span.start)
    return covered


def extract_sentence(sentence: Sentence, mentions: list[Mention], states: dict[str, Entity],
                     lang: str) -> list[Fact]:
    extractor = SentenceExtractor(sentence, mentions, rules_for(lang), states)
    return extractor.events() + extractor.relations() + extractor.located_in(states)
