"""The History Server client and right-sizing.

Against a real Spark History Server (started from the pyspark install) over the event logs of
a real PySpark application run in this session, and against a stand-in serving the History
Server responses recorded in ../shared/corpus/public/history-server.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from yarn2k8s.cli import cli
from yarn2k8s.config import Config
from yarn2k8s.enrich.rightsizing import right_size
from yarn2k8s.model import MigrationJob, Role, SourceLocation
from yarn2k8s.model.units import format_mib
from yarn2k8s.sources.history_server import HistoryServer
from yarn2k8s.sources.live import fetch_live

HERE = Path(__file__).resolve().parent
EXPECTATIONS = (
    HERE.parents[2]
    / "shared/corpus/public/history-server/apache__spark/core/src/test/resources"
    / "HistoryServerExpectations"
)
# The submission that ran as "daily-etl" on YARN: what the converter reads.
SCRIPT = """#!/bin/bash
spark-submit --master yarn --deploy-mode cluster --name daily-etl --queue etl \\
  --driver-memory 2g --executor-memory 2g --executor-cores 1 \\
  --conf spark.dynamicAllocation.enabled=true \\
  --conf spark.dynamicAllocation.maxExecutors=8 \\
  --conf spark.yarn.tags=team-ml \\
  etl.py --input hdfs://nn:8020/data/events --output hdfs://nn:8020/data/daily
