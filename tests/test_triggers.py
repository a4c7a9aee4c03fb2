"""Trigger lexicons: an English trigger and its Indonesian translation give the same event.

Each row is one sentence and the (source country, target country, category) tuple it must
give; the English and Indonesian rows of a pair test the same lexicon entry in both files.
"""
from __future__ import annotations

import pytest

from kg.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def tuples(pipeline, text, lang):
    found = set()
    for f in pipeline.extract_text(text, lang=lang):
        if f.kind == "event" and f.modality != "negated":
            found.add((f.source.country, f.target.country if f.target else None, f.type))
    return found


TRANSLATED_TRIGGERS = [
    # returning fire is small-arms fighting (193)
    ("en", "Sri Lankan troops returned fire on Tamil rebels on Monday.", ("LKA", "LKA", "ASSAULT")),
    ("id", "Tentara Sri Lanka membalas tembakan pemberontak Tamil, Senin.", ("LKA", "LKA", "ASSAULT")),
    # a launched offensive is conventional military force
    ("en", "Pakistan launched a military offensive against Taliban militants.",
     ("PAK", "AFG", "ASSAULT")),
    ("id", "Pakistan melancarkan ofensif terhadap gerilyawan Taliban.", ("PAK", "AFG", "ASSAULT")),
    # a crackdown is violent repression (175)
    ("en", "Police launched a crackdown on opposition supporters in Zimbabwe.",
     ("ZWE", "ZWE", "ASSAULT")),
    ("id", "Polisi Zimbabwe melakukan penumpasan terhadap pendukung oposisi.",
     ("ZWE", "ZWE", "ASSAULT")),
    # pressure "from" names the one who demands: the phrase is passive
    ("en", "Israel came under pressure from Washington.", ("USA", "ISR", "REQUEST")),
    ("id", "Israel mendapat tekanan dari Mesir.", ("EGY", "ISR", "REQUEST")),
    # stopping protesters restricts political freedoms (1721)
    ("en", "Indian police prevented demonstrators from marching.", ("IND", "IND", "COERCE")),
    ("id", "Polisi Mesir mencegah pengunjuk rasa mencapai lapangan itu.", ("EGY", "EGY", "COERCE")),
    # a strike by workers or parties is a protest, not an attack
    ("en", "The Lebanese opposition staged a one-day strike in Beirut.", ("LBN", "LBN", "PROTEST")),
    ("id", "Oposisi Lebanon melakukan pemogokan di Beirut.", ("LBN", "LBN", "PROTEST")),
    # extradition is judicial cooperation (063)
    ("en", "Britain wants the extradition of Andrei Lugovoi.", ("GBR", None, "COOPERATE")),
    ("id", "Inggris menginginkan ekstradisi Andrei Lugovoi.", ("GBR", None, "COOPERATE")),
    # logistical support is material aid, not praise
    ("en", "Japan provided logistical support to the United States.", ("JPN", "USA", "AID")),
    ("id", "Jepang memberikan dukungan logistik kepada Amerika Serikat.", ("JPN", "USA", "AID")),
    # retaking control is military force
    ("en", "Iraqi and US troops launched an operation to wrest back control of Baghdad.",
     ("USA", "IRQ", "ASSAULT")),
    ("id", "Pasukan Irak dan AS merebut kembali kendali atas Baghdad.", ("USA", "IRQ", "ASSAULT")),
    # lifting a blockade eases it (0872)
    ("en", "Syria lifted a blockade on Lebanese trucks.", ("SYR", "LBN", "RETREAT")),
    ("id", "Suriah mencabut blokade terhadap truk-truk Lebanon.", ("SYR", "LBN", "RETREAT")),
    # burning people to death is killing, not destroying property
    ("en", "Ethiopian troops were burned to death by rebels.", ("ETH", "ETH", "ASSAULT")),
    ("id", "Tentara Ethiopia dibakar hidup-hidup oleh pemberontak.", ("ETH", "ETH", "ASSAULT")),
    # troops placed "sekitar/sebanyak" N are deployed
    ("id", "Pakistan menempatkan sekitar 80 ribu pasukan di perbatasan Afganistan.",
     ("PAK", "AFG", "MOBILIZE")),
    # fighting between two sides
    ("en", "Government forces and rebels were fighting in Mogadishu.", ("SOM", "SOM", "ASSAULT")),
    ("id", "Pasukan pemerintah dan pemberontak bertikai di Mogadishu.", ("SOM", "SOM", "ASSAULT")),
    # offering something to someone
    ("en", "Belarus offered Venezuela anti-aircraft weapons.", ("BLR", "VEN", "AGREE")),
    ("id", "Belarus menawari Venezuela senjata anti-pesawat.", ("BLR", "VEN", "AGREE")),
    # handing in a resignation
    ("en", "South Korea's health minister resigned.", ("KOR", None, "RETREAT")),
    ("id", "Menteri kesehatan Korea Selatan mengajukan pengunduran diri.", ("KOR", None, "RETREAT")),
    # a warm welcome to a visitor is hosting a visit (043)
    ("en", "France gave a warm welcome to South African President Thabo Mbeki.",
     ("FRA", "ZAF", "CONSULT")),
    # colloquial "minta" asks as "meminta" does
    ("en", "Bush asked Congress to approve the plan.", ("USA", None, "REQUEST")),
    ("id", "Bush minta Kongres menyetujui rencana itu.", ("USA", None, "REQUEST")),
]


@pytest.mark.parametrize("lang,text,expected", TRANSLATED_TRIGGERS)
def test_translated_trigger_gives_the_same_event(pipeline, lang, text, expected):
    assert expected in tuples(pipeline, text, lang)


NOT_EVENTS = [
    # "insist" asserts a claim; only "insist on" demands
    ("en", "Iran insists its nuclear programme is peaceful."),
    ("id", "Iran bersikeras bahwa program nuklirnya bertujuan damai."),
    # a source declining to be named rejects nothing
    ("en", "Somali troops will go to the area, said an official who declined to be named."),
    ("id", "Pasukan Somalia akan pergi ke daerah itu, kata pejabat Somalia yang tidak bersedia "
           "disebutkan namanya."),
    ("id", "Kami harus menyingkirkan mereka, kata sumber pertahanan Sri Lanka yang menolak "
           "disebutkan namanya."),
    # publishing a survey releases no one
    ("en", "The Pentagon released a survey of US troops in Iraq."),
]


@pytest.mark.parametrize("lang,text", NOT_EVENTS)
def test_statement_phrase_gives_no_event(pipeline, lang, text):
    assert not {t for t in tuples(pipeline, text, lang) if t[2] in ("REJECT", "REQUEST", "RETREAT")}


def test_insist_on_is_a_demand(pipeline):
    assert ("USA", None, "REQUEST") in tuples(
        pipeline, "The United States insisted on a full inquiry.", "en")


@pytest.mark.parametrize("lang,text,relation", [
    ("id", "Amerika Serikat adalah sekutu terdekat Jepang.", "ally_of"),
    ("id", "Jepang adalah mitra kunci Indonesia.", "partner_of"),
    ("en", "Japan is a major partner of Indonesia.", "partner_of"),
])
def test_relation_cue_of_both_languages(pipeline, lang, text, relation):
    assert any(f.kind == "relation" and f.type == relation
               for f in pipeline.extract_text(text, lang=lang))
