"""Events and relations of a sentence: triggers coded with CAMEO/PLOVER, arguments from the parse.

Triggers per language (``data/lang/<code>/triggers.tsv``) map words to CAMEO codes; the
CAMEO table gives each event its quad class, Goldstein score and PLOVER category. Who acts on
whom is read from the sentence's dependency tree (kg/extract/arguments.py): one event per
coordinated actor, "between A and B" a symmetric pair. Only sentences naming an actor and
holding a trigger or a relation cue are parsed; the rest never pay for it.

This module adds what grammar cannot give, the coding conventions of PLOVER (kept as lists in
``data/plover_*``): actors named by their sector alone ("police", "pasukan", ``actors.tsv``)
are placed in a state by ``ActorPlacer`` (kg/extract/actors.py), and a group it cannot place
is of the state acting on it ("the Kenyan government accused rebels"); an attack on
foreigners with no agent named is the act of the state it took place in
(``plover_placed_agent.txt``); a domestic act with no target is aimed at the actor's own
state. Cue words set the modality; an act announced with a vow, the future or readiness is its
intent or threat (``plover_intent.tsv``), a cooperative act negated in the future a refusal.
Every fact carries its evidence: the sentence, its offsets, and the rule that fired.
"""
from __future__ import annotations

from dataclasses import replace
from functools import cached_property

from .actors import ActorPlacer, Sector, unplaced
from .arguments import (OWNERS, Tree, condition_clause, cue_kinds, find_arguments,
                        grammar_for, in_condition, parse_named)
from .dates import DateMention, find_dates
from .lexicon import Hit, longest_first
from ..model import Entity, Evidence, Fact, Mention, Sentence
from .relations import structural_relations, tree_relations
from .rules import CONDITION_CUES, INTENT_CUES, PLANNED_CUES, Cue, Rules, Trigger, categories, \
    intent_codes, rules_for

ACTOR_TYPES = frozenset({"Country", "Organization", "Person"})


