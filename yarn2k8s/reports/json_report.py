"""report.json: the documented, versioned record of a run; other formats render from it."""

from __future__ import annotations

from typing import Any

from yarn2k8s import __version__
from yarn2k8s.model import MigrationJob
from yarn2k8s.pipeline import RunResult, UnitResult, summary

SCHEMA_VERSION = 1


def _unit(result: UnitResult) -> dict[str, Any]:
    unit = result.unit
    entry: dict[str, Any] = {
        "name": unit.name,
        "kind": unit.kind,
        "source": str(unit.location),
        "original_name": unit.source_name,
        "readiness": result.readiness.value,
        "files": result.files,
        "findings": [f.to_dict() for f in result.findings],
    }
    if isinstance(unit, MigrationJob):
        entry["queue"] = unit.queue
        entry["placeholders"] = sorted({p.name for p in unit.placeholders})
        entry["memory"] = unit.extra.get("memory", {})
    return entry


def report_data(result: RunResult) -> dict[str, Any]:
    """The report as plain data (no timestamps or absolute paths: byte-stable)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "yarn2k8s", "version": __version__},
        "summary": summary(result),
        "inputs": [
            {
                "path": r.rel,
                "analyzer": r.analyzer,
                "outcome": r.outcome,
                "jobs": r.jobs,
                "findings": [f.to_dict() for f in r.findings],
            }
            for r in result.inputs
        ],
        "jobs": [_unit(j) for j in result.jobs],
        "workflows": [_unit(w) for w in result.workflows],
    }
