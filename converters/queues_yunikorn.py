"""A queue tree -> YuniKorn's `queues.yaml`, in the `yunikorn-configs` ConfigMap.

YuniKorn queues nest like YARN's: each queue keeps its name, its guaranteed resources (the
absolute capacity), its maximum where something bounds it, its ACLs, `maxapplications` and
sort policy. Jobs name their queue with the `yunikorn.apache.org/queue` label (`root.<path>`),
read by the `provided` placement rule.
"""

from __future__ import annotations

from typing import Any

from yarn2k8s.converters.queue_math import Quota
from yarn2k8s.converters.queues_kueue import quantity
from yarn2k8s.rendering import dump_yaml

NAMESPACE = "yunikorn"
_NAMES = {"cpu": "vcore", "memory": "memory", "gpu": "nvidia.com/gpu"}


def _amounts(values: dict[str, int], covered: list[str]) -> dict[str, str]:
    return {_NAMES[r]: quantity(r, values.get(r, 0)) for r in covered}


def _queue(
    queue: dict[str, Any],
    by_path: dict[str, dict[str, Any]],
    result: dict[str, Quota],
    covered: list[str],
    cluster: dict[str, int],
) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": queue["path"].rsplit(".", 1)[-1]}
    if queue["submit_acl"].strip():
        entry["submitacl"] = queue["submit_acl"]
    if queue["admin_acl"].strip():
        entry["adminacl"] = queue["admin_acl"]
    if queue["path"] != "root":
        quota = result[queue["path"]]
        resources: dict[str, Any] = {"guaranteed": _amounts(quota.nominal, covered)}
        bounded = [r for r in covered if quota.maximum.get(r, 0) < cluster.get(r, 0)]
        if bounded:
            resources["max"] = _amounts(quota.maximum, bounded)
        entry["resources"] = resources
    if queue.get("max_apps"):
        entry["maxapplications"] = int(queue["max_apps"])
    entry["properties"] = {"application.sort.policy": queue.get("ordering", "fifo")}
    children = [by_path[c] for c in queue["children"] if c in by_path]
    if children:
        entry["queues"] = [_queue(c, by_path, result, covered, cluster) for c in children]
        entry["parent"] = True
    return entry


def yunikorn_configmap(
    queues: list[dict[str, Any]],
    result: dict[str, Quota],
    covered: list[str],
    cluster: dict[str, int],
) -> dict[str, Any]:
    """The ConfigMap YuniKorn reads its partitions and queues from."""
    by_path = {q["path"]: q for q in queues}
    root = _queue(queues[0], by_path, result, covered, cluster)
    config = {
        "partitions": [
            {
                "name": "default",
                "placementrules": [{"name": "provided", "create": False}],
                "queues": [root],
            }
        ]
    }
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": "yunikorn-configs",
            "namespace": NAMESPACE,
            "labels": {"app.kubernetes.io/managed-by": "yarn2k8s"},
        },
        "data": {"queues.yaml": dump_yaml(config)},
    }
