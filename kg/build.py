"""`kg build`: documents into the graph of a build folder, as one transaction.

A build holds the folder's writer lock, makes a new generation (``store.generations``) and
publishes it only when complete, so readers see the graph before or after a build, never a
mix, and a crash or a full disk leaves the previous graph whole. Its cost follows the change:

* a first build (or ``full``) streams each document's facts into Oxigraph's bulk loader;
* a later build copies the published generation (hard links) and, per document that is new or
  whose facts changed, runs one SPARQL update removing what it said and one adding its facts;
  a document read again with the same facts costs nothing; ``remove`` and ``sync`` drop
  documents. Only the touched documents' buckets of the per-document log are rewritten.

``events.jsonl``, ``graph.trig`` and ``graph.html`` are whole-graph copies: they are written
when asked, or by default when the graph is small enough for a page to be useful.
"""
from __future__ import annotations

import errno
import json
import shutil
import time
from contextlib import closing, contextmanager
from pathlib import Path
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from .atomic import atomic_open
from .extract.ingest import IngestError, read_documents
from .extract.limits import DEFAULT_LIMITS, Limits
from .extract.pipeline import Pipeline, run_documents
from .model import Fact, merge_facts
from .store.base import StoreError
from .store.doclog import DocLog, DocLogWriter, canonical, document_record, record_facts
from .store.facts_files import read_records
from .store.generations import cleanup, copy_tree, current, new_generation, publish, writer_lock

EVENTS_FILE = "events.jsonl"
RDF_DIR = "store"
DOCS_DIR = "docs"
GRAPH_FILE = "graph.trig"
HTML_FILE = "graph.html"
EXPORTS = (EVENTS_FILE, GRAPH_FILE, HTML_FILE)
EXPORT_LIMIT = 1000  # facts: above this a page is a hairball and the whole-graph copies cost more than the change
ADD_BATCH = 2000  # facts per SPARQL update when adding documents to a built graph


@dataclass
class BuildReport:
    documents: int = 0  # documents read without error
    facts: int = 0  # facts in the graph (after a build) or extracted (``extract_facts``)
    errors: list[IngestError] = field(default_factory=list)
    added: int = 0  # documents new to the graph
    replaced: int = 0  # documents whose facts changed
    unchanged: int = 0
    removed: int = 0
    triples: int = 0  # triples written by the bulk loader (full builds)
    exports: list[str] = field(default_factory=list)  # whole-graph copies written
    skipped_exports: str = ""  # why they were not
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage


def write_facts(facts: Iterable[Fact], path: str | Path) -> None:
    """The fact records of ``events.jsonl``, one JSON object a line."""
    with atomic_open(path) as fh:
        for fact in facts:
            fh.write(json.dumps(fact.to_json(), ensure_ascii=False) + "\n")


def run_build(inputs: Iterable[str | Path], out: str | Path, text_field: str = "text",
              workers: int = 1, progress: Callable | None = None, *, remove: Iterable[str] = (),
              sync: bool = False, full: bool = False, facts: Iterable[str | Path] = (),
              exports: str = "auto", wait: bool = True, notify: Callable | None = None,
              limits: Limits = DEFAULT_LIMITS) -> BuildReport:
    out, report, seen = Path(out), BuildReport(), set()
    records = _records(list(inputs), list(facts), text_field, workers, progress, report, seen,
                       limits)
    with writer_lock(out, wait, notify):
        cleanup(out)  # what a killed build left behind
        base = None if full else current(out)
        gen = new_generation(out)
        try:
            with _disk_errors(out):
                if base is None:
                    _write_new(gen, records, report)
                else:
                    copy_tree(base, gen, skip=EXPORTS)
                    _write_changes(gen, records, set(remove), seen if sync else None, report)
                if base is not None and exports == "auto" and not _changed(report):
                    _keep_exports(base, report)
                    raise _NothingChanged
                _write_exports(gen, exports, report)
                publish(out, gen, EXPORTS)
        except _NothingChanged:
            shutil.rmtree(gen, ignore_errors=True)
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            cleanup(out)
            raise
        cleanup(out)
    return report


