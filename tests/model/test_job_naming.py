"""pipeline.assign_names: JVM jobs in generic or shared files are named after their main class."""

from __future__ import annotations

import pytest

from yarn2k8s.model import MigrationJob, SourceLocation, Workflow
from yarn2k8s.pipeline import assign_names


def _job(
    path: str, kind: str, main_class: str = "", main_file: str = "", line: int = 1
) -> MigrationJob:
    job = MigrationJob(kind=kind, source_name="", location=SourceLocation(path, line))
    job.main_class, job.main_file = main_class, main_file
    return job


def _names(*jobs: MigrationJob | Workflow) -> list[str]:
    assign_names(jobs)
    return [j.name for j in jobs]


@pytest.mark.parametrize(
    ("main_class", "name"),
    [
        ("com.example.DailyReport", "daily-report"),
        ("org.apache.spark.examples.SparkPi", "spark-pi"),
        ("com.example.HTTPServer", "http-server"),
        ("com.example.etl.Main", "etl-main"),
        ("com.example.Loader$", "loader"),  # a Scala object
    ],
)
def test_generic_stem_takes_the_main_class(main_class: str, name: str) -> None:
    assert _names(_job("jobs/run.sh", "java", main_class, "/opt/app.jar")) == [name]


def test_several_jvm_jobs_in_one_file_keep_the_stem_and_take_their_class() -> None:
    jobs = [
        _job("etl.crontab", "java", "com.example.DailyReport", "/opt/report.jar", 3),
        _job("etl.crontab", "mapreduce", "com.example.WeeklyAggregate", "/opt/agg.jar", 5),
        _job("etl.crontab", "shell", "", "/opt/jobs/export.sh", 7),
    ]
    assert _names(*jobs) == ["etl-daily-report", "etl-weekly-aggregate", "etl-export"]


def test_two_classes_from_one_jar_no_longer_need_a_hash() -> None:
    jobs = [
        _job("submit.sh", "spark", "com.x.Ingest", "app.jar", 2),
        _job("submit.sh", "spark", "com.x.Publish", "app.jar", 4),
    ]
    assert _names(*jobs) == ["ingest", "publish"]


def test_specific_stem_and_non_jvm_kinds_keep_the_file_name() -> None:
    assert _names(_job("nightly_report.sh", "java", "com.example.DailyReport")) == [
        "nightly-report"
    ]
    assert _names(_job("run.sh", "tensorflow", "com.linkedin.tony.cli.ClusterSubmitter")) == ["run"]
    assert _names(_job("run.sh", "spark", "${MAIN_CLASS}")) == ["run"]
