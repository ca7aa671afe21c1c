"""CRD schemas derived from the operators' published Python models (the `derived` extra).

Used when neither a cluster nor a CRD folder gives a kind's schema. Sources:

- kubeflow-spark-api (pydantic): SparkApplication, ScheduledSparkApplication (v1beta2);
- kubeflow-trainer-api (pydantic): TrainJob, TrainingRuntime, ClusterTrainingRuntime
  (trainer.kubeflow.org/v1alpha1);
- kubeflow-training (OpenAPI-generator classes on top of the kubernetes client's): TFJob,
  PyTorchJob, XGBoostJob, MPIJob, JAXJob, PaddleJob (kubeflow.org/v1 only: the mpi-operator's
  kubeflow.org/v2beta1 MPIJob has no published model).

No package publishes InferenceService (KServe's SDK pins its own kubernetes client) or Kueue
models, so those kinds stay unchecked without `--crd-dir` or `--cluster`.

The models are not CRDs, so the derived schema is patched into one: quantities and
int-or-string become ``x-kubernetes-int-or-string`` (the models make them objects or plain
strings), Python's ``Optional`` (``anyOf [X, null]``) becomes plain ``X`` (Kubernetes rejects
null where the CRD is not nullable), objects reject unknown fields (:func:`crd.to_json_schema`
closes every object with properties), and the enums the CRDs declare, which the models lose,
are restored from :data:`ENUMS`; fields the models wrongly require are freed
(:data:`NOT_REQUIRED`). The result is an ``openAPIV3Schema`` fed to :class:`CRDSchemas`.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from yarn2k8s.validators.crd import CRDSchemas, SchemaError

INT_OR_STRING: dict[str, Any] = {"x-kubernetes-int-or-string": True}
_INT_OR_STRING_DEFS = frozenset(
    {"IoK8sApimachineryPkgApiResourceQuantity", "IoK8sApimachineryPkgUtilIntstrIntOrString"}
)
_DROPPED = frozenset({"title", "description", "default", "examples", "format"})


@dataclass(frozen=True)
class DerivedKind:
    """Where the model of one kind lives."""

    api_version: str
    kind: str
    distribution: str
    module: str
    model: str


_SPARK = ("sparkoperator.k8s.io/v1beta2", "kubeflow-spark-api", "kubeflow_spark_api.models")
_TRAINER = ("trainer.kubeflow.org/v1alpha1", "kubeflow-trainer-api", "kubeflow_trainer_api.models")
_TRAINING = ("kubeflow.org/v1", "kubeflow-training", "kubeflow.training.models")
DERIVED_KINDS: tuple[DerivedKind, ...] = (
    DerivedKind(_SPARK[0], "SparkApplication", *_SPARK[1:], "SparkV1beta2SparkApplication"),
    DerivedKind(
        _SPARK[0],
        "ScheduledSparkApplication",
        *_SPARK[1:],
        "SparkV1beta2ScheduledSparkApplication",
    ),
    DerivedKind(_TRAINER[0], "TrainJob", *_TRAINER[1:], "TrainerV1alpha1TrainJob"),
    DerivedKind(_TRAINER[0], "TrainingRuntime", *_TRAINER[1:], "TrainerV1alpha1TrainingRuntime"),
    DerivedKind(
        _TRAINER[0],
        "ClusterTrainingRuntime",
        *_TRAINER[1:],
        "TrainerV1alpha1ClusterTrainingRuntime",
    ),
    *(
        DerivedKind(_TRAINING[0], kind, *_TRAINING[1:], f"KubeflowOrgV1{kind}")
        for kind in ("TFJob", "PyTorchJob", "XGBoostJob", "MPIJob", "JAXJob", "PaddleJob")
    ),
)

# Enums the upstream CRDs declare and the models lost: (model, JSON field) -> values.
ENUMS: dict[tuple[str, str], list[str]] = {
    ("SparkV1beta2SparkApplicationSpec", "type"): ["Java", "Python", "Scala", "R"],
    ("SparkV1beta2SparkApplicationSpec", "mode"): ["cluster", "client"],
    ("SparkV1beta2SparkApplicationSpec", "pythonVersion"): ["2", "3"],
    ("SparkV1beta2RestartPolicy", "type"): ["Never", "Always", "OnFailure"],
    ("TrainerV1alpha1MPIMLPolicySource", "mpiImplementation"): ["OpenMPI", ""],
    ("SchedulingV1beta1NetworkTopologySpec", "mode"): ["hard", "soft"],
    ("JobsetV1alpha2FailurePolicy", "restartStrategy"): [
        "Recreate",
        "BlockingRecreate",
        "InPlaceRestart",
    ],
    ("JobsetV1alpha2FailurePolicyRule", "action"): [
        "FailJobSet",
        "RestartJobSet",
        "RestartJobSetAndIgnoreMaxRestarts",
        "RestartJob",
        "RestartJobAndIgnoreMaxRestarts",
    ],
    ("JobsetV1alpha2DependsOn", "status"): ["Ready", "Complete"],
    ("JobsetV1alpha2StartupPolicy", "startupPolicyOrder"): ["AnyOrder", "InOrder"],
    ("JobsetV1alpha2SuccessPolicy", "operator"): ["All", "Any"],
    ("JobsetV1alpha2VolumeRetentionPolicy", "whenDeleted"): ["Delete", "Retain"],
}
# Fields the OpenAPI-generator setters refuse as None although the CRDs make them optional.
NOT_REQUIRED = frozenset(
    {("KubeflowOrgV1TFJobSpec", "runPolicy")}
    | {
        (f"KubeflowOrgV1{kind}Spec", "runPolicy")
        for kind in ("PyTorchJob", "XGBoostJob", "MPIJob", "JAXJob", "PaddleJob")
    }
)


def distribution_version(name: str) -> str | None:
    """The installed version of a distribution, or None when it is not installed."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def derive(kind: DerivedKind) -> dict[str, Any]:
    """The ``openAPIV3Schema`` derived from a kind's model.

    Raises:
        ImportError: The model's package is not installed.
    """
    model = getattr(importlib.import_module(kind.module), kind.model)
    if hasattr(model, "model_json_schema"):
        return _from_pydantic(model)
    return _SwaggerWalker().schema(model)


