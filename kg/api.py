"""The Python API: the same operations as the command line, for notebooks and programs.

>>> from kg import api
>>> report = api.build(["data/examples"], "out")              # doctest: +SKIP
>>> api.query("out", "SELECT ?a ?b WHERE { ?a gk:consult ?b }")  # doctest: +SKIP
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from .store.doclog import DocLog
from .store.generations import CURRENT, Pin
from .store.graph import build_graph
from .extract.ingest import IngestError, expand, read_documents
from .extract.limits import DEFAULT_LIMITS, Limits
from .model import Entity, Fact, fact_counts, merge_facts  # noqa: F401  (fact_counts: API)
from .store import sparql
from .store.base import StoreError
from .store.sparql import DEFAULT_TIMEOUT
from .extract.pipeline import Pipeline, run_documents

from .build import (  # noqa: F401  (write_facts is part of the API)
    DOCS_DIR, EVENTS_FILE, GRAPH_FILE, HTML_FILE, RDF_DIR, BuildReport, run_build, write_facts)


def extract_facts(inputs: Iterable[str | Path], text_field: str = "text", workers: int = 1,
                  pipeline: Pipeline | None = None, progress: Callable | None = None,
                  limits: Limits | None = None) -> tuple[list[Fact], BuildReport]:
    """Facts from every readable document of ``inputs``, merged; failures in the report.

    ``limits`` bound what one file, record, sentence or document may cost (README, "Limits
    and errors"); the pipeline's own limits when a pipeline is given."""
    limits = limits or (pipeline.limits if pipeline else DEFAULT_LIMITS)
    report, facts, docs = BuildReport(), [], []
    for item in read_documents(inputs, text_field, limits):
        (report.errors if isinstance(item, IngestError) else docs).append(item)
    if docs:  # loading the lexicons is most of a small run's time: only when needed
        pipeline = pipeline or Pipeline(limits=limits)
    results = run_documents(pipeline, docs, workers) if docs else []
    for result in (progress(results, total=len(docs)) if progress else results):
        report.documents += result.used
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


def input_files(inputs: Iterable[str | Path], out: str | Path) -> list[Path | IngestError]:
    """The files ``inputs`` name (folders read recursively), less what ``kg build`` wrote: the
    ``out`` folder and the outputs beside any built store, so building ``.`` into ``./out``
    never reads its own events.jsonl or graph.html. An input that cannot be read is an
    IngestError in its place."""
    out = Path(out).resolve()
    return [path for path in expand(inputs)
            if isinstance(path, IngestError) or not _written_by_build(path, out)]


def _written_by_build(path: Path, out: Path) -> bool:
    try:
        path = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: reading it reports the error
        return False
    if path.is_relative_to(out) or any(map(_is_built, path.parents)):
        return True  # inside a build folder: its generations, document log and exports
    beside_a_store = (path.parent / RDF_DIR / "CURRENT").is_file()
    return beside_a_store and path.name in (EVENTS_FILE, GRAPH_FILE, HTML_FILE)


def read_facts(store: str | Path) -> list[Fact]:
    """The facts of a built folder: its published generation (``events.jsonl`` of old ones)."""
    store = store_folder(store)
    if (store / CURRENT).is_symlink():
        with Pin(store / CURRENT) as pin:
            return merge_facts(DocLog(pin.path / DOCS_DIR).facts())
    return _read_events(store / EVENTS_FILE)


def _read_events(path: Path) -> list[Fact]:
    with open(path, encoding="utf-8") as fh:
        return [Fact.from_json(json.loads(line)) for line in fh if line.strip()]


def build(inputs: Iterable[str | Path], out: str | Path, text_field: str = "text",
          workers: int = 1, progress: Callable | None = None, limits: Limits | None = None,
          **options) -> BuildReport:
    """Extract ``inputs`` into the graph in ``out``, in one transaction (see ``kg.build``).

    Re-running on the same inputs changes nothing; a new document is added, a re-read one
    replaces what it said before. Options: ``remove`` (document ids to drop), ``sync`` (drop
    documents not among the inputs), ``full`` (rebuild from nothing), ``facts`` (folders of
    document records from ``kg extract --distributed`` instead of / besides inputs),
    ``exports`` ("auto", "always" or "never": events.jsonl, graph.trig and graph.html),
    ``wait`` (for another build of ``out``; else stop with a message), ``notify``. ``limits``
    bound what one file, record, sentence or document may cost (README, "Limits and errors").
    """
    return run_build(input_files(inputs, out), out, text_field, workers, progress,
                     limits=limits or DEFAULT_LIMITS, **options)


def load_neo4j(store: str | Path, neo, full: bool = False) -> dict[str, int]:
    """Apply a built folder to a ``Neo4jStore`` by document (added, changed, removed since the
    last load); ``full`` deletes the geokg graph in Neo4j first. Returns the numbers of
    documents added and removed, and under ``written`` what was written (``fact_counts``)."""
    store = store_folder(store)
    if not (store / CURRENT).is_symlink():
        raise FileNotFoundError(f"{store} holds no graph built by this version: run `kg build`")
    with Pin(store / CURRENT) as pin:
        log = DocLog(pin.path / DOCS_DIR)
        return neo.sync_documents(log.records, full=full)


def graph(store: str | Path) -> nx.MultiDiGraph:
    """The networkx view of a built store: actors, direct edges, fact and document nodes."""
    return build_graph(read_facts(store), events=True)


def store_folder(store: str | Path) -> Path:
    """``store`` if it is a folder ``kg build`` wrote, else a ``StoreError`` saying what it is.

    Reading never creates a store: a wrong path is an error, not an empty answer.
    """
    store = Path(store)
    if _is_built(store):
        return store
    hint = ""
    if _is_built(store.parent):
        hint = f"; did you mean {store.parent}, the folder `kg build --out` wrote?"
    raise StoreError(f"{store} is not a built store (it holds no published graph: {CURRENT} and {RDF_DIR}/)"
                     + (hint or ": give the folder `kg build --out` wrote"))


def _is_built(folder: Path) -> bool:
    """A folder ``kg build`` wrote: a published generation, or (older builds) events.jsonl
    beside an Oxigraph store."""
    if (folder / CURRENT).is_symlink():
        return True
    return (folder / EVENTS_FILE).is_file() and (folder / RDF_DIR / "CURRENT").is_file()


def sparql_result(store: str | Path, text: str, *, timeout: float | None = DEFAULT_TIMEOUT,
                  limit: int | None = None, labels: bool = False,
                  allow_service: bool = False) -> sparql.Result:
    """A SPARQL query's result with its terms (``kg.store.sparql.Result``): read-only, stopped
    after ``timeout`` seconds or by Ctrl-C, at most ``limit`` rows (``truncated`` says if more)."""
    query = sparql.check(text, allow_service=allow_service)
    # The pin keeps the published generation from being deleted by a build mid-query.
    with Pin(store_folder(store) / RDF_DIR) as pin:
        return sparql.execute(pin.path, query, timeout=timeout, limit=limit, labels=labels)


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
