"""Enrichment: resource math, storage and secret handling, naming. Pure functions over jobs."""
