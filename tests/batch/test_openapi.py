"""The OpenAPI validator for core kinds, and every golden core object of issue 8's samples."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.importorskip("kubernetes_validate")

from yarn2k8s.validators import openapi

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
JOB: dict[str, Any] = {
    "apiVersion": "batch/v1",
    "kind": "Job",
    "metadata": {"name": "x", "namespace": "default"},
    "spec": {
        "template": {
            "spec": {
                "restartPolicy": "Never",
                "containers": [{"name": "main", "image": "busybox:1.37.0", "command": ["true"]}],
            }
        }
    },
}


def test_valid_job_has_no_errors() -> None:
    assert openapi.validate(JOB) == []


def test_errors_name_the_path() -> None:
    bad = copy.deepcopy(JOB)
    bad["spec"]["template"]["spec"]["containers"][0]["bogus"] = 1
    bad["spec"]["backoffLimit"] = "three"
    errors = openapi.validate(bad)
    assert [e.path for e in errors] == ["spec.backoffLimit", "spec.template.spec.containers.0"]
    del bad["spec"]["template"]["spec"]["containers"][0]["name"]
    assert any("'name' is a required property" in e.message for e in openapi.validate(bad))


def test_validators_are_built_once_per_kind() -> None:
    version = openapi.default_version()
    first = openapi.validator(version, "batch/v1", "Job")
    openapi.validate(JOB)
    assert openapi.validator(version, "batch/v1", "Job") is first
    assert openapi.validator(version, "apps/v1", "Deployment") is not first


def test_schema_file_names_and_support() -> None:
    assert (
        openapi.schema_file("rbac.authorization.k8s.io/v1", "RoleBinding")
        == "rolebinding-rbac-v1.json"
    )
    assert openapi.schema_file("v1", "ConfigMap") == "configmap-v1.json"
    assert openapi.supports(JOB) and not openapi.supports(
        {"apiVersion": "kueue.x-k8s.io/v1beta1", "kind": "ClusterQueue"}
    )
    with pytest.raises(openapi.SchemaUnavailable):
        openapi.validate({"apiVersion": "kueue.x-k8s.io/v1beta1", "kind": "ClusterQueue"})
    with pytest.raises(openapi.SchemaUnavailable):
        openapi.validate(JOB, version="0.1")


def _core_objects() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for family in ("batch", "services", "queues"):
        for path in sorted((SAMPLES / family).glob("*/expected/**/*.yaml")):
            for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
                if isinstance(doc, dict) and openapi.supports(doc):
                    found.append((path.relative_to(SAMPLES).as_posix(), doc))
    return found


def test_every_golden_core_object_matches_the_kubernetes_openapi() -> None:
    objects = _core_objects()
    kinds = {doc["kind"] for _, doc in objects}
    assert {
        "Job",
        "CronJob",
        "Deployment",
        "StatefulSet",
        "Service",
        "ConfigMap",
        "Namespace",
        "Role",
        "RoleBinding",
    } <= kinds
    problems = [(rel, doc["kind"], e) for rel, doc in objects for e in openapi.validate(doc)]
    assert problems == []
