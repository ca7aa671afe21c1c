"""Train-to-serve chains (config `pipelines:`) -> one Kubeflow pipeline each (issue 5).

A chain names converted jobs: an optional Spark prep job, a training job and a serving unit.
`pipelines/<chain>/` gets pipeline.py (three steps in order: apply the SparkApplication and
wait; apply the training job and wait for its Succeeded/Failed condition; apply the
InferenceService with the trained model's URI and wait for Ready), runners.py, the compiled
pipeline.yaml, k8s/ (the run's ServiceAccount and Roles) and README.md. The steps reuse the
Oozie route's pieces: the SparkApplication step script, the IR, the code generator and the
in-process kfp compiler.

Chains need every converted unit, so this runs once per estate, after the pipeline; each chain
joins the run as a workflow unit (yarn2k8s.model.results), so its findings reach every report.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from yarn2k8s.config import Config, TrainServeChain
from yarn2k8s.converters.estate import CHAINED_BY
from yarn2k8s.converters.kfp_builder import Build, CallStmt, PipelineIR
from yarn2k8s.converters.kfp_codegen import render_module, render_runners, runners_used
from yarn2k8s.converters.kfp_compile import CompileError, compile_pipeline
from yarn2k8s.converters.kfp_steps import CONTROL_IMAGE, Component, ConstJson
from yarn2k8s.converters.kfp_values import (
    Param,
    ParamInfo,
    TaskOutput,
    literal,
)
from yarn2k8s.converters.kubeflow_pipelines import PINNED_KFP
from yarn2k8s.converters.kubernetes import MANAGED_BY, kustomization
from yarn2k8s.converters.train_serve_chain import Member, ModelUri, model_uri, resolve
from yarn2k8s.converters.train_serve_steps import (
    MODEL_OUTPUT,
    RUN_ID,
    VERBS,
    rule_of,
    serve_component,
    train_component,
)
from yarn2k8s.enrich.storage import StorageMap
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, Readiness, SourceLocation, Workflow
from yarn2k8s.model.names import dns_name
from yarn2k8s.model.results import RunResult, UnitResult
from yarn2k8s.rendering import dump_yaml, dump_yaml_documents, render

KIND = "train-serve-pipeline"


def train_serve_pipelines(
    result: RunResult, files: MutableMapping[str, bytes], config: Config
) -> None:
    """Add `pipelines/<chain>/` to `files` and one workflow unit per chain to `result`."""
    if not config.pipelines:
        return
    storage = StorageMap(config.storage, config.cluster.default_fs)
    for chain in config.pipelines:
        unit, chain_files = _chain(chain, result, files, config, storage)
        files.update(chain_files)
        result.workflows.append(unit)
    result.workflows.sort(key=lambda r: (r.unit.name, str(r.unit.location)))


def _chain(
    chain: TrainServeChain,
    result: RunResult,
    files: Mapping[str, bytes],
    config: Config,
    storage: StorageMap,
) -> tuple[UnitResult, dict[str, bytes]]:
    name = dns_name(chain.name)
    members: dict[str, Member] = {}
    findings: list[Finding] = []
    steps = [s for s in ("prep", "train", "serve") if getattr(chain, s)]
    # Until the training job is known, findings point at the input root (the chain is config).
    loc = SourceLocation(".", 0)
    for step in steps:
        member, found = resolve(chain, step, result.jobs, files, loc)
        findings += found
        if member is not None:
            members[step] = member
    if "train" in members:
        loc = members["train"].unit.location
        findings = [Finding(f.code, f.severity, f.message, loc, f.job) for f in findings]
    unit = Workflow(kind=KIND, source_name=chain.name, location=loc, name=name)
    out: dict[str, bytes] = {}
    if len(members) == len(steps):
        out, emitted = _emit(chain, name, members, config, storage, files)
        findings += emitted
    findings = sorted({f.with_job(name) for f in findings}, key=Finding.sort_key)
    worst = max((f.severity.rank for f in findings), default=0)
    readiness = (Readiness.READY, Readiness.REVIEW, Readiness.BLOCKED)[worst]
    return UnitResult(unit, readiness, findings, sorted(out)), out


def _emit(
    chain: TrainServeChain,
    name: str,
    members: dict[str, Member],
    config: Config,
    storage: StorageMap,
    files: Mapping[str, bytes],
) -> tuple[dict[str, bytes], list[Finding]]:
    train, serve = members["train"], members["serve"]
    loc = train.unit.location
    findings: list[Finding] = []
    model = model_uri(chain, train.unit, storage)
    served = str(serve.manifest["spec"]["predictor"]["model"].get("storageUri", ""))
    if not model.uri:
        looked = "no model-dir flag, Submarine path or MODEL_DIR in its command or env"
        findings.append(
            make("TY041", loc, chain=chain.name, unit=train.unit.name, looked=looked, uri=served)
        )
        model = ModelUri(served, "", "the serving input's model, for want of a better one")
    ir = _pipeline_ir(name, members, model)
    build = Build(pipelines=[ir])
    header = {"title": "train-to-serve chain", "kind": KIND, "name": name, "kfp": PINNED_KFP}
    header["source"] = "the config's `pipelines:` entry"
    code = render_module(build, ir, {"CONTROL_IMAGE": CONTROL_IMAGE}, header)
    runners = render_runners(runners_used(build))
    base = f"pipelines/{name}"
    out = {f"{base}/pipeline.py": code.encode(), f"{base}/runners.py": runners.encode()}
    try:
        out[f"{base}/pipeline.yaml"] = compile_pipeline(code, runners, ir.func).yaml.encode()
    except CompileError as err:
        findings.append(_compile_finding(err, loc))
    account = dns_name(f"{name}-runner", max_len=63)
    namespace = str(train.manifest["metadata"].get("namespace") or config.namespace)
    out[f"{base}/k8s/rbac.yaml"] = dump_yaml_documents(
        runner_rbac(account, namespace, list(members.values()))
    ).encode()
    out[f"{base}/k8s/kustomization.yaml"] = dump_yaml(kustomization(["rbac.yaml"])).encode()
    origin = model.origin if model.uri == served else f"{model.origin}; the input served {served}"
    summary = " -> ".join(f"{m.step} `{m.unit.name}`" for m in members.values())
    findings.append(
        make(
            "TY042",
            loc,
            chain=chain.name,
            steps=summary,
            isvc=serve.manifest["metadata"]["name"],
            uri=model.uri,
            origin=origin,
            account=account,
        )
    )
    standalone = [
        f"`{m.unit.name}`"
        for m in members.values()
        if f"jobs/{m.unit.name}/k8s/kustomization.yaml" in files
    ]
    for member in members.values():
        # The pipeline runs them: applying the estate must not run them a second time.
        member.unit.extra[CHAINED_BY] = name
    if standalone:
        findings.append(make("TY043", loc, chain=chain.name, jobs=", ".join(standalone)))
    compiled = f"{base}/pipeline.yaml" in out
    text = readme(name, members, model, summary, account, namespace, findings, compiled)
    out[f"{base}/README.md"] = text.encode()
    return out, findings


def _compile_finding(err: CompileError, loc: SourceLocation) -> Finding:
    if err.code == "KF001":
        return make("KF001", loc, detail=err.detail, limit=err.limit)
    if err.code == "KF002":
        return make("KF002", loc)
    return make("KF003", loc, detail=err.detail)


# --------------------------------------------------------------------------- pipeline IR


def _pipeline_ir(name: str, members: dict[str, Member], model: ModelUri) -> PipelineIR:
    body: list[CallStmt] = []
    components: list[Component] = []
    prep = members.get("prep")
    if prep is not None:
        comp = _prep_component(prep)
        components.append(comp)
        body.append(CallStmt("prep", f"prep: {prep.unit.name}", comp))
    train, serve = members["train"], members["serve"]
    comp = _train_component(train, model)
    components.append(comp)
    body.append(
        CallStmt("train", f"train: {train.unit.name}", comp, after=[c.task_id for c in body])
    )
    comp = _serve_component(serve)
    components.append(comp)
    body.append(CallStmt("serve", f"serve: {serve.unit.name}", comp, after=["train"]))
    return PipelineIR(
        func=f"{name.replace('-', '_')}_pipeline",
        name=name,
        description=f"Train-to-serve chain {name} converted by yarn2k8s",
        source="config",
        params=[ParamInfo("model_uri", "model_uri", model.uri, model.origin)],
        body=list(body),
        components=components,
    )


def _prep_component(prep: Member) -> Component:
    return Component(
        func="prep_op",
        doc=f"Data prep `{prep.unit.name}`: create the SparkApplication and wait for its end.",
        image="CONTROL_IMAGE",
        command=[],
        args=[literal("--run-id"), RUN_ID, literal("--manifest"), ConstJson("PREP_APP")],
        runner="SPARK_RUNNER",
        kind="spark",
        how="SparkApplication applied by the step (run-unique name), waits on its state",
        constants={"PREP_APP": prep.manifest},
    )


def _train_component(train: Member, model: ModelUri) -> Component:
    return train_component(
        "train_op", train.unit.name, train.manifest, "TRAIN_JOB", (Param("model_uri"),), model
    )


def _serve_component(serve: Member) -> Component:
    return serve_component(
        "serve_op", serve.unit.name, serve.manifest, "SERVE_ISVC", TaskOutput("train", MODEL_OUTPUT)
    )


# --------------------------------------------------------------------------- RBAC, README


def runner_rbac(account: str, namespace: str, members: list[Member]) -> list[dict[str, Any]]:
    """The run's ServiceAccount, and per namespace a Role to apply and watch its objects."""
    meta = {"name": account, "namespace": namespace, "labels": dict(MANAGED_BY)}
    docs: list[dict[str, Any]] = [{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta}]
    rules: dict[str, list[dict[str, Any]]] = {}
    for member in members:
        ns, group, plural = rule_of(member.manifest)
        verbs = VERBS.get(plural, VERBS["training"])
        rules.setdefault(ns or namespace, []).append(
            {"apiGroups": [group], "resources": [plural], "verbs": verbs}
        )
    for ns, ns_rules in sorted(rules.items()):
        role_meta = meta | {"namespace": ns}
        docs.append(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "Role",
                "metadata": role_meta,
                "rules": sorted(ns_rules, key=lambda r: (r["apiGroups"], r["resources"])),
            }
        )
        docs.append(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "RoleBinding",
                "metadata": role_meta,
                "roleRef": {
                    "apiGroup": "rbac.authorization.k8s.io",
                    "kind": "Role",
                    "name": account,
                },
                "subjects": [{"kind": "ServiceAccount", "name": account, "namespace": namespace}],
            }
        )
    return docs


