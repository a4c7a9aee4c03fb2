"""The objects passed between pipeline stages, and their JSON form.

Every stage reads and writes these classes only. Ids are content hashes, so a rerun on the
same input gives the same ids (see ``fact_id``).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
import calendar
from datetime import date
from functools import cached_property, lru_cache
from typing import Any, Literal

EXTRACTOR_VERSION = "0.1.0"

EntityType = Literal["Country", "Organization", "Person", "Place"]
Modality = Literal["asserted", "negated", "planned", "reported"]
FactKind = Literal["event", "relation"]
ENTITY_TYPES = ("Country", "Organization", "Person", "Place")
MODALITIES = ("asserted", "negated", "planned", "reported")
RELATION_TYPES = ("holds_role", "member_of", "ally_of", "partner_of", "located_in")
# The one rule for direct actor-to-actor edges, shared by every store and export: only what the
# text says happened (or that a source says happened) links two actors directly. A negated or
# planned event stays an event node carrying its modality, and is never an edge.
DIRECT_MODALITIES = ("asserted", "reported")
PLOVER_CATEGORIES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                     "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                     "MOBILIZE", "COERCE", "ASSAULT")


def content_hash(*parts: Any, length: int = 16) -> str:
    """A short, stable hash of ``parts``: the same parts always give the same id."""
    raw = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:length]


def noisy_or(confidences) -> float:
    """Independent sources reinforce each other: the chance that not all of them are wrong."""
    miss = 1.0
    for confidence in confidences:
        miss *= 1.0 - confidence
    return round(1.0 - miss, 4)


def _strict(cls, data: dict) -> dict:
    """Reject unknown keys so a typo in a record fails loudly instead of vanishing."""
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown field(s) {sorted(unknown)}")
    return data


@dataclass(frozen=True)
class Document:
    """One news article as read from an input file or record."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: date | None = None
    lang: str | None = None
    source: str | None = None  # the file the document came from


