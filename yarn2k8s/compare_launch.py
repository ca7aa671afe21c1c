"""Run-and-compare, part 1: the two spark-submit commands and their sandboxes.

Both sides run with PySpark's own ``spark-submit`` (the local PySpark version, not the image's
Spark), re-targeted at ``local[N]`` in client mode, each in its own sandbox:

- the original: rebuilt from job.json (its effective configuration as ``--conf``, its
  application file and arguments), run from a copy of the submitting script's folder so that
  relative paths resolve as on the gateway. YARN's ``spark.yarn.dist.*`` become the generic
  ``spark.files``/``spark.archives``/``spark.jars``, as YARN itself treats them.
- the converted: the command the Spark Operator would run (:func:`submit_args`), with the
  image laid out from the Dockerfile's COPY lines under ``<sandbox>/image`` and every
  ``local://`` path pointed there; it runs from the image's WORKDIR.

Data URIs are remapped onto local folders: each side gets its own copy of the sample data, the
original through the given prefixes, the converted through the same prefixes after the storage
map (so an hdfs:// prefix the converter rewrote to s3a:// lands in the same local folder).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from yarn2k8s.validators.equivalence_context import copied_files
from yarn2k8s.validators.submission import submit_args

_DIST_KEYS = {
    "spark.yarn.dist.files": "spark.files",
    "spark.yarn.dist.archives": "spark.archives",
    "spark.yarn.dist.jars": "spark.jars",
}
# Keys re-targeted for a local run (master, mode) or pointless there (YARN's, the pods').
_DROPPED_PREFIXES = ("spark.yarn.", "spark.kubernetes.", "spark.executorEnv.")
_DROPPED = frozenset({"spark.master", "spark.submit.deployMode", "spark.executor.instances"})
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Side:
    """One side's command, working folder and data root."""

    name: str  # original | converted
    argv: list[str]
    cwd: Path
    data_root: Path


@dataclass
class Layout:
    """Where the two sides run, and how their data URIs map onto local folders."""

    work: Path
    data: Mapping[str, Path]  # original URI prefix -> sample data folder
    converted_prefixes: Mapping[str, str] = field(default_factory=dict)  # after the storage map

    def local(self, side: str, value: str) -> str:
        """``value`` with each mapped URI prefix replaced by the side's local copy."""
        for original in sorted(self.data, key=len, reverse=True):
            prefix = (
                original if side == "original" else self.converted_prefixes.get(original, original)
            )
            folder = self.work / side / "data" / _slug(original)
            value = value.replace(prefix.rstrip("/"), folder.as_uri())
        return value


def _slug(prefix: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in prefix).strip("_")


def prepare_data(layout: Layout, side: str) -> Path:
    """Copy the sample data into the side's sandbox (outputs land there too)."""
    root = layout.work / side / "data"
    shutil.rmtree(root, ignore_errors=True)
    for prefix, folder in layout.data.items():
        shutil.copytree(folder, root / _slug(prefix))
    return root


def spark_submit() -> str:
    """PySpark's own spark-submit (the `spark` extra)."""
    import pyspark  # optional

    return str(Path(pyspark.__file__).parent / "bin" / "spark-submit")


def _local_args(cores: int) -> list[str]:
    return [
        "--master",
        f"local[{cores}]",
        "--deploy-mode",
        "client",
        "--conf",
        f"spark.pyspark.python={sys.executable}",
        "--conf",
        f"spark.pyspark.driver.python={sys.executable}",
        "--conf",
        "spark.ui.enabled=false",
        "--conf",
        "spark.ui.showConsoleProgress=false",
    ]


def original_side(record: Mapping[str, Any], input_root: Path, layout: Layout, cores: int) -> Side:
    """The original submission from job.json, run from a copy of its script's folder."""
    script_dir = (input_root / str(record["source"]).rpartition(":")[0]).parent
    cwd = layout.work / "original" / "gateway"
    shutil.rmtree(cwd, ignore_errors=True)
    shutil.copytree(script_dir, cwd)
    conf = {str(k): str(v) for k, v in (record.get("effective_conf") or {}).items()}
    for old, new in _DIST_KEYS.items():
        if old in conf:
            merged = [conf.pop(old), conf.get(new, "")]
            conf[new] = ",".join(v for v in merged if v)
    argv = _local_args(cores)
    for key, value in sorted(conf.items()):
        if key not in _DROPPED and not key.startswith(_DROPPED_PREFIXES):
            argv += ["--conf", f"{key}={layout.local('original', value)}"]
    if record.get("main_class"):
        argv += ["--class", str(record["main_class"])]
    argv.append(str(record.get("main_file", "")))
    argv += [layout.local("original", str(a)) for a in record.get("arguments") or []]
    return Side("original", argv, cwd, layout.work / "original" / "data")


