"""Reading the gold files ``kg eval`` scores, and refusing the ones it cannot read.

Five kinds, each a format and the task it is scored as:

- ``plover``  JSONL, ``text`` + ``events: [{source, target, code}]``, code a PLOVER category
  (0.5b1 names allowed), actors PLOVER/CAMEO actor codes.
- ``cameo``   JSONL, the same shape with ``code`` a CAMEO event code ("190", "0231"); actor
  codes start with an ISO-3 state (``USAGOV``) or IGO / NGO / IMG.
- ``conll04`` JSONL, ``text`` + ``relations: [{head_text, tail_text, type}]``.
- ``panl``    JSONL, aligned pairs ``{id, en, id_text}`` (no labels).
- ``ner``     ``.conll`` token-per-line, IOB tags PER / LOC / ORG (or indonlu's PPL / PLC / IND).

A file that would score as zero for a reason other than the extractor (CAMEO codes read as
PLOVER categories, tag names the scorer does not know, lower-cased text the name finder cannot
see) raises ``GoldFormatError`` saying what was expected, never a report of zeros.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .resources import data_path, read_tsv

KINDS = ("plover", "cameo", "conll04", "panl", "ner")
ORG = "IGO"  # the sentinel for "an organisation with no single country"
PLOVER_RENAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                  "FIGHT": "ASSAULT"}
OLD_ACTOR_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
ORG_ACTOR_CODES = {"IGO", "NGO", "IMG"}
NER_TAGS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG",  # idner-news-2k
            "PPL": "PER", "PLC": "LOC", "IND": "ORG"}  # indonlu NERP
NER_UNSCORED = {"EVT", "FNB", "MISC"}  # known tag names with no counterpart among our types
CAMEO_CODE = re.compile(r"\d{2,4}")
LOWER_CASED_SHARE = 0.5  # above this share of lower-cased texts (or names) a file is refused


class GoldFormatError(ValueError):
    """A gold file that cannot be scored as the task asked for."""


# --------------------------------------------------------------------------- reading

def read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


class ConllSentence(NamedTuple):
    tokens: list[str]
    tags: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def read_conll(path: str | Path) -> list[ConllSentence]:
    """Token-per-line files: first column the token, last the IOB tag; blank line between
    sentences. Reads both ``token POS TAG`` (spaces) and ``token<TAB>TAG``."""
    sentences, tokens, tags = [], [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n").rstrip("\r")
            cols = line.split("\t") if "\t" in line else line.split()
            if not line.strip() or not cols:
                if tokens:
                    sentences.append(ConllSentence(tokens, tags))
                tokens, tags = [], []
                continue
            tokens.append(cols[0])
            tags.append(cols[-1].strip() if len(cols) > 1 else "O")
    if tokens:
        sentences.append(ConllSentence(tokens, tags))
    return sentences


def bio_spans(tags: list[str]) -> set[tuple]:
    """(first token, end token exclusive, type) of each entity; an I- after O starts one.
    Tags outside ``NER_TAGS`` (EVT, FNB, MISC) are not scored."""
    spans, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-") if "-" in tag else ("O", "", "")
        label = NER_TAGS.get(label.upper())
        if kind is not None and (prefix.upper() != "I" or label != kind):
            spans.add((start, i, kind))
            kind = None
        if label is not None and kind is None:
            start, kind = i, label
    return spans


# --------------------------------------------------------------------------- gold tuples

@lru_cache(maxsize=1)
def state_codes() -> frozenset[str]:
    """Three-letter CAMEO country codes (ISO-3, plus the old ones CAMEO still uses)."""
    rows = read_tsv(data_path("cameo_actors.tsv"))
    return frozenset({r["code"] for r in rows if r["kind"] == "country" and len(r["code"]) == 3}
                     | set(OLD_ACTOR_CODES))


def gold_actor(code: str | None) -> str | None:
    """An actor code to its country: first three letters, old codes renamed, IGO/NGO/IMG to
    ``ORG``; None for no actor."""
    if not code:
        return None
    head = code[:3].upper()
    if head in ORG_ACTOR_CODES:
        return ORG
    return OLD_ACTOR_CODES.get(head, head)


def plover_gold_tuples(record: dict) -> set[tuple]:
    """The gold (source, target, category) tuples of one PLOVER record."""
    return {(gold_actor(ev.get("source")), gold_actor(ev.get("target")),
             PLOVER_RENAMES.get(ev["code"], ev["code"])) for ev in record["events"]}


def cameo_root(code: str | None) -> str | None:
    return code[:2] if code else None


def plover_of_cameo(code: str) -> str | None:
    """The PLOVER category of a CAMEO code, as the extractor assigns it (``cameo_table``)."""
    from .extract.rules import cameo_table

    entry = cameo_table().get(code)
    return entry.plover if entry else None


def cameo_gold_tuples(record: dict) -> tuple[set[tuple], set[tuple]]:
    """(source, target, CAMEO root) and (source, target, PLOVER category) tuples of one
    CAMEO-coded record. A code whose root has no PLOVER category (01, statements) gives no
    PLOVER tuple."""
    roots, plover = set(), set()
    for ev in record["events"]:
        pair = (gold_actor(ev.get("source")), gold_actor(ev.get("target")))
        roots.add((*pair, cameo_root(ev["code"])))
        if plover_of_cameo(ev["code"]):
            plover.add((*pair, plover_of_cameo(ev["code"])))
    return roots, plover


def conll04_gold_tuples(record: dict, types: tuple[str, ...]) -> set[tuple]:
    return {(r["head_text"], r["tail_text"], r["type"]) for r in record["relations"]
            if r["type"] in types}


# --------------------------------------------------------------------------- checks

@lru_cache(maxsize=1)
def plover_names() -> frozenset[str]:
    from .extract.rules import cameo_table

    return frozenset({c.plover for c in cameo_table().values() if c.plover} | set(PLOVER_RENAMES))


def code_kind(code: str) -> str | None:
    """``cameo`` for a CAMEO event code, ``plover`` for a PLOVER category name, else None."""
    from .extract.rules import cameo_table

    if CAMEO_CODE.fullmatch(code or "") and code in cameo_table():
        return "cameo"
    return "plover" if code in plover_names() else None


def event_code_kind(path: Path, records: list[dict]) -> str:
    """``plover`` or ``cameo``: what every event code of the file is; refuses a file mixing
    both or holding codes of neither."""
    kinds = set()
    for rec in records:
        for ev in rec.get("events") or []:
            kind = code_kind(str(ev.get("code", "")))
            if kind is None:
                raise GoldFormatError(
                    f"{path}: record {rec.get('id', '?')}: event code {ev.get('code')!r} is "
                    "neither a PLOVER category (" + ", ".join(sorted(plover_names())) +
                    ") nor a CAMEO event code (two to four digits, e.g. '190', '0231')")
            kinds.add(kind)
    if len(kinds) > 1:
        raise GoldFormatError(f"{path}: mixes PLOVER categories and CAMEO codes; "
                              "expected one kind of event code per file")
    return kinds.pop() if kinds else "plover"


def check_cameo_actors(path: Path, records: list[dict]) -> None:
    """CAMEO actor codes must start with a state's ISO-3 code or IGO / NGO / IMG."""
    known = state_codes() | ORG_ACTOR_CODES
    for rec in records:
        for ev in rec.get("events") or []:
            for role in ("source", "target"):
                code = ev.get(role)
                if code and code[:3].upper() not in known:
                    raise GoldFormatError(
                        f"{path}: record {rec.get('id', '?')}: {role} {code!r} does not start "
                        "with a state's ISO-3 code (USAGOV, IDNMIL) or IGO / NGO / IMG, which "
                        "is what CAMEO actors are scored on")


