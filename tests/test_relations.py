"""Structural relations from news wording (kg/relations.py), one pattern per test, in
English and Indonesian where the pattern exists in both."""
from __future__ import annotations

import pytest

from kg.extract.pipeline import Pipeline


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


FOUND = [  # (pattern, language, text, the relation it must give)
    ("apposed title of an organisation", "en",
     "The deal is good, said John Miller, spokesman of the World Health Organization.",
     ("holds_role", "John Miller", "World Health Organization", "spokesperson")),
    ("apposed title after its organisation", "en", "The deal is good, said John Miller, a WHO spokesman.",
     ("holds_role", "John Miller", "World Health Organization", "spokesperson")),
    ("apposed possessive title", "en",
     "The deal is good, said John Miller, the World Bank's chief economist.",
     ("holds_role", "John Miller", "World Bank", "economist")),
    ("apposed title", "id", "Hal itu dikatakan Budi Santoso, juru bicara Kementerian Luar Negeri, di Jakarta.",
     ("holds_role", "Budi Santoso", "Kementerian Luar Negeri", "spokesperson")),
    ("affiliation", "en", "The deal is good, said Maria Lopez of the World Bank.",
     ("member_of", "Maria Lopez", "World Bank", None)),
    ("affiliation", "id", "Laporan itu ditulis oleh Siti Aminah dari Amnesty International.",
     ("member_of", "Siti Aminah", "Amnesty International", None)),
    ("place in place", "en", "Protesters gathered in Bugesera in Rwanda.",
     ("located_in", "Bugesera", "Rwanda", None)),
    ("place in place", "id", "Banjir melanda Bandung di Jawa Barat.",
     ("located_in", "Bandung", "Jawa Barat", None)),
    ("apposed places", "id", "Kerusuhan terjadi di Surabaya, Jawa Timur, pada Senin.",
     ("located_in", "Surabaya", "Jawa Timur", None)),
    ("organisation in place", "en", "The statement came from the Ministry of Defence in Jakarta.",
     ("located_in", "Ministry of Defence", "Jakarta", None)),
    ("place-based organisation", "en", "The London - based rights group Amnesty International condemned it.",
     ("located_in", "Amnesty International", "London", None)),
    ("based-in cue", "en", "Amnesty International, based in London, condemned the arrests.",
     ("located_in", "Amnesty International", "London", None)),
    ("based-in cue", "id", "Amnesty International yang berbasis di London mengecam penangkapan itu.",
     ("located_in", "Amnesty International", "London", None)),
]


@pytest.mark.parametrize("pattern, lang, text, expected", FOUND,
                         ids=[f"{pattern} ({lang})" for pattern, lang, *_ in FOUND])
def test_news_wording_gives_the_relation(pipeline, pattern, lang, text, expected):
    assert expected in relations(pipeline, text, lang)


def test_apposition_needs_only_modifiers_before_the_title_id(pipeline):
    """"Kolombia, Ahad, membantah bahwa komandan ...": a clause, no apposition."""
    found = relations(pipeline, "Hal itu dikatakan Budi Santoso, Ahad, bahwa juru bicara Kementerian "
                                "Luar Negeri tidak hadir.", "id")
    assert not {r for r in found if r[0] == "holds_role"}


def test_listed_places_are_no_apposition_id(pipeline):
    found = relations(pipeline, "Banjir melanda Bandung, Jawa Barat dan Jawa Timur.", "id")
    assert ("located_in", "Bandung", "Jawa Barat", None) not in found


@pytest.mark.parametrize("verb, cameo", [("killed", "1823"), ("shot and killed", "1823"),
                                         ("assassinated", "186")])
def test_kill_verbs_en(pipeline, verb, cameo):
    found = kills(pipeline, f"Police said Ali Hassan {verb} Omar Farouk on Monday.")
    assert found == {("Ali Hassan", "Omar Farouk", cameo)}


@pytest.mark.parametrize("verb", ["membunuh", "menembak mati"])
def test_kill_verbs_id(pipeline, verb):
    found = kills(pipeline, f"Polisi mengatakan Ahmad Yani {verb} Budi Santoso di rumahnya.", "id")
    assert found == {("Ahmad Yani", "Budi Santoso", "1823")}


@pytest.mark.parametrize("lang, text, expected, wrong", [
    ("en", "The United States, a NATO member and a close ally of Japan, struck Iran's main nuclear "
           "facilities.", ("ally_of", "United States", "Japan", None), ("ally_of", "NATO", "Japan", None)),
    ("en", "France, a close partner of Germany, condemned Russia.",
     ("partner_of", "France", "Germany", None), None),
    ("id", "Filipina, sekutu Amerika Serikat, menolak klaim Tiongkok.",
     ("ally_of", "Philippines", "United States", None), ("ally_of", "United States", "China", None)),
    ("id", "Turki, anggota NATO, mengecam Rusia.", ("member_of", "Türkiye", "NATO", None), None),
])
def test_relation_word_in_an_apposition_is_the_actor_s_before_it(pipeline, lang, text, expected, wrong):
    found = relations(pipeline, text, lang)
    assert expected in found and wrong not in found
