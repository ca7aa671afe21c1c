"""Writing the output tree OUT: atomically, idempotently, and never outside OUT.

This is the only module that writes OUT. OUT holds a manifest (MANIFEST_NAME) listing the files
yarn2k8s owns, so a re-run rewrites changed files, leaves identical ones untouched (mtime kept)
and prunes files it no longer produces, while files a human put into OUT are never deleted.

Every change is planned and validated before anything is touched: a refused run writes nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from yarn2k8s.errors import OutputError

MANIFEST_NAME = ".yarn2k8s-manifest.json"
MANIFEST_SCHEMA = 1
_TOOL = "yarn2k8s"
_TMP_PREFIX = ".yarn2k8s-tmp-"
_FILE_MODE = 0o644
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What a write changed, or would change, as sorted relative POSIX paths.

    Attributes:
        written: Paths whose bytes changed or that were created.
        unchanged: Paths whose existing bytes were already identical (not rewritten).
        pruned: Owned files from the previous run that are no longer produced (deleted).
    """

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    pruned: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _State:
    """What OUT holds before the run."""

    exists: bool
    manifest: bytes | None  # the manifest's current bytes; None when there is none
    owned: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Plan:
    """A validated set of changes; executing it needs no further checks."""

    root: Path  # OUT with symlinks resolved
    state: _State
    targets: Mapping[str, Path]  # relative path -> real target, for written and pruned paths
    result: WriteResult


def is_output_dir(path: Path) -> bool:
    """Tell whether a folder is a yarn2k8s output tree (discovery skips such folders).

    Args:
        path: The folder to test.

    Returns:
        True if the folder holds a MANIFEST_NAME file.
    """
    return (path / MANIFEST_NAME).is_file()


def plan_changes(out: Path, files: Mapping[str, bytes], force: bool = False) -> WriteResult:
    """Report what write_tree would do, touching nothing (for `convert --check`).

    Args:
        out: The output folder OUT.
        files: Relative POSIX path -> content of every file to produce.
        force: As for write_tree.

    Returns:
        The result write_tree would return for the same arguments.

    Raises:
        OutputError: Whenever write_tree would refuse.
    """
    return _plan(out, files, force).result


def write_tree(out: Path, files: Mapping[str, bytes], force: bool = False) -> WriteResult:
    """Write `files` into OUT, prune owned files no longer produced, and update the manifest.

    Args:
        out: The output folder OUT; created with its parents if missing.
        files: Relative POSIX path -> content of every file to produce.
        force: Write into a non-empty folder that has no manifest, and overwrite existing files
            yarn2k8s does not own. Files not owned are never deleted, force or not.

    Returns:
        The paths written, left unchanged and pruned.

    Raises:
        OutputError: A path is unsafe, OUT is foreign (without force), the manifest is corrupt,
            or the filesystem refused a change.
    """
    plan = _plan(out, files, force)
    current = plan.state.manifest
    if current is None:
        # Claim OUT before writing into it, so an interrupted first run is still recognised as
        # ours on the next run (identical files are then adopted instead of refused).
        _make_dirs(plan.root, MANIFEST_NAME)
        current = _manifest_bytes(())
        _write_atomic(plan.root / MANIFEST_NAME, current, MANIFEST_NAME)
    made: set[Path] = set()
    chmod = _umask_narrows_mode()
    for rel in plan.result.written:
        target = plan.targets[rel]
        if target.parent not in made:
            _make_dirs(target.parent, rel)
            made.add(target.parent)
        _write_atomic(target, files[rel], rel, chmod)
    for rel in plan.result.pruned:
        _prune(plan.root, plan.targets[rel], rel)
    final = _manifest_bytes(files)
    if final != current:  # an identical manifest keeps its mtime like any other file
        _write_atomic(plan.root / MANIFEST_NAME, final, MANIFEST_NAME)
    return plan.result


# --- planning ----------------------------------------------------------------------------------


def _plan(out: Path, files: Mapping[str, bytes], force: bool) -> _Plan:
    rels = _check_files(files)
    root = Path(os.path.realpath(out))
    state = _read_state(root, force)
    targets: dict[str, Path] = {}
    written: list[str] = []
    unchanged: list[str] = []
    # Thousands of files share a few folders: resolve and check each folder once.
    folders: dict[str, Path] = {}
    # Nothing can be in the way in an empty OUT: skip a stat per file (70,000 at 10k jobs).
    fresh = not state.exists or (state.manifest is None and _is_empty(root))
    for rel in rels:
        target = _resolve(root, rel, folders)
        if fresh or _needs_write(target, files, rel, rel in state.owned or force):
            written.append(rel)
        else:
            unchanged.append(rel)
        targets[rel] = target
    _check_aliases(targets)
    prunes = _plan_prunes(root, state.owned.difference(rels), set(targets.values()))
    targets.update(prunes)
    result = WriteResult(tuple(written), tuple(unchanged), tuple(prunes))
    return _Plan(root, state, targets, result)


