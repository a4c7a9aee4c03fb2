"""Bad and hostile input through `kg extract`: each kind alone and beside a good file.

Every run must end (a subprocess timeout stands for "hangs"), print no traceback, write only
one-line `error: SOURCE[:LINE]: reason` lines and the summary on stderr, and exit as the README
says: 0 all good, 2 done with per-document errors, 1 nothing could be done. Beside a good file,
the good file's fact is always in the output.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pycountry
import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT = 300  # seconds; only reached by a hang, on however loaded a machine
GOOD = ("---\nid: good\nlang: en\npublished: 2025-06-24\n---\n"
        "Iran accused Israel of attacking its embassy in Damascus on Monday.\n")
SENTENCE = "Iran accused Israel of attacking its embassy in Damascus on Monday. "
SUMMARY = re.compile(r"\d+ error\(s\); \d+ document\(s\) processed")
COUNTRIES = [c.name for c in pycountry.countries if "," not in c.name]


@dataclass(frozen=True)
class Kind:
    name: str
    make: Callable[[Path], list[str]]  # creates the input in a folder, returns the CLI inputs
    alone: int                         # exit status when it is the only input
    says: str | None = None            # part of the error line it must give
    args: tuple[str, ...] = ()
    slow: bool = False


def write(name: str, data: bytes | str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return [name]
    return make


def jsonl(*records: str) -> Callable[[Path], list[str]]:
    return write("records.jsonl", "\n".join(records) + "\n")


def front(head: str, body: str = SENTENCE) -> Callable[[Path], list[str]]:
    return write("article.md", f"---\n{head}\n---\n{body}\n")


def made(action: Callable[[Path], None], *inputs: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        action(folder)
        return list(inputs)
    return make


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")


def _loop(folder: Path) -> None:
    os.symlink("b.txt", folder / "a.txt")
    os.symlink("a.txt", folder / "b.txt")


def _to_zero(folder: Path) -> None:
    os.symlink("/dev/zero", folder / "endless.txt")


def _unreadable(folder: Path) -> None:
    (folder / "secret.txt").write_text(SENTENCE)
    (folder / "secret.txt").chmod(0)


def _self_link_folder(folder: Path) -> None:
    (folder / "tree").mkdir()
    (folder / "tree" / "a.txt").write_text(SENTENCE)
    os.symlink("..", folder / "tree" / "up")


def _fifo_in_folder(folder: Path) -> None:
    (folder / "tree").mkdir()
    os.mkfifo(folder / "tree" / "pipe.jsonl")


def _big_line(folder: Path) -> None:
    with open(folder / "line.txt", "wb") as fh:
        for _ in range(50):
            fh.write(b"word " * 200_000)  # 50 MB, no line break, no sentence end


def _bytes_name(folder: Path) -> None:
    (folder / os.fsdecode(b"bad\xff.txt")).write_text("")


def names(count: int) -> str:
    return "Japan met " + ", ".join(COUNTRIES[i % len(COUNTRIES)] for i in range(count)) + "."


ISSUE_KINDS = [  # the ones the issue names; the others run only with the slow tests
    Kind("json nested 100,000 deep", jsonl("[" * 100_000 + "]" * 100_000), 1, "nested deeper"),
    Kind("csv field over 131,072 characters",
         write("big.csv", "id,text\nc1,\"" + SENTENCE * 3000 + "\"\n"), 0),
    Kind("front matter that is a list", front("- a\n- b"), 1, "a list, not a mapping"),
    Kind("front matter that is a scalar", front("just words"), 1, "str, not a mapping"),
    Kind("YAML alias bomb in front matter",
         front("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
               "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]"),
         1, "aliases"),
    Kind("symlink to an endless device", made(_to_zero, "endless.txt"), 1, "character device"),
    Kind("50 MB single line", made(_big_line, "line.txt"), 1, "document_chars", slow=True),
    Kind("one sentence of 100,000 characters", write("long.txt", "word " * 20_000 + "end."),
         2, "sentence_chars", slow=True),
    Kind("one sentence naming thousands of countries", write("names.txt", names(5000)),
         2, "sentence_chars"),
    Kind("FIFO named *.txt", made(_fifo, "pipe.txt"), 1, "FIFO"),
    Kind("lone surrogate in a JSONL id", jsonl('{"id": "a\\ud800", "text": "%s"}' % SENTENCE),
         1, "lone surrogate"),
    Kind("integer id of 5,000 digits", jsonl('{"id": %s, "text": "x y"}' % ("9" * 5000)),
         1, "digits"),
    Kind("published 2025-02-30", front("published: 2025-02-30"), 1, "day is out of range"),
    Kind("missing path", lambda folder: ["no-such-file.txt"], 1, "no such file"),
    Kind("symlink loop", made(_loop, "a.txt"), 1, "symlink loop"),
    Kind("UTF-16 text with BOM", write("utf16.txt", SENTENCE.encode("utf-16")), 0),
    Kind("file name with a newline that forges an error line",
         write("x.txt\nerror: forged.txt", ""), 1, "x.txt\\x0aerror: forged.txt: file is empty"),
    Kind("unterminated CSV quote", write("q.csv", f'id,text\nc1,"{SENTENCE}\nc2,{SENTENCE}\n'),
         2, "q.csv:2: a quote opened on this line is not closed"),
    Kind("list-valued url", jsonl('{"id": "u", "url": ["http://a", 1], "text": "%s"}' % SENTENCE),
         1, "'url' must be text, not a list"),
    Kind("sentence over the mention limit", write("many.txt", names(150)), 2,
         "sentence_mentions"),
    Kind("document over its time budget", write("slow.txt", SENTENCE * 25_000), 1,
         "document_seconds", args=("--limit", "document_seconds=0.5"), slow=True),
]
KINDS = ISSUE_KINDS + [
    # ------------------------------------------------ files that are no text
    Kind("empty file", write("empty.txt", ""), 1, "file is empty"),
    Kind("only whitespace", write("blank.txt", " \n\t\n"), 1, "file is empty"),
    Kind("only a BOM", write("bom.txt", b"\xef\xbb\xbf"), 1, "file is empty"),
    Kind("NUL bytes", write("nul.txt", b"\x00\x01\x02binary"), 1, "binary"),
    Kind("Latin-1 text", write("latin1.txt", "Caf\xe9 au lait".encode("latin-1")), 1, "UTF-8"),
    Kind("UTF-32 with BOM", write("utf32.txt", SENTENCE.encode("utf-32")), 1, "UTF-32"),
    Kind("UTF-16 without BOM", write("utf16le.txt", SENTENCE.encode("utf-16-le")), 1, "binary"),
    Kind("UTF-8 with BOM", write("bom8.txt", b"\xef\xbb\xbf" + SENTENCE.encode()), 0),
    Kind("UTF-8 cut inside a character", write("cut.txt", SENTENCE.encode() + b"\xe2\x82"), 1,
         "UTF-8"),
    Kind("overlong UTF-8", write("overlong.txt", b"abc \xc0\xaf def"), 1, "UTF-8"),
    Kind("UTF-8-encoded surrogate", write("surrogate.txt", b"abc \xed\xa0\x80 def"), 1, "UTF-8"),
    Kind("PNG bytes named .txt", write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 1,
         "binary"),
    Kind("gzip bytes named .jsonl", write("data.jsonl", b"\x1f\x8b\x08\x00\x00\x00\x00\x00"), 1),
    Kind("UTF-16 odd byte count", write("odd.txt", SENTENCE.encode("utf-16") + b"\x00"), 1,
         "UTF-16"),
    # ------------------------------------------------ special files and paths
    Kind("a device named directly", lambda folder: ["/dev/null"], 1, "character device"),
    Kind("unreadable file", made(_unreadable, "secret.txt"), 1, "cannot read"),
    Kind("folder with a symlink to its parent", made(_self_link_folder, "tree"), 0),
    Kind("folder holding only a FIFO", made(_fifo_in_folder, "tree"), 1, "FIFO"),
    Kind("empty folder", made(lambda f: (f / "void").mkdir(), "void"), 1, "holds no input"),
    Kind("unsupported file type", write("paper.pdf", b"%PDF-1.4"), 1, "unsupported file type"),
    Kind("file name that is not UTF-8", made(_bytes_name, os.fsdecode(b"bad\xff.txt")), 1,
         "bad\\xff.txt: file is empty"),
    Kind("control characters in a file name", write("esc\x1b[31mred.txt", ""), 1,
         "esc\\x1b[31mred.txt"),
    Kind("bidi override in a file name", write("a\u202etxt.exe.txt", ""), 1, "a\\u202etxt"),
    # ------------------------------------------------ JSON lines
    Kind("malformed JSON line", jsonl('{"id": "x", "text": '), 1, "malformed JSON"),
    Kind("JSON record that is a list", jsonl("[1, 2]"), 1, "a list, not an object"),
    Kind("JSON record that is a string", jsonl('"text"'), 1, "not an object"),
    Kind("record without a text field", jsonl('{"id": "x"}'), 1, "no 'text' field"),
    Kind("text that is a number", jsonl('{"id": "x", "text": 5}'), 1, "not a number"),
    Kind("text that is null", jsonl('{"id": "x", "text": null}'), 1, "must be text"),
    Kind("empty text", jsonl('{"id": "x", "text": ""}'), 1, "no text"),
    Kind("id that is infinite", jsonl('{"id": 1e999, "text": "%s"}' % SENTENCE), 1,
         "'id' must be text"),
    Kind("id that is NaN", jsonl('{"id": NaN, "text": "%s"}' % SENTENCE), 1, "'id' must be text"),
    Kind("id that is true", jsonl('{"id": true, "text": "%s"}' % SENTENCE), 1, "true/false"),
    Kind("id that is an object", jsonl('{"id": {"a": 1}, "text": "%s"}' % SENTENCE), 1,
         "a mapping"),
    Kind("id over the field limit", jsonl('{"id": "%s", "text": "%s"}' % ("i" * 5000, SENTENCE)),
         1, "field_chars"),
    Kind("title that is a list", jsonl('{"id": "x", "title": [], "text": "%s"}' % SENTENCE), 1,
         "'title' must be text"),
    Kind("published that is a number", jsonl('{"id": "x", "published": 2025, "text": "%s"}'
                                             % SENTENCE), 1, "ISO date"),
    Kind("published that is no date", jsonl('{"id": "x", "published": "last week", "text": "%s"}'
                                            % SENTENCE), 1, "ISO date"),
    Kind("lang that is no language code", jsonl('{"id": "x", "lang": "english!!", "text": "%s"}'
                                                % SENTENCE), 1, "language code"),
    Kind("url with a line break", jsonl('{"id": "x", "url": "http://a\\nb", "text": "%s"}'
                                        % SENTENCE), 1, "control characters"),
    Kind("JSON line over the record limit", jsonl('{"id": "x", "text": "%s"}' % (SENTENCE * 40)),
         1, "record_chars", args=("--limit", "record_chars=1000")),
    Kind("deep nesting in an unused field", jsonl('{"x": %s, "text": "%s"}'
                                                  % ("[" * 40 + "]" * 40, SENTENCE)), 1, "nesting"),
    Kind("only blank lines", jsonl("", "", ""), 1, "no records"),
    Kind("lone surrogate in the text", jsonl('{"id": "s", "text": "%s\\udc00"}' % SENTENCE), 0),
    Kind("CRLF line endings", write("crlf.jsonl", '{"id": "c", "text": "%s"}\r\n' % SENTENCE), 0),
    Kind("U+2028 inside a JSON string", jsonl('{"id": "l", "text": "%s\u2028%s"}'
                                              % (SENTENCE, SENTENCE)), 0),
    Kind("duplicate keys", jsonl('{"id": "d", "text": "x", "text": "%s"}' % SENTENCE), 0),
    Kind("ten thousand bad lines", jsonl(*["{"] * 10_000), 1, "records.jsonl:10000"),
    # ------------------------------------------------ CSV
    Kind("CSV header only", write("h.csv", "id,text\n"), 1, "no records"),
    Kind("CSV without a text column", write("t.csv", f"id,body\nb1,{SENTENCE}\n"), 1,
         "no 'text' column"),
    Kind("CSV record with too many fields", write("f.csv", f"id,text\nf1,{SENTENCE},extra\n"), 1,
         "3 fields, the header has 2"),
    Kind("CSV quote inside a bare field", write("b.csv", 'id,text\nb1,say "hi\n'), 1,
         "not closed"),
    Kind("CSV with NUL bytes", write("n.csv", b"id,text\n\x00\x00\n"), 1, "binary"),
    Kind("CSV with a UTF-8 BOM", write("bom.csv", "\ufeffid,text\nb1," + SENTENCE + "\n"), 0),
    Kind("CSV quoted field across lines", write("m.csv", f'id,text\nm1,"{SENTENCE}\n{SENTENCE}"\n'),
         0),
    # ------------------------------------------------ Markdown front matter
    Kind("front matter never closed", write("open.md", "---\nid: x\n" + SENTENCE), 1,
         "never closed"),
    Kind("front matter with an unknown field", front("tags: [a]"), 1, "unknown field"),
    Kind("front matter that is no YAML", front("id: [unclosed"), 1, "not valid YAML"),
    Kind("front matter url that is a list", front("url: [http://a, http://b]"), 1,
         "'url' must be text, not a list"),
    Kind("front matter id that is a mapping", front("id: {a: 1}"), 1, "a mapping"),
    Kind("front matter with a python tag", front("id: !!python/object/apply:os.system [echo]"),
         1, "'id' must be text"),
    Kind("front matter and no body", front("id: x", ""), 1, "no text"),
    # ------------------------------------------------ HTML
    Kind("HTML without a body text", write("e.html", "<html><body></body></html>"), 1,
         "no main text"),
    Kind("HTML of scripts only", write("s.html", "<script>alert(1)</script>" * 50), 1,
         "no main text"),
    Kind("HTML nested 100,000 deep", write("deep.html", "<div>" * 100_000 + SENTENCE), 1),
    # ------------------------------------------------ hostile but readable text
    Kind("right-to-left and zero-width characters",
         write("rtl.txt", "\u202e\u200b" + SENTENCE + "\u200f\u2066إيران\u2069\u200d"), 0),
    Kind("terminal escapes and bells in the text", write("esc.txt", "\x1b[2J\x07" + SENTENCE), 0),
    Kind("a hundred thousand short lines", write("lines.txt", "a\n" * 100_000), 0, slow=True),
    Kind("emoji and astral characters", write("emoji.txt", "🇮🇷 " + SENTENCE + " 𝕏"), 0),
    Kind("carriage returns only", write("cr.txt", SENTENCE.replace(". ", ".\r") * 3), 0),
]


def _kg(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kg", "extract", *args], cwd=folder, env=env,
                          capture_output=True, timeout=RUN_TIMEOUT)


def _check_stderr(run: subprocess.CompletedProcess, kind: Kind) -> str:
    stderr = run.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    for line in stderr.splitlines():
        assert line.startswith("error: ") or SUMMARY.fullmatch(line), line
        assert not line.startswith("error: forged")
    if kind.says:
        assert kind.says in stderr
    return stderr


def _params(beside: bool) -> list:
    return [pytest.param(kind, id=kind.name, marks=[pytest.mark.slow]
                         if kind.slow or beside or kind not in ISSUE_KINDS else [])
            for kind in KINDS]


def test_there_are_at_least_sixty_kinds_of_bad_input():
    assert len({kind.name for kind in KINDS}) == len(KINDS) >= 60


@pytest.mark.parametrize("kind", _params(beside=False))
def test_bad_input_alone_is_an_error_line_and_the_documented_exit_status(kind, tmp_path):
    if kind.name == "unreadable file" and os.geteuid() == 0:
        pytest.skip("root reads any file: an unreadable file cannot be made")
    run = _kg(tmp_path, *kind.args, *kind.make(tmp_path))
    _check_stderr(run, kind)
    assert run.returncode == kind.alone, run.stderr.decode()


@pytest.mark.parametrize("kind", _params(beside=True))
def test_bad_input_beside_a_good_file_loses_nothing_of_the_good_one(kind, tmp_path):
    if kind.name == "unreadable file" and os.geteuid() == 0:
        pytest.skip("root reads any file: an unreadable file cannot be made")
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "good.md").write_text(GOOD)
    run = _kg(tmp_path, *kind.args, *kind.make(tmp_path), "good/good.md")
    _check_stderr(run, kind)
    facts = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    assert any(ev["doc"] == "good" and f["type"] == "ACCUSE" for f in facts for ev in f["evidence"])
    assert run.returncode == (0 if kind.alone == 0 else 2), run.stderr.decode()


@pytest.mark.slow
def test_kg_build_over_every_kind_at_once_writes_the_good_facts_and_exits_2(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    args: list[str] = []
    for number, kind in enumerate(k for k in KINDS if not k.slow and not k.args):
        folder = inputs / f"kind{number:03d}"
        folder.mkdir()
        args += [str(folder / name) if not name.startswith("/") else name
                 for name in kind.make(folder)]
    (inputs / "good.md").write_text(GOOD)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "kg", "build", *args, str(inputs / "good.md"),
                          "--out", str(tmp_path / "out")], env=env, capture_output=True,
                         timeout=RUN_TIMEOUT * 2)
    assert "Traceback" not in run.stderr.decode() and run.returncode == 2, run.stderr.decode()
    facts = [json.loads(line) for line in (tmp_path / "out" / "events.jsonl").open()]
    assert any(ev["doc"] == "good" for f in facts for ev in f["evidence"])
