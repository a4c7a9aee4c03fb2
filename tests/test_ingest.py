"""Reading inputs: every format, and bad input reported per document without losing the rest."""
from __future__ import annotations

import json
from datetime import date

import pytest

from kg.extract.ingest import IngestError, read_documents
from kg.extract.lexicon import language
from kg.extract.pipeline import Pipeline


def _read(*paths, **kw):
    items = list(read_documents(paths, **kw))
    return ([i for i in items if not isinstance(i, IngestError)],
            [i for i in items if isinstance(i, IngestError)])


def test_txt_file_is_one_document_keyed_by_its_text_not_its_path(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("Japan and NATO agreed to strengthen security cooperation on Tuesday.")
    monkeypatch.chdir(tmp_path)
    docs, errors = _read(path, "a.txt", "./a.txt")
    assert errors == [] and len({d.id for d in docs}) == 1 and str(path) not in docs[0].id


def test_language_is_detected_when_not_given():
    assert Pipeline().detect_language("Japan and NATO agreed to strengthen security cooperation on Tuesday.") == "en"
    assert Pipeline().detect_language("Jepang dan NATO sepakat memperkuat kerja sama keamanan pada hari Selasa.") == "id"


@pytest.mark.parametrize("text, lang", [
    ("The minister said that the talks with China would resume in March.", "en"),
    ("Menteri itu mengatakan bahwa perundingan dengan Tiongkok akan dilanjutkan pada bulan Maret.", "id"),
    ("Iran Israel Gaza Hamas", "en"),  # no common word: the statistical detector decides
    ("Rudal Iran hantam Haifa", "id"),
])
def test_language_comes_from_common_words_or_else_the_detector(text, lang):
    assert Pipeline().detect_language(text) == lang


def test_no_common_word_is_listed_for_two_languages():
    lists = {lang: set(language(lang).words("function_words")) for lang in ("en", "id")}
    assert all(lists.values()) and not lists["en"] & lists["id"]


def test_markdown_front_matter_gives_metadata(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\nid: x1\npublished: 2025-06-24\nurl: https://e.org/a\nlang: id\n---\n"
                    "Jepang dan NATO sepakat.")
    (doc,), _ = _read(path)
    assert (doc.id, doc.published, doc.url, doc.lang) == ("x1", date(2025, 6, 24), "https://e.org/a", "id")
    assert doc.text == "Jepang dan NATO sepakat."


def test_jsonl_records_with_custom_text_field(tmp_path):
    path = tmp_path / "a.jsonl"
    rows = [{"id": "r1", "body": "Iran accused Israel.", "lang": "en", "published": "2025-01-02"},
            {"id": "r2", "body": "Iran menuduh Israel.", "lang": "id"}]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    docs, errors = _read(path, text_field="body")
    assert errors == [] and [d.id for d in docs] == ["r1", "r2"]
    assert docs[0].published == date(2025, 1, 2)


def test_csv_records(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,text,url\nc1,"Iran accused Israel, again.",https://e.org/c1\n')
    (doc,), errors = _read(path)
    assert (doc.id, doc.text, doc.url, errors) == ("c1", "Iran accused Israel, again.", "https://e.org/c1", [])


def test_html_main_text_is_extracted(tmp_path):
    path = tmp_path / "a.html"
    body = "<p>" + "Japan and NATO agreed to strengthen security cooperation. " * 5 + "</p>"
    path.write_text(f"<html><head><title>T</title></head><body><nav>Menu Home</nav>"
                    f"<article>{body}</article></body></html>")
    (doc,), errors = _read(path)
    assert "Japan and NATO agreed" in doc.text and "Menu Home" not in doc.text


def test_bad_inputs_are_reported_one_by_one_and_the_rest_is_read(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "good.txt").write_text("Iran accused Israel of attacks.")
    (tmp_path / "mixed.jsonl").write_text('{"id": "ok", "text": "Iran accused Israel."}\n'
                                          '{"id": "broken", "text": \n'
                                          '{"id": "blank", "text": ""}\n')
    docs, errors = _read(tmp_path)
    assert sorted(d.source for d in docs) == sorted([str(tmp_path / "good.txt"),
                                                     f"{tmp_path / 'mixed.jsonl'}:1"])
    messages = {e.source.rsplit("/", 1)[-1]: e.message for e in errors}
    assert messages["empty.txt"] == "file is empty"
    assert "binary" in messages["binary.txt"]
    assert "UTF-8" in messages["latin1.txt"]
    assert "malformed JSON" in messages["mixed.jsonl:2"]
    assert messages["mixed.jsonl:3"] == "no text"


def test_unparseable_published_date_is_an_error_for_that_record_only(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a", "text": "Iran accused Israel.", "published": "last week"}\n'
                    '{"id": "b", "text": "Iran accused Israel."}\n')
    docs, errors = _read(path)
    assert [d.id for d in docs] == ["b"] and "ISO date" in errors[0].message
