"""MigrationJob and its parts: one runnable unit, normalized once.

Units: memory in MiB, cores as integers (YARN vcores / Spark task slots), GPUs as counts.
Every value read from an input carries a SourceLocation relative to the input root.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yarn2k8s.model.finding import Finding


@dataclass(frozen=True, slots=True, order=True)
class SourceLocation:
    """Where a value came from: a POSIX path relative to the input root, and a 1-based line."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class Readiness(str, enum.Enum):
    """How far a job is from running on Kubernetes."""

    READY = "ready"
    REVIEW = "review"
    BLOCKED = "blocked"


@dataclass(slots=True)
class Role:
    """A set of identical containers: a Spark driver or executors, a TF worker or ps..."""

    name: str
    instances: int = 1
    cores: int = 1
    memory_mib: int = 1024
    overhead_mib: int | None = None
    gpus: int = 0
    java_options: str = ""
    env: dict[str, str] = field(default_factory=dict)
    node_selector: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Dependency:
    """Something a job needs at run time, with where we learnt it and how sure we are."""

    kind: str  # jar, py-file, file, archive, package, repository, python
    value: str
    location: SourceLocation
    confidence: str = "declared"  # declared | pinned | inferred | guessed
    alias: str = ""  # YARN `name#alias` renaming


@dataclass(frozen=True, slots=True)
class SecretRef:
    """A secret value found in the input, moved out to a Kubernetes Secret.

    Only the reference is kept: the value itself never enters the model.
    """

    secret_name: str
    key: str
    env_var: str
    purpose: str  # the conf key or option it fed
    location: SourceLocation


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A value we could not resolve statically (positional parameter, command substitution)."""

    name: str
    location: SourceLocation


@dataclass(frozen=True, slots=True)
class Schedule:
    """A cron schedule with its time zone."""

    cron: str
    time_zone: str
    location: SourceLocation


@dataclass(slots=True)
class MigrationJob:
    """One runnable unit read from the estate."""

    kind: str  # spark, tensorflow, pytorch, mpi, mapreduce, streaming, shell, java, service
    source_name: str  # the application name as the input gave it (may be empty)
    location: SourceLocation
    name: str = ""  # DNS-1123 name, assigned once all jobs are known
    language: str = ""  # python, scala, java, r
    main_file: str = ""
    main_class: str = ""
    arguments: list[str] = field(default_factory=list)
    master: str = ""
    deploy_mode: str = ""
    roles: dict[str, Role] = field(default_factory=dict)
    spark_conf: dict[str, str] = field(default_factory=dict)
    conf_sources: dict[str, SourceLocation] = field(default_factory=dict)
    effective_conf: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    deps: list[Dependency] = field(default_factory=list)
    secrets: list[SecretRef] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    queue: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    schedule: Schedule | None = None
    retries: int | None = None
    proxy_user: str = ""
    keytab: str = ""
    principal: str = ""
    findings: list[Finding] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Workflow:
    """A unit that is more than one job: an Oozie workflow, coordinator or bundle, a YARN
    service, a scheduler's queue tree. Its converter decides the output folder.
    """

    kind: str  # oozie-workflow, oozie-coordinator, oozie-bundle, yarn-service, queues, ...
    source_name: str
    location: SourceLocation
    name: str = ""
    steps: list[MigrationJob] = field(default_factory=list)
    parameters: dict[str, str] = field(default_factory=dict)
    schedule: Schedule | None = None
    findings: list[Finding] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # the analyzer's parsed structure