def _plan_prunes(root: Path, stale: Iterable[str], produced: set[Path]) -> dict[str, Path]:
    """Pick the stale owned paths that are still regular files we may delete, in sorted order.

    A stale path that is now a symlink, folder or missing is left alone (it is no longer the file
    we wrote), and so is one that aliases a produced file through a symlinked folder in OUT.
    """
    prunes: dict[str, Path] = {}
    folders: dict[str, Path] = {}
    for rel in sorted(stale):
        target = _resolve(root, rel, folders, check=False)
        st = _lstat(target, rel)
        if st is not None and stat.S_ISREG(st.st_mode) and target not in produced:
            prunes[rel] = target
    return prunes


def _check_files(files: Mapping[str, bytes]) -> list[str]:
    """Validate the requested paths and contents; return the paths sorted."""
    for rel, data in files.items():
        problem = _path_problem(rel)
        if problem is not None:
            raise OutputError(f"unsafe output path {rel!r}: {problem}")
        if not isinstance(data, bytes):
            raise OutputError(f"content for output path {rel!r} is not bytes")
    rels = sorted(files)
    _check_layout(rels)
    return rels


def _path_problem(rel: object) -> str | None:
    """Say why a relative output path is unsafe or not canonical, or None if it is fine."""
    if not isinstance(rel, str):
        return "not a string"
    if not rel:
        return "empty"
    if "\x00" in rel:
        return "contains a NUL character"
    if "\\" in rel:
        return "contains a backslash"
    if rel.startswith("/"):
        return "absolute"
    parts = rel.split("/")
    if ".." in parts:
        return "contains '..'"
    # Canonical paths only, so that one file has exactly one key in `files` and in the manifest.
    if any(part in ("", ".") for part in parts):
        return "not a normalized relative path"
    if any(part == MANIFEST_NAME or part.startswith(_TMP_PREFIX) for part in parts):
        return "uses a name reserved by yarn2k8s"
    return None


def _check_layout(rels: list[str]) -> None:
    """Refuse a path that is both a file and the folder of another requested file."""
    wanted = set(rels)
    for rel in rels:
        parts = rel.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in wanted:
                raise OutputError(f"output path {folder!r} is both a file and a folder of {rel!r}")


def _check_aliases(targets: Mapping[str, Path]) -> None:
    """Refuse two requested paths that reach one file through a symlinked folder inside OUT."""
    seen: dict[Path, str] = {}
    for rel, target in targets.items():
        if target in seen:
            raise OutputError(f"output paths {seen[target]!r} and {rel!r} are the same file")
        seen[target] = rel


def _read_state(root: Path, force: bool) -> _State:
    """Read OUT's manifest, refusing a foreign non-empty OUT unless forced."""
    st = _lstat(root, str(root))
    if st is None:
        return _State(exists=False, manifest=None, owned=frozenset())
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"output path {root} exists and is not a folder")
    manifest = _read_manifest(root / MANIFEST_NAME)
    if manifest is not None:
        return _State(exists=True, manifest=manifest, owned=_parse_manifest(manifest, root))
    if not force and not _is_empty(root):
        raise OutputError(f"{root} is not empty and was not written by yarn2k8s; use --force")
    return _State(exists=True, manifest=None, owned=frozenset())


