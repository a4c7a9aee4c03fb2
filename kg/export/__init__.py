"""Writing the graph for people and other tools: the offline HTML page."""
