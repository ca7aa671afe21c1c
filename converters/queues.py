"""A `queues` unit (capacity-scheduler.xml or a Fair Scheduler allocation file) -> queues/.

Kueue (default) or YuniKorn by `queue_target` (else by `scheduler`). Either way, the
namespaces the config maps queues to are created, and YARN's submit/administer ACLs become
RoleBindings there. LocalQueue names come from `model.names.queue_name`, as jobs' queue labels
do; a leaf whose short name is unique also gets a LocalQueue under that name, because YARN
jobs may name a leaf queue by its short name.
"""

from __future__ import annotations

from typing import Any

from yarn2k8s.config import Config, queue_target
from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.kubernetes import kustomization
from yarn2k8s.converters.queue_math import RESOURCES, Quota, effective_totals, quotas
from yarn2k8s.converters.queue_rbac import acl_objects, namespace_object
from yarn2k8s.converters.queues_kueue import (
    cluster_queue,
    cohort,
    cohort_groups,
    local_queue,
    resource_flavor,
    resource_groups,
)
from yarn2k8s.converters.queues_yunikorn import yunikorn_configmap
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, Workflow
from yarn2k8s.model.names import queue_name
from yarn2k8s.rendering import dump_yaml, dump_yaml_documents

BASE = "queues"


def queue_keys(path: str) -> list[str]:
    """How jobs and the config may name a queue: full path, without root., short name."""
    short = path.removeprefix("root.")
    return list(dict.fromkeys([path, short, path.rsplit(".", 1)[-1]]))


def local_queue_target(queue: dict[str, Any], config: Config) -> tuple[str, str, bool]:
    """(LocalQueue name, namespace, whether the config mapped it) for a leaf queue."""
    path = queue["path"]
    name, namespace = queue_name(path), ""
    candidates = queue_keys(path)
    parent = queue["parent"]
    while parent and parent != "root":
        candidates += queue_keys(parent)[:2]
        parent = parent.rsplit(".", 1)[0]
    for key in candidates:
        target = config.queues.get(key)
        if target and target.local_queue and key in queue_keys(path):
            name = target.local_queue
        if target and target.namespace and not namespace:
            namespace = target.namespace
    return name, namespace or config.namespace, bool(namespace)


def convert_queues(unit: Workflow, ctx: ConversionContext) -> Artifacts:
    """Every object of the queue tree, in one folder."""
    config, out, data = ctx.config, Artifacts(), unit.data
    queues: list[dict[str, Any]] = data["queues"]
    cluster = effective_totals(queues, dict(data["cluster"].get("", {})))
    covered = _covered(data["cluster"], queues)
    result = quotas(queues, cluster)
    out.findings += _tree_findings(unit, queues, result, cluster)
    target = queue_target(config)
    out.findings += _app_limits(unit, queues, target)
    leaves = [q for q in queues if not q["children"] and q["path"] != "root"]
    placements = {q["path"]: local_queue_target(q, config) for q in leaves}
    objects: dict[str, list[dict[str, Any]]] = {}
    if target == "yunikorn":
        objects["yunikorn-configs.yaml"] = [yunikorn_configmap(queues, result, covered, cluster)]
        what = "YuniKorn queues in ConfigMap `yunikorn/yunikorn-configs`"
    else:
        objects.update(_kueue(unit, queues, result, covered, placements, config, out))
        what = f"Kueue {config.kueue_version} ClusterQueues with LocalQueues"
    namespaces = sorted({ns for _, ns, _ in placements.values()})
    objects["namespaces.yaml"] = [namespace_object(ns) for ns in namespaces if ns != "default"]
    rbac, rbac_findings = acl_objects(queues, placements, unit.location)
    objects["rbac.yaml"] = rbac
    out.findings += rbac_findings
    out.findings.append(make("QU001", unit.location, leaves=len(leaves), what=what))
    files = {name: docs for name, docs in objects.items() if docs}
    for name, docs in sorted(files.items()):
        out.add(f"{BASE}/{unit.name}/{name}", dump_yaml_documents(docs))
    out.add(f"{BASE}/{unit.name}/kustomization.yaml", dump_yaml(kustomization(sorted(files))))
    return out


def _covered(cluster: dict[str, dict[str, int]], queues: list[dict[str, Any]]) -> list[str]:
    """CPU and memory always; GPUs when any partition has some or a queue is given some."""
    specs = [q["capacity"].get("gpu") for q in queues] + [q["maximum"].get("gpu") for q in queues]
    absolute = any(s and s[0] == "abs" and s[1] > 0 for s in specs)
    gpus = absolute or any(t.get("gpu", 0) > 0 for t in cluster.values())
    return [r for r in RESOURCES if r != "gpu" or gpus]


