"""End-to-end extraction on the Indonesian reference article (../shared/data/corpus)."""
from __future__ import annotations

from datetime import date

import pytest

from kg.model import Document
from kg.extract.pipeline import Pipeline

PUBLISHED = date(2025, 6, 25)


@pytest.fixture(scope="module")
def article_facts(request):
    from kg.resources import SHARED_DATA

    path = SHARED_DATA / "corpus" / "id_japan_nato_2025.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent (shared data not available)")
    doc = Document("id_japan_nato_2025", path.read_text(encoding="utf-8"), lang="id",
                   published=PUBLISHED)
    return Pipeline().extract_document(doc)


def _find(facts, kind, type_, source, target):
    return [f for f in facts if f.kind == kind and f.type == type_
            and {f.source.name, f.target.name if f.target else None} >= {source, target}]


def test_japan_and_nato_agree_on_security_cooperation(article_facts):
    assert _find(article_facts, "event", "AGREE", "Japan", "NATO")


def test_iwaya_meets_rutte_in_the_hague_on_tuesday(article_facts):
    meetings = _find(article_facts, "event", "CONSULT", "Takeshi Iwaya", "Mark Rutte")
    assert meetings, "Iwaya meeting Rutte not found"
    assert any(m.place and m.place.name == "The Hague" for m in meetings)
    assert any(m.date == "2025-06-24" for m in meetings)


def test_roles_of_iwaya_and_rutte(article_facts):
    roles = {(f.source.name, f.role, f.target.name) for f in article_facts if f.type == "holds_role"}
    assert ("Takeshi Iwaya", "foreign_minister", "Japan") in roles
    assert ("Mark Rutte", "secretary_general", "NATO") in roles


def test_united_states_strikes_iran(article_facts):
    strikes = [f for f in article_facts if f.type == "ASSAULT" and f.source.country == "USA"
               and f.target is not None and f.target.country == "IRN"]
    assert strikes and all(f.cameo.startswith(("18", "19")) for f in strikes)


def test_every_fact_keeps_its_evidence(article_facts):
    for fact in article_facts:
        for ev in fact.evidence:
            assert ev.doc == "id_japan_nato_2025" and ev.lang == "id" and ev.rule
            assert ev.quote and ev.end > ev.start
