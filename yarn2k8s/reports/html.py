"""report.html: one self-contained page (inline CSS, SVG charts, a little inline JS).

No external resource of any kind (a Content-Security-Policy forbids them), no timestamps: the
bytes depend on report.json only. Charts are SVG computed here, so they render without
JavaScript; the script only filters and sorts tables, and records its own errors in the page
(`#js-errors`, `data-render`) so a headless browser can check it ran cleanly.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import jinja2

from yarn2k8s.rendering import environment
from yarn2k8s.reports.view import (
    SEVERITY_ORDER,
    all_findings,
    findings_by_code,
    inventory_counts,
    resource_rows,
    rightsizing_rows,
    rightsizing_totals,
    severity_counts,
)

CHART_WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 18
ROW_HEIGHT = 30
MAX_BARS = 30  # the longest lists are cut; the tables below them are complete


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # The shared environment, with HTML escaping on: every value from an input is escaped.
    return environment().overlay(autoescape=True)


def stacked_bar(label: str, parts: list[tuple[str, int]]) -> dict[str, Any]:
    """One 100% bar: segments with x offset and width in chart units."""
    total = sum(n for _, n in parts)
    span = CHART_WIDTH - LABEL_WIDTH
    segments, x = [], 0.0
    for name, count in parts:
        width = span * count / total if total else 0.0
        segments.append({"name": name, "count": count, "x": round(x, 1), "w": round(width, 1)})
        x += width
    return {"label": label, "total": total, "segments": segments}


def readiness_chart(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Jobs and workflows by readiness, and inputs by outcome."""
    bars = [
        stacked_bar(
            f"{what} ({summary[what]['total']})",
            [(k, summary[what][k]) for k in ("ready", "review", "blocked")],
        )
        for what in ("jobs", "workflows")
        if summary[what]["total"]
    ]
    inputs = summary["inputs"]
    bars.append(
        stacked_bar(
            f"inputs ({inputs['total']})",
            [(k, inputs[k]) for k in ("converted", "configuration", "explained")],
        )
    )
    for i, bar in enumerate(bars):
        bar["y"] = i * ROW_HEIGHT
    return bars


def bar_list(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    """Horizontal bars, one group per row and one bar per key, on a common scale."""
    rows = rows[:MAX_BARS]
    top = max((r[k] for r in rows for k in keys), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 70
    group = BAR_HEIGHT * len(keys) + 8
    items = []
    for i, row in enumerate(rows):
        bars = [
            {
                "key": k,
                "value": row[k],
                "y": i * group + j * BAR_HEIGHT,
                "w": round(span * row[k] / top, 1),
            }
            for j, k in enumerate(keys)
        ]
        items.append({"row": row, "y": i * group, "bars": bars})
    return {"entries": items, "height": max(len(rows) * group, group), "group": group}


# The page is for people: past this many rows the findings table (100,000 rows for a
# 10,000-job estate, most of the page's size and rendering time) shows the most severe ones;
# every finding stays in report.json, findings.sarif and the per-job READMEs.
MAX_FINDING_ROWS = 2000


def _shown_findings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """All findings in file order, or the MAX_FINDING_ROWS most severe (then in file order)."""
    if len(findings) <= MAX_FINDING_ROWS:
        return findings
    ranked = sorted(findings, key=lambda f: SEVERITY_ORDER.get(f["severity"], 3))  # stable
    return ranked[:MAX_FINDING_ROWS]


def _view(data: dict[str, Any]) -> dict[str, Any]:
    findings = all_findings(data)
    resources = sorted(resource_rows(data), key=lambda r: (-r["yarn_mib"], r["name"]))
    codes = findings_by_code(data)
    sized = rightsizing_rows(data)
    return {
        "readiness": readiness_chart(data["summary"]),
        "resources": bar_list(resources, ("yarn_mib", "proposed_mib")),
        "resources_total": len(resources),
        "any_right_sized": any(r["right_sized"] for r in resources),
        "codes": bar_list(codes, ("count",)),
        "codes_total": len(codes),
        "findings": _shown_findings(findings),
        "findings_total": len(findings),
        "severities": severity_counts(findings),
        "sized": sized,
        "sized_totals": rightsizing_totals(sized),
        "counts": {u["name"]: inventory_counts(u) for u in data["jobs"] + data["workflows"]},
    }


def render_html(data: dict[str, Any]) -> str:
    """Render report.html from report.json data."""
    return b"".join(html_chunks(data)).decode("utf-8")


def html_chunks(data: dict[str, Any]) -> Iterator[bytes]:
    """report.html as a stream of UTF-8 chunks of about 1 MB (Jinja's generate(), batched):
    the page of a 10,000-job estate is ~25 MB and never needs to exist whole in memory."""
    template = _environment().get_template("report/report.html.j2")
    pieces = template.generate(
        data=data,
        view=_view(data),
        chart={"width": CHART_WIDTH, "label": LABEL_WIDTH, "bar": BAR_HEIGHT, "row": ROW_HEIGHT},
        inventory=data.get("inventory") or {"endpoints": [], "locations": []},
        live=data.get("live"),
    )
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= _CHUNK_CHARS:
            yield "".join(batch).encode("utf-8")
            batch, size = [], 0
    yield "".join(batch).encode("utf-8")


_CHUNK_CHARS = 1 << 20
