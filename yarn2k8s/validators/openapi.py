"""Validate core Kubernetes objects against the Kubernetes OpenAPI schemas.

The JSON schemas come from the kubernetes-validate package (the `validate` extra), which ships
one folder per Kubernetes version (`kubernetes-json-schema/v1.33.0-local-strict/`): a file per
kind (`job-batch-v1.json`) whose `$ref`s point into one large `_definitions.json`. Calling
`kubernetes_validate.validate()` rebuilds a validator (and reparses the definitions) on every
call; here the definitions are read once per version and one Draft 2020-12 validator is built
per kind the first time it is needed, then reused. The strict schemas reject unknown fields.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from yarn2k8s.errors import Yarn2k8sError
from yarn2k8s.validators.crd import SchemaError

# The kinds yarn2k8s generates without a CRD, by (apiVersion, kind).
CORE_KINDS = frozenset(
    {
        ("batch/v1", "Job"),
        ("batch/v1", "CronJob"),
        ("apps/v1", "Deployment"),
        ("apps/v1", "StatefulSet"),
        ("v1", "Service"),
        ("v1", "ConfigMap"),
        ("v1", "Secret"),
        ("v1", "Namespace"),
        ("v1", "ServiceAccount"),
        ("rbac.authorization.k8s.io/v1", "Role"),
        ("rbac.authorization.k8s.io/v1", "RoleBinding"),
    }
)
_VERSION_DIR = re.compile(r"^v(\d+)\.(\d+)\.\d+-local-strict$")


class SchemaUnavailable(Yarn2k8sError):
    """kubernetes-validate is not installed, or has no schemas for the wanted version."""


@dataclass(frozen=True, order=True)
class OpenAPIError:
    """One schema violation: where (dotted path) and what."""

    path: str
    message: str


def _schema_root() -> Traversable:
    try:
        return resources.files("kubernetes_validate").joinpath("kubernetes-json-schema")
    except ModuleNotFoundError:
        raise SchemaUnavailable(
            "kubernetes-validate is not installed (pip install 'yarn2k8s[validate]')"
        ) from None


def available_versions() -> list[str]:
    """Kubernetes minor versions with strict schemas, oldest first (`1.33`...)."""
    found = []
    for entry in _schema_root().iterdir():
        match = _VERSION_DIR.match(entry.name)
        if match:
            found.append((int(match.group(1)), int(match.group(2))))
    return [f"{major}.{minor}" for major, minor in sorted(found)]


def _folder(version: str) -> Traversable:
    for entry in _schema_root().iterdir():
        match = _VERSION_DIR.match(entry.name)
        if match and f"{match.group(1)}.{match.group(2)}" == version:
            return entry
    raise SchemaUnavailable(f"no Kubernetes {version} schemas in kubernetes-validate")


def schema_file(api_version: str, kind: str) -> str:
    """kubernetes-validate's file name for a kind: `rbac.authorization.k8s.io/v1` -> rbac-v1."""
    group_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    return f"{kind.lower()}-{group_version}.json"


@functools.lru_cache(maxsize=4)
def _registry(version: str) -> Registry:
    """The shared definitions of one version, parsed once."""
    definitions = json.loads(_folder(version).joinpath("_definitions.json").read_text("utf-8"))
    return Resource.from_contents(definitions) @ Registry()


@functools.lru_cache(maxsize=64)
def validator(version: str, api_version: str, kind: str) -> Draft202012Validator:
    """The validator of one kind, built once per version."""
    text = _folder(version).joinpath(schema_file(api_version, kind)).read_text("utf-8")
    return Draft202012Validator(json.loads(text), registry=_registry(version))


def default_version() -> str:
    """The newest Kubernetes version the installed package has schemas for."""
    versions = available_versions()
    if not versions:
        raise SchemaUnavailable("kubernetes-validate ships no strict schemas")
    return versions[-1]


def supports(obj: dict[str, Any]) -> bool:
    """Whether an object is a core kind this module validates."""
    return (str(obj.get("apiVersion", "")), str(obj.get("kind", ""))) in CORE_KINDS


def validate(obj: dict[str, Any], version: str | None = None) -> list[OpenAPIError]:
    """Every schema violation of one core object (empty when valid)."""
    api_version, kind = str(obj.get("apiVersion", "")), str(obj.get("kind", ""))
    if (api_version, kind) not in CORE_KINDS:
        raise SchemaUnavailable(f"{api_version} {kind} is not a core kind validated here")
    checker = validator(version or default_version(), api_version, kind)
    errors = [
        OpenAPIError(".".join(str(p) for p in error.absolute_path) or "<root>", error.message)
        for error in checker.iter_errors(obj)
    ]
    return sorted(errors)


class CoreSchemas:
    """Core kinds in the same shape as `crd.CRDSchemas` (`has`, `validate`), for the
    validation harness (`validators/schemas.py` picks it up through `core_schemas`)."""

    def __init__(self, version: str | None = None) -> None:
        self.version = version or default_version()
        _folder(self.version)  # fail early, naming the version, if it is not shipped

    def has(self, api_version: str, kind: str) -> bool:
        """Whether the kind is a core kind checked here."""
        return (api_version, kind) in CORE_KINDS

    def validate(self, obj: Mapping[str, Any]) -> list[SchemaError]:
        """Schema violations as `crd.SchemaError`s."""
        return [SchemaError(e.path, e.message) for e in validate(dict(obj), self.version)]


def core_schemas(kube_version: str | None = None) -> CoreSchemas | None:
    """The core-kind schemas for a Kubernetes version.

    None when kubernetes-validate is not installed and no version was asked for (core kinds
    then get the metadata checks only, reported as such); a version that was asked for and is
    not shipped raises SchemaUnavailable, naming it.
    """
    try:
        return CoreSchemas(kube_version)
    except SchemaUnavailable:
        if kube_version:
            raise
        return None
