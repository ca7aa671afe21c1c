"""Schemas derived from the operators' Python models, cross-checked with the upstream CRDs."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from yarn2k8s.validators.crd import CRDSchemas
from yarn2k8s.validators.derived_crds import DERIVED_KINDS, DerivedSchemas

pytest.importorskip("kubeflow_spark_api")
CRD_DIR = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "crds"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
# Fields upstream added after the published models (version skew), at spec level.
KNOWN_SKEW = {".spec.driverPodDisruptionBudget", ".spec.template.driverPodDisruptionBudget"}


@pytest.fixture(scope="module")
def derived() -> DerivedSchemas:
    return DerivedSchemas()


def differences(ours: dict[str, Any], theirs: dict[str, Any], path: str = "") -> list[tuple]:
    """Property, required and enum differences between two openAPIV3Schemas."""
    out: list[tuple] = []
    mine, other = ours.get("properties") or {}, theirs.get("properties") or {}
    for name in sorted(set(mine) | set(other)):
        if name not in mine or name not in other:
            out.append(("field", f"{path}.{name}"))
        else:
            out += differences(mine[name], other[name], f"{path}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(ours.get(key), dict) and isinstance(theirs.get(key), dict):
            out += differences(ours[key], theirs[key], f"{path}[]")
    if (mine or other) and set(ours.get("required") or []) != set(theirs.get("required") or []):
        out.append(("required", path))
    if "enum" in theirs and sorted(map(str, ours.get("enum") or [])) != sorted(
        map(str, theirs["enum"])
    ):
        out.append(("enum", path))
    return out


@pytest.mark.skipif(not CRD_DIR.is_dir(), reason="../shared/schemas/crds is absent")
@pytest.mark.parametrize("kind", DERIVED_KINDS, ids=[k.kind for k in DERIVED_KINDS])
def test_derived_schema_agrees_with_upstream_crd(derived: DerivedSchemas, kind: Any) -> None:
    upstream = CRDSchemas.from_dir(CRD_DIR)
    key = (kind.api_version, kind.kind)
    if not upstream.has(*key):
        pytest.skip(f"no upstream CRD for {key}")
    ours = derived.openapi_schema(*key)
    assert ours is not None
    found = differences(ours, upstream._schemas[key])
    # Operator-owned fields (spec, two levels down) and every required list and enum of
    # spec must agree; deeper core-type fields may differ by Kubernetes version.
    top = {p for what, p in found if what == "field" and p.count(".") <= 2}
    assert top - KNOWN_SKEW == {p for p in top if p.startswith(".metadata")} - KNOWN_SKEW
    strict = [
        (w, p) for w, p in found if w != "field" and not p.startswith((".status", ".metadata"))
    ]
    allowed = {("required", ".spec.elasticPolicy.metrics[]")}  # newer HPA type upstream
    assert set(strict) <= allowed


def test_golden_operator_objects_pass_derived_schemas(derived: DerivedSchemas) -> None:
    checked = 0
    for path in sorted(SAMPLES.glob("*/*/expected/jobs/*/k8s/*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if isinstance(doc, dict) and derived.has(str(doc["apiVersion"]), str(doc["kind"])):
                assert derived.validate(doc) == [], path
                checked += 1
    assert checked >= 20


def test_typo_and_wrong_type_fail(derived: DerivedSchemas) -> None:
    path = SAMPLES / "spark/pyspark-basic/expected/jobs/sbdl-load/k8s/sparkapplication.yaml"
    app = yaml.safe_load(path.read_text(encoding="utf-8"))
    bad = copy.deepcopy(app)
    bad["spec"]["driver"]["memmory"] = "1g"
    bad["spec"]["executor"]["instances"] = "four"
    bad["spec"]["type"] = "Go"
    assert sorted(e.path for e in derived.validate(bad)) == [
        "spec.driver.memmory",
        "spec.executor.instances",
        "spec.type",
    ]


def test_training_job_typo_fails(derived: DerivedSchemas) -> None:
    (path,) = sorted(SAMPLES.glob("training/*/expected/jobs/tensorflow-cifar10/k8s/tfjob.yaml"))[:1]
    job = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert derived.validate(job) == []
    job["spec"]["runPolicy"] = {"cleanPodPolicyy": "None"}
    assert [e.path for e in derived.validate(job)] == ["spec.runPolicy.cleanPodPolicyy"]


def test_quantities_accept_strings_and_integers(derived: DerivedSchemas) -> None:
    schema = derived.openapi_schema("kubeflow.org/v1", "TFJob")
    assert schema is not None
    container = schema["properties"]["spec"]["properties"]["tfReplicaSpecs"][
        "additionalProperties"
    ]["properties"]["template"]["properties"]["spec"]["properties"]["containers"]["items"]
    limits = container["properties"]["resources"]["properties"]["limits"]
    assert limits["additionalProperties"] == {"x-kubernetes-int-or-string": True}


def test_kinds_without_models_are_not_derived(derived: DerivedSchemas) -> None:
    assert not derived.has("serving.kserve.io/v1beta1", "InferenceService")
    assert not derived.has("kueue.x-k8s.io/v1beta1", "LocalQueue")
    assert not derived.has("kubeflow.org/v2beta1", "MPIJob")
    assert derived.source("sparkoperator.k8s.io/v1beta2", "SparkApplication").startswith(
        "kubeflow-spark-api "
    )
