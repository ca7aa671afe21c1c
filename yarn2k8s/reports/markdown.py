"""report.md: fits a pull-request body (counts, per-job table, top findings, right-sizing,
data and network inventory)."""

from __future__ import annotations

from typing import Any

from yarn2k8s.rendering import render
from yarn2k8s.reports.view import findings_by_code, rightsizing_rows, rightsizing_totals

TOP_FINDINGS = 15
TOP_INVENTORY = 20  # PR bodies stay short; report.html and report.json have the full lists


def render_markdown(data: dict[str, Any]) -> str:
    """Render report.md from report.json data."""
    sized = rightsizing_rows(data)
    inventory = data.get("inventory") or {"endpoints": [], "locations": []}
    return render(
        "report/report.md.j2",
        data=data,
        top=findings_by_code(data)[:TOP_FINDINGS],
        sized=sized,
        sized_totals=rightsizing_totals(sized),
        endpoints=inventory["endpoints"],
        locations=inventory["locations"],
        limit=TOP_INVENTORY,
        live=data.get("live"),
    )
