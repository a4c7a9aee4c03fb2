"""Scoring the extractor against the shared gold sets (see ``../shared/data/README.md``).

Everything is micro-averaged precision / recall / F1 over *sets of tuples*, summed per
category, in the manner of spaCy's ``PRFScore``. One scorer per gold set:

- ``score_plover``    English events: (source country, target country, PLOVER category).
- ``score_cameo``     CAMEO-coded events: (source country, target country, CAMEO root), and
                      the same events on their PLOVER category.
- ``score_conll04``   English relations: (head text, tail text, type), lenient text match.
- ``score_ner``       Indonesian mentions: exact token spans, PER / LOC / ORG.
- ``score_agreement`` English vs Indonesian events on aligned sentence pairs (no labels).

Which scorer a file needs, and whether it can be scored at all, is ``kg.gold``'s call.

Choices (also listed in every report's ``notes``):

- An actor's country is ``entity.country``; an organisation without one is the sentinel
  ``IGO`` (the gold's IGO, NGO and IMG codes all map to it too). An event whose source has
  neither a country nor is an organisation cannot be scored and is skipped; a target without
  either counts as "no target" (``None``), as the gold codes it.
- A person of no country who holds a role of an organisation (a ``holds_role`` relation
  extracted from the same text: "UN Secretary-General Ban Ki-moon") acts for it and takes
  its code: the organisation's country, else ``IGO``, as PLOVER codes UN officials.
- Negated events are not scored by default (PLOVER codes what was done or said, and "did not
  attack" is not an ASSAULT); planned and reported events are.
- NER: a ``Country`` mention is a LOC only when used as a location (its rule ends with
  ``kg.entities.LOCATION_USE``: after a place preposition, or listed after such a name);
  idner-news-2k leaves states named as actors or modifiers unlabelled.
- CoNLL04 ``Kill`` = an ASSAULT event between two people whose CAMEO code is a killing
  (``KILL_CAMEO``); ``kill_rule="any"`` counts every person-to-person ASSAULT instead.
"""
from __future__ import annotations

import hashlib
import json as _json
import re
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .extract.entities import LOCATION_USE
from .gold import (ORG, PLOVER_RENAMES, ConllSentence, bio_spans, cameo_gold_tuples,
                   check_file, conll04_gold_tuples, plover_gold_tuples, read_conll, read_jsonl)
from .model import Entity, Fact, Mention

CONLL04_TYPES = ("Work_For", "Located_In", "OrgBased_In", "Kill")
# CAMEO codes whose name is a killing: 1823 kill by physical assault, 186 assassinate,
# 202 engage in mass killings.
KILL_CAMEO = {"1823", "186", "202"}
NER_OF_ENTITY = {"Person": "PER", "Place": "LOC", "Country": "LOC", "Organization": "ORG"}
TOP = 15  # how many worst misses / false alarms a report lists

Tuple = tuple
Extract = Callable[[str], list[Fact]]


# --------------------------------------------------------------------------- PRF

@dataclass
class PRF:
    """True positives, false positives, false negatives, and the scores they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: "PRF") -> "PRF":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def score_set(self, cand: set, gold: set) -> None:
        self.tp += len(cand & gold)
        self.fp += len(cand - gold)
        self.fn += len(gold - cand)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


class Tally:
    """An overall PRF and one per category, plus the errors of each record."""

    def __init__(self, category: Callable[[Tuple], str]):
        self.category = category
        self.overall = PRF()
        self.per_category: dict[str, PRF] = defaultdict(PRF)
        self.misses: list[tuple[dict, list]] = []  # (record info, missed tuples)
        self.false_alarms: list[tuple[dict, list]] = []

    def add(self, info: dict, cand: set, gold: set, show: Callable = lambda t: t) -> PRF:
        """Score one record's tuples; keep its errors (as ``show`` gives them).
        Returns the record's own PRF."""
        record = PRF()
        record.score_set(cand, gold)
        self.overall += record
        for t in cand | gold:
            self.per_category[self.category(t)].score_set(cand & {t}, gold & {t})
        if gold - cand:
            self.misses.append((info, sorted(map(show, gold - cand), key=_sort_key)))
        if cand - gold:
            self.false_alarms.append((info, sorted(map(show, cand - gold), key=_sort_key)))
        return record

    def report(self, task: str, **extra) -> dict:
        return {"task": task, **extra, "overall": self.overall.to_dict(),
                "per_category": {c: p.to_dict() for c, p in sorted(self.per_category.items())},
                "misses": _worst(self.misses), "false_alarms": _worst(self.false_alarms)}


