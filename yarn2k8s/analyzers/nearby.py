"""Finding files a submission names (a `--conf_file`, a YAML spec) beside the input.

Lookups never leave the input root the file was discovered under: a name is tried relative to
the script's folder, then by base name in that folder and in the root itself. Nothing outside
the root is ever read, whatever the path says (`../../etc/passwd`, absolute gateway paths).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from yarn2k8s.analyzers.base import InputFile
from yarn2k8s.fscache import per_run
from yarn2k8s.security.limits import DEFAULT_MAX_BYTES, read_text


@dataclass(frozen=True)
class NearbyText:
    """A file found beside an input: its path relative to the input root, and its text."""

    rel: str
    text: str


def input_root(source: InputFile) -> Path:
    """The folder the input's relative path is taken from."""
    depth = len(PurePosixPath(source.rel).parts)
    root = source.path
    for _ in range(depth):
        root = root.parent
    return root


def find_nearby(source: InputFile, wanted: str) -> Path | None:
    """A regular file named by `wanted`, inside the input root only."""
    if not wanted or "${" in wanted or "\x00" in wanted:
        return None
    return _find(source.path.parent, input_root(source), wanted)


# Hundreds of jobs name the same --properties-file or conf file: look up and read each once
# per run (fscache), not once per job.
@per_run
def _find(here: Path, root_path: Path, wanted: str) -> Path | None:
    root = root_path.resolve()
    rel = PurePosixPath(wanted.removeprefix("file://").removeprefix("file:"))
    candidates = [here / rel.name, root / rel.name]
    if not rel.is_absolute():
        candidates.insert(0, here / rel)
    for cand in candidates:
        try:
            real = cand.resolve()
        except (OSError, RuntimeError):
            continue
        if real.is_relative_to(root) and real.is_file():
            return real
    return None


def read_nearby(
    source: InputFile, wanted: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> NearbyText | None:
    """The text of a file found by `find_nearby` (None if absent, binary or too large)."""
    path = find_nearby(source, wanted)
    if path is None:
        return None
    return _read(path, input_root(source), max_bytes)


@per_run
def _read(path: Path, root: Path, max_bytes: int) -> NearbyText | None:
    read = read_text(path, max_bytes)
    if read.text is None:
        return None
    return NearbyText(path.relative_to(root.resolve()).as_posix(), read.text)
