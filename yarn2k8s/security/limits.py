"""Bounded, encoding-tolerant reading of input files, and bounded JSON/YAML parsing.

Nothing here trusts a file: sizes are checked on the open handle and the read is bounded (a
file that grows, a FIFO or a device cannot make a read hang or blow memory); JSON and YAML are
checked for depth, document count and (YAML) alias expansion before they are built.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from yarn2k8s.errors import Yarn2k8sError

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 100  # JSON/YAML nesting
MAX_DOCUMENTS = 1_000  # YAML documents in one file
MAX_NODES = 1_000_000  # YAML nodes once aliases are expanded (billion laughs)
MAX_CHARS = 16 * 1024 * 1024  # JSON/YAML text handed over by a caller that did not bound it
_SNIFF_BYTES = 8192
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")  # not \t \n \v \f \r ESC
_MAX_CONTROL_RATIO = 0.10
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class TextRead:
    """The outcome of reading a file as text."""

    text: str | None  # None when the file was refused
    encoding: str = "utf-8"
    refused: str = ""  # "too-large", "binary" or "unreadable"
    detail: str = ""
    size: int = 0


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, root: Path | None = None) -> TextRead:
    """Read a file as text within a size bound, tolerating BOMs and legacy encodings.

    UTF-8 first, then UTF-16/UTF-32 when a BOM says so, then latin-1 (which never fails) for
    text without NUL bytes. Files with NUL bytes or mostly control characters are binary and
    refused; so is anything that is not a regular file (FIFO, device, folder). With `root`, a
    file whose real path is outside it (through a symlink) is refused as unreadable.
    """
    if root is not None and not _inside(path, root):
        return TextRead(None, refused="unreadable", detail="leads outside the input folder")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        return TextRead(None, refused="unreadable", detail=err.strerror or str(err))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return TextRead(None, refused="unreadable", detail="not a regular file")
        if info.st_size > max_bytes:
            return TextRead(None, refused="too-large", size=info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since fstat
    except OSError as err:
        return TextRead(None, refused="unreadable", detail=err.strerror or str(err))
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        return TextRead(None, refused="too-large", size=len(data))
    return decode_text(data)


def _inside(path: Path, root: Path) -> bool:
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


def decode_text(data: bytes) -> TextRead:
    """Decode bytes read from an input file (see read_text); binary data is refused."""
    size = len(data)
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return TextRead(
                    None, refused="binary", detail=f"invalid {codec.upper()}", size=size
                )
            if "\x00" in text:
                return TextRead(None, refused="binary", detail="NUL bytes", size=size)
            return TextRead(text.lstrip("\ufeff"), codec, size=size)
    if b"\x00" in data:
        return TextRead(None, refused="binary", detail="NUL bytes", size=size)
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    sample = text[:_SNIFF_BYTES]
    if sample and len(_CONTROL.findall(sample)) > _MAX_CONTROL_RATIO * len(sample):
        return TextRead(None, refused="binary", detail="control characters", size=size)
    return TextRead(text, encoding, size=size)


# --- JSON and YAML ------------------------------------------------------------------------


class StructureLimitError(Yarn2k8sError, ValueError):
    """Structured text over a limit (depth, documents, nodes) or refused (an alias cycle).

    A ValueError, so code that handles `json.JSONDecodeError` already handles it.
    """

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


class YamlLimitError(StructureLimitError, yaml.YAMLError):
    """A YAML limit; also a `yaml.YAMLError`, so YAML error handlers already handle it."""


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]|\n')


def _check_size(text: str, what: str) -> None:
    if len(text) > MAX_CHARS:
        raise StructureLimitError(f"{what} text of {len(text)} characters is over {MAX_CHARS}")


def check_json(text: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse JSON nested deeper than `max_depth` (one linear scan, before any parsing)."""
    _check_size(text, "JSON")
    depth = 0
    line = 1
    for match in _JSON_TOKEN.finditer(text):
        token = match.group(0)
        if token[0] == '"':
            continue
        if token == "\n":
            line += 1
        elif token in "[{":
            depth += 1
            if depth > max_depth:
                raise StructureLimitError(f"JSON nested deeper than {max_depth} levels", line)
        else:
            depth = max(depth - 1, 0)


def safe_json(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """`json.loads` with a depth bound.

    Raises:
        StructureLimitError: too deeply nested (a ValueError).
        json.JSONDecodeError: not JSON (a ValueError).
    """
    check_json(text, max_depth)
    try:
        return json.loads(text)
    except RecursionError:
        raise StructureLimitError("JSON nested too deeply") from None


def _yaml_events(text: str) -> Iterator[Any]:
    return yaml.parse(text, Loader=_YAML_LOADER)


def check_yaml(
    text: str,
    max_depth: int = MAX_DEPTH,
    max_documents: int = MAX_DOCUMENTS,
    max_nodes: int = MAX_NODES,
) -> None:
    """Refuse YAML over the limits, from its event stream (nothing is built).

    Counts documents, nesting depth, and nodes with every alias expanded, so an alias bomb
    (billion laughs) or a self-referencing anchor is refused before it is loaded.

    Raises:
        YamlLimitError: over a limit, or an alias of an anchor that is still open (a cycle).
        yaml.YAMLError: not YAML.
    """
    if len(text) > MAX_CHARS:
        raise YamlLimitError(f"YAML text of {len(text)} characters is over {MAX_CHARS}")
    try:
        # libyaml encodes the text first: a lone surrogate would escape as UnicodeEncodeError.
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise yaml.YAMLError("YAML text is not valid Unicode") from None
    sizes: dict[str, int] = {}  # anchor -> expanded node count, once its node is complete
    stack: list[tuple[str | None, int]] = []  # open collections: (anchor, total at start)
    total = documents = 0
    for event in _yaml_events(text):
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            sizes.clear()  # anchors are per document
            if documents > max_documents:
                raise YamlLimitError(f"more than {max_documents} YAML documents", line)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in sizes:  # unknown, or still open: a self-reference
                raise YamlLimitError(f"alias *{event.anchor} refers to an open anchor", line)
            total += sizes[event.anchor]
        elif isinstance(event, yaml.ScalarEvent):
            total += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            stack.append((event.anchor, total))
            if len(stack) > max_depth:
                raise YamlLimitError(f"YAML nested deeper than {max_depth} levels", line)
        elif isinstance(event, yaml.CollectionEndEvent) and stack:
            anchor, before = stack.pop()
            total += 1
            if anchor:
                sizes[anchor] = total - before
        if total > max_nodes:
            raise YamlLimitError(f"YAML expands to more than {max_nodes} nodes", line)


def safe_yaml_all(
    text: str,
    max_depth: int = MAX_DEPTH,
    max_documents: int = MAX_DOCUMENTS,
    max_nodes: int = MAX_NODES,
) -> list[Any]:
    """Every document of a YAML stream, safely loaded within the limits (see check_yaml)."""
    check_yaml(text, max_depth, max_documents, max_nodes)
    try:
        return list(yaml.load_all(text, Loader=_YAML_LOADER))
    except RecursionError:
        raise YamlLimitError("YAML nested too deeply") from None


def safe_yaml(text: str, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> Any:
    """One YAML document (None for an empty stream), like `yaml.safe_load`, within limits.

    Raises:
        YamlLimitError: over a limit (also a yaml.YAMLError).
        yaml.YAMLError: not YAML, or more than one document.
    """
    check_yaml(text, max_depth, 2, max_nodes)
    try:
        return yaml.load(text, Loader=_YAML_LOADER)
    except RecursionError:
        raise YamlLimitError("YAML nested too deeply") from None
