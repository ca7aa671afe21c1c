"""XML parsing through defusedxml only: entities, external DTDs and bombs are refused.

Every refusal is an exception the caller turns into a finding (with the line when known):
- entity declarations (internal or external: billion laughs, XXE) and external references;
- a DOCTYPE naming an external DTD (`SYSTEM` / `PUBLIC`), which is never fetched;
- documents nested deeper than `max_depth` or holding more than `max_elements` elements.

`UnsafeXmlError` is a kind of `XmlSyntaxError` (XML we refuse to read is XML we cannot read), so
a caller that only handles syntax errors still reports refusals with their line.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree.ElementTree import Element, TreeBuilder

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from yarn2k8s.errors import Yarn2k8sError

MAX_XML_CHARS = 16 * 1024 * 1024
MAX_XML_DEPTH = 256
MAX_XML_ELEMENTS = 500_000

_WHAT = {
    "EntitiesForbidden": "entity declarations are not allowed",
    "ExternalReferenceForbidden": "external references are not allowed",
    "DTDForbidden": "document type declarations are not allowed",
    "NotSupportedError": "unsupported XML feature",
    "ExternalDtdForbidden": "a DOCTYPE naming an external DTD is not allowed",
}


class XmlSyntaxError(Yarn2k8sError):
    """The XML is malformed or refused; `line` is 1-based when known (0 otherwise)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


class UnsafeXmlError(XmlSyntaxError):
    """The XML uses a refused feature (entities, an external DTD) or is over a limit."""


class XmlLimitError(UnsafeXmlError):
    """The XML is nested too deeply or has too many elements."""


class ExternalDtdForbidden(DefusedXmlException):  # type: ignore[misc]
    def __str__(self) -> str:
        return "external DTD"


class _Bounded:
    """A TreeBuilder target that counts elements and depth, raising past the limits."""

    def __init__(self, parser: _Parser, max_depth: int, max_elements: int) -> None:
        self._tree = TreeBuilder()
        self._parser = parser
        self._depth = 0
        self._count = 0
        self._max_depth = max_depth
        self._max_elements = max_elements
        # expat calls this directly (no Python layer per text chunk); no comment or pi
        # methods, so expat skips those events.
        self.data: Callable[[str], None] = self._tree.data

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        self._depth += 1
        self._count += 1
        if self._depth > self._max_depth:
            raise XmlLimitError(
                f"refused XML at line {self._parser.line}: nested deeper than "
                f"{self._max_depth} elements",
                self._parser.line,
            )
        if self._count > self._max_elements:
            raise XmlLimitError(
                f"refused XML at line {self._parser.line}: more than {self._max_elements} elements",
                self._parser.line,
            )
        return self._tree.start(tag, attrs)

    def end(self, tag: str) -> Element:
        self._depth -= 1
        return self._tree.end(tag)

    def close(self) -> Element:
        return self._tree.close()


class _Parser(SafeET.DefusedXMLParser):  # type: ignore[misc]
    """defusedxml's parser, also refusing a DOCTYPE that names an external DTD."""

    def __init__(self, max_depth: int, max_elements: int) -> None:
        super().__init__(
            target=_Bounded(self, max_depth, max_elements),
            # The text is decoded already and fed as UTF-8: whatever the XML declaration says
            # (`encoding="UT8"`, ISO-8859-1 on text read as UTF-8) must not re-decode it.
            encoding="utf-8",
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
        )
        self.parser.StartDoctypeDeclHandler = self._refuse_external_dtd

    @property
    def line(self) -> int:
        return int(self.parser.CurrentLineNumber)

    def _refuse_external_dtd(
        self, name: str, sysid: str | None, pubid: str | None, internal: int
    ) -> None:
        if sysid or pubid:
            raise ExternalDtdForbidden()


def parse_xml(
    text: str,
    max_depth: int = MAX_XML_DEPTH,
    max_elements: int = MAX_XML_ELEMENTS,
    max_chars: int = MAX_XML_CHARS,
) -> Element:
    """Parse XML text safely; a refused feature, a limit or a syntax error raises.

    Raises:
        UnsafeXmlError: entities, an external DTD or reference (`XmlLimitError`: over a limit).
        XmlSyntaxError: malformed XML.
    """
    if len(text) > max_chars:
        raise XmlLimitError(f"refused XML: {len(text)} characters, over the {max_chars} limit")
    parser = _Parser(max_depth, max_elements)
    try:
        parser.feed(text.encode("utf-8"))
        root: Element = parser.close()
    except DefusedXmlException as err:
        what = _WHAT.get(type(err).__name__, str(err) or type(err).__name__)
        line = parser.line
        raise UnsafeXmlError(
            f"refused unsafe XML at line {line}: {what} ({type(err).__name__})", line
        ) from None
    except SafeET.ParseError as err:
        line = err.position[0] if getattr(err, "position", None) else 0
        raise XmlSyntaxError(str(err), line) from None
    except RecursionError:
        raise XmlLimitError("refused XML: nested too deeply", parser.line) from None
    except (LookupError, ValueError) as err:  # defensive: expat setup and decoding problems
        raise XmlSyntaxError(f"cannot read XML: {err}", parser.line) from None
    return root


def local_name(tag: str) -> str:
    """Strip an XML namespace: `{uri:oozie:workflow:0.5}action` -> `action`."""
    return tag.rsplit("}", 1)[-1]
