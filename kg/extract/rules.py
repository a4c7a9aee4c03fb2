"""The event vocabulary: the CAMEO taxonomy with its PLOVER categories, the PLOVER coding
conventions kept as lists (``data/plover_*``), and each language's trigger, cue and grammar
words compiled into one ``PhraseMatcher`` (``Rules``). kg/extract/events.py applies them to sentences.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .actors import Sector, _words
from .lexicon import Hit, LanguageData, PhraseMatcher, language
from .morphology import FORM_FLAGS
from .patterns import Patterns
from ..resources import data_path, read_tsv

INTENT_CUES = ("condition", "readiness", "vow", "future")  # the first found decides
PLANNED_CUES = frozenset({"planned", "readiness", "vow", "future"})
CONDITION_CUES = frozenset({"condition", "hypothesis"})  # an act in their clause is not done


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    quad_class: int
    goldstein: float
    plover: str | None


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """CAMEO codes. A code without a PLOVER category or Goldstein score takes its nearest
    ancestor's; roots without a category take ``plover_defaults.tsv`` (empty: not extracted)."""
    rows = read_tsv(data_path("cameo_codes.tsv"))
    defaults = {r["root"]: r["plover"] or None for r in read_tsv(data_path("plover_defaults.tsv"))}
    by_code = {r["code"]: r for r in rows}

    def inherited(code: str, column: str) -> str | None:
        return next((by_code[code[:n]][column] for n in range(len(code), 1, -1)
                     if by_code.get(code[:n], {}).get(column)), None)

    return {code: CameoCode(code, row["name"], int(row["quad_class"]),
                            float(inherited(code, "goldstein") or 0.0),
                            inherited(code, "plover_event") or defaults.get(code[:2]))
            for code, row in by_code.items()}


