"""A training job's output folder: the operator object (TFJob, PyTorchJob, MPIJob, XGBoostJob,
TrainJob or Job), the Dockerfile on the matching framework image, the build context (`app/`,
requirements.txt, the env shim) and the kustomization. job.json and README come from the
pipeline (spark_job.add_job_record)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from yarn2k8s.analyzers.training_spec import TrainingSpec, python_file_of, spec_of
from yarn2k8s.config import Config
from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.build_context import credit_copy, fetched_dests
from yarn2k8s.converters.dockerfile import dockerignore
from yarn2k8s.converters.kubernetes import example_secret, kustomization
from yarn2k8s.converters.python_deps import PythonEnv, read_archive, read_requirements
from yarn2k8s.converters.spark_job import job_image, job_namespace
from yarn2k8s.converters.spark_operator import is_local
from yarn2k8s.converters.training_dockerfile import (
    APP_DIR,
    ImagePlan,
    plan_image,
    training_dockerfile,
)
from yarn2k8s.converters.training_files import bake_files, copy_dir, find_dir, find_file
from yarn2k8s.converters.training_objects import (
    TF_TYPES,
    batch_job,
    master_worker_job,
    mpijob,
    tfjob,
    trainjob,
)
from yarn2k8s.converters.training_pods import PodContext, data_findings
from yarn2k8s.converters.training_shim import ENTRYPOINT, ShimInput, build_shim
from yarn2k8s.enrich.fetch import LOCALIZING_SOURCES, fetched_file, localized_file
from yarn2k8s.enrich.secrets import secret_name
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob
from yarn2k8s.rendering import dump_yaml
from yarn2k8s.sources.webhdfs import redact_uri

_TRAINER_V2 = frozenset({"trainer", "trainjob", "trainer-v2", "v2"})
_BUILDERS: dict[str, Callable[[PodContext, str], dict[str, Any]]] = {
    "tfjob": tfjob,
    "pytorchjob": lambda pc, ns: master_worker_job(
        pc, ns, "PyTorchJob", "pytorchReplicaSpecs", "pytorch"
    ),
    "xgboostjob": lambda pc, ns: master_worker_job(
        pc, ns, "XGBoostJob", "xgbReplicaSpecs", "xgboost"
    ),
    "trainjob": trainjob,
    "mpijob": mpijob,
    "job": batch_job,
}
MAX_ARCHIVE_LOOKUP_BYTES = 8 * 1024**3


def target_kind(job: MigrationJob, config: Config) -> str:
    """Which object the job becomes; PyTorch goes to Trainer v2 when the config says so."""
    if job.kind == "pytorch" and config.operators.get("pytorch", "").lower() in _TRAINER_V2:
        return "trainjob"
    return {
        "tensorflow": "tfjob",
        "pytorch": "pytorchjob",
        "mpi": "mpijob",
        "xgboost": "xgboostjob",
    }.get(job.kind, "job")


def convert_training_job(job: MigrationJob, ctx: ConversionContext, base: str = "") -> Artifacts:
    """Every file of a training job's folder, plus the findings raised on the way.

    `base` is the folder in OUT (default `jobs/<name>`; an Oozie workflow's training step puts
    the job under the workflow's folder): paths and the findings that name them use it.
    """
    spec, config, out = spec_of(job), ctx.config, Artifacts()
    base = base or f"jobs/{job.name}"
    if not job.roles:
        out.findings.append(make("TY033", job.location, what="training job", detail="no roles"))
        return out
    env, env_sources = python_env(job, spec, ctx.root, out.used_inputs)
    source_image, kept = _images(job, spec, out.findings)
    plan = plan_image(job, spec, env, config, source_image)
    plan.requirements_source = ", ".join(env_sources)
    kind = target_kind(job, config)
    roles = shim_roles(job, kind)
    shim = build_shim(
        spec.shim, ShimInput(kind, roles, job.name, config.cluster.default_fs, spec.source_roles)
    )
    fetched = fetched_names(job, spec)
    baked = {uri: f"{APP_DIR}/{name}" for uri, name in fetched.items()}
    image = job_image(job, config)
    pc = PodContext(job, spec, config, ctx.storage, image, images=kept, shim=shim, baked=baked)
    namespace = job_namespace(job, config)
    obj = _BUILDERS[kind](pc, namespace)
    spec_findings = _spec_findings(pc, plan, env_sources, kind)  # may map URIs: before DA*
    out.findings += plan.findings + pc.findings + spec_findings + data_findings(pc)
    _write_manifests(out, base, obj, job, namespace)
    has_files = _bake(job, spec, ctx.root, out, base, shim.script, fetched)
    if plan.requirements:
        out.add(f"{base}/requirements.txt", "\n".join(plan.requirements) + "\n")
    origins = sorted((name, redact_uri(uri)) for uri, name in fetched.items())
    out.add(f"{base}/Dockerfile", training_dockerfile(job, plan, has_files, fetched=origins))
    out.add(f"{base}/.dockerignore", dockerignore())
    return out


def shim_roles(job: MigrationJob, kind: str) -> dict[str, int]:
    """Replica type (lowercase) -> replicas, as the builders will emit them."""
    roles = list(job.roles.values())
    if kind == "tfjob":
        out: dict[str, int] = {}
        for role in roles:
            rtype = TF_TYPES.get(role.name, "Worker" if len(roles) == 1 else "").lower()
            if rtype and rtype not in out:
                out[rtype] = 1 if rtype == "chief" else role.instances
        return out
    if kind in ("pytorchjob", "xgboostjob"):
        total = (
            sum(r.instances for r in roles if r.name in ("master", "chief", "worker"))
            or roles[0].instances
        )
        return {"master": 1, "worker": total - 1} if total > 1 else {"master": 1}
    if kind == "trainjob":
        return {"node": sum(r.instances for r in roles)}
    return {r.name: r.instances for r in roles}


def python_env(
    job: MigrationJob, spec: TrainingSpec, root: Path, used: set[Path]
) -> tuple[PythonEnv, list[str]]:
    """Packages the job's environment held: shipped archives, requirements.txt, pins.

    Inputs read here count as used (their pins are baked into the image).
    """
    env, sources = PythonEnv(), []
    for archive in spec.archives:
        # An environment fetched over WebHDFS is read like a local one: its pins are baked.
        fetched = fetched_file(job, archive)
        found = fetched or find_file(archive, job, root, MAX_ARCHIVE_LOOKUP_BYTES)
        if found is not None and found.is_file():
            read = read_archive(found)
            if fetched is None:  # the cache's copy is no input file
                used.add(found)
            env.packages.update(read.packages)
            env.python = env.python or read.python
            sources.append(PurePosixPath(archive).name)
    wanted = [f"{folder}/requirements.txt" for folder in spec.src_dirs] + ["requirements.txt"]
    found = next((f for f in (find_file(w, job, root) for w in wanted) if f is not None), None)
    if found is not None:
        used.add(found)
        text = found.read_text(encoding="utf-8", errors="replace")
        env.packages.update(read_requirements(text).packages)
        sources.append("requirements.txt")
    if spec.pinned:
        env.packages.update(spec.pinned)
        sources.append("pip install lines in the script")
    return env, sources


def _images(
    job: MigrationJob, spec: TrainingSpec, findings: list[Finding]
) -> tuple[str, dict[str, str]]:
    """The source image the job image is built FROM, and per-role images kept as they are."""
    images = {r: i for r, i in spec.images.items() if i and r in job.roles}
    if not images:
        return "", {}
    primary_role = "worker" if "worker" in images else next(r for r in job.roles if r in images)
    primary = images[primary_role]
    how = "the job image is built FROM it"
    if "@" not in primary and ":" not in primary.rsplit("/", 1)[-1]:
        how += " (it has no tag: pin one)"
    findings.append(make("TY019", job.location, role=primary_role, image=primary, how=how))
    kept = {r: i for r, i in images.items() if i != primary}
    for role, image in sorted(kept.items()):
        findings.append(make("TY032", job.location, role=role, image=image, uid=10001))
        if job.kind == "mpi":
            findings.append(make("TY016", job.location, role=role, image=image, port=2222))
    return primary, kept


def _spec_findings(
    pc: PodContext, plan: ImagePlan, env_sources: list[str], kind: str
) -> list[Finding]:
    job, spec, loc = pc.job, pc.spec, pc.job.location
    found = [make("TY012", loc, what=s) for s in spec.sidecars]
    found += [
        make("TY013", loc, value=v, where="YARN")
        for v in spec.remote
        if _localized_uri(v) not in pc.baked
    ]
    found += [
        make("TY014", loc, direction=d, uri=pc.storage.rewrite(u, pc.log), local=local)
        for d, u, local in spec.staging
    ]
    archives = [
        s for s in env_sources if s not in ("requirements.txt", "pip install lines in the script")
    ]
    found += [
        make("TY006", loc, archive=a, n=len(plan.requirements), image=plan.base) for a in archives
    ]
    pods = sum(r.instances for r in job.roles.values())
    if spec.gang and pods > 1 and pc.config.scheduler in ("none", "yunikorn"):
        found.append(make("TY011", loc, n=pods, launcher=spec.source))
    if pc.shim.variables:
        how = (
            "an entrypoint script and the pod's replica-index label"
            if pc.shim.script
            else "the pod's replica-index label"
        )
        found.append(
            make(
                "TY005", loc, launcher=pc.shim.launcher, vars=", ".join(pc.shim.variables), how=how
            )
        )
    if job.schedule is not None:
        found.append(make("TY037", loc, cron=job.schedule.cron))
    if spec.retries_key is not None:
        key, where = spec.retries_key
        how = (
            "a TrainJob's restarts follow its runtime's JobSet failure policy"
            if kind == "trainjob"
            else f"the pods are restarted instead (backoffLimit {spec.retries})"
        )
        found.append(make("TY010", where, key=key, n=spec.retries, how=how))
    if kind == "xgboostjob" and spec.source == "xlearning":
        found.append(make("TY035", loc, launcher="XLearning"))
    return found


def _write_manifests(
    out: Artifacts, base: str, obj: dict[str, Any], job: MigrationJob, namespace: str
) -> None:
    name = f"{obj['kind'].lower()}.yaml"
    out.add(f"{base}/k8s/{name}", dump_yaml(obj))
    out.add(f"{base}/k8s/kustomization.yaml", dump_yaml(kustomization([name])))
    if job.secrets:
        out.add(
            f"{base}/k8s/secret.example.yaml",
            dump_yaml(example_secret(secret_name(job.name), namespace, job.secrets)),
        )


def _command_files(spec: TrainingSpec) -> list[str]:
    """Scripts the commands run by a relative name; inside a source image they are its own."""
    if spec.src_dirs or spec.images:
        return []
    found = (python_file_of(c) for c in spec.commands.values())
    return [f for f in found if f and "/" not in f and "${" not in f and f not in spec.generated]


def fetched_names(job: MigrationJob, spec: TrainingSpec) -> dict[str, str]:
    """hdfs:// URI -> name in app/, for the job's files fetched over WebHDFS: its entry script,
    the files its spec names, and the files TonY/XLearning localized into the working folder
    (`enrich/fetch.training_artifacts`; shipped environments are read for pins instead)."""
    values = [(v, PurePosixPath(v.split("?", 1)[0]).name) for v in [job.main_file, *spec.files]]
    if spec.source in LOCALIZING_SOURCES:
        values += [pair for pair in map(localized_file, spec.remote) if pair is not None]
    # A file the gateway had keeps its name; a script the command runs by name alone may well
    # be the localized file itself, so that name is no claim.
    taken = {f"{APP_DIR}/{PurePosixPath(n).name}" for n in spec.files if is_local(n)}
    dests = fetched_dests(job, [(u, n) for u, n in values if u], APP_DIR, taken)
    return {uri: PurePosixPath(dest).name for uri, dest in dests.items()}


def _localized_uri(item: str) -> str:
    pair = localized_file(item)
    return pair[0] if pair else ""


def _bake(
    job: MigrationJob,
    spec: TrainingSpec,
    root: Path,
    out: Artifacts,
    base: str,
    script: str,
    fetched: dict[str, str],
) -> bool:
    """Copy the job's files into app/ (src dirs whole, then files, then the ones fetched over
    WebHDFS); True when app/ holds anything."""
    copied = 0
    for folder in spec.src_dirs:
        found = find_dir(folder, job, root)
        if found is None:
            out.findings.append(make("DF001", job.location, path=folder, dest=f"{base}/app/"))
        else:
            copied += copy_dir(found, f"{base}/app", out)
    in_dirs = {PurePosixPath(p).name for p in out.files}
    by_name = set(fetched.values())  # `python demo.py` runs the localized demo.py
    wanted = [
        f
        for f in dict.fromkeys(spec.files + _command_files(spec))
        if PurePosixPath(f).name not in in_dirs | by_name and f not in fetched
    ]
    copied += len(bake_files(job, root, out, base, wanted))
    for uri, name in sorted(fetched.items(), key=lambda item: item[1]):
        found = fetched_file(job, uri)
        if found is None:  # fetched_names only keeps fetched files: never happens
            continue
        data = found.read_bytes()
        # Last: the copy the job named by URI is what YARN ran, over a same-named src_dir file.
        out.add(f"{base}/app/{name}", data)
        credit_copy(out, job, uri, found, len(data), f"{APP_DIR}/{name}")
        copied += 1
    if script:
        out.add(f"{base}/app/{PurePosixPath(ENTRYPOINT).name}", script)
        copied += 1
    for name, text in sorted(spec.generated.items()):
        out.add(f"{base}/app/{name}", text)
        copied += 1
    return copied > 0
