"""Event arguments read from the dependency parse (kg/extract/arguments.py), one grammatical
construction per table row, in English and Indonesian."""
from __future__ import annotations

from datetime import date

import pytest

from kg.extract.pipeline import Pipeline
from kg.extract.syntax import parser_for


@pytest.fixture(scope="module")
def pipeline():
    missing = [lang for lang in ("en", "id") if parser_for(lang) is None]
    if missing:
        pytest.skip(f"no parser model for {missing} in data/models/ (or $GEOKG_MODELS): "
                    "train one with scripts/train_parser")
    return Pipeline()


def facts(pipeline, text, lang, published=None):
    return pipeline.extract_text(text, lang=lang, published=published)


def events(pipeline, text, lang, modality=None, published=None):
    """(source country, target country, category) of the events, of one modality if given."""
    return {(f.source.country, f.target.country if f.target else None, f.type)
            for f in facts(pipeline, text, lang, published)
            if f.kind == "event" and modality in (None, f.modality)}


def relations(pipeline, text, lang):
    return {(f.type, f.source.name, f.target.name)
            for f in facts(pipeline, text, lang) if f.kind == "relation" and f.type != "located_in"}


GIVES = [  # (construction, language, text, an event it must give, an event it must not give)
    ("apposition names the subject, not the actor inside it", "en",
     "The United States, a NATO member and a close ally of Japan, struck Iran's main nuclear facilities.",
     ("USA", "IRN", "ASSAULT"), ("JPN", "IRN", "ASSAULT")),
    ("apposition names the subject, not the actor inside it", "en",
     "France, a close partner of Germany, condemned Russia on Monday.",
     ("FRA", "RUS", "ACCUSE"), ("DEU", "RUS", "ACCUSE")),
    ("apposition names the subject, not the actor inside it", "id",
     "Filipina, sekutu Amerika Serikat, menolak klaim Tiongkok.",
     ("PHL", "CHN", "REJECT"), ("USA", "CHN", "REJECT")),
    ("apposition names the subject, not the actor inside it", "id",
     "Prancis, mitra dekat Jerman, mengecam Rusia pada hari Senin.",
     ("FRA", "RUS", "ACCUSE"), ("DEU", "RUS", "ACCUSE")),
    ("coordinated subjects each act", "en", "Russia and China condemned the United States.",
     ("CHN", "USA", "ACCUSE"), None),
    ("coordinated subjects each act", "id", "Rusia dan Tiongkok mengecam Amerika Serikat.",
     ("CHN", "USA", "ACCUSE"), None),
    ("coordinated objects are each acted on", "en", "Pakistan threatened India and Iran.",
     ("PAK", "IRN", "THREATEN"), None),
    ("coordinated objects are each acted on", "id", "Pakistan mengancam India dan Iran.",
     ("PAK", "IRN", "THREATEN"), None),
    ("possessor of a noun trigger is its source", "en", "Egypt condemned Israel's attack on Lebanon.",
     ("ISR", "LBN", "ASSAULT"), ("EGY", "LBN", "ASSAULT")),
    ("owner after a noun trigger is its source", "id", "Mesir mengecam serangan Israel terhadap Lebanon.",
     ("ISR", "LBN", "ASSAULT"), ("EGY", "LBN", "ASSAULT")),
    ("passive agent is the source", "en", "Five Kenyan sailors were detained by Iranian forces.",
     ("IRN", "KEN", "COERCE"), ("KEN", "IRN", "COERCE")),
    ("passive agent is the source", "id", "Lima pelaut Kenya ditangkap oleh pasukan Iran.",
     ("IRN", "KEN", "COERCE"), ("KEN", "IRN", "COERCE")),
    ("oblique with a target preposition is the target", "en", "Japan met with Australia in Tokyo.",
     ("JPN", "AUS", "CONSULT"), None),
    ("oblique with a target preposition is the target", "id", "Jepang bertemu dengan Australia di Tokyo.",
     ("JPN", "AUS", "CONSULT"), None),
    ("relative pronoun stands for the noun it modifies", "en",
     "Lebanon praised Kenya, which accused Syria of smuggling.", ("KEN", "SYR", "ACCUSE"), None),
    ("relative pronoun stands for the noun it modifies", "id",
     "Lebanon memuji Kenya, yang menuduh Suriah.", ("KEN", "SYR", "ACCUSE"), None),
    ("subject of a reported clause acts, not the speaker", "en",
     "Turkey said Greece attacked Cyprus.", ("GRC", "CYP", "ASSAULT"), ("TUR", "CYP", "ASSAULT")),
    ("subject of a reported clause acts, not the speaker", "id",
     "Turki mengatakan Yunani menyerang Siprus.", ("GRC", "CYP", "ASSAULT"), ("TUR", "CYP", "ASSAULT")),
    ("pronoun subject of a reported clause is the speaker", "en",
     "Norway said it would support Sweden.", ("NOR", "SWE", "AGREE"), None),
    ("controller of an infinitive is its subject", "en", "Chile threatened to attack Peru.",
     ("CHL", "PER", "THREATEN"), None),
    ("controller of an infinitive is its subject", "id", "Chili mengancam akan menyerang Peru.",
     ("CHL", "PER", "THREATEN"), None),
]


