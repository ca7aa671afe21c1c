"""Oozie workflows, coordinators and bundles -> Kubeflow Pipelines v2 (mapping.md section 4).

Per unit, `workflows/<name>/` holds: pipeline.py (readable KFP DSL) and runners.py (the step
scripts), pipeline.yaml (compiled by kfp in process), README.md, the SparkApplications the
pipeline creates (spark/, for review; the pipeline embeds them), k8s/ (the ServiceAccount,
Role and RoleBinding the run needs, with a kustomization), the workflow image's build context
(Dockerfile, app/) when steps run the application's own code, and for coordinators
recurring-run.yaml (or a CronJob that keeps the time zone, by config).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yarn2k8s.analyzers.oozie_model import OozieBundle, OozieCoordinator, OozieWorkflow
from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.kfp_builder import Build, PipelineIR, WorkflowBuilder, top_values
from yarn2k8s.converters.kfp_codegen import render_module, render_runners, runners_used
from yarn2k8s.converters.kfp_compile import CompileError, compile_pipeline, kfp_version
from yarn2k8s.converters.kfp_package import package_files
from yarn2k8s.converters.kfp_schedule import all_workflows, coordinator_pipeline
from yarn2k8s.converters.kfp_steps import CONTROL_IMAGE
from yarn2k8s.converters.kfp_values import Context, Parameters
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation, Workflow
from yarn2k8s.model.names import dns_name

PINNED_KFP = "2.15.0"  # the version the golden IR names; pyproject pins the same


@dataclass
class Package:
    """What one folder under workflows/ is made of, before it is written."""

    base: str
    name: str
    kind: str
    build: Build
    top: PipelineIR
    workflows: list[OozieWorkflow]
    images: dict[str, str]
    findings: list[Finding] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def workflow_image(name: str, ctx: ConversionContext) -> str:
    """The image steps running the application's own code use (built from this folder)."""
    config = ctx.config
    for override in config.overrides_for(name, name):
        if override.image:
            return override.image
    return f"{config.image.registry.rstrip('/')}/{name}:{config.image.tag}"


def namespace_for(unit: Workflow, ctx: ConversionContext) -> str:
    """Per-unit override, else the default namespace."""
    for override in reversed(ctx.config.overrides_for(str(unit.location), unit.name)):
        if override.namespace:
            return override.namespace
    return ctx.config.namespace


def parameters_for(
    values: dict[str, str], origins: dict[str, str], unit: Workflow, ctx: ConversionContext
) -> Parameters:
    """Pipeline parameter defaults: job.properties, then config `jobs[].parameters` overrides."""
    values = dict(values)
    for override in ctx.config.overrides_for(str(unit.location), unit.name):
        for key, value in override.parameters.items():
            if not key.startswith("yarn2k8s."):
                values[key], origins[key] = value, "config"
    return Parameters(values, origins)


# Submission settings that changed how Oozie ran the jobs and that have no Kubeflow meaning.
_DROPPED = (
    "oozie.wf.workflow.notification.url",
    "oozie.wf.action.notification.url",
    "oozie.coord.action.notification.url",
    "oozie.libpath",
    "oozie.use.system.libpath",
    "oozie.action.sharelib.for.",
)


def dropped_settings(props: dict[str, Any], unit: Workflow) -> list[Finding]:
    """OZ036 for each Oozie-only submission setting."""
    findings = []
    for key in sorted(props):
        if key.startswith(_DROPPED):
            prop = props[key]
            loc = SourceLocation(prop.origin, prop.line) if prop.origin else unit.location
            findings.append(make("OZ036", loc, name=key, value=prop.value))
    return findings


def convert_oozie_workflow(unit: Workflow, ctx: ConversionContext) -> Artifacts:
    """A workflow-app -> workflows/<name>/."""
    wf = unit.data["oozie"]
    assert isinstance(wf, OozieWorkflow)
    values, origins = top_values(wf)
    params = parameters_for(values, origins, unit, ctx)
    params.declared = frozenset(p.name for p in wf.parameters if p.required)
    package = _package(unit, ctx, "workflow")
    package.findings += dropped_settings(wf.properties, unit)
    builder = WorkflowBuilder(
        package.build,
        ctx,
        unit.steps,
        (package.images["WORKFLOW_IMAGE"], unit.name),
        package.extra["namespace"],
    )
    package.top = builder.pipeline(wf, params, "", unit.name, Context(unit.location))
    package.build.pipelines.append(package.top)
    package.workflows = all_workflows(wf)
    return emit(package, unit, ctx)


