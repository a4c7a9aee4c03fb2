#!/usr/bin/env python3
"""Fact files (``kg extract --facts-out DIR``) as CSV for ``neo4j-admin database import``.

For Neo4j beyond millions of facts, the offline importer is far faster than Bolt: it writes
the store files directly into a new, stopped database. This script writes its header and data
files (nodes: entities, facts, documents; relationships: SOURCE, TARGET, AT, EVIDENCED_BY and
the typed shortcuts) in the graph model of ``kg/store/neo4j.py``, and prints the command.
Facts are merged across documents as ``kg build`` merges them, so it holds the distinct facts
of the corpus in memory (not the text).

Example:
    kg extract corpus/ --facts-out facts --workers 2
    python scripts/neo4j_import.py facts --out import/
    neo4j-admin database import full geokg --nodes=import/entities.csv ...   # as printed

After the import, ``CREATE CONSTRAINT`` statements from kg/store/neo4j.py (run by the first
``kg load neo4j``) make later incremental loads fast.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.model import merge_facts  # noqa: E402
from kg.store.doclog import record_facts  # noqa: E402
from kg.store.facts_files import read_records  # noqa: E402
from kg.store.neo4j import _check, _entity_props, _evidence_row, _fact_props, _shortcut_props  # noqa: E402

ARRAY = ";"  # neo4j-admin's array delimiter


def _cell(value):
    if isinstance(value, (list, tuple)):
        return ARRAY.join(map(str, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _typed(key: str, value) -> str:
    if isinstance(value, bool):
        return f"{key}:boolean"
    if isinstance(value, int):
        return f"{key}:long"
    if isinstance(value, float):
        return f"{key}:double"
    if isinstance(value, (list, tuple)):
        return f"{key}:string[]"
    return key


class Table:
    """One CSV file whose header is the union of the rows' keys (written at the end)."""

    def __init__(self, path: Path, fixed: list[str]):
        self.path, self.fixed, self.rows, self.types = path, fixed, [], {}

    def add(self, fixed: list, props: dict) -> None:
        for key, value in props.items():
            if value is not None:
                self.types.setdefault(key, _typed(key, value))
        self.rows.append((fixed, props))

    def write(self) -> Path:
        keys = sorted(self.types)
        with open(self.path, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(self.fixed + [self.types[k] for k in keys])
            for fixed, props in self.rows:
                out.writerow(fixed + [_cell(props.get(k)) for k in keys])
        return self.path


def convert(facts_dir: Path, out: Path) -> dict[str, list[Path]]:
    out.mkdir(parents=True, exist_ok=True)
    hashes: dict[str, str] = {}  # so a later `kg load neo4j` knows these documents are loaded

    def facts_of(record: dict):
        hashes[record["doc"]] = record["hash"]
        return record_facts(record)

    facts = merge_facts(f for record in read_records(facts_dir) for f in facts_of(record))
    entities = Table(out / "entities.csv", ["id:ID(Entity)", ":LABEL"])
    fact_nodes = Table(out / "facts.csv", ["id:ID(Fact)", ":LABEL"])
    documents = Table(out / "documents.csv", ["id:ID(Document)", ":LABEL"])
    links = Table(out / "links.csv", [":START_ID(Fact)", ":END_ID(Entity)", ":TYPE"])
    evidence = Table(out / "evidence.csv", [":START_ID(Fact)", ":END_ID(Document)", ":TYPE"])
    shortcuts = Table(out / "shortcuts.csv", [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"])
    seen_entities, seen_docs = set(), {}
    for fact in facts:
        _check(fact)  # labels and types only from the closed lists
        for entity in (fact.source, fact.target, fact.place):
            if entity is not None and entity.id not in seen_entities:
                seen_entities.add(entity.id)
                entities.add([entity.id, f"Entity;{entity.type}"], _entity_props(entity))
        label = "Fact;Event" if fact.kind == "event" else "Fact;Relation"
        fact_nodes.add([fact.id, label], _fact_props(fact))
        links.add([fact.id, fact.source.id, "SOURCE"], {})
        if fact.target is not None:
            links.add([fact.id, fact.target.id, "TARGET"], {})
            key = "event_id" if fact.kind == "event" else "fact_id"  # as kg load neo4j keys them
            shortcuts.add([fact.source.id, fact.target.id, fact.type.upper()],
                          {key: fact.id, **_shortcut_props(fact)})
        if fact.place is not None:
            links.add([fact.id, fact.place.id, "AT"], {})
        for ev in fact.evidence:
            seen_docs[ev.doc] = ev.url or seen_docs.get(ev.doc)
            row = _evidence_row(ev)
            evidence.add([fact.id, ev.doc, "EVIDENCED_BY"],
                         {**row["props"], **{k: row[k] for k in ("sentence", "start", "end", "rule")}})
    for doc, url in seen_docs.items():
        documents.add([doc, "Document"], {"url": url, "factsHash": hashes.get(doc)})
    return {"nodes": [t.write() for t in (entities, fact_nodes, documents)],
            "relationships": [t.write() for t in (links, evidence, shortcuts)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("facts", type=Path, help="folder of part-*.jsonl fact files")
    parser.add_argument("--out", type=Path, required=True, help="folder for the CSV files")
    parser.add_argument("--database", default="neo4j")
    args = parser.parse_args()
    files = convert(args.facts, args.out)
    nodes = " ".join(f"--nodes={p}" for p in files["nodes"])
    rels = " ".join(f"--relationships={p}" for p in files["relationships"])
    print(json.dumps({k: [str(p) for p in v] for k, v in files.items()}, indent=2))
    print(f"neo4j-admin database import full {args.database} --array-delimiter='{ARRAY}' "
          f"--overwrite-destination {nodes} {rels}")


if __name__ == "__main__":
    main()
