"""The Python API: the same operations as the command line, for notebooks and programs.

>>> from kg import api
>>> report = api.build(["data/examples"], "out")              # doctest: +SKIP
>>> api.query("out", "SELECT ?a ?b WHERE { ?a gk:consult ?b }")  # doctest: +SKIP
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from .atomic import atomic_open
from .store.graph import build_graph
from .extract.ingest import IngestError, expand, read_documents
from .model import Entity, Fact, merge_facts
from .store import sparql
from .store.base import StoreError
from .store.sparql import DEFAULT_TIMEOUT
from .extract.pipeline import Pipeline, run_documents

EVENTS_FILE = "events.jsonl"
RDF_DIR = "store"
GRAPH_FILE = "graph.trig"
HTML_FILE = "graph.html"


@dataclass
class BuildReport:
    documents: int = 0
    facts: int = 0
    errors: list[IngestError] = field(default_factory=list)


def extract_facts(inputs: Iterable[str | Path], text_field: str = "text", workers: int = 1,
                  pipeline: Pipeline | None = None, progress: Callable | None = None
                  ) -> tuple[list[Fact], BuildReport]:
    """Facts from every readable document of ``inputs``, merged; failures in the report."""
    report, facts, docs = BuildReport(), [], []
    for item in read_documents(inputs, text_field):
        (report.errors if isinstance(item, IngestError) else docs).append(item)
    pipeline = pipeline or Pipeline()
    results = run_documents(pipeline, docs, workers)
    for result in (progress(results, total=len(docs)) if progress else results):
        report.documents += result.error is None
        if result.error:
            report.errors.append(result.error)
        facts.extend(result.facts)
    merged = merge_facts(facts)
    report.facts = len(merged)
    return merged, report


def extract(inputs: Iterable[str | Path], text_field: str = "text", workers: int = 1) -> list[Fact]:
    """The facts of ``inputs``; a missing input raises ``FileNotFoundError`` (a program that
    asks for a file's facts must not take "no facts" for an answer)."""
    inputs = [Path(p) for p in inputs]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such input: {', '.join(missing)}")
    return extract_facts(inputs, text_field, workers)[0]


def input_files(inputs: Iterable[str | Path], out: str | Path) -> list[Path]:
    """The files ``inputs`` name (folders read recursively), less what ``kg build`` wrote: the
    ``out`` folder and the outputs beside any built store, so building ``.`` into ``./out``
    never reads its own events.jsonl or graph.html."""
    out = Path(out).resolve()
    return [path for path in expand(inputs) if not _written_by_build(path.resolve(), out)]


def _written_by_build(path: Path, out: Path) -> bool:
    if path.is_relative_to(out):
        return True
    beside_a_store = (path.parent / RDF_DIR / "CURRENT").is_file()
    return beside_a_store and path.name in (EVENTS_FILE, GRAPH_FILE, HTML_FILE)


def read_facts(store: str | Path) -> list[Fact]:
    """The facts of a built store, from its ``events.jsonl``."""
    return _read_events(store_folder(store) / EVENTS_FILE)


def _read_events(path: Path) -> list[Fact]:
    with open(path, encoding="utf-8") as fh:
        return [Fact.from_json(json.loads(line)) for line in fh if line.strip()]


def fact_counts(facts: list[Fact]) -> dict[str, int]:
    """What a list of facts holds, counted as a load reports it."""
    entities = {e.id for f in facts for e in (f.source, f.target, f.place) if e is not None}
    return {"events": sum(f.kind == "event" for f in facts),
            "relations": sum(f.kind == "relation" for f in facts),
            "entities": len(entities),
            "documents": len({ev.doc for f in facts for ev in f.evidence}),
            "mentions": sum(len(f.evidence) for f in facts)}


def write_facts(facts: Iterable[Fact], path: str | Path) -> None:
    with atomic_open(path) as fh:
        for fact in facts:
            fh.write(json.dumps(fact.to_json(), ensure_ascii=False) + "\n")


def _updated(old: list[Fact], new: list[Fact]) -> list[Fact]:
    """The old facts, less what the re-read documents said before, plus the new facts."""
    redone = {ev.doc for fact in new for ev in fact.evidence}
    kept = []
    for fact in old:
        fact.evidence = [ev for ev in fact.evidence if ev.doc not in redone]
        if fact.evidence:
            kept.append(fact)
    return merge_facts(kept + new)


def build(inputs: Iterable[str | Path], out: str | Path, text_field: str = "text",
          workers: int = 1, progress: Callable | None = None) -> BuildReport:
    """Extract ``inputs`` and write events.jsonl, the RDF store, graph.trig and graph.html.

    Re-running on the same inputs changes nothing; new inputs add to what ``out`` holds.
    """
    from .store import rdf
    from .export import viz

    new, report = extract_facts(input_files(inputs, out), text_field, workers, progress=progress)
    out = Path(out)
    old = _read_events(out / EVENTS_FILE) if (out / EVENTS_FILE).is_file() else []
    facts = _updated(old, new)
    write_facts(facts, out / EVENTS_FILE)
    rdf.rebuild(out / RDF_DIR, facts)
    with atomic_open(out / GRAPH_FILE, "wb", None) as fh:
        rdf.export_facts(facts, fh, "trig")
    viz.write_html(facts, out / HTML_FILE)
    report.facts = len(facts)
    return report


def graph(store: str | Path) -> nx.MultiDiGraph:
    """The networkx view of a built store: actors, direct edges, fact and document nodes."""
    return build_graph(read_facts(store), events=True)


def store_folder(store: str | Path) -> Path:
    """``store`` if it is a folder ``kg build`` wrote, else a ``StoreError`` saying what it is.

    Reading never creates a store: a wrong path is an error, not an empty answer.
    """
    store = Path(store)
    if (store / EVENTS_FILE).is_file() and (store / RDF_DIR / "CURRENT").is_file():
        return store
    hint = ""
    if (store.parent / EVENTS_FILE).is_file():
        hint = f"; did you mean {store.parent}, the folder `kg build --out` wrote?"
    raise StoreError(f"{store} is not a built store (it holds no {EVENTS_FILE} and {RDF_DIR}/)"
                     + (hint or ": give the folder `kg build --out` wrote"))


def sparql_result(store: str | Path, text: str, *, timeout: float | None = DEFAULT_TIMEOUT,
                  limit: int | None = None, labels: bool = False,
                  allow_service: bool = False) -> sparql.Result:
    """A SPARQL query's result with its terms (``kg.store.sparql.Result``): read-only, stopped
    after ``timeout`` seconds or by Ctrl-C, at most ``limit`` rows (``truncated`` says if more)."""
    query = sparql.check(text, allow_service=allow_service)
    return sparql.execute(store_folder(store) / RDF_DIR, query, timeout=timeout, limit=limit,
                          labels=labels)


def query(store: str | Path, text: str, *, frame: bool = False,
          timeout: float | None = DEFAULT_TIMEOUT, allow_service: bool = False):
    """Rows of a read-only SPARQL query over a built store (the ontology's prefixes are
    predefined), as dicts of plain values, or a pandas DataFrame with ``frame=True`` (needs the
    ``table`` extra). Raises ``SparqlError`` for an update, SERVICE, a syntax error (with its
    line and column in ``text``) or a query that runs longer than ``timeout`` seconds."""
    result = sparql_result(store, text, timeout=timeout, allow_service=allow_service)
    rows = sparql.records(result)
    if not frame:
        return rows
    try:
        import pandas
    except ImportError:
        raise ImportError("frame=True needs pandas: scripts/venv table, "
                          "or pip install 'geokg[table]'") from None
    return pandas.DataFrame(rows, columns=result.variables)


def entity(name: str, store: str | Path | None = None) -> list[Entity]:
    """Entities called ``name`` in any language the data knows ("Iran", "Irán", "Amerika
    Serikat"), case and accents aside: those the gazetteer knows, and with ``store`` those of
    the built store whose name or alias it is. Known entities first, each once."""
    key = _folded(name)
    found = {e.id: e for e in _gazetteer_entities(name)}
    if store is not None:
        for fact in read_facts(store_folder(store)):
            for e in (fact.source, fact.target, fact.place):
                if e is not None and (e.id in found or key in map(_folded, (e.name, *e.aliases))):
                    found[e.id] = e
    return list(found.values())


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _gazetteer_entities(name: str) -> list[Entity]:
    """Entities whose known name spans all of ``name``, tried as written, title-cased and
    without accents (the gazetteer matches proper names in their own case)."""
    gazetteer = _gazetteer()
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name.strip())
                    if not unicodedata.combining(ch))
    found = {}
    for variant in dict.fromkeys((name.strip(), name.strip().title(), plain, plain.title())):
        for hit in gazetteer.matcher.find(variant):
            payload = getattr(hit.payload, "entity", None)
            if payload is not None and hit.start == 0 and hit.end == len(variant):
                found.setdefault(payload.id, payload)
    return list(found.values())


@lru_cache(maxsize=1)
def _gazetteer():
    from .extract.entities import Gazetteer

    return Gazetteer()


def export(store: str | Path, format: str, out=None, *, ontology: bool = True,
           level: str = "event", period: str = "month") -> None:
    """Write the store to ``out`` (path or binary stream) as RDF (turtle, trig, nt, nquads,
    jsonld, xml: with the ontology and CAMEO/PLOVER labels unless ``ontology=False``), GraphML,
    or a table (csv, parquet). GraphML and tables take ``level`` ``event`` or ``country`` (one
    edge or row per state dyad and ``period``: day, month or year)."""
    from .export import graphml, table
    from .store import rdf_model

    facts = read_facts(store)
    if format == "graphml":
        graphml.write_graphml(facts, out, level, period)
    elif format in ("csv", "parquet"):
        table.write_table(facts, out, format, level, period)
    else:
        rdf_model.export_facts(facts, out, format, ontology=ontology)


def viz(store: str | Path, out: str | Path) -> None:
    from .export.viz import write_html

    write_html(read_facts(store), out)
