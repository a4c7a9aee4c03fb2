"""Checking a user's SPARQL before it runs: read-only, no network, errors in the user's own text.

Every place that takes SPARQL from a person (``kg query sparql``, the API, ``kg serve``) passes
it through ``check`` first. The ontology's prefixes are given to Oxigraph's parser as predefined
prefixes rather than pasted in front of the query, so an error's line and column are those of
the text the user wrote.

``execute`` then runs a checked query in a child process, with a time limit and a row limit.
Oxigraph evaluates a query in Rust without looking at Python's signals, so a runaway query in
this process would ignore both a timer and Ctrl-C; a child process can always be killed.
"""
from __future__ import annotations

import multiprocessing
import re
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from .base import QUERY_TIMEOUT, StoreError
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
    if not text.strip():
        raise SparqlError("the query is empty")
    if words and words[0] in UPDATE_KEYWORDS:
        raise SparqlError(f"{words[0]} is an update; this store is read-only: only SELECT, ASK, "
                          "CONSTRUCT and DESCRIBE are run", kind="update")
    if "SERVICE" in words:
        if not allow_service:
            raise SparqlError("SERVICE would send the query to another server over the network; "
                              "it is refused unless explicitly allowed", kind="service")
        # Parsing below means evaluating over an empty store, which would already call the
        # service: such a query is parsed when it runs, with the same error reporting.
        return Query(text, _form(words))
    try:
        # An empty in-memory store parses the query; with no data and no SERVICE, nothing runs.
        ox.Store().query(text, prefixes=PREFIX_IRIS)
    except SyntaxError as exc:
        raise _syntax_error(str(exc)) from None
    return Query(text, _form(words))


def bind(query: Query, values: dict[str, ox.NamedNode | ox.Literal]) -> Query:
    """``query`` with a trailing ``VALUES`` block binding variables to terms: the safe way to
    put user input in a query (terms are written in N-Triples syntax, so quotes cannot break
    out)."""
    if not values:
        return query
    for name in values:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise SparqlError(f"not a SPARQL variable name: {name!r}", kind="parameter")
    names = " ".join(f"?{name}" for name in values)
    terms = " ".join(str(term) for term in values.values())
    return Query(f"{query.text}\nVALUES ({names}) {{ ({terms}) }}", query.form)


def _form(words: list[str]) -> str:
    return next((w for w in words if w in QUERY_FORMS), "SELECT")


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


# ---------------------------------------------------------------- running a query

DEFAULT_TIMEOUT = QUERY_TIMEOUT
DEFAULT_LIMIT = 10_000   # rows
_BATCH = 1000            # rows per message from the child
_XSD = str(PREFIX_IRIS["xsd"])
_INTEGER_TYPES = {"integer", "int", "long", "short", "byte", "nonNegativeInteger",
                  "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt",
                  "unsignedLong", "unsignedShort", "unsignedByte"}
# SPARQL's PN_LOCAL without backslash escapes: word characters, '-', '.' and %XX; it neither
# starts with '.' or '-' nor ends with '.'.
_LOCAL_NAME = re.compile(r"(?![.-])(?:[\w.-]|%[0-9A-Fa-f]{2})*(?:[\w-]|%[0-9A-Fa-f]{2})")


@dataclass
class Result:
    """What a query gave. ``rows`` hold pyoxigraph terms (None where a variable is unbound):
    for SELECT one tuple per solution in ``variables`` order, for ASK ``[(bool,)]`` under
    ``["result"]``, for CONSTRUCT/DESCRIBE one (subject, predicate, object) per triple."""

    form: str
    variables: list[str]
    rows: list[tuple] = field(default_factory=list)
    truncated: bool = False          # the query had more rows than ``limit``; the rest is cut
    labels: dict[str, str] = field(default_factory=dict)  # IRI -> rdfs:label / skos:prefLabel


