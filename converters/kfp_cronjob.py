"""A coordinator that keeps its time zone (by config): a ScheduledSparkApplication when its
workflow is one Spark action, else a CronJob that starts a run of the compiled pipeline through
the Kubeflow Pipelines API. Both take an IANA `timeZone`, so daylight saving is honoured.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import yaml

from yarn2k8s.analyzers.oozie_model import OozieCoordinator
from yarn2k8s.converters.kfp_codegen import runner_source
from yarn2k8s.converters.kfp_cron import Schedule
from yarn2k8s.converters.kfp_steps import CONTROL_IMAGE
from yarn2k8s.converters.kubernetes import MANAGED_BY
from yarn2k8s.converters.spark_operator import API_VERSION, RESTRICTED_CONTAINER
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation, Workflow
from yarn2k8s.model.names import dns_name
from yarn2k8s.rendering import dump_yaml

if TYPE_CHECKING:
    from yarn2k8s.converters.kubeflow_pipelines import Package

ENDPOINT_SECRET = "kfp-endpoint"
MAX_CONFIGMAP_BYTES = 900 * 1024  # ConfigMaps hold at most 1 MiB


def _single_spark(package: Package, coord: OozieCoordinator) -> dict[str, Any] | None:
    """The one SparkApplication of a coordinator whose workflow is only that (no sensor)."""
    comps = [
        c for ir in package.build.pipelines for c in ir.components if c.kind not in ("kill", "gate")
    ]
    if coord.inputs or coord.outputs or len(comps) != 1 or len(package.build.apps) != 1:
        return None
    return next(iter(package.build.apps.values()))


def cronjob_files(
    package: Package,
    coord: OozieCoordinator,
    unit: Workflow,
    sched: Schedule,
    concurrency: int,
    loc: SourceLocation,
    findings: list[Finding],
) -> dict[str, str]:
    """k8s/ objects keeping the time zone; the README's schedule section."""
    namespace = package.extra["namespace"]
    policy = "Forbid" if concurrency == 1 else "Allow"
    meta = {"name": package.name, "namespace": namespace, "labels": dict(MANAGED_BY)}
    app = _single_spark(package, coord)
    base = f"{package.base}/k8s"
    if app is not None:
        obj = {
            "apiVersion": API_VERSION,
            "kind": "ScheduledSparkApplication",
            "metadata": meta,
            "spec": {
                "schedule": sched.cron5,
                "timeZone": coord.timezone,
                "concurrencyPolicy": policy,
                "template": app["spec"],
            },
        }
        kind, file = "ScheduledSparkApplication", "scheduledsparkapplication.yaml"
        files = {f"{base}/{file}": dump_yaml(obj)}
    else:
        kind, file = "CronJob", "cronjob.yaml"
        files = {
            f"{base}/{file}": dump_yaml(_cronjob(package, meta, sched, coord.timezone, policy))
        }
        package.extra["after_compile"] = lambda ir: _configmap(package, namespace, ir)
    package.extra.setdefault("k8s_resources", []).append(file)
    findings.append(make("OZ063", loc, tz=coord.timezone, kind=kind))
    package.extra["schedule"] = {
        "file": f"k8s/{file}",
        "what": f"the schedule as a {kind} in time zone {coord.timezone}",
        "text": f"By config, the schedule keeps time zone `{coord.timezone}`: a {kind} with "
        f"schedule `{sched.cron5}`. Apply it with the rest of `k8s/`.",
        "table": ""
        if app is not None
        else f"The CronJob reads the KFP endpoint from Secret `{ENDPOINT_SECRET}` "
        "(KFP_ENDPOINT, optional KFP_TOKEN).",
    }
    return files


def _cronjob(
    package: Package, meta: dict[str, Any], sched: Schedule, tz: str, policy: str
) -> dict[str, Any]:
    args = ["--package", "/pipeline/pipeline.json", "--name", package.name]
    for param in package.top.params:
        if param.default is not None:
            args += ["--param", param.ident, param.default]
    container = {
        "name": "submit",
        "image": CONTROL_IMAGE,
        "command": ["python3", "-c", runner_source("SUBMIT_RUNNER")],
        "args": args,
        "envFrom": [{"secretRef": {"name": ENDPOINT_SECRET}}],
        "volumeMounts": [{"name": "pipeline", "mountPath": "/pipeline", "readOnly": True}],
        "securityContext": dict(RESTRICTED_CONTAINER),
    }
    pod = {
        "restartPolicy": "Never",
        "serviceAccountName": dns_name(f"{package.name}-runner", max_len=63),
        "containers": [container],
        "volumes": [{"name": "pipeline", "configMap": {"name": f"{package.name}-pipeline"}}],
    }
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": meta,
        "spec": {
            "schedule": sched.cron5,
            "timeZone": tz,
            "concurrencyPolicy": policy,
            "jobTemplate": {"spec": {"backoffLimit": 0, "template": {"spec": pod}}},
        },
    }


def _configmap(package: Package, namespace: str, ir: str) -> dict[str, str]:
    """The compiled pipeline as JSON, for the CronJob's submit step."""
    spec: Any = next(iter(yaml.safe_load_all(ir)), {})
    text = json.dumps(spec, sort_keys=True)
    if len(text) > MAX_CONFIGMAP_BYTES:
        return {}
    obj = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": f"{package.name}-pipeline",
            "namespace": namespace,
            "labels": dict(MANAGED_BY),
        },
        "data": {"pipeline.json": text},
    }
    package.extra.setdefault("k8s_resources", []).append("pipeline-configmap.yaml")
    return {f"{package.base}/k8s/pipeline-configmap.yaml": dump_yaml(obj)}
