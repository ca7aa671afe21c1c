"""Gateway-local files of a training or serving job: found inside the input root only and copied
into the job's build context (`app/`), bounded in count and size."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from yarn2k8s.converters.base import Artifacts
from yarn2k8s.findings import make
from yarn2k8s.model import MigrationJob

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DIR_FILES = 500
MAX_DIR_BYTES = 256 * 1024 * 1024
_SKIP_NAMES = frozenset({"__pycache__", ".git", ".svn", ".ipynb_checkpoints"})
_SECRET_SUFFIXES = (".keytab", ".pem", ".key", ".jks", ".p12")


def source_dir(job: MigrationJob, root: Path) -> Path:
    """The folder of the input a job came from.

    With several input roots, relative paths carry the root's name as a prefix; the root
    the pipeline passes is then the folder inside it, so that prefix is dropped here.
    """
    rel = PurePosixPath(job.location.path)
    direct = root / rel
    if direct.exists() or len(rel.parts) < 2 or rel.parts[0] != root.name:
        return direct.parent
    return (root / PurePosixPath(*rel.parts[1:])).parent


def _inside(path: Path, root: Path) -> Path | None:
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        return None
    return real if real.is_relative_to(root.resolve()) else None


def _candidates(value: str, job: MigrationJob, root: Path) -> list[Path]:
    rel = PurePosixPath(value.removeprefix("file://").removeprefix("file:"))
    here = source_dir(job, root)
    if rel.is_absolute():
        return [here / rel.name, root / rel.name]
    return [here / rel, root / rel, here / rel.name]


def find_file(
    value: str, job: MigrationJob, root: Path, max_bytes: int = MAX_FILE_BYTES
) -> Path | None:
    """A regular file a job names, inside the input root and within the size bound."""
    if not value or "${" in PurePosixPath(value).name:
        return None
    for cand in _candidates(value, job, root):
        real = _inside(cand, root)
        if real is not None and real.is_file() and real.stat().st_size <= max_bytes:
            return real
    return None


def find_dir(value: str, job: MigrationJob, root: Path) -> Path | None:
    """A folder a job names (a TonY `--src_dir`, a SavedModel), inside the input root."""
    if not value or "${" in value:
        return None
    for cand in _candidates(value.rstrip("/"), job, root):
        real = _inside(cand, root)
        if real is not None and real.is_dir() and real != root.resolve():
            return real
    return None


def copy_file(path: Path, dest: str, out: Artifacts) -> None:
    """Copy one found file into the artifacts and credit the input."""
    out.add(dest, path.read_bytes())
    out.used_inputs.add(path)


def copy_dir(folder: Path, dest: str, out: Artifacts) -> int:
    """Copy a folder's files (no hidden files, caches or key material); returns the count."""
    copied, total = 0, 0
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(p.startswith(".") or p in _SKIP_NAMES for p in rel.parts) or path.is_symlink():
            continue
        if not path.is_file() or path.name.endswith(_SECRET_SUFFIXES):
            continue
        size = path.stat().st_size
        if copied >= MAX_DIR_FILES or total + size > MAX_DIR_BYTES:
            break
        copy_file(path, f"{dest}/{rel.as_posix()}", out)
        copied, total = copied + 1, total + size
    return copied


def bake_files(
    job: MigrationJob, root: Path, out: Artifacts, base: str, values: list[str]
) -> list[str]:
    """Copy named files into `<base>/app/`; a missing one is a DF001 finding. Returns names."""
    names = []
    for value in values:
        name = PurePosixPath(value).name
        found = find_file(value, job, root)
        if found is None:
            out.findings.append(make("DF001", job.location, path=value, dest=f"{base}/app/{name}"))
            continue
        copy_file(found, f"{base}/app/{name}", out)
        names.append(name)
    return names
