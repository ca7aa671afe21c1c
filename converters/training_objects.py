"""The operator objects: TFJob, PyTorchJob, XGBoostJob (training-operator v1), MPIJob
(mpi-operator v2beta1), TrainJob (Trainer v2) and batch/v1 Job, as plain data.

Role names map to replica types as mapping.md section 3.1 says: chief/master -> Chief,
ps -> PS, worker -> Worker, evaluator -> Evaluator for TensorFlow; for PyTorch and XGBoost
worker 0 becomes the Master when the source had no master of its own.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from yarn2k8s.analyzers.training_spec import SHIM_TONY_TF
from yarn2k8s.converters.training_dockerfile import SSH_PORT, TRAINING_HOME, TRAINING_UID
from yarn2k8s.converters.training_pods import (
    PodContext,
    command_and_args,
    container,
    job_labels,
    pod_template,
    prepare_command,
    resources,
    security_context,
    shell_words,
)
from yarn2k8s.findings import make
from yarn2k8s.model import Role
from yarn2k8s.model.names import queue_name

V1 = "kubeflow.org/v1"
TF_TYPES = {
    "chief": "Chief",
    "master": "Chief",
    "ps": "PS",
    "worker": "Worker",
    "evaluator": "Evaluator",
}
MPI_HOSTFILE = "/etc/mpi/hostfile"
TRAINJOB_RUNTIME = "torch-distributed"
PATCH_MANAGER = "yarn2k8s.io/converter"


def _metadata(pc: PodContext, namespace: str) -> dict[str, Any]:
    labels, annotations = job_labels(pc)
    return {
        "name": pc.job.name,
        "namespace": namespace,
        "labels": labels,
        "annotations": annotations,
    }


def run_policy(pc: PodContext, pods: int) -> dict[str, Any]:
    """runPolicy: timeout, retries, PS clean-up, Volcano queue and gang size."""
    policy: dict[str, Any] = {"cleanPodPolicy": "Running", "backoffLimit": pc.spec.retries}
    if pc.spec.timeout_seconds:
        policy["activeDeadlineSeconds"] = pc.spec.timeout_seconds
    if pc.config.scheduler == "volcano" and pc.job.queue:
        policy["schedulingPolicy"] = {"queue": queue_name(pc.job.queue), "minAvailable": pods}
    return policy


def _restart(pc: PodContext) -> str:
    # TonY and Submarine never restarted a task; a retried application restarts pods instead.
    return "OnFailure" if pc.spec.retries else "Never"


def replica(
    pc: PodContext, role: Role, count: int, box_name: str, replica_type: str
) -> dict[str, Any]:
    """One replica spec running the role's command."""
    words = command_and_args(
        pc, prepare_command(pc, role.name, pc.spec.commands.get(role.name, ""))
    )
    if not pc.spec.commands.get(role.name, "").strip():
        pc.once(make("TY018", pc.job.location, role=role.name))
    box = container(pc, box_name, role, words, replica_type.lower())
    return {
        "replicas": count,
        "restartPolicy": _restart(pc),
        "template": pod_template(pc, role, box, replica_type.lower()),
    }


def _drop(pc: PodContext, role: Role, kind: str) -> None:
    pc.findings.append(make("TY004", pc.job.location, role=role.name, n=role.instances, kind=kind))


def tfjob(pc: PodContext, namespace: str) -> dict[str, Any]:
    """TFJob with one replica spec per TensorFlow role."""
    specs: dict[str, Any] = {}
    roles = list(pc.job.roles.values())
    for role in roles:
        kind = TF_TYPES.get(role.name, "Worker" if len(roles) == 1 else "")
        if not kind or kind in specs:
            _drop(pc, role, "TFJob")
            continue
        count = 1 if kind == "Chief" else role.instances
        specs[kind] = replica(pc, role, count, "tensorflow", kind)
    pc.findings.append(make("TY002", pc.job.location))
    pods = sum(s["replicas"] for s in specs.values())
    spec: dict[str, Any] = {"runPolicy": run_policy(pc, pods), "tfReplicaSpecs": specs}
    if _waits_for_all_workers(pc, specs):
        spec["successPolicy"] = "AllWorkers"
        what = "TonY waited for every tracked task: successPolicy AllWorkers (not chief-only)"
        pc.findings.append(make("TY031", pc.job.location, what=what))
    return {"apiVersion": V1, "kind": "TFJob", "metadata": _metadata(pc, namespace), "spec": spec}


