"""Every report format, rendered from report.json data; `convert` writes them all and
`yarn2k8s report OUT --format X` re-renders one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from yarn2k8s.reports.csv_report import render_csv
from yarn2k8s.reports.html import html_chunks
from yarn2k8s.reports.json_report import report_json_chunks
from yarn2k8s.reports.markdown import render_markdown
from yarn2k8s.reports.sarif import sarif_chunks

# Each format as a stream of byte chunks: the large ones (findings.sarif, report.html) are
# produced piece by piece so `convert` can spool them without holding a whole file in memory.
RENDERERS: dict[str, Callable[[dict[str, Any]], Iterable[bytes]]] = {
    "md": lambda data: [render_markdown(data).encode("utf-8")],
    "html": html_chunks,
    "json": report_json_chunks,
    "csv": lambda data: [render_csv(data).encode("utf-8")],
    "sarif": sarif_chunks,
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
    return b"".join(RENDERERS[fmt](data))


def report_chunks(fmt: str, data: dict[str, Any]) -> Iterator[bytes]:
    """One format's bytes, in chunks (same bytes as render_report once joined)."""
    return iter(RENDERERS[fmt](data))


def report_files(data: dict[str, Any]) -> dict[str, bytes]:
    """Every report file of OUT, by name."""
    return {FILES[fmt]: render_report(fmt, data) for fmt in FILES}
