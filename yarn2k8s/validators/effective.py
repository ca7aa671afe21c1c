"""The effective configuration of a spark-submit run on Kubernetes, and pod vs YARN sizes.

Spark's precedence (SparkSubmitArguments / SparkSubmit.prepareSubmitEnvironment): built-in
defaults, then `--conf` (a later one wins), then the explicit flags, which win over any `--conf`.
The Kubernetes cluster manager maps `--files`/`--archives` to `spark.files`/`spark.archives`
(YARN maps them to `spark.yarn.dist.*`). Memory follows mapping.md section 1.4.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from yarn2k8s.analyzers.spark_submit import FLAG_TO_CONF, parse_submission
from yarn2k8s.model.units import parse_memory_mib, round_up

# spark-submit's flag shorthands on a Kubernetes master: YARN's table with its YARN-only rows
# (queue, total cores) removed and --files/--archives going to the generic keys.
K8S_FLAG_TO_CONF = {
    **{k: v for k, v in FLAG_TO_CONF.items() if k not in ("--queue", "--total-executor-cores")},
    "--files": "spark.files",
    "--archives": "spark.archives",
}
# Spark's built-in values for the keys both sides always have (as the analyzer's YARN layer).
SPARK_DEFAULTS = {
    "spark.submit.deployMode": "client",
    "spark.driver.memory": "1g",
    "spark.driver.cores": "1",
    "spark.executor.memory": "1g",
    "spark.executor.cores": "1",
    "spark.executor.instances": "2",
    "spark.dynamicAllocation.enabled": "false",
    "spark.shuffle.service.enabled": "false",
}
MEMORY_KEYS = frozenset(
    f"spark.{role}.{part}"
    for role in ("driver", "executor")
    for part in ("memory", "memoryOverhead")
)
MIN_OVERHEAD_MIB = 384


@dataclass(frozen=True)
class Submitted:
    """What one spark-submit command runs: its effective conf and its application."""

    conf: dict[str, str]
    main: str
    main_class: str
    arguments: list[str]
    proxy_user: str


def effective_from_args(args: list[str]) -> Submitted:
    """Parse spark-submit arguments (a Kubernetes master) into their effective configuration."""
    sub = parse_submission(args)
    conf = dict(SPARK_DEFAULTS)
    conf.update(sub.confs)  # a later --conf of the same key wins, as in spark-submit
    for option, key in K8S_FLAG_TO_CONF.items():
        if option in sub.options:
            conf[key] = sub.options[option]
    return Submitted(
        conf=conf,
        main=sub.primary,
        main_class=sub.options.get("--class", ""),
        arguments=list(sub.app_args),
        proxy_user=sub.options.get("--proxy-user", ""),
    )


def normalize(key: str, value: str | None) -> str | None:
    """A value in the form two sides are compared in (memory in MiB, booleans lower case)."""
    if value is None:
        return None
    text = value.strip()
    if key in MEMORY_KEYS:
        try:
            return str(parse_memory_mib(text))
        except ValueError:
            return text
    if text.lower() in ("true", "false"):
        return text.lower()
    return text


# --------------------------------------------------------------------------- memory table


@dataclass(frozen=True)
class MemoryRow:
    """One role's size on YARN and on Kubernetes."""

    role: str
    instances: str
    yarn_vcores: str
    yarn_mib: int
    pod_cores: str
    pod_mib: int


def _mib(conf: Mapping[str, str], key: str, default: int = 0) -> int:
    try:
        return parse_memory_mib(conf[key]) if conf.get(key) else default
    except ValueError:
        return default


def _extras(conf: Mapping[str, str], role: str) -> int:
    """Memory outside heap and overhead, on both platforms (executors only)."""
    if role != "executor":
        return 0
    extra = _mib(conf, "spark.executor.pyspark.memory")
    if conf.get("spark.memory.offHeap.enabled", "").lower() == "true":
        extra += _mib(conf, "spark.memory.offHeap.size")
    return extra


def yarn_container_mib(conf: Mapping[str, str], role: str, minimum_allocation: int) -> int:
    """YARN: heap + overhead (default max(384, 10%)), rounded up to the minimum allocation."""
    heap = _mib(conf, f"spark.{role}.memory", 1024)
    overhead = _mib(conf, f"spark.{role}.memoryOverhead") or _mib(
        conf, f"spark.yarn.{role}.memoryOverhead"
    )
    overhead = overhead or max(MIN_OVERHEAD_MIB, int(0.10 * heap))
    return round_up(heap + overhead + _extras(conf, role), minimum_allocation)


def pod_mib(conf: Mapping[str, str], role: str, non_jvm: bool) -> int:
    """Kubernetes: heap + overhead (default max(384, factor), factor 0.4 for Python/R)."""
    heap = _mib(conf, f"spark.{role}.memory", 1024)
    overhead = _mib(conf, f"spark.{role}.memoryOverhead")
    if not overhead:
        factor = 0.40 if non_jvm else 0.10
        for key in (f"spark.{role}.memoryOverheadFactor", "spark.kubernetes.memoryOverheadFactor"):
            try:
                factor = float(conf[key])
                break
            except (KeyError, ValueError):
                continue
        overhead = max(MIN_OVERHEAD_MIB, int(factor * heap))
    return heap + overhead + _extras(conf, role)


def memory_rows(
    original: Mapping[str, str],
    converted: Mapping[str, str],
    non_jvm: bool,
    minimum_allocation: int = 1024,
) -> list[MemoryRow]:
    """Driver and executor sizes: YARN container from the original, pod from the converted."""
    rows = []
    for role in ("driver", "executor"):
        instances = "1"
        if role == "executor":
            dynamic = converted.get("spark.dynamicAllocation.enabled", "") == "true"
            maximum = converted.get("spark.dynamicAllocation.maxExecutors", "?")
            instances = f"<= {maximum}" if dynamic else converted.get(f"spark.{role}.instances", "")
        rows.append(
            MemoryRow(
                role=role,
                instances=instances,
                yarn_vcores=original.get(f"spark.{role}.cores", "1"),
                yarn_mib=yarn_container_mib(original, role, minimum_allocation),
                pod_cores=converted.get(
                    f"spark.kubernetes.{role}.request.cores",
                    converted.get(f"spark.{role}.cores", "1"),
                ),
                pod_mib=pod_mib(converted, role, non_jvm),
            )
        )
    return rows
