"""An Oozie application folder: job.properties, config-default.xml, lib/, scripts, app-paths.

Everything is read through the file system from the input root and never outside it. Two
layouts are common: the Oozie examples' (`apps/x/workflow.xml` beside `job.properties`) and
o2a's (`x/job.properties` + `x/hdfs/workflow.xml`); both are supported.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from yarn2k8s.analyzers.oozie_el import ELSyntaxError, parse_template, to_json, unparse
from yarn2k8s.analyzers.oozie_el_eval import ELError, Scope, evaluate, to_string
from yarn2k8s.analyzers.oozie_model import Property
from yarn2k8s.analyzers.oozie_xml import configuration, root_hint
from yarn2k8s.analyzers.properties import parse_properties
from yarn2k8s.fscache import per_run
from yarn2k8s.security.limits import read_text
from yarn2k8s.security.redact import MASK, is_secret_key, looks_secret_value, redact
from yarn2k8s.security.xml import parse_xml

MAX_APP_FILES = 500
MAX_READ_BYTES = 2 * 1024 * 1024
APP_PATH_KEYS = {
    "workflow": "oozie.wf.application.path",
    "coordinator": "oozie.coord.application.path",
    "bundle": "oozie.bundle.application.path",
}
DEFAULT_FILES = {
    "workflow": "workflow.xml",
    "coordinator": "coordinator.xml",
    "bundle": "bundle.xml",
}
_MAX_FOLD_DEPTH = 16
_MAX_TAIL = 6  # app-path segments matched against the input tree


# Every action of every workflow probes a few candidate paths, often the same ones (shared lib/
# folders): resolve each once per run.
@per_run
def _inside(root: Path, rel: str) -> Path | None:
    try:
        real = (root / rel).resolve()
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root.resolve()) or not real.exists():
        return None
    return real


@dataclass(frozen=True)
class AppRoot:
    """The input root and the resolved (real) path used to keep reads inside it."""

    root: Path

    @property
    def real(self) -> Path:
        """The root with symlinks resolved."""
        return self.root.resolve()

    def path(self, rel: str) -> Path | None:
        """An existing path inside the root, or None (outside, missing or unreadable)."""
        if not rel or rel.startswith("/") or "\0" in rel:
            return None
        return _inside(self.root, rel)

    def read(self, rel: str) -> str | None:
        """A text file inside the root (bounded), or None."""
        path = self.path(rel)
        if path is None or not path.is_file():
            return None
        return read_text(path, MAX_READ_BYTES).text

    def listdir(self, rel: str) -> list[str]:
        """Names in a folder inside the root (sorted, bounded)."""
        path = self.path(rel) if rel not in ("", ".") else self.real
        if path is None or not path.is_dir():
            return []
        try:
            with os.scandir(path) as entries:
                return sorted(e.name for e in entries)[:MAX_APP_FILES]
        except OSError:
            return []


def input_root(path: Path, rel: str) -> Path:
    """The input root an input file's relative path is taken from."""
    depth = len(PurePosixPath(rel).parts)
    return path.parents[depth - 1] if depth > 0 else path.parent


def join(folder: str, name: str) -> str:
    """A normalised relative POSIX path (".." resolved, never above the root)."""
    parts: list[str] = []
    for part in PurePosixPath(folder, name).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", "/"):
            parts.append(part)
    return "/".join(parts)


def parent(rel: str) -> str:
    """The folder of a relative path ("" at the root)."""
    folder = str(PurePosixPath(rel).parent)
    return "" if folder == "." else folder


def submission_dirs(rel: str) -> list[str]:
    """Where job.properties may sit: the XML's folder, and its parent in o2a's `hdfs/` layout."""
    here = parent(rel)
    dirs = [here]
    if PurePosixPath(here).name == "hdfs":
        dirs.append(parent(here))
    return dirs


# --------------------------------------------------------------------------- properties


