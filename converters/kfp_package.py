"""The rest of a workflow folder: k8s/ (RBAC, example Secrets), spark/, the image, README.md.

The workflow's folder owns the SparkApplications its pipeline creates (spark/ holds review
copies with default values; the pipeline embeds them and names each run's copy uniquely), so no
jobs/ folder duplicates them.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from yarn2k8s.analyzers.oozie_app import AppRoot
from yarn2k8s.analyzers.oozie_model import OozieWorkflow
from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.dockerfile import dockerignore, spark_base_image
from yarn2k8s.converters.kfp_steps import Component, SecretUse
from yarn2k8s.converters.kfp_training_step import training_findings
from yarn2k8s.converters.kubernetes import MANAGED_BY, kustomization, spark_driver_rbac
from yarn2k8s.converters.spark_operator import SPARK_UID
from yarn2k8s.converters.train_serve_steps import VERBS, rule_of
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation, Workflow
from yarn2k8s.model.names import dns_name
from yarn2k8s.rendering import dump_yaml, dump_yaml_documents, render

if TYPE_CHECKING:
    from yarn2k8s.converters.kubeflow_pipelines import Package

MAX_APP_FILE_BYTES = 64 * 1024 * 1024
HADOOP_TOOLS = {"map-reduce", "streaming", "distcp"}
EXTRA_TOOLS = {"pig": "Apache Pig", "sqoop": "Apache Sqoop", "git": "git", "ssh": "openssh-client"}


def components(package: Package) -> list[Component]:
    """Every component of every pipeline in the package."""
    return [c for ir in package.build.pipelines for c in ir.components]


def runner_account(package: Package) -> str:
    """The ServiceAccount the pipeline's runs use."""
    return dns_name(f"{package.name}-runner", max_len=63)


def package_files(
    package: Package, unit: Workflow, ctx: ConversionContext, out: Artifacts, compiled: bool
) -> None:
    """spark/, k8s/, the image's build context and README.md."""
    base = package.base
    out.findings += sla_findings(package.workflows)
    for name, app in sorted(package.build.apps.items()):
        out.add(f"{base}/spark/{name}.yaml", dump_yaml(app))
    training = package.build.training
    # Training images' build contexts and review copies of the objects the steps apply.
    for path, data in sorted(training.files.items()):
        out.add(f"{base}/{path}", data)
    out.used_inputs |= training.used_inputs
    out.findings += training_findings(training)
    _k8s(package, unit, out)
    image_used = any(c.image == "WORKFLOW_IMAGE" for c in components(package)) or bool(
        package.build.apps
    )
    copied: list[str] = []
    if image_used:
        copied = _image(package, unit, ctx, out)
        out.findings.append(make("KF004", unit.location, image=package.images["WORKFLOW_IMAGE"]))
    out.add(f"{base}/README.md", readme(package, unit, out, compiled, image_used, copied))


def secret_uses(package: Package) -> dict[str, SecretUse]:
    """Secrets the steps read, by name."""
    found: dict[str, SecretUse] = {}
    for comp in components(package):
        for use in comp.secrets:
            found.setdefault(use.secret, use)
    return found


def _k8s(package: Package, unit: Workflow, out: Artifacts) -> None:
    namespace = package.extra["namespace"]
    account = runner_account(package)
    meta = {"name": account, "namespace": namespace, "labels": dict(MANAGED_BY)}
    objects: list[dict[str, Any]] = [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta}
    ]
    if package.build.apps or package.build.training.objects:
        objects += _spark_rbac(
            meta, account, namespace, package.build.training.objects, bool(package.build.apps)
        )
    if package.build.apps:
        first = package.build.apps[sorted(package.build.apps)[0]]
        driver = str(first["spec"]["driver"].get("serviceAccount", ""))
        if driver:
            # Shared per namespace, byte-identical to the estate's (jobs write the same files).
            folder = f"rbac/{namespace}"
            out.add(
                f"{folder}/spark-driver.yaml",
                dump_yaml_documents(spark_driver_rbac(driver, namespace)),
            )
            out.add(f"{folder}/kustomization.yaml", dump_yaml(kustomization(["spark-driver.yaml"])))
        out.findings.append(make("KF005", unit.location, namespace=namespace, account=account))
    base = f"{package.base}/k8s"
    out.add(f"{base}/rbac.yaml", dump_yaml_documents(objects))
    resources = ["rbac.yaml", *package.extra.get("k8s_resources", [])]
    out.add(f"{base}/kustomization.yaml", dump_yaml(kustomization(resources)))
    secrets = secret_uses(package)
    if secrets:
        docs = [_example_secret(use, namespace) for _, use in sorted(secrets.items())]
        out.add(f"{base}/secret.example.yaml", dump_yaml_documents(docs))
        for name, use in sorted(secrets.items()):
            out.findings.append(make("KF006", unit.location, secret=name, purpose=use.purpose))


