#!/usr/bin/env python3
"""Extraction speed on the PANL English-Indonesian corpus (6,642 news sentences).

Times ``Pipeline()`` construction (startup: lexicons and gazetteers), then runs
``extract_text`` on both sides of every sentence pair in one process, and prints sentences
per second (overall and per language), the number of facts, and peak memory.

The corpus is read from ``../shared/data/corpus/panl_en_id_part1.jsonl`` relative to the
repository root (or from ``$GEOKG_SHARED/corpus/``).

Example:
    python scripts/bench_extract.py                 # the whole corpus, both languages
    python scripts/bench_extract.py --limit 200     # the first 200 pairs (400 sentences)
    python scripts/bench_extract.py --tracemalloc   # also peak Python heap (slower)
    python scripts/bench_extract.py --repeat 5      # the fastest of 5 passes (a busy machine)
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.resources import SHARED_DATA  # noqa: E402

CORPUS = SHARED_DATA / "corpus" / "panl_en_id_part1.jsonl"


def load_pairs(path: Path, limit: int | None) -> list[dict]:
    if not path.is_file():
        sys.exit(f"bench_extract: the PANL corpus is absent: {path}\n"
                 "It is shared data, expected in ../shared/data/ next to the repository "
                 "(or set GEOKG_SHARED to the folder holding corpus/).")
    with open(path, encoding="utf-8") as fh:
        pairs = [json.loads(line) for line in fh if line.strip()]
    return pairs[:limit] if limit else pairs


def peak_rss_mb() -> float:
    """Peak resident set size of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def run_language(pipeline, pairs: list[dict], lang: str, key: str) -> tuple[float, int, int]:
    """(seconds, facts, events) of one pass over one side of the corpus."""
    t0, facts, events = time.perf_counter(), 0, 0
    for pair in pairs:
        found = pipeline.extract_text(pair[key], lang=lang)
        facts += len(found)
        events += sum(f.kind == "event" for f in found)
    return time.perf_counter() - t0, facts, events


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example:" + __doc__.split("Example:")[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, metavar="N",
                        help="only the first N sentence pairs (2N sentences)")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also trace the peak Python heap (slows extraction down)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"default: {CORPUS}")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run the corpus N times and report the fastest pass per language")
    args = parser.parse_args(argv)

    pairs = load_pairs(args.corpus, args.limit)
    if args.tracemalloc:
        tracemalloc.start()

    started = time.perf_counter()
    try:
        from kg.extract.pipeline import Pipeline
    except ImportError as exc:
        sys.exit(f"bench_extract: cannot import the extractor (kg.extract.pipeline): {exc}")
    pipeline = Pipeline()
    startup = time.perf_counter() - started
    rss_startup = peak_rss_mb()

    per_lang = {}
    for lang, key in (("en", "en"), ("id", "id_text")):
        per_lang[lang] = min(run_language(pipeline, pairs, lang, key) for _ in range(max(1, args.repeat)))

    n = len(pairs)
    seconds = sum(t for t, _, _ in per_lang.values())
    print(f"corpus:      {args.corpus} ({n} pairs, {2 * n} sentences)")
    print(f"startup:     {startup:.2f} s  (import + Pipeline(), peak RSS {rss_startup:.0f} MB)")
    for lang, (t, facts, events) in per_lang.items():
        rate = n / t if t else float("inf")
        print(f"{lang}:          {n} sentences in {t:.2f} s = {rate:,.0f} sentences/s; "
              f"{facts} facts ({events} events)")
    total_facts = sum(f for _, f, _ in per_lang.values())
    rate = 2 * n / seconds if seconds else float("inf")
    print(f"total:       {2 * n} sentences in {seconds:.2f} s = {rate:,.0f} sentences/s; "
          f"{total_facts} facts")
    print(f"peak memory: {peak_rss_mb():.0f} MB RSS (ru_maxrss)")
    if args.tracemalloc:
        _, peak = tracemalloc.get_traced_memory()
        print(f"             {peak / 2**20:.0f} MB peak Python heap (tracemalloc)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
