"""The CLI contract: exit codes, --check, --force, config errors, -j determinism."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from yarn2k8s.cli import cli
from yarn2k8s.writer import MANIFEST_NAME

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "spark"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_convert_writes_reports_and_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok = runner.invoke(cli, ["convert", str(SAMPLES / "pyspark-basic" / "input"), "-o", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "1 job(s): 1 ready" in ok.output
    data = json.loads((out / "report.json").read_text())
    assert data["schema_version"] == 1
    assert (out / MANIFEST_NAME).is_file()
    blocked = runner.invoke(
        cli, ["convert", str(SAMPLES / "kerberos" / "input"), "-o", str(tmp_path / "k")]
    )
    assert blocked.exit_code == 1  # SE002 errors at the default --fail-on error
    lenient = runner.invoke(
        cli,
        [
            "convert",
            str(SAMPLES / "kerberos" / "input"),
            "-o",
            str(tmp_path / "k"),
            "--fail-on",
            "never",
        ],
    )
    assert lenient.exit_code == 0
    strict = runner.invoke(
        cli,
        ["convert", str(SAMPLES / "pyspark-basic" / "input"), "-o", str(out), "--fail-on", "info"],
    )
    assert strict.exit_code == 1


def test_missing_path_and_bad_config_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(cli, ["convert", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert missing.exit_code == 2
    assert "no such file" in missing.output
    config = tmp_path / "y.yaml"
    config.write_text("image:\n  registy: x\n")
    bad = runner.invoke(
        cli,
        [
            "convert",
            str(SAMPLES / "gpu" / "input"),
            "-o",
            str(tmp_path / "o"),
            "--config",
            str(config),
        ],
    )
    assert bad.exit_code == 2
    assert "unknown key `image.registy`" in bad.output
    usage = runner.invoke(cli, ["convert"])
    assert usage.exit_code == 2


def test_check_detects_drift(runner: CliRunner, tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(SAMPLES / "pyspark-basic" / "input", src)
    assert runner.invoke(cli, ["convert", str(src), "-o", str(out)]).exit_code == 0
    clean = runner.invoke(cli, ["convert", str(src), "-o", str(out), "--check"])
    assert clean.exit_code == 0, clean.output
    script = src / "submit_sbdl.sh"
    script.write_text(script.read_text().replace("--num-executors 4", "--num-executors 6"))
    drift = runner.invoke(cli, ["convert", str(src), "-o", str(out), "--check"])
    assert drift.exit_code == 1
    assert "would change: jobs/sbdl-load/k8s/sparkapplication.yaml" in drift.output


def test_rerun_prunes_and_foreign_folder_needs_force(runner: CliRunner, tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(SAMPLES / "multi-jobs" / "input", src)
    assert runner.invoke(cli, ["convert", str(src), "-o", str(out)]).exit_code == 0
    (out / "mine.txt").write_text("keep me")
    script = src / "pipeline.sh"
    script.write_text(script.read_text().replace("spark-submit $COMMON score.py", "true"))
    assert runner.invoke(cli, ["convert", str(src), "-o", str(out)]).exit_code == 0
    assert not (out / "jobs" / "pipeline-score").exists()
    assert (out / "mine.txt").read_text() == "keep me"
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "x").write_text("x")
    refused = runner.invoke(cli, ["convert", str(src), "-o", str(foreign)])
    assert refused.exit_code == 2
    assert "--force" in refused.output
    forced = runner.invoke(cli, ["convert", str(src), "-o", str(foreign), "--force"])
    assert forced.exit_code == 0
    assert (foreign / "x").read_text() == "x"


def test_output_is_deterministic_across_runs_and_workers(runner: CliRunner, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert (
        runner.invoke(
            cli, ["convert", str(SAMPLES), "-o", str(one), "--fail-on", "never"]
        ).exit_code
        == 0
    )
    assert (
        runner.invoke(
            cli, ["convert", str(SAMPLES), "-o", str(two), "-j", "2", "--fail-on", "never"]
        ).exit_code
        == 0
    )
    first, second = _tree(one), _tree(two)
    assert first == second
    assert not any("expected/" in p for p in first), "golden folders must not be inputs"
    assert not any(str(tmp_path).encode() in data for data in first.values())


def test_analyze_formats(runner: CliRunner) -> None:
    table = runner.invoke(cli, ["analyze", str(SAMPLES / "multi-jobs" / "input")])
    assert table.exit_code == 0 and "3 job(s)" in table.output
    data = json.loads(
        runner.invoke(cli, ["analyze", str(SAMPLES / "gpu" / "input"), "--format", "json"]).output
    )
    assert data["jobs"][0]["name"] == "run-gpu-etl"
    csv = runner.invoke(cli, ["analyze", str(SAMPLES / "gpu" / "input"), "--format", "csv"])
    assert csv.output.splitlines()[0] == "name,kind,readiness,source"


def test_rules_and_init(runner: CliRunner, tmp_path: Path) -> None:
    listing = runner.invoke(cli, ["rules"])
    assert listing.exit_code == 0 and "SP006" in listing.output
    one = runner.invoke(cli, ["rules", "sp006"])
    assert one.exit_code == 0 and "shuffle" in one.output and "SP007" not in one.output
    assert runner.invoke(cli, ["rules", "ZZ999"]).exit_code == 2
    target = tmp_path / "yarn2k8s.yaml"
    made = runner.invoke(cli, ["init", "-o", str(target)])
    assert made.exit_code == 0
    from yarn2k8s.config import load_config

    assert load_config(target).namespace == "ml-jobs"  # the starter config loads cleanly
    assert runner.invoke(cli, ["init", "-o", str(target)]).exit_code == 2  # never overwrites


def test_report_rerenders_from_json(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(cli, ["convert", str(SAMPLES / "gpu" / "input"), "-o", str(out)])
    again = runner.invoke(cli, ["report", str(out)])
    assert again.exit_code == 0
    assert again.output == (out / "report.md").read_text()


@pytest.mark.parametrize("flag", ["--version"])
def test_version(runner: CliRunner, flag: str) -> None:
    result = runner.invoke(cli, [flag])
    assert result.exit_code == 0 and "yarn2k8s" in result.output
