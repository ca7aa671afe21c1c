"""The labelled dependency-inference set (tests/deps/cases): loading, building, scoring.

Each case is a small job folder (`job/`), a `case.yaml` and an `expected.txt` listing the
distributions the job needs (one per line, `name` or `name==version`). Archives are built here,
at test time, from the case's `build:` section, so no binary environment is committed:

* venv-pack: `pyvenv.cfg`, `bin/activate`, `bin/python` (a symlink to the gateway's
  interpreter, as venv-pack leaves it) and `lib/pythonX.Y/site-packages/*.dist-info/METADATA`;
* conda-pack: `conda-meta/<name>-<version>-<build>.json` records, `bin/conda-unpack` and the
  same site-packages metadata. conda itself cannot be installed on this machine, so the layout
  is synthesized from conda-pack's documented structure rather than packed by conda-pack.

Used by tests/deps/test_labelled.py and benchmarks/bench_deps.py.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from yarn2k8s.analyzers import ANALYZERS
from yarn2k8s.analyzers.base import AnalysisContext, InputFile
from yarn2k8s.config import Config, config_from_dict
from yarn2k8s.deps import infer_dependencies
from yarn2k8s.deps.import_table import canonical
from yarn2k8s.model import Dependency, MigrationJob, SourceLocation

CASES = Path(__file__).resolve().parents[1] / "tests" / "deps" / "cases"
_EPOCH = 946684800  # fixed member times: the built archives are byte-stable


@dataclass
class Case:
    """One labelled job folder."""

    name: str
    folder: Path
    spec: dict[str, Any]
    expected: dict[str, str]  # canonical name -> pinned version ("" if unpinned)
    known_extra: set[str] = field(default_factory=set)
    known_missing: set[str] = field(default_factory=set)

    @property
    def from_corpus(self) -> bool:
        """True for jobs taken from ../shared/corpus."""
        return str(self.spec.get("origin", "")).startswith("corpus/")


def load_cases(folder: Path = CASES) -> list[Case]:
    """Every case, sorted by name."""
    cases = []
    for path in sorted(folder.glob("*/case.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        cases.append(
            Case(
                name=path.parent.name,
                folder=path.parent,
                spec=spec,
                expected=read_expected(path.parent / "expected.txt"),
                known_extra={canonical(n) for n in spec.get("known_extra", [])},
                known_missing={canonical(n) for n in spec.get("known_missing", [])},
            )
        )
    return cases


def read_expected(path: Path) -> dict[str, str]:
    """expected.txt -> {canonical name: version}."""
    out: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            out[canonical(name)] = version.strip()
    return out


# --- building a case ------------------------------------------------------------------------


def materialize(case: Case, into: Path) -> Path:
    """Copy the job folder to `into` and build its archives there; returns the input root."""
    root = into / case.name
    shutil.copytree(case.folder / "job", root)
    for name, spec in (case.spec.get("build") or {}).items():
        members, links = _members(spec)
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith((".zip", ".egg")):
            _write_zip(target, members, links)
        else:
            _write_tar(target, members, links)
    return root


def _metadata(name: str, version: str) -> bytes:
    return f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n".encode()


def _members(spec: dict[str, Any]) -> tuple[dict[str, bytes], dict[str, str]]:
    """Archive members and symlinks for a `build:` entry."""
    layout = spec.get("layout", "zip")
    if layout == "zip":
        return {k: str(v).encode() for k, v in (spec.get("members") or {}).items()}, {}
    prefix = f"{spec['root']}/" if spec.get("root") else ""
    py = ".".join(str(spec["python"]).split(".")[:2])
    site = f"{prefix}lib/python{py}/site-packages"
    members: dict[str, bytes] = {}
    links: dict[str, str] = {}
    for dist, version in (spec.get("packages") or {}).items():
        members[f"{site}/{dist.replace('-', '_')}-{version}.dist-info/METADATA"] = _metadata(
            dist, str(version)
        )
    if layout == "venv-pack":
        members[f"{prefix}pyvenv.cfg"] = f"home = /usr/bin\nversion = {spec['python']}\n".encode()
        members[f"{prefix}bin/activate"] = b"# venv activate script\n"
        links[f"{prefix}bin/python"] = f"/usr/bin/python{py}"
    else:
        conda = {"python": spec["python"], **(spec.get("conda") or {})}
        conda.update({d.lower(): v for d, v in (spec.get("packages") or {}).items()})
        conda.update(spec.get("system") or {})
        for name, version in conda.items():
            record = {"name": name, "version": str(version), "build": "h0_0", "channel": "defaults"}
            members[f"{prefix}conda-meta/{name}-{version}-h0_0.json"] = json.dumps(record).encode()
        members[f"{prefix}bin/conda-unpack"] = b"#!/usr/bin/env python\n"
        members[f"{prefix}bin/python{py}"] = b"\x7fELF"
    return members, links


def _write_tar(path: Path, members: dict[str, bytes], links: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # gzip records a time too: fix it so the same spec always gives the same bytes.
    with (
        path.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed,
        tarfile.open(fileobj=packed, mode="w") as tar,
    ):
        for name in sorted(members):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(members[name]), _EPOCH, 0o644
            tar.addfile(info, io.BytesIO(members[name]))
        for name, target in sorted(links.items()):
            info = tarfile.TarInfo(name)
            info.type, info.linkname, info.mtime = tarfile.SYMTYPE, target, _EPOCH
            tar.addfile(info)


def _write_zip(path: Path, members: dict[str, bytes], links: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name])
        for name, target in sorted(links.items()):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.external_attr = (0o120777) << 16  # a symlink, as `zip -y` stores it
            archive.writestr(info, target)


# --- running a case -------------------------------------------------------------------------


def case_config(case: Case) -> Config:
    """The case's config (defaults unless `config:` says otherwise)."""
    return config_from_dict(case.spec.get("config") or {}, origin=f"{case.name}/case.yaml")


