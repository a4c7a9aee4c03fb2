"""SPARQL a person writes: checked (read-only, no SERVICE), run in a child process that a
timeout or Ctrl-C ends, at most a limit of rows, errors in the user's own text."""
from __future__ import annotations

import multiprocessing
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from conftest import make_facts

from kg.store import sparql
from kg.store.rdf import RdfStore
from kg.store.sparql import SparqlError

# Every triple against every triple against every triple, counted: never finishes.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def store():
    with RdfStore() as st:  # in memory, with the taxonomy: thousands of triples
        st.add(make_facts())
        yield st


class Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802  (http.server's naming)
        self._answer()

    def do_POST(self):  # noqa: N802
        self._answer()

    def _answer(self):
        Recorder.requests.append(self.path)
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """A local HTTP server that records every request it receives."""
    Recorder.requests = []
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sparql", Recorder.requests
    server.shutdown()
    server.server_close()


def test_a_runaway_query_is_stopped_and_reported_as_a_timeout(store):
    with pytest.raises(SparqlError) as caught:
        store.query(RUNAWAY, timeout=0.5)
    assert caught.value.kind == "timeout" and "stopped" in str(caught.value)
    assert multiprocessing.active_children() == []  # the worker was killed and reaped


def test_rows_beyond_the_limit_are_cut_and_the_result_says_so(store):
    result = sparql.execute(store.dataset.store._inner, "SELECT ?s WHERE { ?s a skos:Concept }",
                            limit=5)
    assert len(result.rows) == 5 and result.truncated
    whole = sparql.execute(store.dataset.store._inner, "SELECT ?s WHERE { ?s a skos:Concept }",
                           limit=None)
    assert len(whole.rows) > 5 and not whole.truncated


@pytest.mark.parametrize("service", ["SERVICE", "SERVICE SILENT"])
def test_service_is_refused_by_the_store_and_sends_nothing(store, listener, service):
    url, requests = listener
    with pytest.raises(SparqlError) as caught:
        store.query(f"SELECT * WHERE {{ {service} <{url}> {{ ?s ?p ?o }} }}")
    assert caught.value.kind == "service"
    assert requests == []


def test_service_runs_only_when_explicitly_allowed(store, listener):
    url, requests = listener
    rows = store.query(f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
                       allow_service=True)
    assert rows == [{"s": None, "p": None, "o": None}] or rows == []
    assert requests  # the listener saw the query: the refusal above is what kept it away


def test_updates_are_refused_with_a_clear_message(store):
    with pytest.raises(SparqlError) as caught:
        store.query("INSERT DATA { id:a id:b id:c }")
    assert caught.value.kind == "update" and "read-only" in str(caught.value)


def test_syntax_errors_point_into_the_users_text(store):
    with pytest.raises(SparqlError) as caught:
        store.query("SELECT ?a WHERE { ?a gk:consult ?b ")
    error = caught.value
    assert (error.line, error.column) == (1, 36)
    assert len(str(error).splitlines()) == 1 and len(str(error)) < 220


def test_terms_show_as_prefixed_names_with_labels(store):
    result = sparql.execute(store.dataset.store._inner,
                            "SELECT ?c ?n WHERE { ?c gk:iso3 'IRN' . BIND(42 AS ?n) }", labels=True)
    header, *rows = sparql.table(result)
    assert header == ["c", "n"] and rows == [["id:Q794 Iran", "42"]]
    assert sparql.short_name("https://w3id.org/geokg/id/person%3Aevil") == "id:person%3Aevil"
    assert sparql.short_name("https://w3id.org/geokg/id/doc/x") == "<https://w3id.org/geokg/id/doc/x>"


def test_an_empty_query_says_so():
    with pytest.raises(SparqlError, match="empty"):
        sparql.check("  \n")


def test_results_serialise_as_w3c_json_and_n_triples(store):
    import json

    inner = store.dataset.store._inner
    select = sparql.execute(inner, "SELECT ?c ?name ?none WHERE { ?c gk:iso3 'IRN' ; "
                                   "rdfs:label ?name OPTIONAL { ?c gk:nothing ?none } }")
    assert sparql.to_json(select) == {"head": {"vars": ["c", "name", "none"]}, "results": {
        "bindings": [{"c": {"type": "uri", "value": "https://w3id.org/geokg/id/Q794"},
                      "name": {"type": "literal", "value": "Iran",
                               "datatype": "http://www.w3.org/2001/XMLSchema#string"}}]}}
    assert sparql.to_json(sparql.execute(inner, "ASK { ?c gk:iso3 'IRN' }")) == {
        "head": {}, "boolean": True}
    construct = sparql.execute(inner, "CONSTRUCT { ?c rdfs:label ?n } WHERE { ?c gk:iso3 'IRN' ; "
                                      "rdfs:label ?n }")
    assert construct.form == "CONSTRUCT"
    assert sparql.to_ntriples(construct) == \
        '<https://w3id.org/geokg/id/Q794> <http://www.w3.org/2000/01/rdf-schema#label> "Iran" .\n'
    json.dumps(sparql.to_json(select))  # plain JSON values only
