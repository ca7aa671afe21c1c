"""Tests for yarn2k8s.writer: the contracts of writing the output tree OUT."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yarn2k8s.errors import OutputError
from yarn2k8s.writer import (
    MANIFEST_NAME,
    WriteResult,
    is_output_dir,
    plan_changes,
    write_tree,
)

FILES = {
    "jobs/etl/k8s/sparkapplication.yaml": b"kind: SparkApplication\n",
    "jobs/etl/k8s/configmap.yaml": b"kind: ConfigMap\n",
    "jobs/train/k8s/job.yaml": b"kind: Job\n",
    "README.md": b"# out\n",
}
OLD_NS = 1_000_000_000 * 1_000_000_000  # an mtime far from "now", so any rewrite shows


def _snapshot(root: Path) -> dict[str, tuple[bytes | str, int]]:
    """Every entry under root (without following symlinks) with its content and mtime."""
    snap: dict[str, tuple[bytes | str, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                content: bytes | str = "link:" + os.readlink(path)
            elif stat.S_ISDIR(info.st_mode):
                content = "dir"
            else:
                content = path.read_bytes()
            snap[path.relative_to(root).as_posix()] = (content, info.st_mtime_ns)
    return snap


def _age(root: Path) -> None:
    """Set every mtime under root to OLD_NS."""
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            os.utime(Path(dirpath, name), ns=(OLD_NS, OLD_NS))


def _tmp_files(root: Path) -> list[str]:
    return [name for _d, _s, names in os.walk(root) for name in names if ".yarn2k8s-tmp-" in name]


def _manifest(out: Path) -> list[str]:
    doc = json.loads((out / MANIFEST_NAME).read_text())
    files: list[str] = doc["files"]
    return files


# --- fresh write -------------------------------------------------------------------------------


def test_fresh_write_creates_out_and_files(tmp_path: Path) -> None:
    out = tmp_path / "a" / "out"
    result = write_tree(out, FILES)
    assert result == WriteResult(tuple(sorted(FILES)), (), ())
    for rel, data in FILES.items():
        path = out / rel
        assert path.read_bytes() == data
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert _manifest(out) == sorted(FILES)
    assert is_output_dir(out)


def test_fresh_write_into_empty_existing_dir(tmp_path: Path) -> None:
    result = write_tree(tmp_path, {"x.yaml": b"x"})
    assert result.written == ("x.yaml",)
    assert (tmp_path / "x.yaml").read_bytes() == b"x"


def test_mode_is_0644_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        write_tree(tmp_path / "out", {"a.yaml": b"a"})
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out" / "a.yaml").stat().st_mode) == 0o644


def test_manifest_bytes_are_deterministic(tmp_path: Path) -> None:
    write_tree(tmp_path / "one", FILES)
    write_tree(tmp_path / "two", dict(reversed(list(FILES.items()))))
    raw = (tmp_path / "one" / MANIFEST_NAME).read_bytes()
    assert raw == (tmp_path / "two" / MANIFEST_NAME).read_bytes()
    expected = {"files": sorted(FILES), "schema": 1, "tool": "yarn2k8s"}
    assert raw == (json.dumps(expected, sort_keys=True, indent=2) + "\n").encode()
    assert MANIFEST_NAME not in _manifest(tmp_path / "one")


def test_empty_files_writes_only_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert write_tree(out, {}) == WriteResult((), (), ())
    assert sorted(os.listdir(out)) == [MANIFEST_NAME]
    assert _manifest(out) == []


# --- re-runs -----------------------------------------------------------------------------------


def test_rerun_identical_writes_nothing_and_keeps_mtimes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, FILES)
    _age(out)
    before = _snapshot(out)
    result = write_tree(out, FILES)
    assert result == WriteResult((), tuple(sorted(FILES)), ())
    assert _snapshot(out) == before  # the manifest included


def test_changed_file_is_rewritten_others_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, FILES)
    _age(out)
    changed = dict(FILES, **{"jobs/train/k8s/job.yaml": b"kind: Job\nspec: {}\n"})
    result = write_tree(out, changed)
    assert result.written == ("jobs/train/k8s/job.yaml",)
    assert result.unchanged == tuple(sorted(set(FILES) - {"jobs/train/k8s/job.yaml"}))
    assert (out / "jobs/train/k8s/job.yaml").read_bytes() == b"kind: Job\nspec: {}\n"
    assert (out / "jobs/etl/k8s/configmap.yaml").stat().st_mtime_ns == OLD_NS
    assert (out / MANIFEST_NAME).stat().st_mtime_ns == OLD_NS  # same file list


def test_same_size_change_is_detected(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a": b"aaaa"})
    assert write_tree(tmp_path, {"a": b"bbbb"}).written == ("a",)
    assert (tmp_path / "a").read_bytes() == b"bbbb"


def test_pruning_removes_owned_files_and_empty_dirs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, FILES)
    keep = {"README.md": FILES["README.md"]}
    result = write_tree(out, keep)
    assert result.pruned == tuple(sorted(set(FILES) - {"README.md"}))
    assert result.unchanged == ("README.md",)
    assert not (out / "jobs").exists()
    assert _manifest(out) == ["README.md"]


def test_pruning_everything_keeps_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a/b/c.yaml": b"c"})
    assert write_tree(out, {}).pruned == ("a/b/c.yaml",)
    assert sorted(os.listdir(out)) == [MANIFEST_NAME]


def test_unowned_files_survive_pruning(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, FILES)
    (out / "jobs/etl/k8s/NOTES.txt").write_bytes(b"mine")
    (out / "mine.txt").write_bytes(b"mine too")
    result = write_tree(out, {"README.md": FILES["README.md"]})
    assert "jobs/etl/k8s/sparkapplication.yaml" in result.pruned
    assert (out / "jobs/etl/k8s/NOTES.txt").read_bytes() == b"mine"
    assert (out / "mine.txt").read_bytes() == b"mine too"
    assert not (out / "jobs/etl/k8s/sparkapplication.yaml").exists()
    assert not (out / "jobs/train").exists()  # emptied by pruning


def test_stale_path_replaced_by_symlink_is_not_deleted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep")
    write_tree(out, {"a.yaml": b"a", "b.yaml": b"b"})
    (out / "b.yaml").unlink()
    (out / "b.yaml").symlink_to(victim)
    result = write_tree(out, {"a.yaml": b"a"})
    assert result.pruned == ()
    assert (out / "b.yaml").is_symlink()
    assert victim.read_bytes() == b"keep"
    assert _manifest(out) == ["a.yaml"]


def test_stale_path_already_gone_is_not_reported(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.yaml": b"a", "b.yaml": b"b"})
    (tmp_path / "b.yaml").unlink()
    assert write_tree(tmp_path, {"a.yaml": b"a"}).pruned == ()


# --- foreign folders and --force ---------------------------------------------------------------


def test_non_empty_foreign_dir_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_bytes(b"mine")
    before = _snapshot(tmp_path)
    with pytest.raises(OutputError, match="not empty and was not written by yarn2k8s; use --force"):
        write_tree(tmp_path, FILES)
    with pytest.raises(OutputError, match="use --force"):
        plan_changes(tmp_path, FILES)
    assert _snapshot(tmp_path) == before


def test_force_writes_but_keeps_foreign_files(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_bytes(b"mine")
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "other.txt").write_bytes(b"other")
    (tmp_path / "README.md").write_bytes(b"theirs")
    result = write_tree(tmp_path, FILES, force=True)
    assert result.written == tuple(sorted(FILES))
    assert (tmp_path / "README.md").read_bytes() == FILES["README.md"]  # force overwrites
    assert (tmp_path / "mine.txt").read_bytes() == b"mine"
    assert _manifest(tmp_path) == sorted(FILES)
    # A later run prunes only what it owns, never the foreign files.
    write_tree(tmp_path, {})
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        MANIFEST_NAME,
        "jobs",
        "mine.txt",
        "other.txt",
    ]


def test_unowned_conflicting_file_needs_force_on_rerun(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.yaml": b"a"})
    (tmp_path / "b.yaml").write_bytes(b"theirs")
    with pytest.raises(OutputError, match=r"'b\.yaml'.*use --force"):
        write_tree(tmp_path, {"a.yaml": b"a2", "b.yaml": b"ours"})
    assert (tmp_path / "a.yaml").read_bytes() == b"a"  # refused before touching anything
    assert write_tree(tmp_path, {"b.yaml": b"ours"}, force=True).written == ("b.yaml",)
    assert (tmp_path / "b.yaml").read_bytes() == b"ours"


def test_unowned_identical_file_is_adopted(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.yaml": b"a"})
    (tmp_path / "b.yaml").write_bytes(b"b")
    result = write_tree(tmp_path, {"a.yaml": b"a", "b.yaml": b"b"})
    assert result.unchanged == ("a.yaml", "b.yaml")
    assert _manifest(tmp_path) == ["a.yaml", "b.yaml"]


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_bytes(b"x")
    with pytest.raises(OutputError, match="not a folder"):
        write_tree(out, FILES)


# --- unsafe paths ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel",
    [
        "../x",
        "/abs",
        "a/../../b",
        "a/..",
        "",
        "a\\b",
        "..\\x",
        "a\x00b",
        "a//b",
        "./a",
        "a/./b",
        "a/",
        MANIFEST_NAME,
        "jobs/.yarn2k8s-tmp-x",
    ],
)
def test_unsafe_paths_are_rejected(tmp_path: Path, rel: str) -> None:
    out = tmp_path / "sub" / "out"
    with pytest.raises(OutputError) as caught:
        write_tree(out, {"ok.yaml": b"ok", rel: b"evil"})
    assert repr(rel) in str(caught.value)
    with pytest.raises(OutputError):
        plan_changes(out, {rel: b"evil"})
    assert not out.exists()  # nothing at all was written
    assert sorted(p.name for p in tmp_path.rglob("*")) == []


def test_file_and_folder_at_one_path_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="both a file and a folder"):
        write_tree(tmp_path, {"a": b"1", "a/b": b"2"})
    assert os.listdir(tmp_path) == []


def test_non_bytes_content_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="not bytes"):
        write_tree(tmp_path, {"a": "text"})  # type: ignore[dict-item]


def test_dir_symlink_pointing_outside_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_tree(out, {"README.md": b"r"})
    (out / "jobs").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputError, match=r"jobs/etl/k8s/configmap\.yaml.*outside"):
        write_tree(out, FILES, force=True)
    with pytest.raises(OutputError, match="outside"):
        plan_changes(out, FILES)
    assert list(elsewhere.iterdir()) == []
    assert (out / "README.md").read_bytes() == b"r"


def test_dangling_dir_symlink_pointing_outside_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {})
    (out / "jobs").symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputError, match="outside"):
        write_tree(out, {"jobs/a.yaml": b"a"})
    assert not (tmp_path / "nowhere").exists()


def test_dir_symlink_inside_out_is_followed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"real/keep.yaml": b"k"})
    (out / "jobs").symlink_to(out / "real", target_is_directory=True)
    write_tree(out, {"real/keep.yaml": b"k", "jobs/a.yaml": b"a"})
    assert (out / "real" / "a.yaml").read_bytes() == b"a"
    with pytest.raises(OutputError, match="same file"):
        write_tree(out, {"real/a.yaml": b"a", "jobs/a.yaml": b"a"})


def test_stale_alias_of_a_produced_file_is_not_pruned(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"real/a.yaml": b"a"})
    (out / "jobs").symlink_to(out / "real", target_is_directory=True)
    write_tree(out, {"jobs/a.yaml": b"a"})
    assert (out / "real" / "a.yaml").read_bytes() == b"a"  # not pruned through its old name


def test_symlink_at_target_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep")
    write_tree(out, {"a.yaml": b"a"})
    (out / "a.yaml").unlink()
    (out / "a.yaml").symlink_to(victim)
    for force in (False, True):
        with pytest.raises(OutputError, match=r"symlink.*'a\.yaml'"):
            write_tree(out, {"a.yaml": b"new"}, force=force)
    assert (out / "a.yaml").is_symlink()
    assert victim.read_bytes() == b"keep"


def test_target_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    write_tree(tmp_path, {})
    (tmp_path / "a.yaml").mkdir()
    with pytest.raises(OutputError, match=r"'a\.yaml'.*folder"):
        write_tree(tmp_path, {"a.yaml": b"a"}, force=True)


def test_parent_that_is_a_file_is_refused(tmp_path: Path) -> None:
    write_tree(tmp_path, {"jobs": b"file"})
    with pytest.raises(OutputError, match="not a folder"):
        plan_changes(tmp_path, {"jobs/a.yaml": b"a"})
    assert (tmp_path / "jobs").read_bytes() == b"file"


# --- corrupt manifests -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b"[]",
        b'"files"',
        b'{"schema": 2, "tool": "yarn2k8s", "files": []}',
        b'{"schema": true, "tool": "yarn2k8s", "files": []}',
        b'{"schema": "1", "tool": "yarn2k8s", "files": []}',
        b'{"schema": 1, "tool": "other", "files": []}',
        b'{"schema": 1, "tool": "yarn2k8s"}',
        b'{"schema": 1, "tool": "yarn2k8s", "files": "a.yaml"}',
        b'{"schema": 1, "tool": "yarn2k8s", "files": [1]}',
        b'{"schema": 1, "tool": "yarn2k8s", "files": ["../victim.txt"]}',
        b'{"schema": 1, "tool": "yarn2k8s", "files": ["/etc/passwd"]}',
        b'{"schema": 1, "tool": "yarn2k8s", "files": ["a/../../victim.txt"]}',
        b"[" * 100_000,
    ],
)
def test_corrupt_manifest_is_refused(tmp_path: Path, raw: bytes) -> None:
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep")
    write_tree(out, {"a.yaml": b"a"})
    (out / MANIFEST_NAME).write_bytes(raw)
    for call in (plan_changes, write_tree):
        with pytest.raises(OutputError, match=MANIFEST_NAME.replace(".", r"\.")):
            call(out, {})
    assert victim.read_bytes() == b"keep"
    assert (out / "a.yaml").read_bytes() == b"a"


def test_manifest_symlink_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "m.json"
    elsewhere.write_text(json.dumps({"schema": 1, "tool": "yarn2k8s", "files": []}))
    (out / MANIFEST_NAME).symlink_to(elsewhere)
    with pytest.raises(OutputError, match="not a regular file"):
        write_tree(out, {"a.yaml": b"a"})
    assert not (out / "a.yaml").exists()


def test_owned_path_behind_outside_symlink_is_never_deleted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.yaml").write_bytes(b"keep")
    write_tree(out, {"jobs/a.yaml": b"a"})
    (out / "jobs" / "a.yaml").unlink()
    (out / "jobs").rmdir()
    (out / "jobs").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputError, match="outside"):
        write_tree(out, {})
    assert (elsewhere / "a.yaml").read_bytes() == b"keep"


# --- plan_changes ------------------------------------------------------------------------------


def test_plan_changes_touches_nothing_and_matches_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, FILES)
    _age(out)
    (out / "mine.txt").write_bytes(b"mine")
    new = {
        "README.md": FILES["README.md"],  # unchanged
        "jobs/etl/k8s/sparkapplication.yaml": b"changed\n",  # written
        "jobs/new/k8s/job.yaml": b"new\n",  # written (created)
    }  # the rest is pruned
    before = _snapshot(tmp_path)
    planned = plan_changes(out, new)
    assert _snapshot(tmp_path) == before
    assert planned == WriteResult(
        written=("jobs/etl/k8s/sparkapplication.yaml", "jobs/new/k8s/job.yaml"),
        unchanged=("README.md",),
        pruned=("jobs/etl/k8s/configmap.yaml", "jobs/train/k8s/job.yaml"),
    )
    assert write_tree(out, new) == planned
    assert plan_changes(out, new) == WriteResult((), tuple(sorted(new)), ())


def test_plan_changes_on_missing_out_creates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    planned = plan_changes(out, FILES)
    assert not out.exists()
    assert planned == write_tree(out, FILES)


def test_plan_changes_with_force_matches_write(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_bytes(b"theirs")
    planned = plan_changes(tmp_path, FILES, force=True)
    assert (tmp_path / "README.md").read_bytes() == b"theirs"
    assert write_tree(tmp_path, FILES, force=True) == planned


# --- atomic writes and temp files --------------------------------------------------------------


def test_no_temp_files_after_writes(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    write_tree(tmp_path, dict(FILES, **{"README.md": b"changed"}))
    assert _tmp_files(tmp_path) == []


def test_failed_replace_leaves_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_tree(out, FILES)

    def fail(src: object, dst: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError, match=r"'README\.md'.*disk on fire"):
        write_tree(out, dict(FILES, **{"README.md": b"changed"}))
    monkeypatch.undo()
    assert _tmp_files(tmp_path) == []
    assert (out / "README.md").read_bytes() == FILES["README.md"]
    assert _manifest(out) == sorted(FILES)


def test_failure_midway_leaves_no_temp_files_and_rerun_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real_replace = os.replace

    def fail_on_train(src: str, dst: str | os.PathLike[str]) -> None:
        if "train" in str(dst):
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_on_train)
    with pytest.raises(OutputError, match="disk full"):
        write_tree(out, FILES)
    monkeypatch.undo()
    assert _tmp_files(tmp_path) == []
    assert (out / "README.md").read_bytes() == FILES["README.md"]  # written before the failure
    assert not (out / "jobs/train/k8s/job.yaml").exists()
    # The interrupted run claimed OUT, so a plain re-run completes it without --force.
    result = write_tree(out, FILES)
    assert result.written == ("jobs/train/k8s/job.yaml",)
    assert _manifest(out) == sorted(FILES)


def test_failure_while_writing_content_removes_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(fd: int, mode: int) -> None:
        raise PermissionError("no chmod")

    monkeypatch.setattr(os, "fchmod", fail)
    old_umask = os.umask(0o077)  # a umask that narrows the mode: the writer must chmod
    try:
        with pytest.raises(OutputError, match="no chmod"):
            write_tree(tmp_path / "out", FILES)
    finally:
        os.umask(old_umask)
    monkeypatch.undo()
    assert _tmp_files(tmp_path) == []


# --- discovery helper --------------------------------------------------------------------------


def test_is_output_dir(tmp_path: Path) -> None:
    assert not is_output_dir(tmp_path)
    assert not is_output_dir(tmp_path / "missing")
    write_tree(tmp_path / "out", {})
    assert is_output_dir(tmp_path / "out")


# --- properties --------------------------------------------------------------------------------

_trees = st.dictionaries(
    st.builds("d{}/f{}.yaml".format, st.integers(0, 2), st.integers(0, 3)),
    st.binary(max_size=8),
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(first=_trees, second=_trees)
def test_out_ends_up_holding_exactly_the_files(
    first: dict[str, bytes], second: dict[str, bytes]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        write_tree(out, first)
        planned = plan_changes(out, second)
        assert write_tree(out, second) == planned
        assert planned.pruned == tuple(sorted(set(first) - set(second)))
        held = {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in out.rglob("*")
            if p.is_file() and p.name != MANIFEST_NAME
        }
        assert held == second
        assert plan_changes(out, second) == WriteResult((), tuple(sorted(second)), ())
        # Every folder left is non-empty: pruning removed the ones it emptied.
        assert all(any(d.iterdir()) for d in out.rglob("*") if d.is_dir())
