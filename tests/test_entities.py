"""Mention finding: titled people, capitals as states, and names no gazetteer lists."""
from __future__ import annotations

import pytest

from kg.entities import LOCATION_USE
from kg.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def mentions(pipeline, text, lang):
    return {m.text: m for m in pipeline.mentions(text, lang=lang)}


def test_titled_unknown_person_gets_the_role_and_country_en(pipeline):
    found = mentions(pipeline, "Nigerian Foreign Minister Dubem Oniya met reporters.", "en")
    person = found["Dubem Oniya"]
    assert person.entity.type == "Person" and person.entity.country == "NGA"
    assert person.role.id == "foreign_minister"
    assert "Nigerian" not in found, "the state is taken into the title, not a mention of its own"


def test_titled_unknown_person_gets_the_role_and_country_id(pipeline):
    found = mentions(pipeline, "Menteri Luar Negeri Jepang Taro Sato tiba di Jakarta.", "id")
    person = found["Taro Sato"]
    assert person.entity.country == "JPN" and person.role.id == "foreign_minister"


def test_capital_stands_for_its_state_unless_it_is_a_place(pipeline):
    assert mentions(pipeline, "Moskow menolak usulan itu.", "id")["Moskow"].entity.country == "RUS"
    assert mentions(pipeline, "Moskow menolak usulan itu.", "id")["Moskow"].rule == "metonym"
    assert mentions(pipeline, "Mereka bertemu di Moskow.", "id")["Moskow"].entity.type == "Place"


def test_unknown_indonesian_organisation_by_its_head_word(pipeline):
    found = mentions(pipeline, "Ketua Badan Pemenangan Pemilu datang ke Partai Harapan Rakyat.", "id")
    assert found["Badan Pemenangan Pemilu"].entity.type == "Organization"
    assert found["Partai Harapan Rakyat"].entity.type == "Organization"


def test_organisation_named_after_a_state_belongs_to_it(pipeline):
    found = mentions(pipeline, "Universitas Indonesia menggelar seminar.", "id")
    org = found["Universitas Indonesia"]
    assert org.entity.type == "Organization" and org.entity.country == "IDN"
    assert "Indonesia" not in found


def test_acronym_is_an_organisation_but_common_acronyms_are_not(pipeline):
    found = mentions(pipeline, "Harga BBM naik, kata pengurus HKTI di Bandung.", "id")
    assert found["HKTI"].entity.type == "Organization"
    assert "BBM" not in found


def test_unknown_place_by_its_head_word(pipeline):
    found = mentions(pipeline, "Banjir melanda Kabupaten Sukamaju, Jawa Tengah.", "id")
    assert found["Kabupaten Sukamaju"].entity.type == "Place"
    assert found["Jawa Tengah"].entity.type == "Place"


def test_weekday_and_sentence_initial_words_are_no_names(pipeline):
    found = mentions(pipeline, "Namun polisi menahan Sutrisno, Selasa (29/10/2013).", "id")
    assert "Namun" not in found and "Selasa" not in found


def test_unknown_english_organisation_by_its_head_word(pipeline):
    found = mentions(pipeline, "The Serbian Workers' Union called a strike.", "en")
    org = found["Serbian Workers' Union"]
    assert org.entity.type == "Organization" and org.entity.country == "SRB"


def test_lone_letter_or_number_is_no_person_id(pipeline):
    found = mentions(pipeline, "Pasien itu bergolongan darah tipe A atau B dengan biaya Rp5 juta.", "id")
    assert not any(m.entity.type == "Person" for m in found.values())


def test_lone_letter_or_number_is_no_person_en(pipeline):
    found = mentions(pipeline, "The patients had blood type A or B, a report said.", "en")
    assert not any(m.entity.type == "Person" for m in found.values())


def test_state_after_a_place_preposition_is_marked_as_used_as_a_location(pipeline):
    found = mentions(pipeline, "Israel menyerang sasaran di Suriah dan Lebanon.", "id")
    assert found["Israel"].rule == "gazetteer"
    assert found["Suriah"].rule.endswith(LOCATION_USE)
    assert found["Lebanon"].rule.endswith(LOCATION_USE), "listed after a location"


def test_lone_unknown_capitalised_word_needs_a_cue_to_be_a_person(pipeline):
    assert "Pemilu" not in mentions(pipeline, "Hasil itu diumumkan setelah Pemilu selesai.", "id")
    assert mentions(pipeline, "Hal itu sudah jelas, tandas Haswandi.", "id")["Haswandi"].entity.type == "Person"


