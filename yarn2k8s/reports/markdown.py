"""report.md: fits a pull-request body (counts, per-job table, top findings)."""

from __future__ import annotations

import collections
from typing import Any

from yarn2k8s.findings import RULES
from yarn2k8s.rendering import render

TOP_FINDINGS = 15


def render_markdown(data: dict[str, Any]) -> str:
    """Render report.md from report.json data."""
    findings = [f for j in data["jobs"] + data.get("workflows", []) for f in j["findings"]]
    findings += [f for i in data["inputs"] for f in i["findings"]]
    by_code = collections.Counter(f["code"] for f in findings)
    top = [
        {"code": code, "count": count, "severity": RULES[code].severity, "slug": RULES[code].slug}
        for code, count in sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0]))
    ][:TOP_FINDINGS]
    return render("report/report.md.j2", data=data, top=top)
