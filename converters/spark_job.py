"""A Spark job's output folder: SparkApplication (or ScheduledSparkApplication), Dockerfile,
build context, job.json, README and kustomization."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path, PurePosixPath
from typing import Any

from yarn2k8s.config import Config
from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.dockerfile import (
    adapt_application,
    add_deps_files,
    dockerignore,
    is_secret_file,
    requirements_txt,
    spark_dockerfile,
)
from yarn2k8s.converters.kubernetes import example_secret, kustomization
from yarn2k8s.converters.spark_operator import APP_DIR, is_local, spark_application
from yarn2k8s.deps import infer_dependencies, job_findings
from yarn2k8s.enrich.fetch import fetched_file
from yarn2k8s.enrich.secrets import secret_name
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob
from yarn2k8s.rendering import dump_json, dump_yaml, render
from yarn2k8s.security.redact import redact
from yarn2k8s.sources.webhdfs import redact_uri

MAX_COPY_BYTES = 64 * 1024 * 1024


def job_image(job: MigrationJob, config: Config) -> str:
    """The image reference a job's manifests use; `build.sh` pushes the same."""
    for override in config.overrides_for(str(job.location), job.name):
        if override.image:
            return override.image
    return f"{config.image.registry.rstrip('/')}/{job.name}:{config.image.tag}"


def job_namespace(job: MigrationJob, config: Config) -> str:
    """Per-job override, then the queue map, then the default namespace."""
    for override in reversed(config.overrides_for(str(job.location), job.name)):
        if override.namespace:
            return override.namespace
    target = config.queues.get(job.queue)
    if target and target.namespace:
        return target.namespace
    return config.namespace


def convert_spark_job(job: MigrationJob, ctx: ConversionContext) -> Artifacts:
    """Every file of a Spark job's folder, plus the findings raised on the way."""
    config, storage = ctx.config, ctx.storage
    out = Artifacts()
    base = f"jobs/{job.name}"
    image, namespace = job_image(job, config), job_namespace(job, config)
    app, findings = spark_application(job, config, storage, image, namespace)
    out.findings.extend(findings)
    if app is None:
        if job.main_file:
            out.findings.append(make("SP023", job.location, main=job.main_file))
        else:
            out.findings.append(make("SP009", job.location))
        return out
    plan = infer_dependencies(job, ctx.root, config)
    out.findings += plan.findings + job_findings(job, config)
    adapt_application(app, plan)
    obj = _scheduled(app, job) if job.schedule else app
    kind = obj["kind"].lower()
    out.add(f"{base}/k8s/{kind}.yaml", dump_yaml(obj))
    out.add(f"{base}/k8s/kustomization.yaml", dump_yaml(kustomization([f"{kind}.yaml"])))
    if job.secrets:
        secret = example_secret(secret_name(job.name), namespace, job.secrets)
        out.add(f"{base}/k8s/secret.example.yaml", dump_yaml(secret))
    copied = copy_local_files(job, ctx.root, out, base, ctx.source)
    add_deps_files(out, base, ctx.root, plan)
    out.add(f"{base}/Dockerfile", spark_dockerfile(job, config, copied, plan=plan))
    out.add(f"{base}/.dockerignore", dockerignore())
    if job.language == "python":
        out.add(f"{base}/requirements.txt", requirements_txt(job, plan))
    return out


def _scheduled(app: dict[str, Any], job: MigrationJob) -> dict[str, Any]:
    assert job.schedule is not None
    return {
        "apiVersion": app["apiVersion"],
        "kind": "ScheduledSparkApplication",
        "metadata": app["metadata"],
        "spec": {
            "schedule": job.schedule.cron,
            "timeZone": job.schedule.time_zone,
            # cron starts a run even if the last one still runs; keep that meaning.
            "concurrencyPolicy": "Allow",
            "template": app["spec"],
        },
    }


def local_files(job: MigrationJob) -> list[str]:
    """Files a job's image holds: gateway-local ones and those fetched from HDFS
    (`enrich/fetch.py`), among its main file and file-like dependencies."""
    values = [job.main_file] if job.main_file else []
    values += [d.value for d in job.deps if d.kind in ("jar", "py-file", "file", "archive")]
    return [v for v in values if is_local(v) or fetched_file(job, v) is not None]


