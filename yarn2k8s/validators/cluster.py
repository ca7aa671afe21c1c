"""A live cluster (`validate --cluster`): its CRDs, and a server-side dry run of every object.

Uses the kubernetes client (a dependency, kept below 31 because kfp caps it), imported only
here and only when a cluster is asked for. Each object is sent as a server-side apply with
``dryRun=All`` and ``fieldValidation=Strict``: the API server runs its schema, admission
webhooks and defaulting but stores nothing, and an object that already exists is fine.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FIELD_MANAGER = "yarn2k8s-validate"
_CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"


class ClusterError(Exception):
    """The cluster cannot be reached or answered something unreadable."""


def connect(context: str | None = None, host: str | None = None) -> Any:
    """An ApiClient for the kubeconfig context (or in-cluster config, or an explicit host)."""
    from kubernetes import client, config  # optional at run time

    if host:
        configuration = client.Configuration()
        configuration.host = host
        return client.ApiClient(configuration)
    try:
        config.load_kube_config(context=context)
    except Exception:  # no kubeconfig: maybe we run in a pod
        try:
            config.load_incluster_config()
        except Exception as err:
            raise ClusterError(f"no kubeconfig or in-cluster config: {err}") from None
    return client.ApiClient()


@dataclass
class Cluster:
    """Thin calls on an ApiClient: discovery, CRDs and dry runs."""

    api: Any
    _resources: dict[str, dict[str, tuple[str, bool]]] = field(default_factory=dict)

    def crds(self) -> list[dict[str, Any]]:
        """Every CustomResourceDefinition the cluster serves, as plain documents."""
        data = self._get(_CRD_PATH)
        return list(data.get("items") or [])

    def dry_run(self, obj: Mapping[str, Any]) -> str | None:
        """Server-side dry run of one object; the API server's reason when it refuses."""
        try:
            path = self._object_path(obj)
        except ClusterError as err:
            return str(err)
        from kubernetes.client.exceptions import ApiException

        try:
            self.api.call_api(
                path,
                "PATCH",
                query_params=[
                    ("dryRun", "All"),
                    ("fieldManager", FIELD_MANAGER),
                    ("fieldValidation", "Strict"),
                    ("force", "true"),
                ],
                header_params={
                    "Content-Type": "application/apply-patch+yaml",
                    "Accept": "application/json",
                },
                body=dict(obj),
                auth_settings=["BearerToken"],
                _preload_content=False,
                _return_http_data_only=True,
            )
        except ApiException as err:
            return _reason(err)
        except Exception as err:  # urllib3 connection errors share no useful base class
            return f"{type(err).__name__}: {err}"
        return None

    def _object_path(self, obj: Mapping[str, Any]) -> str:
        api_version, kind = str(obj.get("apiVersion", "")), str(obj.get("kind", ""))
        meta = obj.get("metadata") or {}
        found = self._discover(api_version).get(kind)
        if found is None:
            raise ClusterError(f"the cluster does not serve {api_version} {kind}")
        plural, namespaced = found
        base = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
        scope = f"/namespaces/{meta.get('namespace') or 'default'}" if namespaced else ""
        return f"{base}{scope}/{plural}/{meta.get('name', '')}"

    def _discover(self, api_version: str) -> dict[str, tuple[str, bool]]:
        """kind -> (plural, namespaced) for one group version, from the discovery endpoint."""
        if api_version not in self._resources:
            path = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
            try:
                data = self._get(path)
            except ClusterError:
                data = {}
            self._resources[api_version] = {
                r["kind"]: (r["name"], bool(r.get("namespaced")))
                for r in data.get("resources") or []
                if "/" not in r.get("name", "")  # subresources such as pods/log
            }
        return self._resources[api_version]

    def _get(self, path: str) -> dict[str, Any]:
        from kubernetes.client.exceptions import ApiException

        try:
            response = self.api.call_api(
                path,
                "GET",
                header_params={"Accept": "application/json"},
                auth_settings=["BearerToken"],
                _preload_content=False,
                _return_http_data_only=True,
            )
            data = json.loads(response.data)
        except ApiException as err:
            raise ClusterError(_reason(err)) from None
        except Exception as err:  # urllib3 connection errors, bad JSON
            raise ClusterError(f"{type(err).__name__}: {err}") from None
        if not isinstance(data, dict):
            raise ClusterError(f"{path}: not a JSON object")
        return data


def _reason(err: Any) -> str:
    """The Status message of an API error, else its HTTP status."""
    try:
        status = json.loads(err.body or "{}")
        message = status.get("message")
    except (ValueError, AttributeError):
        message = None
    return str(message or f"HTTP {err.status} {err.reason}")
