"""Time of pathological sentences: one of 20,000 characters, one naming 5,000 countries.

Each is extracted as one document, first with the default limits (README, "Limits and
errors": the sentence is skipped and reported), then with the sentence limits lifted, which
shows the extractor's own cost per sentence length; the per-document time budget still
applies there (``--budget``), so this script cannot hang.

    python scripts/bench_pathological.py [--budget 30]
"""
from __future__ import annotations

import argparse
import time

import pycountry

from kg.extract.limits import DEFAULT_LIMITS
from kg.extract.pipeline import Pipeline
from kg.model import Document


def long_sentence(chars: int) -> str:
    clause = "Iran accused Israel of attacking its embassy and the police arrested protesters "
    return (clause * (chars // len(clause) + 1))[:chars - 1] + "."


def many_countries(count: int) -> str:
    names = [c.name for c in pycountry.countries if "," not in c.name]
    return "Japan met " + ", ".join(names[i % len(names)] for i in range(count)) + " in Tokyo."


def timed(pipeline: Pipeline, text: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = pipeline.run(Document("bench", text, lang="en"))
    seconds = time.perf_counter() - started
    outcome = f"error: {result.error.message[:90]}" if result.error else f"{len(result.facts)} facts"
    return seconds, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=30.0,
                        help="document_seconds while the sentence limits are lifted")
    args = parser.parse_args()
    cases = {"20,000-character sentence": long_sentence(20_000),
             "sentence naming 5,000 countries": many_countries(5_000)}
    bounded = Pipeline(["en"])
    lifted = Pipeline(["en"], DEFAULT_LIMITS.with_settings(
        {"sentence_chars": 10 ** 9, "sentence_mentions": 10 ** 9, "document_seconds": args.budget}))
    for name, text in cases.items():
        for label, pipeline in (("default limits", bounded), ("sentence limits lifted", lifted)):
            seconds, outcome = timed(pipeline, text)
            print(f"{name:34s} {len(text):>7,} chars  {label:24s} {seconds:7.3f} s  {outcome}")


if __name__ == "__main__":
    main()
