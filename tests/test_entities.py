"""Mention finding: titled people, capitals as states, and names no gazetteer lists."""
from __future__ import annotations

import pytest

from kg.extract.entities import LOCATION_USE
from kg.extract.pipeline import Pipeline


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


@pytest.mark.parametrize("lang, text, name, country, role", [
    ("en", "Syrian Vice President Faruq al-Shara arrived.", "Faruq al-Shara", "SYR", "vice_president"),
    ("id", "Wakil Presiden Suriah Faruq al-Shara tiba.", "Faruq al-Shara", "SYR", "vice_president"),
    ("en", "Egyptian President Abdel Fattah el-Sisi spoke.", "Abdel Fattah el-Sisi", "EGY", "president"),
])
def test_titled_name_keeps_a_particle_joined_by_a_hyphen(pipeline, lang, text, name, country, role):
    person = mentions(pipeline, text, lang)[name]
    assert person.entity.country == country and person.role.id == role


def test_ministry_spokesman_acts_for_the_state_named_with_the_ministry(pipeline):
    person = mentions(pipeline, "Sri Lanka's foreign ministry spokesman Ravi Perera said.", "en")["Ravi Perera"]
    assert person.entity.country == "LKA" and person.role.id == "spokesperson"


MENTIONED_WITH_STATE = [  # (behaviour, language, text, name, entity type, its state)
    ("us_state_is_a_place_in_the_us", "en", "A tornado hit Dallas, Texas, and parts of Oklahoma.",
     "Texas", "Place", "USA"),
    ("us_state_in_a_list_is_a_place_in_the_us", "en",
     "A tornado hit Dallas, Texas, and parts of Oklahoma.", "Oklahoma", "Place", "USA"),
    ("state_name_shared_with_a_country_stays_the_country", "en", "Georgia accused Russia.",
     "Georgia", "Country", "GEO"),
    ("province_in_the_spelling_news_uses", "en", "Fighting spread in Helmand. Chechnya was calm.",
     "Helmand", "Place", "AFG"),
    ("republic_in_the_spelling_news_uses", "en", "Fighting spread in Helmand. Chechnya was calm.",
     "Chechnya", "Place", "RUS"),
    ("city_name_shared_by_several_cities_is_the_capital_or_largest", "en",
     "Bombs exploded in London.", "London", "Place", "GBR"),
    ("national_party_acts_for_its_state", "en", "Fatah accused Hamas.", "Fatah", "Organization", "PSE"),
    ("national_movement_acts_for_its_state", "en", "Fatah accused Hamas.", "Hamas", "Organization", "PSE"),
    ("armed_group_acronym_acts_for_its_state", "en", "The LTTE attacked.", "LTTE", "Organization", "LKA"),
    ("rebel_movement_before_a_sector_noun", "en", "UNITA rebels attacked.", "UNITA", "Organization", "AGO"),
    ("opposition_party_acronym", "en", "The MDC called a strike.", "MDC", "Organization", "ZWE"),
    ("national_legislature", "en", "The Knesset voted.", "Knesset", "Organization", "ISR"),
    ("armed_movement_id", "id", "Taliban menyerang pos polisi.", "Taliban", "Organization", "AFG"),
    ("international_organisation_has_no_state", "en", "The European Community gave aid.",
     "European Community", "Organization", None),
    ("known_leader_named_alone", "en", "Mugabe faces a strike.", "Mugabe", "Person", "ZWE"),
    ("known_former_leader_named_alone", "en", "Gorbachev met Reagan.", "Gorbachev", "Person", "RUS"),
    ("known_leader_after_a_bare_title_id", "id", "Presiden Bouteflika tiba di Paris.", "Bouteflika",
     "Person", "DZA"),
    ("historical_state_maps_to_its_successor", "en", "The Soviet Union and Yugoslavia signed.",
     "Soviet Union", "Country", "RUS"),
    ("second_historical_state_in_a_pair", "en", "The Soviet Union and Yugoslavia signed.",
     "Yugoslavia", "Country", "SRB"),
    ("plural_demonym_is_its_state", "en", "Ugandans were attacked.", "Ugandans", "Country", "UGA"),
    ("listed_region_is_a_place_in_its_state", "en", "Israeli troops raided Jenin in the West Bank.",
     "West Bank", "Place", "PSE"),
    ("listed_region_is_a_place_in_its_state_id", "id", "Pasukan Israel menyerbu Jenin di Tepi Barat.",
     "Tepi Barat", "Place", "PSE"),
    ("conflict_region_is_a_place_in_its_state", "en", "Rebels attacked a convoy in Darfur.",
     "Darfur", "Place", "SDN"),
    ("listed_town_wins_over_a_city_of_its_name", "en", "Pilgrims gathered in Bethlehem.",
     "Bethlehem", "Place", "PSE"),
    ("possessive_ends_the_name_it_follows", "en", "Mugabe's government rejected the plan.",
     "Mugabe", "Person", "ZWE"),
    ("possessive_after_a_titled_name", "en", "President Bush's visit was cut short.",
     "Bush", "Person", "USA"),
    ("curly_possessive_ends_the_name", "en", "The plan was Putin’s idea.", "Putin", "Person", "RUS"),
]


@pytest.mark.parametrize("behaviour, lang, text, name, type_, country", MENTIONED_WITH_STATE,
                         ids=[row[0] for row in MENTIONED_WITH_STATE])
def test_mention_has_its_type_and_state(pipeline, behaviour, lang, text, name, type_, country):
    entity = mentions(pipeline, text, lang)[name].entity
    assert (entity.type, entity.country) == (type_, country)


