"""Kubernetes objects for batch jobs: the pod template, Job, CronJob and queue binding.

Pods run under the "restricted" Pod Security profile as the Hadoop image's numeric user, mount
the optional `hadoop-conf` ConfigMap as HADOOP_CONF_DIR, and request the memory the YARN
container had (limit = request: YARN killed containers over it too; no CPU limit).
"""

from __future__ import annotations

from typing import Any

from yarn2k8s.config import Config
from yarn2k8s.converters.spark_operator import RESTRICTED_CONTAINER
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, Role
from yarn2k8s.model.names import queue_name

HADOOP_UID = 1000  # the `hadoop` user of the apache/hadoop images
HADOOP_CONF_MAP = "hadoop-conf"
HADOOP_CONF_DIR = "/etc/hadoop/conf"
MANAGED = {"app.kubernetes.io/managed-by": "yarn2k8s"}


def restricted_container(uid: int = HADOOP_UID) -> dict[str, Any]:
    """The restricted container securityContext, for a given numeric user."""
    return {**RESTRICTED_CONTAINER, "runAsUser": uid, "runAsGroup": uid}


def resources(role: Role) -> dict[str, Any]:
    """Requests for the role's cores and memory; memory limited, CPU not (as YARN did)."""
    memory = f"{max(role.memory_mib, 1)}Mi"
    out: dict[str, Any] = {
        "requests": {"cpu": str(max(role.cores, 1)), "memory": memory},
        "limits": {"memory": memory},
    }
    if role.gpus:
        out["limits"]["nvidia.com/gpu"] = str(role.gpus)
    return out


def pod_spec(container: dict[str, Any], config: Config, hadoop_conf: bool = True) -> dict[str, Any]:
    """A pod spec around one container: restricted, Hadoop conf mounted, /tmp as emptyDir."""
    mounts: list[dict[str, Any]] = [{"name": "tmp", "mountPath": "/tmp"}]
    volumes: list[dict[str, Any]] = [{"name": "tmp", "emptyDir": {}}]
    if hadoop_conf:
        mounts.append({"name": HADOOP_CONF_MAP, "mountPath": HADOOP_CONF_DIR, "readOnly": True})
        volumes.append(
            {"name": HADOOP_CONF_MAP, "configMap": {"name": HADOOP_CONF_MAP, "optional": True}}
        )
        container.setdefault("env", []).insert(
            0, {"name": "HADOOP_CONF_DIR", "value": HADOOP_CONF_DIR}
        )
    container["volumeMounts"] = mounts
    if not container.get("env"):
        container.pop("env", None)
    spec: dict[str, Any] = {
        "automountServiceAccountToken": False,
        "containers": [container],
        "restartPolicy": "Never",
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": HADOOP_UID,
            "runAsGroup": HADOOP_UID,
            "fsGroup": HADOOP_UID,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "volumes": volumes,
    }
    if config.image.pull_secrets:
        spec["imagePullSecrets"] = [{"name": s} for s in config.image.pull_secrets]
    return spec


def bind_queue(
    job: MigrationJob, config: Config, labels: dict[str, str], pod: dict[str, Any]
) -> list[Finding]:
    """Label the Job (Kueue) or its pods (YuniKorn, Volcano) with the job's queue.

    Names come from `queue_name`, exactly as the queue converter names LocalQueues.
    """
    queue = job.queue
    if not queue:
        return []
    target = config.queues.get(queue)
    if config.scheduler == "kueue":
        local = target.local_queue if target and target.local_queue else queue_name(queue)
        labels["kueue.x-k8s.io/queue-name"] = local
    elif config.scheduler == "yunikorn":
        path = (
            target.yunikorn_queue
            if target and target.yunikorn_queue
            else (queue if queue.startswith("root.") else f"root.{queue}")
        )
        pod["metadata"]["labels"]["yunikorn.apache.org/queue"] = path
        pod["spec"]["schedulerName"] = "yunikorn"
    elif config.scheduler == "volcano":
        pod["metadata"].setdefault("annotations", {})["scheduling.volcano.sh/queue-name"] = (
            queue_name(queue)
        )
        pod["spec"]["schedulerName"] = "volcano"
    else:
        labels["yarn2k8s.io/yarn-queue"] = queue_name(queue)
        return [make("RS002", job.location, queue=queue)]
    return []


def metadata(job: MigrationJob, namespace: str) -> dict[str, Any]:
    """Name, namespace, labels and provenance annotations."""
    annotations = {"yarn2k8s.io/source": str(job.location)}
    if job.source_name:
        annotations["yarn2k8s.io/original-name"] = job.source_name
    if job.queue:
        annotations["yarn2k8s.io/yarn-queue"] = job.queue
    return {
        "name": job.name,
        "namespace": namespace,
        "labels": {**MANAGED, "app.kubernetes.io/name": job.name},
        "annotations": annotations,
    }


def job_object(
    job: MigrationJob, config: Config, namespace: str, pod: dict[str, Any], spec: dict[str, Any]
) -> tuple[dict[str, Any], list[Finding]]:
    """A batch/v1 Job, or a CronJob around it when the job has a schedule."""
    meta = metadata(job, namespace)
    findings = bind_queue(job, config, meta["labels"], pod)
    if config.scheduler == "kueue" and job.queue:
        spec["suspend"] = True  # Kueue admits (unsuspends) it when the queue has room
    spec["template"] = pod
    if job.schedule is None:
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": spec}, findings
    template_labels = {
        k: v for k, v in meta["labels"].items() if k != "app.kubernetes.io/managed-by"
    }
    cron = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": meta,
        "spec": {
            "schedule": job.schedule.cron,
            "timeZone": job.schedule.time_zone,
            # cron starts a run even if the last one still runs; keep that meaning.
            "concurrencyPolicy": "Allow",
            "jobTemplate": {"metadata": {"labels": template_labels}, "spec": spec},
        },
    }
    return cron, findings
