"""JVM dependencies: remote `--jars` (fetched by every pod) and the version checks on jars.

Local jars are copied into the build context by the converter. `--packages` stay in the
SparkApplication with a writable ivy dir (finding SP008); docs/dependencies.md explains why
that is the default.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from yarn2k8s.config import Config
from yarn2k8s.deps.versions import upgrade_findings
from yarn2k8s.enrich.fetch import fetched_file
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob
from yarn2k8s.sources.webhdfs import redact_uri

_FETCH = {
    "hdfs": "hdfs dfs -get {uri} {dest}",
    "viewfs": "hdfs dfs -get {uri} {dest}",
    "webhdfs": "hdfs dfs -get {uri} {dest}",
    "maprfs": "hadoop fs -get {uri} {dest}",
    "s3": "aws s3 cp {uri} {dest}",
    "s3a": "aws s3 cp s3:{rest} {dest}",
    "gs": "gsutil cp {uri} {dest}",
    "http": "curl -fL -o {dest}{name} {uri}",
    "https": "curl -fL -o {dest}{name} {uri}",
}


def remote_jar_findings(job: MigrationJob) -> list[Finding]:
    """A finding per remote jar, with the command that would bake it into the image."""
    findings: list[Finding] = []
    dest = f"jobs/{job.name}/app/"
    for dep in job.deps:
        scheme, sep, rest = dep.value.partition(":")
        if dep.kind != "jar" or not sep or scheme not in _FETCH or "${" in dep.value:
            continue
        if fetched_file(job, dep.value) is not None:  # fetched over WebHDFS and baked (DP027)
            continue
        name = PurePosixPath(dep.value).name
        uri = redact_uri(dep.value)  # a webhdfs:// URI may carry a delegation token
        command = _FETCH[scheme].format(uri=uri, dest=dest, name=name, rest=rest)
        findings.append(
            make("DP020", dep.location, jar=uri, scheme=scheme, command=command, name=name)
        )
    return findings


def job_findings(job: MigrationJob, config: Config) -> list[Finding]:
    """Findings about a job's JVM side and its move to the target Spark."""
    source = config.versions.source_spark
    return remote_jar_findings(job) + upgrade_findings(job, config.versions.spark, source)
