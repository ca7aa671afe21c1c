"""A spark action (or a shell action running spark-submit) -> a step applying SparkApplications.

The SparkApplication is built exactly as for a spark-submit line (spark_operator), embedded in
pipeline.py as a constant, and created by the step under `<name>-<run id prefix>`, so every run
gets its own application; the step waits on `status.applicationState.state`. Strings that still
hold EL (application arguments, paths with `${nameNode}`...) are set per run from pipeline
parameters through JSON pointers; the constant keeps their default values for review.
"""

from __future__ import annotations

import re
from typing import Any

from yarn2k8s.converters.base import ConversionContext
from yarn2k8s.converters.kfp_actions import prepare_args
from yarn2k8s.converters.kfp_steps import Arg, Component, ConstJson, StepContext
from yarn2k8s.converters.kfp_values import Placeholder, Value, is_constant, literal, text_of
from yarn2k8s.converters.spark_operator import spark_application
from yarn2k8s.enrich.secrets import secure_job
from yarn2k8s.findings import make
from yarn2k8s.model import MigrationJob
from yarn2k8s.model.names import dns_name, with_suffix

MAX_APP_NAME = 40  # leaves room for "-<8 characters of the run id>" and the driver suffix
APP_DIR = "/opt/app"


def app_name(workflow: str, node: str, index: int, count: int) -> str:
    """The SparkApplication's base name (the step appends the run id)."""
    name = dns_name(f"{workflow}-{node}", max_len=MAX_APP_NAME)
    return with_suffix(name, str(index + 1), MAX_APP_NAME) if count > 1 else name


def spark_component(
    sc: StepContext,
    jobs: list[MigrationJob],
    conv: ConversionContext,
    namespace: str,
) -> tuple[Component, dict[str, dict[str, Any]]]:
    """The step and the applications it creates (by name, for review copies)."""
    args: list[Arg] = [literal("--run-id"), (Placeholder("PIPELINE_JOB_ID_PLACEHOLDER"),)]
    action = sc.node.action
    prepare = prepare_args(sc) if action is not None else []
    args += prepare
    constants: dict[str, Any] = {}
    apps: dict[str, dict[str, Any]] = {}
    for index, job in enumerate(jobs):
        job.name = app_name(sc.wf.name or "oozie", sc.node.name, index, len(jobs))
        # Secrets in spark-opts or arguments never reach the pipeline: same rules as jobs.
        sc.findings.extend(secure_job(job))
        app, findings = spark_application(
            job, conv.config, conv.storage, sc.workflow_image, namespace
        )
        sc.findings.extend(job.findings + findings)
        if app is None:
            sc.findings.append(make("SP009", job.location))
            continue
        _local_main(app, job)
        sets = _dynamic(app["spec"], "/spec", sc)
        const = f"{sc.func('app').upper()}{'' if len(jobs) == 1 else index + 1}"
        constants[const] = app
        apps[job.name] = app
        args += [literal("--manifest"), ConstJson(const)]
        for pointer, value in sets:
            args += [literal("--set"), literal(pointer), value]
        _client_mode(sc, job)
        for name, value in sorted(job.extra.get("oozie_folded", {}).items()):
            what = "SparkApplication (master, class, jar or spark-opts)"
            sc.findings.append(make("OZ009", sc.loc, name=name, value=value, what=what))
    comp = Component(
        func=sc.func(),
        doc=f"Oozie spark action `{sc.node.name}`: create the SparkApplication and wait.",
        # <prepare> needs Hadoop's FsShell, which the workflow image has.
        image="WORKFLOW_IMAGE" if prepare else "CONTROL_IMAGE",
        command=[],
        args=args,
        runner="SPARK_RUNNER",
        kind=sc.node.action.type if sc.node.action else "spark",
        how="SparkApplication applied by the step (run-unique name), waits on its state",
        constants=constants,
    )
    return comp, apps


def _local_main(app: dict[str, Any], job: MigrationJob) -> None:
    # The jar sits in the application's lib/ folder, which the workflow image bakes.
    local = job.extra.get("oozie_app_main", "")
    if local:
        app["spec"]["mainApplicationFile"] = f"local://{APP_DIR}/lib/{local.rsplit('/', 1)[-1]}"


def _client_mode(sc: StepContext, job: MigrationJob) -> None:
    master = job.master
    if master.startswith("local") or master == "yarn-client" or job.deploy_mode == "client":
        sc.findings.append(make("OZ038", sc.loc, node=sc.node.name, master=master or "(default)"))


_EL = re.compile(r"\$\{")


def _dynamic(obj: Any, pointer: str, sc: StepContext) -> list[tuple[str, Value]]:
    """JSON pointers of strings that still hold EL, with their run-time Values.

    The manifest keeps the value with parameter defaults folded in, for readers.
    """
    found: list[tuple[str, Value]] = []
    items = (
        obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else []
    )
    for key, value in list(items):
        here = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
        if isinstance(value, str) and _EL.search(value):
            resolved = sc.value(value)
            obj[key] = sc.resolver.params.fold(value)
            if not is_constant(resolved):
                found.append((here, resolved))
            else:
                obj[key] = text_of(resolved)
        elif isinstance(value, (dict, list)):
            found += _dynamic(value, here, sc)
    return found
