#!/usr/bin/env python3
"""Load a synthetic fact store into Neo4j and time the load and three typical queries."""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.model import Entity, Evidence, Fact  # noqa: E402
from kg.model import PLOVER_CATEGORIES  # noqa: E402
from kg.store.neo4j import Neo4jStore  # noqa: E402

EXAMPLE = """example:
  scripts/neo4j-server start && set -a && . .neo4j/env && set +a
  python3 scripts/bench_neo4j.py --events 100000 --wipe
"""
FIRST_DAY, DAYS = date(2015, 1, 1), 11 * 365
# In slices, so a large database is not deleted in one transaction that overflows the heap.
WIPE = "MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS deleted"
WHO_MET_WHOM = """
MATCH (a:Person)-[r:CONSULT]-(b:Person)
WHERE r.symmetric OR startNode(r) = a
RETURN a.name AS a, b.name AS b, count(r) AS meetings ORDER BY meetings DESC LIMIT 20
"""
ACTOR_EVENTS = """
MATCH (:Entity {id: $actor})<-[:SOURCE|TARGET]-(e:Event)
WHERE date($start) <= e.date <= date($end)
RETURN e.id AS id, e.type AS type, e.date AS date ORDER BY date
"""
ROLE_ON = """
MATCH (:Person {id: $person})-[r:HOLDS_ROLE]->(of)
WHERE (r.valid_from IS NULL OR r.valid_from <= date($day))
  AND (r.valid_to IS NULL OR date($day) <= r.valid_to)
RETURN r.role AS role, of.name AS of
"""


def make_entities(rng: random.Random, count: int) -> dict[str, list[Entity]]:
    shares = {"Country": 0.06, "Organization": 0.1, "Place": 0.14, "Person": 0.7}
    return {kind: [Entity(f"{kind.lower()}:{i}", f"{kind} {i}", kind,
                          country=f"C{rng.randrange(200):03d}")
                   for i in range(max(2, int(count * share)))]
            for kind, share in shares.items()}


def evidence(rng: random.Random, documents: int, quote: str) -> list[Evidence]:
    docs = {f"doc{rng.randrange(documents)}" for _ in range(rng.choice((1, 1, 2)))}
    return [Evidence(doc, rng.randrange(40), 0, len(quote), quote, "en", "bench",
                     url=f"https://example.org/{doc}", confidence=0.8) for doc in sorted(docs)]


def make_event(rng: random.Random, entities: dict, documents: int) -> Fact:
    actors = entities["Person"] + entities["Country"] + entities["Organization"]
    source, target = rng.sample(actors, 2)
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    place = rng.choice(entities["Place"]) if rng.random() < 0.5 else None
    kind = rng.choice(PLOVER_CATEGORIES)
    return Fact("event", kind, source, target, cameo=f"{rng.randrange(1, 21):02d}0",
                quad_class=rng.randrange(1, 5), goldstein=round(rng.uniform(-10, 10), 1),
                date=day.isoformat(), place=place,
                evidence=evidence(rng, documents, f"{source.name} {kind} {target.name}"))


def make_roles(rng: random.Random, entities: dict, documents: int) -> list[Fact]:
    """One to three successive roles per person, each for a state or organisation."""
    facts = []
    for person in entities["Person"]:
        start = FIRST_DAY + timedelta(days=rng.randrange(DAYS // 2))
        for _ in range(rng.randrange(1, 4)):
            end = start + timedelta(days=rng.randrange(200, 1500))
            of = rng.choice(entities["Country"] + entities["Organization"])
            facts.append(Fact("relation", "holds_role", person, of,
                              role=rng.choice(("minister", "ambassador", "envoy", "chair")),
                              valid_from=start.isoformat(), valid_to=end.isoformat(),
                              evidence=evidence(rng, documents, f"{person.name} role")))
            start = end + timedelta(days=1)
    return facts


def make_facts(events: int, entity_count: int, seed: int) -> tuple[list[Fact], dict]:
    rng = random.Random(seed)
    entities = make_entities(rng, entity_count)
    documents = max(1, events // 3)
    facts = [make_event(rng, entities, documents) for _ in range(events)]
    return facts + make_roles(rng, entities, documents), entities


def time_query(store: Neo4jStore, cypher: str, runs: int, **params) -> tuple[float, int]:
    """Median milliseconds over ``runs`` after one warm-up, and the row count."""
    rows = store.query(cypher, "cypher", **params)
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        store.query(cypher, "cypher", **params)
        times.append((time.perf_counter() - begin) * 1000)
    return statistics.median(times), len(rows)


def load(store: Neo4jStore, facts: list[Fact]) -> None:
    before = store.counts()
    begin = time.perf_counter()
    store.add(facts)
    seconds = time.perf_counter() - begin
    after = store.counts()
    events = after["events"] - before["events"]
    relationships = after["relationships"] - before["relationships"]
    print(f"loaded {events:,} events, {after['relations'] - before['relations']:,} relations, "
          f"{after['nodes'] - before['nodes']:,} nodes, {relationships:,} relationships "
          f"in {seconds:.1f} s")
    print(f"  {events / seconds:,.0f} events/s, {relationships / seconds:,.0f} relationships/s")


def queries(store: Neo4jStore, entities: dict, runs: int) -> None:
    person = entities["Person"][0].id
    timed = {
        "who met whom (top 20 CONSULT pairs)": (WHO_MET_WHOM, {}),
        "events of one actor, 2019-2020": (ACTOR_EVENTS, dict(
            actor=entities["Country"][0].id, start="2019-01-01", end="2020-12-31")),
        "role of a person on a date": (ROLE_ON, dict(person=person, day="2020-06-01")),
    }
    for label, (cypher, params) in timed.items():
        ms, rows = time_query(store, cypher, runs, **params)
        print(f"  {label}: {ms:.1f} ms median of {runs}, {rows} rows")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, epilog=EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000, help="event facts (default 100000)")
    parser.add_argument("--entities", type=int, default=4_000, help="entities (default 4000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=None, help="rows per transaction")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query")
    parser.add_argument("--wipe", action="store_true",
                        help="delete everything in the database first (needed if not empty)")
    args = parser.parse_args(argv)
    facts, entities = make_facts(args.events, args.entities, args.seed)
    with Neo4jStore(**({"batch_size": args.batch_size} if args.batch_size else {})) as store:
        if args.wipe:
            while store.query(WIPE, "cypher", write=True)[0]["deleted"]:
                pass
        elif store.counts()["nodes"]:
            parser.error("the database is not empty; pass --wipe to clear it first")
        load(store, facts)
        queries(store, entities, args.runs)


if __name__ == "__main__":
    main()