def build_image(job_dir: Path, image_root: Path) -> str:
    """Lay out the image's files from the Dockerfile's COPY lines; return its WORKDIR."""
    shutil.rmtree(image_root, ignore_errors=True)
    dockerfile = (job_dir / "Dockerfile").read_text(encoding="utf-8")
    for source in _copy_sources(dockerfile):
        target = copied_files(dockerfile)[PurePosixPath(source).name]
        src, dest = job_dir / source, image_root / target.lstrip("/")
        if src.is_dir():
            shutil.copytree(src, dest, dirs_exist_ok=True)
        elif src.is_file():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    workdir = "/"
    for line in dockerfile.splitlines():
        if line.strip().upper().startswith("WORKDIR "):
            workdir = line.split(None, 1)[1].strip()
    (image_root / workdir.lstrip("/")).mkdir(parents=True, exist_ok=True)
    return workdir


def _copy_sources(dockerfile: str) -> list[str]:
    sources: list[str] = []
    for line in dockerfile.splitlines():
        words = line.split(None, 1)
        if len(words) == 2 and words[0].upper() == "COPY" and "--from" not in words[1]:
            rest = " ".join(w for w in words[1].split() if not w.startswith("--"))
            parsed = json.loads(rest) if rest.startswith("[") else rest.split()
            sources += [str(s) for s in parsed[:-1]]
    return sources


def converted_side(app: Mapping[str, Any], job_dir: Path, layout: Layout, cores: int) -> Side:
    """The operator's command for the SparkApplication, against the laid-out image."""
    image = layout.work / "converted" / "image"
    workdir = build_image(job_dir, image)
    args = submit_args(app)
    argv = _local_args(cores)
    skip_next = False
    for index, word in enumerate(args):
        if skip_next:
            skip_next = False
            continue
        if word in ("--master", "--deploy-mode"):
            skip_next = True
            continue
        if index > 0 and args[index - 1] == "--conf" and _dropped_conf(word):
            argv.pop()  # the "--conf" just appended
            continue
        argv.append(layout.local("converted", word.replace("local://", str(image))))
    return Side("converted", argv, image / workdir.lstrip("/"), layout.work / "converted" / "data")


def _dropped_conf(word: str) -> bool:
    key = word.partition("=")[0]
    return key in _DROPPED or key.startswith(_DROPPED_PREFIXES)


def load_app(job_dir: Path) -> dict[str, Any]:
    """The job's SparkApplication (or ScheduledSparkApplication)."""
    for path in sorted((job_dir / "k8s").glob("*.yaml")):
        for doc in yaml.load_all(path.read_text(encoding="utf-8"), Loader=_LOADER):
            if isinstance(doc, dict) and str(doc.get("kind", "")).endswith("SparkApplication"):
                return doc
    raise FileNotFoundError(f"{job_dir}/k8s has no SparkApplication")


@dataclass(frozen=True)
class RunResult:
    """How one side's run went."""

    returncode: int
    seconds: float
    log_tail: str
    error: str = ""  # the last line of the log that names an error


def run_side(side: Side, timeout_s: int = 600) -> RunResult:
    """Run one side's spark-submit; its log is kept beside its sandbox."""
    import time

    env = dict(os.environ)
    env.update({"PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable})
    env.pop("SPARK_HOME", None)  # always PySpark's own Spark
    log_path = side.data_root.parent / "spark-submit.log"
    start = time.monotonic()
    with log_path.open("w", encoding="utf-8") as handle:
        proc = subprocess.run(
            [spark_submit(), *side.argv],
            cwd=side.cwd,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            timeout=timeout_s,
            check=False,
        )
    seconds = time.monotonic() - start
    lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    errors = [line for line in lines if "Error" in line or "Exception" in line]
    return RunResult(proc.returncode, seconds, "\n".join(lines[-15:]), (errors or [""])[-1])
