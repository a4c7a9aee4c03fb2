"""What each document said: its facts, kept per document beside the RDF store of a generation.

The log answers the questions an incremental build asks (did this document change? which
documents does the graph hold? what did the removed one say?) without reading the whole
store, and it is lossless: every field of every entity survives (``events.jsonl``'s record
drops a place's coordinates when the place is an actor).

Documents are spread over ``BUCKETS`` JSON Lines files by a hash of their id, one line per
document: ``{"doc": id, "hash": …, "facts": [record, …]}``. A change rewrites only the buckets
of the documents it touches (into new files, so a generation sharing the old files by hard
link keeps them as they were).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import Iterable, Iterator

from ..atomic import atomic_open
from ..model import Entity, Evidence, Fact, content_hash, field_values

BUCKETS = 256
SUFFIX = ".jsonl"


def bucket_of(doc_id: str) -> str:
    return hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:2]


def canonical(fact: Fact) -> Fact:
    """A symmetric fact with its two ends in id order, so every document names them alike
    (otherwise "A met B" and "B met A" would give one fact two sources)."""
    if fact.symmetric and fact.target is not None and fact.target.id < fact.source.id:
        return dataclasses.replace(fact, source=fact.target, target=fact.source)
    return fact


def fact_record(fact: Fact) -> dict:
    """Every field of a fact, entities in full (``fact_from_record`` reads it back)."""
    record = field_values(fact)
    for key in ("source", "target", "place"):
        if record[key] is not None:
            record[key] = field_values(record[key])
    record["evidence"] = [field_values(ev) for ev in fact.evidence]
    return record


def _entity(data: dict | None) -> Entity | None:
    return None if data is None else Entity(**{**data, "aliases": tuple(data["aliases"])})


def fact_from_record(data: dict) -> Fact:
    return Fact(**{**data, "source": _entity(data["source"]), "target": _entity(data["target"]),
                   "place": _entity(data["place"]),
                   "evidence": [Evidence(**ev) for ev in data["evidence"]]})


def document_record(doc_id: str, facts: Iterable[Fact]) -> dict:
    records = sorted((fact_record(f) for f in facts), key=lambda r: json.dumps(r, sort_keys=True))
    return {"doc": doc_id, "hash": content_hash(records), "facts": records}


def record_facts(record: dict) -> list[Fact]:
    return [fact_from_record(r) for r in record["facts"]]


class DocLog:
    """The per-document facts of one generation (``folder`` = ``<generation>/docs``)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, bucket: str) -> Path:
        return self.folder / f"{bucket}{SUFFIX}"

    def _bucket(self, bucket: str) -> dict[str, dict]:
        path = self._path(bucket)
        if not path.is_file():
            return {}
        with open(path, encoding="utf-8") as fh:
            return {rec["doc"]: rec for rec in map(json.loads, fh)}

    def get(self, doc_id: str) -> dict | None:
        return self._bucket(bucket_of(doc_id)).get(doc_id)

    def records(self) -> Iterator[dict]:
        """Every document's record, bucket by bucket (one bucket in memory at a time)."""
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            yield from self._bucket(path.stem).values()

    def doc_ids(self) -> set[str]:
        return {rec["doc"] for rec in self.records()}

    def facts(self) -> Iterator[Fact]:
        for record in self.records():
            yield from record_facts(record)

    def apply(self, changes: dict[str, dict | None]) -> None:
        """Set (record) or drop (None) documents, rewriting only the buckets they fall in."""
        by_bucket: dict[str, dict[str, dict | None]] = {}
        for doc_id, record in changes.items():
            by_bucket.setdefault(bucket_of(doc_id), {})[doc_id] = record
        self.folder.mkdir(parents=True, exist_ok=True)
        for bucket, docs in by_bucket.items():
            records = self._bucket(bucket)
            for doc_id, record in docs.items():
                if record is None:
                    records.pop(doc_id, None)
                else:
                    records[doc_id] = record
            path = self._path(bucket)
            if not records:
                path.unlink(missing_ok=True)
                continue
            with atomic_open(path) as fh:  # a new file: the old one may be shared by a hard link
                for doc_id in sorted(records):
                    fh.write(json.dumps(records[doc_id], ensure_ascii=False) + "\n")


class DocLogWriter:
    """Appends the records of a new generation as documents stream by (full builds only:
    appending would change files that an older generation shares)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, object] = {}

    def write(self, record: dict) -> None:
        bucket = bucket_of(record["doc"])
        fh = self._files.get(bucket)
        if fh is None:
            fh = self._files[bucket] = open(self.folder / f"{bucket}{SUFFIX}", "a", encoding="utf-8")
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        for fh in self._files.values():
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        self._files.clear()
