"""Finding input files under the paths given on the command line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from yarn2k8s.errors import InputError
from yarn2k8s.writer import MANIFEST_NAME

# Golden `expected/` folders and tool folders are never inputs.
_SKIP_DIRS = frozenset(
    {
        "expected",
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
    }
)


@dataclass(frozen=True, order=True)
class Discovered:
    """A file to read, with the root its relative path is taken from."""

    rel: str
    path: Path
    root: Path


def _relative_prefix(root: Path, roots: list[Path]) -> str:
    # With several roots, prefix paths with the root's name so they stay distinct.
    return f"{root.name}/" if len(roots) > 1 else ""


def discover(paths: list[Path]) -> list[Discovered]:
    """Every candidate input file, sorted by relative path.

    Raises:
        InputError: a path does not exist.
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file or directory: {', '.join(missing)}")
    roots = [p if p.is_dir() else p.parent for p in paths]
    found: dict[str, Discovered] = {}
    for given, root in zip(paths, roots, strict=True):
        prefix = _relative_prefix(root, roots)
        files = [given] if given.is_file() else list(_walk(root))
        for path in files:
            rel = prefix + path.relative_to(root).as_posix()
            found.setdefault(rel, Discovered(rel, path, root))
    return sorted(found.values())


def _walk(root: Path) -> list[Path]:
    out: list[Path] = []
    resolved_root = root.resolve()
    for current, dirs, files in os.walk(root, followlinks=False):
        here = Path(current)
        if (here / MANIFEST_NAME).exists():  # a yarn2k8s output folder
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            path = here / name
            if path.is_symlink():
                # A link pointing out of the tree is never read.
                try:
                    if not path.resolve().is_relative_to(resolved_root):
                        continue
                except OSError:
                    continue
            out.append(path)
    return out
