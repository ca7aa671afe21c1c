"""The normalized model: pure data, imports nothing else from yarn2k8s."""

from yarn2k8s.model.finding import Finding, Severity
from yarn2k8s.model.job import (
    Dependency,
    MigrationJob,
    Placeholder,
    Readiness,
    Role,
    Schedule,
    SecretRef,
    SourceLocation,
    Workflow,
)

__all__ = [
    "Dependency",
    "Finding",
    "MigrationJob",
    "Placeholder",
    "Readiness",
    "Role",
    "Schedule",
    "SecretRef",
    "Severity",
    "SourceLocation",
    "Workflow",
]