def _sort_key(t: Tuple) -> tuple:
    return tuple("" if x is None else str(x) for x in t)


def _worst(errors: list[tuple[dict, list]], top: int = TOP) -> list[dict]:
    """Records with the most errors first, one row per tuple, at most ``top`` rows."""
    rows = []
    for info, tuples in sorted(errors, key=lambda e: (-len(e[1]), str(e[0].get("id")))):
        rows.extend({**info, "tuple": list(t)} for t in tuples)
    return rows[:top]


def _excerpt(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------- events

def actor_code(entity: Entity | None, acting_for: dict[str, Entity] | None = None) -> str | None:
    """An entity's country ISO-3; ``ORG`` for an organisation without one; a person of no
    country who holds a role of an organisation (``acting_for``: person id -> organisation)
    takes the organisation's code; else None."""
    if entity is None:
        return None
    if entity.country:
        return entity.country
    if entity.type == "Person" and acting_for and entity.id in acting_for:
        return actor_code(acting_for[entity.id])
    return ORG if entity.type == "Organization" else None


def organisation_roles(facts: Iterable[Fact]) -> dict[str, Entity]:
    """Person id -> the organisation they hold a role of, from ``holds_role`` relations
    ("UN Secretary-General Ban Ki-moon" acts for the UN)."""
    return {f.source.id: f.target for f in facts if f.kind == "relation"
            and f.type == "holds_role" and f.target is not None and f.target.type == "Organization"}


def event_tuples(facts: Iterable[Fact], include_negated: bool = False,
                 label: Callable[[Fact], str | None] = lambda fact: fact.type) -> set[Tuple]:
    """(source country, target country or None, label) of the event facts; the label is the
    PLOVER category unless ``label`` says otherwise (an event it labels None is left out)."""
    facts = list(facts)
    acting_for = organisation_roles(facts)
    out = set()
    for fact in facts:
        if fact.kind != "event" or (fact.modality == "negated" and not include_negated):
            continue
        src, tgt = actor_code(fact.source, acting_for), actor_code(fact.target, acting_for)
        if src is None or label(fact) is None:
            continue
        out.add((src, tgt, label(fact)))
        if fact.symmetric and tgt is not None:
            out.add((tgt, src, label(fact)))
    return out


def score_plover(records: Iterable[dict], extract: Extract) -> dict:
    """Micro P/R/F1 of event tuples per record, overall and per PLOVER category."""
    tally, n = Tally(lambda t: t[2]), 0
    for rec in records:
        n += 1
        info = {"id": rec["id"], "text": _excerpt(rec["text"])}
        tally.add(info, event_tuples(extract(rec["text"])), plover_gold_tuples(rec))
    return tally.report("plover", records=n, notes=[
        "tuples (source ISO-3, target ISO-3 or None, PLOVER category), sets per record",
        *ACTOR_NOTES,
        "0.5b1 names mapped: " + ", ".join(f"{a}->{b}" for a, b in PLOVER_RENAMES.items())])


ACTOR_NOTES = (
    f"organisations without a country, and gold IGO/NGO/IMG codes, count as {ORG!r}",
    "a person of no country holding a role of an organisation (holds_role in the same "
    "text) takes the organisation's code",
    "negated events are not scored; symmetric events give both directions")


def score_cameo(records: Iterable[dict], extract: Callable[[str, str], list[Fact]]) -> dict:
    """CAMEO-coded records: micro P/R/F1 of (source, target, CAMEO root) tuples, and of
    (source, target, PLOVER category) with the gold code mapped as the extractor maps codes.
    ``extract(text, lang)``; a record's ``lang`` (default en) says its language."""
    roots, plover, n = Tally(lambda t: t[2]), Tally(lambda t: t[2]), 0
    for rec in records:
        n += 1
        info = {"id": rec.get("id", n), "text": _excerpt(rec["text"])}
        facts = extract(rec["text"], rec.get("lang", "en"))
        gold_roots, gold_plover = cameo_gold_tuples(rec)
        roots.add(info, event_tuples(facts, label=lambda f: f.cameo[:2] if f.cameo else None),
                  gold_roots)
        plover.add(info, event_tuples(facts), gold_plover)
    report = roots.report("cameo", records=n, notes=[
        "tuples (source ISO-3, target ISO-3 or None, CAMEO root code), sets per record; "
        "the PLOVER table maps each gold CAMEO code to its category as the extractor does "
        "(data/cameo_codes.tsv, data/plover_defaults.tsv; root 01 has none)",
        "actor codes: first three letters (USAGOV -> USA)", *ACTOR_NOTES])
    report["plover"] = {k: v for k, v in plover.report("plover").items() if k != "task"}
    return report


# --------------------------------------------------------------------------- CoNLL04

def normalise(text: str) -> str:
    """Lower case, no accents, no dots ("U.S." = "us"), other punctuation a space, no "the"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace(".", "")
    text = " ".join(re.sub(r"[\W_]+", " ", text).split())
    return text[4:] if text.startswith("the ") else text


def text_match(a: str, b: str) -> bool:
    """Lenient: equal, one contains the other as whole words, or the same head (last) word."""
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return False
    return (f" {a} " in f" {b} " or f" {b} " in f" {a} "
            or a.split()[-1] == b.split()[-1])


def _names(entity: Entity) -> tuple[str, ...]:
    return (entity.name, *entity.aliases)


def _place(entity: Entity | None) -> bool:
    return entity is not None and entity.type in ("Place", "Country")


def conll04_type(fact: Fact, kill_rule: str = "cameo") -> str | None:
    """The CoNLL04 relation a fact stands for, or None if it has no counterpart."""
    src, tgt = fact.source, fact.target
    if tgt is None:
        return None
    if fact.kind == "relation":
        if fact.type in ("holds_role", "member_of") and src.type == "Person" \
                and tgt.type in ("Organization", "Country"):
            return "Work_For"
        if fact.type == "located_in" and _place(tgt):
            return {"Organization": "OrgBased_In"}.get(src.type, "Located_In" if _place(src) else None)
        return None
    if fact.type == "ASSAULT" and fact.modality != "negated" and src.type == tgt.type == "Person" \
            and (kill_rule == "any" or fact.cameo in KILL_CAMEO):
        return "Kill"
    return None


def mentioned(entity: Entity, text: str) -> bool:
    """Whether the entity is named in ``text``, leniently: one of its names, or a word of
    four letters or more of one ("Frankfurt" for "Frankfurt am Main"), normalised."""
    words = set(normalise(text).split())
    padded = f" {' '.join(normalise(text).split())} "
    for name in map(normalise, _names(entity)):
        if name and (f" {name} " in padded or any(len(w) >= 4 and w in words for w in name.split())):
            return True
    return False


def relation_tuples(facts: Iterable[Fact], kill_rule: str = "cameo",
                    text: str | None = None) -> dict[Tuple, Tuple]:
    """{(head id, tail id, type): (head names, tail names, type)} of the scorable facts.
    With ``text``, only facts whose both ends are named in it (CoNLL04 labels what the
    sentence says, so background knowledge such as "Dallas is in the US" is not scored)."""
    out = {}
    for fact in facts:
        rel = conll04_type(fact, kill_rule)
        if rel and (text is None or (mentioned(fact.source, text)
                                     and mentioned(fact.target, text))):
            key = (fact.source.id, fact.target.id, rel)
            out[key] = (_names(fact.source), _names(fact.target), rel)
    return out


def match_relations(pred: list[Tuple], gold: set[Tuple]) -> tuple[list, list, list]:
    """Greedy one-to-one lenient matching: (matched gold, unmatched pred, unmatched gold)."""
    left, matched, extra = sorted(gold, key=_sort_key), [], []
    for heads, tails, rel in pred:
        hit = next((g for g in left if g[2] == rel and any(text_match(h, g[0]) for h in heads)
                    and any(text_match(t, g[1]) for t in tails)), None)
        if hit is None:
            extra.append((heads[0], tails[0], rel))
        else:
            left.remove(hit)
            matched.append(hit)
    return matched, extra, left


def score_conll04(records: Iterable[dict], extract: Extract, kill_rule: str = "cameo") -> dict:
    """Micro P/R/F1 on Work_For, Located_In, OrgBased_In and Kill, lenient text match."""
    tally, n = Tally(lambda t: t[2]), 0
    for rec in records:
        n += 1
        facts = extract(rec["text"])
        pred = sorted(relation_tuples(facts, kill_rule, rec["text"]).values(), key=_sort_key)
        matched, extra, missed = match_relations(pred, conll04_gold_tuples(rec, CONLL04_TYPES))
        # Matched predictions are scored under their gold text, so sets line up.
        tally.add({"id": rec["id"], "text": _excerpt(rec["text"])},
                  set(matched) | set(extra), set(matched) | set(missed))
    return tally.report("conll04", records=n, notes=[
        "types scored: " + ", ".join(CONLL04_TYPES),
        "Work_For = holds_role/member_of person->organisation or country; "
        "Located_In = located_in place->place; OrgBased_In = located_in organisation->place",
        "Kill = ASSAULT person->person with a killing CAMEO code "
        f"({', '.join(sorted(KILL_CAMEO))})" if kill_rule == "cameo"
        else "Kill = any ASSAULT person->person",
        "only relations whose both ends are named in the sentence are scored "
        "(gazetteer knowledge such as a city's country is not in CoNLL04)",
        "entity text matched leniently (normalised; equal, contained, or same last word), "
        "against the entity's name and aliases; one-to-one greedy matching"])


# --------------------------------------------------------------------------- NER

def ner_type(mention: Mention) -> str | None:
    """PER, LOC or ORG of a mention. A state is a LOC only where it is used as a location
    ("di Jakarta", "ke Iran"): idner-news-2k leaves states named as actors or modifiers
    ("pemerintah Indonesia", "serangan Israel") unlabelled; the mention finder marks the
    location use in the mention's rule (``kg.entities.LOCATION_USE``)."""
    if mention.entity.type == "Country" and not mention.rule.endswith(LOCATION_USE):
        return None
    return NER_OF_ENTITY.get(mention.entity.type)


def mention_spans(sentence: ConllSentence, mentions: Iterable[Mention]) -> set[Tuple]:
    """Mentions (character offsets into ``sentence.text``) as token spans, widened to whole
    tokens: from the token holding the first character to the one holding the last."""
    starts, pos = [], 0
    for tok in sentence.tokens:
        starts.append(pos)
        pos += len(tok) + 1
    spans = set()
    for m in mentions:
        kind = ner_type(m)
        if kind is None or m.end <= m.start:
            continue
        first = max(i for i, s in enumerate(starts) if s <= m.start)
        last = max(i for i, s in enumerate(starts) if s <= m.end - 1)
        spans.add((first, last + 1, kind))
    return spans


def score_ner(sentences: Iterable[ConllSentence],
              mentions_fn: Callable[[str], list[Mention]]) -> dict:
    """Exact token-span micro P/R/F1 per type (PER, LOC, ORG) and overall."""
    tally, n = Tally(lambda t: t[2]), 0
    for i, sent in enumerate(sentences):
        n += 1
        pred = mention_spans(sent, mentions_fn(sent.text))
        gold = bio_spans(sent.tags)
        tally.add({"id": i, "text": _excerpt(sent.text)}, pred, gold,
                  show=lambda s, toks=sent.tokens: (" ".join(toks[s[0]:s[1]]), s[0], s[2]))
    return tally.report("ner", sentences=n, notes=[
        "exact token spans; mentions widened to whole tokens of the space-joined sentence",
        "Person->PER, Place->LOC, Organization->ORG; gold PPL/PLC/IND read as "
        "PER/LOC/ORG; other gold types (EVT, FNB) are not scored",
        "Country->LOC only where the state is used as a location (after a place preposition "
        "such as 'di', 'ke', 'dari', or listed after such a name); a state named as an actor "
        "or modifier ('pemerintah Indonesia', 'serangan Israel') is unlabelled in the gold"])


# --------------------------------------------------------------------------- agreement

def score_agreement(pairs: Iterable[dict], extract_en: Extract, extract_id: Extract) -> dict:
    """English vs Indonesian event tuples on aligned pairs, English as the reference."""
    tally = Tally(lambda t: t[2])
    n = en_any = id_any = either = 0
    worst = []
    for pair in pairs:
        n += 1
        en, id_ = event_tuples(extract_en(pair["en"])), event_tuples(extract_id(pair["id_text"]))
        en_any += bool(en)
        id_any += bool(id_)
        if not (en or id_):
            continue
        either += 1
        info = {"id": pair["id"], "text": _excerpt(pair["en"])}
        record = tally.add(info, id_, en)
        if record.fp or record.fn:
            worst.append((record.fp + record.fn, pair["id"], {
                "id": pair["id"], "en": _excerpt(pair["en"]), "id_text": _excerpt(pair["id_text"]),
                "en_tuples": sorted(map(list, en), key=_sort_key),
                "id_tuples": sorted(map(list, id_), key=_sort_key)}))
    worst.sort(key=lambda w: (-w[0], w[1]))
    report = tally.report("agreement", pairs=n, pairs_scored=either,
                          en_share=round(en_any / n, 4) if n else 0.0,
                          id_share=round(id_any / n, 4) if n else 0.0, notes=[
                              "English tuples are the reference: a miss is found in English "
                              "only, a false alarm in Indonesian only",
                              "scored over pairs where either side has an event"])
    report["disagreements"] = [w[2] for w in worst[:TOP]]
    return report


# --------------------------------------------------------------------------- dispatch

# The set-aside third of every dev set: fixed by a seeded hash of each record's id (or text),
# so it never moves when records are added, and is never read while rules are tuned.
SPLIT_SEED = "geokg-set-aside-2026"
PARTS = ("all", "tuned", "set-aside")


def in_part(key: str, part: str) -> bool:
    """Whether the record keyed ``key`` belongs to ``part``: all, tuned (2/3) or set-aside (1/3)."""
    if part == "all":
        return True
    set_aside = int(hashlib.sha256(f"{SPLIT_SEED}:{key}".encode()).hexdigest(), 16) % 3 == 0
    return set_aside == (part == "set-aside")


def _record_key(record) -> str:
    if isinstance(record, ConllSentence):
        return record.text
    return str(record.get("id") or record.get("text") or record.get("en"))


def evaluate(gold_path: str | Path, pipeline=None, json: bool = False,
             limit: int | None = None, part: str = "all", kind: str | None = None) -> dict | str:
    """Score ``pipeline`` (a ``kg.extract.pipeline.Pipeline``; built if None) on one gold file.

    Returns the report as a dict of plain values, or as JSON text when ``json`` is true.
    ``limit`` scores only the first records (for a quick look); ``part`` picks the tuned two
    thirds or the set-aside third of the file (see ``in_part``). ``kind`` (one of
    ``kg.gold.KINDS``) insists on a format; by default the file's shape and codes decide.
    A file that cannot be read as its kind raises ``kg.gold.GoldFormatError`` (a ValueError).
    """
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}, not {part!r}")
    keep = lambda rows: [r for r in rows if in_part(_record_key(r), part)][:limit]  # noqa: E731
    if pipeline is None:
        from .extract.pipeline import Pipeline
        pipeline = Pipeline()
    kind, started = check_file(gold_path, kind), time.perf_counter()
    en = lambda text: pipeline.extract_text(text, lang="en")  # noqa: E731
    if kind == "ner":
        report = score_ner(keep(read_conll(gold_path)),
                           lambda text: pipeline.mentions(text, lang="id"))
    else:
        records = keep(read_jsonl(gold_path))
        if kind == "plover":
            report = score_plover(records, en)
        elif kind == "cameo":
            report = score_cameo(records, lambda text, lang: pipeline.extract_text(text, lang=lang))
        elif kind == "conll04":
            report = score_conll04(records, en)
        else:
            report = score_agreement(records, en,
                                     lambda text: pipeline.extract_text(text, lang="id"))
    report = {"gold": str(gold_path), "part": part, **report,
              "seconds": round(time.perf_counter() - started, 2)}
    return _json.dumps(report, indent=2, ensure_ascii=False) if json else report


