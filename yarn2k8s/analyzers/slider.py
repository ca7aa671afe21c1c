"""Apache Slider application packages -> a `yarn-service` unit.

A package folder holds resources*.json (components, instances, memory, vcores, placement),
appConfig*.json (`site.<config-type>.<key>` settings that become config files) and
metainfo.xml (component scripts and the tarball to install). The resources file carries the
unit and reads its siblings; the others are marked as read with it. Slider's agent scripts do
not exist on Kubernetes: the image has to start the application itself (a finding says so).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.batch_common import int_value, mib_value
from yarn2k8s.analyzers.service_model import line_of, mapping, new_component
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation, Workflow
from yarn2k8s.security.limits import read_text, safe_json
from yarn2k8s.security.redact import is_secret_key, looks_secret_value
from yarn2k8s.security.xml import UnsafeXmlError, XmlSyntaxError, local_name, parse_xml

APP_MASTER = "slider-appmaster"
_ALLOCATED = re.compile(r"\$\{[A-Z0-9_]+\.ALLOCATED_PORT\}")
# Slider placement policy bits: 1 strict (same node as before), 4 anti-affinity required.
_ANTI_AFFINITY = 4


def _json(text: str) -> dict[str, Any] | None:
    try:
        data = safe_json(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def slider_role(source: InputFile) -> str:
    """resources, appconfig, metainfo or '' for a file that is not part of a Slider package."""
    if source.name == "metainfo.xml" and "<metainfo" in source.text[:4096]:
        return "metainfo"
    if not source.name.endswith(".json") or '"components"' not in source.text:
        return ""
    data = _json(source.text)
    if not data or not isinstance(data.get("components"), dict):
        return ""
    flat = json.dumps(data)
    if '"yarn.memory"' in flat or '"yarn.component.instances"' in flat:
        return "resources"
    if "application.def" in flat or '"site.' in flat:
        return "appconfig"
    return ""


class SliderAnalyzer:
    """Reads Slider resources.json (+ its appConfig.json and metainfo.xml siblings)."""

    name = "slider"

    def detect(self, source: InputFile) -> bool:
        """resources*.json, appConfig*.json or metainfo.xml of a Slider package."""
        return bool(slider_role(source))

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """The unit from resources*.json; the other package files are read with it."""
        role = slider_role(source)
        if role != "resources":
            resources = sorted(p.name for p in source.path.parent.glob("resources*.json"))
            anchor = resources[0] if resources else ""
            finding = make("YS023", source.at(), file=source.name, anchor=anchor or "(none)")
            return AnalysisResult(
                findings=[finding], outcome="configuration" if anchor else "explained"
            )
        data = _json(source.text) or {}
        findings: list[Finding] = []
        app_config = _sibling_json(source.path.parent, "appConfig", ctx)
        metainfo = _metainfo(source.path.parent, ctx)
        components = _components(source, data, app_config, metainfo, findings)
        name = metainfo.get("name") or source.path.parent.name
        service = {
            "origin": "slider",
            "name": name,
            "version": metainfo.get("version", ""),
            "lifetime": "",
            "components": components,
            "quicklinks": {},
            "kerberos": False,
            "config_files": _config_files(source, app_config, findings),
        }
        unit = Workflow("yarn-service", name, source.at(), data=service)
        unit.findings = findings
        return AnalysisResult(workflows=[unit], outcome="converted")


def _sibling_json(folder: Path, prefix: str, ctx: AnalysisContext) -> dict[str, Any]:
    for path in sorted(folder.glob(f"{prefix}*.json")):
        read = read_text(path, ctx.config.limits.max_file_bytes)
        data = _json(read.text or "")
        if data:
            return data
    return {}


def _metainfo(folder: Path, ctx: AnalysisContext) -> dict[str, Any]:
    read = read_text(folder / "metainfo.xml", ctx.config.limits.max_file_bytes)
    if not read.text:
        return {}
    try:
        root = parse_xml(read.text)
    except (XmlSyntaxError, UnsafeXmlError):
        return {}
    info: dict[str, Any] = {"scripts": {}, "packages": []}
    for node in root.iter():
        tag = local_name(node.tag)
        if tag == "application":
            info["name"] = _child(node, "name")
            info["version"] = _child(node, "version")
        elif tag == "component":
            script = next(
                (_child(c, "script") for c in node if local_name(c.tag) == "commandScript"), ""
            )
            info["scripts"][_child(node, "name")] = script
        elif tag == "package":
            info["packages"].append(_child(node, "name"))
    return info


def _child(node: Any, tag: str) -> str:
    found = next((c for c in node if local_name(c.tag) == tag), None)
    return (found.text or "").strip() if found is not None else ""


def _components(
    source: InputFile,
    data: dict[str, Any],
    app_config: dict[str, Any],
    metainfo: dict[str, Any],
    findings: list[Finding],
) -> list[dict[str, Any]]:
    defaults = mapping(data.get("global"))
    out = []
    for name, settings in sorted((data.get("components") or {}).items()):
        if name == APP_MASTER or not isinstance(settings, dict):
            continue
        merged = {**defaults, **settings}
        comp = new_component(name, line_of(source.text, f'"{name}"'))
        comp["replicas"] = int_value(merged.get("yarn.component.instances"), 1)
        comp["memory_mib"] = mib_value(str(merged.get("yarn.memory", "")) or None, 1024)
        comp["cpus"] = max(int_value(merged.get("yarn.vcores"), 1), 1)
        policy = int_value(merged.get("yarn.component.placement.policy"), 0)
        if policy & _ANTI_AFFINITY:
            comp["placement"] = [{"type": "ANTI_AFFINITY", "scope": "NODE", "target_tags": [name]}]
        script = metainfo.get("scripts", {}).get(name, "")
        at = source.at(comp["line"])
        if script:
            findings.append(make("YS014", at, component=name, script=script))
        packages = list(metainfo.get("packages", []))
        comp["artifact"] = {"type": "TARBALL", "id": ", ".join(packages)}
        comp["bake"] = [{"source": p, "dest": ""} for p in packages]  # unpacked into the image
        comp["config_types"] = True
        out.append(comp)
    ports = [k for k, v in (app_config.get("global") or {}).items() if _ALLOCATED.search(str(v))]
    for key in sorted(ports):
        findings.append(make("YS015", source.at(), key=key))
    return out


def _config_files(
    source: InputFile, app_config: dict[str, Any], findings: list[Finding]
) -> dict[str, dict[str, str]]:
    """`site.<type>.<key>` settings grouped by config type (`global` are agent variables)."""
    files: dict[str, dict[str, str]] = {}
    folder = source.rel.rsplit("/", 1)[0] if "/" in source.rel else ""
    rel = f"{folder}/appConfig-default.json" if folder else "appConfig-default.json"
    for key, value in sorted((app_config.get("global") or {}).items()):
        if not key.startswith("site.") or key.startswith("site.global."):
            if key.startswith("site.global.") and is_secret_key(key):
                findings.append(make("YS016", SourceLocation(rel, 0), key=key))
            continue
        config_type, _, prop = key[len("site.") :].partition(".")
        if is_secret_key(prop) or looks_secret_value(str(value)):
            findings.append(make("YS016", SourceLocation(rel, 0), key=key))
            continue
        files.setdefault(config_type, {})[prop] = str(value)
    return files
