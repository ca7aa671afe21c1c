"""Files at the root of OUT (the kustomization, the Spark driver RBAC, build.sh), and what two
units of one estate would both claim, settled before conversion (`reconcile_estate`).

Units are analyzed and converted one by one, so two of them can claim the same thing: two
queue trees both define the cluster-scoped ClusterQueue `default`, and a crontab line and the
script it runs both become workloads that do the same work. Those are settled here, by marks
the root kustomization honours and a finding on the unit left out.
"""

from __future__ import annotations

import collections
import posixpath
import shlex
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath

from yarn2k8s.config import Config
from yarn2k8s.converters.kubernetes import kustomization, spark_driver_rbac
from yarn2k8s.converters.queues import BASE as QUEUES_BASE
from yarn2k8s.converters.queues import queue_keys
from yarn2k8s.converters.spark_job import job_image, job_namespace
from yarn2k8s.findings import make
from yarn2k8s.model import MigrationJob, Workflow
from yarn2k8s.model.names import queue_name
from yarn2k8s.rendering import dump_yaml, dump_yaml_documents, render

KUSTOMIZATION = "kustomization.yaml"
SCHEDULED_BY = "scheduled_by"  # job.extra: the cron job that runs this job's script
SHADOWED_BY = "shadowed_by"  # workflow.data: the queue tree that owns the estate's queues
CHAINED_BY = "chained_by"  # job.extra: the train-serve pipeline that runs this job


def reconcile_estate(jobs: Sequence[MigrationJob], workflows: Sequence[Workflow]) -> None:
    """Mark (after naming, before conversion) the units the root kustomization leaves out."""
    _one_queue_tree(workflows, jobs)
    _cron_owns_schedule(jobs)


def _one_queue_tree(workflows: Sequence[Workflow], jobs: Sequence[MigrationJob]) -> None:
    """Keep one queue tree in the estate; the others get QU029 and stay buildable alone.

    ClusterQueues, Cohorts and ResourceFlavors are cluster-scoped and LocalQueues are named
    after the YARN queues jobs name, so two trees cannot share a cluster without renaming what
    jobs reference; prefixing would leave the second tree's ClusterQueues unreachable (no job's
    label names them) while doubling the quota handed out. Two capacity-scheduler.xml files
    mean two clusters (or two versions of one): a platform team applies one per cluster. The
    kept tree is the one most jobs' queue labels resolve in, then the first by source path.
    """
    trees = [w for w in workflows if w.kind == "queues"]
    if len(trees) < 2:
        return
    wanted = collections.Counter(queue_name(j.queue) for j in jobs if j.queue)
    ranked = sorted(trees, key=lambda t: (-_jobs_served(t, wanted), str(t.location), t.name))
    owner = ranked[0]
    for tree in ranked[1:]:
        tree.data[SHADOWED_BY] = owner.name
        folder = f"{QUEUES_BASE}/{tree.name}"
        tree.findings.append(
            make(
                "QU029",
                tree.location,
                owner=owner.name,
                owner_source=str(owner.location),
                folder=folder,
            )
        )


def _jobs_served(tree: Workflow, wanted: collections.Counter[str]) -> int:
    """How many jobs' queue labels name one of the tree's LocalQueues."""
    queues = tree.data.get("queues", [])
    leaves = [q["path"] for q in queues if not q.get("children") and q["path"] != "root"]
    names = {queue_name(key) for path in leaves for key in queue_keys(path)}
    return sum(count for name, count in wanted.items() if name in names)


def _cron_owns_schedule(jobs: Sequence[MigrationJob]) -> None:
    """A script a crontab line runs is a CronJob already: its own Job is left out (BJ016).

    The cron line's conversion owns the schedule (it is how the script ran on YARN); the
    script's standalone conversion keeps its folder and its findings (it reads the script
    itself, the cron wrapper only bakes it) but is not applied with the estate, so the work
    does not run twice.
    """
    by_source: dict[str, list[MigrationJob]] = collections.defaultdict(list)
    for job in jobs:
        if job.schedule is None:
            by_source[job.location.path].append(job)
    crons = [j for j in jobs if j.schedule is not None and j.extra.get("tool") == "cron"]
    for cron in sorted(crons, key=lambda j: (j.location.path, j.location.line, j.name)):
        for dep in cron.deps:
            script = next((c for c in _script_paths(cron, dep.value) if c in by_source), "")
            for job in by_source.get(script, []):
                if SCHEDULED_BY in job.extra:
                    continue  # the first line (in source order) that runs it is named
                job.extra[SCHEDULED_BY] = cron.name
                job.findings.append(
                    make(
                        "BJ016",
                        job.location,
                        script=script,
                        cron_source=str(cron.location),
                        cron=cron.name,
                    )
                )


def _script_paths(cron: MigrationJob, value: str) -> list[str]:
    """Input paths a script named on a crontab line may be, in the order the batch converter
    looks for it (`spark_job.find_input_file`): a gateway path by its name beside the crontab,
    a relative one beside the crontab, then from the root, then by name."""
    here = PurePosixPath(cron.location.path).parent
    rel = PurePosixPath(value.removeprefix("file:"))
    if rel.is_absolute():
        return [str(here / rel.name)]
    candidates = [here / rel, rel, here / rel.name]
    return [posixpath.normpath(str(c)) for c in candidates]


def estate_files(
    jobs: Iterable[MigrationJob],
    files: Mapping[str, bytes],
    config: Config,
    workflows: Iterable[Workflow] = (),
) -> dict[str, str]:
    """Root kustomization, per-namespace driver RBAC and build.sh for everything converted.

    Units `reconcile_estate` marked keep their folders but stay out of the root kustomization.
    """
    out: dict[str, str] = {}
    jobs = list(jobs)
    left_out = {
        f"jobs/{j.name}/k8s" for j in jobs if j.extra.get(SCHEDULED_BY) or j.extra.get(CHAINED_BY)
    }
    left_out |= {f"{QUEUES_BASE}/{w.name}" for w in workflows if w.data.get(SHADOWED_BY)}
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
    resources = [r for r in top_level_kustomizations([*files, *out]) if r not in left_out]
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
