"""Events and structural relations from a sentence's mentions and trigger words.

Triggers per language (``data/lang/<code>/triggers.tsv``) map words to CAMEO codes; the
CAMEO table gives each event its quad class, Goldstein score and PLOVER category. Actors are
grouped (kg/extract/groups.py) and found around the trigger (kg/extract/arguments.py). Actors
named by their sector alone ("police", "pasukan", ``actors.tsv``), ethnic groups and titled
people of no known state are placed in a state by ``ActorPlacer`` (kg/extract/actors.py); a
group it cannot place is of the state acting on it ("the Kenyan government accused rebels").
An attack on foreigners with no agent named is the act of the state it took place in
(``plover_placed_agent.txt``). An act in a clause of condition, hypothesis or question
("unless", "if", "whether", "kecuali", "jika", "apakah") is no event. Cue words set the
modality; a cooperative act negated in the future is a refusal; the place and date are those
of the trigger's own clause. Every fact carries its evidence: the sentence, its offsets, and
the rule that fired.
"""
from __future__ import annotations

from dataclasses import replace
from functools import cached_property

from .actors import _CLAUSE_PUNCTUATION, ActorPlacer, Sector, _words, unplaced
from .arguments import MAX_REACH_CHARS, NEAR_CHARS, ArgumentFinder, apposition_openers
from .dates import DateMention, find_dates
from .groups import ActorGroups, _Group
from .lexicon import Hit, longest_first
from ..model import Entity, Evidence, Fact, Mention, Sentence
from .relations import structural_relations
from .rules import (CONDITION_CUES, INTENT_CUES, PLANNED_CUES, Cue, Rules, Trigger, categories,
                    intent_codes, rules_for)

ACTOR_TYPES = frozenset({"Country", "Organization", "Person"})
MAX_RELATION_GAP = 3
SYMMETRIC_RELATIONS = frozenset({"ally_of", "partner_of"})


class SentenceExtractor(ActorGroups, ArgumentFinder):
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
    def dates(self) -> list[DateMention]:
        """Read only when an event needs its date: most sentences have no event."""
        return find_dates(self.text, self.s.doc.lang, self.s.doc.published)

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
                        confidence=round(confidence, 2), title=doc.title,
                        published=doc.published.isoformat() if doc.published else None)


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
