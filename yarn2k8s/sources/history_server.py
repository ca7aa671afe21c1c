"""The Spark History Server REST API (/api/v1): applications, their effective Spark
properties (environment) and per-executor peak memory (allexecutors).

`allexecutors` rather than `executors`: under dynamic allocation the executors that were
released are exactly the ones right-sizing needs to count.
"""

from __future__ import annotations

import datetime
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from yarn2k8s.sources.http import (
    DEFAULT_TIMEOUT,
    SourceError,
    api_url,
    as_int,
    as_str,
    check_base_url,
    get_json,
)

MIB = 1024 * 1024
# Peak metrics the History Server aggregates from executor heartbeats and stage ends.
_HEAP = "JVMHeapMemory"
_NON_HEAP = "JVMOffHeapMemory"
_EXECUTION = ("OnHeapExecutionMemory", "OffHeapExecutionMemory")
_STORAGE = ("OnHeapStorageMemory", "OffHeapStorageMemory")
_PYTHON_RSS = "ProcessTreePythonRSSMemory"


@dataclass(frozen=True, slots=True)
class ExecutorUsage:
    """One executor (or the driver) of one run; memory in MiB, 0 when not recorded."""

    id: str
    cores: int
    peak_heap_mib: int
    peak_non_heap_mib: int
    peak_execution_mib: int
    peak_storage_mib: int
    peak_python_mib: int
    add_time: str
    remove_time: str

    @property
    def is_driver(self) -> bool:
        """The History Server lists the driver as an executor with id `driver` (Spark 1.x:
        `<driver>`)."""
        return self.id in ("driver", "<driver>")

    @property
    def has_metrics(self) -> bool:
        """Whether peak-memory metrics were recorded for it."""
        return self.peak_heap_mib > 0


@dataclass(frozen=True, slots=True)
class HistoryApp:
    """One application run as the History Server knows it."""

    id: str
    attempt: str
    name: str
    user: str
    completed: bool
    duration_ms: int
    spark_version: str
    properties: dict[str, str]
    executors: tuple[ExecutorUsage, ...]

    @property
    def driver(self) -> ExecutorUsage | None:
        """The driver's entry, if listed."""
        return next((e for e in self.executors if e.is_driver), None)

    @property
    def workers(self) -> tuple[ExecutorUsage, ...]:
        """The executors proper (not the driver)."""
        return tuple(e for e in self.executors if not e.is_driver)

    @property
    def peak_executors(self) -> int:
        """The most executors alive at the same time during the run."""
        return max_concurrent([(e.add_time, e.remove_time) for e in self.workers])


def _epoch(stamp: str) -> float | None:
    # "2019-01-18T05:14:04.248GMT": the REST API's own date format.
    try:
        when = datetime.datetime.strptime(stamp.removesuffix("GMT"), "%Y-%m-%dT%H:%M:%S.%f")
    except ValueError:
        return None
    return when.replace(tzinfo=datetime.timezone.utc).timestamp()


def max_concurrent(spans: list[tuple[str, str]]) -> int:
    """The largest number of overlapping [add, remove) spans; no remove time = to the end."""
    events: list[tuple[float, int]] = []
    unknown = 0
    for added, removed in spans:
        start = _epoch(added)
        if start is None:
            unknown += 1  # no timestamps: count it as alive throughout
            continue
        events.append((start, 1))
        end = _epoch(removed) if removed else None
        if end is not None:
            events.append((end, -1))
    alive = peak = 0
    for _, delta in sorted(events):  # at equal times removals (-1) sort first
        alive += delta
        peak = max(peak, alive)
    return peak + unknown


def _mib(metrics: dict[str, Any], *keys: str) -> int:
    return sum(as_int(metrics.get(k)) for k in keys) // MIB


def parse_executor(raw: dict[str, Any]) -> ExecutorUsage:
    """One entry of `/allexecutors`."""
    peaks = raw.get("peakMemoryMetrics") or {}
    return ExecutorUsage(
        id=as_str(raw.get("id")),
        cores=as_int(raw.get("totalCores")),
        peak_heap_mib=_mib(peaks, _HEAP),
        peak_non_heap_mib=_mib(peaks, _NON_HEAP),
        peak_execution_mib=_mib(peaks, *_EXECUTION),
        peak_storage_mib=_mib(peaks, *_STORAGE),
        peak_python_mib=_mib(peaks, _PYTHON_RSS),
        add_time=as_str(raw.get("addTime")),
        remove_time=as_str(raw.get("removeTime")),
    )


def parse_executors(data: Any) -> tuple[ExecutorUsage, ...]:
    """The `/allexecutors` list."""
    if not isinstance(data, list):
        return ()
    return tuple(parse_executor(e) for e in data if isinstance(e, dict))


def parse_properties(environment: dict[str, Any]) -> dict[str, str]:
    """`sparkProperties` of `/environment`: a list of [key, value] pairs."""
    pairs = environment.get("sparkProperties") or []
    return {
        as_str(p[0]): as_str(p[1]) for p in pairs if isinstance(p, list | tuple) and len(p) == 2
    }


def last_attempt(app: dict[str, Any]) -> dict[str, Any]:
    """The latest attempt of an application entry (YARN cluster mode retries the driver).

    The History Server lists attempts newest first.
    """
    attempts = [a for a in app.get("attempts") or [] if isinstance(a, dict)]
    return attempts[0] if attempts else {}


@dataclass
class HistoryServer:
    """A client for one History Server."""

    base_url: str
    timeout: float = DEFAULT_TIMEOUT
    fetch: Callable[[str, float], Any] = get_json

    def __post_init__(self) -> None:
        self.base_url = check_base_url(self.base_url, "--history-server")

    def _get(self, path: str, query: dict[str, str] | None = None) -> Any:
        return self.fetch(api_url(self.base_url, "api/v1", path, query), self.timeout)

    def list_applications(self, limit: int) -> list[dict[str, Any]]:
        """Completed applications, newest first, at most `limit`."""
        data = self._get("applications", {"status": "completed", "limit": str(limit)})
        return [a for a in data if isinstance(a, dict)] if isinstance(data, list) else []

    def application(self, entry: dict[str, Any]) -> HistoryApp:
        """Environment and executors of one application entry."""
        app_id = as_str(entry.get("id"))
        attempt = last_attempt(entry)
        attempt_id = as_str(attempt.get("attemptId"))
        base = urllib.parse.quote(app_id, safe="")
        if attempt_id:
            base += "/" + urllib.parse.quote(attempt_id, safe="")
        executors = self._get(f"applications/{base}/allexecutors")
        try:
            environment = self._get(f"applications/{base}/environment")
        except SourceError as err:
            if err.status != 404:
                raise
            environment = {}  # older servers and some proxies lack it: peaks still count
        return HistoryApp(
            id=app_id,
            attempt=attempt_id,
            name=as_str(entry.get("name")),
            user=as_str(attempt.get("sparkUser")),
            completed=bool(attempt.get("completed")),
            duration_ms=as_int(attempt.get("duration")),
            spark_version=as_str(attempt.get("appSparkVersion")),
            properties=parse_properties(environment if isinstance(environment, dict) else {}),
            executors=parse_executors(executors),
        )

    def applications(self, limit: int = 200) -> list[HistoryApp]:
        """Every completed application with its properties and executors, sorted by id."""
        apps = [self.application(entry) for entry in self.list_applications(limit)]
        return sorted(apps, key=lambda a: (a.id, a.attempt))
