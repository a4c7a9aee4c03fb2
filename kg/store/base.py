"""The one interface every graph store implements, and the registry of stores by name.

Backends are imported only when chosen, so the Neo4j driver is not loaded to write Turtle.
"""
from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from typing import Iterable

from ..model import Fact

QUERY_TIMEOUT = 60.0  # seconds a query may run, in every store and from every command


class StoreError(Exception):
    """A store could not be opened, written or queried."""


class Store(ABC):
    """A place facts are kept and queried. A missing method raises rather than doing nothing."""

    name: str = "store"
    persistent: bool = False
    query_languages: tuple[str, ...] = ()

    @abstractmethod
    def add(self, facts: Iterable[Fact]) -> None:
        """Add facts; adding the same fact twice changes nothing."""

    @abstractmethod
    def remove_document(self, doc_id: str) -> None:
        """Forget everything one document said, and facts no other document supports."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Sizes to compare stores by: at least ``events``, ``relations`` and ``entities``."""

    def query(self, text: str, language: str, **params) -> list[dict]:
        raise StoreError(f"the {self.name} store cannot run {language} queries")

    def close(self) -> None:
        """Release files or connections."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


_BACKENDS = {
    "networkx": ("kg.store.graph", "NetworkxStore"),
    "rdf": ("kg.store.rdf", "RdfStore"),
    "neo4j": ("kg.store.neo4j", "Neo4jStore"),
}


def open_store(name: str, *args, **kwargs) -> Store:
    """Open a store by backend name, importing its module only now."""
    try:
        module, cls = _BACKENDS[name]
    except KeyError:
        raise StoreError(f"unknown store {name!r}; choose one of {sorted(_BACKENDS)}") from None
    return getattr(importlib.import_module(module), cls)(*args, **kwargs)