class _NothingChanged(Exception):
    """The inputs say what the graph already holds: the published generation stays."""


def _changed(report: BuildReport) -> bool:
    return bool(report.added or report.replaced or report.removed)


def _keep_exports(base: Path, report: BuildReport) -> None:
    report.exports = [name for name in EXPORTS if (base / name).exists()]
    if not report.exports:
        report.skipped_exports = "the graph did not change"


@contextmanager
def _disk_errors(out: Path):
    try:
        yield
    except OSError as exc:
        if exc.errno != errno.ENOSPC and "No space left" not in str(exc):
            raise
        raise StoreError(f"no space left on the disk of {out}: the build was abandoned and "
                         "the previous graph is unchanged") from None
    except StoreError as exc:
        if "No space left" in str(exc):
            raise StoreError(f"no space left on the disk of {out}: the build was abandoned "
                             "and the previous graph is unchanged") from None
        raise


# ---------------------------------------------------------------- documents in

def _records(inputs: list, facts_dirs: list, text_field: str, workers: int,
             progress: Callable | None, report: BuildReport, seen: set[str],
             limits: Limits) -> Iterator[tuple[dict, list[Fact]]]:
    """Each document's record (id, hash, canonical merged facts), extracted or read, once,
    with those facts (so a writer need not read them back from the record)."""
    def stream() -> Iterator[tuple[str, list[Fact]]]:
        for path in facts_dirs:
            for record in read_records(path):
                yield record["doc"], record_facts(record)
        if inputs:
            yield from _extracted(inputs, text_field, workers, report, limits)

    started = time.perf_counter()
    items = stream()
    for doc_id, doc_facts in (progress(items, total=None) if progress else items):
        if doc_id in seen:
            report.errors.append(IngestError(doc_id, "the same document id appears twice in "
                                                     "the inputs; the first one was kept"))
            continue
        seen.add(doc_id)
        report.documents += 1
        facts = merge_facts(canonical(f) for f in doc_facts)
        yield document_record(doc_id, facts), facts
    report.seconds["read+extract"] = time.perf_counter() - started


def _extracted(inputs: list, text_field: str, workers: int, report: BuildReport,
               limits: Limits) -> Iterator[tuple[str, list[Fact]]]:
    docs = (item for item in read_documents(inputs, text_field, limits)
            if not (isinstance(item, IngestError) and report.errors.append(item) is None))
    for result in run_documents(_pipeline(limits), docs, workers):
        if result.error:
            report.errors.append(result.error)
        if result.used:
            yield result.doc_id, result.facts


# ---------------------------------------------------------------- the graph out

@lru_cache(maxsize=1)
def _pipeline(limits: Limits) -> Pipeline:
    """Loaded once per process: a notebook or a test building many times pays it once."""
    return Pipeline(limits=limits)


def _write_new(gen: Path, records: Iterator[tuple[dict, list[Fact]]], report: BuildReport) -> None:
    """A generation from nothing: every document streamed into the bulk loader."""
    from .store.rdf import RdfStore
    from .store.rdf_bulk import BulkWriter

    log = DocLogWriter(gen / DOCS_DIR)
    with RdfStore(gen / RDF_DIR) as store, closing(BulkWriter(store)) as bulk:
        writing = 0.0
        for record, facts in records:
            started = time.perf_counter()
            log.write(record)
            bulk.add(record["doc"], facts)
            report.added += 1
            writing += time.perf_counter() - started
        started = time.perf_counter()
        log.close()
        bulk.finish()
        _describe(store, DocLog(gen / DOCS_DIR), bulk.redescribe, {})
        report.seconds["store"] = writing + time.perf_counter() - started
        report.triples = bulk.triples
        report.seconds["bulk_load"] = bulk.load_seconds
        report.facts = _fact_count(store)


