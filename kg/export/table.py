"""Flat tables of the graph, the shape GDELT and ICEWS users load into pandas or R.

``event_rows``: one row per event, of every modality (the ``modality`` column says which),
with both actors, the CAMEO and PLOVER codes, the place and the sources.
``dyad_rows``: the country-level projection, one row per (source state, target state, period),
counting the events the one rule (``kg.model.has_direct_edge``) makes direct edges: asserted
and reported events between two actors that both act for a state. A symmetric event counts
once, under its two states in alphabetical order.

CSV needs nothing beyond the standard library; Parquet needs pyarrow (the ``table`` extra).
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path
from typing import IO, Iterable

from ..model import Entity, Fact, date_span, has_direct_edge
from ..store.base import StoreError

PERIODS = ("day", "month", "year")
_PERIOD_LENGTH = {"year": 4, "month": 7, "day": 10}  # characters of an ISO date kept

EVENT_COLUMNS = (
    "id", "date", "date_precision", "start", "end",
    "source_id", "source_name", "source_type", "source_country",
    "target_id", "target_name", "target_type", "target_country",
    "cameo", "quad_class", "goldstein", "plover", "modality", "symmetric",
    "place_id", "place_name", "place_country", "place_lat", "place_lon",
    "sources", "urls", "confidence",
)
DYAD_COLUMNS = ("source_country", "target_country", "period", "start", "end", "events",
                "goldstein_total", "goldstein_mean", "quad1", "quad2", "quad3", "quad4",
                "sources")


def _actor(prefix: str, entity: Entity | None) -> dict:
    fields = ("id", "name", "type", "country")
    return {f"{prefix}_{f}": getattr(entity, f) if entity else None for f in fields}


def event_rows(facts: Iterable[Fact]) -> list[dict]:
    """One row per event, in the order of the facts."""
    rows = []
    for fact in facts:
        if fact.kind != "event":
            continue
        span = date_span(fact.date)
        place = fact.place
        urls = sorted({ev.url for ev in fact.evidence if ev.url})
        rows.append({
            "id": fact.id, "date": fact.date,
            "date_precision": span[2] if span else None,
            "start": span[0].isoformat() if span else None,
            "end": span[1].isoformat() if span else None,
            **_actor("source", fact.source), **_actor("target", fact.target),
            "cameo": fact.cameo, "quad_class": fact.quad_class, "goldstein": fact.goldstein,
            "plover": fact.type, "modality": fact.modality, "symmetric": fact.symmetric,
            "place_id": place.id if place else None, "place_name": place.name if place else None,
            "place_country": place.country if place else None,
            "place_lat": place.lat if place else None, "place_lon": place.lon if place else None,
            "sources": len(fact.documents), "urls": " ".join(urls),
            "confidence": fact.confidence,
        })
    return rows


def period_of(date_text: str | None, period: str) -> str | None:
    """The period an ISO date falls in: cut to ``period`` (a coarser date stays as it is)."""
    if period not in PERIODS:
        raise StoreError(f"unknown period {period!r}; choose one of {PERIODS}")
    return date_text[:_PERIOD_LENGTH[period]] if date_text else None


def dyads(facts: Iterable[Fact], period: str = "month") -> dict[tuple, list[Fact]]:
    """(source state, target state, period) -> the events that make that dyad's edge."""
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.kind != "event" or not has_direct_edge(fact):
            continue
        ends = (fact.source.country, fact.target.country)
        if None in ends:
            continue
        if fact.symmetric:
            ends = tuple(sorted(ends))
        groups[(*ends, period_of(fact.date, period))].append(fact)
    return dict(sorted(groups.items(), key=lambda kv: tuple(k or "" for k in kv[0])))


def dyad_summary(events: list[Fact]) -> dict:
    """Counts, Goldstein total and mean, events per quad class and documents of one dyad."""
    scores = [f.goldstein for f in events if f.goldstein is not None]
    total = round(sum(scores), 4)
    return {"events": len(events), "goldstein_total": total,
            "goldstein_mean": round(total / len(scores), 4) if scores else None,
            **{f"quad{q}": sum(f.quad_class == q for f in events) for q in (1, 2, 3, 4)},
            "sources": len({doc for f in events for doc in f.documents})}


def period_span(period_text: str | None) -> tuple[str | None, str | None]:
    span = date_span(period_text)
    return (span[0].isoformat(), span[1].isoformat()) if span else (None, None)


def dyad_rows(facts: Iterable[Fact], period: str = "month") -> list[dict]:
    rows = []
    for (source, target, when), events in dyads(facts, period).items():
        start, end = period_span(when)
        rows.append({"source_country": source, "target_country": target, "period": when,
                     "start": start, "end": end, **dyad_summary(events)})
    return rows


def table_rows(facts: Iterable[Fact], level: str = "event", period: str = "month"
               ) -> tuple[tuple[str, ...], list[dict]]:
    """(columns, rows) of the table at ``level`` ``event`` or ``country``."""
    if level == "event":
        return EVENT_COLUMNS, event_rows(facts)
    if level == "country":
        return DYAD_COLUMNS, dyad_rows(facts, period)
    raise StoreError(f"unknown level {level!r} for a table; choose event or country")


def write_table(facts: Iterable[Fact], dest: str | Path | IO, fmt: str = "csv",
                level: str = "event", period: str = "month") -> int:
    """Write the table as ``csv`` or ``parquet`` to a path or a binary stream; returns rows."""
    columns, rows = table_rows(facts, level, period)
    if fmt == "csv":
        _write_csv(columns, rows, dest)
    elif fmt == "parquet":
        _write_parquet(columns, rows, dest)
    else:
        raise StoreError(f"unknown table format {fmt!r}; choose csv or parquet")
    return len(rows)


def _write_csv(columns, rows, dest) -> None:
    if isinstance(dest, (str, Path)):
        with open(dest, "w", encoding="utf-8", newline="") as fh:
            _write_csv(columns, rows, fh)
        return
    text = dest if isinstance(dest, io.TextIOBase) else io.TextIOWrapper(
        dest, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text.flush()
    if text is not dest:
        text.detach()  # leave the caller's stream open


def _write_parquet(columns, rows, dest) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise StoreError("Parquet needs pyarrow: pip install 'geokg[table]'") from None
    table = pa.Table.from_pylist(rows, schema=_schema(pa, columns, rows))
    pq.write_table(table, dest)


def _schema(pa, columns, rows):
    """Column types fixed in advance, so an all-empty column is typed too."""
    floats = {"goldstein", "place_lat", "place_lon", "confidence", "goldstein_total",
              "goldstein_mean"}
    ints = {"quad_class", "sources", "events", "quad1", "quad2", "quad3", "quad4"}
    def kind(name):
        if name in floats:
            return pa.float64()
        if name in ints:
            return pa.int64()
        if name == "symmetric":
            return pa.bool_()
        return pa.string()
    return pa.schema([(name, kind(name)) for name in columns])
