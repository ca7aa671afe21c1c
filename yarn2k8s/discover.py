"""Finding input files under the paths given on the command line."""

from __future__ import annotations

import errno
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
    # A symlink found by walking that leads out of the input tree: never read (YK016).
    outside: bool = False


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
        files = list(_walk(root)) if given.is_dir() else [(given, False)]
        for path, outside in files:
            rel = prefix + path.relative_to(root).as_posix()
            found.setdefault(rel, Discovered(rel, path, root, outside))
    return sorted(found.values())


def _walk(root: Path) -> list[tuple[Path, bool]]:
    """Every file below root, and whether it is a symlink leading out of the tree."""
    out: list[tuple[Path, bool]] = []
    resolved_root = root.resolve()
    for current, dirs, files in os.walk(root, followlinks=False):
        here = Path(current)
        if (here / MANIFEST_NAME).exists():  # a yarn2k8s output folder
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            path = here / name
            out.append((path, path.is_symlink() and _leaves_tree(path, resolved_root)))
    return out


def _leaves_tree(link: Path, resolved_root: Path) -> bool:
    """Whether a symlink leads out of the input tree (such a link is never read).

    A link loop is not "outside": reading it fails, and that is a finding (YK001) for the
    file, never an exception that stops the run.
    """
    try:
        return not link.resolve().is_relative_to(resolved_root)
    except RuntimeError:  # Python 3.11-3.12 report a symlink loop this way
        return False
    except OSError as err:  # Python 3.13+
        return err.errno != errno.ELOOP
