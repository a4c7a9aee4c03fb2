#!/usr/bin/env python3
"""Extraction speed on the PANL English-Indonesian corpus (6,642 news sentences).

Times ``Pipeline()`` construction (startup: lexicons, gazetteers, any parser models), then
extracts every sentence of both sides of the corpus as its own document over ``--workers``
processes, and prints sentences per second (with and without startup), how many sentences
the extractor parsed, the number of facts, and peak memory (main process and largest worker).

The corpus is read from ``../shared/data/corpus/panl_en_id_part1.jsonl`` relative to the
repository root (or from ``$GEOKG_SHARED/corpus/``).

Example:
    python scripts/bench_extract.py                 # the whole corpus, both languages
    python scripts/bench_extract.py --workers 2     # over two processes
    python scripts/bench_extract.py --limit 200     # the first 200 pairs (400 sentences)
    python scripts/bench_extract.py --limit 10 --long   # and the cost of very long sentences
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
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


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size (ru_maxrss is KiB on Linux, bytes on macOS); of the largest
    worker for RUSAGE_CHILDREN."""
    rss = resource.getrusage(who).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def documents(pairs: list[dict]) -> list:
    from kg.model import Document
    return [Document(f"{lang}-{i}", pair[key], lang=lang)
            for lang, key in (("en", "en"), ("id", "id_text")) for i, pair in enumerate(pairs)]


def parsed_count(pipeline, docs: list) -> int | None:
    """Sentences the extractor parses (counted in a pass of its own, not timed); None when
    it reads no parse (no ``SentenceExtractor.needs_parse``)."""
    from kg.extract.events import SentenceExtractor
    from kg.extract.rules import rules_for
    from kg.extract.sentences import sentences
    if not hasattr(SentenceExtractor, "needs_parse"):
        return None
    count = 0
    for doc in docs:
        finder, rules = pipeline._finder(doc.lang), rules_for(doc.lang)
        for s in sentences(doc):
            mentions = finder.find(s.text, None, {})
            count += bool(mentions) and SentenceExtractor(s, mentions, rules).needs_parse()
    return count


def long_sentences(pipeline) -> None:
    """Seconds for two degenerate sentences whose cost must stay about linear in their length,
    up to the longest sentence the limits let through (longer ones are skipped and reported):
    a run-on sentence, and a list of states' names."""
    names = [state.name for state in pipeline.gazetteer.countries.values()]
    clause = "Russia attacked Ukraine and China condemned the attack on Kyiv while Japan met NATO in Tokyo, "
    longest = pipeline.limits.sentence_chars - 100
    for size in (longest // 4, longest // 2, longest):
        listed = ", ".join(names * (size // len(names) + 1))[:size].rsplit(",", 1)[0]
        cases = (f"{size:,} characters", (clause * (size // len(clause) + 1))[:size] + "."), \
            (f"{listed.count(',') + 1:,} states", f"Russia and {listed} condemned the United States.")
        for label, text in cases:
            for lang in ("en", "id"):
                t0 = time.perf_counter()
                pipeline.extract_text(text, lang=lang)
                print(f"long:        {label:>17} ({lang}): {time.perf_counter() - t0:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example:" + __doc__.split("Example:")[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, metavar="N",
                        help="only the first N sentence pairs (2N sentences)")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="processes (default 1)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"default: {CORPUS}")
    parser.add_argument("--long", action="store_true",
                        help="also time single sentences of 5,000 to 20,000 characters and lists of "
                             "1,250 to 5,000 states (cost linear in length)")
    args = parser.parse_args(argv)

    pairs = load_pairs(args.corpus, args.limit)
    started = time.perf_counter()
    try:
        from kg.extract.pipeline import Pipeline, run_documents
    except ImportError as exc:
        sys.exit(f"bench_extract: cannot import the extractor (kg.extract.pipeline): {exc}")
    pipeline = Pipeline()
    startup = time.perf_counter() - started
    rss_startup = peak_rss_mb()

    docs = documents(pairs)
    t0 = time.perf_counter()
    facts = events = failed = 0
    for result in run_documents(pipeline, docs, args.workers):
        facts += len(result.facts)
        events += sum(f.kind == "event" for f in result.facts)
        failed += result.error is not None
    seconds = time.perf_counter() - t0

    n = len(docs)
    print(f"corpus:      {args.corpus} ({len(pairs)} pairs, {n} sentences)")
    print(f"startup:     {startup:.2f} s  (import + Pipeline(), peak RSS {rss_startup:.0f} MB)")
    print(f"extraction:  {n} sentences in {seconds:.2f} s over {args.workers} worker(s) = "
          f"{n / seconds:,.0f} sentences/s; {facts} facts ({events} events), {failed} failed")
    print(f"with start:  {n / (seconds + startup):,.0f} sentences/s")
    print(f"peak memory: {peak_rss_mb():.0f} MB RSS main process, "
          f"{peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB largest worker (ru_maxrss)")
    if args.long:
        long_sentences(pipeline)
    parsed = parsed_count(pipeline, docs)
    print(f"parsed:      {parsed} of {n} sentences" if parsed is not None
          else "parsed:      none (this extractor reads no parse)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