def _write_changes(gen: Path, records: Iterator[tuple[dict, list[Fact]]], remove: set[str],
                   inputs: set[str] | None, report: BuildReport) -> None:
    """The documents that changed, applied to a copy of the published generation; with
    ``inputs`` (``sync``), the documents not among them are dropped."""
    from .store.rdf import RdfStore

    log = DocLog(gen / DOCS_DIR)
    changes: dict[str, dict | None] = {}  # document -> its new record, or None to drop it
    stored: set[str] = set()  # documents whose old facts must go first
    for record, _ in records:
        old = log.get(record["doc"])
        if old is not None and old["hash"] == record["hash"]:
            report.unchanged += 1
            continue
        report.replaced += old is not None
        report.added += old is None
        changes[record["doc"]] = record
        if old is not None and old["facts"]:
            stored.add(record["doc"])
    dropped = set(remove) | (log.doc_ids() - inputs if inputs is not None else set())
    for doc_id in sorted(dropped - set(changes)):
        old = log.get(doc_id)
        if old is None:
            report.errors.append(IngestError(doc_id, "not in the graph; nothing removed"))
            continue
        changes[doc_id] = None
        report.removed += 1
        if old["facts"]:
            stored.add(doc_id)
    started = time.perf_counter()
    with RdfStore(gen / RDF_DIR) as store:
        _apply(store, log, changes, stored)
        log.apply(changes)
        store.oxigraph.flush()
        report.seconds["store"] = time.perf_counter() - started
        report.facts = _fact_count(store)


def _apply(store, log: DocLog, changes: dict[str, dict | None], stored: set[str]) -> None:
    """Per changed document: one update removing what it said, then its facts added (in
    batches), then the shared facts described by their first document."""
    touched: set[str] = set()
    for doc_id in sorted(stored):
        touched.update(_fact_ids(log.get(doc_id)))
        store.remove_document(doc_id)
    pending: list[Fact] = []
    for record in filter(None, changes.values()):
        facts = record_facts(record)
        touched.update(fact.id for fact in facts)
        pending.extend(facts)
        if len(pending) >= ADD_BATCH:
            store.add(pending)
            pending = []
    store.add(pending)
    _describe(store, log, store.first_documents(touched), changes)


def _fact_ids(record: dict) -> set[str]:
    return {fact.id for fact in record_facts(record)}


def _describe(store, log: DocLog, first: dict[str, str], changes: dict[str, dict | None]) -> None:
    """Describe each fact as its first document says (``first``: fact id -> document id)."""
    versions, records = [], {}
    for fact_id, doc_id in first.items():
        if doc_id not in records:
            records[doc_id] = {f.id: f for f in record_facts(
                changes[doc_id] if doc_id in changes else log.get(doc_id))}
        versions.append(records[doc_id][fact_id])
    for start in range(0, len(versions), ADD_BATCH):
        store.describe(versions[start:start + ADD_BATCH])


def _fact_count(store) -> int:
    [row] = store.query("SELECT (COUNT(?f) AS ?n) WHERE { VALUES ?t { gk:Event gk:Relation } "
                        "?f a ?t }")
    return int(row["n"])


def _write_exports(gen: Path, exports: str, report: BuildReport) -> None:
    """events.jsonl, graph.trig and graph.html of the new generation, when wanted."""
    if exports == "never" or (exports == "auto" and report.facts > EXPORT_LIMIT):
        report.skipped_exports = (
            "not asked for" if exports == "never" else
            f"the graph has {report.facts} facts (> {EXPORT_LIMIT}): use `kg build --exports "
            "always`, `kg export` or `kg viz` to write them")
        return
    from .export.viz import write_html
    from .store.rdf_model import export_facts

    started = time.perf_counter()
    facts = merge_facts(DocLog(gen / DOCS_DIR).facts())
    write_facts(facts, gen / EVENTS_FILE)
    # The same TriG as `kg export --format trig`: facts, taxonomy and ontology graphs.
    with atomic_open(gen / GRAPH_FILE, "wb", None) as fh:
        export_facts(facts, fh, "trig")
    write_html(facts, gen / HTML_FILE)
    report.exports = list(EXPORTS)
    report.seconds["exports"] = time.perf_counter() - started
