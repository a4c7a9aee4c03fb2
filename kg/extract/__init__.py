"""Extraction: documents → sentences → linked mentions → events and relations, one stage a module."""
