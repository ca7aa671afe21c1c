"""What two units of one estate would both claim: queue trees, and a cron line and its script."""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

import yaml

from yarn2k8s.config import Config, config_from_dict
from yarn2k8s.convert import build

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
NESTED = SAMPLES / "queues" / "capacity-nested" / "input" / "capacity-scheduler.xml"
SMALL = """<configuration>
<property><name>yarn.scheduler.capacity.root.queues</name><value>default,dev</value></property>
<property><name>yarn.scheduler.capacity.root.default.capacity</name><value>60</value></property>
<property><name>yarn.scheduler.capacity.root.dev.capacity</name><value>40</value></property>
</configuration>
"""


def _root_objects(files: dict[str, bytes]) -> list[dict[str, Any]]:
    """Every object the root kustomization reaches (its folders' resources, one level)."""
    objects = []
    for folder in yaml.safe_load(files["kustomization.yaml"])["resources"]:
        for name in yaml.safe_load(files[f"{folder}/kustomization.yaml"])["resources"]:
            docs = yaml.safe_load_all(files[f"{folder}/{name}"])
            objects += [d for d in docs if isinstance(d, dict)]
    return objects


def _ids(objects: list[dict[str, Any]]) -> collections.Counter[tuple[str, str, str]]:
    meta = [(o["kind"], o["metadata"].get("namespace", ""), o["metadata"]["name"]) for o in objects]
    return collections.Counter(meta)


def _estate(tmp_path: Path, job_queue: str) -> dict[str, bytes]:
    (tmp_path / "a-cluster").mkdir()
    (tmp_path / "a-cluster" / "capacity-scheduler.xml").write_bytes(NESTED.read_bytes())
    (tmp_path / "b-cluster").mkdir()
    (tmp_path / "b-cluster" / "capacity-scheduler.xml").write_text(SMALL, encoding="utf-8")
    (tmp_path / "etl.sh").write_text(
        f"spark-submit --master yarn --queue {job_queue} app.py\n", encoding="utf-8"
    )
    return build([tmp_path], config_from_dict({"scheduler": "kueue"})).files


def test_one_queue_tree_per_estate_and_no_id_clashes(tmp_path: Path) -> None:
    files = _estate(tmp_path, "dev")  # only b-cluster has a `dev` queue
    queues = [r for r in yaml.safe_load(files["kustomization.yaml"])["resources"] if "queues/" in r]
    assert len(queues) == 1
    kept = queues[0]
    objects = _root_objects(files)
    assert max(_ids(objects).values()) == 1  # kustomize would refuse a repeated id (VA009)
    local = {o["metadata"]["name"] for o in objects if o["kind"] == "LocalQueue"}
    assert "dev" in local  # the job's queue label resolves in the kept tree
    report = yaml.safe_load(files["report.json"])
    trees = {w["name"]: w for w in report["workflows"] if w["kind"] == "queues"}
    assert len(trees) == 2
    (left,) = [n for n in trees if f"queues/{n}" != kept]
    assert [f["code"] for f in trees[left]["findings"]].count("QU029") == 1
    assert "QU029" not in [f["code"] for f in trees[kept.split("/")[1]]["findings"]]
    assert f"queues/{left}/kustomization.yaml" in files  # still buildable on its own


def test_a_tie_keeps_the_first_tree_by_source_path(tmp_path: Path) -> None:
    files = _estate(tmp_path, "nowhere")  # neither tree has it: a tie
    report = yaml.safe_load(files["report.json"])
    flagged = [
        w["source"] for w in report["workflows"] if "QU029" in [f["code"] for f in w["findings"]]
    ]
    assert [s.split("/")[0] for s in flagged] == ["b-cluster"]


CRONTAB = """0 3 * * * /opt/jobs/nightly_export.sh >> /var/log/export.log 2>&1
30 4 * * * /opt/jobs/elsewhere.sh
"""
SCRIPT = "#!/bin/bash\nhdfs dfs -mkdir -p /data/x\nhive -f /opt/jobs/q.hql\n"


def test_the_cron_line_owns_the_schedule_of_the_script_it_runs(tmp_path: Path) -> None:
    (tmp_path / "etl.crontab").write_text(CRONTAB, encoding="utf-8")
    (tmp_path / "nightly_export.sh").write_text(SCRIPT, encoding="utf-8")
    (tmp_path / "other.sh").write_text(SCRIPT, encoding="utf-8")  # no cron line runs it
    files = build([tmp_path], Config()).files
    resources = yaml.safe_load(files["kustomization.yaml"])["resources"]
    report = yaml.safe_load(files["report.json"])
    jobs = {j["name"]: j for j in report["jobs"]}
    standalone = jobs["nightly-export"]
    (note,) = [f for f in standalone["findings"] if f["code"] == "BJ016"]
    assert note["severity"] == "info" and "etl.crontab:1" in note["message"]
    assert "jobs/nightly-export/k8s" not in resources  # it would run the work a second time
    assert "jobs/nightly-export/k8s/kustomization.yaml" in files  # kept for a one-off run
    cron = [n for n in jobs if n.startswith("etl-") and "export" in n]
    assert [f"jobs/{n}/k8s" in resources for n in cron] == [True]
    assert "jobs/other/k8s" in resources
    assert all(
        "BJ016" not in [f["code"] for f in j["findings"]]
        for n, j in jobs.items()
        if n != "nightly-export"
    )