def _waits_for_all_workers(pc: PodContext, specs: dict[str, Any]) -> bool:
    """TonY ended an application when all tracked tasks (not `untracked.jobtypes`) ended;
    a TFJob by default ends with its chief (or worker 0) and stops the other workers."""
    if pc.spec.shim != SHIM_TONY_TF or "Worker" not in specs:
        return False
    return specs["Worker"]["replicas"] > 1 and "worker" not in pc.spec.untracked


def master_worker(pc: PodContext) -> list[tuple[str, Role, int]]:
    """(replica type, role, replicas) for Master/Worker operators."""
    roles = dict(pc.job.roles)
    out: list[tuple[str, Role, int]] = []
    master = roles.pop("master", None) or roles.pop("chief", None)
    worker = roles.pop("worker", None) or (
        roles.pop(next(iter(roles))) if roles and not master else None
    )
    for extra in roles.values():
        _drop(pc, extra, pc.job.kind)
    if master is not None:
        out.append(("Master", master, 1))
        if worker is not None:
            out.append(("Worker", worker, worker.instances))
    elif worker is not None:
        out.append(("Master", worker, 1))
        if worker.instances > 1:
            out.append(("Worker", worker, worker.instances - 1))
        what = f"worker 0 becomes the Master; {worker.instances - 1} Worker replica(s) remain"
        pc.findings.append(make("TY031", pc.job.location, what=what))
    return out


def master_worker_job(
    pc: PodContext, namespace: str, kind: str, key: str, box: str
) -> dict[str, Any]:
    """PyTorchJob or XGBoostJob."""
    specs = {rtype: replica(pc, role, n, box, rtype) for rtype, role, n in master_worker(pc)}
    pods = sum(s["replicas"] for s in specs.values())
    return {
        "apiVersion": V1,
        "kind": kind,
        "metadata": _metadata(pc, namespace),
        "spec": {"runPolicy": run_policy(pc, pods), key: specs},
    }


def mpijob(pc: PodContext, namespace: str) -> dict[str, Any]:
    """MPIJob v2beta1: a launcher running mpirun/horovodrun, workers running sshd."""
    roles = list(pc.job.roles.values())
    worker = pc.job.roles.get("worker") or roles[0]
    for extra in roles:
        if extra is not worker:
            _drop(pc, extra, "MPIJob")
    slots = max(pc.spec.slots_per_worker, 1)
    launcher = Role(name="launcher", cores=1, memory_mib=1024)
    sshd = ["/usr/sbin/sshd", "-De", "-f", f"{TRAINING_HOME}/.sshd_config"]
    worker_box = container(pc, "worker", replace(worker, env={}), (sshd, []), "")
    worker_box.pop("env", None)  # ranks get their env from the launcher, not the sshd pod
    launcher_box = container(pc, "launcher", launcher, (_launch_words(pc, worker, slots), []), "")
    specs = {
        "Launcher": {
            "replicas": 1,
            "restartPolicy": "OnFailure",
            "template": pod_template(pc, launcher, launcher_box, "launcher"),
        },
        "Worker": {
            "replicas": worker.instances,
            "restartPolicy": "Never",
            "template": pod_template(pc, worker, worker_box, "worker"),
        },
    }
    path = f"{TRAINING_HOME}/.ssh"
    pc.findings.append(make("TY015", pc.job.location, uid=TRAINING_UID, port=SSH_PORT, path=path))
    spec = {
        "slotsPerWorker": slots,
        "sshAuthMountPath": path,
        "mpiImplementation": "OpenMPI",
        "launcherCreationPolicy": "WaitForWorkersReady",
        "runPolicy": run_policy(pc, worker.instances + 1),
        "mpiReplicaSpecs": specs,
    }
    return {
        "apiVersion": "kubeflow.org/v2beta1",
        "kind": "MPIJob",
        "metadata": _metadata(pc, namespace),
        "spec": spec,
    }


