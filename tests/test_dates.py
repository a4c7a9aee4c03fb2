"""Dates are resolved against the publication date, and never guessed without one."""
from datetime import date

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
