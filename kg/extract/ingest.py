"""Reading input files into Documents. A bad file or record is reported and skipped.

Supported: ``.txt``/``.md`` (one document per file; Markdown may carry YAML front matter
with ``id``, ``title``, ``url``, ``published``, ``lang``), ``.html`` (its main text), ``.jsonl``
and ``.csv`` (one document per record with ``id``, ``text`` and optional ``url``, ``title``,
``published``, ``lang``).

Every input becomes documents or ``IngestError``s, never an exception: only regular files are
opened (a FIFO, a device or a symlink loop is an error, and opening never blocks), every read
is bounded by ``Limits``, and text is UTF-8 (with or without BOM) or UTF-16 with a BOM.
"""
from __future__ import annotations

import codecs
import errno
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..model import Document
from .limits import DEFAULT_LIMITS, Limits
from .records import (BadInput, csv_records, document, front_matter,
                      json_record, printable, record_document)

SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl", ".csv"}
_FILE_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
               (stat.S_ISDIR, "a folder"))
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)  # checked first: FF FE also opens UTF-16
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class IngestError:
    """One document or file that could not be read, and why."""

    source: str
    message: str

    def __str__(self) -> str:
        # One line whatever the names hold: a newline in a file name cannot forge a second line.
        return f"{printable(self.source)}: {printable(self.message)}"


def display(path: Path) -> str:
    """The path as text; bytes that are not UTF-8 shown as ``\\xNN`` rather than as surrogates."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def expand(paths: Iterable[str | Path | IngestError]) -> Iterator[Path | IngestError]:
    """Input paths with folders replaced by the supported files inside them, sorted; a path
    that cannot be read is an IngestError in its place (errors given are passed on)."""
    for path in paths:
        if isinstance(path, IngestError):
            yield path
            continue
        path = Path(path)
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as exc:
            yield IngestError(display(path), _os_reason(exc))
            continue
        if is_dir:
            found = list(_walk(path))
            yield from found or [IngestError(display(path), "folder holds no input files ("
                                             f"{', '.join(sorted(SUFFIXES))})")]
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path | IngestError]:
    errors: list[OSError] = []
    found = []
    # followlinks=False: a symlink to a parent folder must not make the walk endless.
    for root, _dirs, files in os.walk(folder, onerror=errors.append):
        found.extend(Path(root, f) for f in files if Path(f).suffix.lower() in SUFFIXES)
    yield from sorted(found)
    for exc in errors:
        yield IngestError(display(Path(exc.filename or folder)), _os_reason(exc))


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    return f"cannot read: {exc.strerror or exc}"


def read_documents(paths: Iterable[str | Path], text_field: str = "text",
                   limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | IngestError]:
    """Every document of every input, or an IngestError in its place."""
    for path in expand(paths):
        if isinstance(path, IngestError):
            yield path
            continue
        source = display(path)
        reader = _READERS.get(path.suffix.lower(), _unsupported)
        try:
            with _open(path, limits) as fh:
                yield from reader(fh, source, text_field, limits)
        except OSError as exc:
            yield IngestError(source, _os_reason(exc))
        except BadInput as exc:
            yield IngestError(source, str(exc))


def _open(path: Path, limits: Limits) -> BinaryIO:
    """The file, opened only if it is a regular file within the size limit.

    O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; the type is then
    checked on the open descriptor, so a file swapped after a check cannot slip through.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        kind = next((name for test, name in _FILE_KINDS if test(info.st_mode)), None)
        if kind or not stat.S_ISREG(info.st_mode):
            raise BadInput(f"not a regular file but {kind or 'a special file'}; not read")
        if info.st_size > limits.file_bytes:
            raise BadInput(f"file is {info.st_size:,} bytes, over the limit of "
                           f"{limits.file_bytes:,} (file_bytes)")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _encoding(fh: BinaryIO) -> str:
    """The text encoding, from the BOM; the stream is left after the BOM."""
    head = fh.read(4)
    if any(head.startswith(bom) for bom in _UTF32_BOMS):
        raise BadInput("UTF-32 text is not supported; save it as UTF-8")
    for bom, name in _BOMS:
        if head.startswith(bom):
            fh.seek(len(bom))
            return name
    fh.seek(0)
    if b"\x00" in fh.read(8192):
        raise BadInput("file looks binary (contains NUL bytes)")
    fh.seek(0)
    return "utf-8"


def _decode_error(exc: UnicodeDecodeError, encoding: str) -> BadInput:
    name = "UTF-8" if encoding == "utf-8" else "UTF-16"
    return BadInput(f"not valid {name} (byte {exc.start} of the block read); "
                    "save the file as UTF-8")


