"""What every analyzer gets and gives: an input file, a shared context, a result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Protocol

from yarn2k8s.config import Config
from yarn2k8s.findings import Finding
from yarn2k8s.model import MigrationJob, SourceLocation, Workflow


@dataclass(frozen=True, slots=True)
class InputFile:
    """One discovered input: its absolute path, its path relative to the root, its text."""

    path: Path
    rel: str  # POSIX, relative to the input root given on the command line
    text: str

    def at(self, line: int = 0) -> SourceLocation:
        """A source location in this file."""
        return SourceLocation(self.rel, line)

    @property
    def name(self) -> str:
        """The file's base name (`rel` is a normalized POSIX path: no PurePosixPath needed,
        and analyzers' detect() asks for it thousands of times per estate)."""
        return self.rel.rpartition("/")[2]


def error_line(err: BaseException) -> int:
    """The 1-based line a YAML or JSON parse error points at (0 when it names none)."""
    mark = getattr(err, "problem_mark", None)  # yaml.MarkedYAMLError: 0-based
    if mark is not None:
        return int(mark.line) + 1
    return int(getattr(err, "lineno", 0) or 0)  # json.JSONDecodeError: 1-based


@dataclass
class PropertiesFile:
    """A parsed Spark properties file (spark-defaults.conf or a --properties-file)."""

    rel: str
    values: dict[str, str]
    lines: dict[str, int]


@dataclass
class AnalysisContext:
    """Shared, read-only facts for analyzers: config and configuration inputs by path."""

    config: Config
    properties: dict[str, PropertiesFile] = field(default_factory=dict)  # by rel path

    def find_properties(self, rel: str) -> PropertiesFile | None:
        """A properties file among the inputs by relative path (normalized)."""
        return self.properties.get(str(PurePosixPath(rel)))

    def spark_defaults_for(self, rel: str) -> PropertiesFile | None:
        """The spark-defaults.conf that governs a job file: the nearest one in scope.

        A spark-defaults.conf covers its own folder, or the parent folder when it sits in a
        `conf/` folder (the usual `app/conf/` + `app/bin/` layout). Nearest scope wins.
        """
        best: tuple[int, str, PropertiesFile] | None = None
        job_parts = PurePosixPath(rel).parent.parts
        for path, props in self.properties.items():
            p = PurePosixPath(path)
            if p.name != "spark-defaults.conf":
                continue
            scope = p.parent.parent if p.parent.name == "conf" else p.parent
            parts = scope.parts if str(scope) != "." else ()
            if job_parts[: len(parts)] == parts:
                key = (len(parts), path, props)
                if best is None or key[:2] > best[:2]:
                    best = key
        return best[2] if best else None


@dataclass
class AnalysisResult:
    """What one analyzer made of one input."""

    jobs: list[MigrationJob] = field(default_factory=list)
    workflows: list[Workflow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # How the input counts in the per-file tally: converted, configuration or explained.
    outcome: str = "explained"


class Analyzer(Protocol):
    """Reads one kind of input. Detection is by content, not only by name."""

    name: str

    def detect(self, source: InputFile) -> bool:
        """Whether this analyzer reads the input."""

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """Jobs and findings from the input; bad input is a finding, never an exception."""
