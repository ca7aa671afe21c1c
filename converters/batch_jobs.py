"""MigrationJob (mapreduce, streaming, shell, java) -> Job / Indexed Job / CronJob + image.

MapReduce and streaming run in one pod with Hadoop's LocalJobRunner (mapping.md section 5);
a map-only streaming job becomes an Indexed Job, one shard of the input per pod; YARN's
DistributedShell becomes an Indexed Job of its containers. Shell scripts, cron lines and Java
programs run as they did on the gateway, with their files baked into the image.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from yarn2k8s.config import Config
from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.batch_command import APP_DIR, Mapper, container_command
from yarn2k8s.converters.batch_manifest import job_object, pod_spec, resources, restricted_container
from yarn2k8s.converters.batch_notes import data_findings, hdfs_call_findings, kind_findings
from yarn2k8s.converters.build_context import (
    BakedFile,
    bake,
    dockerfile,
    fetched_dests,
    hadoop_base_image,
)
from yarn2k8s.converters.dockerfile import dockerignore
from yarn2k8s.converters.kubernetes import kustomization
from yarn2k8s.converters.spark_job import job_image, job_namespace
from yarn2k8s.converters.spark_operator import is_local
from yarn2k8s.enrich.fetch import fetched_file
from yarn2k8s.findings import make
from yarn2k8s.model import Dependency, MigrationJob, Role
from yarn2k8s.rendering import dump_yaml, render

MAP_SHARD = "map-shard.sh"


def is_map_only_streaming(job: MigrationJob) -> bool:
    """A streaming job with no reducers (an Indexed Job, one input shard per pod)."""
    return job.kind == "streaming" and job.roles.get("reduce", Role("reduce")).instances == 0


def convert_batch_job(job: MigrationJob, ctx: ConversionContext) -> Artifacts:
    """Every file of a batch job's folder, plus the findings raised on the way."""
    config, out, base = ctx.config, Artifacts(), f"jobs/{job.name}"
    mapper = Mapper(ctx.storage, dict(job.extra.get("placements", {})))
    deps = _image_deps(job)
    local = [d.value for d in deps if is_local(d.value)]
    remote = [(d.value, _name(d.value)) for d in deps if not is_local(d.value)]
    mapper.fetched = fetched_dests(job, remote, APP_DIR, {mapper.file(v) for v in local})
    wanted = [(v, mapper.file(v)) for v in [*local, *mapper.fetched]]
    files = bake(out, base, ctx.root, job, sorted(wanted, key=lambda w: _order(deps, w[0])))
    image, base_image = _image(job, config, out)
    container = _container(job, config, mapper, image)
    if is_map_only_streaming(job):
        _shard_runner(job, container, mapper, out, base)
        shard = BakedFile(f"app/{MAP_SHARD}", f"{APP_DIR}/{MAP_SHARD}", "0755")
        files = sorted([*files, shard], key=lambda f: f.dest)
    pod = {
        "metadata": {"labels": {"app.kubernetes.io/name": job.name}},
        "spec": pod_spec(container, config, hadoop_conf=not job.extra.get("image")),
    }
    if any(v.startswith("s3a://") for v in mapper.log.rewritten.values()):
        # hadoop-aws ships in the image's tools folder; Hadoop loads it only when asked.
        container.setdefault("env", []).append(
            {"name": "HADOOP_OPTIONAL_TOOLS", "value": "hadoop-aws"}
        )
        container["env"].sort(key=lambda e: e["name"])
    obj, findings = job_object(job, config, job_namespace(job, config), pod, _job_spec(job, out))
    out.findings += findings + kind_findings(job, config) + hdfs_call_findings(job, ctx.storage)
    out.findings += data_findings(job, mapper.log)
    kind = obj["kind"].lower()
    out.add(f"{base}/k8s/{kind}.yaml", dump_yaml(obj))
    out.add(f"{base}/k8s/kustomization.yaml", dump_yaml(kustomization([f"{kind}.yaml"])))
    if base_image:
        description = f"{job.kind} job {job.source_name or job.name} migrated from YARN"
        out.add(
            f"{base}/Dockerfile",
            dockerfile(job.name, job.location, description, base_image, files, APP_DIR),
        )
        out.add(f"{base}/.dockerignore", dockerignore())
    return out


def _image_deps(job: MigrationJob) -> list[Dependency]:
    """Files the job needs in its image: gateway-local ones and hdfs:// ones fetched over
    WebHDFS (`enrich/fetch.py`); never globs, they name no one file."""
    deps = [d for d in job.deps if d.kind in ("jar", "file", "archive") and _in_image(job, d.value)]
    values = {d.value for d in deps}
    own = job.extra.get("tool") in ("script", "jar") or job.kind == "java"
    main = job.main_file
    if own and main and _in_image(job, main) and main not in values:
        deps.insert(0, Dependency("file", main, job.location))
    return [d for d in deps if "*" not in d.value]


