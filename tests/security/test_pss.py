"""Pod Security Standards `restricted`: generated workloads meet it and `validate` checks it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from yarn2k8s.config import Config
from yarn2k8s.convert import build
from yarn2k8s.converters.spark_operator import RESTRICTED_CONTAINER
from yarn2k8s.validators.pss import pods_of, pss_findings
from yarn2k8s.validators.tree import Options, objects_in, validate_tree

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
_RESTRICTED = {k: copy.deepcopy(v) for k, v in RESTRICTED_CONTAINER.items()}


def _pod(**pod: Any) -> dict[str, Any]:
    container = {"name": "main", "image": "x", "securityContext": copy.deepcopy(_RESTRICTED)}
    return {"containers": [container], **pod}


def _job(pod: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "j"},
        "spec": {"template": {"spec": pod}},
    }


def _problems(obj: dict[str, Any]) -> list[str]:
    return [f.message for f in pss_findings("k8s/x.yaml", obj)]


def test_the_restricted_container_passes() -> None:
    assert _problems(_job(_pod())) == []


def _set(pod: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    node = pod["containers"][0] if path.startswith("c.") else pod
    keys = path.removeprefix("c.").split(".")
    for key in keys[:-1]:
        node = node.setdefault(key, {})
    if value is None:
        node.pop(keys[-1], None)
    else:
        node[keys[-1]] = value
    return pod


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        ("hostNetwork", True, "`hostNetwork` is true"),
        ("hostPID", True, "`hostPID` is true"),
        ("hostIPC", True, "`hostIPC` is true"),
        ("volumes", [{"name": "h", "hostPath": {"path": "/"}}], "of type `hostPath`"),
        ("securityContext.runAsUser", 0, "`runAsUser` is 0"),
        ("securityContext.sysctls", [{"name": "kernel.msgmax", "value": "1"}], "sysctl"),
        ("c.securityContext.privileged", True, "`privileged` is true"),
        ("c.securityContext.allowPrivilegeEscalation", None, "allowPrivilegeEscalation"),
        ("c.securityContext.allowPrivilegeEscalation", True, "allowPrivilegeEscalation"),
        ("c.securityContext.capabilities", None, "does not include ALL"),
        ("c.securityContext.capabilities.add", ["SYS_ADMIN"], "`capabilities.add` has"),
        ("c.securityContext.runAsNonRoot", None, "`runAsNonRoot` is not true"),
        ("c.securityContext.runAsNonRoot", False, "`runAsNonRoot` is false"),
        ("c.securityContext.runAsUser", 0, "`runAsUser` is 0"),
        ("c.securityContext.seccompProfile", None, "`seccompProfile.type` is not"),
        ("c.securityContext.seccompProfile.type", "Unconfined", "Unconfined"),
        ("c.securityContext.procMount", "Unmasked", "`procMount`"),
        ("c.securityContext.seLinuxOptions.user", "root", "seLinuxOptions"),
        ("c.ports", [{"containerPort": 80, "hostPort": 80}], "`hostPort`"),
        ("c.securityContext.windowsOptions.hostProcess", True, "hostProcess"),
    ],
)
def test_each_restricted_rule(path: str, value: Any, problem: str) -> None:
    problems = _problems(_job(_set(_pod(), path, value)))
    assert problems and any(problem in p for p in problems), problems
    assert all("Pod Security Standards" in p for p in problems)


def test_pod_level_settings_cover_their_containers() -> None:
    pod = _pod(securityContext={"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}})
    for key in ("runAsNonRoot", "seccompProfile"):
        del pod["containers"][0]["securityContext"][key]
    assert _problems(_job(pod)) == []


def test_init_containers_are_checked() -> None:
    pod = _pod(initContainers=[{"name": "init", "image": "x"}])
    assert any("initContainers[init]" in p for p in _problems(_job(pod)))


def test_pods_are_found_in_every_workload_shape() -> None:
    pod = _pod()
    shapes = {
        "CronJob": {"jobTemplate": {"spec": {"template": {"spec": pod}}}},
        "Deployment": {"template": {"spec": pod}},
        "TFJob": {"tfReplicaSpecs": {"Worker": {"template": {"spec": pod}}}},
        "MPIJob": {"mpiReplicaSpecs": {"Launcher": {"template": {"spec": pod}}}},
    }
    for kind, spec in shapes.items():
        assert len(pods_of({"kind": kind, "spec": spec})) == 1, kind


def test_spark_driver_and_executor_are_pods() -> None:
    app = {
        "kind": "SparkApplication",
        "metadata": {"name": "s"},
        "spec": {
            "driver": {"securityContext": copy.deepcopy(_RESTRICTED)},
            "executor": {"securityContext": {"runAsNonRoot": True}},
            "volumes": [{"name": "d", "hostPath": {"path": "/data"}}],
        },
    }
    problems = _problems(app)
    assert any("spec.executor" in p and "allowPrivilegeEscalation" in p for p in problems)
    assert any("spec.driver" in p and "hostPath" in p for p in problems)
    assert not any("spec.driver (Spark container)" in p for p in problems)
    scheduled = {"kind": "ScheduledSparkApplication", "spec": {"template": app["spec"]}}
    assert len(pods_of(scheduled)) == 2 and _problems(scheduled)


def test_inference_service_model_is_a_container() -> None:
    isvc = {
        "kind": "InferenceService",
        "metadata": {"name": "m"},
        "spec": {"predictor": {"model": {"modelFormat": {"name": "sklearn"}}}},
    }
    assert any("spec.predictor.model" in p for p in _problems(isvc))


def test_objects_without_pods_pass() -> None:
    for kind in ("ConfigMap", "Service", "Role", "LocalQueue"):
        assert _problems({"kind": kind, "metadata": {"name": "x"}, "data": {"a": "b"}}) == []


def test_every_golden_workload_is_restricted() -> None:
    checked = 0
    for expected in sorted(SAMPLES.glob("*/*/expected")):
        for rel, obj in objects_in(expected):
            checked += len(pods_of(obj))
            assert pss_findings(rel, obj) == [], (expected, rel)
    assert checked >= 100


def test_validate_reports_a_weakened_pod(tmp_path: Path) -> None:
    files = build([SAMPLES / "spark" / "pyspark-basic" / "input"], Config()).files
    for rel, data in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    options = Options(derived=False, hadolint=False, pipelines=False, kustomize=False)
    clean = validate_tree(tmp_path, options)
    assert not [p for p in clean.problems if p.code == "SE005"]
    (path,) = tmp_path.glob("jobs/*/k8s/sparkapplication.yaml")
    app = yaml.safe_load(path.read_text())
    app["spec"]["executor"]["securityContext"]["allowPrivilegeEscalation"] = True
    path.write_text(yaml.safe_dump(app))
    weakened = [p for p in validate_tree(tmp_path, options).problems if p.code == "SE005"]
    assert len(weakened) == 1 and "spec.executor" in weakened[0].message
    assert weakened[0].severity == "error"
