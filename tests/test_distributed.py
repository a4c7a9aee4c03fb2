"""Extraction as a Dask job on a local cluster gives the facts a single process gives."""
from __future__ import annotations

import json

import pytest

from kg import api
from kg.store.doclog import DocLog
from kg.store.facts_files import read_records

pytest.importorskip("distributed", reason="the dask extra is not installed")

from kg.extract.distributed import extract_to_files, tasks  # noqa: E402

SENTENCES = [
    "Russia attacked Ukraine on 3 March 2024.",
    "France and Germany signed an agreement on 5 May 2023.",
    "Iran accused Israel of attacking its embassy on 2 April 2024.",
    "Rusia menyerang Ukraina pada 3 Maret 2024.",
    "China protested against the sanctions imposed by the United States on 7 July 2024.",
]


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "news.jsonl", "w", encoding="utf-8") as fh:
        for i in range(40):
            text = f"{SENTENCES[i % 5]} {SENTENCES[(i + 2) % 5]}"
            fh.write(json.dumps({"id": f"n{i}", "text": text}) + "\n")
        fh.write("{not json\n")  # a bad record is reported, not lost silently
    (folder / "story.txt").write_text(SENTENCES[0] + " " + SENTENCES[2], encoding="utf-8")
    return folder


def test_a_large_file_is_split_into_slices_that_cover_every_document(inputs):
    job = tasks([str(inputs / "*.jsonl")], slice_bytes=1000)
    assert len(job) > 1 and {t.slices for t in job} == {len(job)}
    assert sorted(t.slice for t in job) == list(range(len(job)))
    assert [t.index for t in tasks([str(inputs)], slice_bytes=1000)] == list(range(len(job) + 1))


@pytest.mark.slow
def test_the_dask_job_writes_the_records_a_single_process_build_keeps(tmp_path, inputs):
    errors = extract_to_files([str(inputs)], tmp_path / "facts", workers=2, slice_bytes=1000)
    assert len(errors) == 1 and "malformed JSON" in errors[0]
    distributed = {r["doc"]: r for r in read_records(tmp_path / "facts")}
    api.build([inputs], tmp_path / "single")
    single = {r["doc"]: r for r in DocLog(tmp_path / "single" / "current" / "docs").records()}
    assert distributed == single
    assert sum(len(r["facts"]) for r in single.values()) > 0

    api.build([], tmp_path / "from_facts", facts=[tmp_path / "facts"])
    assert api.read_facts(tmp_path / "from_facts") == api.read_facts(tmp_path / "single")
