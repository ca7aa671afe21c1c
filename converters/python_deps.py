"""What a training job's Python environment held: packages and versions read from a shipped
venv/conda archive (names only: nothing is ever extracted), a requirements file, or pins.

Archives are read through their member list, bounded in count and size, so a large or hostile
archive costs little and can never write anything.
"""

from __future__ import annotations

import re
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_ARCHIVE_BYTES = 2 * 1024**3  # a zip's central directory is read without the payload
MAX_TAR_BYTES = 256 * 1024**2  # a tarball must be decompressed to be listed
MAX_MEMBERS = 200_000

_DIST = re.compile(r"(?:^|/)site-packages/([A-Za-z0-9_.]+?)-(\d[^/]*?)\.(?:dist-info|egg-info)/")
_PYTHON = re.compile(r"(?:^|/)lib/python(\d+\.\d+)/")
_REQ_LINE = re.compile(
    r"^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)\s*(?:\[[^\]]*\])?\s*((?:==|>=|<=|~=|!=|<|>)[^;#\s]+)?"
)


@dataclass
class PythonEnv:
    """Packages (normalized name -> version or specifier) and the Python version, if known."""

    packages: dict[str, str] = field(default_factory=dict)
    python: str = ""

    def version_of(self, *names: str) -> str:
        """The first exact version among names (`tensorflow`, `tensorflow-gpu`...), or ""."""
        for name in names:
            value = self.packages.get(normalize(name), "")
            if value.startswith("=="):
                return value[2:]
            if value and value[0].isdigit():
                return value
        return ""


def normalize(name: str) -> str:
    """PEP 503 name normalization."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_archive(path: Path) -> PythonEnv:
    """Packages in a shipped environment archive (zip, tar, tar.gz); empty if unreadable."""
    env = PythonEnv()
    try:
        size = path.stat().st_size
        names = _zip_names(path, size) if zipfile.is_zipfile(path) else _tar_names(path, size)
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError, ValueError):
        return env
    for name in names:
        dist = _DIST.search(name)
        if dist:
            env.packages.setdefault(normalize(dist.group(1)), dist.group(2))
        if not env.python:
            py = _PYTHON.search(name)
            env.python = py.group(1) if py else ""
    return env


def _zip_names(path: Path, size: int) -> list[str]:
    if size > MAX_ARCHIVE_BYTES:
        return []
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()[:MAX_MEMBERS]


def _tar_names(path: Path, size: int) -> list[str]:
    if size > MAX_TAR_BYTES:
        return []
    names = []
    with tarfile.open(path, "r:*") as archive:
        for member in archive:
            names.append(member.name)
            if len(names) >= MAX_MEMBERS:
                break
    return names


def read_requirements(text: str) -> PythonEnv:
    """Packages a requirements file names, with their specifiers."""
    env = PythonEnv()
    for line in text.splitlines():
        if line.strip().startswith(("#", "-")):
            continue
        match = _REQ_LINE.match(line)
        if match:
            env.packages.setdefault(normalize(match.group(1)), match.group(2) or "")
    return env


def requirement_lines(packages: dict[str, str], exclude: frozenset[str]) -> list[str]:
    """Sorted requirement lines (`name==1.2`), leaving out what the base image provides."""
    lines = []
    for name, version in sorted(packages.items()):
        if name in exclude:
            continue
        if version and version[0].isdigit():
            lines.append(f"{name}=={version}")
        else:
            lines.append(f"{name}{version}")
    return lines
