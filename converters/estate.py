"""Files at the root of OUT: the kustomization, the Spark driver RBAC, build.sh."""

from __future__ import annotations

import shlex
from collections.abc import Iterable

from yarn2k8s.config import Config
from yarn2k8s.converters.kubernetes import kustomization, spark_driver_rbac
from yarn2k8s.converters.spark_job import job_image, job_namespace
from yarn2k8s.model import MigrationJob
from yarn2k8s.rendering import dump_yaml, dump_yaml_documents, render


def estate_files(
    jobs: Iterable[MigrationJob], files: dict[str, bytes], config: Config
) -> dict[str, str]:
    """Root kustomization, per-namespace driver RBAC and build.sh for the converted jobs."""
    out: dict[str, str] = {}
    resources: list[str] = []
    namespaces: set[str] = set()
    images: list[tuple[str, str]] = []
    for job in sorted(jobs, key=lambda j: j.name):
        base = f"jobs/{job.name}"
        if f"{base}/k8s/kustomization.yaml" in files:
            resources.append(f"{base}/k8s")
            if job.kind == "spark":
                namespaces.add(job_namespace(job, config))
        if f"{base}/Dockerfile" in files:
            images.append((base, job_image(job, config)))
    for namespace in sorted(namespaces):
        folder = f"rbac/{namespace}"
        rbac = spark_driver_rbac(config.service_account, namespace)
        out[f"{folder}/spark-driver.yaml"] = dump_yaml_documents(rbac)
        out[f"{folder}/kustomization.yaml"] = dump_yaml(kustomization(["spark-driver.yaml"]))
        resources.append(folder)
    if resources:
        out["kustomization.yaml"] = dump_yaml(kustomization(resources))
    if images:
        out["build.sh"] = render(
            "build.sh.j2", images=[(shlex.quote(d), shlex.quote(i)) for d, i in images]
        )
    return out
