"""report.html rendered in headless Chromium (Debian's chromium package): it has content and no
console errors.

The page's first inline script records every error (uncaught exceptions, console.error) in the
DOM (`data-errors`, `#js-errors`) and the last one marks `<body data-render="ok">`; the test
reads the DOM after scripts ran (`--dump-dom`) and checks Chromium's own log for "Uncaught".
A broken copy of the page proves the check really sees errors.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from yarn2k8s.reports.html import render_html

CHROMIUM = next(
    (p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p), None
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def _dump_dom(page: Path, profile: Path) -> tuple[str, str]:
    assert CHROMIUM is not None
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout, run.stderr


def _console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


def test_report_renders_with_content_and_no_console_errors(
    samples_data: dict[str, Any], tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_html(samples_data), encoding="utf-8")
    dom, log = _dump_dom(page, tmp_path / "profile")
    assert 'data-render="ok"' in dom, dom[:500]  # the last script ran to its end
    assert not re.search(r"<html[^>]*data-errors=", dom) and _console_errors(log) == []
    assert '<span id="js-status">interactive</span>' in dom
    assert re.search(r'<pre id="js-errors" hidden=""></pre>', dom)
    assert dom.count("<svg") == 3 and dom.count("<rect") > 20
    jobs = len(samples_data["jobs"])
    table = dom.split('id="table-jobs"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == jobs + 1  # header + one row per job
    assert "secure-export" in table


def test_the_check_sees_a_script_error(samples_data: dict[str, Any], tmp_path: Path) -> None:
    html = render_html(samples_data)
    broken = html.replace('document.getElementById("js-status")', "undefinedThing.call()", 1)
    assert broken != html
    page = tmp_path / "broken.html"
    page.write_text(broken, encoding="utf-8")
    dom, log = _dump_dom(page, tmp_path / "profile")
    assert 'data-render="pending"' in dom
    assert re.search(r'<html[^>]*data-errors="1"', dom) and "undefinedThing" in dom
    assert any("Uncaught" in line for line in _console_errors(log))
