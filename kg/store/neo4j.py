"""Facts in a Neo4j graph, written over Bolt with parameterised Cypher only.

The graph
---------
* ``(:Entity:Person {id, name, wikidata, country, aliases})``: one node per entity, labelled
  ``:Entity`` and its type (``Country``, ``Organization``, ``Person``, ``Place``); places also
  carry ``geonames``, ``lat``, ``lon``.
* ``(:Fact:Event {id, type, cameo, quad_class, goldstein, date, date_end, date_precision,
  modality, confidence, symmetric, source_country, target_country})``: one node per event,
  whatever its modality, ``-[:SOURCE]->`` and ``-[:TARGET]->`` its actors and ``-[:AT]->`` its
  place. ``date`` is a Neo4j ``date``: the first day the text's date covers (``2025-06`` ->
  2025-06-01), ``date_end`` the last, ``date_precision`` ``day``, ``month`` or ``year``.
  ``source_country``/``target_country``: ISO-3 of the state each actor acts for on that date.
* ``(:Fact:Relation {id, type, role, valid_from, valid_to, modality, confidence, symmetric})``:
  a structural relation is a node too, linked the same way, so its evidence lives in the graph
  like an event's and ``remove_document`` treats both alike. ``valid_from``/``valid_to`` are
  dates (first and last day they cover).
* ``(:Fact)-[:EVIDENCED_BY {sentence, start, end, quote, rule, lang, confidence}]->
  (:Document {id, url, title, published, published_precision, lang})``: one relationship per
  piece of evidence; ``published`` is a date (the first day of a less precise one).
* Direct relationships, for facts ``kg.model.has_direct_edge`` admits (asserted or reported,
  with a target; never negated or planned): the two entities are joined directly, typed by the
  PLOVER category or the relation name upper-cased, keyed by the fact id so two meetings of one
  pair stay two relationships. A symmetric fact (``symmetric: true`` on both) is stored once:
  match it with an undirected pattern, ``(a)-[:CONSULT]-(b)``::

      (:Person)-[:CONSULT {event_id, date, date_precision, place, place_id, modality, symmetric}]->(:Person)
      (:Person)-[:HOLDS_ROLE {fact_id, role, valid_from, valid_to}]->(:Country)

Labels and relationship types come only from the closed lists below, checked before anything
is written; every name, quote and url travels as a query parameter.

The server comes from the arguments or NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE;
``scripts/neo4j-server start`` runs one for tests and benchmarks.
"""
from __future__ import annotations

import os
import re
from collections import defaultdict
from contextlib import contextmanager
from itertools import islice
from typing import Callable, Iterable, Iterator

from neo4j import GraphDatabase, unit_of_work
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable
from tqdm import tqdm

from ..model import (ENTITY_TYPES, PLOVER_CATEGORIES, RELATION_TYPES, Entity, Evidence, Fact, fact_counts,
                     date_span, has_direct_edge)
from .base import QUERY_TIMEOUT, Store, StoreError
from .doclog import record_facts

RELATION_RELS = tuple(t.upper() for t in RELATION_TYPES)
DEFAULT_URI = "bolt://127.0.0.1:7687"
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
# A port that accepts connections but never answers the Bolt handshake fails within this many
# seconds (the driver's default would wait 60 s).
CONNECT_SECONDS = 5
# Plan operators that reach outside the database: refused in read-only queries.
OUTSIDE_OPERATORS = ("LoadCSV",)
BATCH_SIZE = 5000

CONSTRAINTS = (
    "CREATE CONSTRAINT geokg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT geokg_fact_id IF NOT EXISTS FOR (n:Fact) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT geokg_document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE",
)
# One query per label or type: Cypher cannot take a label as a parameter (before 5.26), and the
# names filled in here come from the closed lists above, never from the data.
MERGE_ENTITY = {t: "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) "
                   f"SET n:{t}, n += row.props" for t in ENTITY_TYPES}
MERGE_FACT = {kind: "UNWIND $rows AS row MERGE (n:Fact {id: row.id}) "
                    f"SET n:{label}, n += row.props"
              for kind, label in (("event", "Event"), ("relation", "Relation"))}
MERGE_DOCUMENT = "UNWIND $rows AS row MERGE (d:Document {id: row.id}) SET d += row.props"
# A fact's actors when it has no direct relationship, and an event's place.
MERGE_LINK = {t: "UNWIND $rows AS row MATCH (f:Fact {id: row.id}) "
                 f"MATCH (e:Entity {{id: row.entity}}) MERGE (f)-[:{t}]->(e)"
              for t in ("SOURCE", "TARGET", "AT")}
