"""The Python API: the same operations as the command line, for notebooks and programs.

>>> from kg import api
>>> report = api.build(["data/examples"], "out")              # doctest: +SKIP
>>> api.query("out", "SELECT ?a ?b WHERE { ?a gk:consult ?b }")  # doctest: +SKIP
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from .store.doclog import DocLog
from .store.generations import CURRENT, Pin
from .store.graph import build_graph
from .extract.ingest import IngestError, read_documents
from .model import Fact, merge_facts
from .extract.pipeline import Pipeline, run_documents

from .build import (
    DOCS_DIR, EVENTS_FILE, RDF_DIR, BuildReport, run_build)


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
    return extract_facts(inputs, text_field, workers)[0]


def read_facts(store: str | Path) -> list[Fact]:
    """The facts of a built folder (the published generation; ``events.jsonl`` of old ones)."""
    store = Path(store)
    if (store / CURRENT).is_symlink():
        with Pin(store / CURRENT) as pin:
            return merge_facts(DocLog(pin.path / DOCS_DIR).facts())
    path = store / EVENTS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{store} holds no graph: run `kg build` first")
    with open(path, encoding="utf-8") as fh:
        return [Fact.from_json(json.loads(line)) for line in fh if line.strip()]


def build(inputs: Iterable[str | Path], out: str | Path, text_field: str = "text",
          workers: int = 1, progress: Callable | None = None, **options) -> BuildReport:
    """Extract ``inputs`` into the graph in ``out``, in one transaction (see ``kg.build``).

    Re-running on the same inputs changes nothing; a new document is added, a re-read one
    replaces what it said before. Options: ``remove`` (document ids to drop), ``sync`` (drop
    documents not among the inputs), ``full`` (rebuild from nothing), ``facts`` (folders of
    document records from ``kg extract --distributed`` instead of / besides inputs),
    ``exports`` ("auto", "always" or "never": events.jsonl, graph.trig and graph.html),
    ``wait`` (for another build of ``out``; else stop with a message), ``notify``.
    """
    return run_build(inputs, out, text_field, workers, progress, **options)


def load_neo4j(store: str | Path, neo, full: bool = False) -> dict[str, int]:
    """Apply a built folder to a ``Neo4jStore`` by document (added, changed, removed since the
    last load); ``full`` deletes the geokg graph in Neo4j first. Returns the counts."""
    store = Path(store)
    if not (store / CURRENT).is_symlink():
        raise FileNotFoundError(f"{store} holds no graph built by this version: run `kg build`")
    with Pin(store / CURRENT) as pin:
        log = DocLog(pin.path / DOCS_DIR)
        return neo.sync_documents(log.records, full=full)


def graph(store: str | Path) -> nx.MultiDiGraph:
    """The networkx view of a built store."""
    return build_graph(read_facts(store))


def query(store: str | Path, sparql: str) -> list[dict]:
    """Rows of a SPARQL query over a built store (the ontology's prefixes are predefined)."""
    from .store.rdf import RdfStore

    with RdfStore(Path(store) / RDF_DIR, read_only=True) as rdf_store:
        return rdf_store.query(sparql, "sparql")


def export(store: str | Path, format: str, out=None) -> None:
    """Write the store as turtle, trig, nt, jsonld, xml or graphml to ``out`` (path or stream)."""
    from .store import rdf

    facts = read_facts(store)
    if format == "graphml":
        nx.write_graphml(build_graph(facts), out)
        return
    rdf.export_facts(facts, out, format)


def viz(store: str | Path, out: str | Path) -> None:
    from .export.viz import write_html

    write_html(build_graph(read_facts(store)), out)
