"""Right-sizing Spark jobs from what their runs really used (Spark History Server peaks).

For each job matched to history runs, per role: the heap the job asked YARN for, the peak heap
and the peak execution + storage memory it used, and a proposed heap with headroom. The heap
must hold Spark's reserved 300 MiB plus the unified region (execution + storage) divided by
`spark.memory.fraction`, and at least the peak heap seen. Proposals only ever lower a value and
never below `rightsizing.min_heap_mib`; a peak near the limit is left alone with a warning.
Executors: the most alive at once (under dynamic allocation, released ones included).

Without `--right-size` the result is advice (findings and report data); with it the job's roles
and maxExecutors are changed before conversion, so the manifests carry the new sizes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from yarn2k8s.config import Config
from yarn2k8s.enrich.live_match import matching_runs, matching_yarn_apps
from yarn2k8s.enrich.resources import plan_memory
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, Role
from yarn2k8s.model.units import parse_memory_mib, round_up
from yarn2k8s.sources.history_server import ExecutorUsage, HistoryApp
from yarn2k8s.sources.live import LiveData
from yarn2k8s.sources.resource_manager import YarnApp

RESERVED_MIB = 300  # Spark's reserved system memory inside the heap
DEFAULT_MEMORY_FRACTION = 0.6
HEAP_STEP_MIB = 128
OVERHEAD_STEP_MIB = 64
DEFAULT_MAX_EXECUTORS = 10  # what the converter caps a missing maxExecutors at (RS006)
DRIFT_KEYS = (
    "spark.driver.memory",
    "spark.executor.memory",
    "spark.executor.cores",
    "spark.executor.memoryOverhead",
    "spark.dynamicAllocation.enabled",
    "spark.dynamicAllocation.maxExecutors",
)
_MEMORY_KEYS = frozenset(k for k in DRIFT_KEYS if "memory" in k.lower())


@dataclass(frozen=True, slots=True)
class RoleSizing:
    """One role (driver or executor) on YARN, as used, and as proposed; memory in MiB."""

    role: str
    heap: int
    yarn_container: int
    pod: int
    peak_heap: int
    peak_execution: int
    peak_storage: int
    used: int  # peak heap + JVM non-heap + Python workers
    proposed_heap: int
    proposed_overhead: int | None  # set only when the non-heap peak needs more than default
    proposed_pod: int
    near_limit: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for report.json."""
        return {
            "heap_mib": self.heap,
            "yarn_container_mib": self.yarn_container,
            "pod_mib": self.pod,
            "peak_heap_mib": self.peak_heap,
            "peak_execution_mib": self.peak_execution,
            "peak_storage_mib": self.peak_storage,
            "used_mib": self.used,
            "proposed_heap_mib": self.proposed_heap,
            "proposed_pod_mib": self.proposed_pod,
            "near_limit": self.near_limit,
        }


def _fraction(conf: dict[str, str]) -> float:
    try:
        value = float(conf.get("spark.memory.fraction", DEFAULT_MEMORY_FRACTION))
    except ValueError:
        return DEFAULT_MEMORY_FRACTION
    return value if 0 < value <= 1 else DEFAULT_MEMORY_FRACTION


def _needed_heap(peaks: list[ExecutorUsage], conf: dict[str, str], headroom: float) -> int:
    heap = max(e.peak_heap_mib for e in peaks)
    unified = max(e.peak_execution_mib for e in peaks) + max(e.peak_storage_mib for e in peaks)
    need = max(heap, RESERVED_MIB + unified / _fraction(conf)) * (1 + headroom)
    return round_up(math.ceil(need), HEAP_STEP_MIB)


def size_role(
    job: MigrationJob, role: Role, peaks: list[ExecutorUsage], config: Config
) -> RoleSizing:
    """Size one role from the peaks of its containers (all runs together)."""
    rs, conf, minimum = config.rightsizing, job.spark_conf, config.cluster.minimum_allocation_mb
    headroom = max(rs.headroom_percent, 0) / 100
    before = plan_memory(role.name, role.memory_mib, role.overhead_mib, conf, job.language, minimum)
    peak_heap = max(e.peak_heap_mib for e in peaks)
    near = peak_heap * 100 >= rs.near_limit_percent * role.memory_mib
    proposed = role.memory_mib if near else _needed_heap(peaks, conf, headroom)
    proposed = min(max(proposed, rs.min_heap_mib), role.memory_mib)
    non_heap = max(e.peak_non_heap_mib + e.peak_python_mib for e in peaks)
    overhead = role.overhead_mib
    after = plan_memory(role.name, proposed, overhead, conf, job.language, minimum)
    wanted = round_up(math.ceil(non_heap * (1 + headroom)), OVERHEAD_STEP_MIB)
    if overhead is None and wanted > after.overhead:
        overhead = wanted  # the pod's non-heap share must hold what the runs used
        after = plan_memory(role.name, proposed, overhead, conf, job.language, minimum)
    return RoleSizing(
        role=role.name,
        heap=role.memory_mib,
        yarn_container=before.yarn_container,
        pod=before.pod_total,
        peak_heap=peak_heap,
        peak_execution=max(e.peak_execution_mib for e in peaks),
        peak_storage=max(e.peak_storage_mib for e in peaks),
        used=max(e.peak_heap_mib for e in peaks) + non_heap,
        proposed_heap=proposed,
        proposed_overhead=overhead if overhead != role.overhead_mib else None,
        proposed_pod=after.pod_total,
        near_limit=near,
    )


