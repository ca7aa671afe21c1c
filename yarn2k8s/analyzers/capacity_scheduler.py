"""capacity-scheduler.xml -> a queue tree (Workflow kind `queues`).

The tree is walked from `root` through `<path>.queues`; each queue keeps its capacity and
maximum per resource, state, ACLs, ordering policy and node-label capacities. Settings with no
equivalent on the chosen target (user-limit-factor, AM limits...) become findings at their line.
A template (Jinja `{{ }}`, FreeMarker `<#list>`) cannot be read before it is filled: explained.
"""

from __future__ import annotations

from typing import Any

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.hadoop_xml import HadoopConf, looks_like_configuration, read_conf
from yarn2k8s.analyzers.queue_model import cluster_totals, new_queue, parse_capacity
from yarn2k8s.config import queue_target
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, Workflow

PREFIX = "yarn.scheduler.capacity."
MAX_QUEUES = 2_000
# Per-queue settings neither Kueue nor YuniKorn can express (mapping.md section 2.2).
_NO_EQUIVALENT = ("user-limit-factor", "minimum-user-limit-percent", "maximum-am-resource-percent",
                  "max-parallel-apps", "maximum-allocation-mb", "maximum-allocation-vcores",
                  "default-application-priority", "user-settings")  # fmt: skip
_READ = frozenset({"queues", "capacity", "maximum-capacity", "state", "acl_submit_applications",
                   "acl_administer_queue", "ordering-policy", "accessible-node-labels",
                   "maximum-applications"})  # fmt: skip


def is_capacity_scheduler(source: InputFile) -> bool:
    """By name, or a configuration whose keys are capacity-scheduler keys."""
    if source.name.startswith("capacity-scheduler"):
        return True
    if not looks_like_configuration(source.text) or PREFIX not in source.text:
        return False
    conf = read_conf(source.text)
    return f"{PREFIX}root.queues" in conf.values


class CapacitySchedulerAnalyzer:
    """Reads a Capacity Scheduler configuration into a queue tree."""

    name = "capacity-scheduler"

    def detect(self, source: InputFile) -> bool:
        """capacity-scheduler.xml (also templates of it)."""
        return is_capacity_scheduler(source)

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One `queues` unit for the whole tree."""
        conf = read_conf(source.text)
        if conf.error:
            return AnalysisResult(
                findings=[make("YK009", source.at(conf.error_line), detail=conf.error)]
            )
        if conf.templated:
            line = next((conf.line(k) for k in conf.values if "{" in k + conf.values[k]), 0)
            return AnalysisResult(findings=[make("QU005", source.at(line))])
        queues, findings = _tree(source, conf)
        if not queues:
            findings.append(make("QU009", source.at()))
            return AnalysisResult(findings=findings)
        findings += _settings_findings(source, conf, queue_target(ctx.config))
        totals, origin = cluster_totals(ctx.config, source.path)
        data = {"scheduler": "capacity", "queues": queues, "cluster": totals, "origin": origin}
        unit = Workflow("queues", "", source.at(), data=data)
        unit.findings = findings
        return AnalysisResult(workflows=[unit], outcome="converted")


def _tree(source: InputFile, conf: HadoopConf) -> tuple[list[dict[str, Any]], list[Finding]]:
    """Queues in depth-first order from root."""
    queues: list[dict[str, Any]] = []
    findings: list[Finding] = []
    stack = [("root", "")]
    while stack and len(queues) < MAX_QUEUES:
        path, parent = stack.pop()
        queue = _queue(conf, path, parent)
        queues.append(queue)
        children = [c.strip() for c in conf.get(f"{PREFIX}{path}.queues").split(",") if c.strip()]
        queue["children"] = [f"{path}.{c}" for c in children]
        stack += [(f"{path}.{c}", path) for c in reversed(children)]
        if path != "root" and not queue["capacity"]:
            findings.append(make("QU021", source.at(queue["line"]), queue=path))
    if len(queues) == 1 and not queues[0]["children"]:
        return [], findings  # no tree: nothing but (maybe) global settings
    return queues, findings


def _queue(conf: HadoopConf, path: str, parent: str) -> dict[str, Any]:
    key = f"{PREFIX}{path}."
    queue = new_queue(path, parent, conf.line(f"{key}capacity") or conf.line(f"{key}queues"))
    queue["capacity"] = parse_capacity(conf.get(f"{key}capacity")) or {}
    queue["maximum"] = parse_capacity(conf.get(f"{key}maximum-capacity")) or {}
    if path == "root":
        queue["capacity"] = {r: ["pct", 100.0] for r in ("cpu", "memory", "gpu")}
    queue["state"] = conf.get(f"{key}state", "RUNNING").upper()
    queue["submit_acl"] = conf.values.get(
        f"{key}acl_submit_applications", "*" if path == "root" else ""
    )
    queue["admin_acl"] = conf.values.get(
        f"{key}acl_administer_queue", "*" if path == "root" else ""
    )
    policy = conf.get(f"{key}ordering-policy", "fifo").lower()
    queue["ordering"] = "fair" if "fair" in policy else "fifo"
    apps = conf.get(f"{key}maximum-applications")
    queue["max_apps"] = int(apps) if apps.isdigit() else 0
    labels = [x.strip() for x in conf.get(f"{key}accessible-node-labels").split(",") if x.strip()]
    for label in labels:
        if label in ("*", " "):
            continue
        capacity = parse_capacity(conf.get(f"{key}accessible-node-labels.{label}.capacity", "0"))
        maximum = parse_capacity(conf.get(f"{key}accessible-node-labels.{label}.maximum-capacity"))
        queue["labels"][label] = {"capacity": capacity or {}, "maximum": maximum or {}}
    return queue


def _settings_findings(source: InputFile, conf: HadoopConf, target: str) -> list[Finding]:
    """A finding per setting the target cannot express, and one for all other tuning."""
    findings: list[Finding] = []
    tuning: list[str] = []
    for key in conf.values:
        if not key.startswith(PREFIX):
            continue
        rest = key[len(PREFIX) :]
        setting = rest.rsplit(".", 1)[-1]
        at = source.at(conf.line(key))
        if setting in _NO_EQUIVALENT:
            findings.append(make("QU003", at, key=key, value=conf.get(key), target=target))
        elif rest == "queue-mappings":
            findings.append(make("QU008", at, value=conf.get(key)))
        elif rest.endswith(".state") and conf.get(key).upper() == "STOPPED":
            findings.append(make("QU007", at, queue=rest[: -len(".state")]))
        elif not (rest.startswith("root") and (setting in _READ or setting == "state")):
            tuning.append(rest)
    if tuning:
        findings.append(make("QU020", source.at(), keys=", ".join(sorted(tuning))))
    return findings
