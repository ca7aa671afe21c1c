"""Catalogue entries: MR MapReduce and streaming; BJ shell and Java batch jobs; YS YARN services,
Slider, Skein; QU queues and tenancy."""

from __future__ import annotations

from yarn2k8s.findings.rule import Rule

_R = Rule
ENTRIES: tuple[Rule, ...] = ()
