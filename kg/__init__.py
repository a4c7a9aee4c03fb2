"""geokg: news articles to a knowledge graph of geopolitical events and relations."""
from .model import EXTRACTOR_VERSION as __version__

__all__ = ["__version__"]