# A fact with a direct relationship: both its links and that relationship in one pass, so each
# row costs three index seeks instead of six.
_MERGE_PAIR = """
UNWIND $rows AS row
MATCH (f:Fact {{id: row.id}})
MATCH (a:Entity {{id: row.source}})
MATCH (b:Entity {{id: row.target}})
MERGE (f)-[:SOURCE]->(a)
MERGE (f)-[:TARGET]->(b)
MERGE (a)-[r:{type} {{{key}: row.id}}]->(b)
ON CREATE SET r += row.props
"""
MERGE_PAIR = {**{t: _MERGE_PAIR.format(type=t, key="event_id") for t in PLOVER_CATEGORIES},
              **{t: _MERGE_PAIR.format(type=t, key="fact_id") for t in RELATION_RELS}}
# Noisy-or over all the evidence in the graph, as Fact.confidence computes it in Python: a later
# load may bring new evidence for a fact already stored.
_CONFIDENCE = """
MATCH (f)-[r:EVIDENCED_BY]->()
WITH f, collect(r.confidence) AS confidences
SET f.confidence = round(1.0 - reduce(miss = 1.0, c IN confidences | miss * (1.0 - c)), 4)
"""
MERGE_EVIDENCE = """
UNWIND $rows AS row
MATCH (f:Fact {id: row.id})
UNWIND row.evidence AS ev
MATCH (d:Document {id: ev.doc})
MERGE (f)-[r:EVIDENCED_BY {sentence: ev.sentence, start: ev.start, end: ev.end, rule: ev.rule}]->(d)
ON CREATE SET r += ev.props
WITH DISTINCT f
""" + _CONFIDENCE
UPDATE_CONFIDENCE = "UNWIND $facts AS id MATCH (f:Fact {id: id})" + _CONFIDENCE
UNLINK_DOCUMENT = """
MATCH (:Document {id: $doc})<-[r:EVIDENCED_BY]-(f:Fact)
DELETE r
RETURN collect(DISTINCT f.id) AS facts
"""
DELETE_SHORTCUTS = """
UNWIND $facts AS id
MATCH (f:Fact {id: id})-[:SOURCE]->(:Entity)-[x]->(:Entity)
WHERE NOT (f)-[:EVIDENCED_BY]->() AND (x.event_id = id OR x.fact_id = id)
DELETE x
"""
DELETE_FACTS = """
UNWIND $facts AS id
MATCH (f:Fact {id: id})
WHERE NOT (f)-[:EVIDENCED_BY]->()
OPTIONAL MATCH (f)-->(e:Entity)
WITH collect(DISTINCT f) AS facts, collect(DISTINCT e.id) AS entities
FOREACH (f IN facts | DETACH DELETE f)
RETURN entities
"""
DELETE_ORPHANS = """
UNWIND $entities AS id
MATCH (e:Entity {id: id})
WHERE NOT (e)<-[:SOURCE|TARGET|AT]-(:Fact)
DETACH DELETE e
"""
DELETE_DOCUMENT = "MATCH (d:Document {id: $doc}) DETACH DELETE d"
DOCUMENT_HASHES = "MATCH (d:Document) RETURN d.id AS id, d.factsHash AS hash"
SET_DOCUMENT_HASHES = ("UNWIND $rows AS row MATCH (d:Document {id: row.doc}) "
                       "SET d.factsHash = row.hash")
