"""Core Kubernetes objects shared by converters: RBAC, example Secrets, kustomizations."""

from __future__ import annotations

from typing import Any

from yarn2k8s.model import SecretRef

MANAGED_BY = {"app.kubernetes.io/managed-by": "yarn2k8s"}


def spark_driver_rbac(service_account: str, namespace: str) -> list[dict[str, Any]]:
    """ServiceAccount, Role and RoleBinding the Spark driver needs to manage its executors."""
    meta = {"name": service_account, "namespace": namespace, "labels": dict(MANAGED_BY)}
    role = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "Role",
        "metadata": meta,
        "rules": [
            {
                "apiGroups": [""],
                "resources": ["pods", "services", "configmaps", "persistentvolumeclaims"],
                "verbs": [
                    "create",
                    "get",
                    "list",
                    "watch",
                    "update",
                    "patch",
                    "delete",
                    "deletecollection",
                ],
            }
        ],
    }
    binding = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "RoleBinding",
        "metadata": meta,
        "roleRef": {
            "apiGroup": "rbac.authorization.k8s.io",
            "kind": "Role",
            "name": service_account,
        },
        "subjects": [{"kind": "ServiceAccount", "name": service_account, "namespace": namespace}],
    }
    account = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta}
    return [account, role, binding]


def example_secret(name: str, namespace: str, refs: list[SecretRef]) -> dict[str, Any]:
    """An example Secret listing the keys to fill, with no values.

    Written beside the job but never listed in a kustomization, so applying the output can
    never overwrite a real Secret with an empty one.
    """
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "annotations": {
                "yarn2k8s.io/example": "fill the values and create this Secret yourself; "
                "it is deliberately not part of the kustomization",
            },
        },
        "type": "Opaque",
        "stringData": {ref.key: "" for ref in sorted(refs, key=lambda r: r.key)},
    }


def kustomization(resources: list[str], namespace: str = "") -> dict[str, Any]:
    """A kustomization listing resources in sorted order."""
    doc: dict[str, Any] = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": sorted(resources),
    }
    if namespace:
        doc["namespace"] = namespace
    return doc