def case_job(case: Case, root: Path, config: Config) -> MigrationJob:
    """The job, read by the real spark-submit analyzer or built from `job:` for launchers
    yarn2k8s does not read yet (TonY, Submarine)."""
    if "script" in case.spec:
        rel = str(case.spec["script"])
        source = InputFile(root / rel, rel, (root / rel).read_text(encoding="utf-8"))
        analyzer = next(a for a in ANALYZERS if a.detect(source))
        result = analyzer.analyze(source, AnalysisContext(config))
        jobs = [j for j in result.jobs if j.main_file.endswith(".py")]
        return jobs[int(case.spec.get("job_index", 0))]
    spec = case.spec["job"]
    loc = SourceLocation(str(spec.get("script", spec["entry"])), int(spec.get("line", 1)))
    job = MigrationJob(kind="python", source_name=case.name, location=loc, language="python")
    job.main_file = str(spec["entry"])
    for kind in ("archive", "py-file", "file"):
        for item in spec.get(f"{kind.replace('-', '_')}s", []):
            value, _, alias = str(item).partition("#")
            job.deps.append(Dependency(kind, value, loc, alias=alias))
    job.name = case.name
    return job


def ours(case: Case, root: Path) -> dict[str, str]:
    """Our inference on a built case: {canonical name: pinned version}."""
    config = case_config(case)
    job = case_job(case, root, config)
    plan = infer_dependencies(job, root, config)
    return {key: req.version for key, req in plan.requirements.items()}


# Names the Spark image provides: dropped from pipreqs' output too, so it is not charged for
# listing PySpark (which it cannot know the image has).
PROVIDED = frozenset({"pyspark", "py4j"})


def pipreqs_names(root: Path) -> set[str] | None:
    """pipreqs' answer through its own functions, offline: imports of every file under the
    job folder, mapped with its bundled table. None when pipreqs cannot read the folder
    (it raises on any file that is not Python 3)."""
    from pipreqs import pipreqs  # imported here: only the benchmark and its test need it

    try:
        imports = pipreqs.get_all_imports(str(root))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return None
    return {canonical(n) for n in pipreqs.get_pkg_names(imports)} - PROVIDED


@dataclass
class Score:
    """Micro-averaged counts over a set of cases."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, found: set[str], expected: set[str]) -> None:
        """Count one case."""
        self.tp += len(found & expected)
        self.fp += len(found - expected)
        self.fn += len(expected - found)

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 1.0 when nothing was reported."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
