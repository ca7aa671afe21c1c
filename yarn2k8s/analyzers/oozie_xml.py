"""Small helpers over Oozie XML: namespaces stripped, Hadoop configurations, source lines.

Every Oozie schema version (workflow 0.1 to 1.0, coordinator 0.1 to 0.5, bundle 0.1/0.2) and
every action schema puts its elements in a namespace; we match on local names only, so one
reader serves them all.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from yarn2k8s.security.xml import local_name

ROOTS = ("workflow-app", "coordinator-app", "bundle-app")
_ROOT_HINT = re.compile(r"<(?:[\w.-]+:)?(workflow-app|coordinator-app|bundle-app)[\s>/]")


def root_hint(text: str) -> str:
    """The Oozie root element named near the top of a text, or "" (a cheap pre-check)."""
    match = _ROOT_HINT.search(text[:65_536])
    return match.group(1) if match else ""


def tag(el: Element) -> str:
    """The element's local name."""
    return local_name(el.tag) if isinstance(el.tag, str) else ""


def children(el: Element, name: str = "") -> list[Element]:
    """Child elements, optionally only those with a local name."""
    return [c for c in el if isinstance(c.tag, str) and (not name or tag(c) == name)]


def child(el: Element, name: str) -> Element | None:
    """The first child element with a local name."""
    found = children(el, name)
    return found[0] if found else None


def text_of(el: Element | None) -> str:
    """An element's text content (all text inside it), stripped."""
    if el is None:
        return ""
    return "".join(el.itertext()).strip()


def child_text(el: Element, name: str) -> str:
    """The text of the first child element with a local name ("" when absent)."""
    return text_of(child(el, name))


def configuration(el: Element | None) -> dict[str, str]:
    """A Hadoop <configuration>: property name -> value, later entries win."""
    values: dict[str, str] = {}
    if el is None:
        return values
    for prop in children(el, "property"):
        name = child_text(prop, "name")
        if name:
            values[name] = child_text(prop, "value")
    return values


def _start_pattern(element: str, name: str) -> re.Pattern[str]:
    pattern = rf"<(?:[\w.-]+:)?{re.escape(element)}\b"
    if name:
        pattern += rf"[^>]*?\bname\s*=\s*[\"']{re.escape(name)}[\"']"
    return re.compile(pattern)


def line_of(text: str, element: str, name: str = "", start: int = 0) -> int:
    """Best-effort 1-based line where `<element name="...">` starts (0 when not found)."""
    match = _start_pattern(element, name).search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def element_source(text: str, element: str, name: str) -> str:
    """The original text of `<element name="...">...</element>` (for placeholders)."""
    match = _start_pattern(element, name).search(text)
    if not match:
        return ""
    end = re.compile(rf"</(?:[\w.-]+:)?{re.escape(element)}\s*>").search(text, match.end())
    return text[match.start() : end.end()] if end else text[match.start() : match.end()]
