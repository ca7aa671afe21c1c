"""Container memory on YARN vs pod memory on Kubernetes (mapping.md section 1.4).

YARN gives a container heap + overhead (default max(384 MiB, 10% of heap)), rounded up to a
multiple of the scheduler's minimum allocation. Kubernetes gives a pod exactly heap + overhead,
where non-JVM (Python/R) apps default to a 40% factor. A pod must never get less than its YARN
container had, or jobs that fit on YARN get OOMKilled; we raise memoryOverhead to reach parity.
"""

from __future__ import annotations

from dataclasses import dataclass

from yarn2k8s.model.units import parse_memory_mib, round_up

MIN_OVERHEAD_MIB = 384
YARN_FACTOR = 0.10
K8S_JVM_FACTOR = 0.10
K8S_NON_JVM_FACTOR = 0.40


@dataclass(frozen=True, slots=True)
class MemoryPlan:
    """Memory of one role on both platforms, in MiB."""

    heap: int
    extra: int  # pyspark.memory + off-heap, added on both platforms
    yarn_container: int
    pod_default: int  # what the operator would give with no explicit overhead
    overhead: int  # the overhead we emit
    raised: bool  # whether we raised the overhead to reach YARN parity

    @property
    def pod_total(self) -> int:
        """Pod memory request/limit with the emitted overhead."""
        return self.heap + self.overhead + self.extra


def _conf_mib(conf: dict[str, str], key: str) -> int:
    value = conf.get(key, "")
    try:
        return parse_memory_mib(value) if value else 0
    except ValueError:
        return 0


def _factor(conf: dict[str, str], role: str, non_jvm: bool) -> float:
    for key in (f"spark.{role}.memoryOverheadFactor", "spark.kubernetes.memoryOverheadFactor"):
        try:
            return float(conf[key])
        except (KeyError, ValueError):
            continue
    return K8S_NON_JVM_FACTOR if non_jvm else K8S_JVM_FACTOR


def plan_memory(
    role: str,
    heap_mib: int,
    explicit_overhead: int | None,
    conf: dict[str, str],
    language: str,
    minimum_allocation_mb: int,
) -> MemoryPlan:
    """Compute YARN and pod memory for a role and the overhead that keeps parity."""
    extra = 0
    if role == "executor":
        extra += _conf_mib(conf, "spark.executor.pyspark.memory")
        if conf.get("spark.memory.offHeap.enabled", "false").lower() == "true":
            extra += _conf_mib(conf, "spark.memory.offHeap.size")
    yarn_overhead = explicit_overhead or max(MIN_OVERHEAD_MIB, int(YARN_FACTOR * heap_mib))
    yarn = round_up(heap_mib + yarn_overhead + extra, minimum_allocation_mb)
    non_jvm = language in ("python", "r")
    k8s_overhead = explicit_overhead or max(
        MIN_OVERHEAD_MIB, int(_factor(conf, role, non_jvm) * heap_mib)
    )
    pod_default = heap_mib + k8s_overhead + extra
    if pod_default < yarn:
        return MemoryPlan(heap_mib, extra, yarn, pod_default, yarn - heap_mib - extra, True)
    return MemoryPlan(heap_mib, extra, yarn, pod_default, k8s_overhead, False)