def _read_all(fh: BinaryIO, limits: Limits) -> str:
    """The whole text of a one-document file, refused before it is read when too long."""
    encoding = _encoding(fh)
    most = limits.document_chars * (2 if encoding.startswith("utf-16") else 4)
    raw = fh.read(most + 1)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if len(raw) <= most or exc.start < most - 4:  # not merely a character cut by the limit
            raise _decode_error(exc, encoding) from None
        text = raw[:exc.start].decode(encoding)
    if len(raw) > most or len(text) > limits.document_chars:
        raise BadInput(f"text is longer than the limit of {limits.document_chars:,} characters "
                       "(document_chars)")
    if not text.strip():
        raise BadInput("file is empty")
    if "\x00" in text:
        raise BadInput("file looks binary (contains NUL characters)")
    return text


def _lines(fh: BinaryIO, source: str, limits: Limits
           ) -> Iterator[tuple[int, str | BadInput]]:
    """(line number, line) of a record file, each line read with a bounded buffer; a line
    over the record limit is a BadInput in its place, and the rest of it is skipped unread."""
    encoding = _encoding(fh)
    stream = io.TextIOWrapper(fh, encoding=encoding, errors="strict", newline="")
    limit = limits.record_chars
    lineno = 0
    try:
        while line := stream.readline(limit + 1):
            lineno += 1
            if len(line) > limit and not line.endswith(("\n", "\r")):
                while (rest := stream.readline(1 << 16)) and not rest.endswith(("\n", "\r")):
                    pass
                yield lineno, BadInput(f"line is longer than the limit of {limit:,} characters "
                                       "(record_chars)")
            else:
                yield lineno, line
    except UnicodeDecodeError as exc:
        yield lineno + 1, BadInput(str(_decode_error(exc, encoding)) + "; the rest of the "
                                   "file is not read")


def _unsupported(_fh, source: str, _field: str, _limits: Limits) -> Iterator[Document]:
    raise BadInput(f"unsupported file type {Path(source).suffix or '(none)'!r}; "
                   f"use one of {', '.join(sorted(SUFFIXES))}")


def _read_text(fh: BinaryIO, source: str, _field: str, limits: Limits) -> Iterator[Document]:
    text = _read_all(fh, limits)
    meta = {}
    if source.lower().endswith(".md"):
        meta, text = front_matter(text, limits)
    yield document(meta, text, source, limits)


def _read_html(fh: BinaryIO, source: str, _field: str, limits: Limits) -> Iterator[Document]:
    import trafilatura

    html = _read_all(fh, limits)
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False)
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # noqa: BLE001  a third-party parser: any failure is this file's
        raise BadInput(f"HTML could not be parsed: {type(exc).__name__}") from None
    if not text or not text.strip():
        raise BadInput("no main text found in the HTML")
    fields = {"url": getattr(meta, "url", None), "title": getattr(meta, "title", None),
              "published": getattr(meta, "date", None)}
    yield document(fields, _without_headline(text, fields["title"]), source, limits)


def _without_headline(text: str, title: str | None) -> str:
    """The page's text less its first line when that line is the page's title: the headline
    restates the lede, and read as a sentence of its own it would be a second, undated source
    of the lede's event. The title stays the document's ``title``."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    same = " ".join(first.split()).casefold() == " ".join(title.split()).casefold()
    return rest if same and rest.strip() else text


def _from_rows(rows, source: str, text_field: str, limits: Limits
               ) -> Iterator[Document | IngestError]:
    lineno = 0
    for lineno, row in rows:
        where = f"{source}:{lineno}"
        try:
            if isinstance(row, BadInput):
                raise row
            yield record_document(row, where, text_field, limits)
        except BadInput as exc:
            yield IngestError(where, str(exc))
    if not lineno:
        raise BadInput("file holds no records")


def _read_jsonl(fh: BinaryIO, source: str, text_field: str, limits: Limits
                ) -> Iterator[Document | IngestError]:
    rows = ((n, line if isinstance(line, BadInput) else json_record(line, limits))
            for n, line in _lines(fh, source, limits) if isinstance(line, BadInput) or line.strip())
    yield from _from_rows(rows, source, text_field, limits)


def _read_csv(fh: BinaryIO, source: str, text_field: str, limits: Limits
              ) -> Iterator[Document | IngestError]:
    yield from _from_rows(csv_records(_lines(fh, source, limits), text_field, limits),
                          source, text_field, limits)


_READERS = {".txt": _read_text, ".md": _read_text, ".html": _read_html, ".htm": _read_html,
            ".jsonl": _read_jsonl, ".csv": _read_csv}
