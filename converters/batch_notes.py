"""Findings a batch job's conversion raises: how it runs now, its HDFS calls, its data paths."""

from __future__ import annotations

import re

from yarn2k8s.config import Config
from yarn2k8s.converters.batch_command import hadoop_jar
from yarn2k8s.enrich.storage import RewriteLog, StorageMap
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, SourceLocation

MAX_HDFS_CALLS = 20  # per job: enough to act on, bounded for huge scripts
_FROM_LOCAL = frozenset({"put", "copyFromLocal", "moveFromLocal", "appendToFile"})
_TO_LOCAL = frozenset({"get", "copyToLocal", "moveToLocal", "getmerge"})
_PATH = re.compile(r"^(?:hdfs|viewfs|webhdfs)://|^/")


def kind_findings(job: MigrationJob, config: Config) -> list[Finding]:
    """How the job runs on Kubernetes, by kind."""
    loc, tool = job.location, job.extra.get("tool", "")
    findings: list[Finding] = []
    if job.kind in ("mapreduce", "streaming") and not _map_only(job):
        maps, reduces = job.roles["map"].instances, job.roles["reduce"].instances
        findings.append(make("MR001", loc, maps=maps, reduces=reduces))
    if _map_only(job):
        findings.append(make("MR004", loc, n=max(job.roles["map"].instances, 1)))
        findings.append(make("MR005", loc))
    if job.kind == "mapreduce" and tool in ("examples", "tests") and job.main_class:
        jar = hadoop_jar(tool, config.versions.hadoop).rsplit("/", 1)[-1]
        findings.append(
            make("MR012", loc, program=job.main_class, jar=jar, version=config.versions.hadoop)
        )
    return findings


def _map_only(job: MigrationJob) -> bool:
    return job.kind == "streaming" and job.roles["reduce"].instances == 0


def hdfs_call_findings(job: MigrationJob, storage: StorageMap) -> list[Finding]:
    """Each recorded `hdfs dfs` / `hadoop fs` call: its object-store form, or a warning."""
    findings: list[Finding] = []
    for call in job.extra.get("hdfs_calls", [])[:MAX_HDFS_CALLS]:
        words: list[str] = list(call["argv"])
        command = " ".join(words)
        paths = [w for w in _remote_paths(words[2:]) if _PATH.match(w)]
        mapped = {p: storage.map_uri(p) for p in paths}
        # The call's own line (recorded from the job's file) when known, else the job's.
        loc = SourceLocation(job.location.path, call["line"]) if call["line"] else job.location
        if paths and all(mapped.values()):
            new = ["hadoop", "fs", *(mapped.get(w) or w for w in words[2:])]
            findings.append(
                make("BJ009", loc, command=command, line=call["line"], mapped=" ".join(new))
            )
        else:
            findings.append(make("BJ008", loc, command=command, line=call["line"]))
    return findings


def _remote_paths(words: list[str]) -> list[str]:
    """The HDFS-side arguments of an `hdfs dfs` operation (not the local file of a -put)."""
    if not words:
        return []
    op, args = words[0].lstrip("-"), [w for w in words[1:] if not w.startswith("-")]
    if op in _FROM_LOCAL:
        return args[-1:]
    if op in _TO_LOCAL:
        return args[:-1]
    return args


def data_findings(job: MigrationJob, log: RewriteLog) -> list[Finding]:
    """DA002 for each rewritten data URI, DA001 for each HDFS URI left unmapped."""
    loc = job.location
    findings = [make("DA002", loc, old=o, new=n) for o, n in sorted(log.rewritten.items())]
    findings += [make("DA001", loc, path=p) for p in sorted(log.unmapped)]
    return findings
