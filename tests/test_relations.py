"""Structural relations from news wording (kg/relations.py), one pattern per test, in
English and Indonesian where the pattern exists in both."""
from __future__ import annotations

import pytest

from kg.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def relations(pipeline, text, lang="en"):
    """(type, source name, target name, role) of each relation of ``text``."""
    return {(f.type, f.source.name, f.target.name, f.role)
            for f in pipeline.extract_text(text, lang=lang) if f.kind == "relation"}


def kills(pipeline, text, lang="en"):
    return {(f.source.name, f.target.name, f.cameo) for f in pipeline.extract_text(text, lang=lang)
            if f.kind == "event" and f.type == "ASSAULT"}


def test_apposed_title_of_organisation_en(pipeline):
    found = relations(pipeline, "The deal is good, said John Miller, spokesman of the World Health Organization.")
    assert ("holds_role", "John Miller", "World Health Organization", "spokesperson") in found


def test_apposed_title_after_organisation_en(pipeline):
    found = relations(pipeline, "The deal is good, said John Miller, a WHO spokesman.")
    assert ("holds_role", "John Miller", "World Health Organization", "spokesperson") in found


def test_apposed_possessive_title_en(pipeline):
    found = relations(pipeline, "The deal is good, said John Miller, the World Bank's chief economist.")
    assert ("holds_role", "John Miller", "World Bank", "economist") in found


def test_apposed_title_id(pipeline):
    found = relations(pipeline, "Hal itu dikatakan Budi Santoso, juru bicara Kementerian Luar Negeri, "
                                "di Jakarta.", "id")
    assert ("holds_role", "Budi Santoso", "Kementerian Luar Negeri", "spokesperson") in found


def test_apposition_needs_only_modifiers_before_the_title_id(pipeline):
    """"Kolombia, Ahad, membantah bahwa komandan ...": a clause, no apposition."""
    found = relations(pipeline, "Hal itu dikatakan Budi Santoso, Ahad, bahwa juru bicara Kementerian "
                                "Luar Negeri tidak hadir.", "id")
    assert not {r for r in found if r[0] == "holds_role"}


def test_affiliation_en(pipeline):
    found = relations(pipeline, "The deal is good, said Maria Lopez of the World Bank.")
    assert ("member_of", "Maria Lopez", "World Bank", None) in found


def test_affiliation_id(pipeline):
    found = relations(pipeline, "Laporan itu ditulis oleh Siti Aminah dari Amnesty International.", "id")
    assert ("member_of", "Siti Aminah", "Amnesty International", None) in found


def test_place_in_place_en(pipeline):
    found = relations(pipeline, "Protesters gathered in Bugesera in Rwanda.")
    assert ("located_in", "Bugesera", "Rwanda", None) in found


def test_place_in_place_id(pipeline):
    found = relations(pipeline, "Banjir melanda Bandung di Jawa Barat.", "id")
    assert ("located_in", "Bandung", "Jawa Barat", None) in found


def test_apposed_places_id(pipeline):
    found = relations(pipeline, "Kerusuhan terjadi di Surabaya, Jawa Timur, pada Senin.", "id")
    assert ("located_in", "Surabaya", "Jawa Timur", None) in found


def test_listed_places_are_no_apposition_id(pipeline):
    found = relations(pipeline, "Banjir melanda Bandung, Jawa Barat dan Jawa Timur.", "id")
    assert ("located_in", "Bandung", "Jawa Barat", None) not in found


def test_organisation_in_place_en(pipeline):
    found = relations(pipeline, "The statement came from the Ministry of Defence in Jakarta.")
    assert ("located_in", "Ministry of Defence", "Jakarta", None) in found


def test_place_based_organisation_en(pipeline):
    found = relations(pipeline, "The London - based rights group Amnesty International condemned it.")
    assert ("located_in", "Amnesty International", "London", None) in found


def test_based_in_cue_en(pipeline):
    found = relations(pipeline, "Amnesty International, based in London, condemned the arrests.")
    assert ("located_in", "Amnesty International", "London", None) in found


def test_based_in_cue_id(pipeline):
    found = relations(pipeline, "Amnesty International yang berbasis di London mengecam penangkapan itu.", "id")
    assert ("located_in", "Amnesty International", "London", None) in found


@pytest.mark.parametrize("verb, cameo", [("killed", "1823"), ("shot and killed", "1823"),
                                         ("assassinated", "186")])
def test_kill_verbs_en(pipeline, verb, cameo):
    found = kills(pipeline, f"Police said Ali Hassan {verb} Omar Farouk on Monday.")
    assert found == {("Ali Hassan", "Omar Farouk", cameo)}


@pytest.mark.parametrize("verb", ["membunuh", "menembak mati"])
def test_kill_verbs_id(pipeline, verb):
    found = kills(pipeline, f"Polisi mengatakan Ahmad Yani {verb} Budi Santoso di rumahnya.", "id")
    assert found == {("Ahmad Yani", "Budi Santoso", "1823")}
