"""MigrationJob (kind spark) -> SparkApplication for the Kubeflow Spark Operator (v1beta2).

Built as plain data and dumped with sorted keys. The field-by-field mapping follows
mapping.md section 1; every change of meaning raises a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from yarn2k8s.config import Config
from yarn2k8s.converters.site_wiring import wire_spec
from yarn2k8s.converters.spark_conf import apply_legacy_renames, translate
from yarn2k8s.enrich.fetch import fetched_file
from yarn2k8s.enrich.resources import MemoryPlan, plan_memory
from yarn2k8s.enrich.secrets import KEYTAB_DIR
from yarn2k8s.enrich.storage import RewriteLog, StorageMap
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, Role
from yarn2k8s.model.names import queue_name
from yarn2k8s.model.units import format_mib

API_VERSION = "sparkoperator.k8s.io/v1beta2"
APP_DIR = "/opt/app"
SPARK_UID = 185
DEFAULT_MAX_EXECUTORS = 10
_TYPES = {"python": "Python", "scala": "Scala", "java": "Java", "r": "R"}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_LABEL_EXPR_SIMPLE = re.compile(r"^[A-Za-z0-9_.-]+$")

RESTRICTED_CONTAINER: dict[str, Any] = {
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "runAsNonRoot": True,
    "runAsUser": SPARK_UID,
    "runAsGroup": SPARK_UID,
    "seccompProfile": {"type": "RuntimeDefault"},
}


def is_local(path: str) -> bool:
    """A path the gateway had locally (to be baked into the image), not a URI.

    An unresolved folder (`${BASE_DIR}/job.py`) still names a local file: only its name
    matters inside the image.
    """
    if _SCHEME.match(path) or path.startswith("local:"):
        return False
    return "${" not in PurePosixPath(path).name


def image_path(path: str) -> str:
    """Where a gateway-local file lives inside the job's image, as a `local://` URI."""
    if path.startswith("file:"):
        path = re.sub(r"^file:/*", "/", path)
    return f"local://{APP_DIR}/{PurePosixPath(path).name}"


@dataclass
class Conversion:
    """A SparkApplication under construction, with the findings it raised."""

    job: MigrationJob
    config: Config
    storage: StorageMap
    log: RewriteLog = field(default_factory=RewriteLog)
    findings: list[Finding] = field(default_factory=list)

    def path(self, value: str) -> str:
        """A dependency or main file: baked if local or fetched from HDFS before conversion
        (`enrich/fetch.py`), else rewritten by the storage map."""
        if is_local(value) or fetched_file(self.job, value) is not None:
            return image_path(value)
        return self.storage.rewrite(value, self.log)

    def data(self, value: str) -> str:
        """An argument or conf value: only its data URIs are rewritten."""
        return self.storage.rewrite(value, self.log)


def spark_application(
    job: MigrationJob, config: Config, storage: StorageMap, image: str, namespace: str
) -> tuple[dict[str, Any] | None, list[Finding]]:
    """Build the SparkApplication, or None when the job has nothing to run."""
    if not job.main_file or "${" in PurePosixPath(job.main_file).name:
        return None, []
    conv = Conversion(job, config, storage)
    conv.findings.extend(apply_legacy_renames(job))
    translated = translate(job)
    conv.findings.extend(translated.findings)
    spec: dict[str, Any] = {
        "type": _TYPES.get(job.language, "Scala"),
        "mode": "cluster",
        "image": image,
        "imagePullPolicy": config.image.pull_policy,
        "sparkVersion": config.versions.spark,
        "mainApplicationFile": conv.path(job.main_file),
        "arguments": [conv.data(a) for a in job.arguments],
        "sparkConf": {k: conv.data(v) for k, v in translated.spark_conf.items()},
        "hadoopConf": {k: conv.data(v) for k, v in translated.hadoop_conf.items()},
        "restartPolicy": _restart_policy(job),
    }
    if job.main_class:
        spec["mainClass"] = job.main_class
    if job.proxy_user:
        spec["proxyUser"] = job.proxy_user
        conv.findings.append(make("SE004", job.location, user=job.proxy_user))
    if config.image.pull_secrets:
        spec["imagePullSecrets"] = list(config.image.pull_secrets)
    spec["deps"] = _deps(conv, spec["sparkConf"])
    _kerberos(job, spec)
    spec["driver"] = _role_spec(conv, job.roles["driver"], translated.gpus.get("driver", 0))
    spec["executor"] = _role_spec(conv, job.roles["executor"], translated.gpus.get("executor", 0))
    _dynamic_allocation(conv, spec)
    wire_spec(spec, job)  # the estate's hadoop/krb5/spark-conf ConfigMaps, if it has any
    metadata = _metadata(conv, spec, namespace)
    conv.findings.extend(_data_findings(conv))
    spec = {k: v for k, v in spec.items() if v not in ({}, [], None)}
    return {
        "apiVersion": API_VERSION,
        "kind": "SparkApplication",
        "metadata": metadata,
        "spec": spec,
    }, conv.findings


