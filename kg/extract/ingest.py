"""Reading input files into Documents. A bad file or record is reported and skipped.

Supported: ``.txt``/``.md`` (one document per file; Markdown may carry YAML front matter
with ``title``, ``url``, ``published``, ``lang``), ``.html`` (its main text), ``.jsonl`` and
``.csv`` (one document per record with ``id``, ``text`` and optional ``url``, ``title``,
``published``, ``lang``).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from ..model import Document, content_hash
from ..resources import data_path

SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl", ".csv"}


@dataclass(frozen=True)
class IngestError:
    """One document or file that could not be read, and why."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


class BadInput(ValueError):
    pass


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Input paths with folders replaced by the supported files inside them, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
        else:
            yield path


def read_documents(paths: Iterable[str | Path], text_field: str = "text"
                   ) -> Iterator[Document | IngestError]:
    """Every document of every input, or an IngestError in its place."""
    for path in expand(paths):
        reader = _READERS.get(path.suffix.lower())
        if reader is None:
            yield IngestError(str(path), f"unsupported file type {path.suffix or '(none)'!r}; "
                                         f"use one of {', '.join(sorted(SUFFIXES))}")
            continue
        try:
            yield from reader(path, text_field)
        except (OSError, BadInput) as exc:
            yield IngestError(str(path), str(exc))


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    if not raw.strip():
        raise BadInput("file is empty")
    if b"\x00" in raw[:8192]:
        raise BadInput("file looks binary (contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"not valid UTF-8 (byte {exc.start})") from None


def document_id(given, url, text: str) -> str:
    """A document's identity: its own id, else its URL, else a hash of its text; never the
    path it was read from, which changes with how it is typed (``a.txt``, ``./a.txt``, ``/x/a.txt``)."""
    if given not in (None, ""):
        return str(given)
    if url:
        return str(url)
    return "sha1:" + content_hash(text)


def _make(doc_id, text, source: str, url=None, title=None, published=None,
          lang=None) -> Document:
    if not isinstance(text, str) or not text.strip():
        raise BadInput("no text")
    return Document(id=document_id(doc_id, url, text), text=text, url=url or None, title=title or None,
                    published=parse_published(published), lang=lang or None, source=source)


def parse_published(value) -> date | None:
    """A publication date from ISO text or a date; anything else is a clear error."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value).strip().replace("Z", "+00:00")).date()
    except ValueError:
        raise BadInput(f"published date {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _read_text(path: Path, _field: str) -> Iterator[Document]:
    text = _decode(path)
    meta = {}
    if path.suffix.lower() == ".md" and text.startswith("---"):
        meta, text = _front_matter(text)
    yield _make(meta.pop("id", None), text, str(path), **meta)


def _front_matter(text: str) -> tuple[dict, str]:
    _, head, body = text.split("---", 2) if text.count("---") >= 2 else ("", "", text)
    try:
        meta = yaml.safe_load(head) or {}
    except yaml.YAMLError as exc:
        raise BadInput(f"front matter is not valid YAML: {exc}") from None
    known = {"id", "url", "title", "published", "lang"}
    return {k: v for k, v in meta.items() if k in known}, body.lstrip("\n")


def _read_html(path: Path, _field: str) -> Iterator[Document]:
    import trafilatura

    html = _decode(path)
    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    meta = trafilatura.extract_metadata(html)
    title = getattr(meta, "title", None)
    yield _make(None, _without_headline(text, title), str(path), url=getattr(meta, "url", None),
                title=title, published=getattr(meta, "date", None))


def _without_headline(text: str | None, title: str | None) -> str | None:
    """The page's text less its first line when that line is the page's title: the headline
    restates the lede, and read as a sentence of its own it would be a second, undated source
    of the lede's event. The title stays the document's ``title``."""
    if not text or not title:
        return text
    first, _, rest = text.partition("\n")
    same = " ".join(first.split()).casefold() == " ".join(title.split()).casefold()
    return rest if same and rest.strip() else text


def _from_record(record, where: str, text_field: str) -> Document:
    if isinstance(record, _Malformed):
        raise BadInput(record)
    if not isinstance(record, dict):
        raise BadInput("record is not an object")
    if text_field not in record:
        raise BadInput(f"record has no {text_field!r} field")
    return _make(record.get("id"), record[text_field], where, url=record.get("url"),
                 title=record.get("title"), published=record.get("published"),
                 lang=record.get("lang"))


def _records(path: Path, text_field: str, rows) -> Iterator[Document | IngestError]:
    for where, row in rows:
        try:
            yield _from_record(row, where, text_field)
        except BadInput as exc:
            yield IngestError(where, str(exc))


def _read_jsonl(path: Path, text_field: str) -> Iterator[Document | IngestError]:
    def rows():
        for lineno, line in enumerate(io.StringIO(_decode(path)), 1):
            if line.strip():
                yield f"{path}:{lineno}", _json_line(line)
    yield from _records(path, text_field, rows())


def _json_line(line: str):
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return _Malformed(f"malformed JSON: {exc.msg} at column {exc.colno}")


class _Malformed(str):
    """A JSONL line that did not parse; reported as that record's error."""


def _read_csv(path: Path, text_field: str) -> Iterator[Document | IngestError]:
    reader = csv.DictReader(io.StringIO(_decode(path)))
    yield from _records(path, text_field,
                        ((f"{path}:{n}", row) for n, row in enumerate(reader, 2)))


_READERS = {".txt": _read_text, ".md": _read_text, ".html": _read_html, ".htm": _read_html,
            ".jsonl": _read_jsonl, ".csv": _read_csv}


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [line.strip().upper() for line in open(data_path("detect_languages.txt"))
             if line.strip() and not line.startswith("#")]
    return LanguageDetectorBuilder.from_iso_codes_639_1(
        *(getattr(IsoCode639_1, code) for code in codes)).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when lingua cannot tell."""
    language = _detector().detect_language_of(text[:2000])
    return language.iso_code_639_1.name.lower() if language else None
