"""Converters: one module per target. Each turns enriched jobs into output artifacts."""
