"""Every report format, rendered from report.json data; `convert` writes them all and
`yarn2k8s report OUT --format X` re-renders one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yarn2k8s.rendering import dump_json_bytes
from yarn2k8s.reports.csv_report import render_csv
from yarn2k8s.reports.html import render_html
from yarn2k8s.reports.markdown import render_markdown
from yarn2k8s.reports.sarif import render_sarif

# JSON formats render straight to bytes (no str copy of a file that can be tens of MB).
RENDERERS: dict[str, Callable[[dict[str, Any]], str | bytes]] = {
    "md": render_markdown,
    "html": render_html,
    "json": dump_json_bytes,
    "csv": render_csv,
    "sarif": render_sarif,
}
# Output file of each format in OUT.
FILES = {
    "json": "report.json",
    "md": "report.md",
    "html": "report.html",
    "csv": "report.csv",
    "sarif": "findings.sarif",
}


def render_report(fmt: str, data: dict[str, Any]) -> bytes:
    """One format's bytes (UTF-8)."""
    text = RENDERERS[fmt](data)
    return text if isinstance(text, bytes) else text.encode("utf-8")


def report_files(data: dict[str, Any]) -> dict[str, bytes]:
    """Every report file of OUT, by name."""
    return {FILES[fmt]: render_report(fmt, data) for fmt in FILES}
