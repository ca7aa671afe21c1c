"""Queue trees -> Kueue (v1beta1/v1beta2) or YuniKorn, RBAC from ACLs, names that jobs use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from yarn2k8s.config import config_from_dict
from yarn2k8s.convert import build

NESTED = Path(__file__).resolve().parents[2] / "samples" / "queues" / "capacity-nested" / "input"


def _objects(files: dict[str, bytes], prefix: str) -> list[dict[str, Any]]:
    found = []
    for rel, data in sorted(files.items()):
        if rel.startswith(prefix) and rel.endswith(".yaml"):
            found += [d for d in yaml.safe_load_all(data) if isinstance(d, dict)]
    return found


def _kinds(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def test_kueue_v1beta1_tree(tmp_path: Path) -> None:
    config = config_from_dict({"cluster": {"resources": {"cpu": "64", "memory": "256Gi"}}})
    objects = _objects(build([NESTED], config).files, "queues/")
    cqs = _kinds(objects, "ClusterQueue")
    assert set(cqs) == {"eng-ml", "eng-etl-daily", "eng-etl-adhoc", "prod-serving", "prod-reports"}
    assert {o["apiVersion"] for o in objects if "kueue" in o["apiVersion"]} == {
        "kueue.x-k8s.io/v1beta1"
    }
    assert cqs["eng-etl-daily"]["spec"]["cohort"] == "eng-etl"
    assert _kinds(objects, "Cohort")["eng-etl"]["spec"]["parentName"] == "eng"
    assert cqs["eng-etl-adhoc"]["spec"]["stopPolicy"] == "Hold"
    cpu = cqs["eng-etl-daily"]["spec"]["resourceGroups"][0]["flavors"][0]["resources"][0]
    assert cpu == {"name": "cpu", "nominalQuota": "8951m", "borrowingLimit": "16649m"}


def test_kueue_v1beta2_names_the_cohort_differently() -> None:
    config = config_from_dict({"kueue_version": "v1beta2"})
    objects = _objects(build([NESTED], config).files, "queues/")
    cq = _kinds(objects, "ClusterQueue")["prod-serving"]
    assert cq["apiVersion"] == "kueue.x-k8s.io/v1beta2"
    assert cq["spec"]["cohortName"] == "prod" and "cohort" not in cq["spec"]


def test_yunikorn_queues_yaml(tmp_path: Path) -> None:
    config = config_from_dict(
        {"scheduler": "yunikorn", "cluster": {"resources": {"cpu": "64", "memory": "256Gi"}}}
    )
    objects = _objects(build([NESTED], config).files, "queues/")
    (cm,) = [o for o in objects if o["kind"] == "ConfigMap"]
    root = yaml.safe_load(cm["data"]["queues.yaml"])["partitions"][0]["queues"][0]
    eng = next(q for q in root["queues"] if q["name"] == "eng")
    assert eng["resources"]["guaranteed"] == {"vcore": "38400m", "memory": "157286Mi"}
    assert eng["resources"]["max"]["vcore"] == "51200m"
    etl = next(q for q in eng["queues"] if q["name"] == "etl")
    assert next(q for q in etl["queues"] if q["name"] == "adhoc")["maxapplications"] == 20
    assert not [o for o in objects if "kueue" in o["apiVersion"]]


def test_acls_become_role_bindings_in_mapped_namespaces() -> None:
    config = config_from_dict({"queues": {"root.eng.ml": {"namespace": "ml"}}})
    objects = _objects(build([NESTED], config).files, "queues/")
    binding = _kinds(objects, "RoleBinding")["submit-eng-ml"]
    assert binding["metadata"]["namespace"] == "ml"
    subjects = {(s["kind"], s["name"]) for s in binding["subjects"]}
    assert subjects == {("User", "alice"), ("User", "bob"), ("Group", "ml-team")}
    assert "ml" in _kinds(objects, "Namespace")
    lq = _kinds(objects, "LocalQueue")["eng-ml"]
    assert lq["metadata"]["namespace"] == "ml" and lq["spec"]["clusterQueue"] == "eng-ml"


def test_job_queue_labels_match_the_emitted_local_queues(tmp_path: Path) -> None:
    """Issue 2's naming: a job's queue label must name a LocalQueue in the job's namespace."""
    (tmp_path / "capacity-scheduler.xml").write_bytes(
        (NESTED / "capacity-scheduler.xml").read_bytes()
    )
    (tmp_path / "jobs.sh").write_text(
        "hadoop jar /opt/a.jar com.example.A -D mapreduce.job.queuename=daily in out\n"
        "hadoop jar /opt/b.jar com.example.B -D mapreduce.job.queuename=root.eng.ml in out\n"
        "spark-submit --master yarn --queue root.prod.serving app.py\n",
        encoding="utf-8",
    )
    config = config_from_dict(
        {"scheduler": "kueue", "queues": {"root.eng.ml": {"namespace": "ml"}}}
    )
    files = build([tmp_path], config).files
    local = {
        (o["metadata"]["namespace"], o["metadata"]["name"])
        for o in _objects(files, "queues/")
        if o["kind"] == "LocalQueue"
    }
    jobs = [o for o in _objects(files, "jobs/") if o["kind"] in ("Job", "SparkApplication")]
    assert len(jobs) == 3
    for job in jobs:
        label = job["metadata"]["labels"]["kueue.x-k8s.io/queue-name"]
        assert (job["metadata"]["namespace"], label) in local, label
