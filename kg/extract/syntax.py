"""Dependency parses of sentences: the one place geokg loads and runs its parsers.

A parser is a spaCy pipeline (tok2vec, morphologizer for UPOS and features, dependency parser)
trained by ``scripts/train_parser`` on Universal Dependencies treebanks and shipped in
``data/models/<lang>/``. A language without a folder there has no parser: ``parser_for`` gives
None and the callers keep to what needs no parse. Nothing is downloaded.

Each text is parsed as one sentence (the extractor has split sentences already; left to
itself the parser may cut "Filipina, sekutu Amerika Serikat, menolak ..." at a comma and give
it two roots). Token offsets (``token.idx``) are character offsets into the text given,
exactly as given: the parse is of that string, never of a cleaned copy.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..resources import data_path

if TYPE_CHECKING:  # spaCy is imported only when a parser is first needed (startup time)
    from spacy.language import Language
    from spacy.tokens import Doc

BATCH_SIZE = 256  # sentences per nlp.pipe batch: larger batches barely help a model this small


def models_dir() -> Path:
    """The folder holding one ``<lang>/`` model folder per language (env ``GEOKG_MODELS``)."""
    return Path(os.environ.get("GEOKG_MODELS") or data_path("models"))


def model_path(lang: str) -> Path | None:
    """The model folder for ``lang``, or None when there is none."""
    path = models_dir() / lang
    return path if (path / "config.cfg").is_file() else None


@lru_cache(maxsize=None)
def _lean_language(code: str) -> type:
    """spaCy's language class for ``code``, with its single-token hyphenated tokenizer
    exceptions ("negara-negara", "anak-anak": 15,573 of Indonesian's 15,963) kept whole by a
    set lookup instead of one special case each. Building the Indonesian tokenizer then takes
    milliseconds instead of two seconds or more, with the same tokens on 6,640 of PANL's 6,642
    sentences (the two others: "anti-huru-hara", where a listed word sits inside a longer one)."""
    from spacy.attrs import ORTH
    from spacy.util import get_lang_class

    base = get_lang_class(code)
    exceptions = base.Defaults.tokenizer_exceptions
    whole = frozenset(k.lower() for k, v in exceptions.items()
                      if "-" in k and len(v) == 1 and set(v[0]) == {ORTH})
    if not whole:
        return base
    previous = base.Defaults.token_match

    def token_match(text: str) -> bool:
        return text.lower() in whole or bool(previous and previous(text))

    defaults = type("Defaults", (base.Defaults,), {
        "tokenizer_exceptions": {k: v for k, v in exceptions.items() if k.lower() not in whole},
        "token_match": staticmethod(token_match)})
    return type(base.__name__, (base,), {"Defaults": defaults})


@lru_cache(maxsize=None)
def _load(path: Path) -> "Language":
    """The pipeline saved in ``path``; its tokenizer is rebuilt from the language's defaults
    (the model was trained with them unchanged) rather than read back rule by rule."""
    from spacy.util import get_model_meta, load_config

    try:
        config = load_config(path / "config.cfg")
        nlp = _lean_language(config["nlp"]["lang"]).from_config(config, meta=get_model_meta(path))
        return nlp.from_disk(path, exclude=["tokenizer"])
    except (OSError, ValueError, KeyError) as err:  # a damaged or foreign folder: say which
        raise RuntimeError(f"cannot load the parser model in {path}: {err}") from err


def parser_for(lang: str) -> "Language | None":
    """The loaded parser for ``lang`` (once per process and folder), or None without a model."""
    path = model_path(lang)
    return None if path is None else _load(path.resolve())


def _one_sentence(nlp: "Language", text: str) -> "Doc":
    """``text`` tokenised, every token but the first marked as no sentence start: the parser
    keeps preset boundaries, so it builds one tree."""
    doc = nlp.make_doc(text)
    for token in doc[1:]:
        token.is_sent_start = False
    return doc


def parse(text: str, lang: str) -> "Doc | None":
    """The parse of ``text`` as one sentence, or None when ``lang`` has no parser."""
    nlp = parser_for(lang)
    return None if nlp is None else nlp(_one_sentence(nlp, text))


def parse_many(texts: Iterable[str], lang: str) -> "list[Doc | None]":
    """Parses of ``texts`` (each one sentence) in order, batched; all None when ``lang`` has
    no parser."""
    texts = list(texts)
    nlp = parser_for(lang)
    if nlp is None:
        return [None] * len(texts)
    return list(nlp.pipe((_one_sentence(nlp, t) for t in texts), batch_size=BATCH_SIZE))