# --------------------------------------------------------------------------- printing

def _fmt_tuple(t, task: str = "plover") -> str:
    t = ["-" if x is None else str(x) for x in t]
    if task == "ner":  # (words, first token, type)
        return f"{t[2]} '{t[0]}' (token {t[1]})"
    if task == "conll04":  # (head, tail, type)
        return f"{t[0]!r} --{t[2]}--> {t[1]!r}"
    return f"{t[0]} -> {t[1]}  {t[2]}"  # (source, target, category)


def _prf_row(name: str, p: dict, width: int) -> str:
    return (f"{name:<{width}} {p['tp']:>6} {p['fp']:>6} {p['fn']:>6} "
            f"{p['precision']:>7.3f} {p['recall']:>7.3f} {p['f1']:>7.3f}")


def _prf_table(report: dict) -> list[str]:
    width = max([7, *map(len, report.get("per_category", {}))])
    return [f"{'':<{width}} {'tp':>6} {'fp':>6} {'fn':>6} {'P':>7} {'R':>7} {'F1':>7}",
            _prf_row("overall", report["overall"], width),
            *(_prf_row(c, p, width) for c, p in report.get("per_category", {}).items())]


def format_report(report: dict | str) -> str:
    """The report as text tables: overall, per category, worst misses and false alarms."""
    if isinstance(report, str):
        report = _json.loads(report)
    head = {k: v for k, v in report.items() if isinstance(v, (str, int, float))}
    lines = [f"{k}: {v}" for k, v in head.items()] + [""] + _prf_table(report)
    if report.get("task") == "cameo":  # the same events scored on their PLOVER category
        lines += ["", "By PLOVER category (gold CAMEO codes mapped):"] + _prf_table(report["plover"])
    titles = (("misses", "Worst misses (in gold, not found)"),
              ("false_alarms", "Worst false alarms (found, not in gold)"))
    if report.get("task") == "agreement":
        titles = (("misses", "Found in English only"), ("false_alarms", "Found in Indonesian only"))
    for key, title in titles:
        if report.get(key):
            lines += ["", title + ":"]
            lines += [f"  {r['id']}  {_fmt_tuple(r['tuple'], report.get('task'))}\n"
                      f"      {r['text']}" for r in report[key]]
    if report.get("disagreements"):
        lines += ["", "Pairs that disagree most (English vs Indonesian):"]
        for d in report["disagreements"]:
            en = "; ".join(map(_fmt_tuple, d["en_tuples"])) or "none"
            id_ = "; ".join(map(_fmt_tuple, d["id_tuples"])) or "none"
            lines += [f"  {d['id']}  en: {en}  |  id: {id_}", f"      en: {d['en']}",
                      f"      id: {d['id_text']}"]
    if report.get("notes"):
        lines += ["", "Notes:"] + [f"  - {n}" for n in report["notes"]]
    return "\n".join(lines)
