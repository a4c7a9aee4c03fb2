"""Date expressions in a sentence, resolved against the publication date.

Month and weekday names come from CLDR (babel) for the sentence's language; relative words
("yesterday", "kemarin") from ``grammar.yaml``. A weekday or a day without a year is
resolved only when the document has a publication date, and is otherwise left unresolved:
a date is never guessed. Results are ISO strings only as precise as the text
("2025-06-24", "2025-06", "2022").

Dates follow the tense of their own clause: news reports a weekday of the past week, but a
weekday in a clause that speaks of what is to come ("will hold an emergency meeting on
Tuesday", "akan menggelar pertemuan pada Selasa") is the coming one, and a day and month
without a year that has already passed this year is next year's. The clause runs between
punctuation, the words that open another clause and the verbs of saying (``grammar.yaml``:
``date_clause_breaks``, ``reporting_verbs``, ``complementisers``); its cue words are
``future_tense``. A marker next to the weekday ("next", "last", "depan", "lalu") decides
before any cue, and a date right after a verb of saying ("said on Tuesday it will") is the
day of saying. ``DateMention.for_modality`` re-reads a weekday for an event whose modality is
known (a planned event's weekday is a coming day).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from babel import Locale

from .lexicon import language, normalise


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # None when it cannot be resolved without guessing
    tense: str = "past"  # "future": its clause speaks of what is to come
    marked: bool = False  # a word next to it ("next", "lalu") fixed its direction
    weekday: int | None = None  # 0 = Monday, for a bare weekday
    published: date | None = None

    def for_modality(self, modality: str | None) -> str | None:
        """The value for an event of ``modality``: a planned act's weekday is a coming day,
        unless a word next to the weekday says otherwise ("planned to meet last Tuesday")."""
        if self.weekday is None or self.marked or modality != "planned" or self.tense == "future":
            return self.value
        return _weekday(self.weekday, self.published, forward=True)


def _alternation(names) -> str:
    return "|".join(sorted({re.escape(n.lower().rstrip(".")) for n in names if n}, key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    regex: re.Pattern
    future: re.Pattern  # a cue of the future tense
    breaks: re.Pattern  # where a clause ends
    saying: re.Pattern  # a verb of saying, with the markers that may follow it, at the end
    forward: re.Pattern  # a word that, next to a weekday, makes it a coming day
    backward: re.Pattern


@lru_cache(maxsize=None)
def _patterns(lang: str) -> _Patterns:
    try:
        locale = Locale.parse(lang)
    except Exception:  # babel raises several types for unknown codes; English is a safe base
        locale = Locale.parse("en")
    months, weekdays = {}, {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            months.update({n.lower().rstrip("."): k for k, n in locale.months[context][width].items()})
            weekdays.update({n.lower(): k for k, n in locale.days[context]["wide"].items()})
    relative = {str(k).lower(): int(v) for k, v in (language(lang).grammar.get("relative_days") or {}).items()}
    m, w = _alternation(months), _alternation(weekdays)
    rel = _alternation(relative) or "(?!)"
    # Every date starts a word with a digit or the first letter of a name: testing that
    # first lets the engine skip most words without trying each alternative.
    first = "".join(sorted({re.escape(n[0]) for n in [*months, *weekdays, *relative] if n}))
    regex = re.compile(
        rf"\b(?=[\d{first}])(?:"
        rf"(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}\b)"
        rf"|(?P<d1>\d{{1,2}})\s+(?P<m1>{m})\.?(?:\s+(?P<y1>\d{{4}}))?\b"
        rf"|(?P<m2>{m})\.?\s+(?P<d2>\d{{1,2}})(?:,?\s+(?P<y2>\d{{4}}))?\b"
        rf"|(?P<m3>{m})\.?\s+(?P<y3>\d{{4}})\b"
        rf"|(?P<wd>{w})\b"
        rf"|(?P<rel>{rel})\b"
        rf"|(?P<y4>(?:19|20)\d{{2}})\b)")
    grammar = language(lang)
    words = lambda *keys: [w for k in keys for w in grammar.words(k)]  # noqa: E731
    markers = _alternation(words("weekday_markers")) or "(?!)"
    return _Patterns(months, weekdays, relative, regex,
                     future=_any_word(words("future_tense")),
                     breaks=re.compile(r"[;:()\[\]\"“”]|" + _any_word(
                         words("date_clause_breaks", "reporting_verbs", "complementisers")).pattern),
                     saying=re.compile(rf"\b(?:{_alternation(words('reporting_verbs')) or '(?!)'})"
                                       rf"(?:\s+(?:{markers}))*\s*$"),
                     forward=_any_word(words("date_forward")),
                     backward=_any_word(words("date_backward")))


def _any_word(phrases: list[str]) -> re.Pattern:
    """Any of ``phrases`` as whole words; a clitic ("'ll") may follow its word ("they'll")."""
    words = _alternation([p for p in phrases if p[:1].isalnum()]) or "(?!)"
    clitics = _alternation([p for p in phrases if not p[:1].isalnum()]) or "(?!)"
    return re.compile(rf"(?:(?<!\w)(?:{words})|(?:{clitics}))(?!\w)")


def calendar_words(lang: str) -> frozenset[str]:
    """Month and weekday names, lower-case: capitalised, yet no one's name."""
    pats = _patterns(lang)
    return frozenset(pats.months) | frozenset(pats.weekdays)


