"""Pipeline step: turn the final status of a failed-or-not task into plain outputs.

Oozie's `<error to=...>` runs a handler only when an action fails. The pipeline puts this step
after the action with `ignore_upstream_failure()`; Kubeflow hands it the action's
PipelineTaskFinalStatus (JSON), and its `state` output ("succeeded" or "failed") selects the
handler branch. `error_message`, `error_code` and `failed_task` answer wf:errorMessage,
wf:errorCode and wf:lastErrorNode inside the handler.

Usage: STATUS_JSON STATE_OUT MESSAGE_OUT CODE_OUT TASK_OUT
"""

import json
import os
import sys
from typing import Any


def outputs(status: dict[str, Any]) -> dict[str, str]:
    """The four outputs for a status document."""
    state = str(status.get("state", "")).upper()
    error = status.get("error") or {}
    return {
        "state": "succeeded" if state == "SUCCEEDED" else "failed",
        "error_message": str(error.get("message", "")),
        "error_code": str(error.get("code", "")),
        "failed_task": str(status.get("pipelineTaskName", status.get("pipeline_task_name", ""))),
    }


def main(argv: list[str]) -> int:
    """Write the outputs; this step itself never fails."""
    try:
        status = json.loads(argv[0])
    except (ValueError, IndexError):
        status = {}
    values = outputs(status if isinstance(status, dict) else {})
    keys = ("state", "error_message", "error_code", "failed_task")
    for path, key in zip(argv[1:5], keys, strict=False):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(values[key])
    print(f"upstream task {values['failed_task'] or '?'}: {values['state']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
