"""Date expressions in a sentence, resolved against the publication date.

Month and weekday names come from CLDR (babel) for the sentence's language; relative words
("yesterday", "kemarin") from ``grammar.yaml``. A weekday or a day without a year is
resolved only when the document has a publication date, and is otherwise left unresolved:
a date is never guessed. Results are ISO strings only as precise as the text
("2025-06-24", "2025-06", "2022").
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


def _alternation(names) -> str:
    return "|".join(sorted({re.escape(n.lower().rstrip(".")) for n in names if n}, key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    regex: re.Pattern


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
    return _Patterns(months, weekdays, relative, regex)


def calendar_words(lang: str) -> frozenset[str]:
    """Month and weekday names, lower-case: capitalised, yet no one's name."""
    pats = _patterns(lang)
    return frozenset(pats.months) | frozenset(pats.weekdays)


def find_dates(text: str, lang: str | None, published: date | None) -> list[DateMention]:
    pats = _patterns(lang or "en")
    found = []
    # The names are matched in lower-case text, several times faster than a case-blind
    # pattern; ``normalise`` keeps offsets, and ``_resolve`` reads names lower-cased anyway.
    for match in pats.regex.finditer(normalise(text)):
        value = _resolve(match, pats, published)
        found.append(DateMention(match.start(), match.end(), text[match.start():match.end()], value))
    return found


def _resolve(match: re.Match, pats: _Patterns, published: date | None) -> str | None:
    g = match.groupdict()
    if g["iso"]:
        return g["iso"]
    if g["y4"]:
        return g["y4"]
    if g["wd"]:
        return _last_weekday(pats.weekdays[g["wd"].lower()], published)
    if g["rel"]:
        return (published + timedelta(days=pats.relative[g["rel"].lower()])).isoformat() if published else None
    month_name = g["m1"] or g["m2"] or g["m3"]
    month = pats.months[month_name.lower().rstrip(".")]
    year = g["y1"] or g["y2"] or g["y3"] or (published.year if published else None)
    day = g["d1"] or g["d2"]
    if year is None:
        return None
    if day is None:
        return f"{int(year):04d}-{month:02d}"
    try:
        return date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def _last_weekday(weekday: int, published: date | None) -> str | None:
    """News reports a weekday of the past week: the latest such day on or before publication."""
    if published is None:
        return None
    return (published - timedelta(days=(published.weekday() - weekday) % 7)).isoformat()
