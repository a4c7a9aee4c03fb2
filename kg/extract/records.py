"""One record's fields checked into a Document: JSON lines, CSV records, Markdown front matter.

Every field has one expected type; anything else is a ``BadInput`` naming the field, so a
list-valued url, a 5,000-digit id or 30 February is that record's error and nothing more.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import deque
from datetime import date, datetime
from typing import Iterator

import yaml

from ..model import Document, content_hash
from .limits import Limits

FIELDS = ("id", "url", "title", "published", "lang")
# Characters that would break an error line or fake another: C0/C1 controls, line and
# paragraph separators, lone surrogates, and bidirectional overrides.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
                          "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LANG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_NOISE = re.compile(r"[^\[\]{}]+")
_JSON_PAIR = re.compile(r"\[\]|\{\}")
_OPEN_RUN = re.compile(r"[\[{]*$")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)


class BadInput(ValueError):
    """Why one file or record cannot become a document."""


def printable(text: str) -> str:
    """``text`` on one line, with characters that could break or fake a line escaped."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xff
                            else f"\\x{ord(m.group()):02x}", text)


def valid_unicode(text: str) -> str:
    """``text`` with each lone surrogate (a broken character, e.g. from a JSON escape) made
    U+FFFD: one character for one, so offsets stay true, and the text can be encoded."""
    return _SURROGATE.sub("\ufffd", text)


# ------------------------------------------------------------------ fields

def _text_value(name: str, value, limits: Limits) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadInput(f"field {name!r} must be text, not {_kind(value)}")
    if len(value) > limits.field_chars:
        raise BadInput(f"field {name!r} is {len(value):,} characters, over the limit of "
                       f"{limits.field_chars:,} (field_chars)")
    return value


