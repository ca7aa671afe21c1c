"""Pod templates for training replicas: the command (with the env shim), resources, env,
the restricted securityContext, node selectors and queue labels (mapping.md sections 2-3)."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from yarn2k8s.analyzers.training_spec import TrainingSpec
from yarn2k8s.config import Config
from yarn2k8s.converters.training_dockerfile import APP_DIR, TRAINING_UID
from yarn2k8s.converters.training_shim import ENTRYPOINT, Shim
from yarn2k8s.enrich.secrets import secret_name
from yarn2k8s.enrich.storage import RewriteLog, StorageMap
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, Role, SecretRef
from yarn2k8s.model.names import label_value, queue_name
from yarn2k8s.security.redact import is_secret_key, looks_secret_value, redact

GPU_RESOURCE = "nvidia.com/gpu"
_SHELL = re.compile(r"[;&|<>`$()*?~]|\bcd\b|^\s*\w+=")
_VENV_PYTHON = re.compile(r"(?<!\S)(\S*/bin/python[0-9.]*|python\d\.\d+)(?!\S)")
_LABEL_SIMPLE = re.compile(r"^[A-Za-z0-9_.-]+$")

RESTRICTED: dict[str, Any] = {
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "runAsNonRoot": True,
    "runAsUser": TRAINING_UID,
    "runAsGroup": TRAINING_UID,
    "seccompProfile": {"type": "RuntimeDefault"},
}


@dataclass
class PodContext:
    """Everything pod templates of one job share, and what building them found."""

    job: MigrationJob
    spec: TrainingSpec
    config: Config
    storage: StorageMap
    image: str
    images: dict[str, str] = field(default_factory=dict)  # role -> source image kept as is
    shim: Shim = field(default_factory=Shim)
    log: RewriteLog = field(default_factory=RewriteLog)
    findings: list[Finding] = field(default_factory=list)
    noted: set[str] = field(default_factory=set)  # messages already raised for the job
    # hdfs:// URI -> image path, for the files fetched over WebHDFS and baked (enrich/fetch.py)
    baked: dict[str, str] = field(default_factory=dict)

    def once(self, finding: Finding) -> None:
        """Raise a finding once per job, however many replicas hit it."""
        if finding.message not in self.noted:
            self.noted.add(finding.message)
            self.findings.append(finding)


# --------------------------------------------------------------------------- commands


def prepare_command(pc: PodContext, role: str, raw: str) -> str:
    """The role's command with baked files at their image paths, data URIs mapped, venv
    interpreters replaced, secrets removed."""
    command = pc.storage.rewrite(baked_paths(raw, pc.baked), pc.log)
    for match in _VENV_PYTHON.finditer(command):
        pc.once(make("TY008", pc.job.location, python=match.group(1)))
    command = _VENV_PYTHON.sub("python", command)
    safe = redact(command)
    if safe != command:
        pc.once(make("TY036", pc.job.location, role=role))
    return safe


def baked_paths(command: str, baked: dict[str, str]) -> str:
    """Point whole-word mentions of baked URIs at the image's copy (`python hdfs:///a/t.py`
    -> `python /opt/app/t.py`); a longer URI that merely starts with one is left alone."""
    for uri in sorted(baked, key=lambda u: (-len(u), u)):  # longest first: no prefix clash
        word = re.compile(rf"(?<![^\s'\"=,]){re.escape(uri)}(?![^\s'\",;)])")
        command = baked[uri].join(word.split(command))  # join: the path is text, not a template
    return command


def command_and_args(pc: PodContext, command: str) -> tuple[list[str], list[str]]:
    """Container command/args; the shim's entrypoint wraps the command when there is one."""
    words = shell_words(command)
    if pc.shim.script:
        return ["/bin/sh", ENTRYPOINT], words
    return words, []


def shell_words(command: str) -> list[str]:
    """A command line as exec words: shell syntax (cd, &&, $VAR) runs under `sh -c`."""
    if _SHELL.search(command):
        return ["/bin/sh", "-c", command]
    try:
        return shlex.split(command)
    except ValueError:
        return ["/bin/sh", "-c", command]


# --------------------------------------------------------------------------- containers


def resources(role: Role, with_gpus: bool = True) -> dict[str, Any]:
    """Requests = what YARN reserved; memory is also the limit (no CPU limit: YARN had none)."""
    memory = f"{role.memory_mib}Mi"
    out: dict[str, Any] = {
        "requests": {"cpu": str(max(role.cores, 1)), "memory": memory},
        "limits": {"memory": memory},
    }
    if with_gpus and role.gpus:
        out["limits"][GPU_RESOURCE] = role.gpus
    return out


def container(
    pc: PodContext, name: str, role: Role, words: tuple[list[str], list[str]], shim_role: str
) -> dict[str, Any]:
    """One container: image, command, resources, env and the restricted securityContext."""
    command, args = words
    kept = pc.images.get(role.name, "")
    box: dict[str, Any] = {
        "name": name,
        "image": kept or pc.image,
        "imagePullPolicy": pc.config.image.pull_policy,
        "command": command,
        "resources": resources(role),
        "securityContext": security_context(),
    }
    if not kept:
        box["workingDir"] = APP_DIR
    if args:
        box["args"] = args
    env = env_list(pc, role, shim_role)
    if env:
        box["env"] = env
    return box


