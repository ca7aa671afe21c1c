"""Which live applications are runs of which job.

A History Server or ResourceManager application is a run of a job when its name is the job's
application name (`--name`, `spark.app.name`), the name the config maps the job to
(`rightsizing.apps`), Spark's default name for the job (the main file's name, the main class),
or when it carries one of the job's `spark.yarn.tags`. Names are compared as given, then as
DNS names, so "Daily ETL" matches a job named daily-etl.
"""

from __future__ import annotations

import fnmatch
from pathlib import PurePosixPath

from yarn2k8s.config import RightSizing
from yarn2k8s.model import MigrationJob
from yarn2k8s.model.names import dns_name
from yarn2k8s.sources.history_server import HistoryApp
from yarn2k8s.sources.live import LiveData
from yarn2k8s.sources.resource_manager import YarnApp


def job_app_names(job: MigrationJob, settings: RightSizing) -> set[str]:
    """Names a run of this job may carry on the cluster."""
    names = set()
    for pattern, app_name in settings.apps.items():
        if fnmatch.fnmatchcase(job.name, pattern) or fnmatch.fnmatchcase(
            str(job.location), pattern
        ):
            names.add(app_name)
    if names:
        return names  # an explicit mapping wins over guessing
    for value in (job.source_name, job.spark_conf.get("spark.app.name", "")):
        if value and "${" not in value:
            names.add(value)
    if not names and job.main_file and "${" not in job.main_file:
        # Spark names an unnamed app after its main file (PySpark) or main class (JVM).
        names.add(job.main_class or PurePosixPath(job.main_file).name)
    return names


def job_tags(job: MigrationJob) -> set[str]:
    """The job's `spark.yarn.tags` (YARN applicationTags are lower-cased by YARN)."""
    tags = job.spark_conf.get("spark.yarn.tags", "")
    return {t.strip().lower() for t in tags.split(",") if t.strip() and "${" not in t}


def _name_matches(app_name: str, names: set[str]) -> bool:
    if app_name in names:
        return True
    # dns_name falls back to "job" for names without letters or digits: never match on that.
    wanted = {dns_name(n) for n in names if any(c.isalnum() for c in n)}
    return any(c.isalnum() for c in app_name) and dns_name(app_name) in wanted


def matching_runs(job: MigrationJob, live: LiveData, settings: RightSizing) -> list[HistoryApp]:
    """History Server runs of a job, oldest id first."""
    names, tags = job_app_names(job, settings), job_tags(job)
    runs = []
    for app in live.history:
        app_tags = {t.strip().lower() for t in app.properties.get("spark.yarn.tags", "").split(",")}
        if _name_matches(app.name, names) or (tags and tags & app_tags):
            runs.append(app)
    return runs


def matching_yarn_apps(
    job: MigrationJob, live: LiveData, settings: RightSizing, runs: list[HistoryApp]
) -> list[YarnApp]:
    """ResourceManager records of a job: its History Server runs' ids, its names or tags."""
    ids = {run.id for run in runs}
    names, tags = job_app_names(job, settings), job_tags(job)
    return [
        app
        for app in live.yarn
        if app.id in ids or _name_matches(app.name, names) or (tags and tags & set(app.tags))
    ]
