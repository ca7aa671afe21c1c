"""`validate --cluster` against a small local HTTP stand-in for the Kubernetes API server.

No API server can run here, so this stand-in answers only what the tool asks: discovery
(`/api/v1`, `/apis/<group>/<version>`), the CRD list, and server-side apply with dryRun=All,
refusing objects whose `spec` has a field named `bogus` and recording every request.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from click.testing import CliRunner

from yarn2k8s.cli import cli
from yarn2k8s.validators.cluster import Cluster, ClusterError, connect

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CRD_DIR = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "crds"
RESOURCES = {
    "/api/v1": [("ServiceAccount", "serviceaccounts"), ("Secret", "secrets")],
    "/apis/rbac.authorization.k8s.io/v1": [("Role", "roles"), ("RoleBinding", "rolebindings")],
    "/apis/sparkoperator.k8s.io/v1beta2": [
        ("SparkApplication", "sparkapplications"),
        ("ScheduledSparkApplication", "scheduledsparkapplications"),
    ],
}


class StandInHandler(BaseHTTPRequestHandler):
    """The stand-in API server's request handler."""

    requests: ClassVar[list[tuple[str, str, Any]]] = []

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        del args

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self.requests.append(("GET", self.path, None))
        if self.path.startswith("/apis/apiextensions.k8s.io/v1/customresourcedefinitions"):
            crds = [
                d
                for f in sorted(CRD_DIR.glob("sparkoperator*.yaml"))
                for d in yaml.safe_load_all(f.read_text(encoding="utf-8"))
            ]
            self._send(200, {"kind": "CustomResourceDefinitionList", "items": crds})
            return
        resources = RESOURCES.get(self.path.split("?")[0])
        if resources is None:
            self._send(404, {"kind": "Status", "message": "the server could not find it"})
            return
        items = [{"kind": k, "name": n, "namespaced": True} for k, n in resources]
        self._send(200, {"kind": "APIResourceList", "resources": items})

    def do_PATCH(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append(("PATCH", self.path, self.headers["Content-Type"]))
        if "dryRun=All" not in self.path:
            self._send(400, {"kind": "Status", "message": "stand-in only accepts dry runs"})
        elif "bogus" in (body.get("spec") or {}):
            message = (
                f'{body["kind"]} in version "v1beta2" cannot be handled: unknown field "spec.bogus"'
            )
            self._send(422, {"kind": "Status", "message": message})
        else:
            self._send(200, body)


@pytest.fixture
def stand_in() -> Iterator[str]:
    StandInHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandInHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def app() -> dict[str, Any]:
    path = SAMPLES / "spark/pyspark-basic/expected/jobs/sbdl-load/k8s/sparkapplication.yaml"
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


@pytest.mark.skipif(not CRD_DIR.is_dir(), reason="../shared/schemas/crds is absent")
def test_crds_and_dry_run(stand_in: str) -> None:
    cluster = Cluster(connect(host=stand_in))
    kinds = {d["spec"]["names"]["kind"] for d in cluster.crds()}
    assert kinds == {"SparkApplication", "ScheduledSparkApplication"}
    assert cluster.dry_run(app()) is None
    method, path, content_type = StandInHandler.requests[-1]
    assert method == "PATCH" and content_type == "application/apply-patch+yaml"
    assert path.startswith("/apis/sparkoperator.k8s.io/v1beta2/namespaces/analytics/")
    assert "dryRun=All" in path and "fieldValidation=Strict" in path
    bad = app()
    bad["spec"]["bogus"] = 1
    assert "unknown field" in str(cluster.dry_run(bad))
    unserved = {"apiVersion": "kueue.x-k8s.io/v1beta1", "kind": "LocalQueue", "metadata": {}}
    assert "does not serve" in str(cluster.dry_run(unserved))


def test_unreachable_cluster() -> None:
    cluster = Cluster(connect(host="http://127.0.0.1:9"))
    with pytest.raises(ClusterError):
        cluster.crds()


@pytest.mark.skipif(not CRD_DIR.is_dir(), reason="../shared/schemas/crds is absent")
def test_cli_validate_with_cluster(stand_in: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(SAMPLES / "spark/pyspark-basic/expected", out)
    args = [
        "validate",
        str(out),
        "--cluster-url",
        stand_in,
        "--skip",
        "lint",
        "--skip",
        "kustomize",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    patched = [p for m, p, _ in StandInHandler.requests if m == "PATCH"]
    assert len(patched) == 4  # SparkApplication + ServiceAccount, Role, RoleBinding
    app_path = out / "jobs/sbdl-load/k8s/sparkapplication.yaml"
    broken = app()
    broken["spec"]["bogus"] = 1
    app_path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "VA030" in result.output and "VA001" in result.output
