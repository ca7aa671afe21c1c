"""Archives are listed and their metadata read within bounds, never extracted."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from yarn2k8s.deps.archives import ArchiveError, ArchiveLimits, is_archive, read_archive


def _tar(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
    return path


def test_tar_members_are_read_without_extracting(tmp_path: Path) -> None:
    archive = _tar(tmp_path / "env.tgz", {"./env/a.txt": b"A", "env/b.txt": b"B"})
    listing = read_archive(archive, lambda n: n.endswith("a.txt"))
    assert listing.names == ["env/a.txt", "env/b.txt"]
    assert listing.contents == {"env/a.txt": b"A"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["env.tgz"]


def test_links_are_listed_never_followed(tmp_path: Path) -> None:
    archive = _tar(tmp_path / "env.tar.gz", {"x": b"x"}, {"etc-passwd": "/etc/passwd"})
    listing = read_archive(archive, lambda n: True)
    assert listing.links == ["etc-passwd"]
    assert "etc-passwd" not in listing.contents


def test_member_count_limit_truncates(tmp_path: Path) -> None:
    archive = _tar(tmp_path / "many.tgz", {f"f{i}": b"" for i in range(20)})
    listing = read_archive(archive, lambda n: False, ArchiveLimits(max_members=5))
    assert listing.truncated and len(listing.names) == 5


def test_member_byte_limit_skips_big_members(tmp_path: Path) -> None:
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("huge", b"0" * 100_000)  # compresses to almost nothing: a small zip bomb
        z.writestr("small", b"ok")
    listing = read_archive(archive, lambda n: True, ArchiveLimits(max_member_bytes=1000))
    assert listing.contents == {"small": b"ok"}


def test_archive_size_limit(tmp_path: Path) -> None:
    archive = _tar(tmp_path / "x.tgz", {"a": b"a" * 1000})
    with pytest.raises(ArchiveError, match="limit"):
        read_archive(archive, lambda n: True, ArchiveLimits(max_archive_bytes=10))


def test_not_an_archive_is_an_error_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "env.tar.gz"
    bad.write_text("not-a-real-archive", encoding="utf-8")
    with pytest.raises(ArchiveError, match="not a readable"):
        read_archive(bad, lambda n: True)


def test_zip_symlink_is_not_read(tmp_path: Path) -> None:
    archive = tmp_path / "v.zip"
    with zipfile.ZipFile(archive, "w") as z:
        info = zipfile.ZipInfo("venv/bin/python")
        info.external_attr = 0o120777 << 16
        z.writestr(info, "/usr/bin/python3")
    listing = read_archive(archive, lambda n: True)
    assert listing.links == ["venv/bin/python"] and listing.contents == {}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("env.tar.gz", True), ("env.tgz", True), ("lib.zip", True), ("x.egg", True), ("a.jar", False)],
)
def test_is_archive(name: str, expected: bool) -> None:
    assert is_archive(name) is expected
