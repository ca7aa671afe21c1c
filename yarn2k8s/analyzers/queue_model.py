"""The queue tree both YARN schedulers are read into, and the cluster totals it is cut from.

A queue is a plain dict (it travels in `Workflow.data`): path, parent, children, per-resource
capacity and maximum (`["pct", 50.0]`, `["abs", 20000]` in base units, or `["w", 2.0]`), state,
ACLs, ordering policy and node-label capacities. Base units: CPU in millicores, memory in MiB,
GPUs as counts. Cluster totals come from `cluster.resources` in the config, else from a YARN RM
cluster-metrics file beside the scheduler file, else a stated assumption.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from yarn2k8s.config import Config
from yarn2k8s.model.units import parse_memory_mib
from yarn2k8s.security.limits import safe_json

RESOURCES = ("cpu", "memory", "gpu")
ASSUMED_CLUSTER = {"cpu": 100_000, "memory": 409_600, "gpu": 0}  # 100 cores, 400 GiB
_KEY_ALIASES = {
    "cpu": "cpu", "vcores": "cpu", "vcore": "cpu",
    "memory": "memory", "memory-mb": "memory", "mem": "memory",
    "gpu": "gpu", "gpus": "gpu", "yarn.io/gpu": "gpu", "nvidia.com/gpu": "gpu",
}  # fmt: skip
_QUANTITY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$")
_K8S_MEMORY = {
    "": 1 / 1_048_576,
    "ki": 1 / 1024,
    "mi": 1,
    "gi": 1024,
    "ti": 1024**2,
    "k": 1000 / 1_048_576,
    "m": 1,
    "g": 1024,
    "t": 1024**2,
    "mb": 1,
    "gb": 1024,
}
_METRICS_NAMES = ("cluster-metrics.json", "cluster-metrics.xml", "metrics.json")


def resource_name(raw: str) -> str:
    """Canonical resource name (cpu, memory, gpu) or '' for one we do not map."""
    return _KEY_ALIASES.get(raw.strip().lower(), "")


def base_amount(resource: str, raw: str, memory_unit: str = "mi") -> int | None:
    """An amount in base units: millicores, MiB or GPUs; None if unreadable."""
    match = _QUANTITY.match(str(raw))
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2).lower()
    if resource == "memory":
        factor = _K8S_MEMORY.get(unit or memory_unit)
        return None if factor is None else int(number * factor)
    if resource == "cpu":
        return int(number) if unit == "m" else int(number * 1000)
    return int(number)


def parse_capacity(raw: str) -> dict[str, list[Any]] | None:
    """`50`, `50%`, `2w`, `[memory=100Gi,vcores=20,gpu=1]` -> per-resource capacity."""
    value = raw.strip()
    if value.startswith("[") and value.endswith("]"):
        return _vector(value[1:-1])
    weight = re.fullmatch(r"(\d+(?:\.\d+)?)w", value)
    if weight:
        return {r: ["w", float(weight.group(1))] for r in RESOURCES}
    try:
        pct = float(value.rstrip("%"))
    except ValueError:
        return None
    return {r: ["pct", pct] for r in RESOURCES}


def _vector(body: str) -> dict[str, list[Any]] | None:
    out: dict[str, list[Any]] = {}
    for item in body.split(","):
        key, _, amount = item.partition("=")
        resource = resource_name(key)
        if not resource:
            continue
        if amount.strip().endswith("%"):
            out[resource] = ["pct", float(amount.strip().rstrip("%"))]
            continue
        base = base_amount(resource, amount)
        if base is None:
            return None
        out[resource] = ["abs", base]
    return out or None


def cluster_totals(config: Config, scheduler_file: Path) -> tuple[dict[str, dict[str, int]], str]:
    """Resources per node-label partition ('' = the default one) and where they came from.

    `cluster.resources` keys are `cpu`, `memory`, `nvidia.com/gpu` for the default partition
    and `<label>/cpu`... for a node-label partition.
    """
    if config.cluster.resources:
        totals: dict[str, dict[str, int]] = {"": dict.fromkeys(RESOURCES, 0)}
        for key, raw in sorted(config.cluster.resources.items()):
            label, resource = _split_key(key)
            amount = base_amount(resource, raw) if resource else None
            if amount is not None:
                totals.setdefault(label, dict.fromkeys(RESOURCES, 0))[resource] = amount
        return totals, "`cluster.resources` in the config"
    for name in _METRICS_NAMES:
        found = _metrics(scheduler_file.parent / name)
        if found:
            return {"": found}, f"the RM cluster metrics in `{name}`"
    return {"": dict(ASSUMED_CLUSTER)}, "an assumed cluster"


def _split_key(key: str) -> tuple[str, str]:
    """`cpu` -> ('', 'cpu'); `nvidia.com/gpu` -> ('', 'gpu'); `gpu/memory` -> ('gpu', 'memory')."""
    if resource_name(key):
        return "", resource_name(key)
    label, _, name = key.partition("/")
    return (label, resource_name(name)) if name else ("", "")


def _metrics(path: Path) -> dict[str, int] | None:
    """totalMB / totalVirtualCores / totalGPUs from the RM's /ws/v1/cluster/metrics."""
    try:
        if not path.is_file() or path.stat().st_size > 1_000_000:
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    values: dict[str, Any] = {}
    if path.suffix == ".json":
        try:
            data = safe_json(text)
        except ValueError:
            return None
        values = data.get("clusterMetrics", {}) if isinstance(data, dict) else {}
    else:
        values = dict(re.findall(r"<(total\w+)>\s*(\d+)\s*<", text))
    if "totalMB" not in values:
        return None
    return {
        "memory": int(values.get("totalMB", 0)),
        "cpu": int(values.get("totalVirtualCores", 0)) * 1000,
        "gpu": int(values.get("totalGPUs", 0)),
    }


def memory_mib(raw: str) -> int:
    """A Hadoop memory amount in MB (or with a unit) as MiB; 0 if unreadable."""
    try:
        return parse_memory_mib(raw)
    except ValueError:
        return 0


def new_queue(path: str, parent: str, line: int) -> dict[str, Any]:
    """An empty queue record."""
    return {
        "path": path,
        "parent": parent,
        "children": [],
        "capacity": {},
        "maximum": {},
        "state": "RUNNING",
        "submit_acl": "",
        "admin_acl": "",
        "ordering": "fifo",
        "labels": {},
        "weight": 1.0,
        "max_apps": 0,
        "line": line,
    }


def leaves(queues: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Queues with no children, in tree order."""
    return [q for q in queues if not q["children"]]
