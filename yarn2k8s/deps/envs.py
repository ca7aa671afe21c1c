"""Shipped Python environments (conda-pack, venv-pack) read from their archive's layout.

conda-pack archives hold `conda-meta/*.json` (one per conda package, with exact versions) and
`bin/conda-unpack`; venv-pack archives hold `pyvenv.cfg` and `bin/activate`. Both hold
`lib/pythonX.Y/site-packages/*.dist-info/METADATA`, whose Name/Version are the pip-visible
distributions. The environment may sit at the archive root or in one folder below it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from yarn2k8s.deps.archives import ArchiveLimits, Listing, read_archive
from yarn2k8s.deps.evidence import PythonEnv, Requirement
from yarn2k8s.deps.import_table import ImportTable, canonical
from yarn2k8s.model import SourceLocation

_SITE = re.compile(
    r"^(?P<prefix>(?:[^/]+/)?)lib/python(?P<py>\d+\.\d+)/site-packages/"
    r"(?P<dist>[^/]+)\.(?P<kind>dist-info|egg-info)(?:/(?P<file>METADATA|PKG-INFO))?$"
)
_CONDA_META = re.compile(r"^(?P<prefix>(?:[^/]+/)?)conda-meta/(?P<file>[^/]+)\.json$")
_PYVENV = re.compile(r"^(?P<prefix>(?:[^/]+/)?)pyvenv\.cfg$")
_LIB_PY = re.compile(r"^(?P<prefix>(?:[^/]+/)?)lib/python(?P<py>\d+\.\d+)/")
# Installer tooling, left out of requirements as `pip freeze` does.
TOOLING = frozenset({"pip", "setuptools", "wheel", "distribute", "conda-pack", "venv-pack"})


def wanted(name: str) -> bool:
    """The members worth reading: package metadata, conda records, pyvenv.cfg."""
    match = _SITE.match(name)
    if match:
        return match.group("kind") == "egg-info" or match.group("file") is not None
    return bool(_CONDA_META.match(name) or _PYVENV.match(name))


def read_env(
    path: Path, value: str, alias: str, where: SourceLocation, table: ImportTable
) -> PythonEnv:
    """Describe the environment in an archive (layout `unknown` if it holds none)."""
    listing = read_archive(path, wanted, ArchiveLimits())
    env = PythonEnv(value=value, alias=alias, location=where)
    prefix = _env_prefix(listing)
    if prefix is None:
        return env
    env.prefix = prefix
    names = set(listing.names) | set(listing.links)
    has_meta = any(_CONDA_META.match(n) for n in names if n.startswith(prefix))
    if has_meta:
        env.layout = "conda-pack"
    elif f"{prefix}pyvenv.cfg" in names or f"{prefix}bin/activate" in names:
        env.layout = "venv-pack"
    else:
        env.layout = "site-packages"
    env.has_conda_unpack = f"{prefix}bin/conda-unpack" in names
    archive_loc = where
    env.packages = _packages(listing, prefix, archive_loc, value, table)
    env.python = _python_version(listing, prefix)
    return env


# A prefix ends up in the Dockerfile's RUN line (`mv /tmp/env-unpack/<prefix> ...`): only plain
# folder names qualify, never `..`, blanks, quotes, `;`, `&` or a newline from a hostile member.
_SAFE_PREFIX = re.compile(r"(?:[A-Za-z0-9_+][A-Za-z0-9._+-]*/)?")


def _env_prefix(listing: Listing) -> str | None:
    # The folder holding conda-meta/ or lib/pythonX.Y/: the archive root or one level down.
    for name in [*listing.names, *listing.links]:
        for pattern in (_CONDA_META, _LIB_PY, _PYVENV):
            match = pattern.match(name)
            if match and _SAFE_PREFIX.fullmatch(match.group("prefix")):
                return match.group("prefix")
    return None


def _packages(
    listing: Listing, prefix: str, where: SourceLocation, value: str, table: ImportTable
) -> list[Requirement]:
    found: dict[str, Requirement] = {}
    for name, data in sorted(listing.contents.items()):
        if not name.startswith(prefix):
            continue
        meta = _SITE.match(name)
        if meta:
            fields = _metadata_fields(data)
            dist, version = fields.get("name", ""), fields.get("version", "")
            if _safe_pin(dist, version) and canonical(dist) not in TOOLING:
                note = f"{value}!{name}"
                found.setdefault(
                    canonical(dist), Requirement(dist, where, "archive", version, note=note)
                )
    for name, data in sorted(listing.contents.items()):
        conda = _CONDA_META.match(name)
        if conda and name.startswith(prefix):
            _add_conda(found, conda.group("file"), data, where, f"{value}!{name}", table)
    return [found[k] for k in sorted(found)]


def _add_conda(
    found: dict[str, Requirement],
    stem: str,
    data: bytes,
    where: SourceLocation,
    note: str,
    table: ImportTable,
) -> None:
    """A conda package with no pip metadata of its own (dist-info wins when both exist)."""
    name, version = _conda_record(stem, data)
    pypi = table.conda_to_pypi(name) if name else None
    if not pypi or not _safe_pin(pypi, version):
        return
    if canonical(pypi) in TOOLING or canonical(pypi) in found:
        return
    found[canonical(pypi)] = Requirement(pypi, where, "archive", version, note=note)


# Archive metadata becomes `name==version` lines of requirements.txt: a hostile member must not
# smuggle a pip option (`--index-url ...`) or a second line in. PEP 508 names, PEP 440-ish
# versions only.
_DIST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,200}[A-Za-z0-9])?")
_DIST_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+!_*-]{0,100}")


def _safe_pin(name: str, version: str) -> bool:
    return bool(_DIST_NAME.fullmatch(name) and _DIST_VERSION.fullmatch(version))


def _conda_record(stem: str, data: bytes) -> tuple[str, str]:
    try:
        record = json.loads(data.decode("utf-8"))
        if isinstance(record, dict) and record.get("name") and record.get("version"):
            return str(record["name"]), str(record["version"])
    except (UnicodeDecodeError, ValueError):
        pass
    # conda names its records <name>-<version>-<build>.json; name may hold dashes, the rest not.
    parts = stem.rsplit("-", 2)
    return (parts[0], parts[1]) if len(parts) == 3 else ("", "")


def _metadata_fields(data: bytes) -> dict[str, str]:
    """Name and Version from a METADATA / PKG-INFO header block."""
    fields: dict[str, str] = {}
    for raw in data.decode("utf-8", "replace").splitlines():
        if not raw.strip():
            break
        key, sep, value = raw.partition(":")
        if sep and key.strip().lower() in ("name", "version"):
            fields.setdefault(key.strip().lower(), value.strip())
    return fields


def _python_version(listing: Listing, prefix: str) -> str:
    for name, data in sorted(listing.contents.items()):
        conda = _CONDA_META.match(name)
        if conda and name.startswith(prefix):
            pkg, version = _conda_record(conda.group("file"), data)
            if pkg == "python":
                return version
    cfg = listing.contents.get(f"{prefix}pyvenv.cfg", b"").decode("utf-8", "replace")
    for line in cfg.splitlines():
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info") and value.strip():
            return ".".join(value.strip().split(".")[:3])
    for name in listing.names:
        match = _LIB_PY.match(name)
        if match and match.group("prefix") == prefix:
            return match.group("py")
    return ""
