"""What the live sources said about the estate, fetched once per command."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yarn2k8s.sources.history_server import HistoryApp, HistoryServer
from yarn2k8s.sources.http import DEFAULT_TIMEOUT, SourceError
from yarn2k8s.sources.resource_manager import ResourceManager, YarnApp

DEFAULT_LIMIT = 200


@dataclass
class LiveData:
    """Applications from the History Server and the ResourceManager, sorted by id.

    `problems` lists what could not be read (one application's environment, say); the rest
    of the data is still used.
    """

    history: list[HistoryApp] = field(default_factory=list)
    yarn: list[YarnApp] = field(default_factory=list)
    cluster: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()  # "history-server", "resource-manager"
    problems: list[str] = field(default_factory=list)

    def yarn_app(self, app_id: str) -> YarnApp | None:
        """The RM's record of an application (History Server ids are YARN ids on YARN)."""
        return next((a for a in self.yarn if a.id == app_id), None)


def _history(url: str, timeout: float, limit: int, live: LiveData) -> None:
    server = HistoryServer(url, timeout)
    for entry in server.list_applications(limit):
        try:
            live.history.append(server.application(entry))
        except SourceError as err:  # one unreadable run must not hide the others
            live.problems.append(str(err))
    live.history.sort(key=lambda a: (a.id, a.attempt))


def fetch_live(
    history_server: str = "",
    resource_manager: str = "",
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = DEFAULT_LIMIT,
) -> LiveData:
    """Read both sources (either may be empty).

    Raises:
        SourceError: a source given cannot be reached at all.
    """
    live = LiveData()
    sources = []
    if history_server:
        _history(history_server, timeout, limit, live)
        sources.append("history-server")
    if resource_manager:
        rm = ResourceManager(resource_manager, timeout)
        live.yarn = rm.applications(limit)
        try:
            live.cluster = rm.cluster_info()
        except SourceError as err:
            live.problems.append(str(err))
        sources.append("resource-manager")
    live.sources = tuple(sources)
    return live


def app_row(app: HistoryApp | None, yarn: YarnApp | None) -> dict[str, Any]:
    """One line of the live inventory: an application joined across both sources."""
    row: dict[str, Any] = {"id": app.id if app else (yarn.id if yarn else "")}
    if app is not None:
        row |= _history_fields(app)
    if yarn is not None:  # the RM's name, type and queue are the authoritative ones
        row |= {
            "name": yarn.name,
            "type": yarn.app_type,
            "queue": yarn.queue,
            "user": yarn.user,
            "state": yarn.state,
            "final_status": yarn.final_status,
            "tags": list(yarn.tags),
            "allocated_mb": yarn.allocated_mb,
            "allocated_vcores": yarn.allocated_vcores,
            "memory_seconds": yarn.memory_seconds,
            "vcore_seconds": yarn.vcore_seconds,
            "average_mb": yarn.average_mb,
        }
    return row


def _history_fields(app: HistoryApp) -> dict[str, Any]:
    props = app.properties
    workers = app.workers
    return {
        "name": app.name,
        "type": "SPARK",
        "queue": props.get("spark.yarn.queue", ""),
        "user": app.user,
        "attempt": app.attempt,
        "spark_version": app.spark_version,
        "duration_ms": app.duration_ms,
        "executors_used": len(workers),
        "peak_executors": app.peak_executors,
        "peak_heap_mib": max((e.peak_heap_mib for e in workers), default=0),
        "driver_peak_heap_mib": app.driver.peak_heap_mib if app.driver else 0,
        "executor_memory": props.get("spark.executor.memory", ""),
        "dynamic_allocation": props.get("spark.dynamicAllocation.enabled", "false"),
    }


def inventory(live: LiveData) -> list[dict[str, Any]]:
    """Every application either source knows, joined by id, sorted by id."""
    history = {a.id: a for a in live.history}
    yarn = {a.id: a for a in live.yarn}
    return [app_row(history.get(i), yarn.get(i)) for i in sorted(set(history) | set(yarn))]