_WAITS = {
    "prep": "COMPLETED (FAILED fails the run)",
    "train": "a Succeeded or Complete condition (Failed fails the run)",
    "serve": "Ready for the applied generation",
}


def readme(
    name: str,
    members: dict[str, Member],
    model: ModelUri,
    summary: str,
    account: str,
    namespace: str,
    findings: list[Finding],
    compiled: bool,
) -> str:
    """What the chain runs, how to start it, what to review."""
    findings = sorted(set(findings), key=Finding.sort_key)
    worst = max((f.severity.rank for f in findings), default=0)
    steps = [
        {
            "func": f"{m.step}_op",
            "job": m.unit.name,
            "kind": m.manifest["kind"],
            "named": m.manifest["metadata"]["name"],
            "source": str(m.unit.location),
            "waits": _WAITS[m.step],
        }
        for m in members.values()
    ]
    prep = members.get("prep")
    rbac = []
    if prep is not None and prep.manifest["spec"].get("driver", {}).get("serviceAccount"):
        rbac.append(f"../../rbac/{prep.manifest['metadata'].get('namespace', namespace)}")
    return render(
        "kfp/train_serve_README.md.j2",
        name=name,
        summary=summary,
        readiness=("ready", "review", "blocked")[worst],
        compiled=compiled,
        steps=steps,
        prep=prep is not None,
        model={"uri": model.uri, "origin": model.origin, "in_manifest": model.in_manifest},
        rbac=rbac,
        account=account,
        namespace=namespace,
        control_image=CONTROL_IMAGE,
        findings=[f.to_dict() for f in findings if f.severity.value != "info"],
        notes=[f.to_dict() for f in findings if f.severity.value == "info"],
    )
