"""Skein application specs -> a `yarn-service` unit; dask-yarn configuration -> a note.

A Skein spec names services with instances, resources, files (localized into the container's
working directory, archives unpacked), environment and a script or command list. Each
service becomes a component whose image bakes the files found among the inputs. dask-yarn's
`yarn:` configuration only sets defaults for clusters started from Python: it is explained.
"""

from __future__ import annotations

from typing import Any

import yaml

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.batch_common import int_value, mib_value
from yarn2k8s.analyzers.service_model import line_of, mapping, new_component
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, Workflow
from yarn2k8s.security.limits import safe_yaml

_SERVICE_KEYS = frozenset({"script", "commands", "resources", "files", "instances"})


def _load(text: str) -> dict[str, Any] | None:
    try:
        data = safe_yaml(text)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def skein_kind(source: InputFile) -> str:
    """spec, dask-yarn or ''."""
    if not source.name.endswith((".yaml", ".yml")):
        return ""
    if "services" not in source.text and "yarn" not in source.text:
        return ""
    data = _load(source.text)
    if not data:
        return ""
    services = data.get("services")
    if (
        isinstance(services, dict)
        and services
        and all(isinstance(s, dict) and _SERVICE_KEYS & set(s) for s in services.values())
    ):
        return "spec"
    yarn = data.get("yarn")
    if isinstance(yarn, dict) and {"scheduler", "worker"} <= set(yarn):
        return "dask-yarn"
    return ""


class SkeinAnalyzer:
    """Reads Skein ApplicationSpec YAML files (and explains dask-yarn's config)."""

    name = "skein"

    def detect(self, source: InputFile) -> bool:
        """YAML with a `services:` map of Skein services, or dask-yarn's `yarn:` section."""
        return bool(skein_kind(source))

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One unit per spec."""
        data = _load(source.text) or {}
        if skein_kind(source) == "dask-yarn":
            yarn = data["yarn"]
            workers = yarn.get("worker", {}) if isinstance(yarn.get("worker"), dict) else {}
            note = make(
                "YS018",
                source.at(),
                count=workers.get("count", 0),
                memory=workers.get("memory", "?"),
            )
            return AnalysisResult(findings=[note], outcome="configuration")
        findings: list[Finding] = []
        components = [
            _service(source, str(name), spec, findings)
            for name, spec in sorted(data["services"].items())
        ]
        name = str(data.get("name") or source.path.stem)
        service = {
            "origin": "skein",
            "name": name,
            "version": "",
            "lifetime": "",
            "components": components,
            "quicklinks": {},
            "kerberos": False,
        }
        if data.get("queue"):
            service["queue"] = str(data["queue"])
        unit = Workflow("yarn-service", name, source.at(), data=service)
        unit.findings = findings
        return AnalysisResult(workflows=[unit], outcome="converted")


def _service(
    source: InputFile, name: str, spec: dict[str, Any], findings: list[Finding]
) -> dict[str, Any]:
    comp = new_component(name, line_of(source.text, f"{name}:"))
    comp["replicas"] = int_value(spec.get("instances"), 1)
    resources = mapping(spec.get("resources"))
    comp["cpus"] = max(int_value(resources.get("vcores"), 1), 1)
    comp["memory_mib"] = mib_value(_memory(resources.get("memory")), 1024)
    comp["gpus"] = int_value(resources.get("gpus"), 0)
    commands = spec.get("commands") or []
    script = spec.get("script") or ""
    comp["command"] = str(script) if script else "\n".join(str(c) for c in commands)
    comp["env"] = {str(k): str(v) for k, v in (spec.get("env") or {}).items()}
    comp["dependencies"] = [str(d) for d in spec.get("depends") or []]
    for dest, src in sorted((spec.get("files") or {}).items()):
        source_path = src.get("source", "") if isinstance(src, dict) else str(src)
        comp["bake"].append({"source": source_path, "dest": str(dest)})
    if spec.get("node_label"):
        label = str(spec["node_label"])
        comp["placement"] = [{"type": "AFFINITY", "scope": "NODE", "node_partitions": [label]}]
    comp["max_restarts"] = int_value(spec.get("max_restarts"), 0)
    findings.append(make("YS021", source.at(comp["line"]), component=name))
    return comp


def _memory(raw: Any) -> str | None:
    """Skein memory: `256 MiB`, `2 GiB`, or a bare number of MiB."""
    if raw is None:
        return None
    text = str(raw).replace(" ", "").lower()
    return text.removesuffix("ib") if text.endswith(("mib", "gib", "kib", "tib")) else text
