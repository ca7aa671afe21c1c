"""The per-job Dockerfile, .dockerignore and requirements.txt, and the manifest changes that
baking a shipped environment into the image implies.

Layer order: shipped environments (unpacked in their own build stage), then Python
requirements, then jars and other slow-moving files, then the code, so a code change reuses
every dependency layer. Every image ends on the numeric non-root USER 185 (Spark's uid).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from yarn2k8s.config import Config
from yarn2k8s.converters.base import Artifacts
from yarn2k8s.converters.spark_operator import APP_DIR, SPARK_UID
from yarn2k8s.deps import DepsPlan, PythonEnv, env_dir
from yarn2k8s.deps.versions import target_scala
from yarn2k8s.model import MigrationJob
from yarn2k8s.rendering import render

ENV_ROOT = "/opt/env"
# Official apache/spark tags by Spark minor version (mapping.md section 8; docs/dependencies.md).
# Digests come from the config's `base_images`, which also overrides any entry here.
SPARK_IMAGES = {
    ("3.5", "jvm"): "apache/spark:{v}-scala2.12-java17-ubuntu",
    ("3.5", "python"): "apache/spark:{v}-scala2.12-java17-python3-ubuntu",
    ("3.5", "r"): "apache/spark:{v}-scala2.12-java17-r-ubuntu",
    ("4.0", "jvm"): "apache/spark:{v}-scala2.13-java17-ubuntu",
    ("4.0", "python"): "apache/spark:{v}-scala2.13-java17-python3-ubuntu",
    ("4.0", "r"): "apache/spark:{v}-scala2.13-java17-r-ubuntu",
    ("4.1", "jvm"): "apache/spark:{v}-scala2.13-java21-ubuntu",
    ("4.1", "python"): "apache/spark:{v}-scala2.13-java21-python3-ubuntu",
    ("4.1", "r"): "apache/spark:{v}-scala2.13-java21-r-ubuntu",
}
# Names that hold credentials: never copied into a build context or an image layer.
_SECRET_NAME = re.compile(
    r"(\.keytab|\.pem|\.key|\.p12|\.pfx|\.token|\.netrc|\.pypirc|credentials(\.json)?|"
    r"^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?)$",
    re.IGNORECASE,
)
_SLOW_MOVING = (".jar", ".tar.gz", ".tgz", ".tar")


def is_secret_file(name: str) -> bool:
    """True for file names that look like keys, keytabs or tokens."""
    return bool(_SECRET_NAME.search(PurePosixPath(name).name))


def spark_base_image(config: Config, language: str) -> str:
    """The pinned base image for a Spark job in the target version.

    `base_images` may name a flavour (`spark-python`, `spark`) with a full reference, or the
    default reference itself with a digest (`apache/spark:3.5.8-...: sha256:...`).
    """
    flavor = language if language in ("python", "r") else "jvm"
    override = config.base_images.get(f"spark-{flavor}") or config.base_images.get("spark")
    if override:
        return override
    version = config.versions.spark
    minor = ".".join(version.split(".")[:2])
    template = SPARK_IMAGES.get((minor, flavor), SPARK_IMAGES[("3.5", flavor)])
    image = template.format(v=version)
    digest = config.base_images.get(image, "")
    return f"{image}@{digest}" if digest.startswith("sha256:") else image


@dataclass
class EnvStage:
    """A build stage that unpacks a shipped conda-pack environment."""

    name: str
    source: str  # path in the build context
    folder: str  # /opt/env/<alias>
    prefix: str  # the environment's folder inside the archive
    zip: bool
    conda_unpack: bool


@dataclass
class ImageLayout:
    """What the Dockerfile copies and installs, decided from the dependency plan."""

    stages: list[EnvStage] = field(default_factory=list)
    slow_files: list[str] = field(default_factory=list)
    code_files: list[str] = field(default_factory=list)
    code_dirs: list[tuple[str, list[str]]] = field(default_factory=list)  # (dest dir, files)
    pip_python: str = ""  # interpreter that installs requirements.txt ("" = nothing to install)
    pyspark_python: str = ""


def _baked(plan: DepsPlan | None) -> list[PythonEnv]:
    return [e for e in plan.environments if e.packages or e.python] if plan else []


def image_layout(files: list[str], plan: DepsPlan | None, main: str = "") -> ImageLayout:
    """Sort the job's build-context files into stages and layers (the main file is code)."""
    layout = ImageLayout()
    baked = {PurePosixPath(e.value).name: e for e in _baked(plan)}
    for name in sorted(files):
        env = baked.get(name)
        if env is not None and env.layout == "conda-pack":
            layout.stages.append(_stage(len(layout.stages) + 1, name, env))
        elif env is None:
            slow = name.endswith(_SLOW_MOVING) and name != main
            (layout.slow_files if slow else layout.code_files).append(f"app/{name}")
    by_dir: dict[str, list[str]] = {}
    for rel in sorted(set(plan.local_modules) if plan else set()):
        parent = str(PurePosixPath(rel).parent)
        if parent == ".":
            if f"app/{rel}" not in layout.code_files:
                layout.code_files.append(f"app/{rel}")
        else:
            by_dir.setdefault(parent, []).append(f"app/{rel}")
    layout.code_files.sort()
    layout.code_dirs = sorted(by_dir.items())
    if layout.stages:
        layout.pyspark_python = f"{layout.stages[0].folder}/bin/python"
    if plan is not None and plan.requirements:
        conda = layout.pyspark_python
        extra = any(r.source != "archive" for r in plan.requirements.values())
        layout.pip_python = conda if conda and extra else ("" if conda else "python3")
    return layout


