"""Sentence splitting keeps offsets into the document and respects abbreviations."""
from kg.extract.sentences import split_spans


def test_spans_are_offsets_into_the_text():
    text = "Iran accused Israel.  Israel denied it!\nA new line"
    spans = list(split_spans(text, "en"))
    assert [text[s:e] for s, e in spans] == ["Iran accused Israel.", "Israel denied it!", "A new line"]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "Mr. Smith met U.S. officials in Washington. They talked."
    assert [text[s:e] for s, e in split_spans(text, "en")] == [
        "Mr. Smith met U.S. officials in Washington.", "They talked."]


def test_runs_of_end_punctuation_and_closing_quotes_stay_with_their_sentence():
    text = 'He asked: "Why?!" Nobody answered.) (Then they left.'
    assert [text[s:e] for s, e in split_spans(text, "en")] == [
        'He asked: "Why?!"', "Nobody answered.)", "(Then they left."]


def test_a_line_break_ends_a_sentence_even_before_lower_case():
    text = "first line\n\n  second line. still the second"
    assert [text[s:e] for s, e in split_spans(text, "en")] == [
        "first line", "second line. still the second"]