def check_cased(path: Path, texts: list[str], what: str) -> None:
    """Refuse lower-cased text: names are found by their capitals, so every score would be
    near zero whatever the extractor did."""
    texts = [t for t in texts if any(c.isalpha() for c in t)]
    lower = sum(t == t.lower() for t in texts)
    if texts and lower / len(texts) > LOWER_CASED_SHARE:
        raise GoldFormatError(
            f"{path}: {lower} of {len(texts)} {what} are all lower case; the name finder "
            "needs names as written (capitalised), so this file cannot be scored")


def check_ner_tags(path: Path, sentences: list[ConllSentence]) -> None:
    """Every tag is O or B-/I- with a known type; at least one type is scored."""
    scored = False
    for i, sent in enumerate(sentences):
        for tag in sent.tags:
            if tag.upper() == "O":
                continue
            prefix, _, label = tag.partition("-")
            if prefix.upper() not in ("B", "I") or \
                    label.upper() not in set(NER_TAGS) | NER_UNSCORED:
                raise GoldFormatError(
                    f"{path}: sentence {i + 1}: tag {tag!r} is not one I can score; expected "
                    "IOB tags (O, B-X, I-X) with X one of PER, LOC, ORG (or indonlu's PPL, "
                    "PLC, IND; " + ", ".join(sorted(NER_UNSCORED)) + " are read, not scored)")
            scored = scored or label.upper() in NER_TAGS
    if sentences and not scored:
        raise GoldFormatError(f"{path}: no PER, LOC or ORG tag (nor PPL, PLC, IND) in the file")


def _first_jsonl_record(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        try:
            return json.loads(next(line for line in fh if line.strip()))
        except (StopIteration, json.JSONDecodeError) as err:
            raise GoldFormatError(f"{path}: not a gold file I know: expected JSON Lines "
                                  "(PLOVER, CAMEO, CoNLL04 or PANL records) or .conll NER") from err


def file_kind(path: str | Path) -> str:
    """Which of ``KINDS`` a gold file is, from its shape and its event codes."""
    path = Path(path)
    if path.suffix == ".conll":
        return "ner"
    first = _first_jsonl_record(path)
    if "events" in first:
        return event_code_kind(path, read_jsonl(path))
    if "relations" in first:
        return "conll04"
    if "id_text" in first:
        return "panl"
    raise GoldFormatError(f"{path}: not a gold file I know: a record needs 'events' (PLOVER or "
                          "CAMEO), 'relations' (CoNLL04) or 'en' + 'id_text' (PANL pairs)")


def check_file(path: str | Path, kind: str | None = None) -> str:
    """The kind of a gold file, checked readable as ``kind`` if one is asked for."""
    path = Path(path)
    found = file_kind(path)
    if kind is not None and kind != found:
        raise GoldFormatError(f"{path}: asked to score it as {kind}, but it is a {found} file"
                              + (" (its event codes are CAMEO codes, not PLOVER categories)"
                                 if (kind, found) == ("plover", "cameo") else ""))
    if found == "ner":
        sentences = read_conll(path)
        check_ner_tags(path, sentences)
        names = [" ".join(s.tokens[a:b]) for s in sentences for a, b, _ in bio_spans(s.tags)]
        check_cased(path, names, "gold names")
        return found
    records = read_jsonl(path)
    check_cased(path, [r.get("text") or r.get("en") or "" for r in records], "record texts")
    if found == "cameo":
        check_cameo_actors(path, records)
    return found
