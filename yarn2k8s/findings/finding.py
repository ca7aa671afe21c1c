"""Building findings from the catalogue."""

from __future__ import annotations

from typing import Any

from yarn2k8s.findings.catalogue import rule
from yarn2k8s.model.finding import Finding, Severity
from yarn2k8s.model.job import SourceLocation
from yarn2k8s.security.redact import redact


def make(code: str, location: SourceLocation, job: str = "", **args: Any) -> Finding:
    """Build a finding from the catalogue; all wording lives there.

    Arguments are redacted before they are formatted in, so a secret quoted by an input can
    never reach a report through a message.
    """
    entry = rule(code)
    safe = {k: redact(str(v)) for k, v in args.items()}
    message = entry.message.format(**safe)
    return Finding(code, Severity(entry.severity), message, location, job)
