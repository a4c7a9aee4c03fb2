"""A build folder as a series of immutable generations, swapped in atomically.

Layout of a build folder ``out/``::

    out/.kg.lock                  one writer at a time (flock)
    out/current -> .generations/g000007        the one pointer a build swaps
    out/store   -> current/store               stable names for readers
    out/graph.html -> current/graph.html       (only when the generation has one)
    out/.generations/g000007/     a complete generation: store/, docs/, small exports
    out/.generations/g000007.lock readers hold a shared flock on it while they read

A build copies the current generation (hard links for RocksDB's immutable SST files and the
unchanged fact buckets, so the copy costs time in proportion to the number of files, not
their size), changes the copy, and publishes it by replacing the ``current`` symlink with
``rename``: a reader sees the old generation or the new one, never a mix. Readers resolve the
pointer once and pin that generation with a shared lock, so RocksDB can keep opening its SST
files lazily after a newer generation is published; a generation is deleted only once no
reader holds it. Anything a killed build left (an unpublished generation, a half-deleted one)
is removed by the next writer.
"""
from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .base import StoreError

GENERATIONS = ".generations"
CURRENT = "current"
WRITER_LOCK = ".kg.lock"
_GEN = re.compile(r"g(\d{6,})")
# RocksDB never rewrites these in place: sharing them between generations is safe.
_IMMUTABLE = re.compile(r".*\.(sst|blob)$")


# ---------------------------------------------------------------- the writer's side

@contextmanager
def writer_lock(out: Path, wait: bool = True, notify=None):
    """Hold ``out``'s writer lock; a second writer waits (``wait``) or stops with a message."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / WRITER_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            if not wait:
                raise StoreError(f"another build is writing {out} (pid {holder}); "
                                 "try again when it has finished") from None
            if notify:
                notify(f"waiting for another build of {out} (pid {holder}) to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock, also when the process is killed


def current(out: Path) -> Path | None:
    """The published generation of ``out``, or None before the first build."""
    link = out / CURRENT
    if not link.is_symlink():
        return None
    target = out / os.readlink(link)
    return target if target.is_dir() else None


def new_generation(out: Path) -> Path:
    """An empty, unpublished generation directory numbered after every existing one."""
    root = out / GENERATIONS
    root.mkdir(parents=True, exist_ok=True)
    numbers = [int(m.group(1)) for p in root.iterdir() if (m := _GEN.fullmatch(p.name.split(".")[0]))]
    gen = root / f"g{max(numbers, default=0) + 1:06d}"
    gen.mkdir()
    (root / f"{gen.name}.lock").touch()
    return gen


def copy_tree(src: Path, dst: Path, skip: tuple[str, ...] = ()) -> None:
    """Copy ``src`` to ``dst`` but its top-level ``skip`` names, hard-linking files that are
    never modified in place."""
    for dirpath, _dirs, files in os.walk(src):
        rel = Path(dirpath).relative_to(src)
        if rel == Path("."):
            files = [name for name in files if name not in skip]
        (dst / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            if name == "LOCK":
                continue
            source, target = Path(dirpath) / name, dst / rel / name
            if _IMMUTABLE.fullmatch(name) or rel.parts[:1] == ("docs",):
                try:
                    os.link(source, target)
                    continue
                except OSError as exc:
                    if exc.errno == errno.ENOSPC:
                        raise
            shutil.copy2(source, target)


def publish(out: Path, gen: Path, exports: tuple[str, ...] = ()) -> None:
    """Make ``gen`` the current generation in one rename, then point the stable names at it."""
    _fsync_tree(gen)
    tmp = out / f".{CURRENT}.{os.getpid()}.tmp"
    if tmp.is_symlink():
        tmp.unlink()
    os.symlink(os.path.join(GENERATIONS, gen.name), tmp)
    os.replace(tmp, out / CURRENT)
    _fsync_dir(out)
    for name in ("store", *exports):
        _point(out / name, os.path.join(CURRENT, name), (gen / name).exists())


def _point(link: Path, target: str, wanted: bool) -> None:
    """``link`` -> ``target`` when ``wanted``, else no link (a stale export is not left behind)."""
    if link.is_symlink() and os.readlink(link) == target and wanted:
        return
    if link.is_dir() and not link.is_symlink():  # a store from before generations existed
        shutil.rmtree(link)
    elif link.exists() or link.is_symlink():
        link.unlink()
    if wanted:
        os.symlink(target, link)


def cleanup(out: Path) -> None:
    """Delete every generation but the current one that no reader holds, and leftovers."""
    root = out / GENERATIONS
    if not root.is_dir():
        return
    for stale in out.glob(f".{CURRENT}.*.tmp"):
        stale.unlink(missing_ok=True)
    keep = current(out)
    for path in sorted(root.iterdir()):
        if keep is not None and path.name in (keep.name, f"{keep.name}.lock"):
            continue
        if path.name.endswith(".lock"):
            if not (root / path.name[:-len(".lock")]).exists():
                _remove_unheld(root / path.name[:-len(".lock")], path)
            continue
        _remove_unheld(path, root / f"{path.name}.lock")


def _remove_unheld(gen: Path, lock: Path) -> None:
    """Remove ``gen`` unless a reader holds its lock (readers re-check after locking)."""
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        shutil.rmtree(gen, ignore_errors=True)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return
    try:
        if gen.exists():
            trash = gen.with_name(f"{gen.name}.trash")
            os.replace(gen, trash) if not trash.exists() else shutil.rmtree(gen)
            lock.unlink(missing_ok=True)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            lock.unlink(missing_ok=True)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    """Flush a new generation to disk before it is published (a crash then loses no part)."""
    if sys.platform != "linux":
        return
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))


# ---------------------------------------------------------------- the readers' side

def generation_of(path: Path) -> Path | None:
    """The generation directory a (resolved) path lies in, or None outside generations."""
    for parent in (path, *path.parents):
        if parent.parent.name == GENERATIONS and _GEN.fullmatch(parent.name):
            return parent
    return None


class Pin:
    """A shared lock that keeps one generation from being deleted while it is read."""

    def __init__(self, path: str | Path, attempts: int = 50):
        self.fd: int | None = None
        for _ in range(attempts):
            self.path = Path(os.path.realpath(path))
            gen = generation_of(self.path)
            if gen is None:
                return
            lock = gen.with_name(f"{gen.name}.lock")
            try:
                fd = os.open(lock, os.O_RDONLY)
            except FileNotFoundError:  # being deleted: a newer generation is published
                time.sleep(0.01)
                continue
            fcntl.flock(fd, fcntl.LOCK_SH)
            try:
                still_there = gen.is_dir() and os.stat(lock).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                still_there = False
            if still_there:
                self.fd = fd
                return
            os.close(fd)
        raise StoreError(f"cannot pin a generation of {path}: it keeps changing")

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()