class SentenceExtractor:
    """Facts of one sentence. Built per sentence; holds what every rule needs to see."""

    def __init__(self, sentence: Sentence, mentions: list[Mention], rules: Rules,
                 states: dict[str, Entity] | None = None, lang: str = "en"):
        self.s, self.text, self.rules, self.lang = sentence, sentence.text, rules, lang
        self.mentions = mentions
        self.states = states or {}
        self.doc = None  # the parse, set by ``extract_sentences`` when the sentence needs one
        hits = rules.matcher.find(self.text)
        named = _covered(len(self.text), mentions)
        self.triggers = [h for h in longest_first(h for h in hits if isinstance(h.payload, Trigger))
                         if not any(named[h.start:h.end])]
        self.cues = [h for h in hits if isinstance(h.payload, Cue)]
        self._sectors = [h for h in hits if isinstance(h.payload, Sector)]

    def needs_parse(self) -> bool:
        """An actor and a trigger or a relation cue: anything else has no event to read."""
        has_actor = self._sectors or any(m.entity.type in ACTOR_TYPES for m in self.mentions)
        relation = any(c.payload.kind == "relation" for c in self.cues)
        return bool(has_actor and (self.triggers or relation))

    # Most sentences have no trigger and no relation cue: what follows is built on first use.
    @cached_property
    def placer(self) -> ActorPlacer:
        return ActorPlacer(self.text, self.mentions, self.rules, self.states)

    @cached_property
    def actors(self) -> list[Mention]:
        triggered = _covered(len(self.text), self.triggers)
        sectors = [h for h in self._sectors if not any(triggered[h.start:h.end])]
        return self.placer.actors([m for m in self.mentions if m.entity.type in ACTOR_TYPES], sectors)

    @cached_property
    def tree(self) -> Tree:
        places = [m for m in self.mentions if m.entity.type == "Place"]
        return Tree(self.doc, self._with_states(self.actors), places, self.cues, grammar_for(self.lang))

    @cached_property
    def _reported(self) -> bool:
        """Whether someone reports what the sentence says ("said", "according to")."""
        return any(c.payload.kind == "reported" for c in self.cues)

    @cached_property
    def dates(self) -> list[DateMention]:
        """Read only when an event needs its date: most sentences have no event."""
        return find_dates(self.text, self.s.doc.lang, self.s.doc.published)

    def _with_states(self, actors: list[Mention]) -> list[Mention]:
        """A person of no known state takes the state their noun phrase names ("South African
        leader F.W. de Klerk", "Perdana Menteri Jepang, Shinzo Abe")."""
        countries = {}
        for m in actors:
            if m.entity.type == "Country" and (span := self._span(m)) is not None:
                countries.update((t.i, m.entity.country) for t in span)
        out = []
        for m in actors:
            if m.entity.type == "Person" and not m.entity.country and (span := self._span(m)) is not None:
                state = next((countries[t.i] for t in _phrase_of(span.root) if t.i in countries), None)
                m = replace(m, entity=replace(m.entity, country=state)) if state else m
            out.append(m)
        return out

    def _span(self, m: Mention):
        return self.doc.char_span(m.start, m.end, alignment_mode="expand")

    # -- events ---------------------------------------------------------------------------
    def events(self) -> list[Fact]:
        if not self.triggers or self.doc is None:
            return []
        heads = [self.tree.token(h.start, h.end) for h in self.triggers]
        at = {t.i: i for i, t in enumerate(heads) if t is not None}
        facts = []
        for hit, token in zip(self.triggers, heads):
            if token is None or not hit.payload.cameo.plover or self._complement(token, at) \
                    or in_condition(self.tree, token, CONDITION_CUES):
                continue
            facts.extend(self._event(hit, token, at))
        return facts

    def _complement(self, token, at: dict) -> bool:
        """"agreed to lift", "threatened to shell": an infinitive complement of another trigger
        is no event of its own; that trigger takes its target from it."""
        return token.head.i in at and self.tree.complement(token)

    def _event(self, hit: Hit, token, at: dict) -> list[Fact]:
        trigger: Trigger = hit.payload
        mutual = "symmetric" in trigger.flags or trigger.cameo.plover in categories("mutual")
        args = find_arguments(self.tree, token, trigger.flags, set(at), mutual)
        if args is None:
            return []
        place = self._place(token)
        sources = [s for s in args.sources if not unplaced(s)]  # of no state: no one to code
        if not sources and (agent := self._agent_of_place(trigger, args.targets, place)):
            sources, args.rule = [agent], "place-agent"
        if not sources:
            return []
        targets = args.targets or self._place_target(token)
        kinds = cue_kinds(self.tree, token)
        modality = self._modality(kinds)
        trigger, modality = self._refused(trigger, modality, kinds)
        trigger, condition = self._intended(token, trigger, modality, kinds)
        if not targets and condition is not None:  # "threatened to strike unless Israel rescinded"
            targets = self.tree.subjects(condition)
        symmetric = args.symmetric or "symmetric" in trigger.flags
        day = self._date(token)
        facts = []
        for source in sources:
            for target in [self._state_of(t, source, place) for t in targets] \
                    or [self._home(source, trigger, place)]:
                if target is not None and target.entity.id == source.entity.id \
                        and target.rule != "home" and trigger.cameo.plover not in categories("domestic"):
                    continue
                facts.append(self._fact(hit, trigger, source, target, place, day, modality,
                                        args.rule, symmetric))
        return facts

    def _agent_of_place(self, trigger: Trigger, targets: list[Mention],
                        place: Entity | None) -> Mention | None:
        """"A car bomb near Kandahar killed a Japanese engineer", "two French soldiers were
        killed outside Herat": PLOVER codes the unnamed attacker of foreigners as of the state the
        attack took place in. Victims of that state themselves are left uncoded, and so is an
        act in a sentence naming any other actor, who may be the one who did it."""
        if place is None or not targets or trigger.cameo.plover not in categories("placed_agent") \
                or any(m not in targets and not unplaced(m) for m in self.tree.actors_named):
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

    def _place_target(self, token) -> list[Mention]:
        """With no actor acted on, a place the act is aimed at or done in stands for its state
        ("attacked Odesa", "arrived in Amman", "imposed a curfew in the town of Cizre"), as
        PLOVER codes it."""
        return self._places_under.get(token.i, [])[:1]

    @cached_property
    def _places_under(self) -> dict[int, list[Mention]]:
        """Head token index -> the states of the places named right under it."""
        under: dict[int, list[Mention]] = {}
        for m in self.mentions:
            if m.entity.type == "Place" and (state := self.states.get(m.entity.country)) is not None \
                    and (place := self.tree.token(m.start, m.end)) is not None:
                under.setdefault(place.head.i, []).append(Mention(state, m.start, m.end, m.text, "place"))
        return under

    @cached_property
    def _places(self) -> list[tuple]:
        """(mention, head token, clause head index) of the places the sentence names after a
        place word: of the gazetteer or of places.tsv (no GeoNames id, its state known)."""
        found = []
        for m in self.mentions:
            # the words right before it are all a place preposition can be made of
            if m.entity.type == "Place" and m.entity.country is not None \
                    and self.rules.after_place_word(self.text[max(0, m.start - 80):m.start]) \
                    and (token := self.tree.token(m.start, m.end)) is not None:
                found.append((m, token, self.tree.clause(token).i))
        return found

    @cached_property
    def _dates(self) -> list[tuple[DateMention, int]]:
        return [(d, self.tree.clause(t).i) for d in self.dates
                if (t := self.tree.token(d.start, d.end)) is not None]

    def _place(self, token) -> Entity | None:
        """The place of the trigger's own clause ("an Israeli strike on Hodeidah" is not where
        another clause of the sentence happened)."""
        scope = self.tree.scope(token)
        return next((m.entity for m, _, clause in self._places if clause in scope), None)

    def _date(self, token) -> str | None:
        """The date of the trigger's clause, else of the nearest clause around it."""
        if not self.dates:
            return None
        scope, clause = self.tree.scope(token), self.tree.clause(token)
        for _ in range(8):
            if found := [d for d, c in self._dates if c in scope]:
                return found[0].value
            if clause.head is clause:
                return None
            clause = self.tree.clause(clause.head)
            scope = self.tree.scope(clause)
        return None

    def _modality(self, kinds: dict) -> str:
        if "negation" in kinds:
            return "negated"
        if kinds.keys() & PLANNED_CUES:
            return "planned"
        if self._reported:
            return "reported"
        return "asserted"

    def _refused(self, trigger: Trigger, modality: str, kinds: dict) -> tuple[Trigger, str]:
        """"Syria will not accept more refugees", "AS tidak akan berunding": a cooperative act
        negated in the future is a refusal, CAMEO's reject (plover_intent.tsv, cue "refusal"),
        and that refusal is done, not negated."""
        if modality != "negated" or "future" not in kinds:
            return trigger, modality
        code = intent_codes().get(("refusal", trigger.cameo.plover))
        if code is None:
            return trigger, modality
        done = "reported" if self._reported else "asserted"
        return Trigger(code, trigger.flags - {"symmetric"}), done  # one side refuses

    def _intended(self, token, trigger: Trigger, modality: str, kinds: dict):
        """An act announced with a vow, the future, readiness or a condition is CAMEO's intent
        or threat of it ("will support" AGREE, "vowed to attack" THREATEN, "prepared to resume
        shelling" MOBILIZE, "will withdraw ... unless" THREATEN); the clause of a condition is
        returned, its subject the target."""
        if modality != "planned":
            return trigger, None
        condition = condition_clause(self.tree, token, frozenset({"condition"}))
        found = set(kinds) | ({"condition"} if condition is not None else set())
        codes, category = intent_codes(), trigger.cameo.plover
        for kind in INTENT_CUES:
            code = codes.get((kind, category)) or codes.get((kind, "*")) if kind in found else None
            if code is not None and code.plover != category:
                return Trigger(code, trigger.flags), condition if kind == "condition" else None
        return trigger, None

    def _fact(self, hit, trigger, source, target, place, day, modality, rule, symmetric) -> Fact:
        code = trigger.cameo
        confidence = 0.9 if target is not None else 0.6
        if rule.startswith(("passive", "owner+noun")):
            confidence -= 0.1
        return Fact("event", code.plover, source.entity, target.entity if target else None,
                    modality=modality, cameo=code.code, quad_class=code.quad_class,
                    goldstein=code.goldstein, date=day, place=place, symmetric=symmetric,
                    evidence=[self.evidence(f"trigger:{hit.text.lower()}:{rule}", confidence)])

    # -- relations ------------------------------------------------------------------------
    def relations(self) -> list[Fact]:
        facts = [self._role(m) for m in self.mentions if m.role and m.role.of is not None]
        located = [c for c in self.cues if c.payload.relation == "located_in"]
        cues = [c for c in self.cues if c.payload.kind == "relation" and c.payload.relation != "located_in"]
        if cues and self.doc is not None:
            facts.extend(tree_relations(self.tree, longest_first(cues), self.evidence))
        if self.mentions:  # places are no actors: kg/extract/relations.py
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