# --------------------------------------------------------------------------- pydantic models


def _from_pydantic(model: Any) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True)
    defs = schema.pop("$defs", {})
    return _inline(schema, defs, str(schema.get("title", "")), ())


def _inline(
    node: Any, defs: Mapping[str, Any], owner: str, stack: tuple[str, ...]
) -> dict[str, Any]:
    """Resolve ``$ref`` into a self-contained schema, with the patches named above."""
    if not isinstance(node, Mapping):
        return {}
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rpartition("/")[2]
        if name in _INT_OR_STRING_DEFS:
            return dict(INT_OR_STRING)
        if name in stack:  # recursive types (JSONSchemaProps): accept anything below
            return {"x-kubernetes-preserve-unknown-fields": True}
        return _inline(defs.get(name, {}), defs, name, (*stack, name))
    branches = [b for b in node.get("anyOf") or [] if b != {"type": "null"}]
    if "anyOf" in node and len(branches) == 1:
        return _inline(branches[0], defs, owner, stack)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROPPED:
            continue
        if key == "properties":
            out[key] = {
                name: _with_enum(owner, name, _inline(sub, defs, owner, stack))
                for name, sub in value.items()
            }
        elif key in ("items", "additionalProperties") and isinstance(value, Mapping):
            out[key] = _inline(value, defs, owner, stack)
        elif key == "anyOf":
            out[key] = [_inline(b, defs, owner, stack) for b in branches]
        else:
            out[key] = value
    return out


def _with_enum(owner: str, field: str, schema: dict[str, Any]) -> dict[str, Any]:
    values = ENUMS.get((owner, field))
    return {**schema, "enum": list(values)} if values else schema


# --------------------------------------------------------------------------- swagger models

