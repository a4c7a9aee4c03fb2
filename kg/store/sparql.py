"""Checking a user's SPARQL before it runs: read-only, no network, errors in the user's own text.

Every place that takes SPARQL from a person (``kg query sparql``, the API, ``kg serve``) passes
it through ``check`` first. The ontology's prefixes are given to Oxigraph's parser as predefined
prefixes rather than pasted in front of the query, so an error's line and column are those of
the text the user wrote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from .base import StoreError
from .rdf_model import PREFIXES

PREFIX_IRIS = {name: str(ns) for name, ns in PREFIXES.items()}
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                   "WITH")
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

# Pieces of a query in which a keyword is only text: comments, strings, IRIs, and names that
# merely contain a keyword (?service, ex:service).
_INERT = re.compile(r'#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"'
                    r"|'(?:\\.|[^'\\\n])*'|<[^<>\"{}|^`\\\s]*>|[?$][\w]+|[\w.-]*:[\w.-]*")
_WORD = re.compile(r"[A-Za-z]+")
_POSITION = re.compile(r"error at (\d+):(\d+): *")


class SparqlError(StoreError):
    """A query that is refused or does not parse; ``line``/``column`` are in the user's text."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 kind: str = "syntax"):
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(where + message)
        self.message, self.line, self.column, self.kind = message, line, column, kind


@dataclass(frozen=True)
class Query:
    text: str   # as the user wrote it; run it with ``prefixes=PREFIX_IRIS``
    form: str   # SELECT, ASK, CONSTRUCT or DESCRIBE


def keywords(text: str) -> list[str]:
    """The query's bare words, upper-cased, outside comments, strings, IRIs and names."""
    return [w.upper() for w in _WORD.findall(_INERT.sub(" ", text))]


def check(text: str, *, allow_service: bool = False) -> Query:
    """Parse ``text`` as a read-only query, or raise ``SparqlError`` saying why not.

    Updates are refused (``kind="update"``); ``SERVICE`` is refused (``kind="service"``) unless
    ``allow_service``, because it sends the query to another server over the network.
    """
    words = [w for w in keywords(text) if w not in ("PREFIX", "BASE")]
    if words and words[0] in UPDATE_KEYWORDS:
        raise SparqlError(f"{words[0]} is an update; this store is read-only: only SELECT, ASK, "
                          "CONSTRUCT and DESCRIBE are run", kind="update")
    if not allow_service and "SERVICE" in words:
        raise SparqlError("SERVICE would send the query to another server over the network; "
                          "it is refused unless explicitly allowed", kind="service")
    try:
        # An empty in-memory store parses the query; with no data and no SERVICE, nothing runs.
        ox.Store().query(text, prefixes=PREFIX_IRIS)
    except SyntaxError as exc:
        raise _syntax_error(str(exc)) from None
    form = next((w for w in words if w in QUERY_FORMS), "SELECT")
    return Query(text, form)


def _syntax_error(message: str) -> SparqlError:
    """Oxigraph's message cut to one short line, with its position taken out into fields."""
    found = _POSITION.search(message)
    detail = message[found.end():] if found else message
    detail = detail.splitlines()[0] if detail else "syntax error"
    if len(detail) > 160:  # Oxigraph lists every expected Unicode range: keep the start
        detail = detail[:157].rsplit(",", 1)[0] + ", …"
    if found:
        return SparqlError(detail, int(found.group(1)), int(found.group(2)))
    return SparqlError(detail)