def _restart_policy(job: MigrationJob) -> dict[str, Any]:
    try:
        attempts = int(job.effective_conf.get("spark.yarn.maxAppAttempts", "2"))
    except ValueError:
        attempts = 2
    if attempts <= 1:
        return {"type": "Never"}
    # YARN re-ran a failed driver (attempts - 1) times; the operator retries the same way.
    return {
        "type": "OnFailure",
        "onFailureRetries": attempts - 1,
        "onFailureRetryInterval": 10,
        "onSubmissionFailureRetries": attempts - 1,
        "onSubmissionFailureRetryInterval": 20,
    }


def _deps(conv: Conversion, spark_conf: dict[str, str]) -> dict[str, list[str]]:
    deps: dict[str, list[str]] = {}
    keys = {
        "jar": "jars",
        "py-file": "pyFiles",
        "file": "files",
        "archive": "archives",
        "package": "packages",
        "repository": "repositories",
    }
    secret_files: dict[str, str] = conv.job.extra.get("secret_files", {})
    for dep in conv.job.deps:
        field_name = keys.get(dep.kind)
        if field_name is None:
            continue
        value = dep.value if dep.kind in ("package", "repository") else conv.path(dep.value)
        if dep.kind == "file" and dep.value in secret_files:
            value = f"local://{secret_files[dep.value]}"  # mounted from the keytab Secret
        if dep.alias:
            if dep.kind == "archive":
                value = f"{value}#{dep.alias}"
            else:
                conv.findings.append(make("SP011", dep.location, value=f"{dep.value}#{dep.alias}"))
        if dep.kind == "archive" and dep.alias:
            conv.findings.append(make("SP016", dep.location, archive=dep.value))
        deps.setdefault(field_name, []).append(value)
    excludes = conv.job.spark_conf.get("spark.jars.excludes", "")
    if excludes:
        deps["excludePackages"] = [e.strip() for e in excludes.split(",") if e.strip()]
    if "packages" in deps:
        spark_conf.setdefault("spark.jars.ivy", "/tmp/.ivy2")
        conv.findings.append(make("SP008", conv.job.location))
    return deps


def _kerberos(job: MigrationJob, spec: dict[str, Any]) -> None:
    if not job.keytab:
        return
    spec["sparkConf"]["spark.kerberos.keytab"] = job.extra.get("keytab_path", "")
    if job.principal:
        spec["sparkConf"]["spark.kerberos.principal"] = job.principal


