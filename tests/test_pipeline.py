"""The pipeline runner: stages per document, failures isolated, workers change nothing."""
from __future__ import annotations

import json
from pathlib import Path

from kg.api import extract_facts
from kg.model import Document
from kg.extract.pipeline import Pipeline, run_documents

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"


def _lines(facts):
    return [json.dumps(f.to_json(), sort_keys=True) for f in facts]


def test_output_is_identical_for_any_number_of_workers():
    one, _ = extract_facts([EXAMPLES], workers=1)
    three, _ = extract_facts([EXAMPLES], workers=3)
    assert one and _lines(one) == _lines(three)


def test_a_failing_document_is_reported_and_the_others_still_run():
    pipeline = Pipeline()
    good = Document("good", "Iran accused Israel of attacking its embassy.", lang="en")
    broken = Document("broken", None, lang="en")  # text None makes sentence splitting fail
    results = list(run_documents(pipeline, [broken, good]))
    assert results[0].error is not None and "broken" in str(results[0].error)
    assert results[1].error is None and results[1].facts


def test_a_sentence_naming_no_actor_gives_no_fact_and_keeps_the_next_in_place():
    text = "They attacked and threatened the town. Iran accused Israel of attacking its embassy."
    facts = Pipeline().extract_text(text, lang="en")
    assert facts and {(ev.sentence, text[ev.start:ev.end]) for f in facts for ev in f.evidence} == {
        (1, "Iran accused Israel of attacking its embassy.")}
