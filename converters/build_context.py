"""Build contexts for batch jobs and services: files copied from the inputs, the Dockerfile.

Files are only ever copied from inside the input root (`spark_job.find_input_file`), or from
the run's WebHDFS cache when `enrich/fetch.py` fetched an hdfs:// file the job names (DP027,
as for Spark jobs); a file that is not there gets a DF001 finding telling where to put it
before building.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from yarn2k8s.config import Config
from yarn2k8s.converters.base import Artifacts
from yarn2k8s.converters.batch_manifest import HADOOP_UID
from yarn2k8s.converters.spark_job import find_input_file
from yarn2k8s.enrich.fetch import fetched_file
from yarn2k8s.findings import make
from yarn2k8s.model import MigrationJob, SourceLocation
from yarn2k8s.rendering import render
from yarn2k8s.sources.webhdfs import redact_uri

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
    origin: str = ""  # the hdfs:// URI it was fetched from (credentials masked), if it was


def hadoop_base_image(config: Config) -> str:
    """The pinned Hadoop client image batch jobs are built on."""
    return config.base_images.get("hadoop") or f"apache/hadoop:{config.versions.hadoop}"


def bake(
    out: Artifacts, base: str, root: Path, anchor: MigrationJob, wanted: list[tuple[str, str]]
) -> list[BakedFile]:
    """Copy each `(gateway path, image path)` found among the inputs into `<base>/app/`."""
    baked: dict[str, BakedFile] = {}
    for value, dest in wanted:
        fetched = fetched_file(anchor, value) is not None
        # A URI's last segment may carry a query (webhdfs://...?op=OPEN): its image path,
        # from `fetched_dests`, holds the plain name.
        name = PurePosixPath(dest if fetched else value.removeprefix("file:")).name
        if not name or dest in {b.dest for b in baked.values()}:
            continue
        src = f"app/{name}"
        found = find_input_file(value, anchor, root)
        if found is None:
            out.findings.append(make("DF001", anchor.location, path=value, dest=f"{base}/{src}"))
        else:
            data = found.read_bytes()
            out.add(f"{base}/{src}", data)
            credit_copy(out, anchor, value, found, len(data), dest)
        unpack = name.endswith(_ARCHIVES) and dest.endswith("/")
        mode = "" if unpack else ("0755" if name.endswith(_EXECUTABLE) else "0644")
        origin = redact_uri(value) if fetched else ""
        baked[src] = BakedFile(src, dest, mode, unpack, missing=found is None, origin=origin)
    return sorted(baked.values(), key=lambda b: b.dest)


def credit_copy(
    out: Artifacts, job: MigrationJob, value: str, found: Path, size: int, dest: str
) -> None:
    """Account for a file copied into a build context: an input file counts as used; a copy
    fetched over WebHDFS is no input, so a DP027 finding says where it came from instead."""
    if fetched_file(job, value) is None:
        out.used_inputs.add(found)
    else:
        out.findings.append(
            make("DP027", job.location, uri=redact_uri(value), size=size, dest=dest)
        )


def fetched_dests(
    job: MigrationJob, values: list[tuple[str, str]], app_dir: str, taken: set[str]
) -> dict[str, str]:
    """`(URI, name)` pairs of the job's fetched files -> their path in the image
    (`<app_dir>/<name>`).

    A name already `taken` (by a gateway-local file, or an earlier URI of the same name) is
    skipped: that URI stays a run-time HDFS reference rather than point at another file's bytes.
    """
    dests: dict[str, str] = {}
    used = set(taken)
    for uri, name in values:
        found = fetched_file(job, uri)
        dest = f"{app_dir}/{name}"
        if uri in dests or found is None or not found.is_file() or dest in used:
            continue
        dests[uri] = dest
        used.add(dest)
    return dests


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
