"""A queue tree -> Kueue objects (v1beta1 by default, v1beta2 by config).

ResourceFlavors: `default-flavor` and one per node label. Parent queues become Cohorts (their
`maximum-capacity` a borrowing limit on the Cohort), leaf queues ClusterQueues with
`nominalQuota` from the tree's absolute capacities and `borrowingLimit` = maximum - nominal,
and each leaf a LocalQueue in the namespace the config maps it to. v1beta2 names the cohort
`cohortName` where v1beta1 says `cohort`.
"""

from __future__ import annotations

from typing import Any

from yarn2k8s.converters.queue_math import Quota
from yarn2k8s.model.names import dns_name, queue_name

GROUP = "kueue.x-k8s.io"
DEFAULT_FLAVOR = "default-flavor"
RESOURCE_NAMES = {"cpu": "cpu", "memory": "memory", "gpu": "nvidia.com/gpu"}
MANAGED = {"app.kubernetes.io/managed-by": "yarn2k8s"}


def quantity(resource: str, amount: int) -> str:
    """Base units as a Kubernetes quantity: millicores, Mi, whole GPUs."""
    if resource == "cpu":
        return str(amount // 1000) if amount % 1000 == 0 else f"{amount}m"
    if resource == "memory":
        if amount == 0:
            return "0"
        return f"{amount // 1024}Gi" if amount % 1024 == 0 else f"{amount}Mi"
    return str(amount)


def cohort_name(path: str) -> str:
    """The Cohort of a parent queue (`root` stays `root`)."""
    return "root" if path == "root" else queue_name(path)


def flavor_name(label: str) -> str:
    """The ResourceFlavor of a node-label partition ('' = the default partition)."""
    return DEFAULT_FLAVOR if not label else dns_name(f"label-{label}", max_len=63)


def resource_flavor(version: str, label: str, node_labels: dict[str, str]) -> dict[str, Any]:
    """A ResourceFlavor; a node-label partition's nodes are selected by their labels."""
    spec: dict[str, Any] = {"nodeLabels": dict(node_labels)} if node_labels else {}
    return {
        "apiVersion": f"{GROUP}/{version}",
        "kind": "ResourceFlavor",
        "metadata": {"name": flavor_name(label), "labels": dict(MANAGED)},
        "spec": spec,
    }


def _resources(
    covered: list[str], quota: Quota, cluster: dict[str, int], borrow: bool
) -> list[dict[str, Any]]:
    out = []
    for resource in covered:
        nominal = quota.nominal.get(resource, 0)
        entry = {"name": RESOURCE_NAMES[resource], "nominalQuota": quantity(resource, nominal)}
        maximum = quota.maximum.get(resource, cluster.get(resource, 0))
        if borrow and maximum < cluster.get(resource, 0):
            entry["borrowingLimit"] = quantity(resource, max(maximum - nominal, 0))
        out.append(entry)
    return out


def resource_groups(
    covered: list[str], flavors: dict[str, tuple[Quota, dict[str, int]]], borrow: bool = True
) -> list[dict[str, Any]]:
    """One resource group covering `covered`, one entry per flavor (partition)."""
    return [
        {
            "coveredResources": [RESOURCE_NAMES[r] for r in covered],
            "flavors": [
                {
                    "name": flavor_name(label),
                    "resources": _resources(covered, quota, cluster, borrow),
                }
                for label, (quota, cluster) in sorted(flavors.items())
            ],
        }
    ]


def cluster_queue(
    version: str, queue: dict[str, Any], groups: list[dict[str, Any]], namespaces: list[str]
) -> dict[str, Any]:
    """The ClusterQueue of a leaf queue."""
    cohort_key = "cohortName" if version == "v1beta2" else "cohort"
    spec: dict[str, Any] = {
        cohort_key: cohort_name(queue["parent"]),
        # YARN queues are FIFO but let smaller apps start when the head does not fit.
        "queueingStrategy": "BestEffortFIFO",
        "namespaceSelector": {
            "matchExpressions": [
                {
                    "key": "kubernetes.io/metadata.name",
                    "operator": "In",
                    "values": sorted(set(namespaces)),
                }
            ]
        },
        "resourceGroups": groups,
    }
    if queue.get("state") == "STOPPED":
        spec["stopPolicy"] = "Hold"
    if queue.get("fair_weight"):  # Fair Scheduler weights: Kueue's fair sharing weight
        spec["fairSharing"] = {"weight": _weight(queue.get("weight", 1.0))}
    annotations = {"yarn2k8s.io/yarn-queue": queue["path"]}
    return {
        "apiVersion": f"{GROUP}/{version}",
        "kind": "ClusterQueue",
        "metadata": {
            "name": queue_name(queue["path"]),
            "labels": dict(MANAGED),
            "annotations": annotations,
        },
        "spec": spec,
    }


def _weight(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def cohort(version: str, queue: dict[str, Any], groups: list[dict[str, Any]]) -> dict[str, Any]:
    """The Cohort of a parent queue, under its parent's Cohort."""
    spec: dict[str, Any] = {}
    if queue["parent"]:
        spec["parentName"] = cohort_name(queue["parent"])
    if groups:
        spec["resourceGroups"] = groups
    return {
        "apiVersion": f"{GROUP}/{version}",
        "kind": "Cohort",
        "metadata": {
            "name": cohort_name(queue["path"]),
            "labels": dict(MANAGED),
            "annotations": {"yarn2k8s.io/yarn-queue": queue["path"]},
        },
        "spec": spec,
    }


def local_queue(
    version: str, name: str, namespace: str, cluster_queue_name: str, path: str
) -> dict[str, Any]:
    """A LocalQueue pointing at a leaf's ClusterQueue."""
    return {
        "apiVersion": f"{GROUP}/{version}",
        "kind": "LocalQueue",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "labels": dict(MANAGED),
            "annotations": {"yarn2k8s.io/yarn-queue": path},
        },
        "spec": {"clusterQueue": cluster_queue_name},
    }


def cohort_groups(
    covered: list[str], quota: Quota, cluster: dict[str, int]
) -> list[dict[str, Any]]:
    """A bounded parent's limit: the subtree may borrow at most maximum - guarantee from
    outside it (its own guarantee is the sum of its ClusterQueues' quotas)."""
    limits = {
        r: quota.maximum.get(r, cluster.get(r, 0)) - quota.nominal.get(r, 0)
        for r in covered
        if quota.maximum.get(r, cluster.get(r, 0)) < cluster.get(r, 0)
    }
    if not limits:
        return []
    resources = []
    for resource in covered:
        entry = {"name": RESOURCE_NAMES[resource], "nominalQuota": quantity(resource, 0)}
        if resource in limits:
            entry["borrowingLimit"] = quantity(resource, max(limits[resource], 0))
        resources.append(entry)
    return [
        {
            "coveredResources": [RESOURCE_NAMES[r] for r in covered],
            "flavors": [{"name": DEFAULT_FLAVOR, "resources": resources}],
        }
    ]
