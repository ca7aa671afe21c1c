"""Pipeline step: run a training job, or deploy an InferenceService, and wait for the outcome.

Runs inside a Kubeflow step with only the Python standard library, talking to the API server
with the pod's service account token (in-cluster), like the SparkApplication step. Usage:

    train --run-id ID --manifest JSON [--model-uri URI --model-uri-default URI]
          [--model-uri-out PATH]
    serve --manifest JSON --storage-uri URI

`train` creates the training job (TFJob, PyTorchJob, MPIJob, XGBoostJob, TrainJob or Job) as
`<name>-<first 8 characters of the run id>`, so runs never collide, with every occurrence of
the default model URI replaced by the run's (the training command writes the model there),
then waits for a Succeeded/Complete or Failed condition and writes the model URI to
`--model-uri-out` for the deploy step. A retry finds the same name: a failed job is deleted
and created again, a running one is waited on.

`serve` sets the InferenceService's `storageUri`, applies it server-side (create or update,
so the endpoint keeps its name across runs) and waits until the controller has seen this
generation and reports Ready, up to YARN2K8S_DEPLOY_TIMEOUT seconds (default 1800).
"""

import json
import os
import re
import ssl
import sys
import time
import urllib.error
import urllib.request
from typing import Any

SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
SUCCEEDED = frozenset({"Succeeded", "Complete"})  # training-operator / TrainJob and Job
FAILED = frozenset({"Failed"})
MAX_NAME = 63
APPLY = "application/apply-patch+yaml"  # JSON is YAML: server-side apply takes it as is


def unique_name(base: str, run_id: str) -> str:
    """`base-<run id prefix>`, a DNS-1123 label of at most 63 characters."""
    suffix = re.sub(r"[^a-z0-9]", "", run_id.lower())[:8] or "run"
    head = base[: MAX_NAME - len(suffix) - 1].rstrip("-")
    return f"{head}-{suffix}"


def replace_strings(doc: Any, old: str, new: str) -> Any:
    """Every string of a document with `old` replaced by `new`."""
    if isinstance(doc, dict):
        return {k: replace_strings(v, old, new) for k, v in doc.items()}
    if isinstance(doc, list):
        return [replace_strings(v, old, new) for v in doc]
    if isinstance(doc, str) and old:
        return doc.replace(old, new)
    return doc


def parse_args(argv: list[str]) -> dict[str, str]:
    """`mode` plus each `--flag value` pair."""
    if not argv or argv[0] not in ("train", "serve"):
        raise SystemExit("usage: train|serve --manifest JSON ...")
    options = {"mode": argv[0]}
    rest = argv[1:]
    if len(rest) % 2:
        raise SystemExit(f"unexpected argument {rest[-1]!r}")
    for flag, value in zip(rest[::2], rest[1::2], strict=True):
        if not flag.startswith("--"):
            raise SystemExit(f"unexpected argument {flag!r}")
        options[flag[2:]] = value
    return options


class Api:
    """The smallest Kubernetes API client: JSON over HTTPS with the pod's token.

    The SparkApplication step (kfp_runner_spark.py) has its own copy on purpose: each step
    script is embedded whole in the pipeline and must run with nothing but the standard
    library, so the runners share no module at run time.
    """

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

    def call(
        self, method: str, path: str, body: Any = None, content_type: str = "application/json"
    ) -> tuple[int, dict[str, Any]]:
        """(status code, decoded JSON body)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", content_type)
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


def collection(obj: dict[str, Any]) -> str:
    """The API path of an object's collection (plural: the kind, lowercased, plus "s")."""
    version = str(obj["apiVersion"])
    prefix = f"/apis/{version}" if "/" in version else f"/api/{version}"
    namespace = obj.get("metadata", {}).get("namespace")
    if not namespace:
        with open(f"{SA_DIR}/namespace", encoding="utf-8") as handle:
            namespace = handle.read().strip()
    return f"{prefix}/namespaces/{namespace}/{str(obj['kind']).lower()}s"


