"""The Rule record: one catalogue entry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    """One catalogue entry."""

    code: str
    slug: str
    severity: str  # info | warning | error
    message: str  # str.format template; arguments are named
    remediation: str
    status: str = "active"  # active | removed
