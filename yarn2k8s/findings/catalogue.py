"""The findings catalogue: every code, its severity and its wording, in one place.

Codes are two letters and three digits and are never reused; a retired rule stays listed with
status "removed". Families: YK the tool and its inputs, SP spark-submit, RS resources and
queues, DA data paths, SE secrets and Kerberos, DF Dockerfiles, KM manifests, OZ Oozie,
TY training, MR MapReduce and other batch jobs, KF Kubeflow Pipelines, RP right-sizing and
live sources.
Severity decides readiness: info -> ready, warning -> review, error -> blocked.
"""

from __future__ import annotations

import re

from yarn2k8s.errors import Yarn2k8sError
from yarn2k8s.findings import (
    rules_batch,
    rules_core,
    rules_deps,
    rules_oozie,
    rules_report,
    rules_training,
    rules_validate,
)
from yarn2k8s.findings.rule import Rule

# Each family lives in its own module; this tuple is the explicit registry of them.
_ENTRIES: tuple[Rule, ...] = (
    *rules_core.ENTRIES,
    *rules_deps.ENTRIES,
    *rules_oozie.ENTRIES,
    *rules_training.ENTRIES,
    *rules_batch.ENTRIES,
    *rules_validate.ENTRIES,
    *rules_report.ENTRIES,
)

RULES: dict[str, Rule] = {r.code: r for r in _ENTRIES}

_CODE = re.compile(r"^[A-Z]{2}\d{3}$")


def rule(code: str) -> Rule:
    """Look a code up; an unknown code is a programming error."""
    try:
        return RULES[code]
    except KeyError:
        raise Yarn2k8sError(f"unknown finding code {code}") from None


def check_catalogue(entries: tuple[Rule, ...] = _ENTRIES) -> list[str]:
    """Problems with the catalogue itself (duplicate or malformed codes), for the tests."""
    problems = []
    seen: set[str] = set()
    for entry in entries:
        if not _CODE.match(entry.code):
            problems.append(f"{entry.code}: malformed code")
        if entry.code in seen:
            problems.append(f"{entry.code}: duplicate code")
        if entry.severity not in ("info", "warning", "error"):
            problems.append(f"{entry.code}: bad severity {entry.severity}")
        seen.add(entry.code)
    return problems