def test_capital_before_based_is_a_place_not_its_state(pipeline):
    found = mentions(pipeline, "The Paris-based group said London had acted.", "en")
    assert found["Paris"].entity.type == "Place" and found["Paris"].rule == "gazetteer"
    assert found["London"].rule == "metonym"


def test_titled_officer_of_a_national_organisation_acts_for_its_state(pipeline):
    found = mentions(pipeline, "Hamas leader Khaled Meshaal met NATO Secretary-General Mark Rutte.", "en")
    assert found["Khaled Meshaal"].entity.country == "PSE"
    assert found["Mark Rutte"].entity.country is None


@pytest.mark.parametrize("lang, text, name, country", [
    ("en", "Nigeria's acting President Goodluck Jonathan spoke.", "Goodluck Jonathan", "NGA"),
    ("id", "Presiden sementara Somalia Ali Hassan tiba.", "Ali Hassan", "SOM"),
])
def test_acting_or_interim_title_is_the_office(pipeline, lang, text, name, country):
    found = mentions(pipeline, text, lang)
    assert found[name].entity.country == country and found[name].role.id == "president"
    assert "Hassan" not in found, "a town named like a word of the name is part of it"


@pytest.mark.parametrize("lang, text, people, state", [
    ("en", "Ethnic Albanians in south Serbia demand protection.", "Albanians", "Serbia"),
    ("id", "Etnis Albania di Serbia menuntut perlindungan.", "Albania", "Serbia"),
])
def test_ethnic_group_is_no_mention_of_the_state_it_is_named_after(pipeline, lang, text, people, state):
    found = mentions(pipeline, text, lang)
    assert people not in found and found[state].entity.country == "SRB"


@pytest.mark.parametrize("lang, text, first, second", [
    ("en", "Storms hit California and Texas on Monday.", "California", "Texas"),
    ("en", "Bombs went off in Mosul and Kirkuk.", "Mosul", "Kirkuk"),
    ("id", "Badai melanda Kalifornia dan Texas.", "Kalifornia", "Texas"),
])
def test_names_listed_with_a_conjunction_are_two_names(pipeline, lang, text, first, second):
    found = mentions(pipeline, text, lang)
    assert found[first].entity.country == found[second].entity.country


def test_based_suffix_closes_the_place_before_an_organisation(pipeline):
    found = mentions(pipeline, "The London-based Amnesty International condemned it.", "en")
    assert found["London"].entity.type == "Place"
    assert found["Amnesty International"].entity.type == "Organization"


def test_headed_organisation_ends_at_its_state_before_a_person(pipeline):
    found = mentions(pipeline, "Kementerian Luar Negeri Iran Mohammad Ali Hosseini mengatakan hal itu.", "id")
    assert found["Kementerian Luar Negeri Iran"].entity.country == "IRN"
    assert found["Mohammad Ali Hosseini"].entity.type == "Person"


def test_headed_organisation_takes_the_state_acronym_after_it(pipeline):
    found = mentions(pipeline, "Departemen Luar Negeri AS mengatakan hal itu.", "id")
    assert found["Departemen Luar Negeri AS"].entity.country == "USA"
    person = mentions(pipeline, "Jurubicara Departemen Luar Negeri AS Sean Smith mengatakan hal itu.",
                      "id")["Sean Smith"]
    assert person.entity.country == "USA" and person.role.id == "spokesperson"


def test_head_of_two_words_types_the_name(pipeline):
    found = mentions(pipeline, "Hal itu dilaporkan Kantor Berita ANP, Senin.", "id")
    assert found["Kantor Berita ANP"].entity.type == "Organization"


def test_number_word_starting_a_sentence_is_no_capital(pipeline):
    assert "Lima" not in mentions(pipeline, "Lima tentara tewas dalam serangan itu.", "id")


def test_number_word_after_a_place_word_names_the_place(pipeline):
    assert mentions(pipeline, "Enam orang tewas di Lima, ibu kota Peru.", "id")["Lima"].entity.country == "PER"


@pytest.mark.parametrize("lang, text", [
    ("id", "Kunjungan Bush ke Jepang berakhir Senin."),
    ("en", "Talks Bush held in Tokyo ended on Monday."),
])
def test_noun_opening_a_sentence_is_no_part_of_the_person_after_it(pipeline, lang, text):
    assert mentions(pipeline, text, lang)["Bush"].entity.country == "USA"


def test_seat_of_government_wins_over_a_city_alias(pipeline):
    assert mentions(pipeline, "The White House said it would wait.", "en")["White House"].entity.country == "USA"


def test_known_person_named_with_an_initial_without_its_period(pipeline):
    person = mentions(pipeline, "Presiden George W Bush tiba di Jakarta.", "id")["George W Bush"]
    assert person.entity.country == "USA" and person.entity.wikidata


def test_plural_title_before_listed_leaders(pipeline):
    found = mentions(pipeline, "Presidents Chavez and Putin met on Monday.", "en")
    assert found["Chavez"].entity.country == "VEN" and found["Putin"].entity.country == "RUS"


def test_modifier_suffix_is_no_part_of_the_name_after_it(pipeline):
    found = mentions(pipeline, "Gunmen attacked the Hamas-led Interior Ministry.", "en")
    assert found["Hamas"].entity.type == "Organization"
    assert found["Interior Ministry"].entity.type == "Organization"


@pytest.mark.parametrize("lang, text, state", [
    ("en", "The bank paid 10 million US dollars to Iraq.", "US"),
    ("id", "Bank itu membayar 10 juta dolar AS kepada Irak.", "AS"),
])
def test_state_named_with_a_currency_is_no_mention(pipeline, lang, text, state):
    assert state not in mentions(pipeline, text, lang)
