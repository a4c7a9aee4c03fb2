"""The test server script itself: a second, small server in its own state folder is started,
used, restarted on its data, and serves Neo4j Browser over HTTP."""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest
from neo4j import GraphDatabase

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "scripts" / "neo4j-server"


@pytest.fixture(scope="module")
def second_server(tmp_path_factory):
    if not (shutil.which("java") and shutil.which("mvn")):
        if os.environ.get("CI") == "true":
            pytest.fail("java and mvn are needed to run the Neo4j test server")
        pytest.skip("no java/mvn to run a Neo4j server")
    state = tmp_path_factory.mktemp("neo4j-state")
    env = {**os.environ, "GEOKG_NEO4J_STATE": str(state), "NEO4J_HEAP": "768m",
           "NEO4J_HEAP_MIN": "256m"}

    def run(command: str) -> subprocess.CompletedProcess:
        return subprocess.run([SERVER, command], env=env, capture_output=True, text=True,
                              timeout=900)

    started = run("start")
    assert started.returncode == 0, started.stderr
    yield run, state
    run("stop")


def _settings(state: Path) -> dict[str, str]:
    lines = (state / "env").read_text().splitlines()
    return dict(shlex.split(line)[0].split("=", 1) for line in lines if line.strip())


def _query(settings: dict, cypher: str) -> list:
    with GraphDatabase.driver(settings["NEO4J_URI"],
                              auth=(settings["NEO4J_USER"], settings["NEO4J_PASSWORD"])) as drv:
        records, _, _ = drv.execute_query(cypher)
        return [record.data() for record in records]


def test_restart_keeps_the_data_and_the_password_still_works(second_server):
    run, state = second_server
    _query(_settings(state), "CREATE (:RestartProbe {value: 42})")
    restarted = run("restart")
    assert restarted.returncode == 0, restarted.stderr
    assert _query(_settings(state), "MATCH (n:RestartProbe) RETURN n.value AS value") == [
        {"value": 42}]


def test_neo4j_browser_is_served_at_the_url_in_the_env_file(second_server):
    _, state = second_server
    url = _settings(state)["NEO4J_BROWSER_URL"]
    assert url.startswith("http://127.0.0.1:") and url.endswith("/browser/")
    with urllib.request.urlopen(url, timeout=30) as reply:
        assert reply.status == 200 and b"<html" in reply.read().lower()
