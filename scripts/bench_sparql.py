"""What running a SPARQL query in a killable child process costs, against running it in-process.

usage: python scripts/bench_sparql.py [STORE_FOLDER] [REPEATS]
(default: builds data/examples into a temporary folder; 50 repeats). Prints median and 90th
percentile milliseconds per query for: Oxigraph in this process, ``sparql.execute`` on a store
folder (fork + read-only open + query), and ``sparql.execute`` on an open store (fork + query).
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
    opened = ox.Store.read_only(str(path))
    query = sparql.check(QUERY)
    rows = len(sparql.execute(path, query).rows)
    cases = {
        "in-process (no timeout, no Ctrl-C)": lambda: list(opened.query(
            QUERY, prefixes=sparql.PREFIX_IRIS, use_default_graph_as_union=True)),
        "execute(store folder): fork + open + query": lambda: sparql.execute(path, query),
        "execute(open store): fork + query": lambda: sparql.execute(opened, query),
    }
    print(f"{rows} rows, {repeats} repeats, milliseconds per query")
    for name, run in cases.items():
        median, p90 = timed(run, repeats)
        print(f"{name:45s} median {median:7.2f}  p90 {p90:7.2f}")


if __name__ == "__main__":
    main()
