"""The ResourceManager client against a stand-in serving recorded RM responses.

The recordings come from different projects' test suites (Apache Eagle, Apache Knox), not one
cluster, so each test serves the files for the endpoints it reads and asserts per endpoint.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from yarn2k8s.cli import cli
from yarn2k8s.sources.http import SourceError
from yarn2k8s.sources.live import fetch_live
from yarn2k8s.sources.resource_manager import ResourceManager

EAGLE_UTIL = ("apache__eagle", "eagle-jpm", "eagle-jpm-util", "src", "test", "resources")
EAGLE_MR = ("apache__eagle", "eagle-jpm", "eagle-jpm-mr-running", "src", "test", "resources")
KNOX = (
    "apache__knox", "gateway-test", "src", "test", "resources", "org", "apache", "knox",
    "gateway", "GatewayBasicFuncTest", "yarn",
)  # fmt: skip


def test_apps_endpoint_spark_apps(recorded_server: Any, rm_files: Any) -> None:
    table = {"/ws/v1/cluster/apps": rm_files(*EAGLE_UTIL, "sparkrunningapp.json")}
    with recorded_server(table) as server:
        apps = ResourceManager(server.url).applications(limit=50, states="RUNNING")
        assert server.requests == ["/ws/v1/cluster/apps?limit=50&states=RUNNING"]
    assert [a.id for a in apps] == [
        "application_1478655515028_74912",
        "application_1479196259121_1041",
    ]
    thrift = apps[0]
    assert thrift.name == "spark-thriftserver"
    assert (thrift.app_type, thrift.queue) == ("SPARK", "default")
    assert thrift.allocated_mb == 3113984 and thrift.allocated_vcores == 191
    assert thrift.memory_seconds == 587928280103 and thrift.vcore_seconds == 36318925
    # memorySeconds / elapsed seconds: the memory it held on average over its life
    assert thrift.average_mb == 587928280103 * 1000 // 505555002


def test_apps_endpoint_hive_stage_on_a_named_queue(recorded_server: Any, rm_files: Any) -> None:
    table = {"/ws/v1/cluster/apps": rm_files(*EAGLE_MR, "application_1479206441898_35341.json")}
    with recorded_server(table) as server:
        (app,) = ResourceManager(server.url).applications()
    assert app.queue == "yyy" and app.app_type == "MAPREDUCE" and app.state == "RUNNING"
    assert (app.allocated_mb, app.running_containers) == (27648, 6)
    assert app.average_mb == int(4940802 / 77.619)


def test_apps_endpoint_finished_mapreduce(recorded_server: Any, rm_files: Any) -> None:
    table = {"/ws/v1/cluster/apps": rm_files(*EAGLE_UTIL, "mrcompleteapp.json")}
    with recorded_server(table) as server:
        apps = ResourceManager(server.url).applications()
    assert {a.final_status for a in apps} == {"SUCCEEDED"}
    assert {a.name for a in apps} == {"insert overwrite table xx.yy...end(Stage-1)", "Sleep job"}
    assert all(a.allocated_mb == 0 and a.memory_seconds > 0 for a in apps)  # finished: freed


def test_single_app_endpoint_and_unknown_app(recorded_server: Any, rm_files: Any) -> None:
    app_id = "application_1399541193872_0018"
    table = {f"/ws/v1/cluster/apps/{app_id}": rm_files(*KNOX, "app_succeeded.json")}
    with recorded_server(table) as server:
        rm = ResourceManager(server.url)
        app = rm.application(app_id)
        assert rm.application("application_1_1") is None  # the RM answers 404
    assert app is not None
    assert (app.id, app.user, app.name) == (app_id, "hdfs", "Sleep job")
    assert app.final_status == "SUCCEEDED"
    assert app.tags == ()  # "applicationTags": "" is no tag at all


def test_cluster_info_endpoint(recorded_server: Any, rm_files: Any) -> None:
    with recorded_server({"/ws/v1/cluster/info": rm_files(*KNOX, "cluster-info.json")}) as server:
        info = ResourceManager(server.url).cluster_info()
    assert info["hadoopVersion"] == "2.4.0.2.1.1.0-390"
    assert info["haState"] == "ACTIVE"


def test_errors_are_source_errors(recorded_server: Any) -> None:
    with recorded_server({}) as server:
        with pytest.raises(SourceError, match="HTTP 404") as caught:
            ResourceManager(server.url).applications()
        assert caught.value.status == 404
    with pytest.raises(SourceError, match="http"):
        ResourceManager("ftp://rm:8088")


def test_fetch_live_joins_cluster_info_and_apps(recorded_server: Any, rm_files: Any) -> None:
    table = {
        "/ws/v1/cluster/apps": rm_files(*EAGLE_UTIL, "sparkrunningapp.json"),
        "/ws/v1/cluster/info": rm_files(*EAGLE_UTIL, "clusterinfo.json"),
    }
    with recorded_server(table) as server:
        live = fetch_live(resource_manager=server.url, limit=10)
    assert live.sources == ("resource-manager",)
    assert live.cluster["hadoopVersion"] == "0.23.1-SNAPSHOT"
    assert [a.name for a in live.yarn] == ["spark-thriftserver", "Spark shell"]
    assert live.problems == []


def test_analyze_prints_the_rm_inventory_matched_to_jobs(
    recorded_server: Any, rm_files: Any, tmp_path: Path
) -> None:
    script = tmp_path / "thrift.sh"
    script.write_text(
        "spark-submit --name spark-thriftserver --queue default "
        "--class org.apache.spark.sql.hive.thriftserver.HiveThriftServer2 thrift.jar\n"
    )
    table = {"/ws/v1/cluster/apps": rm_files(*EAGLE_UTIL, "sparkrunningapp.json")}
    runner = CliRunner()
    with recorded_server(table) as server:
        table_out = runner.invoke(cli, ["analyze", str(tmp_path), "--resource-manager", server.url])
        as_json = runner.invoke(
            cli, ["analyze", "--resource-manager", server.url, "--format", "json"]
        )
    assert table_out.exit_code == 0, table_out.output
    assert "application_1478655515028_74912" in table_out.output
    assert "spark-thriftserver -> spark-thriftserver" in table_out.output
    assert "Spark shell -> -" in table_out.output
    assert "2 application(s) from resource-manager; 1 not matched to any input" in table_out.output
    data = json.loads(as_json.stdout)
    assert data["jobs"] == []  # no PATHS: the live inventory alone
    assert [a["queue"] for a in data["live"]["applications"]] == ["default", "default"]
    assert data["live"]["unmatched"] == 2
