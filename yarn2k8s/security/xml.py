"""XML parsing through defusedxml only: entities, external DTDs and bombs are refused."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from yarn2k8s.errors import Yarn2k8sError


class UnsafeXmlError(Yarn2k8sError):
    """The XML uses a refused feature (entities, external DTD)."""


class XmlSyntaxError(Yarn2k8sError):
    """The XML is malformed; `line` is 1-based when known."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def parse_xml(text: str) -> Element:
    """Parse XML text safely; a refused feature or a syntax error raises."""
    try:
        root: Element = SafeET.fromstring(
            text.encode("utf-8"), forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as err:
        raise UnsafeXmlError(f"refused unsafe XML: {type(err).__name__}") from None
    except SafeET.ParseError as err:
        line = err.position[0] if getattr(err, "position", None) else 0
        raise XmlSyntaxError(str(err), line) from None
    return root


def local_name(tag: str) -> str:
    """Strip an XML namespace: `{uri:oozie:workflow:0.5}action` -> `action`."""
    return tag.rsplit("}", 1)[-1]
