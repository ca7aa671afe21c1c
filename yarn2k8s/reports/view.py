"""Shared views of report.json data for the Markdown, HTML, CSV and SARIF renderers.

Every renderer works from report.json data only, so `yarn2k8s report OUT --format X` gives the
same bytes as the file `convert` wrote.
"""

from __future__ import annotations

import collections
from typing import Any

from yarn2k8s.findings import RULES

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def units(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Jobs, then workflows."""
    return list(data.get("jobs", [])) + list(data.get("workflows", []))


def all_findings(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every finding once (file-level and unit-level), in file, line, code order."""
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for item in data.get("inputs", []) + units(data):
        for f in item.get("findings", []):
            key = (f["path"], f["line"], f["code"], f.get("job", ""), f["message"])
            seen.setdefault(key, f)
    return [seen[k] for k in sorted(seen)]


def findings_by_code(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Counts per finding code, most frequent first, with the rule's slug and severity."""
    counts = collections.Counter(f["code"] for f in all_findings(data))
    rows = []
    for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = RULES.get(code)
        rows.append(
            {
                "code": code,
                "count": count,
                "severity": rule.severity if rule else "info",
                "slug": rule.slug if rule else "",
            }
        )
    return rows


def severity_counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    """Findings per severity (error, warning, info), zeros included."""
    counts = collections.Counter(f["severity"] for f in findings)
    return {s: counts.get(s, 0) for s in SEVERITY_ORDER}


def resource_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Per job: YARN memory vs the memory Kubernetes gets (proposed when right-sized)."""
    rows = []
    for job in data.get("jobs", []):
        res = job.get("resources") or {}
        if not res.get("yarn_mib"):
            continue
        sized = job.get("rightsizing") or {}
        rows.append(
            {
                "name": job["name"],
                "yarn_mib": res["yarn_mib"],
                "pod_mib": res.get("pod_mib", 0),
                "proposed_mib": sized.get("proposed_mib", res.get("pod_mib", 0)),
                "right_sized": "proposed_mib" in sized,
            }
        )
    return rows


def rightsizing_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Jobs with a right-sizing proposal from history."""
    rows = []
    for job in data.get("jobs", []):
        sized = job.get("rightsizing")
        if sized and "proposed_mib" in sized:
            rows.append({"name": job["name"], **sized})
    return rows


def rightsizing_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """The sums over every right-sized job."""
    yarn = sum(r["yarn_mib"] for r in rows)
    proposed = sum(r["proposed_mib"] for r in rows)
    return {
        "yarn_mib": yarn,
        "used_mib": sum(r["used_mib"] for r in rows),
        "proposed_mib": proposed,
        "saving_mib": max(yarn - proposed, 0),
        "saving_percent": round(100 * max(yarn - proposed, 0) / yarn) if yarn else 0,
    }


def inventory_counts(unit: dict[str, Any]) -> dict[str, int]:
    """Sizes of a unit's inventory lists."""
    inv = unit.get("inventory") or {}
    return {
        "reads": len(inv.get("reads", [])) + len(inv.get("tables_read", [])),
        "writes": len(inv.get("writes", [])) + len(inv.get("tables_written", [])),
        "endpoints": len(inv.get("endpoints", [])),
    }