@dataclass(frozen=True)
class Sentence:
    doc: Document
    index: int
    start: int  # character offsets into doc.text
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A canonical entity: one id (the Wikidata QID where known) and its facts."""

    id: str
    name: str
    type: EntityType
    wikidata: str | None = None
    country: str | None = None  # ISO-3 of the state it belongs to (a city's, a citizen's)
    geonames: int | None = None
    lat: float | None = None
    lon: float | None = None
    aliases: tuple[str, ...] = ()

    def __post_init__(self):  # a list given by a caller would make the entity unhashable
        if not isinstance(self.aliases, tuple):
            object.__setattr__(self, "aliases", tuple(self.aliases))

    def actor_json(self) -> dict:
        data = {"id": self.id, "name": self.name, "type": self.type,
                "country": self.country, "wikidata": self.wikidata}
        # A place can be an actor too (the source of located_in): its GeoNames id and
        # coordinates must survive events.jsonl, or reading it back loses them.
        data.update({k: v for k, v in (("geonames", self.geonames), ("lat", self.lat),
                                       ("lon", self.lon)) if v is not None})
        return data

    def place_json(self) -> dict:
        return {"id": self.id, "name": self.name, "country": self.country,
                "geonames": self.geonames, "lat": self.lat, "lon": self.lon}

    @classmethod
    def from_json(cls, data: dict | None, type_: str | None = None) -> "Entity | None":
        if data is None:
            return None
        data = dict(data)
        if type_ is not None:
            data.setdefault("type", type_)
        data["aliases"] = tuple(data.get("aliases") or ())
        return cls(**_strict(cls, data))


@dataclass(frozen=True)
class Mention:
    """A span of a sentence linked to an entity. ``role`` is set for titled people."""

    entity: Entity
    start: int  # offsets into the sentence text
    end: int
    text: str
    rule: str
    role: "Role | None" = None


@dataclass(frozen=True)
class Role:
    """A position held by a person on behalf of a state or organisation, with its dates."""

    id: str  # e.g. "foreign_minister"
    label: str
    of: Entity  # the state or organisation the role acts for
    valid_from: date | None = None
    valid_to: date | None = None

    def holds_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Evidence:
    doc: str
    sentence: int
    start: int  # character offsets into the document text
    end: int
    quote: str
    lang: str | None
    rule: str
    url: str | None = None
    confidence: float = 1.0
    version: str = EXTRACTOR_VERSION
    title: str | None = None  # the document's title and publication date (ISO), as read
    published: str | None = None

    def key(self) -> tuple:
        return (self.doc, self.sentence, self.start, self.end, self.rule)


@dataclass
class Fact:
    """An event (one occurrence) or a structural relation, with all its evidence.

    ``type`` is the PLOVER category for events and the relation name for relations.
    """

    kind: FactKind
    type: str
    source: Entity
    target: Entity | None
    modality: Modality = "asserted"
    cameo: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    date: str | None = None  # ISO date, year-month or year: only as precise as the text
    place: Entity | None = None
    symmetric: bool = False
    role: str | None = None  # the role id of a holds_role relation
    valid_from: str | None = None
    valid_to: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    @cached_property  # the fields it hashes are frozen; every store asks for it many times
    def id(self) -> str:
        return fact_id(self)

    @property
    def confidence(self) -> float:
        return noisy_or(ev.confidence for ev in self.evidence)

    @property
    def documents(self) -> set[str]:
        return {ev.doc for ev in self.evidence}

    def to_json(self) -> dict:
        data = {
            "id": self.id, "kind": self.kind, "type": self.type, "cameo": self.cameo,
            "quad_class": self.quad_class, "goldstein": self.goldstein,
            "source": self.source.actor_json(),
            "target": self.target.actor_json() if self.target else None,
            "date": self.date,
            "place": self.place.place_json() if self.place else None,
            "modality": self.modality, "symmetric": self.symmetric,
            "confidence": self.confidence,
            "evidence": [field_values(ev) for ev in self.evidence],
        }
        if self.kind == "relation":
            data.update(role=self.role, valid_from=self.valid_from, valid_to=self.valid_to)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Fact":
        data = dict(data)
        data.pop("id", None)
        data.pop("confidence", None)
        data["source"] = Entity.from_json(data["source"])
        data["target"] = Entity.from_json(data.get("target"))
        data["place"] = Entity.from_json(data.get("place"), "Place")
        data["evidence"] = [Evidence(**_strict(Evidence, ev)) for ev in data.get("evidence", [])]
        return cls(**_strict(cls, data))


def has_direct_edge(fact: Fact) -> bool:
    """Whether ``fact`` joins its two actors directly (RDF triple, Neo4j relationship, graph
    edge): it has a target and its modality is one of ``DIRECT_MODALITIES``."""
    return fact.target is not None and fact.modality in DIRECT_MODALITIES


DatePrecision = Literal["day", "month", "year"]


def date_span(text: str | None) -> tuple[date, date, DatePrecision] | None:
    """The first and last day of an ISO date, year-month or year, and its precision.

    >>> date_span("2025-06")
    (datetime.date(2025, 6, 1), datetime.date(2025, 6, 30), 'month')
    """
    if not text:
        return None
    parts = [int(p) for p in str(text).split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day, "day"
    if len(parts) == 2:
        year, month = parts
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
    return date(parts[0], 1, 1), date(parts[0], 12, 31), "year"


def fact_key(fact: Fact) -> tuple:
    """What makes two facts the same fact.

    An event without a date cannot be told apart from another occurrence in another
    article, so undated events only merge within one document.
    """
    target = fact.target.id if fact.target else None
    ends = tuple(sorted([fact.source.id, target or ""])) if fact.symmetric else (fact.source.id, target)
    if fact.kind == "relation":
        return ("relation", fact.type, ends, fact.role, fact.valid_from, fact.valid_to)
    place = fact.place.id if fact.place else None
    scope = fact.date or min(fact.documents, default=None)
    return ("event", fact.cameo, ends, fact.modality, scope, place)


def fact_id(fact: Fact) -> str:
    return ("ev-" if fact.kind == "event" else "rel-") + content_hash(*fact_key(fact))


def merge_facts(facts) -> list[Fact]:
    """Merge identical facts, keeping every distinct piece of evidence, in a stable order."""
    merged: dict[tuple, Fact] = {}
    for fact in facts:
        key = fact_key(fact)
        kept = merged.get(key)
        if kept is None:
            merged[key] = Fact(**{f.name: getattr(fact, f.name) for f in fields(Fact)})
            merged[key].evidence = list(fact.evidence)
            continue
        seen = {ev.key() for ev in kept.evidence}
        kept.evidence.extend(ev for ev in fact.evidence if ev.key() not in seen)
    for fact in merged.values():
        fact.evidence.sort(key=lambda ev: ev.key())
    return sorted(merged.values(), key=lambda f: f.id)


def fact_counts(facts: list[Fact]) -> dict[str, int]:
    """What a list of facts holds, counted as a load reports it."""
    entities = {e.id for f in facts for e in (f.source, f.target, f.place) if e is not None}
    return {"events": sum(f.kind == "event" for f in facts),
            "relations": sum(f.kind == "relation" for f in facts),
            "entities": len(entities),
            "documents": len({ev.doc for f in facts for ev in f.evidence}),
            "mentions": sum(len(f.evidence) for f in facts)}


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def field_values(record) -> dict:
    """A dataclass's fields as a dict, one level deep: ``dataclasses.asdict`` without its deep
    copy of every value, which costs more than the rest of writing a fact out."""
    return {name: getattr(record, name) for name in _field_names(type(record))}