def copy_local_files(
    job: MigrationJob, root: Path, out: Artifacts, base: str, source: Path | None = None
) -> list[str]:
    """Copy a job's gateway-local files into `<base>/app/`; returns the names copied."""
    copied: list[str] = []
    for value in local_files(job):
        name = PurePosixPath(value.removeprefix("file:")).name
        if is_secret_file(name):  # keys and keytabs go to Secrets, never into an image
            out.findings.append(make("DF002", job.location, path=value))
            continue
        found = find_input_file(value, job, root, source)
        if found is None:
            out.findings.append(make("DF001", job.location, path=value, dest=f"{base}/app/{name}"))
            continue
        data = found.read_bytes()
        out.add(f"{base}/app/{name}", data)
        if fetched_file(job, value) is None:
            out.used_inputs.add(found)
        else:  # a downloaded copy, not an input file: say where it came from instead
            dest = f"local://{APP_DIR}/{name}"
            out.findings.append(
                make("DP027", job.location, uri=redact_uri(value), size=len(data), dest=dest)
            )
        copied.append(name)
    return sorted(set(copied))


def find_input_file(
    value: str, job: MigrationJob, root: Path, source: Path | None = None
) -> Path | None:
    """Find a referenced file inside the input root only (never outside it).

    Relative paths are tried against the folder of the job's source file (`source`, else
    `root / location.path`), then the root; a path that was absolute on the gateway by its name
    beside the source.
    """
    fetched = fetched_file(job, value)
    if fetched is not None:  # downloaded over WebHDFS into the run's cache, size-bounded there
        return fetched if fetched.is_file() else None
    rel = PurePosixPath(value.removeprefix("file:"))
    script_dir = (source or (root / job.location.path)).parent
    candidates = (
        [script_dir / rel.name]
        if rel.is_absolute()
        else [script_dir / rel, root / rel, script_dir / rel.name]
    )
    resolved_root = root.resolve()
    for cand in candidates:
        try:
            real = cand.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
            continue
        if (
            real.is_relative_to(resolved_root)
            and real.is_file()
            and real.stat().st_size <= MAX_COPY_BYTES
        ):
            return real
    return None


def job_record(job: MigrationJob, readiness: str, findings: list[Finding]) -> dict[str, Any]:
    """job.json: the normalized job and the original submission's effective configuration."""
    return {
        "schema": 1,
        "name": job.name,
        "kind": job.kind,
        "source": str(job.location),
        "original_name": job.source_name,
        "readiness": readiness,
        "language": job.language,
        "main_file": job.main_file,
        "main_class": job.main_class,
        "arguments": job.arguments,
        "master": job.master,
        "deploy_mode": job.deploy_mode,
        "queue": job.queue,
        "schedule": (
            {"cron": job.schedule.cron, "time_zone": job.schedule.time_zone}
            if job.schedule
            else None
        ),
        "effective_conf": job.effective_conf,
        "conf_sources": {k: str(v) for k, v in sorted(job.conf_sources.items())},
        "dependencies": [
            {
                "kind": d.kind,
                "value": redact(d.value),  # a webhdfs:// URI may carry a delegation token
                "alias": d.alias,
                "source": str(d.location),
                "confidence": d.confidence,
            }
            for d in job.deps
        ],
        "placeholders": sorted({p.name for p in job.placeholders}),
        "secrets": [
            {
                "secret": s.secret_name,
                "key": s.key,
                "env": s.env_var,
                "purpose": s.purpose,
                "source": str(s.location),
            }
            for s in job.secrets
        ],
        "memory": job.extra.get("memory", {}),
        "findings": [f.to_dict() for f in findings],
    }


def job_readme(
    job: MigrationJob,
    readiness: str,
    image: str,
    namespace: str,
    findings: list[Finding],
    files: Collection[str] = (),
) -> str:
    """The per-job README: what was converted and what to check by hand.

    `files` are the job's generated files, so the build/apply steps shown are the real ones.
    """
    base = f"jobs/{job.name}"
    return render(
        "job/README.md.j2",
        has_dockerfile=f"{base}/Dockerfile" in files,
        has_manifests=f"{base}/k8s/kustomization.yaml" in files,
        spark=job.kind == "spark" and f"{base}/k8s/kustomization.yaml" in files,
        namespace=namespace,
        name=job.name,
        source=str(job.location),
        original_name=job.source_name,
        readiness=readiness,
        image=image,
        secrets=bool(job.secrets),
        secret_name=secret_name(job.name),
        findings=[f.to_dict() for f in findings if f.severity.value != "info"],
    )


def add_job_record(
    out: Artifacts, job: MigrationJob, readiness: str, config: Config, findings: list[Finding]
) -> None:
    """Write job.json and README.md for a job (after its findings are final)."""
    base = f"jobs/{job.name}"
    image, namespace = job_image(job, config), job_namespace(job, config)
    out.add(f"{base}/job.json", dump_json(job_record(job, readiness, findings)))
    readme = job_readme(job, readiness, image, namespace, findings, set(out.files))
    out.add(f"{base}/README.md", readme)