def load_properties(app: AppRoot, rel: str, kind: str) -> tuple[dict[str, Property], str]:
    """config-default.xml then job.properties (which wins) for an XML; and the file used."""
    props: dict[str, Property] = {}
    default_rel = join(parent(rel), "config-default.xml")
    text = app.read(default_rel)
    if text is not None:
        props.update(_config_default(text, default_rel))
    chosen = choose_job_properties(app, rel, kind)
    if chosen:
        values, lines = parse_properties(app.read(chosen) or "")
        for key, value in values.items():
            props[key] = Property(key, value, chosen, lines.get(key, 0))
    for key, prop in props.items():
        # A secret must not become a pipeline parameter's default or a folded value: it is
        # blanked here, and supplied when the run starts (finding SE006 from the caller).
        if is_secret_key(key) and prop.value:
            props[key] = Property(key, "", prop.origin, prop.line)
        elif looks_secret_value(prop.value):
            props[key] = Property(key, redact(prop.value), prop.origin, prop.line)
    return props, chosen


def secret_properties(props: dict[str, Property]) -> list[Property]:
    """Properties whose value was a secret (blanked or redacted by load_properties)."""
    return [p for k, p in sorted(props.items()) if is_secret_key(k) or MASK in p.value]


def _config_default(text: str, rel: str) -> dict[str, Property]:
    try:
        root = parse_xml(text)
    except Exception:  # a broken defaults file only loses its defaults
        return {}
    return {k: Property(k, v, rel) for k, v in configuration(root).items()}


def choose_job_properties(app: AppRoot, rel: str, kind: str) -> str:
    """The job.properties submitting this XML: the one whose application path names it."""
    candidates = [
        join(folder, name)
        for folder in submission_dirs(rel)
        for name in app.listdir(folder)
        if name.endswith(".properties")
    ]
    key = APP_PATH_KEYS[kind]
    file_name = PurePosixPath(rel).name
    for candidate in candidates:
        values, _ = parse_properties(app.read(candidate) or "")
        target = values.get(key, "").rstrip("/")
        if not target:
            continue
        last = PurePosixPath(target).name
        if last.endswith(".xml"):
            if last == file_name:
                return candidate
        elif file_name == DEFAULT_FILES[kind] and last in (
            PurePosixPath(d).name for d in submission_dirs(rel)
        ):
            return candidate
    by_name = [c for c in candidates if PurePosixPath(c).name == "job.properties"]
    if by_name:
        return by_name[0]
    return candidates[0] if len(candidates) == 1 else ""


def fold_text(text: str, props: dict[str, str], depth: int = 0) -> str:
    """Substitute known properties into EL text; what is unknown stays `${...}`."""
    try:
        template = parse_template(text)
    except ELSyntaxError:
        return text
    out: list[str] = []
    for part in template.parts:
        if isinstance(part, str):
            out.append(part)
            continue
        scope = Scope(resolve=lambda name: _resolve(name, props, depth))
        try:
            out.append(to_string(evaluate(to_json(part), scope)))
        except ELError:
            out.append("${" + unparse(part) + "}")
    return "".join(out)


def _resolve(name: str, props: dict[str, str], depth: int) -> str:
    # A value that is only partly known is substituted partly: `${nameNode}/user/${user.name}`.
    if name not in props or depth >= _MAX_FOLD_DEPTH:
        raise ELError(name)
    value = props[name]
    return fold_text(value, props, depth + 1) if "${" in value else value


# --------------------------------------------------------------------------- app paths