def _spark_rbac(
    meta: dict[str, Any],
    account: str,
    namespace: str,
    applied: dict[str, dict[str, Any]] | None = None,
    spark: bool = True,
) -> list[dict[str, Any]]:
    """The run may create, watch and clean up SparkApplications, and the training jobs and
    InferenceServices its train-to-serve steps apply (in their namespaces), and nothing else."""
    rules: dict[str, list[dict[str, Any]]] = {namespace: []}
    if spark:
        rules[namespace].append(
            {
                "apiGroups": ["sparkoperator.k8s.io"],
                "resources": ["sparkapplications"],
                "verbs": ["create", "get", "list", "watch", "delete"],
            }
        )
    for _, obj in sorted((applied or {}).items()):
        ns, group, plural = rule_of(obj)
        rule = {
            "apiGroups": [group],
            "resources": [plural],
            "verbs": VERBS.get(plural, VERBS["training"]),
        }
        if rule not in rules.setdefault(ns or namespace, []):
            rules[ns or namespace].append(rule)
    docs: list[dict[str, Any]] = []
    for ns, ns_rules in sorted(rules.items(), key=lambda item: (item[0] != namespace, item[0])):
        if not ns_rules:
            continue
        ns_meta = meta | {"namespace": ns}
        docs.append(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "Role",
                "metadata": ns_meta,
                "rules": ns_rules,
            }
        )
        docs.append(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "RoleBinding",
                "metadata": ns_meta,
                "roleRef": {
                    "apiGroup": "rbac.authorization.k8s.io",
                    "kind": "Role",
                    "name": account,
                },
                "subjects": [{"kind": "ServiceAccount", "name": account, "namespace": namespace}],
            }
        )
    return docs


def _example_secret(use: SecretUse, namespace: str) -> dict[str, Any]:
    keys = sorted(use.env) if use.env else ["password" if "password" in use.purpose else "key"]
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": use.secret,
            "namespace": namespace,
            "annotations": {
                "yarn2k8s.io/example": "fill the values and create this Secret yourself; "
                "it is deliberately not part of the kustomization",
                "yarn2k8s.io/purpose": use.purpose,
            },
        },
        "type": "Opaque",
        "stringData": dict.fromkeys(keys, ""),
    }


# --------------------------------------------------------------------------- image


def _image(package: Package, unit: Workflow, ctx: ConversionContext, out: Artifacts) -> list[str]:
    """Dockerfile, .dockerignore and app/ (the application folders' files)."""
    app = AppRoot(ctx.root)
    copied: dict[str, Path] = {}
    for wf in package.workflows:
        for rel in wf.app_files:
            dest = _dest(rel, wf)
            path = app.path(rel)
            if path is None or not path.is_file() or path.stat().st_size > MAX_APP_FILE_BYTES:
                continue
            copied.setdefault(dest, path)
            for alias in _aliases(wf, rel):
                copied.setdefault(alias, path)
    for dest, path in sorted(copied.items()):
        out.add(f"{package.base}/app/{dest}", path.read_bytes())
        out.used_inputs.add(path)
    for wf in package.workflows:
        out.findings += missing_files(wf)
    kinds = {c.kind for c in components(package)}
    tools = sorted(EXTRA_TOOLS[k] for k in kinds if k in EXTRA_TOOLS)
    out.add(
        f"{package.base}/Dockerfile",
        render(
            "kfp/Dockerfile.j2",
            base_image=spark_base_image(ctx.config, "python"),
            hadoop=ctx.config.versions.hadoop if kinds & HADOOP_TOOLS else "",
            tools=tools,
            name=package.name,
            source=str(unit.location.path),
            files=bool(copied),
            uid=SPARK_UID,
        ),
    )
    out.add(f"{package.base}/.dockerignore", dockerignore())
    return sorted(copied)


_LOCAL_FIELDS = ("script", "file", "archive")