def execute(store: str | Path | ox.Store, query: Query | str, *,
            timeout: float | None = DEFAULT_TIMEOUT, limit: int | None = DEFAULT_LIMIT,
            labels: bool = False, allow_service: bool = False, fork: bool = True) -> Result:
    """Run a read-only query over ``store`` (a store directory, opened read-only, or an open
    ``pyoxigraph.Store``) and return at most ``limit`` rows.

    The query runs in a forked child process that is killed when ``timeout`` seconds pass
    (``SparqlError`` with ``kind="timeout"``) or when this process is interrupted (Ctrl-C: the
    child is killed and ``KeyboardInterrupt`` propagates). Queries see the union of the default
    graph and the named graphs. With ``labels=True`` the result also maps every IRI in it to
    its label. Other failures raise ``SparqlError`` with ``kind`` "syntax" (line and column in
    the query's text), "update", "service", "store" (not a store folder) or "failed".

    ``fork=False`` runs an open store's query in this process, with no time limit: a process
    that has an on-disk store open for writing must not fork a reader of it (RocksDB's locks,
    held by its background threads at the fork, would never be released in the child).
    """
    if isinstance(query, str):
        query = check(query, allow_service=allow_service)
    if isinstance(store, (str, Path)):
        if not (Path(store) / "CURRENT").is_file():
            raise SparqlError(f"{store} is not an RDF store", kind="store")
        store = str(store)
    if not fork and isinstance(store, ox.Store):
        inbox = _Inbox()
        _evaluate(inbox, store, query, limit, labels)
        return _receive(inbox, None)
    # In a process with other threads, a folder is opened by a child of the fork server, a
    # clean single-threaded process: a child forked from here could inherit locks that another
    # thread (a build writing a store, say) holds at that moment, and wait on them forever.
    # An open store can only be inherited by fork.
    threaded = threading.active_count() > 1
    context = (_FORKSERVER if threaded and isinstance(store, str)
               else multiprocessing.get_context("fork"))
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, daemon=True,
                            args=(sender, store, query, limit, labels, timeout))
    child.start()
    sender.close()
    try:
        return _receive(receiver, timeout)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()


def _receive(receiver, timeout: float | None) -> Result:
    deadline = None if timeout is None else time.monotonic() + timeout
    result = None
    while True:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not receiver.poll(wait):
            raise SparqlError(f"the query ran longer than {timeout:g} s and was stopped; narrow it "
                              "or allow more time", kind="timeout")
        try:
            kind, *payload = receiver.recv()
        except EOFError:
            raise SparqlError("the query process ended without an answer", kind="failed") from None
        if kind == "head":
            result = Result(*payload)
        elif kind == "rows":
            result.rows.extend(payload[0])
        elif kind == "end":
            result.truncated, result.labels = payload
            return result
        elif kind == "syntax":
            raise _syntax_error(payload[0])
        else:
            raise SparqlError(f"the query failed: {payload[0]}", kind="failed")


_FORKSERVER = multiprocessing.get_context("forkserver")
_FORKSERVER.set_forkserver_preload(["kg.store.sparql"])


class _Inbox:
    """The messages of ``_evaluate`` kept in this process, read as ``_receive`` reads a pipe."""

    def __init__(self):
        self.messages: list = []

    def send(self, message) -> None:
        self.messages.append(message)

    def poll(self, _wait=None) -> bool:
        return bool(self.messages)

    def recv(self):
        return self.messages.pop(0)

    def close(self) -> None:
        pass


def _child(sender, store, query: Query, limit: int | None, labels: bool,
           timeout: float | None) -> None:
    """``_evaluate`` in the child, which also ends itself a second past ``timeout``: the kernel
    ends it (SIGALRM, default action) even inside Oxigraph's loop, so a child whose parent was
    interrupted before it could kill it never runs on."""
    if timeout is not None:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, timeout + 1)
    _evaluate(sender, store, query, limit, labels)


