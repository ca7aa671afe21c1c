"""Fair Scheduler allocation files (`<allocations>`) -> the same queue tree as the Capacity
Scheduler's, and Fair Scheduler settings files (`yarn.scheduler.fair.*`) -> a note.

A queue's guaranteed share is its `minResources` when set, else its steady fair share (its
weight over its siblings' weights); `maxResources` is its maximum; `weight` also becomes the
Kueue fair-sharing weight; `maxRunningApps` becomes YuniKorn's `maxapplications`.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.hadoop_xml import looks_like_configuration, read_conf
from yarn2k8s.analyzers.queue_model import (
    RESOURCES,
    base_amount,
    cluster_totals,
    new_queue,
    resource_name,
)
from yarn2k8s.config import queue_target
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, Workflow
from yarn2k8s.security.xml import UnsafeXmlError, XmlSyntaxError, local_name, parse_xml

_PAIR = re.compile(r"(\d+(?:\.\d+)?)\s*(mb|gb|vcores?|%)", re.IGNORECASE)
_NO_EQUIVALENT = ("maxAMShare", "maxChildResources", "fairSharePreemptionTimeout",
                  "minSharePreemptionTimeout", "fairSharePreemptionThreshold",
                  "allowPreemptionFrom")  # fmt: skip
MAX_QUEUES = 2_000


def parse_fair_resources(raw: str) -> dict[str, list[Any]]:
    """`10000 mb, 10 vcores`, `vcores=10, memory-mb=10000`, `50%` -> per-resource amounts."""
    value = raw.strip()
    if "=" in value:
        out: dict[str, list[Any]] = {}
        for item in value.split(","):
            key, _, amount = item.partition("=")
            resource = resource_name(key)
            base = base_amount(resource, amount) if resource else None
            if base is not None:
                out[resource] = ["abs", base]
        return out
    if re.fullmatch(r"\d+(?:\.\d+)?%", value):
        return {r: ["pct", float(value[:-1])] for r in RESOURCES}
    amounts: dict[str, list[Any]] = {}
    for number, raw_unit in _PAIR.findall(value):
        unit = raw_unit.lower()
        if unit == "%":
            continue
        resource = "memory" if unit in ("mb", "gb") else "cpu"
        scale = {"mb": 1, "gb": 1024}.get(unit, 1000)  # MiB for memory, millicores for CPU
        amounts[resource] = ["abs", int(float(number) * scale)]
    return amounts


def _text(node: Element, tag: str) -> str:
    child = next((c for c in node if local_name(c.tag) == tag), None)
    return (child.text or "").strip() if child is not None else ""


class FairSchedulerAnalyzer:
    """Fair Scheduler allocation files and Fair Scheduler settings."""

    name = "fair-scheduler"

    def detect(self, source: InputFile) -> bool:
        """An `<allocations>` document, or a configuration of `yarn.scheduler.fair.*` keys."""
        head = source.text[:4096]
        if "<allocations" in head:
            return True
        if looks_like_configuration(source.text) and "yarn.scheduler.fair." in source.text:
            conf = read_conf(source.text)
            return bool(conf.values) and all(
                k.startswith("yarn.scheduler.fair.") for k in conf.values
            )
        return False

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """A `queues` unit for an allocation file; a note for a settings file."""
        if "<allocations" not in source.text[:4096]:
            conf = read_conf(source.text)
            allocation = conf.get("yarn.scheduler.fair.allocation.file", "fair-scheduler.xml")
            at = source.at(conf.line("yarn.scheduler.fair.allocation.file"))
            return AnalysisResult(
                findings=[make("QU022", at, file=allocation)], outcome="configuration"
            )
        try:
            root = parse_xml(source.text)
        except (XmlSyntaxError, UnsafeXmlError) as err:
            line = getattr(err, "line", 0)
            return AnalysisResult(findings=[make("YK009", source.at(line), detail=str(err))])
        queues: list[dict[str, Any]] = []
        findings: list[Finding] = []
        top = new_queue("root", "", 0)
        top["capacity"] = {r: ["pct", 100.0] for r in RESOURCES}
        top["submit_acl"] = top["admin_acl"] = "*"
        queues.append(top)
        self._children(source, root, top, queues, findings, queue_target(ctx.config))
        totals, origin = cluster_totals(ctx.config, source.path)
        data = {"scheduler": "fair", "queues": queues, "cluster": totals, "origin": origin}
        unit = Workflow("queues", "", source.at(), data=data)
        unit.findings = findings
        return AnalysisResult(workflows=[unit], outcome="converted")

    def _children(
        self,
        source: InputFile,
        node: Element,
        parent: dict[str, Any],
        queues: list[dict[str, Any]],
        findings: list[Finding],
        target: str,
    ) -> None:
        for child in node:
            if local_name(child.tag) != "queue" or len(queues) >= MAX_QUEUES:
                continue
            name = child.get("name", "").strip()
            if name == "root" and parent["path"] == "root":
                self._children(source, child, parent, queues, findings, target)
                continue
            line = _line_of(source.text, name)
            queue = new_queue(f"{parent['path']}.{name}", parent["path"], line)
            _fill(queue, child)
            parent["children"].append(queue["path"])
            queues.append(queue)
            for tag in _NO_EQUIVALENT:
                if _text(child, tag):
                    findings.append(
                        make(
                            "QU003",
                            source.at(line),
                            key=f"{queue['path']}.{tag}",
                            value=_text(child, tag),
                            target=target,
                        )
                    )
            self._children(source, child, queue, queues, findings, target)


def _fill(queue: dict[str, Any], node: Element) -> None:
    weight = _text(node, "weight")
    queue["weight"] = float(weight) if re.fullmatch(r"\d+(?:\.\d+)?", weight) else 1.0
    minimum = parse_fair_resources(_text(node, "minResources"))
    queue["capacity"] = {r: minimum.get(r, ["w", queue["weight"]]) for r in RESOURCES}
    queue["maximum"] = parse_fair_resources(_text(node, "maxResources"))
    apps = _text(node, "maxRunningApps")
    queue["max_apps"] = int(apps) if apps.isdigit() else 0
    queue["submit_acl"] = _text(node, "aclSubmitApps")
    queue["admin_acl"] = _text(node, "aclAdministerApps")
    queue["ordering"] = (
        "fair" if _text(node, "schedulingPolicy").lower() in ("fair", "drf", "") else "fifo"
    )
    queue["fair_weight"] = True


def _line_of(text: str, name: str) -> int:
    match = re.search(rf"<queue\b[^>]*name=[\"']{re.escape(name)}[\"']", text)
    return text.count("\n", 0, match.start()) + 1 if match else 0
