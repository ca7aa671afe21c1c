"""Scheduler, site, service, Slider, Skein, conf-dump and gateway-tool analyzers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from yarn2k8s.analyzers import ANALYZERS
from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.queue_model import cluster_totals, parse_capacity
from yarn2k8s.config import Config, config_from_dict


def _analyze(
    name: str, text: str, config: Config | None = None, folder: Path | None = None
) -> tuple[str, AnalysisResult]:
    path = (folder or Path("/nonexistent")) / name
    source = InputFile(path, name, text)
    analyzer = next(a for a in ANALYZERS if a.detect(source))
    return analyzer.name, analyzer.analyze(source, AnalysisContext(config or Config()))


def _codes(result: AnalysisResult) -> list[str]:
    return sorted(f.code for f in result.findings)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("50", {"cpu": ["pct", 50.0]}),
        ("12.5%", {"cpu": ["pct", 12.5]}),
        ("2w", {"cpu": ["w", 2.0]}),
        (
            "[memory=100Gi,vcores=20,yarn.io/gpu=1]",
            {"cpu": ["abs", 20_000], "memory": ["abs", 102_400], "gpu": ["abs", 1]},
        ),
        ("[memory=4096,vcores=50%]", {"cpu": ["pct", 50.0], "memory": ["abs", 4096]}),
        ("oops", None),
    ],
)
def test_parse_capacity(raw: str, expected: dict[str, list[Any]] | None) -> None:
    parsed = parse_capacity(raw)
    if expected is None:
        assert parsed is None
    else:
        assert parsed is not None and {k: parsed[k] for k in expected} == expected


def test_templated_capacity_scheduler_is_explained() -> None:
    text = (
        "<configuration><property><name>yarn.scheduler.capacity.root.queues</name>"
        "<value>{{ queues|join(',') }}</value></property></configuration>"
    )
    name, result = _analyze("capacity-scheduler.xml.template", text)
    assert (
        name == "capacity-scheduler"
        and result.outcome == "explained"
        and _codes(result) == ["QU005"]
    )


def test_cluster_totals_from_config_then_metrics_then_assumed(tmp_path: Path) -> None:
    config = config_from_dict(
        {
            "cluster": {
                "resources": {"cpu": "8", "memory": "32Gi", "nvidia.com/gpu": "2", "gpu/cpu": "4"}
            }
        }
    )
    totals, origin = cluster_totals(config, tmp_path / "capacity-scheduler.xml")
    assert totals[""] == {"cpu": 8000, "memory": 32768, "gpu": 2} and totals["gpu"]["cpu"] == 4000
    assert "config" in origin
    (tmp_path / "cluster-metrics.json").write_text(
        '{"clusterMetrics": {"totalMB": 8192, "totalVirtualCores": 4}}'
    )
    totals, origin = cluster_totals(Config(), tmp_path / "capacity-scheduler.xml")
    assert totals[""] == {"cpu": 4000, "memory": 8192, "gpu": 0} and "metrics" in origin
    totals, origin = cluster_totals(Config(), tmp_path / "elsewhere" / "capacity-scheduler.xml")
    assert origin == "an assumed cluster"


def test_fair_scheduler_allocations_and_settings() -> None:
    text = (
        "<allocations><queue name='a'><weight>2</weight>"
        "<minResources>1024 mb, 2 vcores</minResources>"
        "<queue name='b'><maxRunningApps>3</maxRunningApps></queue></queue></allocations>"
    )
    name, result = _analyze("fair-scheduler.xml", text)
    (unit,) = result.workflows
    queues = {q["path"]: q for q in unit.data["queues"]}
    assert name == "fair-scheduler" and list(queues) == ["root", "root.a", "root.a.b"]
    assert (
        queues["root.a"]["capacity"]["cpu"] == ["abs", 2000] and queues["root.a"]["weight"] == 2.0
    )
    assert queues["root.a.b"]["max_apps"] == 3
    settings = (
        "<configuration><property><name>yarn.scheduler.fair.allocation.file</name>"
        "<value>alloc.xml</value></property></configuration>"
    )
    _, result = _analyze("fair-scheduler.xml", settings)
    assert result.outcome == "configuration" and _codes(result) == ["QU022"]


def test_site_files_by_name_and_kind(tmp_path: Path) -> None:
    conf = "<configuration><property><name>fs.defaultFS</name><value>hdfs://nn</value></property></configuration>"
    (tmp_path / "core-site.xml").write_text(conf)
    (tmp_path / "hdfs-site.xml").write_text(conf.replace("fs.defaultFS", "dfs.replication"))
    name, result = _analyze("hdfs-site.xml", conf, folder=tmp_path)
    assert (name, result.outcome, _codes(result)) == ("hadoop-site", "configuration", ["QU017"])
    _, result = _analyze("core-site.xml", conf, folder=tmp_path)
    (unit,) = result.workflows
    assert sorted(unit.data["files"]) == ["core-site.xml", "hdfs-site.xml"]
    _, result = _analyze("krb5.conf", "[libdefaults]\n default_realm = X\n[realms]\n")
    assert result.workflows[0].kind == "krb5-conf"
    broken = _analyze("yarn-site.xml", "<configuration><property>")[1]
    assert _codes(broken) == ["YK009"]


def test_job_conf_dump_streaming() -> None:
    text = (
        "<configuration><property><name>stream.map.streamprocessor</name><value>python3+m.py</value>"
        "<source>programatically</source></property><property><name>mapreduce.job.reduces</name>"
        "<value>0</value><source>programatically</source></property><property>"
        "<name>mapreduce.input.fileinputformat.inputdir</name><value>/in</value></property>"
        "<property><name>mapreduce.output.fileoutputformat.outputdir</name><value>/out</value>"
        "</property></configuration>"
    )
    name, result = _analyze("job_1_2_conf.xml", text)
    (job,) = result.jobs
    assert name == "mapreduce-conf" and job.kind == "streaming"
    assert job.extra["streaming"]["mapper"] == "python3 m.py" and job.roles["reduce"].instances == 0


def test_job_conf_dump_examples_program() -> None:
    text = (
        "<configuration><property><name>mapreduce.job.map.class</name>"
        "<value>org.apache.hadoop.examples.QuasiMonteCarlo$QmcMapper</value></property></configuration>"
    )
    _, result = _analyze("job_1_2_conf.xml", text)
    (job,) = result.jobs
    assert (job.main_class, job.extra["tool"]) == ("pi", "examples")
    assert "MR011" in {f.code for f in job.findings}


def test_yarnfile_slider_skein_detection() -> None:
    component = '{"name": "c", "number_of_containers": 2, "launch_command": "sleep 1"}'
    yarnfile = f'{{"name": "s", "components": [{component}]}}'
    name, result = _analyze("s.json", yarnfile)
    assert name == "yarn-service" and result.workflows[0].data["components"][0]["replicas"] == 2
    skein = "name: x\nservices:\n  a:\n    script: echo hi\n"
    name, result = _analyze("spec.yaml", skein)
    assert name == "skein" and result.workflows[0].data["components"][0]["command"] == "echo hi"
    dask = "yarn:\n  scheduler: {vcores: 1}\n  worker: {count: 2, memory: 4GiB}\n"
    name, result = _analyze("yarn.yaml", dask)
    assert (name, result.outcome, _codes(result)) == ("skein", "configuration", ["YS018"])
    settings = '{"yarn.memory": "512", "yarn.component.instances": "2"}'
    slider = f'{{"schema": "x", "components": {{"A": {settings}}}}}'
    name, result = _analyze("resources.json", slider)
    assert name == "slider" and result.workflows[0].data["components"][0]["memory_mib"] == 512


def test_gateway_tool_configs_are_explained() -> None:
    genie = "name: Spark\nexecutable: spark-submit --master yarn\nsetupFile: x\n"
    assert _codes(_analyze("cmd.yml", genie)[1]) == ["BJ014"]
    magic = '{"kernel_python_credentials": {"url": "http://livy:8998"}}'
    _, result = _analyze("config.json", magic)
    assert _codes(result) == ["BJ015"] and "livy:8998" in result.findings[0].message
