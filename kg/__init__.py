"""geokg: news articles to a knowledge graph of geopolitical events and relations.

The Python API is ``kg.api`` (build, extract, query, export, viz, graph), mirroring the CLI.
"""
from .model import EXTRACTOR_VERSION as __version__

__all__ = ["__version__"]
