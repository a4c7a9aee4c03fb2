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
from .store import sparql
from .store.base import QUERY_TIMEOUT, StoreError

PARTIAL_FAILURE = 2
NOTHING_DONE = 1
NEO4J_ENV_FILE = ".neo4j/env"  # written by scripts/neo4j-server start
EXPORT_FORMATS = ("turtle", "trig", "nt", "nquads", "jsonld", "xml", "graphml", "csv", "parquet")
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

    \b
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
@click.argument("inputs", nargs=-1, type=click.Path())
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
@limits_opt
@click.option("--neo4j", "to_neo4j", is_flag=True, help="Also apply the changes to Neo4j.")
@neo4j_options
def build(inputs, out, text_field, workers, remove, sync, full, facts_dirs, exports, no_wait,
          limits, to_neo4j, uri, user, password, database):
    """Extract facts from INPUTS into the graph in --out, as one transaction.

    INPUTS are files or folders of .txt, .md, .html, .jsonl and .csv. A new document is
    added, a re-read one replaces what it said before, an unchanged one costs nothing; readers
    see the graph before or after the build, never a mix.

    Example:

    \b
        kg build data/examples/en_ukraine_aid.md data/examples/id_asean_laut.md --out out
        kg build data/examples --out out && kg build --out out --remove example-id-asean
        kg build data/examples --out out --sync
    """
    if not (inputs or facts_dirs or remove):
        raise KgError("give INPUTS, --facts DIR or --remove DOC_ID")
    server = _neo4j_settings(uri, user, password, database) if to_neo4j else None
    report = _guard(api.build, inputs, out, text_field, workers, _progress, _limits(limits),
                    remove=remove,
                    sync=sync, full=full, facts=facts_dirs, exports=exports, wait=not no_wait,
                    notify=lambda text: click.echo(text, err=True))
    click.echo(_summary(report, out), err=True)
    if server:
        _load_neo4j(out, *server, full=full)
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
@limits_opt
def extract(inputs, text_field, workers, facts_out, scheduler, limits):
    """Print the facts of INPUTS as JSON Lines, or write them as fact files (--facts-out).

    INPUTS are files, folders or glob patterns of .txt, .md, .html, .jsonl and .csv.

    Example:

    \b
        kg extract data/examples/id_timur_tengah.md --workers 2
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
    _print_table([columns] + [[_cell(row.get(c)) for c in columns] for row in rows])


def _cell(value) -> str:
    return "" if value is None else str(value)


def _print_table(lines: list[list[str]]) -> None:
    """A header and rows in aligned columns."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for line in lines:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


format_opt = click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table",
                          show_default=True)


