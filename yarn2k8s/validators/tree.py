"""`yarn2k8s validate OUT`: check every generated Kubernetes object in an output tree.

Operator kinds are checked against CRD schemas from `--crd-dir`; core kinds get the metadata
checks here (issue 6 adds the Kubernetes OpenAPI schemas). A kind with no schema is reported as
unchecked, never silently passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from yarn2k8s.validators.crd import CRDSchemas, check_metadata

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Core groups whose objects we generate; their metadata is always checked.
CORE_API_VERSIONS = frozenset({"v1", "rbac.authorization.k8s.io/v1", "batch/v1", "apps/v1"})
_SKIP_KINDS = frozenset({"Kustomization"})


@dataclass(frozen=True, order=True)
class Problem:
    """One validation result line."""

    path: str
    severity: str  # error | warning
    message: str


def objects_in(out: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every YAML object under OUT (except kustomizations), with its relative path."""
    found = []
    for path in sorted(out.rglob("*.yaml")):
        rel = path.relative_to(out).as_posix()
        for doc in yaml.load_all(path.read_text(encoding="utf-8"), Loader=_LOADER):
            if isinstance(doc, dict) and doc.get("kind") not in _SKIP_KINDS:
                found.append((rel, doc))
    return found


def validate_object(
    rel: str, obj: dict[str, Any], schemas: CRDSchemas | None, strict: bool = False
) -> list[Problem]:
    """Problems with one object."""
    api, kind = str(obj.get("apiVersion", "")), str(obj.get("kind", ""))
    problems = [Problem(rel, "error", f"{kind} {e.path}: {e.message}") for e in check_metadata(obj)]
    if schemas is not None and schemas.has(api, kind):
        problems += [
            Problem(rel, "error", f"{kind} {e.path}: {e.message}") for e in schemas.validate(obj)
        ]
    elif api not in CORE_API_VERSIONS:
        problems.append(
            Problem(
                rel,
                "error" if strict else "warning",
                f"{api} {kind}: no schema available; unchecked",
            )
        )
    return problems


def validate_tree(out: Path, crd_dir: Path | None, strict: bool = False) -> list[Problem]:
    """Validate every object in an output tree."""
    schemas = CRDSchemas.from_dir(crd_dir) if crd_dir else None
    problems: list[Problem] = []
    for rel, obj in objects_in(out):
        problems += validate_object(rel, obj, schemas, strict)
    return sorted(set(problems))
