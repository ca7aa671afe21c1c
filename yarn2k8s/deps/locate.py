"""Finding a job's files inside the input root (never outside it)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from yarn2k8s.fscache import per_run
from yarn2k8s.model import MigrationJob

MAX_FILE_BYTES = 64 * 1024 * 1024  # same bound as the build-context copy
_SEARCH_LIMIT = 2000  # folder entries looked at when searching by name


@per_run
def _inside(path: Path, root: Path) -> Path | None:
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return None
    if real.is_relative_to(root.resolve()) and real.is_file():
        return real if real.stat().st_size <= MAX_FILE_BYTES else None
    return None


def locate(value: str, job: MigrationJob, root: Path) -> Path | None:
    """A referenced local file: beside the script, under the root, or found by its name below
    the script's parent folder when the path held an unresolved variable (`${HOME}/job.py`).
    """
    text = value.removeprefix("file://").removeprefix("file:")
    rel = PurePosixPath(text)
    script_dir = (root / job.location.path).parent
    candidates = [script_dir / rel.name] if rel.is_absolute() else [script_dir / rel, root / rel]
    candidates.append(script_dir / rel.name)
    for cand in candidates:
        if "${" not in str(cand) and (found := _inside(cand, root)):
            return found
    return _by_name(rel.name, script_dir.parent, root)


@per_run
def _by_name(name: str, folder: Path, root: Path) -> Path | None:
    """A unique file of that name within two levels below `folder` (inside the root)."""
    if "${" in name or not folder.resolve().is_relative_to(root.resolve()):
        return None
    matches: list[Path] = []
    looked = 0
    for pattern in (name, f"*/{name}", f"*/*/{name}"):
        for cand in folder.glob(pattern):
            looked += 1
            if looked > _SEARCH_LIMIT:
                return None
            found = _inside(cand, root)
            if found and found not in matches:
                matches.append(found)
    return matches[0] if len(matches) == 1 else None


@per_run
def relative(path: Path, root: Path) -> str:
    """An input-root-relative POSIX path."""
    return path.resolve().relative_to(root.resolve()).as_posix()
