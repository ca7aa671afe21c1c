"""The environment YARN-era launchers gave training processes, recreated in the pods
(mapping.md section 3.2).

Static values (a role's name, its task count) go straight into the manifest; the task index
comes from the pod label the operator sets (downward API); what needs the operator's own
variables at run time (the cluster spec inside TF_CONFIG, MASTER_ADDR) is exported by a small
entrypoint script baked into the image, which then execs the original command.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from yarn2k8s.analyzers.training_spec import (
    SHIM_OPENPAI,
    SHIM_TONY_PYTORCH,
    SHIM_TONY_TF,
    SHIM_XLEARNING_TF,
)
from yarn2k8s.rendering import render

ENTRYPOINT = "/opt/app/yarn2k8s-entrypoint.sh"
REPLICA_INDEX_LABEL = "training.kubeflow.org/replica-index"
JOB_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index"


@dataclass
class Shim:
    """Per-role environment, and the entrypoint script when one is needed."""

    env: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # role -> env entries
    script: str = ""  # entrypoint text ("" when the manifest alone recreates everything)
    variables: list[str] = field(default_factory=list)  # names recreated, for the finding
    launcher: str = ""


@dataclass
class ShimInput:
    """What the shim needs to know about the emitted job."""

    kind: str  # tensorflow, pytorch, trainjob, standalone ...
    roles: dict[str, int]  # role -> replicas, in emission order
    job_name: str
    default_fs: str = ""
    source_roles: dict[str, str] = field(default_factory=dict)  # role -> name in the source

    def source_name(self, role: str) -> str:
        """The role's name in the source (a replica type falls back to the worker's)."""
        return self.source_roles.get(role) or self.source_roles.get("worker") or role


def _value(name: str, value: str) -> dict[str, Any]:
    return {"name": name, "value": value}


def _index(name: str, kind: str) -> dict[str, Any]:
    if kind == "job":
        path = f"metadata.annotations['{JOB_INDEX_ANNOTATION}']"
    else:
        path = f"metadata.labels['{REPLICA_INDEX_LABEL}']"
    return {"name": name, "valueFrom": {"fieldRef": {"fieldPath": path}}}


def build_shim(shim: str, given: ShimInput) -> Shim:
    """The shim for one launcher's conventions ("" -> nothing to recreate)."""
    builders = {
        SHIM_TONY_TF: _tony_tf,
        SHIM_TONY_PYTORCH: _tony_pytorch,
        SHIM_XLEARNING_TF: _xlearning_tf,
        SHIM_OPENPAI: _openpai,
    }
    builder = builders.get(shim)
    return builder(given) if builder else Shim()


def _single_tf_config(role: str) -> tuple[str, str]:
    # The operator sets no TF_CONFIG for one replica; TonY/XLearning still gave one.
    cluster = {role: ["localhost:2222"]}
    config = {"cluster": cluster, "task": {"type": role, "index": 0}}
    return json.dumps(config, sort_keys=True), json.dumps(cluster, sort_keys=True)


def _tony_tf(given: ShimInput) -> Shim:
    out = Shim(
        launcher="TonY",
        variables=["JOB_NAME", "TASK_INDEX", "TASK_NUM", "CLUSTER_SPEC", "DISTRIBUTED_MODE"],
    )
    single = sum(given.roles.values()) == 1
    for role, replicas in given.roles.items():
        env = [
            _value("JOB_NAME", role),
            _index("TASK_INDEX", given.kind),
            _value("TASK_NUM", str(replicas)),
        ]
        env.append(_value("DISTRIBUTED_MODE", "GANG"))
        if single:
            tf_config, cluster = _single_tf_config(role)
            env += [_value("TF_CONFIG", tf_config), _value("CLUSTER_SPEC", cluster)]
        out.env[role] = env
    if not single:
        out.script = render(
            "training/entrypoint.sh.j2", launcher="TonY", cluster_var="CLUSTER_SPEC", torch=""
        )
    return out


def _xlearning_tf(given: ShimInput) -> Shim:
    out = Shim(launcher="XLearning", variables=["TF_ROLE", "TF_INDEX", "TF_CLUSTER_DEF"])
    single = sum(given.roles.values()) == 1
    for role in given.roles:
        out.env[role] = [_value("TF_ROLE", role), _index("TF_INDEX", given.kind)]
    if not single:  # XLearning set no TF_CLUSTER_DEF for a single worker either
        out.script = render(
            "training/entrypoint.sh.j2",
            launcher="XLearning",
            cluster_var="TF_CLUSTER_DEF",
            torch="",
        )
    return out


def _tony_pytorch(given: ShimInput) -> Shim:
    out = Shim(launcher="TonY", variables=["INIT_METHOD", "RANK", "WORLD"])
    torch = "trainjob" if given.kind == "trainjob" else "pytorchjob"
    out.script = render("training/entrypoint.sh.j2", launcher="TonY", cluster_var="", torch=torch)
    for role in given.roles:
        out.env[role] = []
    return out


def _openpai(given: ShimInput) -> Shim:
    out = Shim(
        launcher="OpenPAI",
        variables=["PAI_JOB_NAME", "PAI_CURRENT_TASK_ROLE_NAME", "PAI_TASK_INDEX"],
    )
    names = ",".join(given.source_name(r) for r in given.roles)
    for role in given.roles:
        env = [
            _value("PAI_JOB_NAME", given.job_name),
            _value("PAI_CURRENT_TASK_ROLE_NAME", given.source_name(role)),
            _value("PAI_TASK_ROLE_COUNT", str(len(given.roles))),
            _value("PAI_TASK_ROLE_LIST", names),
            _index("PAI_TASK_INDEX", given.kind),
            _index("PAI_CURRENT_TASK_ROLE_CURRENT_TASK_INDEX", given.kind),
        ]
        if given.default_fs:
            env.append(_value("PAI_DEFAULT_FS_URI", given.default_fs))
        out.env[role] = env
    return out
