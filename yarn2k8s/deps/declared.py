"""Declared dependency files near a job: requirements*.txt, pyproject.toml, setup.py (read as
an AST, never run), setup.cfg, environment.yml, Pipfile, Pipfile.lock, poetry.lock, runtime.txt.

The nearest folder holding any of them wins (the job's own folder before its parents), and
never a folder outside the input root.
"""

from __future__ import annotations

import ast
import configparser
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from yarn2k8s.deps.evidence import PythonVersion, Requirement
from yarn2k8s.deps.import_table import ImportTable, canonical
from yarn2k8s.deps.reqfile import MAX_FILE_BYTES, exact_version, parse_line, read_requirements
from yarn2k8s.findings import make
from yarn2k8s.fscache import per_run
from yarn2k8s.model import Finding, SourceLocation
from yarn2k8s.security.limits import safe_json, safe_yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - tomli is the same parser, for Python 3.10
    import tomli as tomllib

DECLARED_NAMES = (
    "Pipfile.lock",
    "poetry.lock",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "Pipfile",
    "environment.yml",
    "environment.yaml",
    "runtime.txt",
)
_DEV_FILE = re.compile(r"(dev|test|doc|lint|ci)", re.IGNORECASE)


@dataclass
class Declared:
    """What the declared files say."""

    requirements: list[Requirement] = field(default_factory=list)
    constraints: dict[str, str] = field(default_factory=dict)
    pythons: list[PythonVersion] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@per_run
def declared_files(folder: Path) -> tuple[Path, ...]:
    """The dependency files in one folder, runtime requirements files first."""
    found = [folder / n for n in DECLARED_NAMES if (folder / n).is_file()]
    reqs = sorted(p for p in folder.glob("requirements*.txt") if p.is_file())
    main = [p for p in reqs if p.name == "requirements.txt"]
    # requirements-dev.txt and friends describe the developer's tools, not the job.
    reqs = main or [p for p in reqs if not _DEV_FILE.search(p.stem.removeprefix("requirements"))]
    return (*reqs, *found)


@per_run
def nearest_folder(start: Path, root: Path) -> Path | None:
    """The closest folder from `start` up to the input root that holds declared files."""
    root = root.resolve()
    folder = start.resolve()
    while folder.is_relative_to(root):
        if declared_files(folder):
            return folder
        if folder == root:
            break
        folder = folder.parent
    return None


def read_declared(folders: list[Path], root: Path, table: ImportTable) -> Declared:
    """Read every declared file in the given folders."""
    out = Declared()
    seen: set[Path] = set()
    for folder in folders:
        for path in declared_files(folder):
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            _read_one(path, root, out, table)
    return out


def _read_one(path: Path, root: Path, out: Declared, table: ImportTable) -> None:
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    if path.name.startswith("requirements"):
        result = read_requirements(path, root)
        out.requirements += result.requirements
        out.constraints.update(result.constraints)
        out.findings += result.findings
        out.files += [f for f in result.files if f not in out.files]
        return
    out.files.append(rel)
    try:
        text = path.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", "replace")
        _READERS[path.name](text, rel, out, table)
    except (
        ValueError,
        SyntaxError,
        yaml.YAMLError,
        configparser.Error,
        AttributeError,
        TypeError,
    ) as err:
        reason = f"{type(err).__name__}: {str(err)[:120]}"
        out.findings.append(make("DP025", SourceLocation(rel), path=rel, reason=reason))


