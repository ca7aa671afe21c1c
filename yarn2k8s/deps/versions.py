"""Versions: what the job was built for (Spark, Scala, Python, TensorFlow/PyTorch), the pinned
base image for the target, and the findings where the upgrade to the target will break.

Most YARN estates run Spark 2.x; the target comes from the config (`versions.spark`, a current
3.5 release by default). The tables below are documented in docs/dependencies.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from yarn2k8s.deps.stdlib import parse_version
from yarn2k8s.findings import make
from yarn2k8s.model import Dependency, Finding, MigrationJob, SourceLocation

# Scala line of the official images per Spark minor (apache/spark-docker versions.json).
SPARK_SCALA = {"3.3": "2.12", "3.4": "2.12", "3.5": "2.12", "4.0": "2.13", "4.1": "2.13"}
# Oldest Python each PySpark line supports (python/setup.py `python_requires`).
PYSPARK_MIN_PYTHON = {
    "3.3": (3, 7),
    "3.4": (3, 7),
    "3.5": (3, 8),
    "4.0": (3, 9),
    "4.1": (3, 9),
}
# The official apache/spark images are Ubuntu 22.04 (jammy) with its Python 3.10.
SPARK_IMAGE_PYTHON = "3.10"

# Framework images for training jobs, by framework and major.minor (mapping.md section 8).
FRAMEWORK_IMAGES = {
    ("tensorflow", "1.15"): (
        "tensorflow/tensorflow:1.15.5-py3",
        "tensorflow/tensorflow:1.15.5-gpu-py3",
    ),
    ("tensorflow", "2.15"): ("tensorflow/tensorflow:2.15.0", "tensorflow/tensorflow:2.15.0-gpu"),
    ("tensorflow", "2.16"): ("tensorflow/tensorflow:2.16.2", "tensorflow/tensorflow:2.16.2-gpu"),
    ("tensorflow", "2.17"): ("tensorflow/tensorflow:2.17.1", "tensorflow/tensorflow:2.17.1-gpu"),
    ("torch", "2.3"): ("pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime",) * 2,
    ("torch", "2.4"): ("pytorch/pytorch:2.4.1-cuda12.1-cudnn9-runtime",) * 2,
    ("torch", "2.5"): ("pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime",) * 2,
}
FRAMEWORK_DEFAULT = {"tensorflow": "2.17", "torch": "2.5"}

# Spark confs removed, renamed or ignored, by the release that changed them. A key ending in
# "." is a prefix. (The spark.yarn.* renames are handled by the SparkApplication converter.)
CONF_CHANGES: tuple[tuple[str, str, str, str], ...] = (
    ("spark.akka.", "2.0", "removed", ""),
    ("spark.executor.port", "2.0", "removed", ""),
    ("spark.sql.tungsten.enabled", "2.0", "removed", ""),
    ("spark.kryoserializer.buffer.mb", "2.0", "replaced", "spark.kryoserializer.buffer"),
    (
        "spark.scheduler.listenerbus.eventqueue.size",
        "2.3",
        "renamed",
        "spark.scheduler.listenerbus.eventqueue.capacity",
    ),
    ("spark.memory.useLegacyMode", "3.0", "removed", ""),
    (
        "spark.storage.memoryFraction",
        "3.0",
        "ignored (legacy memory manager removed)",
        "spark.memory.fraction",
    ),
    (
        "spark.shuffle.memoryFraction",
        "3.0",
        "ignored (legacy memory manager removed)",
        "spark.memory.fraction",
    ),
    ("spark.storage.unrollFraction", "3.0", "ignored (legacy memory manager removed)", ""),
    (
        "spark.reducer.maxReqSizeShuffleToMem",
        "3.0",
        "renamed",
        "spark.network.maxRemoteBlockSizeFetchToMem",
    ),
    (
        "spark.sql.execution.arrow.enabled",
        "3.0",
        "deprecated",
        "spark.sql.execution.arrow.pyspark.enabled",
    ),
    (
        "spark.sql.execution.arrow.fallback.enabled",
        "3.0",
        "deprecated",
        "spark.sql.execution.arrow.pyspark.fallback.enabled",
    ),
    ("spark.executor.plugins", "3.0", "removed", "spark.plugins"),
    ("spark.driver.allowMultipleContexts", "3.0", "removed", ""),
    ("spark.sql.legacy.allowCreatingManagedTableUsingNonemptyLocation", "3.0", "removed", ""),
    ("spark.blacklist.", "3.1", "renamed", "spark.excludeOnFailure."),
    (
        "spark.shuffle.unsafe.file.output.buffer",
        "4.0",
        "deprecated",
        "spark.shuffle.localDisk.file.output.buffer",
    ),
)

_JAR = re.compile(
    r"(?P<artifact>[A-Za-z][\w.-]*?)_(?P<scala>2\.1[0-3])(?:-(?P<version>\d+\.\d+(?:\.\d+)?)[\w.-]*)?\.jar$"
)
_COORD = re.compile(
    r"^(?P<group>[\w.-]+):(?P<artifact>[\w.-]+?)_(?P<scala>2\.1[0-3]):(?P<version>[\w.-]+)$"
)
_SPARK_DIST = re.compile(r"spark-(\d+\.\d+)\.\d+-bin")


@dataclass(frozen=True)
class Artifact:
    """A Scala artifact a job uses, with the Scala (and maybe Spark) line it was built for."""

    text: str
    scala: str
    spark_version: str  # only for Spark's own artifacts
    location: SourceLocation


def minor(version: str) -> str:
    """`3.5.8` -> `3.5`."""
    return ".".join(version.split(".")[:2])


def target_scala(spark: str) -> str:
    """The Scala line of the target Spark image."""
    return SPARK_SCALA.get(minor(spark), "2.13" if spark.startswith("4") else "2.12")


def scala_artifacts(job: MigrationJob) -> list[Artifact]:
    """Jars and packages whose names say which Scala (and Spark) they were built for."""
    found: list[Artifact] = []
    main = (
        [Dependency("jar", job.main_file, job.location)] if job.main_file.endswith(".jar") else []
    )
    for dep in [*main, *job.deps]:
        name = dep.value.rsplit("/", 1)[-1]
        jar = _JAR.search(name) if dep.kind == "jar" else None
        coord = _COORD.match(dep.value) if dep.kind == "package" else None
        if jar:
            spark = jar.group("version") if jar.group("artifact").startswith("spark-") else ""
            found.append(Artifact(name, jar.group("scala"), spark or "", dep.location))
        elif coord:
            ours = coord.group("group") == "org.apache.spark"
            found.append(
                Artifact(
                    dep.value,
                    coord.group("scala"),
                    coord.group("version") if ours else "",
                    dep.location,
                )
            )
    return found


def source_spark(job: MigrationJob, configured: str) -> str:
    """The job's Spark version on YARN: the config, else Spark's own artifacts or paths."""
    if configured:
        return configured
    for artifact in scala_artifacts(job):
        if artifact.spark_version:
            return artifact.spark_version
    texts = [job.main_file, *(d.value for d in job.deps)]
    for text in texts:
        match = _SPARK_DIST.search(text)
        if match:
            return match.group(1)
    return ""


def _older(version: str, other: str) -> bool:
    a, b = parse_version(version), parse_version(other)
    return a is not None and b is not None and a < b


def upgrade_findings(job: MigrationJob, target: str, configured_source: str) -> list[Finding]:
    """Scala/Spark artifact mismatches and confs the target Spark removed or renamed."""
    findings: list[Finding] = []
    scala = target_scala(target)
    for art in scala_artifacts(job):
        if art.scala != scala:
            findings.append(
                make(
                    "DP015",
                    art.location,
                    artifact=art.text,
                    scala=art.scala,
                    target=target,
                    target_scala=scala,
                )
            )
        elif art.spark_version and minor(art.spark_version) != minor(target):
            findings.append(
                make(
                    "DP016",
                    art.location,
                    artifact=art.text,
                    version=art.spark_version,
                    target=target,
                )
            )
    source = source_spark(job, configured_source)
    for key in sorted(job.spark_conf):
        findings += _conf_change(job, key, source, target)
    return findings


def _conf_change(job: MigrationJob, key: str, source: str, target: str) -> list[Finding]:
    for old, version, change, new in CONF_CHANGES:
        matches = key.startswith(old) if old.endswith(".") else key == old
        if not matches or _older(target, version):
            continue
        if source and not _older(source, version):
            continue  # the cluster already ran a release with the change
        replacement = new + key[len(old) :] if old.endswith(".") and new else new
        text = f"; use `{replacement}`" if replacement else ""
        where = job.conf_sources.get(key, job.location)
        return [
            make(
                "DP017",
                where,
                key=key,
                change=change,
                version=version,
                replacement=text,
                target=target,
            )
        ]
    return []


def framework_image(framework: str, version: str = "", gpu: bool = False) -> str:
    """The pinned image for a TensorFlow/PyTorch job (falls back to the newest listed line)."""
    wanted = minor(version) if version else FRAMEWORK_DEFAULT[framework]
    images = FRAMEWORK_IMAGES.get((framework, wanted))
    if images is None:
        images = FRAMEWORK_IMAGES[(framework, FRAMEWORK_DEFAULT[framework])]
    return images[1] if gpu else images[0]


def pyspark_min_python(target: str) -> tuple[int, int]:
    """The oldest Python the target PySpark supports."""
    return PYSPARK_MIN_PYTHON.get(minor(target), (3, 9))