def _launch_words(pc: PodContext, worker: Role, slots: int) -> list[str]:
    program = prepare_command(pc, worker.name, pc.spec.commands.get(worker.name, ""))
    if not program.strip():
        pc.once(make("TY018", pc.job.location, role=worker.name))
    words = shell_words(program)
    np = str(pc.spec.processes or worker.instances * slots)
    if pc.spec.launcher == "horovodrun":
        return ["horovodrun", "-np", np, "--hostfile", MPI_HOSTFILE, *pc.spec.launcher_args, *words]
    # Open MPI forwards only the variables named with -x to the ranks.
    forwarded = [w for name in sorted({**pc.job.env, **worker.env}) for w in ("-x", name)]
    return ["mpirun", "-np", np, *forwarded, *pc.spec.launcher_args, *words]


def trainjob(pc: PodContext, namespace: str) -> dict[str, Any]:
    """Trainer v2 TrainJob on the torch runtime; pod settings go through runtimePatches."""
    roles = list(pc.job.roles.values())
    node = pc.job.roles.get("worker") or roles[0]
    nodes = sum(r.instances for r in roles)
    for extra in roles:
        if extra.name not in ("worker", "master", "chief") and extra is not node:
            _drop(pc, extra, "TrainJob")
    command, args = command_and_args(
        pc, prepare_command(pc, node.name, pc.spec.commands.get(node.name, ""))
    )
    box = container(pc, "node", node, (command, args), "node")
    trainer: dict[str, Any] = {
        "image": box["image"],
        "command": command,
        "numNodes": nodes,
        "numProcPerNode": 1,
        "resourcesPerNode": resources(node),
    }
    if args:
        trainer["args"] = args
    if box.get("env"):
        trainer["env"] = box["env"]
    runtime = pc.config.operators.get("pytorch-runtime", TRAINJOB_RUNTIME)
    pc.findings.append(make("TY023", pc.job.location, runtime=runtime))
    spec: dict[str, Any] = {
        "runtimeRef": {"name": runtime},
        "trainer": trainer,
        "runtimePatches": [_node_patch(pc, node, box)],
    }
    if pc.spec.timeout_seconds:
        spec["activeDeadlineSeconds"] = pc.spec.timeout_seconds
    api = "trainer.kubeflow.org/v1alpha1"
    return {
        "apiVersion": api,
        "kind": "TrainJob",
        "metadata": _metadata(pc, namespace),
        "spec": spec,
    }


def _node_patch(pc: PodContext, node: Role, box: dict[str, Any]) -> dict[str, Any]:
    template = pod_template(pc, node, box, "node")
    pod = template["spec"]
    pod["containers"] = [
        {
            "name": "node",
            "securityContext": security_context(),
            **({"volumeMounts": box["volumeMounts"]} if "volumeMounts" in box else {}),
        }
    ]
    job_spec = {"template": {"metadata": template["metadata"], "spec": pod}}
    replicated = {"name": "node", "template": {"spec": job_spec}}
    return {
        "manager": PATCH_MANAGER,
        "trainingRuntimeSpec": {"template": {"spec": {"replicatedJobs": [replicated]}}},
    }


def batch_job(pc: PodContext, namespace: str) -> dict[str, Any]:
    """batch/v1 Job for single-process jobs; several tasks become an Indexed Job."""
    role = next(iter(pc.job.roles.values()))
    for extra in list(pc.job.roles.values())[1:]:
        _drop(pc, extra, "Job")
    words = command_and_args(
        pc, prepare_command(pc, role.name, pc.spec.commands.get(role.name, ""))
    )
    if not pc.spec.commands.get(role.name, "").strip():
        pc.once(make("TY018", pc.job.location, role=role.name))
    box = container(pc, "main", role, words, role.name)
    template = pod_template(pc, role, box, role.name)
    template["spec"]["restartPolicy"] = "Never"
    if pc.config.scheduler == "volcano" and pc.job.queue:
        template["metadata"]["annotations"] = {
            "scheduling.volcano.sh/queue-name": queue_name(pc.job.queue)
        }
    spec: dict[str, Any] = {
        "completions": role.instances,
        "parallelism": role.instances,
        "completionMode": "Indexed",
        "backoffLimit": pc.spec.retries,
        "template": template,
    }
    if pc.spec.timeout_seconds:
        spec["activeDeadlineSeconds"] = pc.spec.timeout_seconds
    indexed = ", Indexed: JOB_COMPLETION_INDEX tells them apart" if role.instances > 1 else ""
    pc.findings.append(make("TY027", pc.job.location, n=role.instances, indexed=indexed))
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": _metadata(pc, namespace),
        "spec": spec,
    }
