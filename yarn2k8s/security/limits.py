"""Bounded, encoding-tolerant reading of input files."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TextRead:
    """The outcome of reading a file as text."""

    text: str | None  # None when the file was refused
    encoding: str = "utf-8"
    refused: str = ""  # "too-large", "binary" or "unreadable"
    detail: str = ""
    size: int = 0


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> TextRead:
    """Read a file as text within a size bound, tolerating BOMs and legacy encodings.

    UTF-8 first, then UTF-16 when a BOM says so, then latin-1 (which never fails) for text
    without NUL bytes. Files with NUL bytes are binary and refused.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return TextRead(None, refused="too-large", size=size)
        data = path.read_bytes()
    except OSError as err:
        return TextRead(None, refused="unreadable", detail=err.strerror or str(err))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return TextRead(data.decode("utf-16"), "utf-16", size=size)
        except UnicodeDecodeError:
            return TextRead(None, refused="binary", detail="invalid UTF-16", size=size)
    if b"\x00" in data:
        return TextRead(None, refused="binary", detail="NUL bytes", size=size)
    try:
        return TextRead(data.decode("utf-8-sig"), size=size)
    except UnicodeDecodeError:
        return TextRead(data.decode("latin-1"), "latin-1", size=size)
