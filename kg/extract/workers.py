"""Documents over N forked worker processes, supervised, results in input order.

Unlike ``multiprocessing.Pool``, which waits forever for a task whose worker was killed (by
the kernel's OOM killer, say) and cannot stop one task, this pool gives each worker one
document at a time: a worker that dies or overruns the hard time limit costs that document,
which becomes an error, and a fresh worker takes its place.
"""
from __future__ import annotations

import multiprocessing
import signal
import time
from multiprocessing.connection import wait
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
_POLL = 0.5  # seconds between checks of the hard limit


def _serve(conn, run) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to act on
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        conn.send(run(item))


class _Worker:
    def __init__(self, context, run):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, run), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[int, object, float] | None = None  # index, item, start time

    def give(self, index: int, item) -> None:
        self.task = (index, item, time.monotonic())
        self.conn.send(item)

    def stop(self, kill: bool = False) -> None:
        if not kill and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def run_supervised(run: Callable[[Item], Result], failed: Callable[[Item, str], Result],
                   items: Iterable[Item], workers: int, hard_seconds: float | None
                   ) -> Iterator[Result]:
    """``run(item)`` for every item over ``workers`` processes, in input order; an item whose
    worker dies, or runs past ``hard_seconds``, gives ``failed(item, reason)`` instead."""
    context = multiprocessing.get_context("fork")  # workers share the loaded lexicons
    pool = [_Worker(context, run) for _ in range(workers)]
    queue = enumerate(items)
    done: dict[int, Result] = {}
    following = 0
    finished = False
    try:
        while True:
            for worker in pool:
                if worker.task is None and (item := next(queue, None)) is not None:
                    worker.give(*item)
            busy = [w for w in pool if w.task is not None]
            if not busy:
                break
            ready = wait([w.conn for w in busy], _POLL if hard_seconds else None)
            for worker in busy:
                index, item, started = worker.task
                if worker.conn in ready:
                    done[index] = _receive(worker, item, failed)
                elif hard_seconds and time.monotonic() - started > hard_seconds:
                    worker.process.kill()
                    worker.process.join()
                    done[index] = failed(item, f"extraction did not stop within "
                                               f"{hard_seconds:g} s; its worker was killed")
                else:
                    continue
                worker.task = None
                if not worker.process.is_alive():
                    pool[pool.index(worker)] = _replace(worker, context, run)
            while following in done:
                yield done.pop(following)
                following += 1
        finished = True
    finally:
        for worker in pool:  # after Ctrl-C or an error, busy workers are not waited for
            worker.stop(kill=not finished)


def _receive(worker: _Worker, item, failed):
    try:
        return worker.conn.recv()
    except (EOFError, OSError):
        worker.process.join()
        return failed(item, f"its worker process died (exit code {worker.process.exitcode}); "
                            "the document may need more memory than there is")


def _replace(worker: _Worker, context, run) -> _Worker:
    worker.stop(kill=True)
    return _Worker(context, run)
