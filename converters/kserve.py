"""`serving` units -> KServe InferenceService (serving.kserve.io/v1beta1), mapping.md section 7.

Remote models keep their storage, rewritten by the storage map (HDFS stays readable over
WebHDFS, with a finding). A model the gateway had locally is baked into an OCI model image
("modelcar", storageUri oci://...) built beside the manifest, so the output is self-contained.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from yarn2k8s.analyzers.serving import ServingSpec
from yarn2k8s.config import Config
from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.dockerfile import dockerignore
from yarn2k8s.converters.kubernetes import kustomization
from yarn2k8s.converters.spark_job import job_image, job_namespace
from yarn2k8s.converters.training_files import copy_dir, copy_file, find_dir, find_file
from yarn2k8s.enrich.storage import RewriteLog
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob
from yarn2k8s.rendering import dump_yaml, render

SERVING_UID = 1000  # the KServe runtime images' own non-root user
MODELCAR_BASE = "busybox:1.36"
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
_HDFS_SCHEMES = frozenset({"hdfs", "viewfs", "webhdfs"})
_V2_ONLY = frozenset({"mlflow"})


def convert_serving(job: MigrationJob, ctx: ConversionContext) -> Artifacts:
    """The InferenceService for one model, and the model image when the model is local."""
    spec = job.extra["serving"]
    assert isinstance(spec, ServingSpec)
    out, base, log = Artifacts(), f"jobs/{job.name}", RewriteLog()
    namespace = job_namespace(job, ctx.config)
    uri, local = _storage_uri(spec, ctx, log)
    if local:
        uri = f"oci://{job_image(job, ctx.config)}"
        _bake_model(job, spec, ctx, out, base)
        out.findings.append(make("SV007", job.location, path=spec.uri, uri=uri))
        out.add(f"{base}/Dockerfile", _modelcar_dockerfile(job, spec))
        out.add(f"{base}/.dockerignore", dockerignore())
    isvc = inference_service(job, spec, uri, namespace, ctx.config)
    out.add(f"{base}/k8s/inferenceservice.yaml", dump_yaml(isvc))
    out.add(f"{base}/k8s/kustomization.yaml", dump_yaml(kustomization(["inferenceservice.yaml"])))
    out.findings += _findings(job, spec, uri, log)
    return out


def _storage_uri(spec: ServingSpec, ctx: ConversionContext, log: RewriteLog) -> tuple[str, bool]:
    """(storageUri, whether the model is local and must be baked)."""
    scheme = _SCHEME.match(spec.uri)
    if scheme:
        return ctx.storage.rewrite(spec.uri, log), False
    if spec.uri.startswith("/"):
        mapped = ctx.storage.map_uri(spec.uri)
        if mapped is not None:
            log.rewritten[spec.uri] = mapped
            return mapped, False
    return spec.uri, True


def _bake_model(
    job: MigrationJob, spec: ServingSpec, ctx: ConversionContext, out: Artifacts, base: str
) -> None:
    folder = find_dir(spec.uri, job, ctx.root)
    if folder is not None:
        versioned = spec.model_format == "tensorflow" and not any(
            p.is_dir() and p.name.isdigit() for p in folder.iterdir()
        )
        dest = f"{base}/app/1" if versioned else f"{base}/app"
        copy_dir(folder, dest, out)
        if versioned:
            out.findings.append(make("SV011", job.location, path=spec.uri))
        for name in spec.expects:
            if not (folder / name).is_file():
                out.findings.append(
                    make("DF001", job.location, path=f"{spec.uri}/{name}", dest=f"{dest}/{name}")
                )
        return
    found = find_file(spec.uri, job, ctx.root)
    name = PurePosixPath(spec.uri).name or "model"
    if found is None:
        out.findings.append(make("DF001", job.location, path=spec.uri, dest=f"{base}/app/{name}"))
        return
    copy_file(found, f"{base}/app/{name}", out)


def inference_service(
    job: MigrationJob, spec: ServingSpec, uri: str, namespace: str, config: Config
) -> dict[str, Any]:
    """The InferenceService object."""
    model: dict[str, Any] = {
        "modelFormat": {"name": spec.model_format},
        "storageUri": uri,
        "resources": {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"memory": "2Gi"}},
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "capabilities": {"drop": ["ALL"]},
            "runAsNonRoot": True,
            "runAsUser": SERVING_UID,
            "runAsGroup": SERVING_UID,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
    }
    if spec.model_format in _V2_ONLY:
        model["protocolVersion"] = "v2"
    predictor: dict[str, Any] = {
        "minReplicas": 1,
        "model": model,
        "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
    }
    if config.image.pull_secrets and uri.startswith("oci://"):
        predictor["imagePullSecrets"] = [{"name": s} for s in config.image.pull_secrets]
    annotations = {"yarn2k8s.io/source": str(job.location)}
    if job.source_name:
        annotations["yarn2k8s.io/original-name"] = job.source_name
    metadata = {
        "name": job.name,
        "namespace": namespace,
        "labels": {"app.kubernetes.io/managed-by": "yarn2k8s", "app.kubernetes.io/name": job.name},
        "annotations": annotations,
    }
    return {
        "apiVersion": "serving.kserve.io/v1beta1",
        "kind": "InferenceService",
        "metadata": metadata,
        "spec": {"predictor": predictor},
    }


def _findings(job: MigrationJob, spec: ServingSpec, uri: str, log: RewriteLog) -> list[Finding]:
    loc = job.location
    found = [make("SV001", loc, format=spec.model_format, uri=uri)]
    if spec.source == "flask":
        routes = ", ".join(f"`{r}`" for r in spec.routes) or "none found"
        found.append(
            make("SV003", loc, file=spec.app_file, routes=routes, format=spec.model_format)
        )
    if spec.model_format == "sklearn" and (
        spec.loader.endswith(("pickle.load", "dill.load")) or spec.uri.endswith((".pkl", ".pickle"))
    ):
        found.append(make("SV004", loc, path=spec.uri))
    if spec.model_format == "pytorch":
        found.append(make("SV005", loc, path=spec.uri))
    scheme = _SCHEME.match(uri)
    if scheme and scheme.group(1) in _HDFS_SCHEMES:
        found.append(make("SV006", loc, uri=uri))
    if spec.version_policy:
        found.append(make("SV009", loc))
    found += [make("DA002", loc, old=o, new=n) for o, n in sorted(log.rewritten.items())]
    found += [make("DA001", loc, path=p) for p in sorted(log.unmapped)]
    return found


def _modelcar_dockerfile(job: MigrationJob, spec: ServingSpec) -> str:
    return render(
        "docker/modelcar.Dockerfile.j2",
        base_image=MODELCAR_BASE,
        name=job.name,
        source=str(job.location),
        description=f"{spec.model_format} model {PurePosixPath(spec.uri).name} served by KServe",
    )
