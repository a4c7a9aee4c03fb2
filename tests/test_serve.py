"""`kg serve` as clients use it: a real uvicorn on a free local port, queried with SPARQLWrapper,
curl and httpx; the served explorer in headless Chromium."""
from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg import api
from browser import browser_or_skip, launch, open_page, wait_until

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
CONSULT = "SELECT ?who ?whom WHERE { ?who gk:consult ?whom } ORDER BY ?who ?whom"
LIMIT = 200
# Four copies of every triple joined: far more rows than any time limit lets through.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serve") / "out"
    assert not api.build([ROOT / "data" / "examples"], out).errors
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(built):
    """The base URL of `kg serve` on the built examples (timeout 2 s, at most LIMIT results)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(built),
                             "--port", str(port), "--timeout", "2", "--limit", str(LIMIT)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/api/data", timeout=5)
            break
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"kg serve did not start: {proc.stderr.read().decode()}")
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=60)


@pytest.fixture(scope="module")
def consults(built) -> list[tuple[str, str]]:
    """The answer of `kg query` (the store opened directly) to CONSULT."""
    return [(row["who"], row["whom"]) for row in api.query(built, CONSULT)]


def curl(*args: str) -> subprocess.CompletedProcess:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    return subprocess.run(["curl", "-sS", "--max-time", "30", *args], capture_output=True,
                          text=True, check=True)


def test_sparqlwrapper_gets_the_json_rows_of_kg_query(server, consults):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    for method in ("GET", POST):
        client = SPARQLWrapper(server + "/sparql")
        client.setQuery(CONSULT)
        client.setReturnFormat(JSON)
        client.setMethod(method)
        rows = client.query().convert()["results"]["bindings"]
        assert [(r["who"]["value"], r["whom"]["value"]) for r in rows] == consults
    assert consults


def test_curl_gets_csv_and_tsv(server, consults):
    csv_text = curl("-H", "Accept: text/csv", "--data-urlencode", f"query={CONSULT}",
                    server + "/sparql").stdout
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0] == ["who", "whom"] and [tuple(r) for r in rows[1:]] == consults
    tsv_text = curl("-H", "Accept: text/tab-separated-values", "-H",
                    "Content-Type: application/sparql-query", "--data-binary", CONSULT,
                    server + "/sparql").stdout
    lines = tsv_text.splitlines()
    assert lines[0] == "?who\t?whom"
    assert lines[1:] == [f"<{a}>\t<{b}>" for a, b in consults]


@pytest.mark.parametrize("args", [
    ["--data-urlencode", "update=INSERT DATA { <urn:a> <urn:b> <urn:c> }"],
    ["-H", "Content-Type: application/sparql-update", "--data-binary",
     "INSERT DATA { <urn:a> <urn:b> <urn:c> }"],
    ["--data-urlencode", "query=DELETE WHERE { ?s ?p ?o }"],
], ids=["update-form", "update-body", "update-as-query"])
def test_updates_are_refused_with_403(server, built, args):
    done = curl("-o", "-", "-w", "\n%{http_code}", *args, server + "/sparql").stdout
    message, status = done.rsplit("\n", 1)
    assert status == "403" and "read-only" in message
    assert api.query(built, "ASK { <urn:a> ?p ?o }") == [{"result": False}]


def test_syntax_error_gives_line_and_column_of_the_users_query(server):
    answer = httpx.get(server + "/sparql", params={"query": "SELECT ?x\nWHERE { ?x gk:name }"})
    assert answer.status_code == 400
    assert answer.text.startswith("line 2, column 20: ")


@pytest.mark.parametrize("media,fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                       ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                       ("application/ld+json", ox.RdfFormat.JSON_LD)])
def test_construct_and_describe_in_each_rdf_format(server, consults, media, fmt):
    query = "CONSTRUCT { ?who gk:consult ?whom } WHERE { ?who gk:consult ?whom }"
    answer = httpx.post(server + "/sparql", data={"query": query}, headers={"Accept": media})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(media)
    triples = {(t.subject.value, t.object.value) for t in ox.parse(answer.content, fmt)}
    assert triples == set(consults)
    who = consults[0][0]
    described = httpx.get(server + "/sparql", params={"query": f"DESCRIBE <{who}>"},
                          headers={"Accept": media})
    assert who in {t.subject.value for t in ox.parse(described.content, fmt)}


def test_unacceptable_format_gets_406(server):
    answer = httpx.get(server + "/sparql", params={"query": "ASK {}"},
                       headers={"Accept": "image/png"})
    assert answer.status_code == 406 and "text/csv" in answer.text


def test_query_past_the_time_limit_is_stopped_and_the_server_goes_on(server, consults):
    answer = httpx.get(server + "/sparql", params={"query": ENDLESS}, timeout=30)
    assert answer.status_code == 503 and "time limit of 2 s" in answer.text
    again = httpx.get(server + "/sparql", params={"query": CONSULT},
                      headers={"Accept": "application/sparql-results+json"})
    assert len(again.json()["results"]["bindings"]) == len(consults)


def test_more_results_than_the_limit_are_refused_not_cut(server):
    many = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert many.status_code == 400 and f"more than {LIMIT} results" in many.text
    few = httpx.get(server + "/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {LIMIT}"})
    assert len(few.json()["results"]["bindings"]) == LIMIT


def test_browsers_on_other_origins_may_query(server):
    preflight = httpx.options(server + "/sparql", headers={
        "Origin": "http://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    answer = httpx.get(server + "/sparql", params={"query": "ASK {}"},
                       headers={"Origin": "http://yasgui.example"})
    assert answer.headers["access-control-allow-origin"] == "*"


def test_twenty_concurrent_queries_all_succeed(server, consults):
    def ask(_):
        return httpx.get(server + "/sparql", params={"query": CONSULT},
                         headers={"Accept": "text/csv"}, timeout=60)

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(ask, range(20)))
    assert {a.status_code for a in answers} == {200}
    assert {len(a.text.splitlines()) for a in answers} == {len(consults) + 1}


def test_queries_during_a_rebuild_of_the_store_all_succeed(server, built, consults, tmp_path):
    """`kg build` swaps a new store in while twenty queries at a time keep coming."""
    (tmp_path / "extra.md").write_text(
        "Japan and Indonesia agreed on Monday to hold joint naval exercises.\n", encoding="utf-8")
    with ThreadPoolExecutor(21) as pool:
        building = pool.submit(api.build, [ROOT / "data" / "examples", tmp_path], built)
        answers = []
        while not building.done() or not answers:
            answers += pool.map(lambda _: httpx.get(server + "/sparql", params={"query": CONSULT},
                                                    headers={"Accept": "text/csv"}, timeout=60),
                                range(20))
        assert not building.result().errors
    assert {a.status_code for a in answers} == {200}, {a.text for a in answers if a.status_code != 200}
    assert {len(a.text.splitlines()) for a in answers} == {len(consults) + 1}
    assert len(answers) >= 40


def test_explorer_and_its_data_api_are_served(server, built):
    page = httpx.get(server + "/")
    assert page.status_code == 200 and "connect-src 'self'" in page.text.replace("&#39;", "'")
    assert 'id="graph-data"' not in page.text
    data = httpx.get(server + "/api/data").json()
    with (built / api.EVENTS_FILE).open(encoding="utf-8") as fh:
        assert len(data["events"]) == sum(1 for _ in fh)


@pytest.mark.browser
def test_served_explorer_draws_what_the_offline_page_draws(server, built):
    sync_api = browser_or_skip()
    with sync_api.sync_playwright() as pw:
        chromium = launch(pw)
        served, seen = open_page(chromium, server + "/")
        offline, _ = open_page(chromium, (built / api.HTML_FILE).as_uri())
        count = "document.getElementById('visible-events').textContent"
        assert served.evaluate(count) == offline.evaluate(count) != "0"
        assert seen["errors"] == []
        assert seen["requests"] == [server + "/", server + "/api/data"]
        chromium.close()


@pytest.mark.browser
def test_served_explorer_runs_sparql_and_shows_errors_in_place(server, consults):
    sync_api = browser_or_skip()
    with sync_api.sync_playwright() as pw:
        chromium = launch(pw)
        page, seen = open_page(chromium, server + "/")
        page.locator('#views button[data-view="sparql"]').click()
        page.fill("#sparql-query", CONSULT)
        page.click("#sparql-run")
        wait_until(page, "document.querySelectorAll('#sparql-result tr').length > 1")
        cells = page.locator("#sparql-result tr").evaluate_all(
            "rows => rows.slice(1).map(r => Array.from(r.cells).map(c => c.textContent))")
        assert [tuple(c) for c in cells] == consults
        page.fill("#sparql-query", "SELECT ?x WHERE { ?x <script> }")
        page.click("#sparql-run")
        wait_until(page, "!!document.querySelector('#sparql-result pre.error')")
        assert page.locator("#sparql-result pre.error").text_content().startswith("line 1, column")
        # Chromium logs the 400 answer itself; nothing else may go wrong
        assert [e for e in seen["errors"] if "status of 400" not in e] == []
        chromium.close()


def test_serve_refuses_a_folder_without_a_store(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kg", "serve", "--store", str(tmp_path)],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1 and "not a built store" in done.stderr and "Traceback" not in done.stderr
