"""What dependency inference produces: requirements with provenance, shipped environments,
the Python version, and findings.

Evidence is ranked: a shipped environment's exact versions beat lock files, which beat declared
files, which beat imports. Each requirement keeps where it was learnt (file:line) and how sure
we are, so requirements.txt and the findings can say why every line is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yarn2k8s.deps.import_table import canonical
from yarn2k8s.model import Finding, SourceLocation

# Strongest first; a requirement from a stronger source replaces a weaker one.
SOURCE_RANK = {"archive": 0, "lock": 1, "requirements": 2, "declared": 3, "import": 4}


@dataclass(frozen=True, slots=True)
class Requirement:
    """One Python distribution the job needs."""

    name: str  # as written by the evidence (display form)
    location: SourceLocation
    source: str  # archive | lock | requirements | declared | import
    version: str = ""  # exact pin ("1.2.3") when the evidence gives one
    spec: str = ""  # any other constraint from a declared file (">=1.2,<2")
    marker: str = ""  # environment marker, kept verbatim
    note: str = ""  # why it is here, for the requirements.txt comment

    @property
    def key(self) -> str:
        """Canonical name for comparisons."""
        return canonical(self.name.split("[")[0])

    @property
    def confidence(self) -> str:
        """pinned (exact version), declared (from a declared file), inferred or guessed."""
        if self.version:
            return "pinned"
        if self.source in ("archive", "lock", "requirements", "declared"):
            return "declared"
        return "guessed" if "guess" in self.note else "inferred"

    def line(self) -> str:
        """The requirements.txt line (without its comment)."""
        text = self.name + (f"=={self.version}" if self.version else self.spec)
        return f"{text}; {self.marker}" if self.marker else text


@dataclass
class PythonEnv:
    """A shipped conda-pack / venv-pack environment read from an archive."""

    value: str  # the archive as the job named it
    alias: str  # the `#alias` directory it was unpacked to on YARN
    location: SourceLocation
    layout: str = "unknown"  # conda-pack | venv-pack | unknown
    prefix: str = ""  # the environment's folder inside the archive ("" = archive root)
    python: str = ""  # X.Y[.Z] from conda-meta, pyvenv.cfg or lib/pythonX.Y
    packages: list[Requirement] = field(default_factory=list)
    has_conda_unpack: bool = False


@dataclass
class PythonVersion:
    """The job's Python version and where it came from."""

    version: str
    location: SourceLocation
    source: str  # archive, runtime.txt, Pipfile, pyproject.toml, ...


@dataclass
class DepsPlan:
    """Everything inferred for one job."""

    requirements: dict[str, Requirement] = field(default_factory=dict)
    environments: list[PythonEnv] = field(default_factory=list)
    python: PythonVersion | None = None
    findings: list[Finding] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)  # files whose imports were read
    # Local modules the main file imports from its own folder: app-relative -> root-relative.
    local_modules: dict[str, str] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)  # root-relative files read as evidence

    def add(self, req: Requirement) -> bool:
        """Keep the strongest evidence per distribution; True if `req` was kept."""
        current = self.requirements.get(req.key)
        if current is not None and SOURCE_RANK[current.source] <= SOURCE_RANK[req.source]:
            return False
        self.requirements[req.key] = req
        return True

    def sorted_requirements(self) -> list[Requirement]:
        """Requirements in a stable order (canonical name)."""
        return [self.requirements[k] for k in sorted(self.requirements)]
