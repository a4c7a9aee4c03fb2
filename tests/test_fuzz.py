"""Property-based fuzzing of the readers and the extractor (Hypothesis).

Random bytes, random Unicode (right-to-left scripts, zero-width and bidi characters, lone
surrogates), huge and empty fields and deep nesting, in every input format: reading never
raises, every input becomes documents or one-line errors, a good file beside it is always read,
and the extractor never fails inside a stage. Bounded by the number of examples, not by time.
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.ingest import IngestError, read_documents
from kg.extract.limits import DEFAULT_LIMITS
from kg.extract.pipeline import Pipeline
from kg.extract.records import valid_unicode
from kg.model import Document

FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
GOOD = "Iran accused Israel of attacking its embassy in Damascus on Monday."
SMALL = DEFAULT_LIMITS.with_settings({"document_chars": "200000", "record_chars": "400000",
                                      "field_chars": "1000"})

RTL = "\u0627\u0644\u0639\u0631\u0628\u064a\u0629\u05e2\u05d1\u05e8\u05d9\u05ea"
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad"
WORDS = ["Iran", "Israel", "Japan", "NATO", "Indonesia", "accused", "met", "attacked", "menuduh",
         "bertemu", "police", "the", "of", "in", "Jakarta", "on", "Monday", "said", "not", "will",
         "President", "Minister", "Takeshi", "Iwaya", "between", "and", ",", ".", "'s", "\n"]

unicode_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)
hostile_chars = st.text(st.sampled_from(RTL + INVISIBLE + "\ud800\udfff\x00\x1b\u2028\r\n\"'"),
                        max_size=30)
huge = st.integers(0, 150_000).map(lambda n: "x" * n)
field = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), unicode_text, huge,
                  hostile_chars, st.just(""))
nested = st.recursive(field, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.text(max_size=5), inner,
                                                                     max_size=4)),
                      max_leaves=30)
sentences = st.lists(st.one_of(st.sampled_from(WORDS), hostile_chars, unicode_text),
                     max_size=80).map(" ".join)


def read_beside_good(name: str, data: bytes) -> tuple[list[Document], list[IngestError]]:
    """Read the fuzzed file and a good file; check the invariants every read must keep."""
    with tempfile.TemporaryDirectory() as folder:
        path, good = Path(folder, name), Path(folder, "zz-good.txt")
        path.write_bytes(data)
        good.write_text(GOOD)
        items = list(read_documents([path, good], limits=SMALL))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert len(docs) + len(errors) == len(items)
    assert any(d.text == GOOD for d in docs)
    for error in errors:
        assert "\n" not in str(error) and "\r" not in str(error)
        str(error).encode("utf-8")  # printable: no lone surrogate reaches the terminal
    for doc in docs:
        assert doc.text.strip() and len(doc.text) <= SMALL.document_chars
        for value in (doc.id, doc.text, doc.url or "", doc.title or ""):
            value.encode("utf-8")  # every document's text can be written out
    return docs, errors


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".jsonl", ".csv"])
@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_in_any_format_never_stop_the_reader(suffix, data):
    read_beside_good("fuzz" + suffix, data)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
@FUZZ
@given(text=st.one_of(unicode_text, hostile_chars, sentences))
def test_random_unicode_text_files_are_read_or_refused(encoding, text):
    data = text.encode(encoding, "surrogatepass")
    docs, errors = read_beside_good("fuzz.txt", data)
    if encoding == "utf-8" and text.startswith("\ufeff"):
        text = text[1:]  # in UTF-8 without a BOM, a leading U+FEFF is read as the BOM
    if text.strip() and "\x00" not in text and not any(0xd800 <= ord(c) <= 0xdfff for c in text):
        assert any(d.text == text for d in docs), errors


@FUZZ
@given(records=st.lists(st.one_of(nested, st.dictionaries(
    st.sampled_from(["id", "text", "url", "title", "published", "lang", "x"]), nested,
    max_size=6)), max_size=5))
def test_random_json_records_become_documents_or_record_errors(records):
    lines = [json.dumps(r, allow_nan=True) for r in records]
    docs, errors = read_beside_good("fuzz.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))
    assert len(docs) - 1 + len(errors) == max(len([x for x in lines if x.strip()]), 1) or not lines


@FUZZ
@given(rows=st.lists(st.lists(st.one_of(unicode_text, hostile_chars, huge), min_size=1,
                              max_size=4), max_size=6),
       raw=st.booleans())
def test_random_csv_rows_never_merge_silently(rows, raw):
    out = io.StringIO()
    if raw:  # written by hand: unbalanced quotes and stray separators as they come
        out.write("id,text\n" + "\n".join(",".join(row) for row in rows))
    else:
        csv.writer(out).writerows([["id", "text"], *rows])
    docs, errors = read_beside_good("fuzz.csv", out.getvalue().encode("utf-8", "surrogatepass"))
    assert len(docs) - 1 <= len(rows)


@FUZZ
@given(head=st.one_of(unicode_text, st.text("-:&*![]{}\n abc\"'|>#", max_size=200),
                      st.dictionaries(st.sampled_from(["id", "url", "title", "published",
                                                       "lang", "tags"]),
                                      nested, max_size=5).map(json.dumps)),
       body=sentences)
def test_random_front_matter_is_fields_or_an_error(head, body):
    data = f"---\n{head}\n---\n{body}\n".encode("utf-8", "surrogatepass")
    read_beside_good("fuzz.md", data)


@FUZZ
@given(depth=st.integers(0, 3000), kind=st.sampled_from("[{"))
def test_nesting_of_any_depth_is_read_or_refused(depth, kind):
    close = {"[": "]", "{": "}"}[kind]
    value = (kind if kind == "[" else '{"a":') * depth + "1" + close * depth
    read_beside_good("fuzz.jsonl", f'{{"id": "n", "x": {value}, "text": "{GOOD}"}}'.encode())


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@FUZZ
@given(text=st.one_of(sentences, unicode_text, hostile_chars),
       lang=st.sampled_from(["en", "id", None]))
def test_the_extractor_never_fails_inside_a_stage(pipeline, text, lang):
    result = pipeline.run(Document("fuzz", text or " ", lang=lang))
    assert result.error is None or "extraction failed" not in result.error.message, result.error
    read = valid_unicode(text)  # lone surrogates become U+FFFD, one character for one
    for fact in result.facts:
        for ev in fact.evidence:
            assert ev.quote == read[ev.start:ev.end]
    assert any(f.type == "ACCUSE" for f in pipeline.run(Document("good", GOOD, lang="en")).facts)