def convert_oozie_coordinator(unit: Workflow, ctx: ConversionContext) -> Artifacts:
    """A coordinator-app -> a pipeline (sensor + the workflow) and its schedule."""
    coord = unit.data["oozie"]
    assert isinstance(coord, OozieCoordinator)
    package = _package(unit, ctx, "coordinator")
    package.findings += dropped_settings(coord.properties, unit)
    coordinator_pipeline(package, coord, unit, ctx)
    if package.top is None:  # no workflow to run: findings only
        return Artifacts(findings=package.findings)
    return emit(package, unit, ctx)


def convert_oozie_bundle(unit: Workflow, ctx: ConversionContext) -> Artifacts:
    """A bundle-app -> one folder per coordinator under the bundle's folder, and bundle.yaml."""
    from yarn2k8s.converters.kfp_bundle import convert_bundle

    bundle = unit.data["oozie"]
    assert isinstance(bundle, OozieBundle)
    return convert_bundle(unit, bundle, ctx, _coordinator_artifacts)


def _coordinator_artifacts(
    unit: Workflow, coord: OozieCoordinator, ctx: ConversionContext, base: str
) -> Artifacts:
    # Names (ServiceAccount, image, schedule) carry the bundle's, so they never clash with the
    # same coordinator converted on its own.
    name = dns_name(f"{unit.name}-{base.rsplit('/', 1)[-1]}")
    package = _package(unit, ctx, "coordinator", base=base, name=name)
    coordinator_pipeline(package, coord, unit, ctx)
    if package.top is None:
        return Artifacts(findings=package.findings)
    return emit(package, unit, ctx)


def _package(
    unit: Workflow, ctx: ConversionContext, kind: str, base: str = "", name: str = ""
) -> Package:
    name = name or unit.name
    images = {"CONTROL_IMAGE": CONTROL_IMAGE, "WORKFLOW_IMAGE": workflow_image(name, ctx)}
    package = Package(
        base=base or f"workflows/{unit.name}",
        name=name,
        kind=kind,
        build=Build(),
        top=None,  # type: ignore[arg-type]  # set by the converter right after
        workflows=[],
        images=images,
    )
    package.extra["namespace"] = namespace_for(unit, ctx)
    package.build.training.base = package.base  # training steps' files live under it
    return package


def emit(package: Package, unit: Workflow, ctx: ConversionContext) -> Artifacts:
    """Render, compile and lay out one package's files."""
    out = Artifacts(findings=list(package.findings))
    build = package.build
    out.findings += build.findings
    header = {
        "kind": package.kind,
        "name": package.top.name,
        "source": str(unit.location.path),
        "kfp": PINNED_KFP,
    }
    code = render_module(build, package.top, package.images, header)
    runners = render_runners(runners_used(build))
    base = package.base
    out.add(f"{base}/pipeline.py", code)
    out.add(f"{base}/runners.py", runners)
    compiled = ""
    if build.too_large:
        out.findings.append(make("KF001", unit.location, detail=f"{build.tasks} tasks", limit=1000))
    else:
        compiled = _compile(code, runners, package.top.func, unit, out)
    if compiled:
        out.add(f"{base}/pipeline.yaml", compiled)
        after = package.extra.get("after_compile")
        for path, text in (after(compiled) if after else {}).items():
            out.add(path, text)
    out.findings.append(make("KF007", unit.location))
    for path, text in package.extra.get("schedule_files", {}).items():
        out.add(path, text)
    out.findings += package.extra.get("schedule_findings", [])
    package_files(package, unit, ctx, out, bool(compiled))
    return out


def _compile(code: str, runners: str, func: str, unit: Workflow, out: Artifacts) -> str:
    try:
        compiled = compile_pipeline(code, runners, func)
    except CompileError as err:
        if err.code == "KF001":
            out.findings.append(make("KF001", unit.location, detail=err.detail, limit=err.limit))
        elif err.code == "KF002":
            out.findings.append(make("KF002", unit.location))
        else:
            out.findings.append(make("KF003", unit.location, detail=err.detail))
        return ""
    return compiled.yaml


__all__ = [
    "PINNED_KFP",
    "convert_oozie_bundle",
    "convert_oozie_coordinator",
    "convert_oozie_workflow",
    "kfp_version",
]