def _role_spec(conv: Conversion, role: Role, gpus: int) -> dict[str, Any]:
    job, config = conv.job, conv.config
    plan = plan_memory(
        role.name,
        role.memory_mib,
        role.overhead_mib,
        job.spark_conf,
        job.language,
        config.cluster.minimum_allocation_mb,
    )
    spec: dict[str, Any] = {
        "cores": max(role.cores, 1),
        "memory": format_mib(role.memory_mib),
        "labels": {"app.kubernetes.io/name": job.name, "app.kubernetes.io/component": role.name},
        "securityContext": dict(RESTRICTED_CONTAINER),
    }
    if role.overhead_mib is not None or plan.raised:
        spec["memoryOverhead"] = f"{plan.overhead}m"
    if plan.raised:
        conv.findings.append(_parity_finding(job, role.name, plan))
    job.extra.setdefault("memory", {})[role.name] = {
        "heap_mib": plan.heap,
        "yarn_container_mib": plan.yarn_container,
        "pod_mib": plan.pod_total,
        "overhead_mib": plan.overhead,
    }
    if role.name == "driver":
        spec["serviceAccount"] = config.service_account
    else:
        spec["instances"] = max(role.instances, 1)
    if role.java_options:
        spec["javaOptions"] = role.java_options
    if gpus:
        spec["gpu"] = {"name": "nvidia.com/gpu", "quantity": gpus}
        conv.findings.append(make("RS004", job.location, role=role.name, n=gpus))
    env = _env(conv, role.name)
    if env:
        spec["env"] = env
    selector = _node_selector(conv, role.name)
    if selector:
        spec["nodeSelector"] = selector
    secret = job.extra.get("keytab_secret")
    # The driver reads the keytab; executors only the keytabs and keys shipped with --files.
    if secret and (role.name == "driver" or job.extra.get("secret_files")):
        spec["secrets"] = [{"name": secret, "path": KEYTAB_DIR, "secretType": "Generic"}]
    return spec


def _parity_finding(job: MigrationJob, role: str, plan: MemoryPlan) -> Finding:
    return make(
        "RS001",
        job.location,
        role=role,
        pod=plan.pod_default,
        yarn=plan.yarn_container,
        overhead=plan.overhead,
    )


def _dynamic_enabled(job: MigrationJob) -> bool:
    return job.spark_conf.get("spark.dynamicAllocation.enabled", "").strip().lower() == "true"


_DRIVER_ONLY_ENV = frozenset({"PYSPARK_DRIVER_PYTHON"})


def _env(conv: Conversion, role: str) -> list[dict[str, Any]]:
    job = conv.job
    values: dict[str, str] = {}
    prefixes = (
        ("spark.yarn.appMasterEnv.", "spark.kubernetes.driverEnv.")
        if role == "driver"
        else ("spark.executorEnv.",)
    )
    for key, value in job.spark_conf.items():
        for prefix in prefixes:
            if key.startswith(prefix):
                values[key[len(prefix) :]] = value
    for key, value in job.env.items():
        if key in _DRIVER_ONLY_ENV:
            if role == "driver":
                conv.findings.append(make("SP021", job.location, key=key))
            continue
        if key == "PYSPARK_PYTHON" and value.startswith("/"):
            # A gateway interpreter path does not exist in the image: use the image's Python.
            if role == "driver":
                conv.findings.append(make("SP020", job.location, python=value))
            continue
        values[key] = value
    env: list[dict[str, Any]] = [
        {"name": k, "value": conv.data(v)} for k, v in sorted(values.items())
    ]
    for ref in sorted(job.secrets, key=lambda r: r.env_var):
        env.append(
            {
                "name": ref.env_var,
                "valueFrom": {"secretKeyRef": {"name": ref.secret_name, "key": ref.key}},
            }
        )
    return env


def _node_selector(conv: Conversion, role: str) -> dict[str, str]:
    job = conv.job
    keys = (
        ["spark.yarn.executor.nodeLabelExpression"]
        if role == "executor"
        else ["spark.yarn.am.nodeLabelExpression", "spark.yarn.driver.nodeLabelExpression"]
    )
    expr = next((job.spark_conf[k].strip() for k in keys if job.spark_conf.get(k, "").strip()), "")
    if not expr:
        return {}
    if not _LABEL_EXPR_SIMPLE.match(expr):
        conv.findings.append(make("RS007", job.location, expr=expr))
        return {}
    selector = conv.config.node_labels.get(expr, {"yarn2k8s.io/node-label": expr})
    conv.findings.append(
        make(
            "RS005",
            job.location,
            role=role,
            expr=expr,
            selector=", ".join(f"{k}={v}" for k, v in sorted(selector.items())),
        )
    )
    return dict(selector)