def _in_image(job: MigrationJob, value: str) -> bool:
    return is_local(value) or fetched_file(job, value) is not None


def _name(uri: str) -> str:
    """A URI's file name, without the query or fragment a webhdfs:// URL may carry."""
    return PurePosixPath(uri.split("?", 1)[0].split("#", 1)[0]).name


def _order(deps: list[Dependency], value: str) -> int:
    """Where a file comes among the job's dependencies: which of two same-named files is
    baked does not depend on whether either was fetched."""
    return next(i for i, d in enumerate(deps) if d.value == value)


def _image(job: MigrationJob, config: Config, out: Artifacts) -> tuple[str, str]:
    """(image the pod runs, base image to build from or '' when nothing is built)."""
    external = str(job.extra.get("image", ""))
    if external and not job.deps:
        if ":" not in PurePosixPath(external).name or external.endswith(":latest"):
            out.findings.append(make("BJ012", job.location, image=external))
        return external, ""
    return job_image(job, config), external or hadoop_base_image(config)


def _container(job: MigrationJob, config: Config, mapper: Mapper, image: str) -> dict[str, Any]:
    role = _pod_role(job)
    env = dict(job.env)
    if job.kind in ("mapreduce", "streaming"):
        # The LocalJobRunner runs every task in the client JVM: give it the container's memory.
        env["HADOOP_HEAPSIZE_MAX"] = f"{max(role.memory_mib * 4 // 5, 256)}m"
    container: dict[str, Any] = {
        "name": "main",
        "image": image,
        "imagePullPolicy": config.image.pull_policy,
        "command": container_command(job, mapper, config),
        "env": [
            {"name": k, "value": mapper.storage.rewrite(v, mapper.log)}
            for k, v in sorted(env.items())
        ],
        "resources": resources(role),
        "securityContext": restricted_container(),
    }
    return container


def _pod_role(job: MigrationJob) -> Role:
    """One pod's size: the largest task container (local runner) or the job's one role."""
    roles = list(job.roles.values()) or [Role(name="main")]
    if is_map_only_streaming(job):
        roles = [job.roles["map"]]
    return Role(
        name="pod",
        cores=max(r.cores for r in roles),
        memory_mib=max(r.memory_mib for r in roles),
        gpus=max(r.gpus for r in roles),
    )


def _job_spec(job: MigrationJob, out: Artifacts) -> dict[str, Any]:
    attempts = _attempts(job)
    spec: dict[str, Any] = {"backoffLimit": max(attempts - 1, 0)}
    if attempts > 1:
        out.findings.append(make("BJ013", job.location, attempts=attempts, limit=attempts - 1))
    count = 1
    if is_map_only_streaming(job):
        count = max(job.roles["map"].instances, 1)
    elif job.extra.get("tool") == "distributed-shell":
        count = job.roles["container"].instances
    if count > 1 or is_map_only_streaming(job):
        spec.update(completionMode="Indexed", completions=count, parallelism=count)
    return spec


def _attempts(job: MigrationJob) -> int:
    raw = job.effective_conf.get("mapreduce.am.max-attempts") or job.effective_conf.get(
        "yarn.resourcemanager.am.max-attempts", "1"
    )
    try:
        return max(int(raw), 1)
    except ValueError:
        return 1


def _shard_runner(
    job: MigrationJob, container: dict[str, Any], mapper: Mapper, out: Artifacts, base: str
) -> None:
    """Replace the command by the shard runner, configured through the environment."""
    stream = job.extra.get("streaming", {})
    env = {
        "INPUTS": ",".join(mapper.word(i, "data") for i in stream.get("inputs", [])),
        "OUTPUT": mapper.word(stream.get("output", ""), "data"),
        "MAPPER": stream.get("mapper", ""),
        "SHARDS": str(max(job.roles["map"].instances, 1)),
        **stream.get("cmdenv", {}),
    }
    container["command"] = ["/bin/bash", f"{APP_DIR}/{MAP_SHARD}"]
    kept = [e for e in container["env"] if e["name"] not in env]
    container["env"] = kept + [{"name": k, "value": v} for k, v in sorted(env.items())]
    out.add(f"{base}/app/{MAP_SHARD}", render(f"docker/{MAP_SHARD}.j2", name=job.name))
    if stream.get("custom"):
        out.findings.append(make("MR013", job.location, options=", ".join(stream["custom"])))
