"""Batch jobs, services and site configs through the whole pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from yarn2k8s.config import config_from_dict
from yarn2k8s.convert import build

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _docs(files: dict[str, bytes], path: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(files[path]) if isinstance(d, dict)]


def _run(
    tmp_path: Path, files: dict[str, str], config: dict[str, Any] | None = None
) -> dict[str, bytes]:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return build([tmp_path], config_from_dict(config or {})).files


def test_streaming_job_runs_local_with_its_scripts_baked(tmp_path: Path) -> None:
    files = _run(
        tmp_path,
        {
            "wc.sh": "hadoop jar hadoop-streaming.jar -files m.py -input hdfs://nn/d/in "
            "-output hdfs://nn/d/out "
            "-mapper 'python3 m.py' -reducer cat\n",
            "m.py": "print(1)\n",
        },
        {"storage": [{"from": "hdfs://nn/d", "to": "s3a://lake/d"}]},
    )
    (job,) = _docs(files, "jobs/wc/k8s/job.yaml")
    container = job["spec"]["template"]["spec"]["containers"][0]
    command = container["command"]
    assert command[:6] == [
        "hadoop",
        "jar",
        "/opt/hadoop/share/hadoop/tools/lib/hadoop-streaming-3.4.1.jar",
        "-D",
        "mapreduce.framework.name=local",
        "-files",
    ]
    assert "/opt/app/m.py" in command and "s3a://lake/d/in" in command
    assert {"name": "HADOOP_OPTIONAL_TOOLS", "value": "hadoop-aws"} in container["env"]
    assert files["jobs/wc/app/m.py"] == b"print(1)\n"
    dockerfile = files["jobs/wc/Dockerfile"].decode()
    assert "FROM apache/hadoop:3.4.1" in dockerfile and "USER 1000" in dockerfile
    assert '["app/m.py", "/opt/app/m.py"]' in dockerfile


def test_map_only_streaming_is_an_indexed_job(tmp_path: Path) -> None:
    files = _run(
        tmp_path,
        {
            "f.sh": "hadoop jar hadoop-streaming.jar -D mapreduce.job.maps=4 "
            "-input /a -output /b -mapper cat -numReduceTasks 0\n"
        },
    )
    (job,) = _docs(files, "jobs/f/k8s/job.yaml")
    spec = job["spec"]
    assert (spec["completionMode"], spec["completions"], spec["parallelism"]) == ("Indexed", 4, 4)
    env = {e["name"]: e.get("value") for e in spec["template"]["spec"]["containers"][0]["env"]}
    assert env["SHARDS"] == "4" and env["INPUTS"] == "/a" and env["MAPPER"] == "cat"
    assert b"JOB_COMPLETION_INDEX" in files["jobs/f/app/map-shard.sh"]


def test_cron_job_keeps_schedule_time_zone_and_gateway_paths(tmp_path: Path) -> None:
    files = _run(
        tmp_path,
        {
            "crontab": "CRON_TZ=Europe/Berlin\n5 4 * * * /opt/jobs/nightly.sh\n",
            "nightly.sh": "#!/bin/bash\nhdfs dfs -ls /\n",
        },
    )
    name = next(p.split("/")[1] for p in files if p.endswith("k8s/cronjob.yaml"))
    (cron,) = _docs(files, f"jobs/{name}/k8s/cronjob.yaml")
    assert (cron["spec"]["schedule"], cron["spec"]["timeZone"]) == ("5 4 * * *", "Europe/Berlin")
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["containers"][0]["command"] == ["/bin/bash", "-c", "/opt/jobs/nightly.sh"]
    assert '["app/nightly.sh", "/opt/jobs/nightly.sh"]' in files[f"jobs/{name}/Dockerfile"].decode()


def test_restricted_security_context_everywhere(tmp_path: Path) -> None:
    files = build([SAMPLES / "batch" / "gateway-cron" / "input"], config_from_dict({})).files
    pods = []
    for path in (p for p in files if p.endswith(("job.yaml", "cronjob.yaml"))):
        for doc in _docs(files, path):
            spec = doc["spec"].get("jobTemplate", doc)["spec"]["template"]["spec"]
            pods.append(spec)
    assert pods
    for pod in pods:
        assert pod["securityContext"]["runAsNonRoot"] is True
        container = pod["containers"][0]["securityContext"]
        assert container["allowPrivilegeEscalation"] is False and container["runAsUser"] == 1000
        assert pod["automountServiceAccountToken"] is False


def test_yarn_service_workloads() -> None:
    files = build(
        [SAMPLES / "services" / "yarnfile-platform" / "input"], config_from_dict({})
    ).files
    zk = {d["kind"]: d for d in _docs(files, "services/feature-store/k8s/feature-store-zk.yaml")}
    assert zk["StatefulSet"]["spec"]["serviceName"] == zk["Service"]["metadata"]["name"]
    assert zk["Service"]["spec"]["clusterIP"] == "None"
    assert (
        "feature-store-zk-1.feature-store-zk.default.svc.cluster.local"
        in zk["ConfigMap"]["data"]["zoo.cfg"]
    )
    zk_pod = zk["StatefulSet"]["spec"]["template"]["spec"]
    assert zk_pod["containers"][0]["readinessProbe"]["tcpSocket"] == {"port": 2181}
    assert "podAntiAffinity" in zk_pod["affinity"]
    env = {e["name"]: e for e in zk_pod["containers"][0]["env"]}
    assert env["ZOO_MY_ID_FROM"]["value"] == "$(POD_INDEX)" and "POD_INDEX" in env
    api = {d["kind"]: d for d in _docs(files, "services/feature-store/k8s/feature-store-api.yaml")}
    api_pod = api["StatefulSet"]["spec"]["template"]["spec"]
    assert api_pod["containers"][0]["readinessProbe"]["httpGet"] == {
        "path": "/health",
        "port": 8080,
    }
    assert api_pod["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == "1"
    assert api_pod["initContainers"][0]["name"] == "wait-for-dependencies"
    assert "s3cr3t-value" not in files["services/feature-store/k8s/feature-store-api.yaml"].decode()
    (job,) = _docs(files, "services/feature-store/k8s/feature-store-backfill.yaml")
    assert job["kind"] == "Job" and job["spec"]["template"]["spec"]["restartPolicy"] == "Never"


def test_slider_and_skein_become_services() -> None:
    files = build(
        [SAMPLES / "services"], config_from_dict({"queues": {"ml": {"namespace": "ml"}}})
    ).files
    (memcached,) = _docs(files, "services/memcached/k8s/memcached-memcached.yaml")
    assert memcached["kind"] == "Deployment"
    echo = _docs(files, "services/echoserver/k8s/echoserver-server.yaml")[0]
    assert echo["metadata"]["namespace"] == "ml" and echo["spec"]["replicas"] == 2
    assert (
        "ADD --chown=1000:1000"
        in files["services/echoserver/images/echoserver-server/Dockerfile"].decode()
    )


def test_site_files_become_config_maps_without_secrets() -> None:
    result = build(
        [SAMPLES / "queues" / "site-config" / "input"], config_from_dict({"namespace": "a"})
    )
    text = "\n".join(v.decode("utf-8", "replace") for v in result.files.values())
    for secret in ("wJalrXUtnFEMI", "hive-db-pa55"):
        assert secret not in text
    (cm,) = _docs(result.files, "config/hadoop-conf/configmap.yaml")
    assert sorted(cm["data"]) == ["core-site.xml", "hdfs-site.xml", "hive-site.xml"]
    assert "hive.metastore.uris" in cm["data"]["hive-site.xml"]
    assert "ConnectionPassword" not in cm["data"]["hive-site.xml"]
    (krb5,) = _docs(result.files, "config/krb5-conf/configmap.yaml")
    assert "EXAMPLE.COM" in krb5["data"]["krb5.conf"]
    codes = {f.code for f in result.result.all_findings()}
    assert {"QU011", "QU012", "QU013", "QU014", "QU015", "QU018"} <= codes