def resolve_app_path(app: AppRoot, from_rel: str, app_path: str, kind: str) -> tuple[str, str]:
    """The input file an app-path (folded EL) names, and "" or the reason it did not resolve.

    HDFS paths cannot be followed, so the path's last segments are matched against the input
    tree: `.../<folder>` (holding `workflow.xml`, or o2a's `hdfs/workflow.xml`) or
    `.../<folder>/<file>.xml`, looked up beside the referring file and in each of its
    ancestors, longest matching tail first (`coordinators/daily` before `daily`).
    """
    segments = [s for s in PurePosixPath(app_path.rstrip("/")).parts if s not in ("/", "")]
    if not segments or "${" in segments[-1]:
        return "", f"the app-path `{app_path}` cannot be resolved statically"
    file_name = DEFAULT_FILES[kind]
    if segments[-1].endswith(".xml"):
        file_name = segments.pop()
        if not segments or "${" in segments[-1]:
            return _same_folder(app, from_rel, file_name, app_path)
    tail: list[str] = []
    for segment in reversed(segments[-_MAX_TAIL:]):
        if "${" in segment or "://" in segment or segment.endswith(":"):
            break
        tail.insert(0, segment)
    for size in range(len(tail), 0, -1):
        found = _find_folder(app, from_rel, "/".join(tail[-size:]), file_name, kind)
        if found:
            return found, ""
    return "", f"no `{tail[-1]}/{file_name}` among the inputs"


def _find_folder(app: AppRoot, from_rel: str, folder: str, file_name: str, kind: str) -> str:
    here = parent(from_rel)
    ancestors = [here]
    while here:
        here = parent(here)
        ancestors.append(here)
    for base in ancestors:
        for sub in (f"{folder}/{file_name}", f"{folder}/hdfs/{file_name}"):
            candidate = join(base, sub)
            if app.path(candidate) is not None and _is_oozie(app, candidate, kind):
                return candidate
    return ""


def _same_folder(app: AppRoot, from_rel: str, file_name: str, app_path: str) -> tuple[str, str]:
    candidate = join(parent(from_rel), file_name)
    if app.path(candidate) is not None:
        return candidate, ""
    return "", f"no `{file_name}` beside `{from_rel}` for `{app_path}`"


def _is_oozie(app: AppRoot, rel: str, kind: str) -> bool:
    text = app.read(rel)
    return text is not None and root_hint(text) == f"{kind}-app"


# --------------------------------------------------------------------------- app files


def lib_files(app: AppRoot, app_dir: str) -> list[str]:
    """Files under the application's lib/ folder (Oozie puts them on every action's path)."""
    lib = join(app_dir, "lib")
    return [join(lib, n) for n in app.listdir(lib) if (app.path(join(lib, n)) or Path()).is_file()]


def find_app_file(app: AppRoot, app_dir: str, value: str) -> str:
    """An action's file reference (`script.sh`, `lib/x.jar`, `${nameNode}/apps/x/y.py#y`)
    resolved to an input file in the application folder, or ""."""
    path = value.split("#", 1)[0].strip()
    if not path or path.endswith("/"):
        return ""
    name = PurePosixPath(path).name
    if "${" in name or not name:
        return ""
    candidates = []
    if "://" not in path and not path.startswith("/") and "${" not in path:
        candidates.append(join(app_dir, path))
    for folder in submission_dirs(join(app_dir, "x")):
        candidates += [join(folder, name), join(folder, f"lib/{name}")]
    for candidate in candidates:
        found = app.path(candidate)
        if found is not None and found.is_file():
            return candidate
    return ""


def oozie_xml_in(folder: str) -> tuple[str, ...]:
    """Absolute paths of workflow XML files in a folder (cached: detection asks often)."""
    try:
        stamp = os.stat(folder).st_mtime_ns  # a new file in the folder invalidates the cache
    except OSError:
        return ()
    return _oozie_xml_in(folder, stamp)


@functools.lru_cache(maxsize=256)
def _oozie_xml_in(folder: str, stamp: int) -> tuple[str, ...]:
    found: list[str] = []
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.is_file())
    except OSError:
        return ()
    for name in names[:MAX_APP_FILES]:
        if ".xml" not in name:
            continue
        text = read_text(Path(folder, name), MAX_READ_BYTES).text
        if text is not None and root_hint(text) == "workflow-app":
            found.append(str(Path(folder, name)))
    return tuple(found)
