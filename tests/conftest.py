"""Shared fixtures: a small hand-made fact set, and the shared data folder."""
from __future__ import annotations

import pytest

from kg.model import Entity, Evidence, Fact
from kg.resources import SHARED_DATA

JAPAN = Entity("Q17", "Japan", "Country", wikidata="Q17", country="JPN")
NATO = Entity("Q7184", "NATO", "Organization", wikidata="Q7184")
USA = Entity("Q30", "United States", "Country", wikidata="Q30", country="USA")
IRAN = Entity("Q794", "Iran", "Country", wikidata="Q794", country="IRN")
IWAYA = Entity("Q3514417", "Takeshi Iwaya", "Person", wikidata="Q3514417", country="JPN")
RUTTE = Entity("Q57792", "Mark Rutte", "Person", wikidata="Q57792")
HAGUE = Entity("geonames:2747373", "The Hague", "Place", country="NLD", geonames=2747373,
               lat=52.07667, lon=4.29861)
# A name an attacker controls: quotes, backticks, braces, Cypher and HTML syntax.
EVIL = Entity("person:evil", "O'Brien \"`{x}})-[:X]->(<script>alert(1)</script>", "Person")


def _ev(doc: str, sentence: int, quote: str, rule: str = "test") -> Evidence:
    return Evidence(doc=doc, sentence=sentence, start=0, end=len(quote), quote=quote,
                    lang="en", rule=rule, url=f"https://example.org/{doc}?a=1&b=<2>")


def make_facts() -> list[Fact]:
    return [
        Fact("event", "CONSULT", IWAYA, RUTTE, cameo="040", quad_class=1, goldstein=1.0,
             date="2025-06-24", place=HAGUE,
             evidence=[_ev("doc1", 2, "Iwaya met Rutte in The Hague")]),
        Fact("event", "CONSULT", IWAYA, RUTTE, cameo="040", quad_class=1, goldstein=1.0,
             date="2025-07-01", evidence=[_ev("doc2", 0, "Iwaya met Rutte again")]),
        Fact("event", "AGREE", JAPAN, NATO, cameo="030", quad_class=1, goldstein=4.0,
             date="2025-06-24", symmetric=True,
             evidence=[_ev("doc1", 1, "Japan and NATO agreed to strengthen cooperation")]),
        Fact("event", "ASSAULT", USA, IRAN, cameo="195", quad_class=4, goldstein=-10.0,
             date="2025-06", evidence=[_ev("doc1", 3, "The US struck Iran's nuclear sites")]),
        Fact("event", "ACCUSE", EVIL, USA, cameo="112", quad_class=3, goldstein=-2.0,
             evidence=[_ev("doc3", 0, "<script>alert('x')</script> accused the US")]),
        Fact("relation", "holds_role", IWAYA, JAPAN, role="foreign_minister",
             valid_from="2024-10-01", evidence=[_ev("doc1", 2, "Foreign Minister Takeshi Iwaya")]),
        Fact("relation", "holds_role", RUTTE, NATO, role="secretary_general",
             valid_from="2024-10-01", evidence=[_ev("doc1", 2, "NATO Secretary General Mark Rutte")]),
        Fact("relation", "member_of", USA, NATO, evidence=[_ev("doc1", 4, "the US, a NATO member")]),
    ]


@pytest.fixture
def facts() -> list[Fact]:
    return make_facts()


@pytest.fixture
def shared_data():
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data folder {SHARED_DATA} is absent")
    return SHARED_DATA
