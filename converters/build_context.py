"""Build contexts for batch jobs and services: files copied from the inputs, the Dockerfile.

Files are only ever copied from inside the input root (`spark_job.find_input_file`); a file
that is not there gets a DF001 finding telling where to put it before building.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from yarn2k8s.config import Config
from yarn2k8s.converters.base import Artifacts
from yarn2k8s.converters.batch_manifest import HADOOP_UID
from yarn2k8s.converters.spark_job import find_input_file
from yarn2k8s.findings import make
from yarn2k8s.model import MigrationJob, SourceLocation
from yarn2k8s.rendering import render

_EXECUTABLE = (".sh", ".bash", ".py", ".pl", ".rb", ".R", ".ksh", ".zsh")
_ARCHIVES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")


@dataclass(frozen=True)
class BakedFile:
    """One file of a build context: where it sits in the context and in the image."""

    src: str  # relative to the build context, e.g. app/run.sh
    dest: str  # absolute path in the image
    mode: str = "0644"
    unpack: bool = False
    missing: bool = False  # not among the inputs: the build fails until someone puts it there


def hadoop_base_image(config: Config) -> str:
    """The pinned Hadoop client image batch jobs are built on."""
    return config.base_images.get("hadoop") or f"apache/hadoop:{config.versions.hadoop}"


def bake(
    out: Artifacts, base: str, root: Path, anchor: MigrationJob, wanted: list[tuple[str, str]]
) -> list[BakedFile]:
    """Copy each `(gateway path, image path)` found among the inputs into `<base>/app/`."""
    baked: dict[str, BakedFile] = {}
    for value, dest in wanted:
        name = PurePosixPath(value.removeprefix("file:")).name
        if not name or dest in {b.dest for b in baked.values()}:
            continue
        src = f"app/{name}"
        found = find_input_file(value, anchor, root)
        if found is None:
            out.findings.append(make("DF001", anchor.location, path=value, dest=f"{base}/{src}"))
        else:
            out.add(f"{base}/{src}", found.read_bytes())
            out.used_inputs.add(found)
        unpack = name.endswith(_ARCHIVES) and dest.endswith("/")
        mode = "" if unpack else ("0755" if name.endswith(_EXECUTABLE) else "0644")
        baked[src] = BakedFile(src, dest, mode, unpack, missing=found is None)
    return sorted(baked.values(), key=lambda b: b.dest)


def dockerfile(
    name: str,
    source: SourceLocation,
    description: str,
    base_image: str,
    files: list[BakedFile],
    workdir: str,
) -> str:
    """The Dockerfile of a batch job or service image."""
    return render(
        "docker/batch.Dockerfile.j2",
        base_image=base_image,
        name=name,
        source=str(source),
        description=description,
        files=files,
        workdir=workdir,
        uid=HADOOP_UID,
    )
