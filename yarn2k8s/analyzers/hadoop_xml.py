"""Hadoop `<configuration>` XML files (site files, scheduler configs, job conf dumps).

Read once per text (cached), through defusedxml. A property set twice keeps the last value,
as Hadoop's Configuration does. Each key remembers the line of its `<name>` element so
findings point at it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from yarn2k8s.security.xml import UnsafeXmlError, XmlSyntaxError, local_name, parse_xml

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TEMPLATE = re.compile(r"\{\{|\{%|<#list|\$\{[a-z]+\.[a-zA-Z]+\(")


@dataclass(frozen=True)
class HadoopConf:
    """A parsed configuration file: values, their lines, and which came from defaults."""

    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)  # <source> elements
    error: str = ""  # why the file could not be read (empty when it could)
    error_line: int = 0
    templated: bool = False  # holds template syntax ({{ }}, {% %}, <#list>) to fill first

    def get(self, key: str, default: str = "") -> str:
        """A value, stripped, or the default."""
        return self.values.get(key, default).strip()

    def line(self, key: str) -> int:
        """The line of a key's `<name>` element (0 when unknown)."""
        return self.lines.get(key, 0)

    def with_prefix(self, prefix: str) -> dict[str, str]:
        """Every key starting with `prefix`."""
        return {k: v for k, v in self.values.items() if k.startswith(prefix)}


def looks_like_configuration(text: str) -> bool:
    """A cheap test before parsing: a `<configuration>` root element."""
    head = text[:4096]
    return "<configuration" in head and "<property" in text


@functools.lru_cache(maxsize=32)
def read_conf(text: str) -> HadoopConf:
    """Parse a Hadoop configuration file; problems are reported in `error`, never raised."""
    try:
        root = parse_xml(text)
    except XmlSyntaxError as err:
        return HadoopConf(error=str(err), error_line=err.line)
    except UnsafeXmlError as err:
        return HadoopConf(error=str(err))
    if local_name(root.tag) != "configuration":
        return HadoopConf(error=f"root element is <{local_name(root.tag)}>, not <configuration>")
    values: dict[str, str] = {}
    sources: dict[str, tuple[str, ...]] = {}
    for prop in root.iter():
        if local_name(prop.tag) != "property":
            continue
        fields = {local_name(c.tag): (c.text or "") for c in prop}
        name = fields.get("name", "").strip()
        if name:
            values[name] = fields.get("value", "")
            sources[name] = tuple(
                (c.text or "").strip() for c in prop if local_name(c.tag) == "source"
            )
    return HadoopConf(values, _lines(text, values), sources, templated=bool(_TEMPLATE.search(text)))


def _lines(text: str, values: dict[str, str]) -> dict[str, int]:
    # Commented-out properties are not properties: blank them, keeping the line count.
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    lines: dict[str, int] = {}
    for match in re.finditer(r"<name>\s*([^<\s]+)\s*</name>", text):
        lines[match.group(1)] = text.count("\n", 0, match.start()) + 1
    return {k: lines.get(k, 0) for k in values}
