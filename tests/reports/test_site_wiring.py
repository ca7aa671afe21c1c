"""Site-file ConfigMaps wired into Spark applications (hadoopConfigMap, krb5 ConfigMap)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from yarn2k8s.config import Config
from yarn2k8s.convert import build
from yarn2k8s.converters.site_wiring import KRB5_CONF_KEY, pick

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