def _kind(value) -> str:
    return {list: "a list", dict: "a mapping", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def document_id(given, url, text: str) -> str:
    """A document's identity: its own id, else its URL, else a hash of its text; never the
    path it was read from, which changes with how it is typed (``a.txt``, ``./a.txt``, ``/x/a.txt``)."""
    if given not in (None, ""):
        return str(given)
    if url:
        return str(url)
    return "sha1:" + content_hash(text)


def _doc_id(value, limits: Limits) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # ids too long for the limit are caught just below
    value = _text_value("id", value, limits)
    if value is None:
        return None
    if _SURROGATE.search(value):
        raise BadInput("field 'id' is not valid Unicode (it holds a lone surrogate)")
    return value


def _url(value, limits: Limits) -> str | None:
    value = _text_value("url", value, limits)
    if value is not None and (_CONTROL.search(value) or _SURROGATE.search(value)):
        raise BadInput("field 'url' holds control characters")
    return value.strip() if value else None


def _lang(value, limits: Limits) -> str | None:
    value = _text_value("lang", value, limits)
    if value is None:
        return None
    found = _LANG.fullmatch(value.strip())
    if not found:
        raise BadInput(f"field 'lang' {value!r} is not a language code such as 'en' or 'id'")
    return found.group(1).lower()


def parse_published(value) -> date | None:
    """A publication date from ISO text or a date; anything else is a clear error."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise BadInput(f"field 'published' must be an ISO date, not {_kind(value)}")
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError as exc:
        reason = "" if "Invalid isoformat" in str(exc) else f": {exc}"
        raise BadInput(f"published date {value!r} is not a valid ISO date (YYYY-MM-DD)"
                       f"{reason}") from None


def document(fields: dict, text, source: str, limits: Limits) -> Document:
    """A Document from its text and metadata fields, each checked for type and size."""
    if not isinstance(text, str):
        raise BadInput(f"the text must be text, not {_kind(text)}")
    if not text.strip():
        raise BadInput("no text")
    if len(text) > limits.document_chars:
        raise BadInput(f"text is {len(text):,} characters, over the limit of "
                       f"{limits.document_chars:,} (document_chars)")
    published = fields.get("published")
    if isinstance(published, str):
        _text_value("published", published, limits)
    text, url = valid_unicode(text), _url(fields.get("url"), limits)
    return Document(
        id=document_id(_doc_id(fields.get("id"), limits), url, text),
        text=text,
        url=url,
        title=valid_unicode(_text_value("title", fields.get("title"), limits) or "") or None,
        published=parse_published(published), lang=_lang(fields.get("lang"), limits),
        source=source)


def record_document(record, where: str, text_field: str, limits: Limits) -> Document:
    if not isinstance(record, dict):
        raise BadInput(f"record is {_kind(record)}, not an object of fields")
    if text_field not in record:
        raise BadInput(f"record has no {text_field!r} field")
    return document(record, record[text_field], where, limits)


# ------------------------------------------------------------------ JSON lines

def json_record(line: str, limits: Limits):
    """The parsed record of one JSON line, or a BadInput saying why it is none."""
    depth = _json_depth(line, limits.nesting)
    if depth > limits.nesting:
        return BadInput(f"JSON is nested deeper than the limit of {limits.nesting} levels "
                        "(nesting)")
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return BadInput(f"malformed JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return BadInput("JSON is nested too deeply to read")
    except ValueError as exc:  # Python refuses integers of more than 4,300 digits
        return BadInput(f"malformed JSON: {str(exc).split(';')[0]}")


def _json_depth(line: str, most: int) -> int:
    """Bracket depth outside strings, counted up to ``most + 1`` in linear passes."""
    brackets = _JSON_NOISE.sub("", _JSON_STRING.sub("", line))
    depth = 0
    while brackets and depth <= most:
        brackets, removed = _JSON_PAIR.subn("", brackets)
        if not removed:  # only unmatched brackets are left: the ones still open add their depth
            return depth + len(_OPEN_RUN.search(brackets).group())
        depth += 1
    return depth


# ------------------------------------------------------------------ CSV

def csv_records(lines, text_field: str, limits: Limits) -> Iterator[tuple[int, dict | BadInput]]:
    """(first line, record as a dict) of each CSV record, or a BadInput in its place.

    A record ends where its quotes balance. A quote that never closes (within the record
    limit) is an error for the line it opened on, and reading resumes on the next line, so
    an unterminated quote cannot silently swallow the records after it.
    """
    csv.field_size_limit(max(csv.field_size_limit(), limits.record_chars))
    header = None
    for lineno, row in _csv_rows(iter(lines), limits.record_chars):
        if header is None:
            if isinstance(row, BadInput):
                raise BadInput(f"line {lineno}: the header cannot be read: {row}")
            header = row
            if text_field not in header:
                raise BadInput(f"no {text_field!r} column; the columns are "
                               f"{', '.join(map(repr, header))}")
        elif isinstance(row, BadInput):
            yield lineno, row
        elif row:
            yield lineno, (dict(zip(header, row)) if len(row) == len(header) else BadInput(
                f"record has {len(row)} fields, the header has {len(header)}"))


def _csv_rows(lines, limit: int) -> Iterator[tuple[int, list[str] | BadInput]]:
    pending: deque = deque()

    def more() -> bool:
        item = next(lines, None)
        if item is not None:
            pending.append(item)
        return item is not None

    while pending or more():
        start, first = pending[0]
        if isinstance(first, BadInput):
            pending.popleft()
            yield start, first
            continue
        size = quotes = count = 0
        while True:
            if count == len(pending) and not more():
                break
            line = pending[count][1]
            if isinstance(line, BadInput):
                break
            quotes, size, count = quotes + line.count('"'), size + len(line), count + 1
            if quotes % 2 == 0 or size > limit:
                break
        if quotes % 2 or size > limit:
            pending.popleft()
            yield start, BadInput(f"a quote opened on this line is not closed within "
                                  f"{limit:,} characters (record_chars)" if quotes % 2 else
                                  f"record is longer than {limit:,} characters (record_chars)")
            continue
        text = "".join(pending.popleft()[1] for _ in range(count))
        yield start, _csv_parse(text)


def _csv_parse(text: str) -> list[str] | BadInput:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        return BadInput(f"malformed CSV: {exc}")
    if len(rows) > 1:
        return BadInput("malformed CSV: quoting splits this record in two")
    return rows[0] if rows else []


# ------------------------------------------------------------------ Markdown front matter

class _FrontMatterLoader(yaml.BaseLoader):
    """Every scalar stays text (30 February is then our date error, not YAML's exception);
    aliases are refused, so a billion-laughs bomb never expands."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise BadInput(f"front matter line {event.start_mark.line + 1}: YAML aliases "
                           "(*name) are not allowed")
        return super().compose_node(parent, index)


def front_matter(text: str, limits: Limits) -> tuple[dict, str]:
    """The fields of a leading ``---`` YAML block and the body after it."""
    if not re.match(r"---[ \t]*\r?\n", text):
        return {}, text
    found = _FRONT.match(text)
    if not found:
        raise BadInput("front matter opened by '---' on line 1 is never closed by '---'")
    head = found.group(1)
    if len(head) > limits.field_chars * len(FIELDS):
        raise BadInput(f"front matter is longer than {limits.field_chars * len(FIELDS):,} "
                       "characters (field_chars)")
    try:
        meta = yaml.load(head, Loader=_FrontMatterLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise BadInput(f"front matter is not valid YAML: {problem}{where}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise BadInput(f"front matter is {_kind(meta)}, not a mapping of fields "
                       f"({', '.join(FIELDS)})")
    unknown = sorted(str(k) for k in meta if k not in FIELDS)
    if unknown:
        raise BadInput(f"front matter has unknown field(s) {', '.join(map(repr, unknown))}; "
                       f"known: {', '.join(FIELDS)}")
    return meta, text[found.end():].lstrip("\n")
