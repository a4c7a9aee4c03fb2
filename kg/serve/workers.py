"""Worker processes that run SPARQL queries, so a query past its time limit can be stopped.

Oxigraph cannot cancel a running query, and a thread cannot be killed: each query runs in a
worker process that holds the store open read-only (opening takes a third of a second, so
workers are kept for the next query). A worker whose query runs past the time limit is
killed and the client told so. A worker reopens the store when the folder at its path is a
new one (``kg build`` swaps a fresh store in), and once more when reading fails mid-swap.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
from pathlib import Path

from ..store.generations import Pin
from .sparql_http import ProtocolError, Request, open_store, run

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["kg.serve.sparql_http"])
KEPT = 4  # idle workers kept for the next queries
MOST = 8  # queries running at once, each in its own worker


def _worker_loop(path: str, conn) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to act on
    opened = _Opened(path)
    while True:
        try:
            request, limit = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            store = opened.store()
        except OSError as exc:
            conn.send(("error", 500, f"cannot open the store: {exc}"))
            continue
        conn.send(("running",))  # the time limit starts now, not while the store opens
        outcome = _answer(store, request, limit)
        if outcome[0] == "failed":  # perhaps swapped mid-query: once more on a fresh opening
            try:
                outcome = _answer(opened.store(fresh=True), request, limit)
            except OSError as exc:
                outcome = ("failed", str(exc))
        conn.send(("error", 500, f"the query failed: {outcome[1]}") if outcome[0] == "failed"
                  else outcome)


class _Opened:
    """The store at ``path``, reopened when a build publishes a new one. The generation it
    reads is pinned, so a build never deletes it while this worker may still read its files."""

    def __init__(self, path: str):
        self.path, self.identity, self._store, self._pin = path, None, None, None

    def store(self, fresh: bool = False):
        stat = os.stat(self.path)
        identity = (stat.st_dev, stat.st_ino)
        if fresh or identity != self.identity:
            pin = Pin(self.path)
            self._store, self.identity = open_store(pin.path), identity
            if self._pin is not None:
                self._pin.release()
            self._pin = pin
        return self._store


def _answer(store, request: Request, limit: int) -> tuple:
    try:
        return ("ok", run(store, request, limit))
    except ProtocolError as exc:
        return ("error", exc.status, str(exc))
    except (OSError, SyntaxError, ValueError, RuntimeError) as exc:
        return ("failed", str(exc))


class _Worker:
    def __init__(self, path: Path):
        self.conn, child_end = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_worker_loop, args=(str(path), child_end),
                                        daemon=True)
        self.process.start()
        child_end.close()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class Workers:
    """A pool of query workers over the store at ``path``."""

    def __init__(self, path: Path, timeout: float):
        self.path, self.timeout = Path(path), timeout
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(MOST)

    def execute(self, request: Request, limit: int) -> bytes:
        """The serialized answer to ``request``, or the ``ProtocolError`` saying why not."""
        with self._slots:  # queries past MOST wait here, outside their time limit
            return self._execute(request, limit)

    def _execute(self, request: Request, limit: int) -> bytes:
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            worker = _Worker(self.path)
        try:
            worker.conn.send((request, limit))
            outcome = worker.conn.recv()  # once the store is open
            if outcome[0] == "running":
                if not worker.conn.poll(self.timeout):
                    worker.stop()
                    raise ProtocolError(503, f"the query ran past the time limit of "
                                             f"{self.timeout:g} s and was stopped; narrow it or "
                                             "add a LIMIT")
                outcome = worker.conn.recv()
        except (EOFError, OSError):
            worker.stop()
            raise ProtocolError(500, "the query worker ended without an answer") from None
        self._keep(worker)
        if outcome[0] == "error":
            raise ProtocolError(outcome[1], outcome[2])
        return outcome[1]

    def _keep(self, worker: _Worker) -> None:
        if self._idle.qsize() < KEPT:
            self._idle.put(worker)
        else:
            worker.stop()

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return
