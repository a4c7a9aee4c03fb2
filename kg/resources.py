"""Where the project's data files are, and reading them."""
from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path

import yaml

# libyaml's parser when PyYAML has it: the same data, about seven times faster to load
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("GEOKG_DATA", ROOT / "data"))
ONTOLOGY_DIR = ROOT / "ontology"
SHARED_DATA = Path(os.environ.get("GEOKG_SHARED", ROOT.parent / "shared" / "data"))


def data_path(*parts: str) -> Path:
    return DATA_DIR.joinpath(*parts)


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header; lines starting with '#' are comments."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=None)
def read_yaml(path: Path):
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_YAML_LOADER)


def languages() -> list[str]:
    """Languages are folders of data under data/lang/: adding one adds files, not code."""
    return sorted(p.name for p in data_path("lang").iterdir() if p.is_dir())