def find_dates(text: str, lang: str | None, published: date | None) -> list[DateMention]:
    pats = _patterns(lang or "en")
    found = []
    # The names are matched in lower-case text, several times faster than a case-blind
    # pattern; ``normalise`` keeps offsets, and ``_resolve`` reads names lower-cased anyway.
    lowered = normalise(text)
    for match in pats.regex.finditer(lowered):
        tense, marked = date_tense(lowered, match.start(), match.end(), pats)
        weekday = pats.weekdays[match["wd"]] if match["wd"] else None
        value = _resolve(match, pats, published, tense == "future")
        found.append(DateMention(match.start(), match.end(), text[match.start():match.end()], value,
                                 tense, marked, weekday, published))
    return found


def date_tense(lowered: str, start: int, end: int, pats: _Patterns) -> tuple[str, bool]:
    """("future" or "past", whether a marker next to the date decided it) for the date at
    ``start:end`` of the lower-cased sentence ``lowered``."""
    before, after = lowered[max(0, start - 24):start], lowered[end:end + 24]
    for pattern, tense in ((pats.forward, "future"), (pats.backward, "past")):
        if _ends_with(pattern, before) or _starts_with(pattern, after):
            return tense, True
    if pats.saying.search(lowered[:start]):
        return "past", False  # "said on Tuesday it will ...": the day of saying
    clause_start = max((m.end() for m in pats.breaks.finditer(lowered, 0, start)), default=0)
    following = pats.breaks.search(lowered, end)
    clause = lowered[clause_start:following.start() if following else len(lowered)]
    return ("future" if pats.future.search(clause) else "past"), False


def _ends_with(pattern: re.Pattern, text: str) -> bool:
    return any(m.end() == len(text.rstrip()) for m in pattern.finditer(text))


def _starts_with(pattern: re.Pattern, text: str) -> bool:
    match = pattern.search(text)
    return match is not None and not text[:match.start()].strip(" ,")


def _resolve(match: re.Match, pats: _Patterns, published: date | None, future: bool) -> str | None:
    g = match.groupdict()
    if g["iso"]:
        return g["iso"]
    if g["y4"]:
        return g["y4"]
    if g["wd"]:
        return _weekday(pats.weekdays[g["wd"].lower()], published, future)
    if g["rel"]:
        return (published + timedelta(days=pats.relative[g["rel"].lower()])).isoformat() if published else None
    month_name = g["m1"] or g["m2"] or g["m3"]
    month = pats.months[month_name.lower().rstrip(".")]
    written = g["y1"] or g["y2"] or g["y3"]
    year = written or (published.year if published else None)
    day = g["d1"] or g["d2"]
    if year is None:
        return None
    if day is None:
        return f"{int(year):04d}-{month:02d}"
    try:
        value = date(int(year), month, int(day))
    except ValueError:
        return None
    if future and not written and published and value < published:  # "will meet on 3 January"
        value = _next_year(value)
    return value.isoformat() if value else None


def _next_year(day: date) -> date | None:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return None


def _weekday(weekday: int, published: date | None, forward: bool) -> str | None:
    """News reports a weekday of the past week, the latest such day on or before publication;
    in a clause of what is to come, the earliest such day on or after it."""
    if published is None:
        return None
    if forward:
        return (published + timedelta(days=(weekday - published.weekday()) % 7)).isoformat()
    return (published - timedelta(days=(published.weekday() - weekday) % 7)).isoformat()