def _dynamic(job: MigrationJob) -> bool:
    return job.spark_conf.get("spark.dynamicAllocation.enabled", "").strip().lower() == "true"


def _conf_int(job: MigrationJob, key: str) -> int | None:
    try:
        return int(job.spark_conf[key])
    except (KeyError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class ExecutorCount:
    """Executors requested (instances or maxExecutors), used at most at once, proposed."""

    dynamic: bool
    requested: int
    used: int
    proposed: int

    @property
    def setting(self) -> str:
        """The setting the count lives in."""
        return "maxExecutors" if self.dynamic else "executor instances"


def count_executors(job: MigrationJob, runs: list[HistoryApp]) -> ExecutorCount:
    """How many executors the job may take and how many its runs took at once."""
    dynamic = _dynamic(job)
    executor = job.roles.get("executor")
    if dynamic:
        minimum = _conf_int(job, "spark.dynamicAllocation.minExecutors") or 0
        initial = _conf_int(job, "spark.dynamicAllocation.initialExecutors") or 0
        requested = _conf_int(job, "spark.dynamicAllocation.maxExecutors") or max(
            DEFAULT_MAX_EXECUTORS, minimum, initial
        )
        floor = max(minimum, 1)
    else:
        requested = max(executor.instances, 1) if executor else 1
        floor = 1
    used = max((run.peak_executors for run in runs), default=0)
    proposed = min(requested, max(used, floor)) if used else requested
    return ExecutorCount(dynamic, requested, used, proposed)


@dataclass
class Sizing:
    """A job's right-sizing: roles, executors, and the totals the report shows."""

    runs: list[HistoryApp]
    roles: dict[str, RoleSizing]
    executors: ExecutorCount
    yarn: list[YarnApp]

    def totals(self) -> dict[str, int]:
        """YARN allocation vs used vs proposed for the whole job, in MiB."""
        driver, executor = self.roles.get("driver"), self.roles.get("executor")
        count = self.executors

        def total(attr: str, executors: int) -> int:
            value = getattr(driver, attr) if driver else 0
            return value + (getattr(executor, attr) * executors if executor else 0)

        yarn = total("yarn_container", count.requested)
        proposed = total("proposed_pod", count.proposed)
        return {
            "yarn_mib": yarn,
            "pod_mib": total("pod", count.requested),
            "used_mib": total("used", count.used),
            "proposed_mib": proposed,
            "saving_mib": max(yarn - proposed, 0),
            "saving_percent": round(100 * max(yarn - proposed, 0) / yarn) if yarn else 0,
        }


def _peaks(runs: list[HistoryApp], role: str) -> list[ExecutorUsage]:
    if role == "driver":
        found = [run.driver for run in runs]
        return [e for e in found if e is not None and e.has_metrics]
    return [e for run in runs for e in run.workers if e.has_metrics]


def size_job(job: MigrationJob, runs: list[HistoryApp], config: Config) -> Sizing:
    """Everything right-sizing knows about one job."""
    roles: dict[str, RoleSizing] = {}
    for name in ("driver", "executor"):
        peaks = _peaks(runs, name)
        if name in job.roles and peaks:
            roles[name] = size_role(job, job.roles[name], peaks, config)
    return Sizing(runs, roles, count_executors(job, runs), [])


def record(sizing: Sizing, applied: bool) -> dict[str, Any]:
    """The job's `rightsizing` entry in report.json."""
    count = sizing.executors
    data: dict[str, Any] = {
        "applied": applied,
        "runs": len(sizing.runs),
        "applications": sorted({r.id for r in sizing.runs} | {a.id for a in sizing.yarn}),
        "roles": {name: s.to_dict() for name, s in sorted(sizing.roles.items())},
        "executors": {
            "dynamic": count.dynamic,
            "requested": count.requested,
            "used": count.used,
            "proposed": count.proposed,
        },
    }
    if sizing.roles:
        data |= sizing.totals()
    if sizing.yarn:
        data["yarn_observed"] = _yarn_observed(sizing.yarn)
    return data


def _yarn_observed(apps: list[YarnApp]) -> dict[str, Any]:
    return {
        "runs": len(apps),
        "queues": sorted({a.queue for a in apps if a.queue}),
        "average_mb": max(a.average_mb for a in apps),
        "memory_seconds": sum(a.memory_seconds for a in apps),
        "vcore_seconds": sum(a.vcore_seconds for a in apps),
    }


def _advice(job: MigrationJob, sizing: Sizing) -> list[Finding]:
    runs, loc = len(sizing.runs), job.location
    found = []
    for name, s in sorted(sizing.roles.items()):
        if s.near_limit:
            percent = round(100 * s.peak_heap / s.heap) if s.heap else 0
            found.append(
                make("RP004", loc, role=name, peak=s.peak_heap, percent=percent, heap=s.heap)
            )
        elif s.proposed_pod < s.pod:
            found.append(
                make("RP001", loc, role=name, peak=s.peak_heap, heap=s.heap, runs=runs,
                     proposed=s.proposed_heap, pod=s.proposed_pod, old_pod=s.pod)
            )  # fmt: skip
    count = sizing.executors
    if count.proposed < count.requested:
        found.append(
            make("RP003", loc, used=count.used, runs=runs, setting=count.setting,
                 n=count.requested, proposed=count.proposed)
        )  # fmt: skip
    if sizing.runs and not sizing.roles:
        found.append(make("RP005", loc, runs=runs))
    return found


def _apply(job: MigrationJob, sizing: Sizing) -> list[str]:
    """Change the job so the converter emits the proposed sizes; returns what changed."""
    changes = []
    for name, s in sorted(sizing.roles.items()):
        role = job.roles[name]
        if s.proposed_heap < role.memory_mib:
            changes.append(f"{name} heap {role.memory_mib} -> {s.proposed_heap} MiB")
            role.memory_mib = s.proposed_heap
        if s.proposed_overhead is not None:
            changes.append(f"{name} memoryOverhead {s.proposed_overhead} MiB")
            role.overhead_mib = s.proposed_overhead
    count = sizing.executors
    if count.proposed < count.requested:
        changes.append(f"{count.setting} {count.requested} -> {count.proposed}")
        if count.dynamic:
            job.spark_conf["spark.dynamicAllocation.maxExecutors"] = str(count.proposed)
        elif "executor" in job.roles:
            job.roles["executor"].instances = count.proposed
    return changes


def right_size(job: MigrationJob, live: LiveData, config: Config) -> None:
    """Match a job to its runs; record advice, or apply it under `rightsizing.apply`."""
    runs = matching_runs(job, live, config.rightsizing)
    yarn = matching_yarn_apps(job, live, config.rightsizing, runs)
    if not runs and not yarn:
        return
    job.findings.extend(drift_findings(job, runs, yarn, config))
    if job.kind == "spark":
        sizing = size_job(job, runs, config)
    else:  # only Spark runs have History Server metrics; other kinds get the RM's view
        sizing = Sizing(runs, {}, ExecutorCount(False, 0, 0, 0), [])
    sizing.yarn = yarn
    apply = config.rightsizing.apply is True and job.kind == "spark"
    changes = _apply(job, sizing) if apply else []
    if changes:
        job.findings.append(make("RP002", job.location, runs=len(runs), change="; ".join(changes)))
    elif job.kind == "spark":
        job.findings.extend(_advice(job, sizing))
    job.extra["rightsizing"] = record(sizing, bool(changes))


def _same(key: str, live: str, static: str) -> bool:
    if key in _MEMORY_KEYS:
        try:
            return parse_memory_mib(live) == parse_memory_mib(static)
        except ValueError:
            pass
    return live.strip().lower() == static.strip().lower()


def drift_findings(
    job: MigrationJob, runs: list[HistoryApp], yarn: list[YarnApp], config: Config
) -> list[Finding]:
    """Where the cluster ran the job differently from what the inputs say."""
    found = []
    latest = runs[-1].properties if runs else {}
    for key in DRIFT_KEYS:
        live = latest.get(key)
        static = job.effective_conf.get(key, job.spark_conf.get(key, ""))
        if live is not None and static and not _same(key, live, static):
            found.append(make("RP006", job.location, key=key, live=live, static=static))
    queues = sorted({a.queue for a in yarn if a.queue})
    static_queue = job.queue or config.cluster.default_queue
    if queues and static_queue not in queues and f"root.{static_queue}" not in queues:
        found.append(make("RP007", job.location, live=", ".join(queues), static=static_queue))
    return found


def attach_live(jobs: list[MigrationJob], live: LiveData, config: Config) -> None:
    """Right-size every job the live sources know (the pipeline calls this before converting)."""
    for job in jobs:
        right_size(job, live, config)
