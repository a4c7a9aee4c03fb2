"""Every command's ``--help`` example runs as written in a fresh copy of the checkout.

The examples use only files in the repository (``data/examples``, ``data/gold``); those that
talk to Neo4j get the test server's settings in the environment, as a user would set them.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from test_neo4j import server  # noqa: F401  (the fixture: the test Neo4j server's settings)

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
NOT_IN_A_CLONE = {".git", ".venv", ".neo4j", "out", "__pycache__", ".pytest_cache"}


def _commands(group: click.Group, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


def _examples(path: tuple[str, ...]) -> list[str]:
    """The command lines of the Example block of ``kg PATH --help``."""
    lines = CliRunner().invoke(main, [*path, "--help"]).output.splitlines()
    if "  Example:" not in lines:
        return []
    start = lines.index("  Example:") + 1
    block = []
    for line in lines[start:]:
        if block and not line.strip():
            break
        if line.strip():
            block.append(line.strip())
    return block


EXAMPLES = [(" ".join(path), example) for path, _ in [((), main), *_commands(main)]
            for example in _examples(path)]


def test_every_example_is_a_kg_command_on_files_in_the_repository():
    commands = {" ".join(path) for path, cmd in _commands(main) if not isinstance(cmd, click.Group)}
    assert commands <= {command for command, _ in EXAMPLES}
    for _, example in EXAMPLES:
        assert example.startswith("kg ") and "../" not in example


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    copy = tmp_path_factory.mktemp("clone") / "geokg"
    shutil.copytree(ROOT, copy, ignore=lambda _dir, names: [n for n in names if n in NOT_IN_A_CLONE])
    return copy


@pytest.mark.slow
@pytest.mark.parametrize("command,example", EXAMPLES, ids=[f"kg {c}".strip() for c, _ in EXAMPLES])
def test_help_example_runs_as_written(command, example, clone, request):
    env = {**os.environ, "PYTHONPATH": str(clone)}
    for key in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        env.pop(key, None)
    if "neo4j" in example or "cypher" in example:
        settings = request.getfixturevalue("server")
        env.update({k: v for k, v in settings.items() if v is not None})
    script = f'kg() {{ "{sys.executable}" -m kg "$@"; }}\nset -e -o pipefail\n{example}\n'
    if command == "serve":
        _serves_until_stopped(script, clone, env)
        return
    run = subprocess.run(["bash", "-c", script], cwd=clone, env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, f"{example}\n{run.stderr[-2000:]}"
    assert "Traceback" not in run.stderr


SERVE_URL = "http://127.0.0.1:7878/sparql?query=ASK%20%7B%7D"  # the example's default address


def _serves_until_stopped(script: str, cwd: Path, env: dict) -> None:
    """A server example runs until stopped: it must answer a query, then stop on Ctrl-C."""
    proc = subprocess.Popen(["bash", "-c", script], cwd=cwd, env=env, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True, start_new_session=True)
    answer = None
    try:
        for _ in range(600):  # building the example graph first takes a while
            if proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(SERVE_URL, timeout=5) as response:
                    answer = response.status
                break
            except OSError:
                time.sleep(0.5)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    assert answer == 200, f"no answer from the served example: {stderr[-2000:]}"
    assert "Traceback" not in stderr
