"""The container command of a batch job, with its words mapped for the pod.

Every argument has a role (set by the analyzer): gateway-local files become their path in the
image, data paths and `-D` values go through the storage map, class paths are mapped entry by
entry. Programs that ship with Hadoop (streaming, the examples and tests jars) run from the
image's own Hadoop, in local mode.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from yarn2k8s.config import Config
from yarn2k8s.converters.spark_operator import is_local
from yarn2k8s.enrich.storage import RewriteLog, StorageMap
from yarn2k8s.model import MigrationJob

APP_DIR = "/opt/app"
HADOOP_HOME = "/opt/hadoop"
LOCAL_MODE = ["-D", "mapreduce.framework.name=local"]


def hadoop_jar(tool: str, version: str) -> str:
    """Where a program shipped with Hadoop lives in the apache/hadoop image."""
    return {
        "streaming": f"{HADOOP_HOME}/share/hadoop/tools/lib/hadoop-streaming-{version}.jar",
        "examples": f"{HADOOP_HOME}/share/hadoop/mapreduce/hadoop-mapreduce-examples-{version}.jar",
        "tests": f"{HADOOP_HOME}/share/hadoop/mapreduce/"
        f"hadoop-mapreduce-client-jobclient-{version}-tests.jar",
    }.get(tool, "")


@dataclass
class Mapper:
    """Maps argument words for the pod and remembers what the storage map did."""

    storage: StorageMap
    placements: dict[str, str] = field(default_factory=dict)  # gateway path -> image path
    log: RewriteLog = field(default_factory=RewriteLog)
    # hdfs:// URI -> image path, for the files fetched over WebHDFS and baked (enrich/fetch.py)
    fetched: dict[str, str] = field(default_factory=dict)

    def file(self, value: str) -> str:
        """A gateway-local or fetched file's path in the image; a remote one through the
        storage map."""
        if value in self.fetched:
            return self.fetched[value]
        if not is_local(value) or "${" in value:
            return self.storage.rewrite(value, self.log)
        if value in self.placements:
            return self.placements[value]
        return f"{APP_DIR}/{PurePosixPath(value.removeprefix('file:')).name}"

    def files(self, value: str) -> str:
        """A comma-separated list of files, `#alias` suffixes kept."""
        out = []
        for item in value.split(","):
            path, hash_, alias = item.partition("#")
            out.append(self.file(path) + hash_ + alias if path else item)
        return ",".join(out)

    def classpath(self, value: str) -> str:
        """A class path: local jars found in the image by name, globs and variables kept."""
        entries = [e if "*" in e or "${" in e else self.file(e) for e in value.split(":")]
        return ":".join(entries)

    def conf(self, word: str) -> str:
        """`k=v` or `-Dk=v`: only the value is rewritten."""
        key, eq, value = word.partition("=")
        return f"{key}{eq}{self.storage.rewrite(value, self.log)}" if eq else word

    def word(self, word: str, role: str) -> str:
        """One argument mapped by its role."""
        if role == "file":
            return self.file(word)
        if role == "files":
            return self.files(word)
        if role == "classpath":
            return self.classpath(word)
        if role == "conf":
            return self.conf(word)
        return self.storage.rewrite(word, self.log)

    def words(self, job: MigrationJob) -> list[str]:
        """The job's arguments, each mapped by its role."""
        roles = list(job.extra.get("arg_roles", []))
        roles += ["data"] * (len(job.arguments) - len(roles))
        return [self.word(w, r) for w, r in zip(job.arguments, roles, strict=False)]


def container_command(job: MigrationJob, mapper: Mapper, config: Config) -> list[str]:
    """The full command the job's container runs."""
    tool = job.extra.get("tool", "")
    args = mapper.words(job)
    if job.kind == "streaming":
        return [
            "hadoop",
            "jar",
            hadoop_jar("streaming", config.versions.hadoop),
            *LOCAL_MODE,
            *args,
        ]
    if job.kind == "mapreduce" and tool in ("examples", "tests"):
        jar = hadoop_jar(tool, config.versions.hadoop)
        return ["hadoop", "jar", jar, job.main_class, *LOCAL_MODE, *args]
    if job.kind == "mapreduce":
        main = [job.main_class] if job.main_class else []
        return ["hadoop", "jar", mapper.file(job.main_file), *main, *args]
    if job.kind == "java":
        return [job.extra.get("launcher", "java"), *args]
    interpreter = list(job.extra.get("interpreter", ["/bin/bash"]))
    if tool == "script" or (tool == "distributed-shell" and not job.extra.get("command")):
        return [*interpreter, mapper.file(job.main_file)]
    return [*interpreter, "-c", str(job.extra.get("command", ""))]
