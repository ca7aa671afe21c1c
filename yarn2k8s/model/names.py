"""Kubernetes names: DNS-1123 labels, bounded, stable."""

from __future__ import annotations

import hashlib
import re

MAX_NAME = 50  # the Spark Operator appends "-driver" and pod suffixes to app names
_INVALID = re.compile(r"[^a-z0-9-]+")
_DASHES = re.compile(r"-{2,}")
_LABEL_VALUE_INVALID = re.compile(r"[^A-Za-z0-9._-]+")


def dns_name(raw: str, max_len: int = MAX_NAME, fallback: str = "job") -> str:
    """A DNS-1123 label from arbitrary text: lowercase alphanumerics and '-', bounded.

    Idempotent: `dns_name(dns_name(x)) == dns_name(x)`.
    """
    name = _INVALID.sub("-", raw.lower().replace("_", "-").replace(".", "-"))
    name = _DASHES.sub("-", name).strip("-")
    name = name[:max_len].rstrip("-")
    if not name:
        return fallback[:max_len]
    if not name[0].isalpha():
        name = f"{fallback}-{name}"[:max_len].rstrip("-")
    return name


def short_hash(text: str, length: int = 6) -> str:
    """A stable short hex digest (never input-order dependent)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def with_suffix(name: str, suffix: str, max_len: int = MAX_NAME) -> str:
    """Append `-suffix`, truncating the name so the result stays within `max_len`."""
    room = max_len - len(suffix) - 1
    return f"{name[:room].rstrip('-')}-{suffix}"


def label_value(raw: str) -> str:
    """A valid label value (<= 63 chars, alphanumeric at both ends)."""
    value = _LABEL_VALUE_INVALID.sub("-", raw)[:63]
    return value.strip("-_.")


def queue_name(yarn_queue: str) -> str:
    """The Kubernetes queue name for a YARN queue path (`root.etl.daily` -> `etl-daily`).

    Used both by jobs that reference a queue and by the queue converter that emits it, so
    the two always agree.
    """
    path = yarn_queue.strip()
    if path.startswith("root."):
        path = path[len("root.") :]
    return dns_name(path.replace(".", "-"), max_len=63, fallback="queue")