def _evaluate(sender, store, query: Query, limit: int | None, labels: bool) -> None:
    """The child's work: open, run, send the rows in batches, then the labels."""
    try:
        if not isinstance(store, ox.Store):
            store = ox.Store.read_only(str(store))
        answer = store.query(query.text, prefixes=PREFIX_IRIS, use_default_graph_as_union=True)
        form, variables, rows = _shape(answer, query.form)
        sender.send(("head", form, variables))
        kept, truncated = [], False
        for row in rows:
            if limit is not None and len(kept) >= limit:
                truncated = True
                break
            kept.append(row)
            if len(kept) % _BATCH == 0:
                sender.send(("rows", kept[-_BATCH:]))
        sender.send(("rows", kept[len(kept) - len(kept) % _BATCH:]))
        sender.send(("end", truncated, _labels(store, kept) if labels else {}))
    except SyntaxError as exc:
        sender.send(("syntax", str(exc)))
    except Exception as exc:  # noqa: BLE001  (reported to the parent, which raises it)
        sender.send(("failed", " ".join(str(exc).split())[:300]))
    finally:
        sender.close()


def _shape(answer, form: str) -> tuple[str, list[str], Iterator[tuple]]:
    if isinstance(answer, ox.QueryBoolean):
        return "ASK", ["result"], iter([(bool(answer),)])
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return "SELECT", names, (tuple(s[n] for n in names) for s in answer)
    return form, ["subject", "predicate", "object"], (tuple(t) for t in answer)


def _labels(store: ox.Store, rows: list[tuple]) -> dict[str, str]:
    iris = sorted({t.value for row in rows for t in row if isinstance(t, ox.NamedNode)})
    found: dict[str, str] = {}
    for start in range(0, len(iris), _BATCH):
        values = " ".join(f"<{iri}>" for iri in iris[start:start + _BATCH])
        for solution in store.query(
                f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} "
                "?s rdfs:label|skos:prefLabel ?l }",
                prefixes=PREFIX_IRIS, use_default_graph_as_union=True):
            label = solution["l"]
            # one label per IRI: one without a language tag, or English, wins
            if solution["s"].value not in found or label.language in (None, "en"):
                found[solution["s"].value] = label.value
    return found


# ---------------------------------------------------------------- showing terms

def short_name(iri: str) -> str:
    """``id:Q794`` for an IRI in a predefined namespace whose rest is a plain local name."""
    for prefix, namespace in sorted(PREFIX_IRIS.items(), key=lambda p: -len(p[1])):
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def display(term, labels: dict[str, str] | None = None) -> str:
    """A term as a person reads it: ``id:Q794 Iran``, a literal's text, empty when unbound."""
    if term is None:
        return ""
    if isinstance(term, bool):
        return "true" if term else "false"
    if isinstance(term, ox.NamedNode):
        label = (labels or {}).get(term.value)
        return f"{short_name(term.value)} {label}" if label else short_name(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def python_value(term):
    """A term as plain Python: IRIs and most literals as str, numbers and booleans typed."""
    if term is None or isinstance(term, bool):
        return term
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        kind = term.datatype.value[len(_XSD):] if term.datatype.value.startswith(_XSD) else ""
        try:
            if kind == "boolean":
                return term.value in ("true", "1")
            if kind in _INTEGER_TYPES:
                return int(term.value)
            if kind in ("decimal", "double", "float"):
                return float(term.value)
        except ValueError:  # an ill-typed literal stays its text
            pass
        return term.value
    return str(term)


def records(result: Result) -> list[dict]:
    """The rows as dicts of plain Python values, keyed by variable."""
    return [dict(zip(result.variables, map(python_value, row))) for row in result.rows]


def to_json(result: Result) -> dict:
    """SELECT and ASK results in the W3C SPARQL 1.1 Query Results JSON format."""
    if result.form == "ASK":
        return {"head": {}, "boolean": bool(result.rows and result.rows[0][0])}
    bindings = [{name: _json_term(term) for name, term in zip(result.variables, row)
                 if term is not None} for row in result.rows]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
    return {"type": "triple", "value": str(term)}  # RDF-star; this project writes none


def to_ntriples(result: Result) -> str:
    """CONSTRUCT and DESCRIBE results as N-Triples."""
    return "".join(f"{s} {p} {o} .\n" for s, p, o in result.rows)


def table(result: Result) -> Iterable[list[str]]:
    """The header, then each row as the strings ``display`` gives."""
    yield list(result.variables)
    for row in result.rows:
        yield [display(term, result.labels) for term in row]
