"""The ``kg`` command: each command thinly wraps the API call of the same name.

Errors are one "Error: …" line and exit status 1. ``build`` and ``extract`` go on past bad
documents, list them on stderr, and exit with status 2 when any failed.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click
from tqdm import tqdm

from . import api
from .atomic import atomic_open
from .store.base import StoreError

PARTIAL_FAILURE = 2
EXPORT_FORMATS = ("turtle", "trig", "nt", "jsonld", "xml", "graphml")
ROW_FORMATS = ("table", "json", "csv")


def _progress(iterable, total):
    return tqdm(iterable, total=total, desc="documents", unit="doc", file=sys.stderr,
                disable=None)


def _report_errors(report: api.BuildReport) -> None:
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    if report.errors:
        click.echo(f"{len(report.errors)} document(s) failed; the others were processed", err=True)
        sys.exit(PARTIAL_FAILURE)


class KgError(click.ClickException):
    def show(self, file=None):
        click.echo(f"Error: {self.message}", err=True)


def _guard(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except (StoreError, FileNotFoundError, ValueError) as exc:
        raise KgError(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geokg")
def main():
    """Turn news articles into a knowledge graph of geopolitical events and relations.

    Example:

        kg build data/examples --out out && kg viz --store out -o out/graph.html
    """


inputs_arg = click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
text_field_opt = click.option("--text-field", default="text", show_default=True,
                              help="Column or JSON field holding the text in .csv/.jsonl input.")
workers_opt = click.option("--workers", "-w", default=1, show_default=True, type=click.IntRange(1),
                           help="Processes to extract with; the output is the same for any number.")


def neo4j_options(func):
    for name, env in (("uri", "NEO4J_URI"), ("user", "NEO4J_USER"),
                      ("password", "NEO4J_PASSWORD"), ("database", "NEO4J_DATABASE")):
        func = click.option(f"--{name}", envvar=env, default=None,
                            help=f"Neo4j {name} (or ${env}).")(func)
    return func


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True))
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False),
              help="Folder of the graph: the RDF store, and events.jsonl, graph.trig and "
                   "graph.html when the graph is small.")
@text_field_opt
@workers_opt
@click.option("--remove", "remove", multiple=True, metavar="DOC_ID",
              help="Drop a document and what only it said (repeatable).")
@click.option("--sync", is_flag=True,
              help="Drop the documents that are not among INPUTS (and --facts).")
@click.option("--full", is_flag=True, help="Rebuild from nothing instead of applying changes.")
@click.option("--facts", "facts_dirs", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Folder of fact files written by `kg extract --facts-out` (repeatable).")
@click.option("--exports", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="Write events.jsonl, graph.trig and graph.html: always, never, or when the "
                   "graph is small enough for a page to be useful.")
@click.option("--no-wait", is_flag=True,
              help="Stop with a message if another build is writing --out (default: wait).")
@click.option("--neo4j", "to_neo4j", is_flag=True, help="Also apply the changes to Neo4j.")
@neo4j_options
def build(inputs, out, text_field, workers, remove, sync, full, facts_dirs, exports, no_wait,
          to_neo4j, uri, user, password, database):
    """Extract facts from INPUTS into the graph in --out, as one transaction.

    INPUTS are files or folders of .txt, .md, .html, .jsonl and .csv. A new document is
    added, a re-read one replaces what it said before, an unchanged one costs nothing; readers
    see the graph before or after the build, never a mix.

    Example:

        kg build data/examples ../shared/data/corpus/id_japan_nato_2025.txt --out out

        kg build --out out --remove example-id-asean

        kg build data/examples --out out --sync
    """
    if not (inputs or facts_dirs or remove):
        raise KgError("give INPUTS, --facts DIR or --remove DOC_ID")
    report = _guard(api.build, inputs, out, text_field, workers, _progress, remove=remove,
                    sync=sync, full=full, facts=facts_dirs, exports=exports, wait=not no_wait,
                    notify=lambda text: click.echo(text, err=True))
    click.echo(_summary(report, out), err=True)
    if to_neo4j:
        _load_neo4j(out, uri, user, password, database, full)
    _report_errors(report)


def _summary(report: api.BuildReport, out) -> str:
    changes = (f"{report.added} added, {report.replaced} replaced, {report.unchanged} unchanged, "
               f"{report.removed} removed")
    exports = (f"wrote {', '.join(report.exports)}" if report.exports
               else f"no events.jsonl/graph.trig/graph.html: {report.skipped_exports}")
    return f"{report.documents} document(s) read ({changes}); {report.facts} fact(s) in {out}; {exports}"


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@text_field_opt
@workers_opt
@click.option("--facts-out", type=click.Path(file_okay=False),
              help="Run as a Dask job and write partitioned fact files here (for "
                   "`kg build --facts`) instead of printing.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler (e.g. tcp://10.0.0.5:8786) for --facts-out; default: a "
                   "local cluster of --workers processes.")
def extract(inputs, text_field, workers, facts_out, scheduler):
    """Print the facts of INPUTS as JSON Lines, or write them as fact files (--facts-out).

    INPUTS are files, folders or glob patterns of .txt, .md, .html, .jsonl and .csv.

    Example:

        kg extract data/examples | head

        kg extract 'data/examples/*.md' --facts-out facts --workers 2 && kg build --facts facts --out out
    """
    if facts_out:
        from .extract.distributed import extract_to_files

        errors = _guard(extract_to_files, inputs, facts_out, text_field, scheduler, workers)
        for error in errors:
            click.echo(f"error: {error}", err=True)
        click.echo(f"fact files written to {facts_out}", err=True)
        if errors:
            sys.exit(PARTIAL_FAILURE)
        return
    missing = [i for i in inputs if not Path(i).exists()]
    if missing:
        raise KgError(f"no such input: {missing[0]}")
    facts, report = _guard(api.extract_facts, inputs, text_field, workers)
    for fact in facts:
        click.echo(json.dumps(fact.to_json(), ensure_ascii=False))
    _report_errors(report)


@main.group()
def query():
    """Query a built graph with SPARQL or Cypher."""


def _print_rows(rows: list[dict], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    columns = list(dict.fromkeys(k for row in rows for k in row))
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, columns)
        writer.writeheader()
        writer.writerows(rows)
        return
    widths = {c: max([len(c)] + [len(str(r.get(c, ""))) for r in rows]) for c in columns}
    click.echo("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        click.echo("  ".join(str(row.get(c, "")).ljust(widths[c]) for c in columns))


format_opt = click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table",
                          show_default=True)


@query.command("sparql")
@click.argument("text")
@click.option("--store", required=True, type=click.Path(exists=True, file_okay=False))
@format_opt
def query_sparql(text, store, fmt):
    """Run a SPARQL query over the store built by `kg build`.

    Example:

        kg query sparql "SELECT ?a ?b WHERE { ?a gk:consult ?b }" --store out
    """
    _print_rows(_guard(api.query, store, text), fmt)


@query.command("cypher")
@click.argument("text")
@click.option("--param", "params", multiple=True, metavar="K=V",
              help="Query parameter, used as $K in the query (repeatable).")
@click.option("--write", is_flag=True, help="Allow the query to write (read-only by default).")
@format_opt
@neo4j_options
def query_cypher(text, params, write, fmt, uri, user, password, database):
    """Run a Cypher query against Neo4j, read-only unless --write.

    Example:

        kg query cypher "MATCH (a)-[r:CONSULT]->(b) WHERE a.name = \\$name RETURN b.name, r.date" --param name="Takeshi Iwaya"
    """
    from .store.neo4j import Neo4jStore

    values = dict(_split_param(p) for p in params)
    with _guard(Neo4jStore, uri, user, password, database) as store:
        _print_rows(_guard(store.query, text, "cypher", write=write, **values), fmt)


def _split_param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise KgError(f"--param {text!r} is not K=V")
    return key, value


@main.command()
@click.option("--store", required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
def export(store, fmt, output):
    """Export the graph as RDF (turtle, trig, nt, jsonld, xml) or GraphML.

    Example:

        kg export --store out --format turtle -o graph.ttl
    """
    if output is None:
        _guard(api.export, store, fmt, sys.stdout.buffer)
        return
    with atomic_open(output, "wb", None) as fh:
        _guard(api.export, store, fmt, fh)


@main.command()
@click.option("--store", required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False))
def viz(store, output):
    """Write an interactive HTML page of the graph that works offline.

    Example:

        kg viz --store out -o graph.html
    """
    _guard(api.viz, store, output)


@main.group()
def load():
    """Load a built graph into another store."""


@load.command("neo4j")
@click.option("--store", required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--full", is_flag=True,
              help="Delete the geokg graph in Neo4j and load everything again.")
@neo4j_options
def load_neo4j(store, full, uri, user, password, database):
    """Bring Neo4j to the graph of --store: only documents added, changed or removed since
    the last load are written (loading twice changes nothing).

    Example:

        NEO4J_URI=bolt://127.0.0.1:7687 kg load neo4j --store out
    """
    _load_neo4j(store, uri, user, password, database, full)


def _load_neo4j(store, uri, user, password, database, full: bool = False) -> None:
    from .store.neo4j import Neo4jStore

    with _guard(Neo4jStore, uri, user, password, database) as neo:
        changes = _guard(api.load_neo4j, store, neo, full=full)
        click.echo(f"neo4j: {changes['added']} document(s) added, {changes['removed']} "
                   f"removed; now {neo.counts()}", err=True)


@main.command("eval")
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Gold file: PLOVER or CoNLL04 JSONL, PANL pairs JSONL, or CoNLL NER.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--part", type=click.Choice(["all", "tuned", "set-aside"]), default="all",
              show_default=True,
              help="Score the whole file, its tuned two thirds, or the seeded set-aside third.")
def evaluate(gold, as_json, part):
    """Score the extractor on a gold file.

    Example:

        kg eval --gold ../shared/data/gold/plover_dev.jsonl --part tuned
    """
    from .eval import evaluate as run_eval, format_report
    from .extract.pipeline import Pipeline

    report = _guard(run_eval, Path(gold), Pipeline(), part=part)
    click.echo(json.dumps(report, indent=2, default=str) if as_json else format_report(report))
