"""Where each kind's schema comes from, in the order issue 6 fixes.

Operator kinds: the cluster's CRDs (`--cluster`), then a CRD folder (`--crd-dir`), then schemas
derived from the operators' Python models (:mod:`derived_crds`). Core kinds: the Kubernetes
OpenAPI schemas of kubernetes-validate, through ``yarn2k8s.validators.openapi`` (a cached
validator owned by the batch/services work). A kind found in none is unchecked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from yarn2k8s.validators.crd import SchemaError

# Core groups whose objects we generate; without the OpenAPI validator they get metadata checks.
CORE_API_VERSIONS = frozenset(
    {
        "v1",
        "rbac.authorization.k8s.io/v1",
        "batch/v1",
        "apps/v1",
        "networking.k8s.io/v1",
        "policy/v1",
        "autoscaling/v2",
        "scheduling.k8s.io/v1",
    }
)


class SchemaSource(Protocol):
    """What a schema source offers; :class:`CRDSchemas` and :class:`DerivedSchemas` fit."""

    def has(self, api_version: str, kind: str) -> bool: ...

    def validate(self, obj: Mapping[str, Any]) -> list[SchemaError]: ...


@dataclass
class SchemaSet:
    """Named sources for operator kinds, in order, and the core-kind validator (if any)."""

    sources: Sequence[tuple[str, SchemaSource]] = ()
    core: SchemaSource | None = None

    def find(self, api_version: str, kind: str) -> tuple[str, SchemaSource] | None:
        """The first source that knows a kind, with its name."""
        if self.core is not None and self.core.has(api_version, kind):
            return "kubernetes OpenAPI", self.core
        for name, source in self.sources:
            if source.has(api_version, kind):
                return name, source
        return None

    def looked_in(self) -> str:
        """The sources tried, for an unchecked-kind message."""
        names = [name for name, _ in self.sources]
        return "looked in " + (", ".join(names) if names else "no source")


def core_source(kube_version: str | None = None) -> SchemaSource | None:
    """The cached core-kind validator from ``validators/openapi.py``, when it is there.

    That module is written by another part of the project; until it lands core kinds get the
    metadata checks only (and are counted as such, not as schema-checked).
    """
    try:
        from yarn2k8s.validators import openapi  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    factory = getattr(openapi, "core_schemas", None)
    if factory is None:
        return None
    source: SchemaSource = factory(kube_version)
    return source
