"""report.csv: one row per job and workflow, for spreadsheets and estate tracking."""

from __future__ import annotations

import csv
import io
from typing import Any

from yarn2k8s.reports.view import inventory_counts, severity_counts

COLUMNS = (
    "unit",
    "name",
    "kind",
    "readiness",
    "source",
    "original_name",
    "queue",
    "errors",
    "warnings",
    "infos",
    "yarn_mib",
    "pod_mib",
    "used_mib",
    "proposed_mib",
    "saving_mib",
    "reads",
    "writes",
    "endpoints",
)
# A cell starting with one of these runs as a formula in spreadsheets (CSV injection).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _row(unit_type: str, unit: dict[str, Any]) -> list[str]:
    severities = severity_counts(unit.get("findings", []))
    resources = unit.get("resources") or {}
    sized = unit.get("rightsizing") or {}
    values = {
        "unit": unit_type,
        "name": unit["name"],
        "kind": unit["kind"],
        "readiness": unit["readiness"],
        "source": unit["source"],
        "original_name": unit.get("original_name", ""),
        "queue": unit.get("queue", ""),
        "errors": severities["error"],
        "warnings": severities["warning"],
        "infos": severities["info"],
        "yarn_mib": resources.get("yarn_mib", ""),
        "pod_mib": resources.get("pod_mib", ""),
        "used_mib": sized.get("used_mib", ""),
        "proposed_mib": sized.get("proposed_mib", ""),
        "saving_mib": sized.get("saving_mib", ""),
        **inventory_counts(unit),
    }
    return [_cell(values[c]) for c in COLUMNS]


def render_csv(data: dict[str, Any]) -> str:
    """Render report.csv from report.json data (LF line endings, header first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for job in data.get("jobs", []):
        writer.writerow(_row("job", job))
    for workflow in data.get("workflows", []):
        writer.writerow(_row("workflow", workflow))
    return buffer.getvalue()
