"""The local HTTP server: the explorer and a read-only SPARQL endpoint (``kg serve``)."""
