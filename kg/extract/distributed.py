"""`kg extract --facts-out DIR`: extraction as a job on a Dask cluster, written as fact files.

Dask (``pip install geokg[dask]``) was chosen over Spark because it is Python end to end: the
pipeline runs unchanged in its worker processes, with no JVM and no serialisation of our
objects across languages, and the same code runs on a laptop (``LocalCluster``) or on a
cluster reached by its scheduler address. Inputs must be readable at the same paths by every
worker (a shared file system).

The job is a list of tasks, one per slice of an input file: task ``k`` of ``n`` for a file
extracts every ``n``-th document starting at ``k``, so a large file keeps every worker busy and
no document is split. Each task writes one part of ``store.facts_files`` (the per-document
records ``kg build --facts DIR`` loads, or ``scripts/neo4j_import`` turns into CSV for
``neo4j-admin database import``). The records equal what a single-process ``kg build`` keeps.
"""
from __future__ import annotations

import glob
import logging
import math
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..model import merge_facts
from ..store.base import StoreError
from ..store.doclog import canonical, document_record
from ..store.facts_files import part_name, write_part
from .ingest import IngestError, expand, read_documents
from .pipeline import Pipeline

SLICE_BYTES = 4 * 1024 * 1024  # input bytes per task


@dataclass(frozen=True)
class Task:
    index: int  # the part it writes
    path: str
    slice: int
    slices: int


def tasks(inputs: Iterable[str], slice_bytes: int = SLICE_BYTES) -> list[Task]:
    """The tasks of a job over files, folders and glob patterns."""
    paths = []
    for item in inputs:
        matches = sorted(glob.glob(str(item))) if glob.has_magic(str(item)) else [item]
        if not matches:
            raise StoreError(f"no input matches {item!r}")
        paths.extend(expand(matches))
    job: list[Task] = []
    for path in paths:
        slices = max(1, math.ceil(Path(path).stat().st_size / slice_bytes))
        first = len(job)
        job.extend([Task(first + k, str(path), k, slices) for k in range(slices)])
    return job


@lru_cache(maxsize=1)
def _pipeline() -> Pipeline:
    """One pipeline per worker process, loaded by its first task."""
    return Pipeline()


def run_task(task: Task, out: str, text_field: str) -> list[str]:
    """Extract one slice and write its part; returns the errors as lines of text."""
    pipeline, errors, records = _pipeline(), [], []
    for number, item in enumerate(read_documents([task.path], text_field)):
        if number % task.slices != task.slice:
            continue
        if isinstance(item, IngestError):
            errors.append(str(item))
            continue
        result = pipeline.run(item)
        if result.error:
            errors.append(str(result.error))
            continue
        records.append(document_record(result.doc_id, merge_facts(canonical(f) for f in result.facts)))
    write_part(Path(out) / part_name(task.index), records)
    return errors


def extract_to_files(inputs: Iterable[str], out: str | Path, text_field: str = "text",
                     scheduler: str | None = None, workers: int = 1,
                     slice_bytes: int = SLICE_BYTES, progress: bool = False) -> list[str]:
    """Run the job on the Dask scheduler at ``scheduler`` (or a local cluster of ``workers``
    processes) and write its parts into ``out`` (replaced as a whole). Returns the errors."""
    try:
        from distributed import Client, LocalCluster, progress as show_progress
    except ImportError:
        raise StoreError("distributed extraction needs Dask: pip install 'geokg[dask]'") from None
    job = tasks(inputs, slice_bytes)
    out = Path(out)
    tmp = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1,
                                                  processes=True, dashboard_address=None,
                                                  silence_logs=logging.ERROR)
    try:
        with Client(scheduler or cluster) as client:
            futures = client.map(run_task, job, out=str(tmp), text_field=text_field, pure=False)
            if progress:
                show_progress(futures)
            errors = [line for lines in client.gather(futures) for line in lines]
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if cluster is not None:
            cluster.close()
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return errors
