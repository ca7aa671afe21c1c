"""Finding and Severity: pure data, shared by every layer."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from yarn2k8s.model.job import Readiness, SourceLocation


class Severity(str, enum.Enum):
    """How much a finding matters; each level maps to a job readiness."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Order for comparisons (`--fail-on`)."""
        return _RANK[self]

    @property
    def readiness(self) -> Readiness:
        """A job is only as ready as its worst finding allows."""
        return _READINESS[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
_READINESS = {
    Severity.INFO: Readiness.READY,
    Severity.WARNING: Readiness.REVIEW,
    Severity.ERROR: Readiness.BLOCKED,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One catalogued observation about one input location."""

    code: str
    severity: Severity
    message: str
    location: SourceLocation
    job: str = ""

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """Deterministic order: by file, line, code, then text."""
        return (self.location.path, self.location.line, self.code, self.job, self.message)

    def with_job(self, job: str) -> Finding:
        """The same finding attributed to a job name."""
        return Finding(self.code, self.severity, self.message, self.location, job)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, used by every report."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.location.path,
            "line": self.location.line,
            "job": self.job,
        }