def outcome(obj: dict[str, Any]) -> int | None:
    """0 succeeded, 1 failed, None still running (from the job's status conditions)."""
    for condition in obj.get("status", {}).get("conditions", []) or []:
        if condition.get("status") != "True":
            continue
        if condition.get("type") in SUCCEEDED:
            return 0
        if condition.get("type") in FAILED:
            return 1
    return None


def train(api: Api, options: dict[str, str], poll: float) -> int:
    """Create the training job (or find a retry's) and wait for its end."""
    job = json.loads(options["manifest"])
    default, uri = options.get("model-uri-default", ""), options.get("model-uri", "")
    if uri and default and uri != default:
        job = replace_strings(job, default, uri)
    name = unique_name(job["metadata"]["name"], options.get("run-id", ""))
    job["metadata"]["name"] = name
    path = collection(job)
    code, body = api.call("POST", path, job)
    if code == 409:
        code, body = api.call("GET", f"{path}/{name}")
        if outcome(body) == 1:  # a failed earlier attempt: start over
            api.call("DELETE", f"{path}/{name}?propagationPolicy=Foreground")
            time.sleep(poll)
            code, body = api.call("POST", path, job)
    if code >= 300:
        print(f"cannot create {job['kind']} {name}: {code} {body.get('message', '')}")
        return 1
    print(f"{job['kind']} {name} created; the model goes to {uri or default}", flush=True)
    result = wait(api, f"{path}/{name}", poll)
    if result == 0 and options.get("model-uri-out"):
        target = options["model-uri-out"]
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(uri or default)
    return result


def wait(api: Api, path: str, poll: float) -> int:
    """Poll a training job until a terminal condition."""
    last = ""
    while True:
        code, body = api.call("GET", path)
        result = outcome(body) if code < 300 else None
        phase = {0: "Succeeded", 1: "Failed", None: "Running"}[result]
        if phase != last:
            print(f"{path.rsplit('/', 1)[-1]}: {phase}", flush=True)
            last = phase
        if result is not None:
            return result
        time.sleep(poll)


def ready(isvc: dict[str, Any], generation: int) -> bool:
    """The controller has seen this generation and the service is Ready."""
    status = isvc.get("status", {})
    if int(status.get("observedGeneration", 0) or 0) < generation:
        return False
    return any(
        c.get("type") == "Ready" and c.get("status") == "True"
        for c in status.get("conditions", []) or []
    )


def serve(api: Api, options: dict[str, str], poll: float, timeout: float) -> int:
    """Apply the InferenceService with the trained model and wait until it is Ready."""
    isvc = json.loads(options["manifest"])
    isvc["spec"]["predictor"]["model"]["storageUri"] = options["storage-uri"]
    name = isvc["metadata"]["name"]
    path = f"{collection(isvc)}/{name}"
    code, body = api.call("PATCH", f"{path}?fieldManager=yarn2k8s&force=true", isvc, APPLY)
    if code >= 300:
        print(f"cannot apply InferenceService {name}: {code} {body.get('message', '')}")
        return 1
    generation = int(body.get("metadata", {}).get("generation", 0) or 0)
    print(f"InferenceService {name} applied (generation {generation})", flush=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        code, body = api.call("GET", path)
        if code < 300 and ready(body, generation):
            print(f"{name}: Ready at {body.get('status', {}).get('url', '')}", flush=True)
            return 0
        time.sleep(poll)
    print(f"{name}: not Ready after {timeout:.0f}s", flush=True)
    return 1


def main(argv: list[str]) -> int:
    """Run the step; the exit code is the job's (or the deployment's) outcome."""
    options = parse_args(argv)
    api = Api()
    poll = float(os.environ.get("YARN2K8S_POLL_SECONDS", "10"))
    if options["mode"] == "train":
        return train(api, options, poll)
    timeout = float(os.environ.get("YARN2K8S_DEPLOY_TIMEOUT", "1800"))
    return serve(api, options, poll, timeout)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