def _read_manifest(path: Path) -> bytes | None:
    st = _lstat(path, MANIFEST_NAME)
    if st is None:
        return None
    if not stat.S_ISREG(st.st_mode):
        # Never read (or later replace) through a symlink: it could point anywhere.
        raise OutputError(f"manifest {path} is not a regular file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OutputError(f"cannot read manifest {path}: {exc}") from exc


def _parse_manifest(raw: bytes, root: Path) -> frozenset[str]:
    """Return the owned paths a manifest lists; every listed path must be safe."""
    where = root / MANIFEST_NAME
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # ValueError covers JSON and Unicode errors
        raise OutputError(f"corrupt manifest {where}: not valid JSON ({exc})") from exc
    if not isinstance(doc, dict):
        raise OutputError(f"corrupt manifest {where}: not a JSON object")
    schema = doc.get("schema")
    # type() and not isinstance(): JSON `true` must not pass as schema 1.
    if type(schema) is not int or schema != MANIFEST_SCHEMA or doc.get("tool") != _TOOL:
        raise OutputError(f"corrupt manifest {where}: unsupported schema or tool")
    listed = doc.get("files")
    if not isinstance(listed, list):
        raise OutputError(f"corrupt manifest {where}: 'files' is not a list")
    for rel in listed:
        problem = _path_problem(rel)
        if problem is not None:
            raise OutputError(f"corrupt manifest {where}: unsafe path {rel!r} ({problem})")
    return frozenset(listed)


def _resolve(root: Path, rel: str, folders: dict[str, Path], check: bool = True) -> Path:
    """Return the real target of `rel`: its folder with symlinks resolved, plus its name.

    The name itself is not resolved, so a symlink at the target is seen and refused rather than
    followed. A folder symlink that leads outside OUT is refused. With `check`, a folder that
    cannot be created (its nearest existing ancestor is not a folder) is refused too. `folders`
    caches each folder's answer for the run.
    """
    folder, _, name = rel.rpartition("/")
    parent = folders.get(folder)
    if parent is None:
        parent = Path(os.path.realpath(os.path.join(root, folder) if folder else root))
        if parent != root and not parent.is_relative_to(root):
            raise OutputError(f"output path {rel!r} leads outside {root} through a symlink")
        if check:
            _check_parent(parent, rel)
        folders[folder] = parent
    return parent / name


def _check_parent(parent: Path, rel: str) -> None:
    """Refuse a target whose nearest existing ancestor is not a folder (it cannot be created)."""
    probe = parent
    while not os.path.lexists(probe):
        probe = probe.parent
    if not probe.is_dir():
        raise OutputError(f"cannot write output path {rel!r}: {probe} is not a folder")


def _needs_write(target: Path, files: Mapping[str, bytes], rel: str, may_overwrite: bool) -> bool:
    """Decide whether `target` must be written; refuse what must never be replaced.

    The new bytes are read from `files` only to compare with an existing file (a Spool reads
    them from disk).
    """
    st = _lstat(target, rel)
    if st is None:
        return True
    if stat.S_ISLNK(st.st_mode):
        raise OutputError(f"refusing to replace symlink at output path {rel!r}")
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write output path {rel!r}: a folder is in the way")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"cannot write output path {rel!r}: not a regular file")
    data = files[rel]
    if st.st_size == len(data) and _read(target, rel) == data:
        # Identical bytes need no write; an unowned identical file is adopted, which lets a run
        # that was interrupted before writing its manifest be repeated without --force.
        return False
    if not may_overwrite:
        raise OutputError(
            f"output path {rel!r} exists and was not written by yarn2k8s; use --force"
        )
    return True


def _lstat(path: Path, rel: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # a file used as a folder: path is absent
        return None
    except OSError as exc:  # e.g. a symlink loop or a permission error
        raise OutputError(f"cannot inspect output path {rel!r}: {exc}") from exc


def _read(path: Path, rel: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OutputError(f"cannot read output path {rel!r}: {exc}") from exc


def _is_empty(root: Path) -> bool:
    try:
        with os.scandir(root) as entries:
            return next(entries, None) is None
    except OSError as exc:
        raise OutputError(f"cannot list output folder {root}: {exc}") from exc


def _manifest_bytes(paths: Iterable[str]) -> bytes:
    doc = {"schema": MANIFEST_SCHEMA, "tool": _TOOL, "files": sorted(paths)}
    return (json.dumps(doc, sort_keys=True, indent=2) + "\n").encode("ascii")


# --- executing ---------------------------------------------------------------------------------


def _make_dirs(folder: Path, rel: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder for output path {rel!r}: {exc}") from exc


def _write_atomic(target: Path, data: bytes, rel: str, chmod: bool = True) -> None:
    """Write through a temporary file in the target's folder, then rename it onto the target.

    Readers see the old or the new bytes, never a partial file; the temporary file is removed on
    any failure. The temporary name is unique to this process and target (O_EXCL refuses an
    existing one, e.g. a planted symlink), which costs far less than mkstemp's random names.
    """
    name = target.name if len(target.name) <= 200 else str(abs(hash(target.name)))  # NAME_MAX
    tmp = os.path.join(target.parent, f"{_TMP_PREFIX}{os.getpid()}-{name}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW, _FILE_MODE)
        _fill_and_replace(fd, tmp, target, data, chmod)
    except OSError as exc:
        raise OutputError(f"cannot write output path {rel!r}: {exc}") from exc


def _umask_narrows_mode() -> bool:
    # Read once per write (os.umask can only be read by setting it back); with the usual 022
    # the mode given to os.open is already the final one and the fchmod per file is skipped.
    current = os.umask(0o022)
    os.umask(current)
    return bool(current & _FILE_MODE)


def _fill_and_replace(fd: int, tmp: str, target: Path, data: bytes, chmod: bool) -> None:
    try:
        try:
            if chmod:  # outputs are meant to be shared, whatever the umask
                os.fchmod(fd, _FILE_MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _prune(root: Path, target: Path, rel: str) -> None:
    """Delete a stale owned file, then the folders it leaves empty (never OUT itself)."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise OutputError(f"cannot delete stale output path {rel!r}: {exc}") from exc
    for folder in target.parents:
        if folder == root or not folder.is_relative_to(root):
            break
        try:
            os.rmdir(folder)  # fails on a non-empty folder, which holds files we keep
        except OSError:
            break
