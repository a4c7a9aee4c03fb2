"""``kg serve``: the explorer and a read-only SPARQL endpoint over a built store, one ASGI app.

Routes: ``/`` the explorer page, ``/api/data`` the data it draws (JSON), ``/sparql`` the SPARQL
1.1 Protocol for queries (GET and POST). Nothing writes. CORS is open so that browser clients
(YASGUI and the like) on other origins can query; the server binds to localhost by default.
"""
from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .. import api
from ..export import viz
from . import sparql_http as protocol
from .workers import Workers

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


class PageData:
    """The explorer's data for the store's published graph, rebuilt when a build publishes."""

    def __init__(self, store: Path):
        self.store = store
        self._lock = threading.Lock()
        self._stamp, self._data = None, None

    def get(self) -> dict:
        with self._lock:
            rdf_dir = self.store / api.RDF_DIR
            stamp = (os.path.realpath(rdf_dir), rdf_dir.stat().st_ino)
            if stamp != self._stamp:
                self._data = viz.page_data(api.read_facts(self.store))
                self._stamp = stamp
            return self._data


def create_app(store: str | Path, *, timeout: float = 30.0, limit: int = 100_000,
               title: str = "geokg") -> Starlette:
    """The app over the store folder written by ``kg build --out``."""
    store = api.store_folder(store)
    rdf_dir = store / api.RDF_DIR
    data = PageData(store)
    workers = Workers(rdf_dir, timeout)
    page = viz.render_page(None, title=title, served=True)

    async def explorer(request: Request) -> Response:
        return HTMLResponse(page)

    async def page_data(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(data.get))

    async def sparql(request: Request) -> Response:
        try:
            query = await _sparql_request(request)
            body = await run_in_threadpool(workers.execute, query, limit)
        except protocol.ProtocolError as exc:
            return PlainTextResponse(str(exc) + "\n", status_code=exc.status)
        media = query.media_type
        charset = "" if media == "application/n-triples" else "; charset=utf-8"
        return Response(body, media_type=media + charset, headers={"Vary": "Accept"})

    routes = [Route("/", explorer), Route("/api/data", page_data),
              Route("/sparql", sparql, methods=["GET", "POST"])]
    cors = Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                      allow_headers=["Accept", "Content-Type"])

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        workers.close()

    return Starlette(routes=routes, middleware=[cors], lifespan=lifespan)


async def _sparql_request(request: Request) -> protocol.Request:
    """The query, result format and graphs of a protocol request (GET, form POST, body POST)."""
    params = request.query_params
    fields = params
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == UPDATE_BODY:
            raise protocol.ProtocolError(403, protocol.READ_ONLY)
        if kind == FORM:  # parsed as a query string: no python-multipart needed
            fields = QueryParams((await request.body()).decode("utf-8", errors="replace"))
        elif kind == QUERY_BODY:
            text = (await request.body()).decode("utf-8", errors="replace")
            return _protocol_request(text, None, params, request)
        else:
            raise protocol.ProtocolError(415, f"POST a form ({FORM}) or a query "
                                              f"({QUERY_BODY}), not {kind or 'no content type'}")
    if len(fields.getlist("query")) > 1:
        raise protocol.ProtocolError(400, "more than one query parameter")
    return _protocol_request(fields.get("query"), fields.get("update"), fields, request)


def _protocol_request(text, update, fields, request: Request) -> protocol.Request:
    query = protocol.parse_query(text, update)
    media = protocol.negotiate(query.form, request.headers.get("accept"),
                               fields.get("format") or request.query_params.get("format"))
    return protocol.Request(query, media, _graphs("default-graph-uri", fields, request),
                            _graphs("named-graph-uri", fields, request))


def _graphs(name: str, fields, request: Request) -> tuple[str, ...]:
    """The graph IRIs given as ``name``, in the form or the URL (each once)."""
    return tuple(dict.fromkeys([*fields.getlist(name), *request.query_params.getlist(name)]))