def _stage(index: int, name: str, env: PythonEnv) -> EnvStage:
    return EnvStage(
        name=f"env-{index}",
        source=f"app/{name}",
        folder=f"{ENV_ROOT}/{env_dir(env.value, env.alias)}",
        prefix=env.prefix.rstrip("/"),
        zip=name.endswith(".zip"),
        conda_unpack=env.has_conda_unpack,
    )


def spark_dockerfile(
    job: MigrationJob, config: Config, files: list[str], *, plan: DepsPlan | None = None
) -> str:
    """Render the Dockerfile for a Spark job whose app/ folder holds `files`."""
    layout = image_layout(files, plan, PurePosixPath(job.main_file).name)
    return render(
        "docker/spark.Dockerfile.j2",
        base_image=spark_base_image(config, job.language),
        base_note=_base_note(config, job.language),
        name=job.name,
        source=str(job.location),
        description=f"{job.kind} job {job.source_name or job.name} migrated from YARN",
        layout=layout,
        app_dir=APP_DIR,
        env_root=ENV_ROOT,
        uid=SPARK_UID,
    )


def _base_note(config: Config, language: str) -> str:
    version = config.versions.spark
    python = ", Python 3.10" if language == "python" else ""
    return f"Spark {version}, Scala {target_scala(version)}{python}"


def dockerignore() -> str:
    """The .dockerignore written beside every Dockerfile."""
    return render("docker/dockerignore.j2")


def requirements_txt(job: MigrationJob, plan: DepsPlan) -> str:
    """requirements.txt: one line per distribution, each naming its evidence."""
    baked = [e for e in plan.environments if e.layout == "conda-pack"]
    return render(
        "docker/requirements.txt.j2",
        source=str(job.location),
        baked=[(e.value, f"{ENV_ROOT}/{env_dir(e.value, e.alias)}") for e in baked],
        lines=[(r.line(), r.note or str(r.location)) for r in plan.sorted_requirements()],
    )


def adapt_application(app: dict[str, Any], plan: DepsPlan) -> None:
    """Stop shipping environments the image now holds, and point the interpreter at it.

    conda-pack environments are unpacked at /opt/env/<alias>; venv-pack ones are reinstalled
    on the image's python3 (their interpreter link only worked on the gateway).
    """
    spec = app.get("spec", {})
    for env in _baked(plan):
        folder = env_dir(env.value, env.alias)
        name = PurePosixPath(env.value).name
        deps = spec.get("deps", {})
        archives = [
            a for a in deps.get("archives", []) if PurePosixPath(a.split("#")[0]).name != name
        ]
        if archives:
            deps["archives"] = archives
        else:
            deps.pop("archives", None)
        if not deps:
            spec.pop("deps", None)
        conda = env.layout == "conda-pack"
        new = f"{ENV_ROOT}/{folder}/" if conda else ""
        for role in ("driver", "executor"):
            for var in spec.get(role, {}).get("env", []):
                if "value" in var:
                    var["value"] = _repoint(var["value"], folder, new)
        conf = spec.get("sparkConf", {})
        for key, value in conf.items():
            conf[key] = _repoint(value, folder, new)


def _repoint(value: str, folder: str, new: str) -> str:
    """`./env/bin/python` -> `/opt/env/env/bin/python` (conda) or `python3` (reinstalled)."""
    for old in (f"./{folder}/", f"{folder}/"):
        if value.startswith(old):
            if new:
                return new + value[len(old) :]
            return "python3" if "/bin/python" in value else value
    return value


def add_deps_files(out: Artifacts, base: str, root: Path, plan: DepsPlan) -> None:
    """Copy the local modules the main file imports into app/, keeping their folders, and
    credit every file read as evidence as used by the job."""
    for rel, source in sorted(plan.local_modules.items()):
        path = (root / source).resolve()
        if not is_secret_file(rel):
            out.add(f"{base}/app/{rel}", path.read_bytes())
    out.used_inputs |= {(root / rel).resolve() for rel in plan.inputs}