def test_one_word_of_a_full_name_seen_earlier_names_the_same_person(pipeline):
    text = "Dalam acara itu Rahmat Sulistyo datang. Kemudian Sulistyo pergi."
    people = [m for m in pipeline.mentions(text, lang="id") if m.text == "Sulistyo"]
    assert people and people[0].entity.name == "Rahmat Sulistyo"


def test_known_organisation_then_a_name_is_the_organisation_and_a_person(pipeline):
    found = mentions(pipeline, "Kader Partai Golkar Hendra Wijaya hadir.", "id")
    assert found["Partai Golkar"].entity.type == "Organization"
    assert found["Hendra Wijaya"].entity.type == "Person"


def test_names_joined_by_a_connector_without_a_head_word_are_two(pipeline):
    found = mentions(pipeline, "Ia bersama Rahmat Sulistyo dan Haposan Wibowo datang.", "id")
    assert {"Rahmat Sulistyo", "Haposan Wibowo"} <= set(found)


def test_portfolio_after_a_title_is_no_name(pipeline):
    found = mentions(pipeline, "Menteri Agama dan Menteri Perumahan datang, kata Menko Polhukam Djoko Santoso.", "id")
    assert not {"Agama", "Perumahan", "Polhukam"} & set(found)
    assert found["Djoko Santoso"].entity.type == "Person"


def test_name_takes_the_bracketed_acronym_that_spells_it_out(pipeline):
    found = mentions(pipeline, "Ia mengadu ke Komisi Pemilihan Umum (KPU) kemarin.", "id")
    assert found["Komisi Pemilihan Umum (KPU)"].entity.type == "Organization"
    assert "KPU" not in found


def test_unheaded_name_spelled_out_by_an_acronym_is_no_person(pipeline):
    found = mentions(pipeline, "Partai itu menggelar Kongres Luar Biasa (KLB) di Bali.", "id")
    assert "Kongres Luar Biasa" not in found


def test_known_organisation_inside_a_headed_run_then_a_person(pipeline):
    found = mentions(pipeline, "Ketua Dewan Pakar Partai Golkar Siswono Yudo Husodo datang.", "id")
    assert found["Siswono Yudo Husodo"].entity.type == "Person"
    assert "Dewan Pakar" not in found and "Dewan Pakar Partai Golkar Siswono Yudo Husodo" not in found


def test_acronym_of_a_kind_of_place_is_a_place(pipeline):
    assert mentions(pipeline, "Antrean panjang terjadi di SPBU itu.", "id")["SPBU"].entity.type == "Place"


NAMED_BY_SHAPE_AND_CUES = [  # (behaviour, language, text, the mention, its entity type)
    ("unknown_indonesian_person_after_a_speech_cue", "id", "Kami tetap solid, kata Budiman Hartono di Samarinda.",
     "Budiman Hartono", "Person"),
    ("unknown_indonesian_person_before_a_speech_verb", "id", "Menurut dia, Sutrisno mengatakan hal itu kemarin.",
     "Sutrisno", "Person"),
    ("unknown_english_person_before_said", "en", "The talks failed, Monica Chuji said.",
     "Monica Chuji", "Person"),
    ("head_word_takes_the_acronym_after_it", "id", "Rapat digelar di Gedung DPR kemarin.",
     "Gedung DPR", "Place"),
    ("unit_of_a_party_is_no_part_of_its_name", "id", "Sikap Fraksi Partai Demokrat sudah jelas.",
     "Partai Demokrat", "Organization"),
    ("unknown_name_listed_before_a_known_place_is_a_place", "id", "Ia ditemui di Gedung DPR, Senayan, Jakarta, Senin.",
     "Senayan", "Place"),
    ("person_before_a_speech_verb_past_an_adverb", "id", "Romahurmuziy juga membantah isu itu.",
     "Romahurmuziy", "Person"),
]


@pytest.mark.parametrize("behaviour, lang, text, name, type_", NAMED_BY_SHAPE_AND_CUES,
                         ids=[row[0] for row in NAMED_BY_SHAPE_AND_CUES])
def test_unlisted_name_gets_its_type(pipeline, behaviour, lang, text, name, type_):
    assert mentions(pipeline, text, lang)[name].entity.type == type_
