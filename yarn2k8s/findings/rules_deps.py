"""Catalogue entries: DP dependency inference and upgrade findings (Dockerfile findings stay DF, in
rules_core)."""

from __future__ import annotations

from yarn2k8s.findings.rule import Rule

_R = Rule
ENTRIES: tuple[Rule, ...] = ()
