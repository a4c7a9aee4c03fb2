"""Queries never reach out: SPARQL SERVICE and Cypher LOAD CSV are refused in read mode.

A local listener records every connection made to it; the refused queries point at it, and it
must receive none. Control tests show the listener does see a request when one is made, so
the "none" is not vacuous.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import make_facts

from kg.store import rdf
from kg.store.base import StoreError

ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT = 120  # seconds; reached only by a hang
CSV_REPLY = b"HTTP/1.0 200 OK\r\nContent-Type: text/csv\r\n\r\nname\r\nfrom-the-listener\r\n"


class Listener:
    """Accepts connections on 127.0.0.1, records what each sends, answers with a small CSV
    (``answer=True``) or never answers (``answer=False``, a port that speaks no protocol)."""

    def __init__(self, answer: bool = True):
        self.requests: list[bytes] = []
        self.answer = answer
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.requests.append(b"")
            if not self.answer:
                self.held.append(conn)
                continue
            with conn:
                conn.settimeout(5)
                try:
                    self.requests[-1] = conn.recv(65536)
                    conn.sendall(CSV_REPLY)
                except OSError:
                    pass

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


def kg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
                          timeout=RUN_TIMEOUT)


def one_error_line(run: subprocess.CompletedProcess) -> str:
    assert run.returncode == 1 and "Traceback" not in run.stderr
    [line] = run.stderr.splitlines()
    assert line.startswith("Error: ")
    return line


# ------------------------------------------------------------------ SPARQL

@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built")
    with rdf.RdfStore(out / "store") as store:
        store.add(make_facts())
    return out


def test_the_listener_sees_a_service_call_made_directly(listener):
    with pytest.raises((OSError, RuntimeError)):  # the reply is CSV, no SPARQL results
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> "
                              "{ ?s ?p ?o } }"))
    assert listener.requests


@pytest.mark.parametrize("service", ["SERVICE", "SERVICE SILENT", "service"])
def test_kg_query_sparql_refuses_service_and_sends_nothing(listener, store_dir, service):
    query = f"SELECT * WHERE {{ {service} <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    line = one_error_line(kg("query", "sparql", query, "--store", str(store_dir)))
    assert "SERVICE" in line and "network" in line
    assert listener.requests == []


def test_api_query_refuses_service(listener, store_dir):
    from kg import api

    with pytest.raises(StoreError, match="SERVICE"):
        api.query(store_dir, f"ASK {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}")
    assert listener.requests == []


# ------------------------------------------------------------------ Cypher and the server

@pytest.fixture(scope="module")
def neo4j_env():
    """The settings of the test server (see tests/test_neo4j.py), or a skip without one."""
    from test_neo4j import _running_server

    settings = _running_server()
    if settings is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no Neo4j server: CI must run `scripts/neo4j-server start` first")
        pytest.skip("no Neo4j server running (scripts/neo4j-server start)")
    return settings


@pytest.mark.neo4j
@pytest.mark.slow
@pytest.mark.parametrize("query", [
    "LOAD CSV FROM '{url}' AS row RETURN row",
    "load csv with headers from '{url}' AS row RETURN row.name",
    "CALL () {{ LOAD CSV FROM '{url}' AS row RETURN row }} RETURN count(*)",
    "EXPLAIN LOAD CSV FROM '{url}' AS row RETURN row",
    "PROFILE LOAD CSV FROM '{url}' AS row RETURN row",
])
def test_kg_query_cypher_refuses_load_csv_without_write_and_sends_nothing(
        listener, neo4j_env, query):
    url = f"http://127.0.0.1:{listener.port}/data.csv"
    line = one_error_line(kg("query", "cypher", query.format(url=url), env=neo4j_env))
    assert "LOAD CSV" in line and "--write" in line
    assert listener.requests == []


@pytest.mark.neo4j
@pytest.mark.slow
def test_load_csv_of_a_local_file_is_refused_and_its_content_never_shown(neo4j_env):
    run = kg("query", "cypher", "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
             env=neo4j_env)
    assert "root:" not in run.stdout + run.stderr
    assert "LOAD CSV" in one_error_line(run)


@pytest.mark.neo4j
@pytest.mark.slow
def test_the_test_server_refuses_file_urls_even_with_write(neo4j_env):
    run = kg("query", "cypher", "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
             "--write", env=neo4j_env)
    assert "root:" not in run.stdout
    one_error_line(run)


@pytest.mark.neo4j
@pytest.mark.slow
def test_with_write_load_csv_runs_and_the_listener_sees_it(listener, neo4j_env):
    url = f"http://127.0.0.1:{listener.port}/data.csv"
    run = kg("query", "cypher", f"LOAD CSV FROM '{url}' AS row RETURN row", "--write",
             "--format", "json", env=neo4j_env)
    assert run.returncode == 0, run.stderr
    assert "from-the-listener" in run.stdout and listener.requests


@pytest.mark.neo4j
@pytest.mark.slow
def test_an_ordinary_read_query_still_runs(neo4j_env):
    run = kg("query", "cypher", "RETURN 1 + 1 AS two", "--format", "json", env=neo4j_env)
    assert run.returncode == 0 and '"two": 2' in run.stdout


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "https://example.org", "127.0.0.1:7687",
                                 "ftp://127.0.0.1"])
def test_a_uri_that_is_not_bolt_is_one_clear_error_line(uri):
    line = one_error_line(kg("query", "cypher", "RETURN 1", "--uri", uri))
    assert "not a Bolt URI" in line


def test_a_port_that_never_speaks_bolt_is_an_error_not_a_wait():
    silent = Listener(answer=False)
    try:
        line = one_error_line(kg("query", "cypher", "RETURN 1", "--uri",
                                 f"bolt://127.0.0.1:{silent.port}", "--password", "x"))
    finally:
        silent.close()
    assert "cannot reach Neo4j" in line
