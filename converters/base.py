"""What converters share: the artifact set and the conversion context."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from yarn2k8s.config import Config
from yarn2k8s.enrich.storage import StorageMap
from yarn2k8s.model import Finding


@dataclass
class Artifacts:
    """Output files by relative POSIX path, plus findings raised while converting."""

    files: dict[str, bytes] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    used_inputs: set[Path] = field(default_factory=set)  # input files baked into images

    def add(self, path: str, text: str | bytes) -> None:
        """Add a file; text is written as UTF-8 with LF endings."""
        self.files[path] = text.encode("utf-8") if isinstance(text, str) else text

    def merge(self, other: Artifacts) -> None:
        """Take another set's files and findings."""
        self.files.update(other.files)
        self.findings.extend(other.findings)
        self.used_inputs |= other.used_inputs


@dataclass(frozen=True)
class ConversionContext:
    """Read-only inputs to every converter, for one unit."""

    config: Config
    storage: StorageMap
    root: Path  # the input root the unit's source path is relative to
    # The unit's input file on disk. With several roots, `root / location.path` is not it
    # (the relative path carries the root's name), so readers of nearby files use this.
    source: Path | None = None
