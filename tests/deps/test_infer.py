"""Inference end to end on small jobs: findings for what cannot be pinned or found."""

from __future__ import annotations

from pathlib import Path

from deps_cases import _members, _write_tar

from yarn2k8s.config import config_from_dict
from yarn2k8s.deps import infer_dependencies, job_findings
from yarn2k8s.model import Dependency, MigrationJob, SourceLocation

LOC = SourceLocation("run.sh", 1)


def _job(root: Path, files: dict[str, str], **kw: object) -> MigrationJob:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "run.sh").write_text("spark-submit main.py\n", encoding="utf-8")
    job = MigrationJob("spark", "", LOC, name="j", language="python", main_file="main.py")
    for key, value in kw.items():
        setattr(job, key, value)
    return job


def _codes(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(f.code for f in plan.findings)


def test_unknown_import_is_a_finding_not_a_requirement(tmp_path: Path) -> None:
    job = _job(tmp_path, {"main.py": "import acme_internal\nimport requests\n"})
    plan = infer_dependencies(job, tmp_path, config_from_dict({}))
    assert sorted(plan.requirements) == ["requests"]
    assert "DP006" in _codes(plan)
    allowed = config_from_dict({"deps": {"allow_index": True}})
    plan = infer_dependencies(job, tmp_path, allowed)
    assert sorted(plan.requirements) == ["acme-internal", "requests"]
    assert "DP026" in _codes(plan)


def test_python2_code_is_blocked_but_still_read(tmp_path: Path) -> None:
    job = _job(tmp_path, {"main.py": "import urllib2\nimport yaml\nprint 'x'\n"})
    plan = infer_dependencies(job, tmp_path, config_from_dict({}))
    assert sorted(plan.requirements) == ["pyyaml"]
    found = {f.code: f for f in plan.findings}
    assert found["DP008"].severity.value == "error" and "DP009" in found


def test_old_conda_env_and_missing_imports(tmp_path: Path) -> None:
    members, links = _members({"layout": "conda-pack", "python": "3.6.13",
                               "packages": {"numpy": "1.19.5"}})  # fmt: skip
    _write_tar(tmp_path / "env.tgz", members, links)
    job = _job(tmp_path, {"main.py": "import numpy\nimport pandas\n"},
               deps=[Dependency("archive", "env.tgz", LOC, alias="env")])  # fmt: skip
    plan = infer_dependencies(job, tmp_path, config_from_dict({}))
    assert {k: r.version for k, r in plan.requirements.items()} == {"numpy": "1.19.5"}
    assert {"DP001", "DP012", "DP014", "DP022"} <= set(_codes(plan))
    assert plan.python is not None and plan.python.version == "3.6.13"


def test_jvm_jobs_get_upgrade_findings_only(tmp_path: Path) -> None:
    job = MigrationJob("spark", "", LOC, name="j", language="scala", main_file="app_2.11-1.0.jar")
    job.deps = [Dependency("jar", "s3a://b/lib_2.12-1.0.jar", LOC),
                Dependency("package", "org.apache.spark:spark-avro_2.12:2.4.8", LOC)]  # fmt: skip
    job.spark_conf = {"spark.executor.plugins": "x", "spark.blacklist.timeout": "1h"}
    assert infer_dependencies(job, tmp_path, config_from_dict({})).requirements == {}
    codes = sorted(f.code for f in job_findings(job, config_from_dict({})))
    assert codes == ["DP015", "DP016", "DP017", "DP017", "DP020"]
    messages = " ".join(f.message for f in job_findings(job, config_from_dict({})))
    assert "spark.excludeOnFailure.timeout" in messages and "aws s3 cp s3://b/" in messages


def test_known_source_version_silences_older_changes(tmp_path: Path) -> None:
    job = MigrationJob("spark", "", LOC, name="j", language="scala", main_file="app.jar")
    job.spark_conf = {"spark.executor.plugins": "x", "spark.blacklist.enabled": "true"}
    config = config_from_dict({"versions": {"source_spark": "3.0.3"}})
    assert [f.message.split("`")[1] for f in job_findings(job, config)] == [
        "spark.blacklist.enabled"
    ]
