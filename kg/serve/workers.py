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
from pathlib import Path

from .sparql_http import ProtocolError, Request, open_store, run

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["kg.serve.sparql_http"])
KEPT = 4  # idle workers kept for the next queries; more are started while many queries run


def _worker_loop(path: str, conn) -> None:
    store, identity = None, None
    while True:
        try:
            request, limit = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        for attempt in (1, 2):
            try:
                stat = os.stat(path)
                if (stat.st_dev, stat.st_ino) != identity:
                    store, identity = open_store(path), (stat.st_dev, stat.st_ino)
                outcome = ("ok", run(store, request, limit))
                break
            except ProtocolError as exc:
                outcome = ("error", exc.status, str(exc))
                break
            except (OSError, SyntaxError, ValueError, RuntimeError) as exc:
                store, identity = None, None  # reopen: the store may have been swapped
                outcome = ("error", 500, f"the query failed: {exc}")
        conn.send(outcome)


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

    def execute(self, request: Request, limit: int) -> bytes:
        """The serialized answer to ``request``, or the ``ProtocolError`` saying why not."""
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            worker = _Worker(self.path)
        try:
            worker.conn.send((request, limit))
            if not worker.conn.poll(self.timeout):
                worker.stop()
                raise ProtocolError(503, f"the query ran past the time limit of {self.timeout:g} s"
                                         " and was stopped; narrow it or add a LIMIT")
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
