"""geokg: news articles to a knowledge graph of geopolitical events and relations."""
from .api import build, export, extract, graph, query, read_facts, viz
from .model import EXTRACTOR_VERSION as __version__

__all__ = ["build", "export", "extract", "graph", "query", "read_facts", "viz", "__version__"]
