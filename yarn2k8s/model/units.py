"""Unit conversion for JVM/Spark memory strings and Kubernetes quantities, normalized to MiB."""

from __future__ import annotations

import re

_JVM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$", re.IGNORECASE)
_FACTOR_KIB = {"k": 1, "m": 1024, "g": 1024**2, "t": 1024**3, "p": 1024**4}


def parse_memory_mib(value: str, default_unit: str = "m") -> int:
    """Parse a JVM/Spark memory string ("4g", "512m", "1536", "2gb") into MiB, rounding up.

    Spark reads a bare number as MiB for `spark.*.memory` and `memoryOverhead`
    (`default_unit="m"`); byte-based keys pass `default_unit=""` (bytes).

    Raises:
        ValueError: the string is not a memory size.
    """
    match = _JVM.match(value)
    if not match:
        raise ValueError(f"not a memory size: {value!r}")
    number, unit = float(match.group(1)), match.group(2).lower() or default_unit.lower()
    kib = number / 1024 if unit == "" else number * _FACTOR_KIB[unit]
    mib = kib / 1024
    return int(mib) if mib == int(mib) else int(mib) + 1


def format_mib(mib: int) -> str:
    """Spark-style memory string: whole GiB as "4g", otherwise "1536m"."""
    return f"{mib // 1024}g" if mib % 1024 == 0 and mib > 0 else f"{mib}m"


def round_up(value: int, step: int) -> int:
    """Round up to a multiple of `step` (YARN normalizes container sizes this way)."""
    if step <= 0:
        return value
    return -(-value // step) * step