def _covered(length: int, spans) -> bytearray:
    """Which characters the spans cover: overlap tests in time linear in the sentence."""
    covered = bytearray(length)
    for span in spans:
        covered[span.start:span.end] = b"\x01" * (span.end - span.start)
    return covered


def _phrase_of(token) -> list:
    """The words of a person's noun phrase that may name their state: its modifiers, and
    those of the title it stands beside ("Perdana Menteri Jepang, Shinzo Abe")."""
    near = [c for c in token.children if c.dep_ in OWNERS]
    if token.dep_ in ("appos", "flat", "flat:name", "compound") or token.head.dep_ == "appos":
        head = token.head
        near += [head] + [c for c in head.children if c.dep_ in OWNERS and c is not token]
    return [d for n in near for d in n.subtree if d.dep_ not in ("appos", "acl:relcl", "conj")]


def extract_sentences(items: list[tuple[Sentence, list[Mention]]], states: dict[str, Entity],
                      lang: str) -> list[Fact]:
    """Facts of a document's sentences (with their mentions); those that need the parse are
    parsed in one batch."""
    rules = rules_for(lang)
    extractors = [SentenceExtractor(s, m, rules, states, lang) for s, m in items]
    needing = [x for x in extractors if x.needs_parse()]
    docs = parse_named([x.text for x in needing], [x.mentions for x in needing], lang)
    for extractor, doc in zip(needing, docs):
        extractor.doc = doc
    return [f for x in extractors for f in x.events() + x.relations() + x.located_in(states)]
