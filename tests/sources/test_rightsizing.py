"""Right-sizing rules and job matching, on hand-made runs (the real server is in
test_history_server.py)."""

from __future__ import annotations

from typing import Any

from yarn2k8s.config import Config, config_from_dict
from yarn2k8s.enrich.live_match import job_app_names, matching_runs, matching_yarn_apps
from yarn2k8s.enrich.rightsizing import count_executors, right_size, size_role
from yarn2k8s.model import MigrationJob, Role, SourceLocation
from yarn2k8s.sources.history_server import ExecutorUsage, HistoryApp, max_concurrent
from yarn2k8s.sources.live import LiveData
from yarn2k8s.sources.resource_manager import YarnApp


def _usage(name: str, heap: int, execution: int = 0, added: str = "", removed: str = "") -> Any:
    return ExecutorUsage(name, 1, heap, 80, execution, 0, 0, added, removed)


def _run(app_id: str, name: str, executors: list[ExecutorUsage], **props: str) -> HistoryApp:
    return HistoryApp(app_id, "", name, "etl", True, 1000, "3.5.1", props, tuple(executors))


def _job(**conf: str) -> MigrationJob:
    job = MigrationJob("spark", "daily-etl", SourceLocation("etl.sh", 3), name="daily-etl")
    job.language = "python"
    job.main_file = "etl.py"
    job.roles = {
        "driver": Role("driver", memory_mib=4096),
        "executor": Role("executor", instances=10, memory_mib=8192),
    }
    job.spark_conf = dict(conf)
    job.effective_conf = dict(conf)
    return job


def _stamp(second: int) -> str:
    return f"2024-01-01T00:00:{second:02d}.000GMT"


def test_peak_executors_counts_overlap_including_released_ones() -> None:
    spans = [(_stamp(0), _stamp(10)), (_stamp(5), _stamp(20)), (_stamp(10), ""), (_stamp(15), "")]
    assert max_concurrent(spans) == 3  # at 10 one leaves as one arrives; 15 adds the third
    assert max_concurrent(spans[:3]) == 2
    assert max_concurrent([("", "")]) == 1  # no timestamps: alive throughout


def test_heap_proposal_uses_the_worst_run_headroom_and_the_unified_region() -> None:
    job = _job()
    peaks = [_usage("1", 2000), _usage("2", 1500, execution=3000)]
    sizing = size_role(job, job.roles["executor"], peaks, Config())
    # unified region: 300 + 3000 / 0.6 = 5300, +25% = 6625 -> 6656 (128 MiB steps)
    assert sizing.proposed_heap == 6656 and sizing.peak_heap == 2000
    assert sizing.proposed_pod < sizing.pod and not sizing.near_limit


def test_heap_is_never_raised_never_below_the_floor_and_kept_near_the_limit() -> None:
    job = _job()
    small = size_role(job, job.roles["executor"], [_usage("1", 10)], Config())
    assert small.proposed_heap == 512  # rightsizing.min_heap_mib
    near = size_role(job, job.roles["executor"], [_usage("1", 7900)], Config())
    assert near.near_limit and near.proposed_heap == 8192
    config = config_from_dict({"rightsizing": {"min_heap_mib": 16384}})
    capped = size_role(job, job.roles["executor"], [_usage("1", 10)], config)
    assert capped.proposed_heap == 8192  # a floor above the heap never raises it


def test_executor_counts_static_and_dynamic() -> None:
    runs = [_run("a", "daily-etl", [_usage(str(i), 100, 0, _stamp(i), "") for i in range(3)])]
    static = count_executors(_job(), runs)
    assert (static.requested, static.used, static.proposed) == (10, 3, 3)
    dynamic = count_executors(
        _job(**{"spark.dynamicAllocation.enabled": "true",
                "spark.dynamicAllocation.minExecutors": "4"}),
        runs,
    )  # fmt: skip
    assert (dynamic.requested, dynamic.used, dynamic.proposed) == (10, 3, 4)  # minExecutors
    assert count_executors(_job(), []).proposed == 10  # no history: no change


def test_advice_then_applied_changes_the_roles() -> None:
    workers = [_usage(str(i), 1000, 0, _stamp(i), "") for i in range(2)]
    runs = [_run("app-1", "daily-etl", [*workers, _usage("driver", 300)])]
    live = LiveData(history=runs)
    advised = _job()
    right_size(advised, live, Config())
    assert sorted(f.code for f in advised.findings) == ["RP001", "RP001", "RP003"]
    assert advised.roles["executor"].memory_mib == 8192  # advice only
    applied = _job()
    right_size(applied, live, config_from_dict({"rightsizing": {"apply": True}}))
    assert [f.code for f in applied.findings] == ["RP002"]
    assert applied.roles["executor"].memory_mib == 1280 and applied.roles["executor"].instances == 2
    assert applied.extra["rightsizing"]["applied"] is True
    assert "executor heap 8192 -> 1280 MiB" in applied.findings[0].message


def test_live_conf_and_queue_drift() -> None:
    runs = [
        _run(
            "application_1_1",
            "daily-etl",
            [],
            **{"spark.executor.memory": "8192m", "spark.executor.cores": "4"},
        )
    ]
    yarn = [YarnApp("application_1_1", "daily-etl", "u", "root.prod", "SPARK", (), "FINISHED",
                    "SUCCEEDED", 0, 0, 0, 100, 10, 1000)]  # fmt: skip
    job = _job(**{"spark.executor.memory": "8g", "spark.executor.cores": "2"})
    job.queue = "etl"
    right_size(job, LiveData(history=runs, yarn=yarn), Config())
    messages = {f.code: f.message for f in job.findings}
    assert "spark.executor.cores=4" in messages["RP006"]  # 8192m == 8g is no drift
    assert "spark.executor.memory" not in messages["RP006"]
    assert "root.prod" in messages["RP007"]
    assert job.extra["rightsizing"]["yarn_observed"]["memory_seconds"] == 100


def test_matching_by_name_tags_mapping_and_default_name() -> None:
    job = _job(**{"spark.yarn.tags": "Team-ML,nightly"})
    settings = Config().rightsizing
    runs = [
        _run("1", "Daily ETL", []),  # the same name as a DNS name
        _run("2", "other", [], **{"spark.yarn.tags": "team-ml"}),  # by tag
        _run("3", "other", []),
    ]
    assert [r.id for r in matching_runs(job, LiveData(history=runs), settings)] == ["1", "2"]
    yarn = [YarnApp("9", "x", "u", "q", "SPARK", ("nightly",), "", "", 0, 0, 0, 0, 0, 0)]
    assert [a.id for a in matching_yarn_apps(job, LiveData(yarn=yarn), settings, [])] == ["9"]
    unnamed = MigrationJob("spark", "", SourceLocation("x.sh", 1), name="x", main_file="a/x.py")
    assert job_app_names(unnamed, settings) == {"x.py"}  # Spark's default app name
    mapped = config_from_dict({"rightsizing": {"apps": {"daily-*": "legacy_daily"}}})
    assert job_app_names(job, mapped.rightsizing) == {"legacy_daily"}
    assert matching_runs(job, LiveData(history=[_run("4", "!!!", [])]), settings) == []
