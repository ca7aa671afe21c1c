"""Read tar and zip archives without extracting them.

Only member names and a few small metadata members are read, within fixed bounds (member count,
bytes per member, bytes in total). Links are listed but never followed, nothing is written to
disk, and a damaged or oversized archive is reported, never raised past the caller.
"""

from __future__ import annotations

import stat
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz", ".zip", ".egg", ".whl")


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds on what one archive may cost to read."""

    max_archive_bytes: int = 16 * 1024**3  # file size on disk
    max_members: int = 250_000
    max_member_bytes: int = 2 * 1024 * 1024  # one metadata member
    max_read_bytes: int = 64 * 1024 * 1024  # all members read, together
    # A compressed tar is read front to back: bytes decompressed to reach the next member
    # (a gzip bomb of one huge member stops here, before it is inflated).
    max_scan_bytes: int = 4 * 1024**3


class ArchiveError(Exception):
    """The archive cannot be read (damaged, not an archive, over a limit)."""


@dataclass
class Listing:
    """Member names and the contents of the members that were asked for."""

    names: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # symlinks and hard links, not followed
    contents: dict[str, bytes] = field(default_factory=dict)
    truncated: bool = False  # a limit stopped the listing early


def is_archive(name: str) -> bool:
    """True for names spark-submit would treat as an archive we can list."""
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def _clean(name: str) -> str:
    # Members are often stored as "./env/..."; a leading slash is never honoured.
    while name.startswith(("./", "/")):
        name = name[2:] if name.startswith("./") else name[1:]
    return name


class _Budget:
    def __init__(self, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.read = 0

    def allows(self, size: int) -> bool:
        return (
            size <= self.limits.max_member_bytes and self.read + size <= self.limits.max_read_bytes
        )


def read_archive(
    path: Path, want: Callable[[str], bool], limits: ArchiveLimits | None = None
) -> Listing:
    """List an archive and read the regular-file members `want` selects (never extracting)."""
    limits = limits or ArchiveLimits()
    try:
        size = path.stat().st_size
    except OSError as err:
        raise ArchiveError(f"cannot read: {err.strerror}") from None
    if size > limits.max_archive_bytes:
        raise ArchiveError(f"{size} bytes is over the {limits.max_archive_bytes}-byte limit")
    try:
        if zipfile.is_zipfile(path):
            return _read_zip(path, want, _Budget(limits))
        return _read_tar(path, want, _Budget(limits))
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError, ValueError) as err:
        raise ArchiveError(f"not a readable tar or zip archive ({type(err).__name__})") from None


def _read_tar(path: Path, want: Callable[[str], bool], budget: _Budget) -> Listing:
    out = Listing()
    # Stream mode reads the archive once, front to back, and cannot seek to a link target.
    with tarfile.open(path, mode="r|*") as tar:
        for member in tar:
            if len(out.names) + len(out.links) >= budget.limits.max_members:
                out.truncated = True
                break
            if member.offset_data + member.size > budget.limits.max_scan_bytes:
                out.truncated = True  # reaching the next header would inflate past the bound
                break
            name = _clean(member.name)
            if member.issym() or member.islnk():
                out.links.append(name)
                continue
            out.names.append(name + ("/" if member.isdir() else ""))
            if member.isfile() and want(name) and budget.allows(member.size):
                handle = tar.extractfile(member)
                if handle is not None:
                    data = handle.read(budget.limits.max_member_bytes + 1)
                    budget.read += len(data)
                    out.contents[name] = data
    return out


def _zip_directory_size(path: Path) -> tuple[int, int]:
    """(entries, bytes) the central directory claims, read from its end record only."""
    with path.open("rb") as handle:
        end = zipfile._EndRecData(handle)  # type: ignore[attr-defined]
    if not end:
        raise zipfile.BadZipFile("no end of central directory record")
    return int(end[zipfile._ECD_ENTRIES_TOTAL]), int(end[zipfile._ECD_SIZE])  # type: ignore[attr-defined]


def _read_zip(path: Path, want: Callable[[str], bool], budget: _Budget) -> Listing:
    out = Listing()
    # ZipFile loads the whole central directory first: refuse one too big to hold.
    entries, size = _zip_directory_size(path)
    if entries > budget.limits.max_members or size > budget.limits.max_read_bytes:
        raise ArchiveError(
            f"its central directory lists {entries} members in {size} bytes, over the limits"
        )
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if len(out.names) + len(out.links) >= budget.limits.max_members:
                out.truncated = True
                break
            name = _clean(info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                out.links.append(name)
                continue
            out.names.append(name)
            if not info.is_dir() and want(name) and budget.allows(info.file_size):
                with archive.open(info) as handle:
                    # file_size is what the header claims; the read bound is what counts.
                    data = handle.read(budget.limits.max_member_bytes + 1)
                budget.read += len(data)
                out.contents[name] = data
    return out
