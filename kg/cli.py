"""The ``kg`` command: each command thinly wraps the API call of the same name.

Errors are one "Error: …" line and exit status 1. ``build`` and ``extract`` go on past bad
documents, list them on stderr, and exit with status 2 when any failed.
"""
from __future__ import annotations

import csv
import dataclasses
import json
import sys
from pathlib import Path

import click
from tqdm import tqdm

from . import api
from .atomic import atomic_open
from .extract.limits import DEFAULT_LIMITS, Limits
from .store.base import StoreError

PARTIAL_FAILURE = 2
NOTHING_DONE = 1
EXPORT_FORMATS = ("turtle", "trig", "nt", "jsonld", "xml", "graphml")
ROW_FORMATS = ("table", "json", "csv")


def _progress(iterable, total):
    return tqdm(iterable, total=total, desc="documents", unit="doc", file=sys.stderr,
                disable=None)


def _report_errors(report: api.BuildReport) -> None:
    """Exit 0 when all went well, 2 when done with per-document errors, 1 when no document
    could be used at all."""
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    if report.errors:
        click.echo(f"{len(report.errors)} error(s); {report.documents} document(s) processed",
                   err=True)
        sys.exit(PARTIAL_FAILURE if report.documents else NOTHING_DONE)


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


# Not exists=True: a missing input is that input's error, and the others are still read.
inputs_arg = click.argument("inputs", nargs=-1, required=True, type=click.Path())
text_field_opt = click.option("--text-field", default="text", show_default=True,
                              help="Column or JSON field holding the text in .csv/.jsonl input.")
limits_opt = click.option(
    "--limit", "limits", multiple=True, metavar="NAME=N",
    help="Raise or lower a bound on what one input may cost (repeatable); NAME is one of "
         + ", ".join(f"{f.name} (default {getattr(DEFAULT_LIMITS, f.name)})"
                     for f in dataclasses.fields(Limits))
         + ". See README, 'Limits and errors'.")


def _limits(settings: tuple[str, ...]) -> Limits:
    pairs = dict(text.partition("=")[::2] for text in settings)
    return _guard(DEFAULT_LIMITS.with_settings, pairs)


workers_opt = click.option("--workers", "-w", default=1, show_default=True, type=click.IntRange(1),
                           help="Processes to extract with; the output is the same for any number.")


def neo4j_options(func):
    for name, env in (("uri", "NEO4J_URI"), ("user", "NEO4J_USER"),
                      ("password", "NEO4J_PASSWORD"), ("database", "NEO4J_DATABASE")):
        func = click.option(f"--{name}", envvar=env, default=None,
                            help=f"Neo4j {name} (or ${env}).")(func)
    return func


@main.command()
@inputs_arg
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False),
              help="Folder for events.jsonl, the RDF store, graph.trig and graph.html.")
@text_field_opt
@workers_opt
@limits_opt
@click.option("--neo4j", "to_neo4j", is_flag=True, help="Also load the graph into Neo4j.")
@neo4j_options
def build(inputs, out, text_field, workers, limits, to_neo4j, uri, user, password, database):
    """Extract facts from INPUTS and write the graph to --out.

    INPUTS are files or folders of .txt, .md, .html, .jsonl and .csv. Re-running on the
    same inputs changes nothing; new inputs add to the graph.

    Example:

        kg build data/examples ../shared/data/corpus/id_japan_nato_2025.txt --out out
    """
    report = _guard(api.build, inputs, out, text_field, workers, _progress, _limits(limits))
    click.echo(f"{report.documents} document(s), {report.facts} fact(s) in {out}", err=True)
    if to_neo4j:
        _load_neo4j(out, uri, user, password, database)
    _report_errors(report)


@main.command()
@inputs_arg
@text_field_opt
@workers_opt
@limits_opt
def extract(inputs, text_field, workers, limits):
    """Print the facts of INPUTS as JSON Lines; nothing is stored.

    Example:

        kg extract news.jsonl --text-field body | head
    """
    facts, report = _guard(api.extract_facts, inputs, text_field, workers,
                           limits=_limits(limits))
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
@neo4j_options
def load_neo4j(store, uri, user, password, database):
    """Load the graph of --store into Neo4j (idempotent: loading twice changes nothing).

    Example:

        NEO4J_URI=bolt://127.0.0.1:7687 kg load neo4j --store out
    """
    _load_neo4j(store, uri, user, password, database)


def _load_neo4j(store, uri, user, password, database) -> None:
    from .store.neo4j import Neo4jStore

    facts = _guard(api.read_facts, store)
    with _guard(Neo4jStore, uri, user, password, database) as neo:
        _guard(neo.add, facts)
        click.echo(f"loaded into Neo4j: {neo.counts()}", err=True)


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