def _line_of(text: str, needle: str) -> int:
    """1-based line of the first line starting with `needle` (quotes allowed); 0 if none."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(needle)}[\"']?\s*[=:<>!~\[;,\"' ]", re.I | re.M)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def _add(out: Declared, line: str, rel: str, text: str, source: str) -> None:
    name = re.split(r"[\s\[<>=!~;]", line.strip(), maxsplit=1)[0]
    req = parse_line(line, SourceLocation(rel, _line_of(text, name)), source)
    if req is not None:
        out.requirements.append(req)


def _python(out: Declared, version: str, rel: str, text: str, key: str) -> None:
    if version:
        where = SourceLocation(rel, _line_of(text, key))
        out.pythons.append(PythonVersion(version.strip(), where, rel))


# --- one reader per file name -------------------------------------------------------------


def _pyproject(text: str, rel: str, out: Declared, table: ImportTable) -> None:
    data = tomllib.loads(text)
    project = data.get("project", {})
    for line in project.get("dependencies", []) or []:
        _add(out, str(line), rel, text, "declared")
    _python(out, str(project.get("requires-python", "")), rel, text, "requires-python")
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {}) or {}
    for name, spec in poetry.items():
        if name.lower() == "python":
            _python(out, str(spec), rel, text, name)
        else:
            _add(out, name + _poetry_spec(spec), rel, text, "declared")


def _poetry_spec(spec: Any) -> str:
    # Poetry's ^ and ~ ranges are not pip syntax; only exact pins are carried over.
    value = spec.get("version", "") if isinstance(spec, dict) else str(spec)
    value = value.strip()
    if value and value[0].isdigit():
        return f"=={value}"
    return value if value.startswith(("==", ">=", "<=", "!=", ">", "<")) else ""


def _setup_py(text: str, rel: str, out: Declared, table: ImportTable) -> None:
    tree = ast.parse(text)
    lists = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and _is_setup(call.func)):
            continue
        for keyword in call.keywords:
            value = keyword.value
            if isinstance(value, ast.Name):
                value = lists.get(value.id, value)
            if keyword.arg == "install_requires" and isinstance(value, (ast.List, ast.Tuple)):
                for item in value.elts:
                    if isinstance(item, ast.Constant) and isinstance(item.value, str):
                        req = parse_line(item.value, SourceLocation(rel, item.lineno), "declared")
                        if req is not None:
                            out.requirements.append(req)
            elif keyword.arg == "python_requires" and isinstance(value, ast.Constant):
                where = SourceLocation(rel, value.lineno)
                out.pythons.append(PythonVersion(str(value.value), where, rel))


def _is_setup(func: ast.expr) -> bool:
    return (isinstance(func, ast.Name) and func.id == "setup") or (
        isinstance(func, ast.Attribute) and func.attr == "setup"
    )


def _setup_cfg(text: str, rel: str, out: Declared, table: ImportTable) -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    if not parser.has_section("options"):
        return
    for line in parser.get("options", "install_requires", fallback="").splitlines():
        if line.strip():
            _add(out, line, rel, text, "declared")
    _python(
        out, parser.get("options", "python_requires", fallback=""), rel, text, "python_requires"
    )


def _environment_yml(text: str, rel: str, out: Declared, table: ImportTable) -> None:
    data = safe_yaml(text) or {}
    for item in data.get("dependencies", []) or []:
        if isinstance(item, dict):
            for line in item.get("pip", []) or []:
                _add(out, str(line), rel, text, "declared")
        elif isinstance(item, str):
            _conda_spec(item, rel, text, out, table)


def _conda_spec(item: str, rel: str, text: str, out: Declared, table: ImportTable) -> None:
    spec = item.split("::")[-1].strip()
    match = re.match(r"^([A-Za-z0-9_.-]+)\s*(==?|>=|<=|>|<)?\s*([^=\s]*)", spec)
    if not match:
        return
    name, op, version = match.groups()
    if name == "python":
        _python(out, version, rel, text, "- python")
        return
    pypi = table.conda_to_pypi(name)
    if pypi is None:
        return
    where = SourceLocation(rel, _line_of(text, f"- {name}") or _line_of(text, name))
    # conda's `name=1.2.3` matches 1.2.3*; a full three-part version is as good as a pin.
    exact = version if op == "==" or (op == "=" and version.count(".") >= 2) else ""
    loose = f">={version}" if version and not exact and op in ("=", ">=") else ""
    out.requirements.append(Requirement(pypi, where, "declared", exact, loose))


def _pipfile(text: str, rel: str, out: Declared, table: ImportTable) -> None:
    data = tomllib.loads(text)
    for name, spec in (data.get("packages", {}) or {}).items():
        if isinstance(spec, dict) and not spec.get("version"):
            continue  # git/path entries: nothing pip can take from here
        version = spec.get("version", "*") if isinstance(spec, dict) else str(spec)
        _add(out, name + ("" if version.strip() == "*" else version), rel, text, "declared")
    requires = data.get("requires", {}) or {}
    version = requires.get("python_full_version") or requires.get("python_version") or ""
    _python(out, str(version), rel, text, "python_")


def _pipfile_lock(text: str, rel: str, out: Declared, table: ImportTable) -> None:
    data = safe_json(text)
    for name, entry in sorted((data.get("default", {}) or {}).items()):
        version = exact_version(str(entry.get("version", ""))) if isinstance(entry, dict) else ""
        if not version:
            continue
        where = SourceLocation(rel, _line_of(text, f'"{name}"') or _line_of(text, name))
        marker = str(entry.get("markers", "")) if isinstance(entry, dict) else ""
        out.requirements.append(Requirement(name, where, "lock", version, marker=marker))
    requires = data.get("_meta", {}).get("requires", {})
    _python(out, str(requires.get("python_version", "")), rel, text, '"python_version"')


def _poetry_lock(text: str, rel: str, out: Declared, table: ImportTable) -> None:
    data = tomllib.loads(text)
    for package in data.get("package", []) or []:
        groups = package.get("groups") or [package.get("category", "main")]
        if "main" not in groups or not package.get("name") or not package.get("version"):
            continue
        name = str(package["name"])
        where = SourceLocation(rel, _line_of(text, f'name = "{name}"'))
        out.requirements.append(Requirement(name, where, "lock", str(package["version"])))


def _runtime_txt(text: str, rel: str, out: Declared, table: ImportTable) -> None:
    first = text.strip().splitlines()[0] if text.strip() else ""
    if first.startswith("python-"):
        out.pythons.append(
            PythonVersion(first.removeprefix("python-"), SourceLocation(rel, 1), rel)
        )


_READERS: dict[str, Callable[[str, str, Declared, ImportTable], None]] = {
    "pyproject.toml": _pyproject,
    "setup.py": _setup_py,
    "setup.cfg": _setup_cfg,
    "environment.yml": _environment_yml,
    "environment.yaml": _environment_yml,
    "Pipfile": _pipfile,
    "Pipfile.lock": _pipfile_lock,
    "poetry.lock": _poetry_lock,
    "runtime.txt": _runtime_txt,
}


def declared_keys(declared: Declared) -> set[str]:
    """Canonical names of everything the files declare."""
    return {canonical(r.name.split("[")[0]) for r in declared.requirements}