# Everything geokg wrote, in batches so a large graph does not need one huge transaction.
CLEAR = ("MATCH (n) WHERE n:Entity OR n:Fact OR n:Document "
         "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
# Counts by label come from Neo4j's count store, so each is a constant-time lookup.
COUNTS = {
    "events": "MATCH (n:Event) RETURN count(n)",
    "relations": "MATCH (n:Relation) RETURN count(n)",
    "entities": "MATCH (n:Entity) RETURN count(n)",
    "documents": "MATCH (n:Document) RETURN count(n)",
    "nodes": "MATCH (n) RETURN count(n)",
    "relationships": "MATCH ()-[r]->() RETURN count(r)",
}


def _props(**values) -> dict:
    """Drop empty values: ``SET n += {k: null}`` would erase what an earlier load stored."""
    return {k: v for k, v in values.items() if v is not None and v != ()}


def _entity_props(entity: Entity) -> dict:
    return _props(name=entity.name, wikidata=entity.wikidata, country=entity.country,
                  aliases=list(entity.aliases) or None, geonames=entity.geonames,
                  lat=entity.lat, lon=entity.lon)


def _date_props(text: str | None) -> dict:
    """Neo4j dates for an ISO date of any precision: its first and last day, and the precision."""
    span = date_span(text)
    if span is None:
        return {}
    return {"date": span[0], "date_end": span[1], "date_precision": span[2]}


def _validity(fact: Fact) -> dict:
    start, end = date_span(fact.valid_from), date_span(fact.valid_to)
    return dict(role=fact.role, valid_from=start[0] if start else None,
                valid_to=end[1] if end else None)


def _fact_props(fact: Fact) -> dict:
    common = dict(type=fact.type, modality=fact.modality, confidence=fact.confidence,
                  symmetric=fact.symmetric, source_country=fact.source.country,
                  target_country=fact.target.country if fact.target else None)
    if fact.kind == "event":
        return _props(**common, cameo=fact.cameo, quad_class=fact.quad_class,
                      goldstein=fact.goldstein, **_date_props(fact.date))
    return _props(**common, **_validity(fact))


def _shortcut_props(fact: Fact) -> dict:
    if fact.kind == "event":
        place = fact.place
        dates = _date_props(fact.date)
        return _props(date=dates.get("date"), date_precision=dates.get("date_precision"),
                      modality=fact.modality, symmetric=fact.symmetric,
                      place=place.name if place else None, place_id=place.id if place else None)
    return _props(symmetric=fact.symmetric, **_validity(fact))


def _document_props(ev: Evidence) -> dict:
    published = date_span(ev.published)
    return _props(url=ev.url, title=ev.title, lang=ev.lang,
                  published=published[0] if published else None,
                  published_precision=published[2] if published else None)


def _check(fact: Fact) -> None:
    """Refuse a type that would become a label or relationship type outside the closed lists."""
    allowed = {"event": PLOVER_CATEGORIES, "relation": RELATION_TYPES}.get(fact.kind, ())
    if fact.type not in allowed:
        raise StoreError(f"fact {fact.id}: {fact.kind} type {fact.type!r} is not one of {allowed}")
    for entity in (fact.source, fact.target, fact.place):
        if entity is not None and entity.type not in ENTITY_TYPES:
            raise StoreError(f"entity {entity.id}: type {entity.type!r} is not one of {ENTITY_TYPES}")
    for text in (fact.date, fact.valid_from, fact.valid_to, *(ev.published for ev in fact.evidence)):
        try:
            date_span(text)
        except ValueError:
            raise StoreError(f"fact {fact.id}: {text!r} is not an ISO date, year-month or year") from None


def _evidence_row(ev: Evidence) -> dict:
    return {"doc": ev.doc, "sentence": ev.sentence, "start": ev.start, "end": ev.end,
            "rule": ev.rule,
            "props": _props(quote=ev.quote, lang=ev.lang, confidence=ev.confidence)}


def _fact_rows(fact: Fact) -> Iterator[tuple[str, dict]]:
    """The (query, row) pairs that write one fact: its node, links, shortcut and evidence."""
    fact_id = fact.id
    yield MERGE_FACT[fact.kind], {"id": fact_id, "props": _fact_props(fact)}
    if has_direct_edge(fact):
        yield MERGE_PAIR[fact.type.upper()], {
            "id": fact_id, "source": fact.source.id, "target": fact.target.id,
            "props": _shortcut_props(fact)}
    else:
        yield MERGE_LINK["SOURCE"], {"id": fact_id, "entity": fact.source.id}
        if fact.target is not None:
            yield MERGE_LINK["TARGET"], {"id": fact_id, "entity": fact.target.id}
    if fact.place is not None:
        yield MERGE_LINK["AT"], {"id": fact_id, "entity": fact.place.id}
    if fact.evidence:
        yield MERGE_EVIDENCE, {"id": fact_id, "evidence": [_evidence_row(ev) for ev in fact.evidence]}


# Nodes before the relationships that MATCH them.
STEP_ORDER = (*MERGE_ENTITY.values(), MERGE_DOCUMENT, *MERGE_FACT.values(), *MERGE_LINK.values(),
              *MERGE_PAIR.values(), MERGE_EVIDENCE)


def _plan(facts: Iterable[Fact]) -> list[tuple[str, list]]:
    """The (query, rows) steps that write ``facts``, checked in full before any is run."""
    # Every distinct version of an entity, in order: `SET n += props` then keeps the fields of
    # all of them (a place's coordinates survive its appearance as a bare actor).
    entities: dict[Entity, None] = {}
    documents: dict[str, dict] = {}
    steps: dict[str, list] = defaultdict(list)
    for fact in facts:
        _check(fact)
        for entity in (fact.source, fact.target, fact.place):
            if entity is not None:
                entities[entity] = None
        for ev in fact.evidence:
            documents[ev.doc] = {**documents.get(ev.doc, {}), **_document_props(ev)}
        for query, row in _fact_rows(fact):
            steps[query].append(row)
    for entity in entities:
        steps[MERGE_ENTITY[entity.type]].append({"id": entity.id, "props": _entity_props(entity)})
    steps[MERGE_DOCUMENT] = [{"id": doc, "props": props} for doc, props in documents.items()]
    return [(query, steps[query]) for query in STEP_ORDER if steps.get(query)]


def _batches(rows: list, size: int) -> Iterator[list]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def _run(tx, query: str, **params) -> None:
    tx.run(query, **params).consume()


def _one_line(exc: Exception) -> str:
    text = exc.message if isinstance(exc, Neo4jError) and exc.message else str(exc)
    return " ".join(text.split())


def _plain(value):
    """Driver values as plain Python: temporal values become ISO strings, tuples lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _check_uri(uri: str) -> None:
    scheme = uri.partition("://")[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise StoreError(f"Neo4j URI {uri!r} is not a Bolt URI: use bolt://HOST:7687 or "
                         f"neo4j://HOST:7687 (schemes: {', '.join(BOLT_SCHEMES)}); http:// is "
                         "the port of Neo4j Browser, not of the driver")


_LEADING_MODE = re.compile(r"^\s*(?:EXPLAIN|PROFILE)\b", re.I)


def _plan_operators(plan: dict | None) -> Iterator[str]:
    if plan:
        yield plan.get("operatorType", "")
        for child in plan.get("children", ()):
            yield from _plan_operators(child)


def _refuse_outside_access(tx, text: str, params: dict) -> None:
    """Refuse a read-only query whose plan reads from outside the database (LOAD CSV of an
    http:// or file:/// URL): Neo4j lets a read transaction do that. The plan comes from
    EXPLAIN, which runs nothing."""
    plan = tx.run("EXPLAIN " + _LEADING_MODE.sub("", text), params).consume().plan
    for operator in _plan_operators(plan):
        if operator.split("@")[0] in OUTSIDE_OPERATORS:
            raise StoreError("LOAD CSV reads files or URLs outside the database; it is refused "
                             "in a read-only query (add --write to allow it)")


class Neo4jStore(Store):
    """Facts in a Neo4j database reached over Bolt; queried in Cypher."""

    name = "neo4j"
    persistent = True
    query_languages = ("cypher",)

    def __init__(self, uri: str | None = None, user: str | None = None,
                 password: str | None = None, database: str | None = None,
                 batch_size: int = BATCH_SIZE):
        self.uri = uri or os.environ.get("NEO4J_URI") or DEFAULT_URI
        self.user = user or os.environ.get("NEO4J_USER") or "neo4j"
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self.batch_size = batch_size
        auth = (self.user, password) if password is not None else None
        _check_uri(self.uri)
        try:
            self._driver = GraphDatabase.driver(
                self.uri, auth=auth, connection_timeout=CONNECT_SECONDS,
                connection_acquisition_timeout=CONNECT_SECONDS)
        except (DriverError, ValueError) as exc:
            raise StoreError(f"bad Neo4j URI {self.uri!r}: {_one_line(exc)}") from None
        self._connect()

    def _connect(self) -> None:
        try:
            self._driver.verify_connectivity()
        except AuthError:
            self._driver.close()
            raise StoreError(f"Neo4j at {self.uri} refused user {self.user!r}: wrong user or "
                             "password (set NEO4J_USER / NEO4J_PASSWORD)") from None
        except (ServiceUnavailable, OSError) as exc:
            self._driver.close()
            raise StoreError(f"cannot reach Neo4j at {self.uri} ({_one_line(exc)}); start one "
                             "with scripts/neo4j-server start or set NEO4J_URI") from None
        except (Neo4jError, DriverError) as exc:
            self._driver.close()
            raise StoreError(f"Neo4j at {self.uri}: {_one_line(exc)}") from None

    @contextmanager
    def _session(self):
        """A session whose driver errors surface as one-line StoreErrors."""
        try:
            with self._driver.session(database=self.database) as session:
                yield session
        except (Neo4jError, DriverError) as exc:
            raise StoreError(f"neo4j: {_one_line(exc)}") from None

    def add(self, facts: Iterable[Fact], progress: bool = True) -> None:
        """Constraints, then nodes, then relationships, ``batch_size`` rows a transaction.

        Everything is MERGEd on our ids, so loading the same facts again changes nothing.
        """
        plan = _plan(facts)
        with self._session() as session, tqdm(total=sum(len(rows) for _, rows in plan),
                                              unit="row", desc="neo4j", disable=not progress) as bar:
            for constraint in CONSTRAINTS:
                session.run(constraint).consume()
            for query, rows in plan:
                for batch in _batches(rows, self.batch_size):
                    session.execute_write(_run, query, rows=batch)
                    bar.update(len(batch))

    def remove_document(self, doc_id: str) -> None:
        with self._session() as session:
            session.execute_write(self._remove_document, doc_id)

    @staticmethod
    def _remove_document(tx, doc_id: str) -> None:
        facts = tx.run(UNLINK_DOCUMENT, doc=doc_id).single()["facts"]
        tx.run(DELETE_SHORTCUTS, facts=facts).consume()
        entities = tx.run(DELETE_FACTS, facts=facts).single()["entities"]
        tx.run(DELETE_ORPHANS, entities=entities).consume()
        tx.run(UPDATE_CONFIDENCE, facts=facts).consume()
        tx.run(DELETE_DOCUMENT, doc=doc_id).consume()

    def sync_documents(self, records: Callable[[], Iterable[dict]], full: bool = False
                       ) -> dict[str, int]:
        """Bring the graph to the per-document records of a build (``store.doclog``): remove
        the documents that are gone or changed, add the new and changed ones. Each Document
        node keeps the hash of the facts it was loaded with, so a second sync does nothing.
        ``records`` is called twice (documents are read, not held); ``full`` starts over."""
        if full:
            with self._session() as session:
                session.run(CLEAR).consume()
        with self._session() as session:
            have = {row["id"]: row["hash"] for row in session.run(DOCUMENT_HASHES)}
        want = {rec["doc"]: rec["hash"] for rec in records() if rec["facts"]}
        stale = sorted(doc for doc, digest in have.items() if want.get(doc) != digest)
        for doc in stale:
            self.remove_document(doc)
        fresh = {doc for doc, digest in want.items() if have.get(doc) != digest}
        facts = [fact for rec in records() if rec["doc"] in fresh for fact in record_facts(rec)]
        self.add(facts, progress=bool(facts))
        rows = [{"doc": doc, "hash": want[doc]} for doc in sorted(fresh)]
        with self._session() as session:
            for batch in _batches(rows, self.batch_size):
                session.execute_write(_run, SET_DOCUMENT_HASHES, rows=batch)
        return {"added": len(fresh), "removed": len(set(stale) - fresh),
                "written": fact_counts(facts)}

    def counts(self) -> dict[str, int]:
        with self._session() as session:
            return session.execute_read(
                lambda tx: {key: tx.run(query).single()[0] for key, query in COUNTS.items()})

    def query(self, text: str, language: str = "cypher", write: bool = False,
              timeout: float | None = QUERY_TIMEOUT, **params) -> list[dict]:
        """Run ``text`` in a read transaction, which Neo4j keeps from writing unless ``write``.
        The server ends a transaction that runs past ``timeout`` seconds (None: no limit)."""
        if language not in self.query_languages:
            raise StoreError(f"the {self.name} store cannot run {language} queries")

        @unit_of_work(timeout=timeout)
        def work(tx):
            if not write:
                _refuse_outside_access(tx, text, params)
            return [_plain(record.data()) for record in tx.run(text, params)]

        with self._session() as session:
            try:
                return session.execute_write(work) if write else session.execute_read(work)
            except Neo4jError as exc:
                if "TransactionTimedOut" in (exc.code or ""):
                    raise StoreError(f"neo4j: the query ran past its time limit of {timeout:g} s"
                                     " (raise it with --timeout)") from None
                raise

    def close(self) -> None:
        self._driver.close()
