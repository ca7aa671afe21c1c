"""Site-file ConfigMaps wired into Spark applications (hadoopConfigMap, krb5 ConfigMap,
sparkConfigMap)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from yarn2k8s.analyzers.properties import parse_properties
from yarn2k8s.config import Config, StorageRewrite
from yarn2k8s.convert import build
from yarn2k8s.converters.site_wiring import KRB5_CONF_KEY, pick
from yarn2k8s.converters.spark_defaults import properties_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_jobs_reference_the_estate_configmaps(tmp_path: Path) -> None:
    site = SAMPLES / "queues" / "site-config" / "input"
    (tmp_path / "conf").mkdir()
    for name in ("core-site.xml", "hdfs-site.xml", "krb5.conf"):
        shutil.copy(site / name, tmp_path / "conf" / name)
    shutil.copytree(SAMPLES / "spark" / "kerberos" / "input", tmp_path / "secure")
    shutil.copytree(SAMPLES / "spark" / "gpu" / "input", tmp_path / "gpu")
    files = build([tmp_path], Config()).files
    maps = {p.split("/")[1] for p in files if p.startswith("config/")}
    assert maps == {"hadoop-conf", "krb5-conf"}
    secure = yaml.safe_load(files["jobs/secure-export/k8s/sparkapplication.yaml"])
    assert secure["spec"]["hadoopConfigMap"] == "hadoop-conf"
    assert secure["spec"]["sparkConf"][KRB5_CONF_KEY] == "krb5-conf"  # a Kerberos job
    gpu = yaml.safe_load(files["jobs/run-gpu-etl/k8s/sparkapplication.yaml"])
    assert gpu["spec"]["hadoopConfigMap"] == "hadoop-conf"
    assert KRB5_CONF_KEY not in gpu["spec"].get("sparkConf", {})  # no Kerberos: no krb5


def test_without_site_files_nothing_changes() -> None:
    files = build([SAMPLES / "spark" / "gpu" / "input"], Config()).files
    assert b"hadoopConfigMap" not in files["jobs/run-gpu-etl/k8s/sparkapplication.yaml"]


def test_nearest_site_folder_wins() -> None:
    sites = {
        "hadoop-conf-a": "teams/a/conf/core-site.xml",
        "hadoop-conf-b": "teams/b/core-site.xml",
    }
    assert pick("teams/a/conf/jobs/x.sh:3", sites) == "hadoop-conf-a"
    assert pick("teams/b/run.sh:1", sites) == "hadoop-conf-b"
    assert pick("teams/c/run.sh:1", sites) == ""  # neither folder is an ancestor: ambiguous
    assert pick("anywhere.sh:1", {"only": "conf/core-site.xml"}) == "only"


SPARK_DEFAULTS = """\
spark.master yarn
spark.shuffle.service.enabled true
spark.yarn.historyServer.address h:18080
spark.executor.memory 4g
spark.eventLog.dir hdfs://nn:8020/spark-logs
spark.hadoop.fs.s3a.secret.key AKIAIOSFODNN7EXAMPLEKEYx
spark.driver.extraJavaOptions -Dx=1
spark.sql.warehouse.dir C:\\\\wh
"""


def _defaults_estate(tmp_path: Path) -> Path:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf/spark-defaults.conf").write_text(SPARK_DEFAULTS)
    (tmp_path / "run.sh").write_text(
        "spark-submit --name reads-defaults --class a.Main app.jar\n"
        "spark-submit --name own-file --properties-file own.properties --class a.Main app.jar\n"
    )
    (tmp_path / "own.properties").write_text("spark.sql.shuffle.partitions 8\n")
    (tmp_path / "app.jar").write_bytes(b"PK")
    return tmp_path


def test_spark_defaults_become_a_translated_config_map(tmp_path: Path) -> None:
    config = Config()
    config.storage = [StorageRewrite(from_="hdfs://nn:8020/", to="s3a://lake/")]
    result = build([_defaults_estate(tmp_path)], config)
    doc = yaml.safe_load(result.files["config/spark-conf/configmap.yaml"])
    text = doc["data"]["spark-defaults.conf"]
    values, _ = parse_properties(text)
    # Translated like sparkConf: no master, no YARN keys, no fields, no secrets; the shuffle
    # service is off and data paths follow the storage map.
    assert sorted(values) == [
        "spark.eventLog.dir",
        "spark.shuffle.service.enabled",
        "spark.sql.warehouse.dir",
    ]
    assert values["spark.eventLog.dir"] == "s3a://lake/spark-logs"
    assert values["spark.shuffle.service.enabled"] == "false"
    # Escaped for java.util.Properties: Spark reads back the value sparkConf carries.
    assert "spark.sql.warehouse.dir C:\\\\\\\\wh\n" in text
    values["spark.sql.warehouse.dir"] = "C:\\\\wh"
    app = yaml.safe_load(result.files["jobs/reads-defaults/k8s/sparkapplication.yaml"])["spec"]
    assert app["sparkConfigMap"] == "spark-conf"
    assert {k: app["sparkConf"][k] for k in values} == values  # the same values: no new meaning
    own = yaml.safe_load(result.files["jobs/own-file/k8s/sparkapplication.yaml"])["spec"]
    assert "sparkConfigMap" not in own  # --properties-file replaced spark-defaults.conf
    codes = {f.code: f for f in result.result.all_findings() if f.job == "spark-conf"}
    assert "SP024" in codes and str(codes["SP025"].location) == "conf/spark-defaults.conf:6"
    assert b"AKIAIOSFODNN7" not in result.files["config/spark-conf/configmap.yaml"]


def test_properties_escaping() -> None:
    text = properties_text({"a key=x": " lead\\back\nline", "k": "#v"}, "conf/x.conf")
    assert text.splitlines()[2:] == ["a\\ key\\=x \\ lead\\\\back\\nline", "k #v"]
