"""The YARN ResourceManager REST API (/ws/v1/cluster): applications with their queue, type,
tags and the resources YARN allocated to them (allocatedMB, memorySeconds, vcoreSeconds)."""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class YarnApp:
    """One application as the ResourceManager reports it."""

    id: str
    name: str
    user: str
    queue: str
    app_type: str
    tags: tuple[str, ...]
    state: str
    final_status: str
    allocated_mb: int
    allocated_vcores: int
    running_containers: int
    memory_seconds: int
    vcore_seconds: int
    elapsed_ms: int

    @property
    def average_mb(self) -> int:
        """Memory held on average over the run (MB-seconds / seconds)."""
        seconds = self.elapsed_ms / 1000
        return int(self.memory_seconds / seconds) if seconds > 0 else 0


def parse_app(raw: dict[str, Any]) -> YarnApp:
    """One `app` object (numbers may come as strings, as some proxies send them)."""
    tags = as_str(raw.get("applicationTags"))
    return YarnApp(
        id=as_str(raw.get("id")),
        name=as_str(raw.get("name")),
        user=as_str(raw.get("user")),
        queue=as_str(raw.get("queue")),
        app_type=as_str(raw.get("applicationType")),
        tags=tuple(sorted(t.strip() for t in tags.split(",") if t.strip())),
        state=as_str(raw.get("state")),
        final_status=as_str(raw.get("finalStatus")),
        allocated_mb=as_int(raw.get("allocatedMB")),
        allocated_vcores=as_int(raw.get("allocatedVCores")),
        running_containers=as_int(raw.get("runningContainers")),
        memory_seconds=as_int(raw.get("memorySeconds")),
        vcore_seconds=as_int(raw.get("vcoreSeconds")),
        elapsed_ms=as_int(raw.get("elapsedTime")),
    )


def parse_apps(data: Any) -> list[YarnApp]:
    """`{"apps": {"app": [...]}}` (an empty list comes back as `{"apps": null}`)."""
    apps = (data or {}).get("apps") if isinstance(data, dict) else None
    items = apps.get("app") if isinstance(apps, dict) else None
    if not isinstance(items, list):
        return []
    return sorted((parse_app(a) for a in items if isinstance(a, dict)), key=lambda a: a.id)


@dataclass
class ResourceManager:
    """A client for one ResourceManager."""

    base_url: str
    timeout: float = DEFAULT_TIMEOUT
    fetch: Callable[[str, float], Any] = get_json

    def __post_init__(self) -> None:
        self.base_url = check_base_url(self.base_url, "--resource-manager")

    def _get(self, path: str, query: dict[str, str] | None = None) -> Any:
        return self.fetch(api_url(self.base_url, "ws/v1/cluster", path, query), self.timeout)

    def applications(self, limit: int = 200, states: str = "") -> list[YarnApp]:
        """Applications, optionally only in some states (e.g. "FINISHED,RUNNING")."""
        query = {"limit": str(limit)}
        if states:
            query["states"] = states
        return parse_apps(self._get("apps", query))

    def application(self, app_id: str) -> YarnApp | None:
        """One application by id, or None if the RM does not know it."""
        try:
            data = self._get(f"apps/{urllib.parse.quote(app_id, safe='')}")
        except SourceError as err:
            if err.status == 404:
                return None
            raise
        app = data.get("app") if isinstance(data, dict) else None
        return parse_app(app) if isinstance(app, dict) else None

    def cluster_info(self) -> dict[str, str]:
        """Version facts of the cluster (`/info`)."""
        data = self._get("info")
        info = data.get("clusterInfo") if isinstance(data, dict) else None
        if not isinstance(info, dict):
            return {}
        keys = ("hadoopVersion", "resourceManagerVersion", "haState", "state")
        return {k: as_str(info.get(k)) for k in keys if info.get(k) is not None}