def _kueue(
    unit: Workflow,
    queues: list[dict[str, Any]],
    result: dict[str, Quota],
    covered: list[str],
    placements: dict[str, tuple[str, str, bool]],
    config: Config,
    out: Artifacts,
) -> dict[str, list[dict[str, Any]]]:
    version, cluster = config.kueue_version, effective_totals(queues, unit.data["cluster"][""])
    partitions = _partitions(unit, queues, out)
    cohorts, cqs, lqs = [], [], []
    for queue in queues:
        path = queue["path"]
        if queue["children"]:
            cohorts.append(cohort(version, queue, cohort_groups(covered, result[path], cluster)))
            continue
        name, namespace, mapped = placements[path]
        flavors = {"": (result[path], cluster)}
        for label, (label_quotas, totals) in partitions.items():
            if any(label_quotas[path].nominal.values()):
                flavors[label] = (label_quotas[path], totals)
        cqs.append(cluster_queue(version, queue, resource_groups(covered, flavors), [namespace]))
        lqs.append(local_queue(version, name, namespace, queue_name(path), path))
        if not mapped:
            out.findings.append(make("QU023", unit.location, queue=path, namespace=namespace))
    lqs += _aliases(version, queues, placements)
    labels = sorted({lab for q in queues for lab in q.get("labels", {})})
    flavor_objects = [resource_flavor(version, "", {})] + [
        resource_flavor(version, label, _node_labels(config, label)) for label in labels
    ]
    return {
        "resource-flavors.yaml": flavor_objects,
        "cohorts.yaml": cohorts,
        "cluster-queues.yaml": cqs,
        "local-queues.yaml": lqs,
    }


def _node_labels(config: Config, label: str) -> dict[str, str]:
    return config.node_labels.get(label, {"yarn2k8s.io/node-label": label})


def _partitions(
    unit: Workflow, queues: list[dict[str, Any]], out: Artifacts
) -> dict[str, tuple[dict[str, Quota], dict[str, int]]]:
    """Quotas per node-label partition whose size the config gives (a finding otherwise).

    A partition's tree is the same tree cut by `accessible-node-labels.<label>.capacity`.
    """
    found: dict[str, tuple[dict[str, Quota], dict[str, int]]] = {}
    for label in sorted({lab for q in queues for lab in q.get("labels", {})}):
        totals = unit.data["cluster"].get(label)
        if not totals:
            out.findings.append(make("QU024", unit.location, label=label))
            continue
        derived = [_label_view(q, label) for q in queues]
        found[label] = (quotas(derived, totals), totals)
    return found


def _label_view(queue: dict[str, Any], label: str) -> dict[str, Any]:
    """The queue as seen in one partition: its label capacity and maximum (none: 0%)."""
    spec = queue.get("labels", {}).get(label, {})
    none = {r: ["pct", 0.0] for r in RESOURCES}
    capacity = spec.get("capacity") or (none if queue["parent"] else {})
    return {**queue, "capacity": capacity, "maximum": spec.get("maximum") or {}}


def _aliases(
    version: str, queues: list[dict[str, Any]], placements: dict[str, tuple[str, str, bool]]
) -> list[dict[str, Any]]:
    """LocalQueues under a leaf's short name, for jobs that named the leaf alone."""
    leaves = [q["path"] for q in queues if not q["children"] and q["path"] != "root"]
    shorts = [p.rsplit(".", 1)[-1] for p in leaves]
    out = []
    for path, short in zip(leaves, shorts, strict=True):
        name, namespace, _ = placements[path]
        alias = queue_name(short)
        if shorts.count(short) == 1 and alias != name:
            out.append(local_queue(version, alias, namespace, queue_name(path), path))
    return out


def _tree_findings(
    unit: Workflow, queues: list[dict[str, Any]], result: dict[str, Quota], cluster: dict[str, int]
) -> list[Finding]:
    loc = unit.location
    origin = str(unit.data.get("origin", ""))
    code = "QU002" if origin.startswith("an assumed") else "QU028"
    cpu = f"{cluster.get('cpu', 0) / 1000:g}"
    memory, gpu = cluster.get("memory", 0), cluster.get("gpu", 0)
    findings = [make(code, loc, origin=origin, cpu=cpu, memory=memory, gpu=gpu)]
    for queue in queues:
        percent = result[queue["path"]].child_percent.get("cpu")
        pct_children = [c for c in queue["children"] if _mode(queues, c) == "pct"]
        if pct_children and percent is not None and percent != 100:
            findings.append(make("QU006", loc, parent=queue["path"], total=f"{float(percent):g}"))
    return findings


def _app_limits(unit: Workflow, queues: list[dict[str, Any]], target: str) -> list[Finding]:
    """Application limits and ordering: YuniKorn keeps both, Kueue neither."""
    fair = unit.data.get("scheduler") == "fair"
    findings = []
    for queue in queues:
        path, loc = queue["path"], unit.location
        if queue.get("max_apps") and target == "yunikorn":
            findings.append(make("QU026", loc, queue=path, n=queue["max_apps"]))
        elif queue.get("max_apps"):
            key = f"{path}.{'maxRunningApps' if fair else 'maximum-applications'}"
            findings.append(make("QU003", loc, key=key, value=queue["max_apps"], target=target))
        if not fair and queue.get("ordering") == "fair" and target == "kueue":
            key = f"{path}.ordering-policy"
            findings.append(make("QU003", loc, key=key, value="fair", target=target))
    return findings


def _mode(queues: list[dict[str, Any]], path: str) -> str:
    queue = next(q for q in queues if q["path"] == path)
    spec = queue["capacity"].get("cpu")
    return str(spec[0]) if spec else ""
