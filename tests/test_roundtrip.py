"""Round-trips lose nothing: facts → events.jsonl → facts, and a build's TriG against `kg export`."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rdflib import BNode, Dataset

from kg import api
from kg.model import Entity, Fact
from kg.store.rdf_model import FACTS_GRAPH

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
ODESA = Entity("geonames:698740", "Odesa", "Place", country="UKR", geonames=698740,
               lat=46.48572, lon=30.74383)
UKRAINE = Entity("Q212", "Ukraine", "Country", wikidata="Q212", country="UKR")


def _json_lines(facts) -> list[str]:
    return [json.dumps(f.to_json(), sort_keys=True) for f in facts]


def test_a_place_as_actor_keeps_its_geonames_id_and_coordinates_through_events_jsonl(facts):
    located = Fact("relation", "located_in", ODESA, UKRAINE, evidence=facts[0].evidence)
    back = Fact.from_json(json.loads(json.dumps(located.to_json())))
    assert (back.source.geonames, back.source.lat, back.source.lon) == (698740, 46.48572, 30.74383)


def test_every_field_of_every_fact_survives_json_and_back(facts):
    again = [Fact.from_json(json.loads(line)) for line in _json_lines(facts)]
    assert _json_lines(again) == _json_lines(facts)


def _quads(data: bytes) -> set[tuple]:
    """The triples of the facts graph (the ontology's OWL lists beside it are blank nodes,
    which no two parses name alike)."""
    dataset = Dataset()
    dataset.parse(data=data, format="trig")
    quads = {(s, p, o) for s, p, o, g in dataset.quads()
             if str(g.identifier if hasattr(g, "identifier") else g) == str(FACTS_GRAPH)}
    assert quads and not any(isinstance(term, BNode) for quad in quads for term in quad)
    return quads


@pytest.mark.slow
def test_exported_trig_holds_exactly_what_the_build_wrote(tmp_path):
    out = tmp_path / "out"
    api.build([EXAMPLES], out)
    exported = io.BytesIO()
    api.export(out, "trig", exported)
    built = _quads((out / "graph.trig").read_bytes())
    again = _quads(exported.getvalue())
    assert any(str(p).endswith("#geonamesId") for _, p, _ in built)
    assert built == again
