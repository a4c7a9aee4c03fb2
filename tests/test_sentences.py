"""Sentence splitting keeps offsets into the document and respects abbreviations."""
from kg.sentences import split_spans


def test_spans_are_offsets_into_the_text():
    text = "Iran accused Israel.  Israel denied it!\nA new line"
    spans = list(split_spans(text, "en"))
    assert [text[s:e] for s, e in spans] == ["Iran accused Israel.", "Israel denied it!", "A new line"]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "Mr. Smith met U.S. officials in Washington. They talked."
    assert [text[s:e] for s, e in split_spans(text, "en")] == [
        "Mr. Smith met U.S. officials in Washington.", "They talked."]
