"""The SPARQL 1.1 Protocol for queries: what the request asks, in which format, run read-only.

Every query goes through ``kg.store.sparql.check`` (read-only, no SERVICE, errors in the
user's own text), then runs on a read-only opening of the store in a worker process (see
``workers``), which is ended when the query runs past its time limit. Results are written by pyoxigraph's own serializers in the format the client's
``Accept`` asks for. A result with more rows than the limit is refused rather than cut short,
so no client takes part of an answer for all of it.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from ..store.sparql import PREFIX_IRIS, Query, SparqlError, check

RESULTS = ox.QueryResultsFormat
GRAPHS = ox.RdfFormat
# Media types (and the short names of the ``format`` parameter) by query form, default first.
RESULT_TYPES = {"application/sparql-results+json": RESULTS.JSON, "application/json": RESULTS.JSON,
                "application/sparql-results+xml": RESULTS.XML, "application/xml": RESULTS.XML,
                "text/csv": RESULTS.CSV, "text/tab-separated-values": RESULTS.TSV}
GRAPH_TYPES = {"text/turtle": GRAPHS.TURTLE, "application/n-triples": GRAPHS.N_TRIPLES,
               "application/ld+json": GRAPHS.JSON_LD, "application/rdf+xml": GRAPHS.RDF_XML,
               "text/plain": GRAPHS.N_TRIPLES}
SHORT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
               "ttl": "text/turtle", "nt": "application/n-triples", "ntriples": "application/n-triples",
               "jsonld": "application/ld+json", "json-ld": "application/ld+json",
               "rdfxml": "application/rdf+xml"}
READ_ONLY = "SPARQL updates are refused: this endpoint is read-only"


class ProtocolError(Exception):
    """A request the endpoint refuses: ``status`` is the HTTP status, the message says why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Request:
    query: Query
    media_type: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def open_store(path: str | Path) -> ox.Store:
    """The store at ``path``, opened read-only (any number of readers can open it at once)."""
    return ox.Store.read_only(str(path))


def parse_query(text: str | None, update: str | None) -> Query:
    """The checked query of a request, or the ``ProtocolError`` that refuses it."""
    if update is not None:
        raise ProtocolError(403, READ_ONLY)
    if not text or not text.strip():
        raise ProtocolError(400, "no query: send it as ?query=… (GET), as the form field "
                                 "query (POST) or as an application/sparql-query body")
    try:
        return check(text)
    except SparqlError as exc:
        raise ProtocolError(403 if exc.kind in ("update", "service") else 400, str(exc)) from None


def _accepted(accept: str) -> list[str]:
    """The media types of an Accept header, most wanted first (by q, then as written)."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    quality = float(field[2:])
                except ValueError:
                    quality = 0.0
        if fields[0] and quality > 0:
            ranked.append((-quality, position, fields[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(form: str, accept: str | None, format_name: str | None = None) -> str:
    """The media type to answer a ``form`` query in, from ``format=`` or the Accept header."""
    offered = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    default = next(iter(offered))
    if format_name:
        media = SHORT_NAMES.get(format_name.lower(), format_name.lower())
        if media in offered:
            return media
    wanted = _accepted(accept or "*/*")
    for media in wanted:
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            match = next((m for m in offered if media == "*/*" or m.startswith(media[:-1])), None)
            if match:
                return match
    if not wanted:
        return default
    raise ProtocolError(406, f"cannot answer this {form} query as {accept}; offered: "
                             + ", ".join(offered))


# --- running a query ---------------------------------------------------------------------

def run(store: ox.Store, request: Request, limit: int) -> bytes:
    """The query's answer from ``store``, serialized as ``request.media_type`` asks."""
    options = {"prefixes": PREFIX_IRIS}
    if request.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    else:  # as `kg query`: the facts and the taxonomy graph together
        options["use_default_graph_as_union"] = True
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    result = store.query(request.query.text, **options)
    if isinstance(result, ox.QueryBoolean):
        return result.serialize(format=RESULT_TYPES[request.media_type])
    if isinstance(result, ox.QuerySolutions):
        return _limited(result, limit).serialize(format=RESULT_TYPES[request.media_type])
    triples = list(islice(result, limit + 1))
    if len(triples) > limit:
        raise _too_many(limit)
    return ox.serialize(triples, format=GRAPH_TYPES[request.media_type], prefixes=PREFIX_IRIS)


def _limited(solutions: ox.QuerySolutions, limit: int) -> ox.QuerySolutions:
    """The solutions again, refused if more than ``limit``.

    They are read once and handed back through TSV, the one results format that keeps every
    term exactly (a term's text form is its TSV form), so the serializers can write them.
    """
    variables = solutions.variables
    lines = ["\t".join(str(v) for v in variables)]
    for count, row in enumerate(solutions):
        if count == limit:
            raise _too_many(limit)
        lines.append("\t".join("" if row[v] is None else str(row[v]) for v in variables))
    return ox.parse_query_results(("\n".join(lines) + "\n").encode("utf-8"), RESULTS.TSV)


def _too_many(limit: int) -> ProtocolError:
    return ProtocolError(400, f"the answer has more than {limit} results, the endpoint's limit; "
                              "add a LIMIT (and OFFSET to page through it)")