_SCALARS: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "datetime": {"type": "string"},
    "date": {"type": "string"},
    "object": {"x-kubernetes-preserve-unknown-fields": True},
}
_DICT = re.compile(r"^dict\(str, (.+)\)$")
_LIST = re.compile(r"^list\[(.+)\]$")
_REQUIRED = re.compile(r"must not be `None`")
# Quantity maps the kubernetes client types as dict(str, str); YAML may also give integers.
_QUANTITY_MAPS = frozenset({"limits", "requests", "capacity", "allocatable"})


class _SwaggerWalker:
    """Builds a schema from OpenAPI-generator classes (``openapi_types``/``attribute_map``)."""

    def __init__(self) -> None:
        self._modules = [
            importlib.import_module("kubeflow.training.models"),
            importlib.import_module("kubernetes.client.models"),
        ]

    def schema(self, model: Any, stack: tuple[str, ...] = ()) -> dict[str, Any]:
        if model.__name__ in stack:
            return {"x-kubernetes-preserve-unknown-fields": True}
        stack = (*stack, model.__name__)
        props: dict[str, Any] = {}
        required = []
        for attr, type_name in model.openapi_types.items():
            field = model.attribute_map[attr]
            sub = self._type(type_name, stack)
            if field in _QUANTITY_MAPS and type_name == "dict(str, str)":
                sub = {"type": "object", "additionalProperties": dict(INT_OR_STRING)}
            props[field] = sub
            if _is_required(model, attr) and (model.__name__, field) not in NOT_REQUIRED:
                required.append(field)
        out: dict[str, Any] = {"type": "object", "properties": props}
        if required:
            out["required"] = sorted(required)
        return out

    def _type(self, type_name: str, stack: tuple[str, ...]) -> dict[str, Any]:
        if type_name in _SCALARS:
            return dict(_SCALARS[type_name])
        if match := _DICT.match(type_name):
            return {"type": "object", "additionalProperties": self._type(match[1], stack)}
        if match := _LIST.match(type_name):
            return {"type": "array", "items": self._type(match[1], stack)}
        for module in self._modules:
            model = getattr(module, type_name, None)
            if model is not None and hasattr(model, "openapi_types"):
                return self.schema(model, stack)
        return {"x-kubernetes-preserve-unknown-fields": True}


def _is_required(model: Any, attr: str) -> bool:
    """OpenAPI-generator setters refuse None for required fields; read that from the source."""
    prop = getattr(model, attr, None)
    if not isinstance(prop, property) or prop.fset is None:
        return False
    try:
        return bool(_REQUIRED.search(inspect.getsource(prop.fset)))
    except (OSError, TypeError):
        return False


# --------------------------------------------------------------------------- schema source


class DerivedSchemas:
    """Schemas derived on first use per kind; same interface as :class:`CRDSchemas`."""

    def __init__(self, kinds: tuple[DerivedKind, ...] = DERIVED_KINDS) -> None:
        self._kinds = {(k.api_version, k.kind): k for k in kinds}
        self._built: dict[tuple[str, str], CRDSchemas | None] = {}

    def has(self, api_version: str, kind: str) -> bool:
        """Whether the kind's model is installed (derivation is attempted once)."""
        return self._get((api_version, kind)) is not None

    def validate(self, obj: Mapping[str, Any]) -> list[SchemaError]:
        schemas = self._get((str(obj.get("apiVersion")), str(obj.get("kind"))))
        return schemas.validate(obj) if schemas else []

    def source(self, api_version: str, kind: str) -> str:
        """Which distribution (and version) a kind's schema comes from."""
        entry = self._kinds.get((api_version, kind))
        if entry is None:
            return ""
        return f"{entry.distribution} {distribution_version(entry.distribution) or '?'}"

    def openapi_schema(self, api_version: str, kind: str) -> dict[str, Any] | None:
        """The derived ``openAPIV3Schema`` of a kind, or None when it cannot be derived."""
        entry = self._kinds.get((api_version, kind))
        if entry is None:
            return None
        try:
            return derive(entry)
        except ImportError:
            return None

    def _get(self, key: tuple[str, str]) -> CRDSchemas | None:
        if key not in self._built:
            schema = self.openapi_schema(*key)
            self._built[key] = CRDSchemas({key: schema}) if schema is not None else None
        return self._built[key]
