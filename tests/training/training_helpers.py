"""Shared helpers for the training and serving tests (imported by path: no package)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.shell_script import ShellScriptAnalyzer
from yarn2k8s.config import Config, config_from_dict


def source(tmp_path: Path, rel: str, text: str) -> InputFile:
    """Write an input under tmp_path and return it as the pipeline would."""
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return InputFile(path, rel, text)


def analyze_script(
    tmp_path: Path, text: str, config: dict[str, Any] | None = None
) -> AnalysisResult:
    """Run the shell analyzer (with its training command readers) on a script."""
    script = source(tmp_path, "run.sh", text)
    ctx = AnalysisContext(config_from_dict(config) if config else Config())
    return ShellScriptAnalyzer().analyze(script, ctx)


def codes(findings: list[Any]) -> list[str]:
    """Finding codes, sorted."""
    return sorted(f.code for f in findings)


def walk(obj: Any) -> list[Any]:
    """Every dict and list inside a nested structure (for object-wide assertions)."""
    out = [obj]
    if isinstance(obj, dict):
        for value in obj.values():
            out += walk(value)
    elif isinstance(obj, list):
        for value in obj:
            out += walk(value)
    return out
