"""Java .properties reading, as Spark reads spark-defaults.conf and --properties-file.

Spark loads these with java.util.Properties: `key value`, `key=value` and `key:value` are all
valid, `#` and `!` start comments, a trailing backslash continues a line.
"""

from __future__ import annotations

import re

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile, PropertiesFile
from yarn2k8s.findings import make
from yarn2k8s.model import Workflow

_SEPARATOR = re.compile(r"(?<!\\)[=:\s]")
_SPARK_KEY = re.compile(r"^\s*spark\.[A-Za-z0-9_.\-]+[\s=:]", re.MULTILINE)


def parse_properties(text: str) -> tuple[dict[str, str], dict[str, int]]:
    """Parse properties text into (values, 1-based line of each key). Later keys win."""
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    pending = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.lstrip()
        if not pending and (not line or line[0] in "#!"):
            continue
        if not pending:
            start = number
        if _continues(line):
            pending += line[:-1]
            continue
        logical, pending = pending + line, ""
        key, value = _split(logical)
        if key:
            values[key] = value
            lines[key] = start
    if pending:
        key, value = _split(pending)
        if key:
            values[key], lines[key] = value, start
    return values, lines


def _continues(line: str) -> bool:
    # An odd number of trailing backslashes continues the line.
    stripped = line.rstrip("\r")
    return (len(stripped) - len(stripped.rstrip("\\"))) % 2 == 1


def _split(logical: str) -> tuple[str, str]:
    match = _SEPARATOR.search(logical)
    if not match:
        return logical.strip(), ""
    key = logical[: match.start()].strip().replace("\\", "")
    rest = logical[match.end() :].lstrip()
    if match.group(0).isspace() and rest[:1] in ("=", ":"):
        rest = rest[1:].lstrip()
    return key, rest.strip()


def looks_like_spark_properties(source: InputFile) -> bool:
    """A properties file holding Spark settings (by name or by content)."""
    name = source.name
    if name == "spark-defaults.conf" or name.endswith("spark-defaults.conf.template"):
        return True
    if name.endswith((".conf", ".properties", ".template")):
        return bool(_SPARK_KEY.search(source.text))
    return False


class SparkPropertiesAnalyzer:
    """spark-defaults.conf and properties files: configuration for the jobs that use them."""

    name = "spark-properties"

    def detect(self, source: InputFile) -> bool:
        """Spark properties by name or content."""
        return looks_like_spark_properties(source)

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """Jobs pick it up through the context; a spark-defaults.conf also becomes the
        `spark-conf` ConfigMap (SPARK_CONF_DIR) of the jobs that took their defaults from it."""
        values, lines = parse_properties(source.text)
        if not values:
            return AnalysisResult(findings=[make("YK004", source.at())])
        if source.name != "spark-defaults.conf":  # a --properties-file is only read by its jobs
            return AnalysisResult(outcome="configuration")
        data = {"values": values, "lines": lines}
        unit = Workflow("spark-conf", "spark-conf", source.at(), data=data)
        return AnalysisResult(workflows=[unit], outcome="converted")


def load_properties(source: InputFile) -> PropertiesFile:
    """Parse an input as a PropertiesFile for the shared context."""
    values, lines = parse_properties(source.text)
    return PropertiesFile(source.rel, values, lines)


__all__ = [
    "AnalysisContext",
    "SparkPropertiesAnalyzer",
    "load_properties",
    "looks_like_spark_properties",
    "parse_properties",
]
