"""Tests for the CRD schema validator used as the test oracle for generated objects."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from yarn2k8s.validators.crd import (
    CRDSchemas,
    SchemaError,
    check_metadata,
    compile_check,
    format_path,
    to_json_schema,
)

CRD_DIR = Path("/work/shared/schemas/crds")
if not CRD_DIR.is_dir():
    pytest.skip(f"CRD folder {CRD_DIR} is absent", allow_module_level=True)

SPARK = "sparkoperator.k8s.io/v1beta2"


@pytest.fixture(scope="module")
def crds() -> CRDSchemas:
    """The upstream CRDs, loaded once for the module."""
    return CRDSchemas.from_dir(CRD_DIR)


def spark_app() -> dict[str, Any]:
    """A minimal valid SparkApplication."""
    return {
        "apiVersion": SPARK,
        "kind": "SparkApplication",
        "metadata": {"name": "pi", "namespace": "ml", "labels": {"team": "data"}},
        "spec": {
            "type": "Python",
            "sparkVersion": "3.5.1",
            "mode": "cluster",
            "mainApplicationFile": "local:///opt/app/main.py",
            "driver": {"cores": 1, "memory": "512m"},
            "executor": {"cores": 1, "instances": 2, "memory": "512m"},
        },
    }


def paths(errors: list[SchemaError]) -> list[str]:
    """The paths of ``errors``, in order."""
    return [e.path for e in errors]


def container(name: str = "main") -> dict[str, Any]:
    """A small container spec."""
    return {
        "name": name,
        "image": "registry.example.com/train:1.0",
        "command": ["python", "train.py"],
        "resources": {"limits": {"cpu": 2, "memory": "4Gi"}, "requests": {"cpu": "500m"}},
    }


def replica(replicas: int, name: str) -> dict[str, Any]:
    """A Kubeflow training-operator replica spec."""
    return {
        "replicas": replicas,
        "restartPolicy": "OnFailure",
        "template": {"spec": {"containers": [container(name)]}},
    }


# --------------------------------------------------------------------------- loading


def test_kinds_present(crds: CRDSchemas) -> None:
    expected = {
        (SPARK, "SparkApplication"),
        (SPARK, "ScheduledSparkApplication"),
        ("kubeflow.org/v1", "TFJob"),
        ("kubeflow.org/v1", "PyTorchJob"),
        ("kubeflow.org/v1", "XGBoostJob"),
        ("kubeflow.org/v2beta1", "MPIJob"),
        ("trainer.kubeflow.org/v1alpha1", "TrainJob"),
        ("trainer.kubeflow.org/v1alpha1", "ClusterTrainingRuntime"),
        ("serving.kserve.io/v1beta1", "InferenceService"),
        ("kueue.x-k8s.io/v1beta2", "ClusterQueue"),
        ("kueue.x-k8s.io/v1beta2", "LocalQueue"),
        ("kueue.x-k8s.io/v1beta2", "ResourceFlavor"),
        ("kueue.x-k8s.io/v1beta2", "Cohort"),
        ("kueue.x-k8s.io/v1beta1", "LocalQueue"),
    }
    kinds = crds.kinds()
    assert expected <= set(kinds)
    assert kinds == sorted(kinds)
    assert all(crds.has(*k) for k in expected)
    assert not crds.has("sparkoperator.k8s.io/v1beta1", "SparkApplication")


def test_from_dir_is_cached(crds: CRDSchemas) -> None:
    assert CRDSchemas.from_dir(str(CRD_DIR)) is crds


def test_from_dir_rejects_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        CRDSchemas.from_dir(tmp_path / "nope")


def tiny_crd(kind: str, versions: list[tuple[str, bool]]) -> dict[str, Any]:
    """A small CRD serving ``kind`` in group example.com."""
    schema = {
        "type": "object",
        "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"type": "object"},
            "spec": {"type": "object", "properties": {"size": {"type": "integer"}}},
        },
    }
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{kind.lower()}s.example.com"},
        "spec": {
            "group": "example.com",
            "names": {"kind": kind, "plural": f"{kind.lower()}s"},
            "scope": "Namespaced",
            "versions": [
                {
                    "name": v,
                    "served": served,
                    "storage": served,
                    "schema": {"openAPIV3Schema": schema},
                }
                for v, served in versions
            ],
        },
    }


def test_from_dir_reads_multi_doc_yaml_json_and_lists(tmp_path: Path) -> None:
    docs = [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"}},
        tiny_crd("Alpha", [("v1", True), ("v2", True), ("v0", False)]),
        None,
    ]
    (tmp_path / "a.yaml").write_text(yaml.safe_dump_all(docs), encoding="utf-8")
    as_list = {"apiVersion": "v1", "kind": "List", "items": [tiny_crd("Beta", [("v1", True)])]}
    (tmp_path / "b.json").write_text(json.dumps(as_list), encoding="utf-8")
    (tmp_path / "c.yml").write_text(yaml.safe_dump(tiny_crd("Gamma", [("v1", True)])))
    (tmp_path / "notes.txt").write_text("kind: CustomResourceDefinition", encoding="utf-8")
    schemas = CRDSchemas.from_dir(tmp_path)
    assert schemas.kinds() == [
        ("example.com/v1", "Alpha"),
        ("example.com/v1", "Beta"),
        ("example.com/v1", "Gamma"),
        ("example.com/v2", "Alpha"),
    ]
    obj = {"apiVersion": "example.com/v2", "kind": "Alpha", "metadata": {"name": "a"}}
    assert schemas.validate({**obj, "spec": {"size": 3}}) == []
    assert paths(schemas.validate({**obj, "spec": {"sise": 3}})) == ["spec.sise"]


def test_conflicting_duplicate_crds_are_rejected() -> None:
    first = tiny_crd("Alpha", [("v1", True)])
    second = copy.deepcopy(first)
    second["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["extra"] = {}
    assert CRDSchemas.from_documents([first, copy.deepcopy(first)]).kinds() == [
        ("example.com/v1", "Alpha")
    ]
    with pytest.raises(ValueError, match="Alpha"):
        CRDSchemas.from_documents([first, second])


@pytest.mark.parametrize("kind", sorted(CRDSchemas.from_dir(CRD_DIR).kinds()))
def test_translated_schemas_are_valid_draft7(crds: CRDSchemas, kind: tuple[str, str]) -> None:
    Draft7Validator.check_schema(crds.json_schema(*kind))


# --------------------------------------------------------------------------- SparkApplication


def test_valid_spark_application(crds: CRDSchemas) -> None:
    assert crds.validate(spark_app()) == []


def test_mapping_that_is_not_a_dict_is_accepted(crds: CRDSchemas) -> None:
    app = spark_app()
    app["spec"]["driver"] = MappingProxyType(app["spec"]["driver"])
    assert crds.validate(MappingProxyType(app)) == []


def test_typo_field_is_rejected(crds: CRDSchemas) -> None:
    app = spark_app()
    app["spec"]["driver"]["corez"] = 1
    errors = crds.validate(app)
    assert errors == [SchemaError("spec.driver.corez", "unknown field 'corez'")]


def test_unknown_top_level_field_is_rejected(crds: CRDSchemas) -> None:
    app = spark_app()
    app["specs"] = {}
    assert paths(crds.validate(app)) == ["specs"]


def test_wrong_type_is_rejected(crds: CRDSchemas) -> None:
    app = spark_app()
    app["spec"]["executor"]["instances"] = "two"
    errors = crds.validate(app)
    assert paths(errors) == ["spec.executor.instances"]
    assert "integer" in errors[0].message


def test_bool_is_not_an_integer(crds: CRDSchemas) -> None:
    app = spark_app()
    app["spec"]["driver"]["cores"] = True
    assert paths(crds.validate(app)) == ["spec.driver.cores"]


def test_minimum_is_enforced(crds: CRDSchemas) -> None:
    app = spark_app()
    app["spec"]["executor"]["instances"] = 0
    assert paths(crds.validate(app)) == ["spec.executor.instances"]


def test_bad_enum_is_rejected(crds: CRDSchemas) -> None:
    app = spark_app()
    app["spec"]["type"] = "Golang"
    errors = crds.validate(app)
    assert paths(errors) == ["spec.type"]
    assert "Golang" in errors[0].message


@pytest.mark.parametrize("field", ["sparkVersion", "type", "mainApplicationFile", "driver"])
def test_missing_required_field(crds: CRDSchemas, field: str) -> None:
    app = spark_app()
    del app["spec"][field]
    assert crds.validate(app) == [SchemaError(f"spec.{field}", "required field is missing")]


def test_missing_spec(crds: CRDSchemas) -> None:
    app = spark_app()
    del app["spec"]
    assert paths(crds.validate(app)) == ["spec"]


def test_bad_metadata_name(crds: CRDSchemas) -> None:
    app = spark_app()
    app["metadata"]["name"] = "My_Job"
    errors = crds.validate(app)
    assert paths(errors) == ["metadata.name"]
    assert "My_Job" in errors[0].message


def test_bad_label_value(crds: CRDSchemas) -> None:
    app = spark_app()
    app["metadata"]["labels"]["team"] = "data science"
    errors = crds.validate(app)
    assert paths(errors) == ["metadata.labels.team"]
    assert "label value" in errors[0].message


def test_null_only_where_nullable(crds: CRDSchemas) -> None:
    app = spark_app()
    app["status"] = {"driverInfo": {}, "terminationTime": None}
    assert crds.validate(app) == []
    app["spec"]["mode"] = None
    assert set(paths(crds.validate(app))) == {"spec.mode"}


def test_preserve_unknown_fields_allows_anything(crds: CRDSchemas) -> None:
    app = spark_app()
    app["spec"]["driver"]["template"] = {"spec": {"anything": [1, {"goes": True}]}}
    assert crds.validate(app) == []


def test_int_or_string_accepts_both(crds: CRDSchemas) -> None:
    app = spark_app()
    app["spec"]["batchSchedulerOptions"] = {"resources": {"cpu": 2, "memory": "4Gi"}}
    assert crds.validate(app) == []


@pytest.mark.parametrize("value", [1.5, True, "lots", None, [1]])
def test_int_or_string_rejects_other_values(crds: CRDSchemas, value: object) -> None:
    app = spark_app()
    app["spec"]["batchSchedulerOptions"] = {"resources": {"cpu": value}}
    assert paths(crds.validate(app)) == ["spec.batchSchedulerOptions.resources.cpu"]


def test_errors_are_sorted_and_unique(crds: CRDSchemas) -> None:
    app = spark_app()
    app["metadata"]["name"] = "Bad_Name"
    app["spec"]["type"] = "Golang"
    app["spec"]["driver"]["corez"] = 1
    app["spec"]["driver"]["cores"] = "one"
    del app["spec"]["sparkVersion"]
    errors = crds.validate(app)
    assert errors == sorted(set(errors))
    assert paths(errors) == [
        "metadata.name",
        "spec.driver.cores",
        "spec.driver.corez",
        "spec.sparkVersion",
        "spec.type",
    ]
    assert crds.validate(app) == errors


def test_unknown_kind_returns_nothing(crds: CRDSchemas) -> None:
    obj = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "BAD"}}
    assert not crds.has("example.com/v1", "Widget")
    assert crds.validate(obj) == []
    assert crds.validate({}) == []


def test_scheduled_spark_application(crds: CRDSchemas) -> None:
    template = spark_app()["spec"]
    obj = {
        "apiVersion": SPARK,
        "kind": "ScheduledSparkApplication",
        "metadata": {"name": "nightly"},
        "spec": {"schedule": "0 2 * * *", "concurrencyPolicy": "Forbid", "template": template},
    }
    assert crds.validate(obj) == []


# --------------------------------------------------------------------------- other operators


def test_valid_tfjob(crds: CRDSchemas) -> None:
    job: dict[str, Any] = {
        "apiVersion": "kubeflow.org/v1",
        "kind": "TFJob",
        "metadata": {"name": "mnist", "labels": {"app.kubernetes.io/name": "mnist"}},
        "spec": {
            "runPolicy": {"cleanPodPolicy": "None"},
            "tfReplicaSpecs": {"PS": replica(1, "tensorflow"), "Worker": replica(2, "tensorflow")},
        },
    }
    assert crds.validate(job) == []
    del job["spec"]["tfReplicaSpecs"]["Worker"]["template"]["spec"]["containers"][0]["name"]
    assert paths(crds.validate(job)) == [
        "spec.tfReplicaSpecs.Worker.template.spec.containers[0].name"
    ]


def test_valid_pytorchjob(crds: CRDSchemas) -> None:
    job: dict[str, Any] = {
        "apiVersion": "kubeflow.org/v1",
        "kind": "PyTorchJob",
        "metadata": {"name": "bert-finetune"},
        "spec": {
            "pytorchReplicaSpecs": {
                "Master": replica(1, "pytorch"),
                "Worker": replica(3, "pytorch"),
            }
        },
    }
    assert crds.validate(job) == []


def test_valid_inference_service(crds: CRDSchemas) -> None:
    isvc: dict[str, Any] = {
        "apiVersion": "serving.kserve.io/v1beta1",
        "kind": "InferenceService",
        "metadata": {"name": "sklearn-iris", "namespace": "serving"},
        "spec": {
            "predictor": {
                "minReplicas": 1,
                "model": {
                    "modelFormat": {"name": "sklearn"},
                    "storageUri": "gs://kfserving-examples/models/sklearn/1.0/model",
                    "resources": {"requests": {"cpu": "100m", "memory": "256Mi"}},
                },
            }
        },
    }
    assert crds.validate(isvc) == []
    isvc["spec"]["predictor"]["model"]["storageURI"] = "typo"
    assert paths(crds.validate(isvc)) == ["spec.predictor.model.storageURI"]


@pytest.mark.parametrize("version", ["v1beta1", "v1beta2"])
def test_valid_local_queue(crds: CRDSchemas, version: str) -> None:
    queue = {
        "apiVersion": f"kueue.x-k8s.io/{version}",
        "kind": "LocalQueue",
        "metadata": {"name": "team-a", "namespace": "team-a"},
        "spec": {"clusterQueue": "cluster-queue"},
    }
    assert crds.validate(queue) == []


# --------------------------------------------------------------------------- check_metadata


def test_check_metadata_core_kind() -> None:
    cm = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": "spark-conf.v1",
            "labels": {"example.com/team": "", "tier": "A-1_b.c"},
            "annotations": {"yarn2k8s.io/source": "any text at all / ok"},
        },
    }
    assert check_metadata(cm) == []


@pytest.mark.parametrize(
    ("metadata", "path"),
    [
        ({}, "metadata.name"),
        ({"name": "a" * 254}, "metadata.name"),
        ({"name": "-leading"}, "metadata.name"),
        ({"name": 42}, "metadata.name"),
        ({"name": "ok", "namespace": "a.b"}, "metadata.namespace"),
        ({"name": "ok", "labels": {"k": "x" * 64}}, "metadata.labels.k"),
        ({"name": "ok", "labels": {"k": 3}}, "metadata.labels.k"),
        ({"name": "ok", "labels": {"k": "trailing-"}}, "metadata.labels.k"),
        ({"name": "ok", "labels": {"bad key": "v"}}, 'metadata.labels["bad key"]'),
        ({"name": "ok", "labels": {"Bad_Prefix/k": "v"}}, 'metadata.labels["Bad_Prefix/k"]'),
        ({"name": "ok", "labels": {"a/b/c": "v"}}, 'metadata.labels["a/b/c"]'),
        ({"name": "ok", "labels": {"k" * 64: "v"}}, f"metadata.labels.{'k' * 64}"),
        ({"name": "ok", "annotations": {"ok/": "v"}}, 'metadata.annotations["ok/"]'),
        ({"name": "ok", "labels": ["a"]}, "metadata.labels"),
    ],
)
def test_check_metadata_rejects(metadata: dict[str, Any], path: str) -> None:
    obj = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata}
    assert paths(check_metadata(obj)) == [path]


def test_check_metadata_requires_type_fields() -> None:
    assert paths(check_metadata({"kind": "", "metadata": {"name": "x"}})) == ["apiVersion", "kind"]
    assert paths(check_metadata({"apiVersion": "v1", "kind": "Pod"})) == ["metadata"]


# --------------------------------------------------------------------------- helpers


def test_format_path() -> None:
    assert format_path([]) == ""
    assert format_path(["spec", "driver", "cores"]) == "spec.driver.cores"
    assert format_path(["spec", "volumes", 0, "name"]) == "spec.volumes[0].name"
    assert format_path(["metadata", "labels", "a.b/c"]) == 'metadata.labels["a.b/c"]'


def test_to_json_schema_translation_is_pure() -> None:
    source = {
        "type": "object",
        "description": "dropped",
        "properties": {
            "port": {
                "anyOf": [{"type": "integer"}, {"type": "string"}],
                "x-kubernetes-int-or-string": True,
            },
            "when": {"type": "string", "format": "date-time", "nullable": True},
            "mode": {"type": "string", "enum": ["a", "b"], "nullable": True},
            "tags": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "set"},
            "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": True,
                     "properties": {"x": {"type": "integer"}}},
            "map": {"type": "object", "additionalProperties": {"type": "string"}},
            "ratio": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
        },
    }  # fmt: skip
    before = copy.deepcopy(source)
    out = to_json_schema(source)
    assert source == before
    assert out["additionalProperties"] is False
    props = out["properties"]
    assert props["port"] == {"type": ["integer", "string"]}
    assert props["when"] == {"type": ["string", "null"]}
    assert props["mode"] == {"type": ["string", "null"], "enum": ["a", "b", None]}
    assert props["tags"]["uniqueItems"] is True
    assert "additionalProperties" not in props["free"]
    assert props["map"] == {"type": "object", "additionalProperties": {"type": "string"}}
    assert props["ratio"] == {"type": "number", "exclusiveMinimum": 0}
    out["properties"]["mode"]["enum"].append("c")
    assert source == before


def test_embedded_resource_allows_type_fields() -> None:
    source = {
        "type": "object",
        "x-kubernetes-embedded-resource": True,
        "properties": {"spec": {"type": "object"}},
    }
    validator = Draft7Validator(to_json_schema(source))
    assert validator.is_valid({"apiVersion": "v1", "kind": "Pod", "metadata": {}, "spec": {}})
    assert not validator.is_valid({"spec": {}, "other": 1})


# ------------------------------------------------------------------ fast check vs jsonschema

PROBES: list[Any] = [
    None,
    True,
    0,
    -1,
    1.5,
    2.0,
    "",
    "x",
    "Golang",
    "500m",
    [],
    ["x"],
    {},
    {"a": 1},
]


def rich_spark_app() -> dict[str, Any]:
    """A SparkApplication using many kinds of fields."""
    app = spark_app()
    role = {
        "env": [{"name": "A", "value": "1"}],
        "volumeMounts": [{"name": "work", "mountPath": "/work"}],
        "labels": {"tier": "x"},
        "coreLimit": "1200m",
        "securityContext": {"runAsUser": 1000, "capabilities": {"drop": ["ALL"]}},
        "tolerations": [{"key": "k", "operator": "Exists", "effect": "NoSchedule"}],
    }
    app["spec"]["driver"].update(copy.deepcopy(role))
    app["spec"]["executor"].update(copy.deepcopy(role))
    app["spec"].update(
        {
            "arguments": ["--date", "2024-01-01"],
            "sparkConf": {"spark.ui.enabled": "false"},
            "deps": {"pyFiles": ["local:///a.zip"]},
            "restartPolicy": {"type": "OnFailure", "onFailureRetries": 3},
            "volumes": [{"name": "work", "emptyDir": {"sizeLimit": "10Gi"}}],
            "batchSchedulerOptions": {"resources": {"cpu": 2, "memory": "4Gi"}},
            "dynamicAllocation": {"enabled": True, "minExecutors": 1},
        }
    )
    return app


def mutations(value: Any) -> Iterator[Any]:
    """Yield copies of ``value`` with one thing changed: a value replaced, a key added/removed."""
    if isinstance(value, dict):
        yield {**value, "zzz": 1}
        for key, item in value.items():
            yield {k: v for k, v in value.items() if k != key}
            for changed in [*PROBES, *mutations(item)]:
                yield {**value, key: changed}
    elif isinstance(value, list):
        for index, item in enumerate(value):
            for changed in [*PROBES, *mutations(item)]:
                yield [*value[:index], changed, *value[index + 1 :]]


def agreement_cases() -> list[tuple[tuple[str, str], dict[str, Any]]]:
    """Valid objects of several kinds, to mutate."""
    tfjob = {
        "apiVersion": "kubeflow.org/v1",
        "kind": "TFJob",
        "metadata": {"name": "mnist"},
        "spec": {"tfReplicaSpecs": {"Worker": replica(2, "tensorflow")}},
    }
    queue = {
        "apiVersion": "kueue.x-k8s.io/v1beta2",
        "kind": "ClusterQueue",
        "metadata": {"name": "cq"},
        "spec": {
            "namespaceSelector": {},
            "resourceGroups": [
                {
                    "coveredResources": ["cpu"],
                    "flavors": [
                        {"name": "default", "resources": [{"name": "cpu", "nominalQuota": 9}]}
                    ],
                }
            ],
        },
    }
    return [
        ((SPARK, "SparkApplication"), rich_spark_app()),
        (("kubeflow.org/v1", "TFJob"), tfjob),
        (("kueue.x-k8s.io/v1beta2", "ClusterQueue"), queue),
    ]


@pytest.mark.parametrize(("kind", "valid"), agreement_cases(), ids=lambda c: str(c)[:40])
def test_fast_check_agrees_with_jsonschema(
    crds: CRDSchemas, kind: tuple[str, str], valid: dict[str, Any]
) -> None:
    schema = crds.json_schema(*kind)
    reference = Draft7Validator(schema)
    fast = compile_check(schema)
    assert fast(valid) and reference.is_valid(valid)
    checked = 0
    for obj in mutations(valid):
        valid_here = reference.is_valid(obj)
        assert fast(obj) == valid_here, obj
        if crds.has(obj.get("apiVersion"), obj.get("kind")):
            errors = crds.validate(obj)
            if valid_here:
                assert all(e.path.startswith(("metadata", "kind", "apiVersion")) for e in errors)
            else:
                assert errors, obj
        checked += 1
    assert checked > 100


SYNTHETIC: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "minProperties": 1,
    "maxProperties": 4,
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[a-z]"},
        "count": {"type": "integer", "minimum": 1, "exclusiveMaximum": 10},
        "ratio": {"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": 1.5},
        "mode": {"enum": ["a", "b", None]},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
        "set": {"type": "array", "uniqueItems": True},
        "either": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^x"}]},
        "step": {"type": "number", "multipleOf": 0.5},
        "level": {"enum": [1, 2]},
        "map": {"type": "object", "additionalProperties": {"type": "boolean"}},
    },
}


@pytest.mark.parametrize("field", sorted(SYNTHETIC["properties"]))
def test_fast_check_agrees_on_every_keyword(field: str) -> None:
    reference = Draft7Validator(SYNTHETIC)
    fast = compile_check(SYNTHETIC)
    values = [*PROBES, "ab", "abcdef", "Ab", 1, 9, 10, 0.25, 1.5, 2.5, "xy", ["a", "a"], ["a", "b"],
              ["a", "b", "c"], [1, True], {"k": True}, {"k": "no"}, 3]  # fmt: skip
    for value in values:
        obj = {"name": "abc", field: value}
        assert fast(obj) == reference.is_valid(obj), (field, value)
    others: list[Any] = [
        {},
        {"name": "abc", "zzz": 1},
        {"name": "ab", "a": 1, "b": 2, "c": 3, "d": 4},
        [],
    ]
    for other in others:
        assert fast(other) == reference.is_valid(other), other