def env_list(pc: PodContext, role: Role, shim_role: str) -> list[dict[str, Any]]:
    """Shim variables, the job's and the role's env (data URIs mapped), then Secret refs."""
    given = {**pc.job.env, **role.env}
    out = [e for e in pc.shim.env.get(shim_role, []) if e["name"] not in given]
    for key in sorted(given):
        value = given[key]
        if is_secret_key(key) or looks_secret_value(value):
            _move_to_secret(pc, key)
            continue
        out.append({"name": key, "value": pc.storage.rewrite(value, pc.log)})
    for ref in sorted(pc.job.secrets, key=lambda r: r.env_var):
        out.append(
            {
                "name": ref.env_var,
                "valueFrom": {"secretKeyRef": {"name": ref.secret_name, "key": ref.key}},
            }
        )
    return out


def _move_to_secret(pc: PodContext, key: str) -> None:
    """A role-level secret value (the job-level ones are moved before conversion)."""
    name = secret_name(pc.job.name)
    item = re.sub(r"[^a-z0-9.-]+", "-", key.lower()).strip("-.")
    if all(ref.env_var != key for ref in pc.job.secrets):
        pc.job.secrets.append(SecretRef(name, item, key, key, pc.job.location))
        pc.once(make("SE001", pc.job.location, key=key, secret=name, item=item, env=key))


def security_context() -> dict[str, Any]:
    """The restricted container securityContext with the image's numeric user."""
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in RESTRICTED.items()}


def node_selector(pc: PodContext, role: str) -> dict[str, str]:
    """A YARN node-label expression as a nodeSelector (simple labels only)."""
    expr = pc.spec.node_labels.get(role, "").strip()
    if not expr:
        return {}
    if not _LABEL_SIMPLE.match(expr):
        pc.once(make("RS007", pc.job.location, expr=expr))
        return {}
    selector = pc.config.node_labels.get(expr, {"yarn2k8s.io/node-label": expr})
    shown = ", ".join(f"{k}={v}" for k, v in sorted(selector.items()))
    pc.findings.append(make("RS005", pc.job.location, role=role, expr=expr, selector=shown))
    return dict(selector)


def pod_template(pc: PodContext, role: Role, box: dict[str, Any], component: str) -> dict[str, Any]:
    """The PodTemplateSpec around one container."""
    labels = {
        "app.kubernetes.io/name": pc.job.name,
        "app.kubernetes.io/component": label_value(component),
    }
    spec: dict[str, Any] = {
        "containers": [box],
        "securityContext": {
            "runAsNonRoot": True,
            "fsGroup": TRAINING_UID,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
    }
    selector = node_selector(pc, role.name)
    if selector:
        spec["nodeSelector"] = selector
    if pc.config.image.pull_secrets:
        spec["imagePullSecrets"] = [{"name": s} for s in pc.config.image.pull_secrets]
    _keytab(pc, spec, box)
    _pod_queue(pc, spec, labels)
    return {"metadata": {"labels": labels}, "spec": spec}


def _keytab(pc: PodContext, spec: dict[str, Any], box: dict[str, Any]) -> None:
    secret, path = pc.job.extra.get("keytab_secret"), pc.job.extra.get("keytab_path")
    if not secret or not path:
        return
    spec["volumes"] = [{"name": "keytab", "secret": {"secretName": secret}}]
    box["volumeMounts"] = [
        {"name": "keytab", "mountPath": str(PurePosixPath(path).parent), "readOnly": True}
    ]


def _pod_queue(pc: PodContext, spec: dict[str, Any], labels: dict[str, str]) -> None:
    queue = pc.job.queue
    if not queue or pc.config.scheduler not in ("yunikorn", "volcano"):
        return
    target = pc.config.queues.get(queue)
    if pc.config.scheduler == "yunikorn":
        spec["schedulerName"] = "yunikorn"
        path = (
            target.yunikorn_queue
            if target and target.yunikorn_queue
            else (queue if queue.startswith("root.") else f"root.{queue}")
        )
        labels["yunikorn.apache.org/queue"] = label_value(path)
    else:
        spec["schedulerName"] = "volcano"


def job_labels(pc: PodContext) -> tuple[dict[str, str], dict[str, str]]:
    """Labels and annotations of the job object (Kueue's queue label goes here)."""
    job = pc.job
    labels = {"app.kubernetes.io/managed-by": "yarn2k8s", "app.kubernetes.io/name": job.name}
    annotations = {"yarn2k8s.io/source": str(job.location)}
    if job.source_name:
        annotations["yarn2k8s.io/original-name"] = redact(job.source_name)
    if job.queue:
        annotations["yarn2k8s.io/yarn-queue"] = job.queue
        target = pc.config.queues.get(job.queue)
        if pc.config.scheduler == "kueue":
            labels["kueue.x-k8s.io/queue-name"] = (
                target.local_queue if target and target.local_queue else queue_name(job.queue)
            )
        elif pc.config.scheduler == "none":
            labels["yarn2k8s.io/yarn-queue"] = queue_name(job.queue)
            pc.findings.append(make("RS002", job.location, queue=job.queue))
    return labels, annotations


def data_findings(pc: PodContext) -> list[Finding]:
    """DA002 for every rewritten URI, DA001 for every HDFS URI no rule covers."""
    loc = pc.job.location
    found = [make("DA002", loc, old=o, new=n) for o, n in sorted(pc.log.rewritten.items())]
    return found + [make("DA001", loc, path=p) for p in sorted(pc.log.unmapped)]
