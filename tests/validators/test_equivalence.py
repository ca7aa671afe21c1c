"""Equivalence round-trip: every golden Spark job is clean, and drift is caught."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from yarn2k8s.validators.equivalence import TRANSLATIONS, check_job
from yarn2k8s.validators.equivalence_context import copied_files, finding_args

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
JOBS = sorted(
    p.parent
    for p in SAMPLES.glob("*/*/expected/jobs/*/job.json")
    if json.loads(p.read_text(encoding="utf-8")).get("kind") == "spark"
    and any((p.parent / "k8s").glob("*sparkapplication.yaml"))
)


def load(job_dir: Path) -> tuple[dict[str, Any], dict[str, Any], str]:
    record = json.loads((job_dir / "job.json").read_text(encoding="utf-8"))
    (app_path,) = sorted((job_dir / "k8s").glob("*sparkapplication.yaml"))
    app = yaml.safe_load(app_path.read_text(encoding="utf-8"))
    return record, app, (job_dir / "Dockerfile").read_text(encoding="utf-8")


def spec_of(app: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = app["spec"]
    return spec.get("template", spec) if app["kind"] == "ScheduledSparkApplication" else spec


@pytest.mark.parametrize("job_dir", JOBS, ids=[f"{p.parts[-5]}/{p.name}" for p in JOBS])
def test_golden_job_has_no_drift(job_dir: Path) -> None:
    result = check_job(*load(job_dir))
    assert result.drift == []
    assert [f.code for f in result.findings if f.severity.value == "error"] == []
    assert {r.role for r in result.memory} == {"driver", "executor"}


def test_there_are_enough_spark_jobs() -> None:
    assert len(JOBS) >= 20


def basic() -> tuple[dict[str, Any], dict[str, Any], str]:
    return load(SAMPLES / "spark/pyspark-basic/expected/jobs/sbdl-load")


def drift_keys(record: dict[str, Any], app: dict[str, Any], dockerfile: str) -> list[str]:
    result = check_job(record, app, dockerfile)
    assert all(f.code == "VA011" for f in result.findings if f.severity.value == "error")
    return [d.key for d in result.drift]


def test_a_dropped_conf_is_drift() -> None:
    record, app, dockerfile = load(SAMPLES / "spark/scala-jar/expected/jobs/run-sessionize")
    del app["spec"]["sparkConf"]["spark.sql.shuffle.partitions"]
    assert drift_keys(record, app, dockerfile) == ["spark.sql.shuffle.partitions"]


def test_a_changed_memory_is_drift() -> None:
    record, app, dockerfile = basic()
    app["spec"]["executor"]["memory"] = "2g"
    assert drift_keys(record, app, dockerfile) == ["spark.executor.memory"]


def test_a_changed_overhead_is_drift_even_with_rs001() -> None:
    record, app, dockerfile = basic()
    app["spec"]["driver"]["memoryOverhead"] = "512m"  # RS001 says 1024 MiB
    assert drift_keys(record, app, dockerfile) == ["spark.driver.memoryOverhead"]


def test_a_dropped_dependency_and_argument_are_drift() -> None:
    record, app, dockerfile = basic()
    app["spec"]["deps"]["files"] = ["local:///opt/app/sbdl.conf"]
    app["spec"]["arguments"] = ["prod", "2022-08-02"]
    assert drift_keys(record, app, dockerfile) == ["<argument 1>", "spark.files"]


def test_a_file_the_dockerfile_does_not_copy_is_drift() -> None:
    record, app, dockerfile = basic()
    dockerfile = dockerfile.replace('"app/sbdl_lib.zip", ', "")
    assert drift_keys(record, app, dockerfile) == ["spark.submit.pyFiles"]


def test_an_expected_translation_needs_its_finding() -> None:
    record, app, dockerfile = load(
        SAMPLES / "spark/dynamic-allocation-tracking/expected/jobs/aggregate"
    )
    assert drift_keys(record, app, dockerfile) == []
    record["findings"] = [f for f in record["findings"] if f["code"] != "SP006"]
    assert drift_keys(record, app, dockerfile) == ["spark.shuffle.service.enabled"]


def test_restart_policy_must_match_attempts() -> None:
    record, app, dockerfile = load(SAMPLES / "spark/legacy-keys/expected/jobs/legacy-job")
    app["spec"]["restartPolicy"]["onFailureRetries"] = 1  # YARN allowed 4 attempts
    assert drift_keys(record, app, dockerfile) == ["spark.yarn.maxAppAttempts"]


def test_queue_dropped_without_finding_is_drift() -> None:
    record, app, dockerfile = load(SAMPLES / "spark/scala-jar/expected/jobs/run-sessionize")
    record["findings"] = [f for f in record["findings"] if f["code"] != "RS002"]
    assert drift_keys(record, app, dockerfile) == ["spark.yarn.queue"]


def test_secret_moved_to_secret_key_ref() -> None:
    record, app, dockerfile = load(SAMPLES / "spark/kerberos/expected/jobs/secure-export")
    assert drift_keys(record, app, dockerfile) == []
    spec_of(app)["driver"]["env"][0]["valueFrom"]["secretKeyRef"]["key"] = "other"
    assert drift_keys(record, app, dockerfile) == [
        "spark.kubernetes.driver.secretKeyRef.AWS_ACCESS_KEY_ID"
    ]


def test_changed_schedule_is_an_error() -> None:
    record, app, dockerfile = load(SAMPLES / "spark/crontab/expected/jobs/daily-features")
    app = copy.deepcopy(app)
    app["spec"]["schedule"] = "0 3 * * *"
    codes = [f.code for f in check_job(record, app, dockerfile).findings]
    assert codes == ["VA025"]


def test_pod_smaller_than_yarn_container_is_flagged() -> None:
    record, app, dockerfile = basic()
    record["effective_conf"]["spark.executor.memoryOverhead"] = "4g"
    app["spec"]["executor"]["memoryOverhead"] = "4g"
    result = check_job(record, app, dockerfile)
    assert result.drift == []
    app["spec"]["executor"]["memoryOverhead"] = "400m"
    result = check_job(record, app, dockerfile)
    assert "VA023" in [f.code for f in result.findings]


def test_memory_table_matches_mapping_examples() -> None:
    record, app, dockerfile = basic()
    rows = {r.role: r for r in check_job(record, app, dockerfile).memory}
    # PySpark 4g executor: YARN 4096+409 -> 5120 MiB; pod 4096 + 40% = 5734 MiB.
    assert (rows["executor"].yarn_mib, rows["executor"].pod_mib) == (5120, 5734)
    assert (rows["driver"].yarn_mib, rows["driver"].pod_mib) == (3072, 3072)
    assert rows["executor"].instances == "4" and rows["executor"].pod_cores == "2"


def test_finding_args_read_messages_back() -> None:
    message = "`hdfs://a/b` rewritten to `s3a://c/b` by the storage map"
    assert finding_args("DA002", message) == {"old": "hdfs://a/b", "new": "s3a://c/b"}
    assert finding_args("DA002", "something else") is None


def test_copied_files_json_and_shell_forms() -> None:
    text = 'COPY --chown=1:1 ["app/a.py", "app/b.zip", "/opt/app/"]\nCOPY c.txt /etc/c.conf\n'
    assert copied_files(text) == {
        "a.py": "/opt/app/a.py",
        "b.zip": "/opt/app/b.zip",
        "c.txt": "/etc/c.conf",
    }


def test_every_translation_code_is_catalogued() -> None:
    from yarn2k8s.findings import RULES

    assert {t.code for t in TRANSLATIONS} <= set(RULES)


def test_config_maps_are_reported_unchecked() -> None:
    record, app, dockerfile = basic()
    app["spec"]["sparkConfigMap"] = "spark-defaults"
    codes = [f.code for f in check_job(record, app, dockerfile).findings]
    assert codes == ["VA024"]


def _site_estate(tmp_path: Path) -> Path:
    """An estate with a core-site.xml and a spark-defaults.conf, converted and written."""
    from yarn2k8s import convert as conversion
    from yarn2k8s.config import Config

    inputs = tmp_path / "in"
    (inputs / "conf").mkdir(parents=True)
    (inputs / "conf/core-site.xml").write_text(
        "<configuration><property><name>fs.defaultFS</name><value>hdfs://nn:8020</value>"
        "</property></configuration>\n"
    )
    (inputs / "conf/spark-defaults.conf").write_text(
        "spark.master yarn\nspark.serializer org.apache.spark.serializer.KryoSerializer\n"
        "spark.yarn.historyServer.address h:18080\n"
    )
    (inputs / "run.sh").write_text("spark-submit --name nightly --class a.Main app.jar\n")
    (inputs / "app.jar").write_bytes(b"PK")
    out = tmp_path / "out"
    conversion.write(conversion.build([inputs], Config()), out)
    return out


def test_config_maps_written_under_config_are_found(tmp_path: Path) -> None:
    from yarn2k8s.validators.tree import equivalence_of

    out = _site_estate(tmp_path)
    (result,) = equivalence_of(out)
    app = yaml.safe_load((out / "jobs/nightly/k8s/sparkapplication.yaml").read_text())
    assert app["spec"]["hadoopConfigMap"] and app["spec"]["sparkConfigMap"] == "spark-conf"
    assert [f for f in result.findings if f.code == "VA024"] == []
    assert result.drift == []


def test_a_spark_config_map_key_missing_from_spark_conf_is_reported(tmp_path: Path) -> None:
    from yarn2k8s.validators.tree import equivalence_of

    out = _site_estate(tmp_path)
    path = out / "config/spark-conf/configmap.yaml"
    extra = "    spark.sql.shuffle.partitions 7\n    spark.serializer "
    path.write_text(path.read_text().replace("    spark.serializer ", extra, 1))
    (result,) = equivalence_of(out)
    messages = [f.message for f in result.findings if f.code == "VA024"]
    assert len(messages) == 1 and "spark.sql.shuffle.partitions" in messages[0]
