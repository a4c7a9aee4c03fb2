#!/usr/bin/env python3
"""Parser speed: model load time and sentences parsed a second, one process, one thread.

Also prints sentences per CPU second, the figure to compare on a machine shared with others.

Parses the PANL news sentences (../shared/data/corpus/panl_en_id_part1.jsonl: English side
for en, Indonesian side for id) with kg.extract.syntax, the way the extractor does.

Example:
    nice python scripts/bench_parser.py --lang en id --limit 2000
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core, as each extraction worker has

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kg.resources import SHARED_DATA  # noqa: E402

PANL = SHARED_DATA / "corpus" / "panl_en_id_part1.jsonl"
FIELD = {"en": "en", "id": "id_text"}


def sentences(lang: str, limit: int) -> list[str]:
    with open(PANL, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r[FIELD[lang]] for r in rows if r.get(FIELD[lang])][:limit]


def bench(lang: str, limit: int) -> None:
    from kg.extract import syntax

    texts = sentences(lang, limit)
    started, cpu = time.perf_counter(), time.process_time()
    nlp = syntax.parser_for(lang)
    loaded, load_cpu = time.perf_counter() - started, time.process_time() - cpu
    if nlp is None:
        print(f"{lang}: no model in {syntax.models_dir() / lang}")
        return
    started, cpu = time.perf_counter(), time.process_time()
    docs = syntax.parse_many(texts, lang)
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    tokens = sum(len(d) for d in docs)
    size = sum(f.stat().st_size for f in syntax.model_path(lang).rglob("*") if f.is_file())
    print(f"{lang}: model {size / 1e6:.1f} MB, load {loaded:.2f} s ({load_cpu:.2f} CPU s; "
          f"with importing spaCy if first); "
          f"{len(docs)} sentences, {tokens} tokens in {took:.2f} s: "
          f"{len(docs) / took:.0f} sentences/s, {tokens / took:.0f} tokens/s; "
          f"per CPU second (what a busy machine leaves out): {len(docs) / cpu:.0f} sentences/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", nargs="+", default=["en", "id"], choices=sorted(FIELD))
    ap.add_argument("--limit", type=int, default=3321, help="sentences per language (default: all)")
    args = ap.parse_args()
    if not PANL.exists():
        sys.exit(f"error: {PANL} not found (set GEOKG_SHARED to the shared data folder)")
    for lang in args.lang:
        bench(lang, args.limit)


if __name__ == "__main__":
    main()
