"""Graph stores behind one interface: networkx in memory, RDF in Oxigraph, Neo4j."""
from .base import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "open_store"]
