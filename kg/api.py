"""The Python API: the same operations as the command line, for notebooks and programs.

>>> from kg import api
>>> report = api.build(["data/examples"], "out")              # doctest: +SKIP
>>> api.query("out", "SELECT ?a ?b WHERE { ?a gk:consult ?b }")  # doctest: +SKIP
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from .atomic import atomic_open
from .store.graph import build_graph
from .extract.ingest import IngestError, read_documents
from .extract.limits import DEFAULT_LIMITS, Limits
from .model import Fact, merge_facts
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
    return extract_facts(inputs, text_field, workers)[0]


def read_facts(store: str | Path) -> list[Fact]:
    """The facts of a built store, from its ``events.jsonl``."""
    path = Path(store) / EVENTS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{store} holds no {EVENTS_FILE}: run `kg build` first")
    with open(path, encoding="utf-8") as fh:
        return [Fact.from_json(json.loads(line)) for line in fh if line.strip()]


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
          workers: int = 1, progress: Callable | None = None,
          limits: Limits | None = None) -> BuildReport:
    """Extract ``inputs`` and write events.jsonl, the RDF store, graph.trig and graph.html.

    Re-running on the same inputs changes nothing; new inputs add to what ``out`` holds.
    """
    from .store import rdf
    from .export import viz

    out = Path(out)
    new, report = extract_facts(inputs, text_field, workers, progress=progress, limits=limits)
    old = read_facts(out) if (out / EVENTS_FILE).is_file() else []
    facts = _updated(old, new)
    write_facts(facts, out / EVENTS_FILE)
    rdf.rebuild(out / RDF_DIR, facts)
    with atomic_open(out / GRAPH_FILE, "wb", None) as fh:
        rdf.export_facts(facts, fh, "trig")
    viz.write_html(build_graph(facts), out / HTML_FILE)
    report.facts = len(facts)
    return report


def graph(store: str | Path) -> nx.MultiDiGraph:
    """The networkx view of a built store."""
    return build_graph(read_facts(store))


def query(store: str | Path, sparql: str) -> list[dict]:
    """Rows of a SPARQL query over a built store (the ontology's prefixes are predefined)."""
    from .store.rdf import RdfStore

    with RdfStore(Path(store) / RDF_DIR) as rdf_store:
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
