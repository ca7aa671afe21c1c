"""YARN service specifications (Yarnfile / `yarn app -launch` JSON) -> a `yarn-service` unit.

Field by field per mapping.md section 6. Values are kept as YARN wrote them; the converter
decides Deployment or StatefulSet, probes, affinity and ConfigMaps.
"""

from __future__ import annotations

import json
from typing import Any

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.batch_common import int_value, mib_value
from yarn2k8s.analyzers.service_model import (
    instance_ports,
    line_of,
    mapping,
    new_component,
    uses_identity,
)
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, Workflow
from yarn2k8s.security.limits import safe_json

_COMPONENT_KEYS = frozenset(
    {"number_of_containers", "launch_command", "artifact", "resource", "readiness_check"}
)


def load_yarnfile(text: str) -> dict[str, Any] | None:
    """The parsed spec if the text is a YARN service spec (name + components), else None."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("{") or '"components"' not in text:
        return None
    try:
        data = safe_json(stripped)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("components"), list):
        return None
    comps = [c for c in data["components"] if isinstance(c, dict)]
    if not comps or not all(_COMPONENT_KEYS & set(c) for c in comps):
        return None
    return data


class YarnServiceAnalyzer:
    """Reads YARN service specs (Yarnfile JSON)."""

    name = "yarn-service"

    def detect(self, source: InputFile) -> bool:
        """JSON with a name and components carrying YARN service fields."""
        if source.name != "Yarnfile" and not source.name.endswith(".json"):
            return False
        return load_yarnfile(source.text) is not None

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One unit per service."""
        spec = load_yarnfile(source.text) or {}
        findings: list[Finding] = []
        components = [
            _component(c, source.text, findings, source)
            for c in spec.get("components", [])
            if isinstance(c, dict)
        ]
        data = {
            "origin": "yarnfile",
            "name": str(spec.get("name", "")),
            "version": str(spec.get("version", "")),
            "lifetime": str(spec.get("lifetime", "")),
            "components": components,
            "quicklinks": spec.get("quicklinks") or {},
            "kerberos": bool(spec.get("kerberos_principal")),
        }
        service_conf = spec.get("configuration")
        if isinstance(service_conf, dict) and service_conf.get("properties"):
            findings.append(make("YS006", source.at(line_of(source.text, '"properties"'))))
        unit = Workflow("yarn-service", str(data["name"]), source.at(), data=data)
        unit.findings = findings
        return AnalysisResult(workflows=[unit], outcome="converted")


def _component(
    spec: dict[str, Any], text: str, findings: list[Finding], source: InputFile
) -> dict[str, Any]:
    name = str(spec.get("name", "component"))
    comp = new_component(name, line_of(text, f'"name": "{name}"') or line_of(text, f'"{name}"'))
    comp["replicas"] = int_value(spec.get("number_of_containers"), 1)
    artifact = mapping(spec.get("artifact"))
    comp["artifact"] = {
        "type": str(artifact.get("type", "")).upper(),
        "id": str(artifact.get("id", "")),
    }
    if comp["artifact"]["type"] in ("DOCKER", ""):
        comp["image"] = comp["artifact"]["id"]
    elif comp["artifact"]["type"] == "TARBALL" and comp["artifact"]["id"]:
        comp["bake"] = [{"source": comp["artifact"]["id"], "dest": ""}]  # unpacked, as YARN did
    comp["command"] = str(spec.get("launch_command", ""))
    _resources(comp, spec.get("resource") or {}, findings, source)
    config = mapping(spec.get("configuration"))
    comp["env"] = {str(k): str(v) for k, v in (config.get("env") or {}).items()}
    comp["files"] = [f for f in (config.get("files") or []) if isinstance(f, dict)]
    comp["readiness"] = spec.get("readiness_check") or {}
    comp["placement"] = (spec.get("placement_policy") or {}).get("constraints") or []
    comp["restart_policy"] = str(spec.get("restart_policy", "ALWAYS")).upper()
    comp["dependencies"] = [str(d) for d in spec.get("dependencies") or []]
    comp["privileged"] = bool(spec.get("run_privileged_container"))
    comp["identity"] = uses_identity(json.dumps(spec), name, text)
    comp["ports"] = instance_ports(name, text)
    return comp


def _resources(
    comp: dict[str, Any], resource: Any, findings: list[Finding], source: InputFile
) -> None:
    if not isinstance(resource, dict):
        return
    comp["cpus"] = max(int_value(resource.get("cpus"), 1), 1)
    comp["memory_mib"] = mib_value(str(resource.get("memory", "")) or None, 1024)
    additional = mapping(resource.get("additional"))
    gpu = additional.get("yarn.io/gpu")
    if isinstance(gpu, dict):
        comp["gpus"] = int_value(gpu.get("value"), 0)
    if resource.get("profile"):
        findings.append(make("YS022", source.at(comp["line"]), profile=resource["profile"]))