def missing_files(wf: OozieWorkflow) -> list[Finding]:
    """OZ039 for files an action names relative to its application that are not inputs."""
    names = {PurePosixPath(rel).name for rel in wf.app_files}
    findings = []
    for node in wf.nodes.values():
        action = node.action
        if action is None:
            continue
        values = [v for f in _LOCAL_FIELDS for v in action.all(f)] + action.streaming.get(
            "file", []
        )
        if action.type == "shell" and action.first("exec").endswith((".sh", ".py", ".bash")):
            values.append(action.first("exec"))
        for value in values:
            path = value.split("#", 1)[0].strip()
            name = PurePosixPath(path).name
            if path and "${" not in path and "://" not in path and name not in names:
                loc = SourceLocation(wf.rel, node.line)
                findings.append(make("OZ039", loc, node=node.name, path=path))
    return findings


def sla_findings(workflows: list[OozieWorkflow]) -> list[Finding]:
    """OZ016 once per workflow that declares SLAs."""
    return [
        make("OZ016", SourceLocation(wf.rel))
        for wf in workflows
        if wf.sla or any(n.action and "sla" in n.action.flags for n in wf.nodes.values())
    ]


def _dest(rel: str, wf: OozieWorkflow) -> str:
    """Where an application file lands under /opt/app: its path inside the app folder."""
    path, folder = PurePosixPath(rel), PurePosixPath(wf.app_dir)
    if wf.app_dir and path.is_relative_to(folder):
        return path.relative_to(folder).as_posix()
    return path.name


def _aliases(wf: OozieWorkflow, rel: str) -> list[str]:
    """Where Oozie's launcher put a <file>: the working directory, under its `#alias` or its
    name. The image holds it there too (and at its own path)."""
    name = PurePosixPath(rel).name
    found = []
    for node in wf.nodes.values():
        action = node.action
        if action is None:
            continue
        for value in action.all("file") + action.all("archive") + action.streaming.get("file", []):
            path, _, alias = value.partition("#")
            if PurePosixPath(path).name == name:
                found.append(alias or name)
    return found


# --------------------------------------------------------------------------- README


def _rbac_path(package: Package) -> str:
    """The per-namespace Spark driver RBAC folder, relative to the package's folder."""
    up = "../" * len(PurePosixPath(package.base).parts)
    return f"{up}rbac/{package.extra['namespace']}"


def _nested_steps(package: Package) -> list[dict[str, str]]:
    """Sub-workflows (and a coordinator's workflow) called as nested pipelines."""
    from yarn2k8s.converters.kfp_builder import CallStmt, IfStmt

    found: list[dict[str, str]] = []

    def visit(ir_name: str, stmts: list[Any]) -> None:
        for stmt in stmts:
            if isinstance(stmt, CallStmt) and stmt.pipeline:
                how = f"nested pipeline `{stmt.pipeline}`"
                entry = {"pipeline": ir_name, "func": stmt.pipeline, "kind": "sub-workflow"}
                found.append(entry | {"how": how, "image": "-"})
            elif isinstance(stmt, IfStmt):
                for arm in stmt.arms:
                    visit(ir_name, arm.body)

    for ir in package.build.pipelines:
        visit(ir.name, ir.body)
    return found


def readme(
    package: Package,
    unit: Workflow,
    out: Artifacts,
    compiled: bool,
    image_used: bool,
    copied: list[str],
) -> str:
    """What was converted, how to run it, what to review."""
    findings = sorted(set(unit.findings + out.findings), key=lambda f: f.sort_key())
    worst = max((f.severity.rank for f in findings), default=0)
    steps = []
    for ir in package.build.pipelines:
        for comp in ir.components:
            if comp.kind in ("gate", "evaluator", "skip", "join"):
                continue
            steps.append(
                {"pipeline": ir.name, "func": comp.func, "kind": comp.kind, "how": comp.how}
                | {"image": comp.image}
            )
    steps += _nested_steps(package)
    return render(
        "kfp/README.md.j2",
        name=package.name,
        kind=package.kind,
        source=str(unit.location),
        original=unit.source_name,
        readiness=("ready", "review", "blocked")[worst],
        compiled=compiled,
        image=package.images["WORKFLOW_IMAGE"] if image_used else "",
        control_image=package.images["CONTROL_IMAGE"],
        copied=copied,
        params=[
            {"ident": p.ident, "oozie": p.oozie, "default": p.default, "origin": p.origin}
            for p in package.top.params
        ],
        steps=steps,
        spark=sorted(package.build.apps),
        rbac=_rbac_path(package),
        account=runner_account(package),
        namespace=package.extra["namespace"],
        secrets=sorted(secret_uses(package)),
        schedule=package.extra.get("schedule"),
        findings=[f.to_dict() for f in findings if f.severity.value != "info"],
        notes=[f.to_dict() for f in findings if f.severity.value == "info"],
    )
