"""Spark conf translation from YARN to Kubernetes (mapping.md section 1.3).

Splits a job's conf into what the SparkApplication carries as fields (consumed here), what it
carries in `sparkConf`, what goes to `hadoopConf`, and what is dropped, explaining each drop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob

# Keys the SparkApplication carries as fields (or that other findings explain).
STRUCTURAL = frozenset({
    "spark.master", "spark.submit.deployMode", "spark.app.name", "spark.jars",
    "spark.jars.packages", "spark.jars.excludes", "spark.jars.repositories",
    "spark.submit.pyFiles", "spark.files", "spark.archives", "spark.yarn.dist.files",
    "spark.yarn.dist.jars", "spark.yarn.dist.archives", "spark.driver.memory",
    "spark.driver.cores", "spark.executor.memory", "spark.executor.cores",
    "spark.executor.instances", "spark.driver.memoryOverhead", "spark.executor.memoryOverhead",
    "spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions", "spark.yarn.queue",
    "spark.yarn.maxAppAttempts", "spark.dynamicAllocation.enabled",
    "spark.dynamicAllocation.initialExecutors", "spark.dynamicAllocation.minExecutors",
    "spark.dynamicAllocation.maxExecutors", "spark.dynamicAllocation.shuffleTracking.enabled",
    "spark.dynamicAllocation.shuffleTracking.timeout", "spark.kerberos.keytab",
    "spark.yarn.am.nodeLabelExpression", "spark.yarn.executor.nodeLabelExpression",
    "spark.yarn.driver.nodeLabelExpression", "spark.yarn.tags", "spark.cores.max",
})  # fmt: skip
STRUCTURAL_PREFIXES = (
    "spark.executorEnv.",
    "spark.yarn.appMasterEnv.",
    "spark.kubernetes.driverEnv.",
)

LEGACY_RENAMES = {
    "spark.yarn.executor.memoryOverhead": "spark.executor.memoryOverhead",
    "spark.yarn.driver.memoryOverhead": "spark.driver.memoryOverhead",
    "spark.yarn.keytab": "spark.kerberos.keytab",
    "spark.yarn.principal": "spark.kerberos.principal",
    "spark.yarn.access.namenodes": "spark.kerberos.access.hadoopFileSystems",
    "spark.yarn.access.hadoopFileSystems": "spark.kerberos.access.hadoopFileSystems",
}

# YARN-only keys and why dropping them is safe; the last entry catches the rest.
YARN_ONLY: tuple[tuple[str, str], ...] = (
    ("spark.yarn.am.", "there is no YARN ApplicationMaster; the driver has its own pod"),
    ("spark.yarn.historyServer.", "point the Spark History Server at the event log instead"),
    ("spark.yarn.rolledLog", "container logs go to stdout and the node's log agent"),
    ("spark.yarn.submit.", "spark-submit runs inside the operator"),
    ("spark.yarn.jars", "the image provides Spark's jars"),
    ("spark.yarn.archive", "the image provides Spark's jars"),
    ("spark.yarn.populateHadoopClasspath", "the image provides the Hadoop classpath"),
    ("spark.yarn.dist.forceDownloadSchemes", "dependencies are baked into the image"),
    ("spark.yarn.stagingDir", "local dependencies are baked into the image"),
    ("spark.yarn.applicationType", "kept as a label"),
    ("spark.yarn.priority", "use a PriorityClass on Kubernetes"),
    ("spark.yarn.exclude.nodes", "use node affinity on Kubernetes"),
    ("spark.yarn.executor.resource.", "GPUs became executor.gpu"),
    ("spark.yarn.driver.resource.", "GPUs became driver.gpu"),
    ("spark.yarn.", "it has no Kubernetes equivalent"),
)
_GPU_KEYS = {
    "driver": ("spark.driver.resource.gpu.amount", "spark.yarn.driver.resource.yarn.io/gpu.amount"),
    "executor": (
        "spark.executor.resource.gpu.amount",
        "spark.yarn.executor.resource.yarn.io/gpu.amount",
    ),
}
GPU_DISCOVERY_SCRIPT = "/opt/spark/examples/src/main/scripts/getGpusResources.sh"
_HIVE = re.compile(
    r"^(spark\.sql\.catalogImplementation|spark\.hadoop\.hive\.metastore\.uris"
    r"|hive\.metastore\.uris)$"
)


@dataclass
class TranslatedConf:
    """The result of translating a job's conf."""

    spark_conf: dict[str, str] = field(default_factory=dict)
    hadoop_conf: dict[str, str] = field(default_factory=dict)
    gpus: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def apply_legacy_renames(job: MigrationJob) -> list[Finding]:
    """Rename pre-Spark-3 keys in place (the new key wins if both are set)."""
    findings = []
    for old, new in LEGACY_RENAMES.items():
        if old in job.spark_conf:
            value = job.spark_conf.pop(old)
            job.spark_conf.setdefault(new, value)
            loc = job.conf_sources.get(old, job.location)
            job.conf_sources.setdefault(new, loc)
            findings.append(make("SP005", loc, old=old, new=new))
    return findings


def translate(job: MigrationJob) -> TranslatedConf:
    """Sort the job's conf into sparkConf, hadoopConf, GPU counts and explained drops."""
    out = TranslatedConf()
    for key in sorted(job.spark_conf):
        value = job.spark_conf[key]
        loc = job.conf_sources.get(key, job.location)
        if key in STRUCTURAL or key.startswith(STRUCTURAL_PREFIXES):
            continue
        if key.startswith("spark.hadoop."):
            out.hadoop_conf[key[len("spark.hadoop.") :]] = value
        elif key.startswith("spark.yarn."):
            why = next(reason for prefix, reason in YARN_ONLY if key.startswith(prefix))
            out.findings.append(make("SP004", loc, key=key, why=why))
        elif key == "spark.shuffle.service.enabled" and value.strip().lower() == "true":
            out.spark_conf[key] = "false"
            tracking = "; dynamic allocation uses shuffle tracking instead" if _dynamic(job) else ""
            out.findings.append(make("SP006", loc, tracking=tracking))
        else:
            out.spark_conf[key] = value
        if _HIVE.match(key) and (value != "in-memory"):
            out.findings.append(make("SP022", loc, key=key))
    _gpus(job, out)
    return out


def _dynamic(job: MigrationJob) -> bool:
    return job.spark_conf.get("spark.dynamicAllocation.enabled", "").lower() == "true"


def _gpus(job: MigrationJob, out: TranslatedConf) -> None:
    for role, keys in _GPU_KEYS.items():
        for key in keys:
            try:
                amount = int(float(job.spark_conf.get(key, "0")))
            except ValueError:
                amount = 0
            if amount > 0:
                out.gpus[role] = max(out.gpus.get(role, 0), amount)
        if role in out.gpus:
            prefix = f"spark.{role}.resource.gpu"
            out.spark_conf.setdefault(f"{prefix}.amount", str(out.gpus[role]))
            out.spark_conf.setdefault(f"{prefix}.vendor", "nvidia.com")
            out.spark_conf.setdefault(f"{prefix}.discoveryScript", GPU_DISCOVERY_SCRIPT)
