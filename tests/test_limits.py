"""Bounded cost: limits per sentence and document, the time budget, and the supervised workers."""
from __future__ import annotations

import os
import signal
import time

import pytest

from kg import api
from kg.extract.limits import DEFAULT_LIMITS, Limits
from kg.extract.pipeline import DocumentTimeout, Pipeline, time_budget
from kg.extract.workers import run_supervised
from kg.model import Document

GOOD = "Iran accused Israel of attacking its embassy in Damascus on Monday."


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(["en"])


def _with(pipeline: Pipeline, **settings) -> Pipeline:
    pipeline.limits = DEFAULT_LIMITS.with_settings({k: str(v) for k, v in settings.items()})
    return pipeline


@pytest.fixture
def limited(pipeline):
    yield pipeline
    pipeline.limits = DEFAULT_LIMITS


def test_limits_are_set_by_name_and_refuse_unknown_names_and_non_numbers():
    assert DEFAULT_LIMITS.with_settings({"sentence_chars": "10"}).sentence_chars == 10
    assert DEFAULT_LIMITS.with_settings({"document_seconds": "0.5"}).document_seconds == 0.5
    for bad in ({"sentence_length": "1"}, {"sentence_chars": "many"}, {"nesting": "-1"}):
        with pytest.raises(ValueError):
            DEFAULT_LIMITS.with_settings(bad)


def test_a_sentence_over_the_length_limit_is_skipped_and_the_others_still_count(limited):
    _with(limited, sentence_chars=100)
    text = "Iran " + "and " * 100 + "Israel quarrelled. " + GOOD
    result = limited.run(Document("d", text, lang="en", source="d.txt"))
    assert "sentence 0" in result.error.message and "sentence_chars" in result.error.message
    assert result.used and "ACCUSE" in [f.type for f in result.facts]
    assert str(result.error).startswith("d.txt: ")


def test_a_sentence_naming_too_many_entities_is_skipped(limited):
    _with(limited, sentence_mentions=3)
    result = limited.run(Document("d", "Iran, Iraq, Japan and China met. " + GOOD, lang="en"))
    assert "names 4 entities" in result.error.message
    assert [f.type for f in result.facts if f.kind == "event"] == ["ACCUSE"]


def test_a_document_over_its_time_budget_is_an_error_with_no_facts(limited):
    _with(limited, document_seconds=0.001)
    result = limited.run(Document("slow", GOOD + (" " + GOOD) * 3000, lang="en"))
    assert not result.used and result.facts == []
    assert "document_seconds" in result.error.message


def test_the_budget_alarm_interrupts_work_that_never_checks_the_clock():
    with pytest.raises(DocumentTimeout):
        with time_budget(0.05):
            while True:
                sum(range(1000))
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_limits_reach_the_reader_through_the_api(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD * 10)
    facts, report = api.extract_facts([tmp_path], limits=Limits(document_chars=100))
    assert facts == [] and "document_chars" in report.errors[0].message


# ------------------------------------------------------------------ supervised workers

def _work(item: str) -> str:
    if item == "hang":  # ignores the alarm, as a hang inside C code would
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        time.sleep(3600)
    if item == "die":
        os._exit(9)
    return item.upper()


def _failed(item: str, reason: str) -> str:
    return f"failed {item}: {reason}"


def test_workers_keep_input_order_and_survive_a_dying_and_a_hanging_worker():
    items = ["a", "die", "b", "hang", "c", "d", "e"]
    results = list(run_supervised(_work, _failed, items, 2, hard_seconds=2))
    assert results[0::2] == ["A", "B", "C", "E"] and results[5] == "D"
    assert results[1].startswith("failed die: its worker process died (exit code 9)")
    assert results[3].startswith("failed hang: extraction did not stop within 2 s")


def test_a_worker_dying_inside_a_batch_costs_only_its_own_document(pipeline, monkeypatch):
    from kg.extract.pipeline import run_documents

    run = Pipeline.run

    def dies_on_x(self, doc):  # forked workers inherit the patch
        if doc.id == "x":
            os._exit(9)
        return run(self, doc)

    monkeypatch.setattr(Pipeline, "run", dies_on_x)
    docs = [Document(str(i), GOOD, lang="en") for i in range(5)]
    docs.insert(2, Document("x", GOOD, lang="en"))
    results = list(run_documents(pipeline, docs, workers=2))
    assert [r.doc_id for r in results] == ["0", "1", "x", "2", "3", "4"]
    assert "worker process died" in results[2].error.message
    assert all(r.error is None and r.facts for i, r in enumerate(results) if i != 2)


def test_a_time_budget_in_a_worker_process_is_an_error_not_a_hang(limited):
    _with(limited, document_seconds=0.001)
    docs = [Document(str(i), GOOD + (" " + GOOD) * 2000, lang="en") for i in range(2)]
    from kg.extract.pipeline import run_documents

    results = list(run_documents(limited, docs, workers=2))
    assert [r.doc_id for r in results] == ["0", "1"]
    assert all("document_seconds" in r.error.message for r in results)
