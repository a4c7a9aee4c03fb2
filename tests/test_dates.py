"""Dates are resolved against the publication date, and never guessed without one."""
from datetime import date

import pytest

from kg.extract.dates import find_dates

PUBLISHED = date(2025, 6, 25)  # a Wednesday


def _values(text, lang, published=PUBLISHED):
    return [d.value for d in find_dates(text, lang, published)]


def test_weekday_resolves_to_the_latest_such_day_before_publication():
    assert _values("pada hari Selasa", "id") == ["2025-06-24"]
    assert _values("on Wednesday", "en") == ["2025-06-25"]


def test_weekday_without_publication_date_stays_unresolved():
    assert _values("on Tuesday", "en", None) == [None]


def test_absolute_dates_in_both_languages_keep_their_precision():
    assert _values("on 24 Juni 2025", "id") == ["2025-06-24"]
    assert _values("on June 3, 2024 and in March 2023 and 2022", "en") == ["2024-06-03", "2023-03", "2022"]


def test_relative_day_words_come_from_the_language_data():
    assert _values("kemarin", "id") == ["2025-06-24"]
    assert _values("yesterday", "en") == ["2025-06-24"]


def test_dates_match_in_any_case_and_keep_the_text_as_written():
    found = find_dates("Dilaporkan SELASA, 17 AGUSTUS 1945.", "id", PUBLISHED)
    assert [(d.text, d.value) for d in found] == [("SELASA", "2025-06-24"), ("17 AGUSTUS 1945", "1945-08-17")]


def test_a_date_inside_a_word_is_no_date():
    assert _values("the May4th movement, Mayday, code 20251", "en") == []


MONDAY = date(2025, 6, 23)


@pytest.mark.parametrize("text, lang, expected", [
    # a future or planned clause: the coming day (published on a Monday: Tuesday is the next day)
    ("The Security Council will hold an emergency meeting on Tuesday.", "en", "2025-06-24"),
    ("They'll meet again on Friday in Geneva.", "en", "2025-06-27"),
    ("The minister is to visit Jakarta on Thursday.", "en", "2025-06-26"),
    ("Iran said the talks would resume on Thursday.", "en", "2025-06-26"),
    ("Iran mengatakan perundingan akan dilanjutkan pada Kamis.", "id", "2025-06-26"),
    ("On Tuesday, the council will meet in New York.", "en", "2025-06-24"),
    ("Dewan Keamanan akan menggelar rapat darurat pada Selasa.", "id", "2025-06-24"),
    ("Menteri itu dijadwalkan mengunjungi Jakarta pada hari Kamis.", "id", "2025-06-26"),
    ("Rencananya kedua menteri bertemu pada Jumat di Jenewa.", "id", "2025-06-27"),
    # a past clause keeps resolving backwards
    ("Russia shelled Kharkiv on Tuesday.", "en", "2025-06-17"),
    ("Rusia menembaki Kharkiv pada Selasa.", "id", "2025-06-17"),
    # the date of a verb of saying is the day of saying, whatever the reported clause says
    ("Iran said on Tuesday it will resume talks.", "en", "2025-06-17"),
    ("Menlu mengatakan pada Selasa bahwa AS akan menyerang.", "id", "2025-06-17"),
    # another clause's future is not the date's
    ("Israel struck Gaza on Sunday, but talks will resume.", "en", "2025-06-22"),
    ("Israel menyerang Gaza pada Minggu, namun perundingan akan dilanjutkan.", "id", "2025-06-22"),
    # a marker next to the weekday decides before the clause's tense
    ("They will discuss what happened last Tuesday.", "en", "2025-06-17"),
    ("The talks resumed, and the envoy flies in next Friday.", "en", "2025-06-27"),
    ("Mereka akan membahas serangan Selasa lalu.", "id", "2025-06-17"),
    ("Kedua pihak bertemu dan berunding lagi Jumat depan.", "id", "2025-06-27"),
])
def test_a_weekday_follows_the_tense_of_its_own_clause(text, lang, expected):
    assert _values(text, lang, MONDAY) == [expected]


@pytest.mark.parametrize("text, lang, expected", [
    ("The summit will open on 3 January.", "en", "2026-01-03"),
    ("KTT itu akan dibuka pada 3 Januari.", "id", "2026-01-03"),
    ("The summit opened on 3 January.", "en", "2025-01-03"),
    ("The summit will open on 3 January 2025.", "en", "2025-01-03"),  # a written year stays
])
def test_a_day_without_a_year_in_a_future_clause_that_has_passed_is_next_years(text, lang, expected):
    assert _values(text, lang, MONDAY) == [expected]


@pytest.mark.parametrize("text, lang, modality, expected", [
    ("Talks with Iran on Tuesday", "en", "planned", "2025-06-24"),  # the event's modality says
    ("Talks with Iran on Tuesday", "en", "asserted", "2025-06-17"),
    ("Perundingan dengan Iran pada Selasa", "id", "planned", "2025-06-24"),
    ("Talks with Iran last Tuesday", "en", "planned", "2025-06-17"),  # the marker still decides
])
def test_the_event_code_can_pass_its_modality(text, lang, modality, expected):
    [mention] = find_dates(text, lang, MONDAY)
    assert mention.for_modality(modality) == expected


def test_a_future_weekday_without_publication_date_stays_unresolved():
    [mention] = find_dates("Iran will meet on Tuesday.", "en", None)
    assert (mention.value, mention.tense, mention.for_modality("planned")) == (None, "future", None)