@lru_cache(maxsize=None)
def categories(convention: str) -> frozenset[str]:
    """The PLOVER categories one coding convention applies to, ``data/plover_<convention>.txt``:
    ``mutual`` (a compound subject acts on itself when no target is named), ``domestic``
    (aimed at the actor's own state when no other actor is named), ``placed_agent`` (an act
    with no agent named is the act of the state it took place in), ``transitive`` (a bare
    participle with no object after it is passive), ``speaker`` (a person owning the act's noun
    did it)."""
    with open(data_path(f"plover_{convention}.txt"), encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def intent_codes() -> dict[tuple[str, str], CameoCode]:
    """(cue kind, PLOVER category or *) -> the intent or threat code the act takes."""
    table = cameo_table()
    rows = read_tsv(data_path("plover_intent.tsv"))
    return {(r["cue"], r["plover"]): table[r["cameo"]] for r in rows}


@dataclass(frozen=True)
class Trigger:
    cameo: CameoCode
    flags: frozenset[str]


@dataclass(frozen=True)
class Cue:
    kind: str  # negation | planned | vow | future | readiness | condition | hypothesis | reported
    # | relation | clause
    relation: str | None = None


class ComposingMatcher:
    """The language's ``PhraseMatcher`` with its verb–object patterns paired after each search
    (kg/extract/patterns.py): ``find`` returns triggers, cues and sectors, never bare parts."""

    def __init__(self, phrases: PhraseMatcher, patterns: Patterns):
        self.phrases, self.patterns = phrases, patterns

    def find(self, text: str) -> list[Hit]:
        return self.patterns.compose(text, self.phrases.find(text), _trigger)


def _trigger(code: str, flags: frozenset[str]) -> Trigger | None:
    cameo = cameo_table().get(code)
    return Trigger(cameo, flags) if cameo else None


class Rules:
    """One language's trigger, cue and grammar words, compiled for matching."""

    def __init__(self, data: LanguageData):
        self.data = data
        table = cameo_table()
        phrases = PhraseMatcher()
        self.patterns = Patterns(data)
        # Halting verbs ("cancelled his visit", "menunda kunjungan"): the act they govern is not
        # done. Their forms, for the event code; paired with an object they make an act of
        # their own (act_patterns.tsv: "suspended talks" halts negotiations).
        self.halting = frozenset(text for text, _ in self.patterns.verbs["halting"])
        self.matcher = ComposingMatcher(phrases, self.patterns)
        nouns = set()
        listed = {row["trigger"].lower() for row in data.triggers}
        for row in data.triggers:
            code = table.get(row["cameo"])
            if code:  # a statement phrase without a category still blocks shorter triggers
                flags = _flags(row)
                phrases.add(row["trigger"], Trigger(code, flags))
                if "noun" in flags:
                    nouns.add(row["trigger"].lower())
                    # its owner's clitic ("kunjungannya ke Jepang"): the owner is the clitic,
                    # so an actor after it is no possessor
                    for suffix in data.words("pronoun_suffixes"):
                        if (owned := row["trigger"] + suffix).lower() not in listed:
                            phrases.add(owned, Trigger(code, flags - {"noun"}))
        determined = _with_determiners(data)
        for row in data.verbs:  # lemmas: each form is a trigger, passive and nominal ones flagged
            code, row_flags = table.get(row["cameo"]), _flags(row)
            for form in data.verb_forms(row["lemma"]) if code else []:
                flags = row_flags | FORM_FLAGS[form.kind] if form.kind in FORM_FLAGS else row_flags
                for text in determined(form.text):
                    phrases.add(text, Trigger(code, flags))
                if "noun" in flags:
                    nouns.add(form.text)
        self.nouns = frozenset(nouns)
        for kind in ("negation", "planned", "reported", "hypothesis") + INTENT_CUES:
            for word in data.words(kind):
                phrases.add(word, Cue(kind))
        for word in self.halting:
            phrases.add(word, Cue("negation"))
        for word in data.words("reporting_verbs") + data.words("complementisers"):
            phrases.add(word, Cue("clause"))
        for row in data.relations:
            phrases.add(row["cue"], Cue("relation", row["relation"]))
        for row in data.actors:
            phrases.add(row["phrase"], Sector(row["sector"]))
        self.patterns.add_to(phrases)
        phrases.build()
        words = data.words
        self.conjunction_words = frozenset(w for c in words("conjunctions") for w in c.split())
        self.conjunctions = frozenset(words("conjunctions")) | {","}
        self.agents = frozenset(words("agent_markers"))
        self.agent_links = tuple(tuple(phrase.split()) for phrase in words("agent_links"))
        self.between = frozenset(words("between"))
        self.skip = frozenset(words("skip_words"))
        self.object_prepositions = frozenset(words("object_prepositions"))
        self.genitives = frozenset(words("genitive_links"))
        self.linking = frozenset(words("target_prepositions")) | self.skip
        self.place_words = frozenset(words("place_prepositions"))
        self.heads = frozenset(words("government_words")) | frozenset(words("actor_heads"))
        self.helped_by = frozenset(words("helped_by"))
        self.helper_links = frozenset(words("helper_links"))
        self.attaching = frozenset(words("attaching_prepositions"))
        self.complements = frozenset(words("complement_markers"))
        self.auxiliaries = frozenset(words("passive_auxiliaries"))
        self.progressive = tuple(words("progressive_endings"))
        self.participles = tuple(words("participle_endings"))
        self.objectless = frozenset(words("objectless_followers"))
        self.quantifiers = frozenset(words("object_quantifiers"))
        self.breaks = frozenset(words("clause_breaks"))
        self.infinitive_breaks = self.breaks | frozenset(words("infinitive_breaks"))
        self.phrase_prepositions = frozenset(words("phrase_prepositions"))
        self.prepositions = self.phrase_prepositions | frozenset(words("target_prepositions"))
        self.place_heads_after = frozenset(words("place_heads_after"))
        self.place_heads_before = frozenset(words("place_heads_before"))
        self.owner_links = frozenset(words("owner_links"))
        self.ethnic_words = frozenset(words("ethnic_words"))
        self.relatives = frozenset(words("relative_pronouns"))
        self.complementisers = frozenset(words("complementisers"))
        self.pronouns = frozenset(words("subject_pronouns"))
        self.pronoun_suffixes = tuple(words("pronoun_suffixes"))
        self.possessives = tuple(words("possessives"))  # of an owner before its noun ("Iran's")
        self.predicate_markers = frozenset(words("predicate_markers"))
        self.place_tokens = frozenset(w for phrase in self.place_words for w in phrase.split())
        self.title_words = frozenset(w for row in data.titles for w in row["title"].split()
                                     if w not in self.conjunctions)

    def after_place_word(self, before: str) -> bool:
        """Whether ``before`` ends with a place preposition ("di", "in the city of")."""
        tail = _words(before)[-4:]
        return any(" ".join(tail[-n:]) in self.place_words for n in range(1, len(tail) + 1))


def _with_determiners(data: LanguageData):
    """A verb phrase with and without each determiner before its object ("held talks", "held
    the talks"); none after a particle, a preposition or a determiner ("pull out of"). A verb
    and its preposition may have a time or manner adverbial between them ("called last month
    for", "met on Tuesday with": grammar.yaml `phrase_adverbials`)."""
    determiners, adverbials = data.words("determiners"), data.words("phrase_adverbials")
    prepositions = set(data.words("target_prepositions"))
    closed = set(determiners) | prepositions \
        | set(data.words("particles")) | set(data.words("complement_markers"))

    def variants(text: str) -> list[str]:
        verb, _, rest = text.partition(" ")
        if rest and rest.split()[0] in prepositions:
            return [text] + [f"{verb} {a} {rest}" for a in adverbials]
        if not rest or rest.split()[0] in closed:
            return [text]
        return [text] + [f"{verb} {d} {rest}" for d in determiners]
    return variants


def _flags(row: dict) -> frozenset[str]:
    flags = row.get("flags")
    return frozenset(f.strip() for f in flags.split(",") if f.strip()) if flags else frozenset()


@lru_cache(maxsize=None)
def rules_for(lang: str) -> Rules:
    return Rules(language(lang))
