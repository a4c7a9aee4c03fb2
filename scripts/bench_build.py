#!/usr/bin/env python3
"""Build speed, store speed and memory of `kg build` as the corpus grows, and the cost of one
document more or less.

For each size (sentences) it writes a corpus of 20-sentence documents made from the PANL
English and Indonesian sentences (each pass over the corpus gets other document ids and another
publication date, so relative dates give other events), then, each stage in a fresh process:

* ``full``:   ``kg build`` from nothing (records without ``lang``: detection included); the
  store's part is split into Oxigraph's bulk loader and making the triples in Python;
* ``+1 doc``: one new 20-sentence document;
* ``-1 doc``: ``--remove`` of that document;
* ``query``: after the full build and after the -1, a fresh process opens the store and runs
  one query twice (the first should cost no more than the second: no write-ahead log left).

It prints per stage: seconds, the part the build spent on the store, triples written and
triples per second of that part, the bulk loader's own rate, and the process's peak memory
(RSS). The issue's targets are printed
after the figures.

The corpus is read from ``../shared/data/corpus/panl_en_id_part1.jsonl`` (or
``$GEOKG_SHARED/corpus/``).

Example:
    python scripts/bench_build.py                       # 1k, 10k and 100k sentences
    python scripts/bench_build.py --sizes 1000 --workers 2
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.resources import SHARED_DATA  # noqa: E402

CORPUS = SHARED_DATA / "corpus" / "panl_en_id_part1.jsonl"
DOC_SENTENCES = 20
QUERY = ("SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a gk:Event ; gk:factType ?type } "
         "GROUP BY ?type ORDER BY DESC(?n)")


def sentences() -> list[str]:
    if not CORPUS.is_file():
        sys.exit(f"bench_build: the PANL corpus is absent: {CORPUS}")
    with open(CORPUS, encoding="utf-8") as fh:
        pairs = [json.loads(line) for line in fh if line.strip()]
    return [p["en"] for p in pairs] + [p["id_text"] for p in pairs]


def documents(pool: list[str], count: int, tag: str = "") -> list[dict]:
    """``count`` sentences as 20-sentence documents; pass k over ``pool`` is dated k months on."""
    docs = []
    for start in range(0, count, DOC_SENTENCES):
        lap, offset = divmod(start, len(pool))
        text = " ".join(pool[(offset + i) % len(pool)] for i in range(min(DOC_SENTENCES, count - start)))
        published = date(2007, 1, 1) + timedelta(days=30 * lap)
        docs.append({"id": f"bench{tag}-{start // DOC_SENTENCES:07d}", "text": text,
                     "published": published.isoformat()})
    return docs


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


# ---------------------------------------------------------------- one stage in its own process

def stage_main(args: argparse.Namespace) -> None:
    import resource

    from kg import api

    started = time.perf_counter()
    if args.stage == "query":  # the first query after a build, then the same again
        from kg.store.rdf import RdfStore

        with RdfStore(args.out / "store", read_only=True) as store:
            store.query(QUERY)
            first = time.perf_counter() - started
            again = time.perf_counter()
            store.query(QUERY)
            result = {"first": first, "second": time.perf_counter() - again}
    else:
        options = {"remove": [args.remove]} if args.remove else {}
        report = api.build([args.input] if args.input else [], args.out, workers=args.workers,
                           **options)
        result = {"store": report.seconds.get("store", 0.0), "triples": report.triples,
                  "bulk_load": report.seconds.get("bulk_load", 0.0),
                  "facts": report.facts, "documents": report.documents,
                  "exports": report.exports, "errors": len(report.errors)}
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_stage(stage: str, out: Path, workers: int, input_: Path | None = None,
              remove: str | None = None) -> dict:
    cmd = [sys.executable, __file__, "--stage", stage, "--out", str(out), "--workers", str(workers)]
    if input_:
        cmd += ["--input", str(input_)]
    if remove:
        cmd += ["--remove", remove]
    done = subprocess.run(cmd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode != 0:
        sys.exit(f"bench_build: stage {stage} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(size: int, name: str, result: dict) -> str:
    seconds, store = result["seconds"], result.get("store")
    triples = result.get("triples") or 0
    rate = f"{triples / store:>11,.0f}" if triples and store else f"{'':>11}"
    share = f"{100 * store / seconds:5.1f}%" if store is not None else f"{'':>6}"
    return (f"{size:>9,} {name:<9} {seconds:>8.2f} {store if store is not None else 0:>8.2f} "
            f"{share} {triples:>10,} {rate} {result['peak_mb']:>8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--remove", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        stage_main(args)
        return
    pool = sentences()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"workers={args.workers}")
    print(f"{'sentences':>9} {'stage':<9} {'seconds':>8} {'store s':>8} {'store%':>6} "
          f"{'triples':>10} {'triples/s':>11} {'peak MB':>8}")
    with tempfile.TemporaryDirectory(prefix="bench_build-") as tmp:
        tmp = Path(tmp)
        for size in args.sizes:
            corpus = write_jsonl(tmp / f"corpus{size}.jsonl", documents(pool, size))
            extra = write_jsonl(tmp / f"extra{size}.jsonl", documents(pool[::-1], DOC_SENTENCES, "x"))
            out = tmp / f"out{size}"
            for name, stage, input_, remove in (("full", "build", corpus, None),
                                                ("query", "query", None, None),
                                                ("+1 doc", "build", extra, None),
                                                ("-1 doc", "build", None, "benchx-0000000"),
                                                ("query", "query", None, None)):
                result = run_stage(stage, out, args.workers, input_, remove)
                if stage == "query":
                    print(f"{size:>9,} {'query':<9} first after the build (open + run) "
                          f"{result['first']:.3f} s, the same again {result['second']:.3f} s, "
                          f"peak {result['peak_mb']:.0f} MB", flush=True)
                else:
                    print(row(size, name, result), flush=True)
                if result.get("bulk_load"):
                    print(f"{size:>9,} {'':<9} Oxigraph's bulk loader (in a thread, beside "
                          f"extraction) {result['bulk_load']:.2f} s: "
                          f"{result['triples'] / result['bulk_load']:,.0f} triples/s; the store "
                          "part is what the build waited for: making the triples in Python, "
                          "loading not yet done, compaction", flush=True)
    print("targets at 100k: store% < 25, Oxigraph's loader >= 150,000 triples/s, +1/-1 doc < 5 s, "
          "peak < 1,024 MB; the first query after a build as fast as the second")


if __name__ == "__main__":
    main()
