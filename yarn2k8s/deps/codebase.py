"""The job's own code: the main file, `--py-files` (.py, .zip, .egg) and the local packages its
imports reach, followed module by module. Nothing is extracted or executed.

Only code the main file reaches is read, so tests, notebooks and scripts that happen to sit in
the same folder do not add dependencies.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from yarn2k8s.deps.archives import read_archive
from yarn2k8s.deps.imports import ImportRef, parse_source

MAX_FILES = 400
MAX_SOURCE_BYTES = 2 * 1024 * 1024


@dataclass
class Source:
    """One Python source to scan."""

    display: str  # input-relative path, or `archive!member`
    text: str
    package: str  # dotted package the module belongs to ("" at top level)


@dataclass
class ZipRoot:
    """A `--py-files` zip/egg: its member names and the .py members' text."""

    display: str
    members: dict[str, str]  # member path -> source text (.py only)
    names: set[str] = field(default_factory=set)  # every member path


@dataclass
class ScanResult:
    """External imports, with the files read and those that are not Python 3."""

    imports: list[ImportRef] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    python2: list[tuple[str, str]] = field(default_factory=list)  # (file, detail)
    truncated: bool = False


def load_zip(path: Path, display: str) -> ZipRoot:
    """A py-files archive's modules (bounded like every archive read)."""
    listing = read_archive(path, lambda n: n.endswith(".py"))
    members = {
        name: data[:MAX_SOURCE_BYTES].decode("utf-8", "replace")
        for name, data in listing.contents.items()
    }
    return ZipRoot(display, members, set(listing.names))


class Codebase:
    """Where local modules live: folders on disk and py-files archives."""

    def __init__(self, root: Path, folders: list[Path], zips: list[ZipRoot], modules: list[Path]):
        self.root = root.resolve()
        self.folders = [f.resolve() for f in folders]
        self.zips = zips
        self.modules = {p.stem: p.resolve() for p in modules}  # single-file py-files

    def is_local(self, top: str) -> bool:
        """True if a top-level name is the job's own module or package."""
        if top in self.modules:
            return True
        for folder in self.folders:
            if (folder / f"{top}.py").is_file() or (folder / top).is_dir():
                return True
        return any(f"{top}.py" in z.names or _has_dir(z.names, top) for z in self.zips)

    def sources(self, module: str) -> list[Source]:
        """The files that importing `module` runs (its package __init__ files included)."""
        parts = module.split(".")
        found: list[Source] = []
        for end in range(1, len(parts) + 1):
            stem = "/".join(parts[:end])
            found += self._read(f"{stem}/__init__.py", ".".join(parts[:end]))
            found += self._read(f"{stem}.py", ".".join(parts[: end - 1]))
        return found

    def _read(self, rel: str, package: str) -> list[Source]:
        out: list[Source] = []
        if "/" not in rel and rel.removesuffix(".py") in self.modules:
            path = self.modules[rel.removesuffix(".py")]
            out.append(Source(self._display(path), _text(path), package))
        for folder in self.folders:
            path = folder / rel
            if path.is_file() and path.resolve().is_relative_to(self.root):
                out.append(Source(self._display(path), _text(path), package))
        for archive in self.zips:
            if rel in archive.members:
                out.append(Source(f"{archive.display}!{rel}", archive.members[rel], package))
        return out

    def _display(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()


def _has_dir(names: set[str], top: str) -> bool:
    return any(n.startswith(f"{top}/") for n in names)


def _text(path: Path) -> str:
    with path.open("rb") as handle:
        return handle.read(MAX_SOURCE_BYTES).decode("utf-8", "replace")


def scan(entry: Source, code: Codebase, target: tuple[int, int]) -> ScanResult:
    """Imports reachable from the entry file that are not the job's own code."""
    out = ScanResult()
    queue: deque[Source] = deque([entry])
    seen: set[str] = set()
    while queue:
        source = queue.popleft()
        if source.display in seen:
            continue
        if len(seen) >= MAX_FILES:
            out.truncated = True
            break
        seen.add(source.display)
        out.files.append(source.display)
        parsed = parse_source(source.text, source.display, source.package, target)
        if parsed.error:
            out.python2.append((source.display, parsed.error))
        for ref in parsed.imports:
            if ref.relative or code.is_local(ref.top):
                for module in ref.dotted_candidates():
                    queue.extend(code.sources(module))
            else:
                out.imports.append(ref)
    return out


def entry_source(path: Path, root: Path) -> Source:
    """The main file as a Source."""
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    return Source(rel, _text(path), "")
