"""Gateway tools' own configuration: Netflix Genie command definitions, sparkmagic (Livy).

Neither holds a job: a Genie command names the executable Genie jobs run (their arguments
come with each job), and sparkmagic points notebooks at a Livy server. Both are explained with
what to do on Kubernetes, so they are not left as unrecognized inputs.
"""

from __future__ import annotations

from typing import Any

import yaml

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.findings import make
from yarn2k8s.security.limits import safe_json, safe_yaml


def _genie(source: InputFile) -> dict[str, Any] | None:
    if not source.name.endswith((".yml", ".yaml")) or "executable" not in source.text:
        return None
    try:
        data = safe_yaml(source.text)
    except yaml.YAMLError:
        return None
    if (
        isinstance(data, dict)
        and "executable" in data
        and ("clusterCriteria" in data or "setupFile" in data)
    ):
        return data
    return None


def _sparkmagic(source: InputFile) -> dict[str, Any] | None:
    if not source.name.endswith(".json") or "kernel_python_credentials" not in source.text:
        return None
    try:
        data = safe_json(source.text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


class GatewayToolsAnalyzer:
    """Explains Genie command definitions and sparkmagic configurations."""

    name = "gateway-tools"

    def detect(self, source: InputFile) -> bool:
        """A Genie command YAML or a sparkmagic config JSON."""
        return _genie(source) is not None or _sparkmagic(source) is not None

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One explaining finding."""
        genie = _genie(source)
        if genie is not None:
            finding = make(
                "BJ014", source.at(), executable=" ".join(str(genie["executable"]).split())
            )
            return AnalysisResult(findings=[finding], outcome="configuration")
        data = _sparkmagic(source) or {}
        credentials = data.get("kernel_python_credentials") or {}
        url = credentials.get("url", "?") if isinstance(credentials, dict) else "?"
        return AnalysisResult(
            findings=[make("BJ015", source.at(), url=url)], outcome="configuration"
        )
