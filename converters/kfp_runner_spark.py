"""Pipeline step: create a SparkApplication under a run-unique name and wait until it ends.

Runs inside a Kubeflow step with only the Python standard library: it talks to the API server
with the pod's service account token (in-cluster), so the pinned image needs no kubectl.
Usage (the generated pipeline passes these arguments):

    --run-id ID [--delete PATH | --mkdir PATH]... --manifest JSON [--set /pointer VALUE]...
        [--manifest JSON ...]

`--delete`/`--mkdir` are the action's <prepare>, run first through Hadoop's FsShell.

Each manifest is created in turn with `<name>-<first 8 characters of the run id>` as its name
(so runs never collide), then polled until `status.applicationState.state` is COMPLETED
(success) or FAILED / SUBMISSION_FAILED (failure). A retry of the step finds the same name:
a failed application is deleted and created again, a running one is waited on.
"""

import json
import os
import re
import shlex
import shutil
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
GROUP = "/apis/sparkoperator.k8s.io/v1beta2"
TERMINAL = {"COMPLETED": 0, "FAILED": 1, "SUBMISSION_FAILED": 1}
MAX_NAME = 63


def unique_name(base: str, run_id: str) -> str:
    """`base-<run id prefix>`, a DNS-1123 label of at most 63 characters."""
    suffix = re.sub(r"[^a-z0-9]", "", run_id.lower())[:8] or "run"
    head = base[: MAX_NAME - len(suffix) - 1].rstrip("-")
    return f"{head}-{suffix}"


def set_pointer(doc: Any, pointer: str, value: str) -> None:
    """Set a value at a JSON pointer (RFC 6901) inside a document."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    target = doc
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target.setdefault(part, {})
    last = parts[-1]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value


def parse_args(
    argv: list[str],
) -> tuple[str, list[tuple[str, str]], list[tuple[dict[str, Any], list[tuple[str, str]]]]]:
    """(run id, prepare operations, [(manifest, [(pointer, value)])]) from the arguments."""
    run_id = ""
    prepare: list[tuple[str, str]] = []
    apps: list[tuple[dict[str, Any], list[tuple[str, str]]]] = []
    i = 0
    while i < len(argv):
        flag = argv[i]
        if flag == "--run-id":
            run_id, i = argv[i + 1], i + 2
        elif flag in ("--delete", "--mkdir"):
            prepare.append((flag[2:], argv[i + 1]))
            i += 2
        elif flag == "--manifest":
            apps.append((json.loads(argv[i + 1]), []))
            i += 2
        elif flag == "--set" and apps:
            apps[-1][1].append((argv[i + 1], argv[i + 2]))
            i += 3
        else:
            raise SystemExit(f"unexpected argument {flag!r}")
    return run_id, prepare, apps


def fs_shell() -> list[str]:
    """Hadoop's FsShell: `hadoop fs`, else the class from the Spark image's jars."""
    override = os.environ.get("YARN2K8S_FS_SHELL")
    if override:
        return shlex.split(override)
    if shutil.which("hadoop"):
        return ["hadoop", "fs"]
    home = os.environ.get("SPARK_HOME", "/opt/spark")
    return ["java", "-cp", f"{home}/jars/*", "org.apache.hadoop.fs.FsShell"]


def run_prepare(operations: list[tuple[str, str]]) -> None:
    """<prepare>: delete (missing is fine) and mkdir -p, before the application starts."""
    for op, path in operations:
        args = ["-rm", "-r", "-f", path] if op == "delete" else ["-mkdir", "-p", path]
        subprocess.run([*fs_shell(), *args], check=True)


class Api:
    """The smallest Kubernetes API client: JSON over HTTPS with the pod's token."""

    def __init__(self, base: str | None = None) -> None:
        host = os.environ.get("KUBERNETES_SERVICE_HOST", "kubernetes.default.svc")
        port = os.environ.get("KUBERNETES_SERVICE_PORT", "443")
        self.base = base or os.environ.get("YARN2K8S_API_URL") or f"https://{host}:{port}"
        self.context: ssl.SSLContext | None = None
        self.token = ""
        if self.base.startswith("https://"):
            self.context = ssl.create_default_context(cafile=f"{SA_DIR}/ca.crt")
            with open(f"{SA_DIR}/token", encoding="utf-8") as handle:
                self.token = handle.read().strip()

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, dict[str, Any]]:
        """(status code, decoded JSON body)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=60) as reply:
                return int(reply.status), _json(reply.read())
        except urllib.error.HTTPError as err:
            return int(err.code), _json(err.read())


def _json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def namespace_of(app: dict[str, Any]) -> str:
    """The manifest's namespace, else the pod's own."""
    namespace = app.get("metadata", {}).get("namespace")
    if namespace:
        return str(namespace)
    with open(f"{SA_DIR}/namespace", encoding="utf-8") as handle:
        return handle.read().strip()


def state_of(app: dict[str, Any]) -> str:
    """The operator's view of an application."""
    return str(app.get("status", {}).get("applicationState", {}).get("state", ""))


def run_app(api: Api, app: dict[str, Any], poll: float) -> int:
    """Create one application (or reuse a retry's) and wait; returns the exit code."""
    namespace, name = namespace_of(app), app["metadata"]["name"]
    path = f"{GROUP}/namespaces/{namespace}/sparkapplications"
    code, body = api.call("POST", path, app)
    if code == 409:
        code, body = api.call("GET", f"{path}/{name}")
        if TERMINAL.get(state_of(body)) == 1:  # a failed earlier attempt: start over
            api.call("DELETE", f"{path}/{name}")
            time.sleep(poll)
            code, body = api.call("POST", path, app)
    if code >= 300:
        print(f"cannot create SparkApplication {name}: {code} {body.get('message', '')}")
        return 1
    print(f"SparkApplication {namespace}/{name} created", flush=True)
    last = ""
    while True:
        code, body = api.call("GET", f"{path}/{name}")
        state = state_of(body) if code < 300 else ""
        if state != last:
            print(f"{name}: {state or 'PENDING'}", flush=True)
            last = state
        if state in TERMINAL:
            return TERMINAL[state]
        time.sleep(poll)


def main(argv: list[str]) -> int:
    """Run every manifest in order; stop at the first failure."""
    run_id, prepare, apps = parse_args(argv)
    run_prepare(prepare)
    api = Api()
    poll = float(os.environ.get("YARN2K8S_POLL_SECONDS", "10"))
    for app, sets in apps:
        for pointer, value in sets:
            set_pointer(app, pointer, value)
        app["metadata"]["name"] = unique_name(app["metadata"]["name"], run_id)
        code = run_app(api, app, poll)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
