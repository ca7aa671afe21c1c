"""What a run produced: per input file, per converted unit, and the whole run.

Plain data, here rather than in the pipeline so that estate-level converters (train-to-serve
chains) can read and extend a run without importing the pipeline that calls them.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yarn2k8s.model.finding import Finding
from yarn2k8s.model.job import MigrationJob, Readiness, Workflow


@dataclass
class InputRecord:
    """How one input file was used: converted, configuration, or explained by a finding."""

    rel: str
    analyzer: str
    outcome: str
    jobs: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class UnitResult:
    """One converted (or blocked) job or workflow."""

    unit: MigrationJob | Workflow
    readiness: Readiness
    findings: list[Finding]
    files: list[str]
    used_inputs: list[Path] = field(default_factory=list)
    # Data and network inventory (enrich/inventory.py), computed where the unit was converted
    # (in a worker with -j N) rather than serially for the report; None when not computed.
    inventory: dict[str, Any] | None = None


@dataclass
class RunResult:
    """Everything a run produced, before it is written."""

    inputs: list[InputRecord]
    jobs: list[UnitResult]
    workflows: list[UnitResult]
    files: MutableMapping[str, bytes]  # relative output path -> bytes (a Spool in a run)

    def all_findings(self) -> list[Finding]:
        """Every finding, file-level and job-level, in deterministic order."""
        found = [f for r in self.inputs for f in r.findings]
        found += [f for u in self.jobs + self.workflows for f in u.findings]
        return sorted(found, key=Finding.sort_key)