def _int_conf(job: MigrationJob, key: str) -> int | None:
    try:
        return int(job.spark_conf[key])
    except (KeyError, ValueError):
        return None


def _dynamic_allocation(conv: Conversion, spec: dict[str, Any]) -> None:
    job = conv.job
    if not _dynamic_enabled(job):
        if "spark.executor.instances" not in job.spark_conf:
            conv.findings.append(make("SP007", job.location, n=spec["executor"]["instances"]))
        return
    initial = _int_conf(job, "spark.dynamicAllocation.initialExecutors")
    minimum = _int_conf(job, "spark.dynamicAllocation.minExecutors")
    maximum = _int_conf(job, "spark.dynamicAllocation.maxExecutors")
    if maximum is None:
        maximum = max(DEFAULT_MAX_EXECUTORS, initial or 0, minimum or 0)
        conv.findings.append(make("RS006", job.location, n=maximum))
    if conv.config.scheduler == "kueue":
        spec["executor"]["instances"] = maximum
        conv.findings.append(make("RS003", job.location, n=maximum))
        return
    dyn: dict[str, Any] = {"enabled": True, "maxExecutors": maximum, "shuffleTrackingEnabled": True}
    if initial is not None:
        dyn["initialExecutors"] = initial
    if minimum is not None:
        dyn["minExecutors"] = minimum
    spec["dynamicAllocation"] = dyn
    if "spark.executor.instances" not in job.spark_conf:
        spec["executor"].pop("instances", None)


def _metadata(conv: Conversion, spec: dict[str, Any], namespace: str) -> dict[str, Any]:
    job, config = conv.job, conv.config
    labels = {"app.kubernetes.io/managed-by": "yarn2k8s", "app.kubernetes.io/name": job.name}
    annotations = {"yarn2k8s.io/source": str(job.location)}
    if job.source_name:
        annotations["yarn2k8s.io/original-name"] = job.source_name
    queue = job.queue
    if queue:
        annotations["yarn2k8s.io/yarn-queue"] = queue
        _queue(conv, spec, labels, queue)
    tags = job.spark_conf.get("spark.yarn.tags", "")
    if tags:
        annotations["yarn2k8s.io/yarn-tags"] = tags
    del config
    return {"name": job.name, "namespace": namespace, "labels": labels, "annotations": annotations}


def _queue(conv: Conversion, spec: dict[str, Any], labels: dict[str, str], queue: str) -> None:
    config = conv.config
    target = config.queues.get(queue)
    if config.scheduler == "kueue":
        local = target.local_queue if target and target.local_queue else queue_name(queue)
        labels["kueue.x-k8s.io/queue-name"] = local
    elif config.scheduler == "yunikorn":
        spec["batchScheduler"] = "yunikorn"
        path = (
            target.yunikorn_queue
            if target and target.yunikorn_queue
            else (queue if queue.startswith("root.") else f"root.{queue}")
        )
        spec["batchSchedulerOptions"] = {"queue": path}
    elif config.scheduler == "volcano":
        spec["batchScheduler"] = "volcano"
        spec["batchSchedulerOptions"] = {"queue": queue_name(queue)}
    else:
        labels["yarn2k8s.io/yarn-queue"] = queue_name(queue)
        conv.findings.append(make("RS002", conv.job.location, queue=queue))


def _data_findings(conv: Conversion) -> list[Finding]:
    loc = conv.job.location
    findings = [make("DA002", loc, old=o, new=n) for o, n in sorted(conv.log.rewritten.items())]
    findings += [make("DA001", loc, path=p) for p in sorted(conv.log.unmapped)]
    return findings
