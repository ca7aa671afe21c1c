"""Analyzers, one per source format, in an explicit ordered registry (first match wins)."""

from __future__ import annotations

from yarn2k8s.analyzers.base import Analyzer
from yarn2k8s.analyzers.crontab import CrontabAnalyzer
from yarn2k8s.analyzers.properties import SparkPropertiesAnalyzer
from yarn2k8s.analyzers.shell_script import ShellScriptAnalyzer

# Order matters: configuration inputs first, crontabs before generic shell scripts.
ANALYZERS: tuple[Analyzer, ...] = (
    SparkPropertiesAnalyzer(),
    CrontabAnalyzer(),
    ShellScriptAnalyzer(),
)

__all__ = ["ANALYZERS", "Analyzer"]
