"""Catalogue entries: OZ Oozie workflows, coordinators and bundles; KF Kubeflow Pipelines."""

from __future__ import annotations

from yarn2k8s.findings.rule import Rule

_R = Rule
ENTRIES: tuple[Rule, ...] = ()
