"""What running a SPARQL query in a killable child process costs, against running it in-process.

usage: python scripts/bench_sparql.py [STORE_FOLDER] [REPEATS]
(default: builds data/examples into a temporary folder; 50 repeats). Prints median and 90th
percentile milliseconds per query, in this process (no timeout, deaf to Ctrl-C) and through
``sparql.execute`` (a forked child), on a store folder (open + query) and on an open store.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg import api
from kg.store import sparql

QUERY = "SELECT ?a ?b ?date WHERE { ?e gk:source ?a ; gk:target ?b . OPTIONAL { ?e gk:date ?date } }"


def timed(run, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1]


def main() -> None:
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    if len(sys.argv) > 1:
        folder = Path(sys.argv[1])
    else:
        folder = Path(tempfile.mkdtemp()) / "out"
        api.build([Path(__file__).resolve().parent.parent / "data" / "examples"], folder)
    path = api.store_folder(folder) / api.RDF_DIR
    query = sparql.check(QUERY)
    rows = len(sparql.execute(path, query).rows)

    def in_process(store):
        return list(store.query(QUERY, prefixes=sparql.PREFIX_IRIS, use_default_graph_as_union=True))

    # The store folder first: a store the parent holds open makes a fresh open slower.
    cases = {
        "in-process: open read-only + query": lambda: in_process(ox.Store.read_only(str(path))),
        "execute(store folder): fork, open + query": lambda: sparql.execute(path, query),
    }
    print(f"{rows} rows, {repeats} repeats, milliseconds per query")
    for name, run in cases.items():
        print(f"{name:45s} median {{:7.2f}}  p90 {{:7.2f}}".format(*timed(run, repeats)))
    opened = ox.Store.read_only(str(path))
    cases = {
        "in-process: query an open store": lambda: in_process(opened),
        "execute(open store): fork + query": lambda: sparql.execute(opened, query),
    }
    for name, run in cases.items():
        print(f"{name:45s} median {{:7.2f}}  p90 {{:7.2f}}".format(*timed(run, repeats)))

if __name__ == "__main__":
    main()
