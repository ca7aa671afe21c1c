"""convert's PR-facing behaviour: --check with and without drift, --format json, --quiet, and
the progress bar (on a terminal only)."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from yarn2k8s.cli import cli

REPO = Path(__file__).resolve().parents[2]
MULTI = REPO / "samples" / "spark" / "multi-jobs" / "input"


def test_check_without_drift_exits_0(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(MULTI, src)
    assert CliRunner().invoke(cli, ["convert", str(src), "-o", str(out)]).exit_code == 0
    clean = CliRunner().invoke(cli, ["convert", str(src), "-o", str(out), "--check"])
    assert clean.exit_code == 0 and clean.output.startswith("up to date (")
    as_json = CliRunner().invoke(
        cli, ["convert", str(src), "-o", str(out), "--check", "--format", "json"]
    )
    data = json.loads(as_json.stdout)
    assert as_json.exit_code == 0 and data["up_to_date"] is True and data["would_write"] == []
    assert data["unchanged"] == len(
        json.loads((out / ".yarn2k8s-manifest.json").read_text())["files"]
    )


def test_check_with_drift_exits_1_with_a_summary_and_writes_nothing(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(MULTI, src)
    CliRunner().invoke(cli, ["convert", str(src), "-o", str(out)])
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    script = src / "pipeline.sh"
    script.write_text(script.read_text().replace("spark-submit $COMMON score.py", "true"))
    drift = CliRunner().invoke(cli, ["convert", str(src), "-o", str(out), "--check"])
    assert drift.exit_code == 1
    assert "would change: jobs/pipeline-score/k8s/sparkapplication.yaml (pruned)" in drift.output
    assert "would change: report.html" in drift.output
    summary = drift.output.strip().splitlines()[-1]
    assert summary.endswith("run `yarn2k8s convert` and commit the result.")
    assert " pruned, " in summary and "file(s) would change" in summary
    quiet = CliRunner().invoke(cli, ["convert", str(src), "-o", str(out), "--check", "--quiet"])
    assert quiet.exit_code == 1 and quiet.output.strip() == summary  # the summary only
    data = json.loads(
        CliRunner()
        .invoke(cli, ["convert", str(src), "-o", str(out), "--check", "--format", "json"])
        .stdout
    )
    assert data["up_to_date"] is False and data["exit_code"] == 1
    assert "jobs/pipeline-score/k8s/sparkapplication.yaml" in data["would_prune"]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_json_summary_and_quiet(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["convert", str(MULTI), "-o", str(out), "--format", "json", "--fail-on", "never"]
    )
    data = json.loads(result.stdout)
    summary = data["summary"]
    assert summary["inputs"]["total"] == sum(
        summary["inputs"][k] for k in ("converted", "configuration", "explained")
    )
    assert summary["jobs"]["total"] == 3 and data["written"] > 10 and data["exit_code"] == 0
    assert sum(data["findings"].values()) > 0
    quiet = CliRunner().invoke(cli, ["convert", str(MULTI), "-o", str(out), "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""


def _run_on_a_terminal(args: list[str]) -> str:
    """Run the CLI with stdout and stderr on a pseudo-terminal; return what it printed."""
    master, slave = pty.openpty()
    env = dict(os.environ, COLUMNS="100", TERM="xterm")
    process = subprocess.Popen(
        [sys.executable, "-m", "yarn2k8s", *args], stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    args = ["convert", str(MULTI), "-o", str(tmp_path / "tty"), "--fail-on", "never"]
    shown = _run_on_a_terminal(args)
    assert "analyzing" in shown and "converting" in shown and "[####" in shown and "100%" in shown
    assert "3 job(s)" in shown
    piped = subprocess.run(
        [sys.executable, "-m", "yarn2k8s", *args[:3], str(tmp_path / "pipe"), *args[4:]],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "analyzing" not in piped.stdout + piped.stderr and "3 job(s)" in piped.stdout
    quiet = _run_on_a_terminal([*args[:3], str(tmp_path / "quiet"), *args[4:], "--quiet"])
    assert quiet.strip() == ""
