"""Partitioned fact files: what a distributed extraction writes and ``kg build --facts`` reads.

A folder of ``part-NNNNN.jsonl`` files, one document a line, in the per-document record of
``doclog`` (``{"doc", "hash", "facts": [lossless fact records]}``): documents never span two
parts, so parts can be written by different machines and loaded one at a time.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from .base import StoreError

PART_GLOB = "part-*.jsonl"


def part_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


def read_records(folder: str | Path) -> Iterator[dict]:
    """Every document record of a folder of parts, part by part, in name order."""
    folder = Path(folder)
    parts = sorted(folder.glob(PART_GLOB)) if folder.is_dir() else []
    if not parts:
        raise StoreError(f"{folder} holds no fact files ({PART_GLOB}): write them with "
                         "`kg extract --distributed … --facts-out DIR`")
    for part in parts:
        with open(part, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    record["doc"], record["facts"]  # noqa: B018  (the two keys a record needs)
                except (ValueError, KeyError, TypeError):
                    raise StoreError(f"{part}:{number}: not a document record") from None
                yield record


def write_part(path: str | Path, records: Iterable[dict]) -> int:
    """Write one part (to a temporary name first); returns the number of documents."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    count = 0
    with open(tmp, "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    tmp.replace(path)
    return count
