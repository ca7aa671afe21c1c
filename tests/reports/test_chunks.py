"""Large reports are streamed in chunks (report.json, findings.sarif, report.html): joined, the
chunks must be exactly the bytes of rendering the whole document at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yarn2k8s.rendering import dump_json_bytes
from yarn2k8s.reports.formats import FILES, render_report, report_chunks
from yarn2k8s.reports.json_report import report_json_chunks
from yarn2k8s.reports.sarif import sarif_chunks, sarif_data
from yarn2k8s.spool import Spool

REPO = Path(__file__).resolve().parents[2]
REPORTS = sorted(REPO.glob("samples/*/*/expected/report.json"))


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.parent.parent.name)
def test_chunks_join_to_the_golden_files(report: Path) -> None:
    data = json.loads(report.read_text(encoding="utf-8"))
    assert b"".join(report_json_chunks(data)) == dump_json_bytes(data) == report.read_bytes()
    sarif = report.with_name("findings.sarif").read_bytes()
    assert b"".join(sarif_chunks(data)) == dump_json_bytes(sarif_data(data)) == sarif
    for fmt, name in FILES.items():
        assert b"".join(report_chunks(fmt, data)) == render_report(fmt, data)
        assert render_report(fmt, data) == report.with_name(name).read_bytes()


def test_empty_lists_and_no_findings_stream_too() -> None:
    data = {"inputs": [], "jobs": [], "summary": {"jobs": 0}, "workflows": []}
    assert b"".join(report_json_chunks(data)) == dump_json_bytes(data)
    assert b"".join(sarif_chunks(data)) == dump_json_bytes(sarif_data(data))


def test_the_spool_stores_a_chunked_file_whole() -> None:
    spool = Spool()
    spool["before"] = b"1"
    spool.put_chunks("report.json", iter([b"ab", b"", b"cd"]))
    spool["after"] = b"2"
    assert dict(spool) == {"before": b"1", "report.json": b"abcd", "after": b"2"}


def test_a_huge_findings_table_shows_the_most_severe_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    from yarn2k8s.reports import html

    data = json.loads(REPORTS[0].read_text(encoding="utf-8"))
    finding = {"code": "YK001", "path": "a.sh", "line": 1, "job": "", "message": "m"}
    data["inputs"] = [
        {
            "path": "a.sh",
            "analyzer": "",
            "outcome": "explained",
            "jobs": [],
            "findings": [
                {**finding, "line": n, "severity": "info" if n % 3 else "error"} for n in range(30)
            ],
        }
    ]
    monkeypatch.setattr(html, "MAX_FINDING_ROWS", 5)
    page = html.render_html(data)
    assert "The 5 most severe of" in page
    table = page.split('id="table-findings"')[1]
    assert table.count('<span class="badge error">error</span>') == 5
    assert table.count('<span class="badge info">info</span>') == 0
