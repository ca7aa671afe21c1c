"""Files at the root of OUT: the kustomization, the Spark driver RBAC, build.sh."""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from pathlib import PurePosixPath

from yarn2k8s.config import Config
from yarn2k8s.converters.kubernetes import kustomization, spark_driver_rbac
from yarn2k8s.converters.spark_job import job_image, job_namespace
from yarn2k8s.model import MigrationJob
from yarn2k8s.rendering import dump_yaml, dump_yaml_documents, render

KUSTOMIZATION = "kustomization.yaml"


def estate_files(
    jobs: Iterable[MigrationJob], files: dict[str, bytes], config: Config
) -> dict[str, str]:
    """Root kustomization, per-namespace driver RBAC and build.sh for everything converted."""
    out: dict[str, str] = {}
    by_name = {job.name: job for job in jobs}
    namespaces = sorted(
        {
            job_namespace(job, config)
            for job in by_name.values()
            if job.kind == "spark" and f"jobs/{job.name}/k8s/{KUSTOMIZATION}" in files
        }
    )
    for namespace in namespaces:
        folder = f"rbac/{namespace}"
        rbac = spark_driver_rbac(config.service_account, namespace)
        out[f"{folder}/spark-driver.yaml"] = dump_yaml_documents(rbac)
        out[f"{folder}/{KUSTOMIZATION}"] = dump_yaml(kustomization(["spark-driver.yaml"]))
    resources = top_level_kustomizations([*files, *out])
    if resources:
        out[KUSTOMIZATION] = dump_yaml(kustomization(resources))
    images = [(d, _image_for(d, by_name, config)) for d in build_contexts(files)]
    if images:
        out["build.sh"] = render(
            "build.sh.j2", images=[(shlex.quote(d), shlex.quote(i)) for d, i in images]
        )
    return out


def top_level_kustomizations(paths: Iterable[str]) -> list[str]:
    """Folders holding a kustomization that no other listed kustomization folder contains.

    Listing a nested one as well would make kustomize see its resources twice.
    """
    folders = sorted(  # a set: two converters may write the same shared folder (rbac/)
        {
            str(PurePosixPath(p).parent)
            for p in paths
            if PurePosixPath(p).name == KUSTOMIZATION and "/" in p
        }
    )
    kept: list[str] = []
    seen: set[str] = set()  # an ancestor is looked up by prefix: linear, not quadratic
    for folder in folders:
        ancestors = (folder[:i] for i, char in enumerate(folder) if char == "/")
        if not any(a in seen for a in ancestors):
            kept.append(folder)
            seen.add(folder)
    return kept


def build_contexts(files: Iterable[str]) -> list[str]:
    """Every folder with a Dockerfile, sorted."""
    return sorted(
        str(PurePosixPath(p).parent) for p in files if PurePosixPath(p).name == "Dockerfile"
    )


def _image_for(context: str, jobs: dict[str, MigrationJob], config: Config) -> str:
    """The image a build context must be pushed as, matching what the manifests reference.

    Jobs follow `job_image` (per-job overrides included); every other context (a workflow's
    step image, a service component) is named after its folder, as its converter names it.
    """
    parts = PurePosixPath(context).parts
    if len(parts) == 2 and parts[0] == "jobs" and parts[1] in jobs:
        return job_image(jobs[parts[1]], config)
    name = parts[-1]
    for override in config.overrides_for(name, name):
        if override.image:
            return override.image
    return f"{config.image.registry.rstrip('/')}/{name}:{config.image.tag}"