@pytest.mark.parametrize("construction, lang, text, expected, wrong", GIVES,
                         ids=[f"{r[0]}-{r[1]}-{i}" for i, r in enumerate(GIVES)])
def test_arguments_come_from_grammatical_roles(pipeline, construction, lang, text, expected, wrong):
    found = events(pipeline, text, lang)
    assert expected in found
    assert wrong not in found


RELATED = [  # (language, text, a relation it must give, one it must not)
    ("en", "The United States, a NATO member and a close ally of Japan, struck Iran's main nuclear facilities.",
     ("member_of", "United States", "NATO"), ("ally_of", "NATO", "Japan")),
    ("en", "The United States, a NATO member and a close ally of Japan, struck Iran's main nuclear facilities.",
     ("ally_of", "United States", "Japan"), ("member_of", "Japan", "NATO")),
    ("id", "Filipina, sekutu Amerika Serikat, menolak klaim Tiongkok.",
     ("ally_of", "Philippines", "United States"), ("ally_of", "United States", "China")),
    ("id", "Turki, anggota NATO, mengecam Rusia.", ("member_of", "Turkey", "NATO"), None),
]


@pytest.mark.parametrize("lang, text, expected, wrong", RELATED)
def test_apposition_relates_the_actor_it_names(pipeline, lang, text, expected, wrong):
    found = relations(pipeline, text, lang)
    assert expected in found
    assert wrong not in found


MODALITY = [  # (language, text, the event, its modality)
    ("en", "Russia did not attack Odesa on Monday, but it shelled Kharkiv on Tuesday.",
     ("RUS", "UKR", "ASSAULT"), "asserted"),
    ("id", "Rusia tidak menyerang Odesa pada hari Senin, tetapi mereka menembaki Kharkiv pada hari Selasa.",
     ("RUS", "UKR", "ASSAULT"), "asserted"),
    ("en", "Japan did not attack China.", ("JPN", "CHN", "ASSAULT"), "negated"),
    ("id", "Jepang tidak menyerang Tiongkok.", ("JPN", "CHN", "ASSAULT"), "negated"),
    ("en", "Canada will visit Mexico.", ("CAN", "MEX", "CONSULT"), "planned"),
    ("id", "Kanada akan mengunjungi Meksiko.", ("CAN", "MEX", "CONSULT"), "planned"),
]


@pytest.mark.parametrize("lang, text, expected, modality", MODALITY)
def test_modality_comes_from_the_trigger_s_own_clause(pipeline, lang, text, expected, modality):
    assert expected in events(pipeline, text, lang, modality)


@pytest.mark.parametrize("lang, text", [
    ("en", "Shigeru Ishiba cancelled his trip to The Hague."),
    ("en", "Italy postponed its visit to Egypt."),
    ("id", "Shigeru Ishiba membatalkan kunjungannya ke Den Haag."),
    ("id", "Italia menunda kunjungannya ke Mesir."),
])
def test_cancelled_act_is_not_asserted(pipeline, lang, text):
    found = [f for f in facts(pipeline, text, lang) if f.kind == "event" and f.type == "CONSULT"]
    assert all(f.modality == "negated" for f in found)


@pytest.mark.parametrize("lang, text, trigger_place, other_place", [
    ("en", "Officials met in Tel Aviv on Sunday, a day after an Israeli strike on Hodeidah killed "
           "ten people in Yemen.", None, "Tel Aviv"),
    ("en", "Sweden hosted a summit in Stockholm while Iran attacked Iraq near Basra.", "Basrah", "Stockholm"),
    ("id", "Swedia menggelar pertemuan di Stockholm sementara Iran menyerang Irak di Basra.", "Basrah",
     "Stockholm"),
])
def test_place_is_that_of_the_trigger_s_clause(pipeline, lang, text, trigger_place, other_place):
    attacks = [f for f in facts(pipeline, text, lang) if f.kind == "event" and f.type == "ASSAULT"]
    assert attacks
    places = {f.place.name if f.place else None for f in attacks}
    assert other_place not in places
    if trigger_place:
        assert trigger_place in places


def test_date_is_that_of_the_trigger_s_clause(pipeline):
    found = [f for f in facts(pipeline, "Russia did not attack Odesa on Monday, but it shelled "
                              "Kharkiv on Tuesday.", "en", date(2025, 6, 25)) if f.kind == "event"]
    dates = {f.modality: f.date for f in found}
    assert dates.get("asserted") == "2025-06-24"
