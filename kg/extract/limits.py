"""Bounds on what one input may cost: each exceeded bound is an error for that input, not a stop.

The defaults are far above any real news article and low enough that no single file, record or
sentence can hang a run or exhaust memory. ``kg build``/``kg extract`` take ``--limit NAME=N``;
the API takes a ``Limits``.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 2 * 1024 ** 3        # any input file
    document_chars: int = 2_000_000        # the text of one document (a long book is ~1 M)
    record_chars: int = 16 * 1024 ** 2     # one JSONL line or CSV record
    nesting: int = 16                      # brackets inside one JSON record
    field_chars: int = 4_096               # id, url, title, lang, published and front matter
    sentence_chars: int = 5_000            # one sentence; a longer one is skipped and reported
    sentence_mentions: int = 100           # names found in one sentence; more: skipped, reported
    document_seconds: float = 60.0         # extraction time of one document; 0 = no limit

    def with_settings(self, settings: dict[str, str]) -> "Limits":
        """A copy with ``{name: text}`` settings applied, or ValueError naming the bad one."""
        types = {f.name: f.type for f in fields(self)}
        values = {}
        for name, text in settings.items():
            if name not in types:
                raise ValueError(f"unknown limit {name!r}; known: {', '.join(types)}")
            try:
                value = (float if types[name] in ("float", float) else int)(text)
            except ValueError:
                raise ValueError(f"limit {name}={text!r} is not a number") from None
            if value < 0:
                raise ValueError(f"limit {name}={text!r} is negative")
            values[name] = value
        return replace(self, **values)


DEFAULT_LIMITS = Limits()
