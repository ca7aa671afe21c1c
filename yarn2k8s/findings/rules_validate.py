"""Catalogue entries: VA validation (schemas, lint, equivalence, run-and-compare)."""

from __future__ import annotations

from yarn2k8s.findings.rule import Rule

_R = Rule
ENTRIES: tuple[Rule, ...] = ()
