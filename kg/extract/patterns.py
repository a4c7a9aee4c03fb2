"""Verb–object patterns: an act whose category is set by what is done to what ("lifted
sanctions" eases them, "suspended talks" halts negotiations, "membebaskan tahanan" releases
people), written once as classes of lemmas.

Each language lists its verb and object classes as lemmas (``data/lang/<code>/patterns.yaml``;
the ``halting`` verbs come from ``grammar.yaml``, where the event code reads them too); their
forms are generated (kg/extract/morphology.py). ``data/act_patterns.tsv`` gives the CAMEO
code of each (verb class, object class) pair, for every language. A verb of a class followed,
within a few words of its object phrase, by an object of a class the table pairs it with
becomes a trigger of that code. The trigger spans the verb and its object phrase, or the verb
alone when a name stands in the phrase, which may be an actor ("released Israeli soldiers");
the object's own trigger ("talks", "serangan") is dropped, as the pair names one act.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Hit, LanguageData, PhraseMatcher, longest_first
from .morphology import FORM_FLAGS
from ..resources import data_path, read_tsv, read_yaml

# A capital inside the object phrase starts a name, which may be an actor ("released 20
# Palestinian prisoners"): the trigger is then the verb alone, else the whole phrase, so that
# the target is looked for after the object ("sent about 550 troops to Iraq").
_NAME = re.compile(r"\b[A-Z]")
# Punctuation that ends an object phrase (hyphens, the dots of "U.S." and digit groups do not).
_PHRASE_END = re.compile(r"(?<!\d)[,.](?!\d)|[;:()\[\]\"“”!?]")  # not "21,500", "50.000"
_WORD = re.compile(r"[\w'-]+")


@dataclass(frozen=True)
class Part:
    """A word of a pattern class found in text, before it is paired."""

    role: str  # verb | object
    name: str  # the class
    flags: frozenset[str] = frozenset()
    kind: str = "active"  # of a verb form: active | participle | passive | nominal


@lru_cache(maxsize=1)
def pair_codes() -> dict[tuple[str, str], tuple[str, frozenset[str]]]:
    """(verb class, object class) -> (CAMEO code, flags of the act: "symmetric")."""
    rows = read_tsv(data_path("act_patterns.tsv"))
    return {(r["verbs"], r["objects"]): (r["cameo"], frozenset(filter(None, (r["flags"] or "").split(","))))
            for r in rows}


class Patterns:
    """One language's pattern classes, added to its ``PhraseMatcher`` as ``Part`` payloads."""

    def __init__(self, data: LanguageData):
        spec = _spec(data.code)
        self.max_gap = int(spec.get("max_gap", 3))
        self.auxiliaries = frozenset(data.words("passive_auxiliaries"))
        self.gap_breaks = frozenset(w for key in spec.get("gap_breaks_from") or []
                                    for w in data.words(key)) \
            - {str(w).lower() for w in spec.get("gap_allows") or []}
        self.breaks = frozenset(data.words("clause_breaks")) | frozenset(data.words("reporting_verbs"))
        verbs = dict(spec.get("verbs") or {})
        verbs["halting"] = data.grammar.get("halting") or []
        self.verbs = {name: sorted({(f.text, f.kind) for lemma in lemmas for f in data.verb_forms(str(lemma))})
                      for name, lemmas in verbs.items()}
        self.objects = {name: sorted({f for lemma in lemmas for f in data.noun_forms(str(lemma))})
                        for name, lemmas in (spec.get("objects") or {}).items()}

    def add_to(self, matcher: PhraseMatcher) -> None:
        for name, forms in self.verbs.items():
            for text, kind in forms:
                matcher.add(text, Part("verb", name, FORM_FLAGS.get(kind, frozenset()), kind))
        for name, forms in self.objects.items():
            for text in forms:
                matcher.add(text, Part("object", name))

    def compose(self, text: str, hits: list[Hit], trigger_of) -> list[Hit]:
        """``hits`` with each paired verb made a trigger of its pair's code, the object's own
        triggers dropped and the parts removed. ``trigger_of(code, flags)`` makes the payload."""
        parts = [h for h in hits if isinstance(h.payload, Part)]
        if not parts:
            return hits
        others = [h for h in hits if not isinstance(h.payload, Part)]
        objects = longest_first(h for h in parts if h.payload.role == "object")
        composed, covered, replaced = [], set(), set()
        # "membuka kembali" (reopen) is one verb, not "membuka" (open) before "kembali"
        for verb in longest_first(h for h in parts if h.payload.role == "verb"):
            if verb.start in covered:  # the object of the verb before ("demanded the release")
                continue
            obj, passive = self._object_of(text, verb, objects, others), frozenset()
            if obj is None and (obj := self._subject_of(text, verb, objects, others)):
                passive = frozenset({"passive"})  # "sanctions on Iran were lifted"
            pair = obj and pair_codes().get((verb.payload.name, obj.payload.name))
            if pair and (payload := trigger_of(pair[0], verb.payload.flags | pair[1] | passive)):
                whole = not passive and verb.payload.kind in ("active", "participle") \
                    and not _NAME.search(text, verb.end, obj.start)
                end = obj.end if whole else verb.end
                composed.append(Hit(verb.start, end, payload, text[verb.start:end]))
                replaced.add((verb.start, verb.end))
                covered.update(range(obj.start, obj.end))
        if not composed:
            return others
        kept = [h for h in others if not (_is_trigger(h) and ((h.start, h.end) in replaced
                                                             or h.start in covered))]
        return sorted(kept + composed, key=lambda h: (h.start, -h.end))

    def _object_of(self, text: str, verb: Hit, objects: list[Hit], others: list[Hit]) -> Hit | None:
        """The first object after the verb, if nothing but a short run of plain words stands
        between them: no punctuation, no clause break or preposition, no other trigger."""
        after = [o for o in objects if o.start >= verb.end]
        if not after or _hyphenated(text, verb):  # "the stop-go peace process" is no act
            return None
        first = min(after, key=lambda o: (o.start, -o.end))
        gap = text[verb.end:first.start]
        words = [w.lower() for w in _WORD.findall(gap)]
        if len(words) > self.max_gap or _PHRASE_END.search(gap) or self.gap_breaks.intersection(words) \
                or any(_is_trigger(h) and verb.end <= h.start and h.end <= first.start for h in others):
            return None
        return first


    def _subject_of(self, text: str, verb: Hit, objects: list[Hit], others: list[Hit]) -> Hit | None:
        """The object a passive verb form is said of: the last one before it, a few words
        away, with an auxiliary between them when the form is an English participle ("talks
        with Iran were suspended", "perundingan dengan Iran ditunda"); prepositional phrases
        may stand between, clause breaks and punctuation may not."""
        if verb.payload.kind not in ("participle", "passive"):
            return None
        before = [o for o in objects if o.end <= verb.start]
        if not before:
            return None
        last = max(before, key=lambda o: (o.end, o.end - o.start))
        gap = text[last.end:verb.start]
        words = [w.lower() for w in _WORD.findall(gap)]
        if len(words) > self.max_gap + 1 or _PHRASE_END.search(gap) \
                or self.breaks.intersection(words) \
                or (verb.payload.kind == "participle" and not self.auxiliaries.intersection(words)) \
                or any(_is_trigger(h) and last.end <= h.start and h.end <= verb.start for h in others):
            return None
        return last


def _hyphenated(text: str, hit: Hit) -> bool:
    return text[hit.end:hit.end + 1] == "-" or text[hit.start - 1:hit.start] == "-"


def _is_trigger(hit: Hit) -> bool:
    return hasattr(hit.payload, "cameo")


@lru_cache(maxsize=None)
def _spec(code: str) -> dict:
    path = data_path("lang", code, "patterns.yaml")
    return (read_yaml(path) if path.is_file() else None) or {}
