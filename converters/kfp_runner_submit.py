"""CronJob step: start one run of a compiled pipeline through the Kubeflow Pipelines API.

Used when a coordinator keeps its time zone with a Kubernetes CronJob (by config) instead of a
KFP recurring run. Standard library only. The pipeline's IR is mounted from a ConfigMap; the
endpoint (KFP_ENDPOINT, e.g. http://ml-pipeline.kubeflow:8888) and an optional bearer token
(KFP_TOKEN) come from a Secret.

Usage: --package PATH --experiment-id ID --name NAME [--param NAME VALUE]...
"""

import json
import os
import sys
import time
import urllib.request
from typing import Any


def load_spec(path: str) -> dict[str, Any]:
    """The pipeline spec (first YAML document) as JSON, via a minimal reader of KFP's output.

    KFP writes the IR as YAML; the API takes JSON. PyYAML is not in the standard library, so
    the ConfigMap also carries `pipeline.json`, written by yarn2k8s beside the YAML.
    """
    with open(path, encoding="utf-8") as handle:
        value = json.load(handle)
    return value if isinstance(value, dict) else {}


def main(argv: list[str]) -> int:
    """POST /apis/v2beta1/runs with the spec inline; print the run id."""
    options: dict[str, str] = {}
    params: dict[str, str] = {}
    i = 0
    while i < len(argv):
        if argv[i] == "--param":
            params[argv[i + 1]] = argv[i + 2]
            i += 3
        else:
            options[argv[i][2:]] = argv[i + 1]
            i += 2
    body = {
        "display_name": f"{options['name']}-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}",
        "experiment_id": options.get("experiment-id", ""),
        "pipeline_spec": load_spec(options["package"]),
        "runtime_config": {"parameters": params},
    }
    request = urllib.request.Request(
        os.environ["KFP_ENDPOINT"].rstrip("/") + "/apis/v2beta1/runs",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    if os.environ.get("KFP_TOKEN"):
        request.add_header("Authorization", f"Bearer {os.environ['KFP_TOKEN']}")
    with urllib.request.urlopen(request, timeout=60) as reply:
        run = json.loads(reply.read() or b"{}")
    print(f"started run {run.get('run_id', '?')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