@query.command("sparql")
@click.argument("text", required=False)
@click.option("--file", "-f", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from this file (- for stdin) instead of TEXT.")
@click.option("--store", required=True, type=click.Path(file_okay=False),
              help="The folder `kg build --out` wrote.")
@format_opt
@click.option("--timeout", default=sparql.DEFAULT_TIMEOUT, show_default=True,
              type=click.FloatRange(0, min_open=True), help="Stop the query after this many seconds.")
@click.option("--limit", default=sparql.DEFAULT_LIMIT, show_default=True, type=click.IntRange(0),
              help="Print at most this many rows (0: all); a note says when rows were left out.")
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE send parts of the query to other servers over the network.")
def query_sparql(text, query_file, store, fmt, timeout, limit, allow_service):
    """Run a read-only SPARQL query over the store built by `kg build`.

    TEXT is the query, or - to read it from stdin. The prefixes gk: id: cameo: plover: wd:
    wdt: prov: skos: rdfs: xsd: owl: geo: dcterms: are predefined. The table shows IRIs by
    prefixed name and label (id:Q794 Iran); json and csv give full IRIs.

    Example:

    \b
        kg build data/examples --out out && kg query sparql "SELECT ?a ?b WHERE { ?a gk:consult ?b }" --store out
    """
    text = _query_text(text, query_file)
    result = _guard(api.sparql_result, store, text, timeout=timeout, limit=limit or None,
                    labels=fmt == "table", allow_service=allow_service)
    if fmt == "table":
        _print_table(list(sparql.table(result)))
    else:
        _print_rows(sparql.records(result), fmt)
    if result.truncated:
        click.echo(f"note: only the first {limit} rows are shown; use --limit 0 for all", err=True)


def _query_text(text: str | None, query_file) -> str:
    if (text is None) == (query_file is None):
        raise click.UsageError("give the query as TEXT, - (stdin) or --file FILE, one of them")
    if query_file is not None:
        return query_file.read()
    return click.get_text_stream("stdin").read() if text == "-" else text


@query.command("cypher")
@click.argument("text")
@click.option("--param", "params", multiple=True, metavar="K=V",
              help="Query parameter $K (repeatable). V is read as JSON when it is JSON (0.8, "
                   "true, [1,2], \"text\"), else as text.")
@click.option("--write", is_flag=True, help="Allow the query to write (read-only by default).")
@format_opt
@click.option("--timeout", default=QUERY_TIMEOUT, show_default=True,
              type=click.FloatRange(0, min_open=True),
              help="Have the server stop the query after this many seconds.")
@neo4j_options
def query_cypher(text, params, write, fmt, timeout, uri, user, password, database):
    """Run a Cypher query against Neo4j, read-only unless --write.

    Example:

    \b
        kg query cypher "MATCH (e:Event)-[:SOURCE|TARGET]->(a:Entity {name: \\$name}) WHERE e.confidence > \\$c RETURN e.type, e.date" --param name="Takeshi Iwaya" --param c=0.5
    """
    values = dict(_split_param(p) for p in params)
    with _neo4j(uri, user, password, database) as store:
        _print_rows(_guard(store.query, text, "cypher", write=write, timeout=timeout, **values),
                    fmt)


def _split_param(text: str) -> tuple[str, object]:
    """``K=V`` with V as the JSON value it spells (``0.8`` a float), else as text."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise KgError(f"--param {text!r} is not K=V")
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value


@main.command()
@click.option("--store", required=True, type=click.Path(file_okay=False),
              help="The folder `kg build --out` wrote.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
@click.option("--with-ontology/--no-ontology", "ontology", default=True, show_default=True,
              help="RDF: include the ontology and the CAMEO/PLOVER labels (named graphs in trig, "
                   "nquads, jsonld; merged into the one graph of turtle, nt, xml).")
@click.option("--level", type=click.Choice(("event", "country")), default="event",
              show_default=True, help="graphml/csv/parquet: one edge or row per event, or per "
                                      "pair of states and period.")
@click.option("--period", type=click.Choice(("day", "month", "year")), default="month",
              show_default=True, help="The period of --level country.")
def export(store, fmt, output, ontology, level, period):
    """Export the graph as RDF, GraphML (for Gephi) or a table of events (CSV, Parquet).

    RDF trig/nquads/jsonld hold three named graphs (facts, taxonomy, ontology). GraphML and
    the country level hold direct edges only: asserted and reported events between two actors.
    The event table has one row per event of any modality. Parquet needs pip install 'geokg[table]'.

    Example:

    \b
        kg build data/examples --out out && kg export --store out --format csv --level country --period year -o dyads.csv
    """
    options = dict(ontology=ontology, level=level, period=period)
    if output is None and fmt == "parquet" and sys.stdout.isatty():
        raise KgError("Parquet is binary: write it to a file with -o FILE.parquet")
    if output is None:
        _guard(api.export, store, fmt, sys.stdout.buffer, **options)
        return
    with atomic_open(output, "wb", None) as fh:
        _guard(api.export, store, fmt, fh, **options)


@main.command()
@click.option("--store", required=True, type=click.Path(file_okay=False),
              help="The folder `kg build --out` wrote.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False))
def viz(store, output):
    """Write an interactive HTML page of the graph that works offline.

    Example:

    \b
        kg build data/examples --out out && kg viz --store out -o graph.html
    """
    _guard(api.viz, store, output)


@main.command()
@click.option("--store", required=True, type=click.Path(exists=True, file_okay=False),
              help="The folder written by `kg build --out`.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default answers this machine only.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a SPARQL query may run before it is stopped.")
@click.option("--limit", default=100_000, show_default=True, type=click.IntRange(1),
              help="Most results a SPARQL query may return (more is refused, never cut).")
def serve(store, host, port, timeout, limit):
    """Serve the explorer at / and a read-only SPARQL endpoint at /sparql.

    Example:

        kg build data/examples --out out && kg serve --store out
    """
    try:
        import uvicorn

        from .serve.app import create_app
    except ImportError as exc:
        raise KgError(f"kg serve needs the serve extra ({exc.name} is missing): "
                      "pip install 'geokg[serve]'") from exc
    app = _guard(create_app, store, timeout=timeout, limit=limit)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: other machines can query this store", err=True)
    click.echo(f"explorer: http://{host}:{port}/   SPARQL: http://{host}:{port}/sparql", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


@main.group()
def load():
    """Load a built graph into another store."""


@load.command("neo4j")
@click.option("--store", required=True, type=click.Path(file_okay=False),
              help="The folder `kg build --out` wrote.")
@click.option("--full", is_flag=True,
              help="Delete the geokg graph in Neo4j and load everything again.")
@neo4j_options
def load_neo4j(store, full, uri, user, password, database):
    """Bring Neo4j to the graph of --store: only documents added, changed or removed since
    the last load are written (loading twice changes nothing).

    The server must be named: --uri, $NEO4J_URI, or the .neo4j/env file that
    scripts/neo4j-server start writes (read from the current folder).

    Example:

    \b
        kg build data/examples --out out && kg load neo4j --store out
    """
    _load_neo4j(store, *_neo4j_settings(uri, user, password, database), full=full)


def _load_neo4j(store, uri, user, password, database, full: bool = False) -> None:
    with _neo4j(uri, user, password, database) as neo:
        changes = _guard(api.load_neo4j, store, neo, full=full)
        wrote = ", ".join(f"{n} {what}" for what, n in changes["written"].items())
        click.echo(f"loaded into Neo4j at {neo.uri}: {changes['added']} document(s) added or "
                   f"changed, {changes['removed']} removed; wrote {wrote}", err=True)


def _neo4j(uri, user, password, database):
    """The Neo4j store the options name, connected."""
    from .store.neo4j import Neo4jStore

    return _guard(Neo4jStore, *_neo4j_settings(uri, user, password, database))


def _neo4j_settings(uri, user, password, database) -> tuple:
    """(uri, user, password, database) from the options and environment, else from the test
    server's env file; never a server nobody named (no default port on a shared host)."""
    settings = _server_file(Path(NEO4J_ENV_FILE)) if uri is None else {}
    uri = uri or settings.get("NEO4J_URI")
    if not uri:
        raise KgError("no Neo4j server given: pass --uri, set NEO4J_URI, or start the test "
                      f"server (scripts/neo4j-server start writes {NEO4J_ENV_FILE})")
    return (uri, user or settings.get("NEO4J_USER"),
            password if password is not None else settings.get("NEO4J_PASSWORD"),
            database or settings.get("NEO4J_DATABASE"))


def _server_file(path: Path) -> dict[str, str]:
    """NEO4J_* settings from the KEY=VALUE lines of the test server's env file, if present."""
    import shlex

    if not path.is_file():
        return {}
    pairs = (line.partition("=") for line in path.read_text(encoding="utf-8").splitlines())
    return {key.strip(): " ".join(shlex.split(value)) for key, sep, value in pairs
            if sep and key.strip().startswith("NEO4J_")}


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

    \b
        kg eval --gold data/gold/example_plover.jsonl --part all
    """
    from .eval import evaluate as run_eval, format_report
    from .extract.pipeline import Pipeline

    report = _guard(run_eval, Path(gold), Pipeline(), part=part)
    click.echo(json.dumps(report, indent=2, default=str) if as_json else format_report(report))
