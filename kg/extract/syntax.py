"""Dependency parses of sentences, from the spaCy models shipped in data/models/<lang>/
(or the folder ``$GEOKG_MODELS`` holding one model per language). A language without a
model has no parse: ``parse`` gives None."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from ..resources import data_path


def models_dir() -> Path:
    return Path(os.environ.get("GEOKG_MODELS") or data_path("models"))


@lru_cache(maxsize=None)
def parser_for(lang: str):
    """The language's pipeline, loaded once per process; None without a model."""
    path = models_dir() / lang
    if not (path / "config.cfg").is_file():
        return None
    import spacy  # only languages with a model pay for importing it
    return spacy.load(path)


def parse(text: str, lang: str):
    nlp = parser_for(lang)
    return nlp(text) if nlp is not None else None


def parse_many(texts: list[str], lang: str) -> list:
    nlp = parser_for(lang)
    if nlp is None:
        return [None] * len(texts)
    return list(nlp.pipe(texts, batch_size=64))