"""


# --- the real History Server ---------------------------------------------------------------


@pytest.mark.slow
def test_real_history_server_gives_conf_and_executor_peaks(history_server: str) -> None:
    (app,) = HistoryServer(history_server).applications()
    assert app.name == "daily-etl" and app.completed
    assert app.properties["spark.executor.memory"] == "2g"
    assert app.properties["spark.dynamicAllocation.enabled"] == "true"
    assert app.properties["spark.yarn.tags"] == "team-ml"
    assert app.driver is not None and app.driver.has_metrics
    workers = app.workers
    assert len(workers) >= 1 and 1 <= app.peak_executors <= 2  # two 1-core workers
    assert all(w.add_time.endswith("GMT") for w in workers)
    peak = max(w.peak_heap_mib for w in workers)
    assert 0 < peak < 2048  # a real heap peak, below the 2g heap
    assert max(w.peak_execution_mib for w in workers) > 0  # the aggregation's hash maps
    assert max(w.peak_storage_mib for w in workers) > 0  # the cached DataFrame


@pytest.mark.slow
def test_convert_advises_then_applies_right_sizing(history_server: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "daily_etl.sh").write_text(SCRIPT)
    runner = CliRunner()
    out = tmp_path / "advice"
    advice = runner.invoke(
        cli, ["convert", str(src), "-o", str(out), "--history-server", history_server]
    )
    assert advice.exit_code == 0, advice.output
    job = json.loads((out / "report.json").read_text())["jobs"][0]
    sized = job["rightsizing"]
    assert sized["applied"] is False and sized["runs"] == 1
    assert sized["executors"]["requested"] == 8
    assert 1 <= sized["executors"]["used"] <= 2  # two 1-core workers: never more than 2
    assert sized["executors"]["proposed"] == sized["executors"]["used"]
    executor = sized["roles"]["executor"]
    assert executor["heap_mib"] == 2048 and executor["proposed_heap_mib"] < 2048
    assert executor["peak_heap_mib"] < executor["proposed_heap_mib"]  # headroom on top
    assert sized["proposed_mib"] < sized["yarn_mib"] and sized["saving_mib"] > 0
    codes = {f["code"] for f in job["findings"]}
    assert {"RP001", "RP003"} <= codes and "RP002" not in codes
    app = _app(out)
    assert app["spec"]["executor"]["memory"] == "2g"  # advice leaves the manifest alone
    assert app["spec"]["dynamicAllocation"]["maxExecutors"] == 8
    assert "## Right-sizing" in (out / "report.md").read_text()

    applied_out = tmp_path / "applied"
    applied = runner.invoke(
        cli,
        ["convert", str(src), "-o", str(applied_out), "--history-server", history_server,
         "--right-size"],
    )  # fmt: skip
    assert applied.exit_code == 0, applied.output
    job = json.loads((applied_out / "report.json").read_text())["jobs"][0]
    assert job["rightsizing"]["applied"] is True and job["readiness"] == "review"
    assert "RP002" in {f["code"] for f in job["findings"]}
    spec = _app(applied_out)["spec"]
    assert spec["executor"]["memory"] == format_mib(executor["proposed_heap_mib"])
    assert spec["dynamicAllocation"]["maxExecutors"] == sized["executors"]["proposed"]
    assert job["resources"]["yarn_mib"] == sized["yarn_mib"]  # YARN side kept as it was


def _app(out: Path) -> dict[str, Any]:
    data = yaml.safe_load((out / "jobs/daily-etl/k8s/sparkapplication.yaml").read_text())
    assert isinstance(data, dict)
    return data


@pytest.mark.slow
def test_analyze_lists_history_runs_with_their_jobs(history_server: str, tmp_path: Path) -> None:
    (tmp_path / "daily_etl.sh").write_text(SCRIPT)
    result = CliRunner().invoke(
        cli, ["analyze", str(tmp_path), "--history-server", history_server, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (app,) = json.loads(result.stdout)["live"]["applications"]
    assert app["name"] == "daily-etl" and app["jobs"] == ["daily-etl"]
    assert app["executor_memory"] == "2g" and app["peak_heap_mib"] > 0


# --- the recorded History Server responses -------------------------------------------------


def _recorded(name: str) -> bytes:
    path = EXPECTATIONS / f"{name}_json_expectation.json"
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    return path.read_bytes()


def _recorded_history(handler: Any, url: urllib.parse.SplitResult) -> None:
    """Serve the recorded expectations; they hold no environment, so that answers 404."""
    path = url.path.rstrip("/")
    if path == "/api/v1/applications":
        handler.send_json(
            200, (EXPECTATIONS / "application_list_json_expectation.json").read_bytes()
        )
    elif path.endswith("/allexecutors"):
        handler.send_json(200, (EXPECTATIONS / "executor_list_json_expectation.json").read_bytes())
    else:
        handler.send_json(404, {"message": "not recorded"})


def test_recorded_application_list_and_executors(serve_route: Any) -> None:
    with serve_route(_recorded_history) as server:
        live = fetch_live(history_server=server.url, limit=100)
        requests = list(server.requests)
    assert live.problems == []
    assert len(live.history) == 13
    by_id = {a.id: a for a in live.history}
    retried = by_id["local-1426533911241"]
    assert retried.attempt == "2"  # the newest attempt: listed first
    assert any("/local-1426533911241/2/allexecutors" in r for r in requests)
    kmeans = by_id["application_1538416563558_0014"]
    assert kmeans.name == "PythonBisectingKMeansExample" and kmeans.duration_ms == 82758
    assert kmeans.properties == {}  # no environment recorded: tolerated
    (driver,) = kmeans.executors
    assert driver.is_driver and not driver.has_metrics  # recorded before peak metrics existed
    assert kmeans.peak_executors == 0


def test_recorded_history_gives_no_memory_advice(serve_route: Any) -> None:
    job = MigrationJob(
        "spark", "PythonBisectingKMeansExample", SourceLocation("kmeans.sh", 2), name="kmeans"
    )
    job.roles = {"driver": Role("driver", memory_mib=4096), "executor": Role("executor", 4)}
    with serve_route(_recorded_history) as server:
        live = fetch_live(history_server=server.url)
    right_size(job, live, Config())
    assert [f.code for f in job.findings] == ["RP005"]  # runs found, but no peak metrics
    sized = job.extra["rightsizing"]
    assert sized["runs"] == 1 and sized["roles"] == {} and "proposed_mib" not in sized
    assert sized["applications"] == ["application_1538416563558_0014"]
