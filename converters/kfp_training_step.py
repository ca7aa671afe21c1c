"""An Oozie action launching training (or a model server after it) -> a train-to-serve step.

The training job the action launches (analyzers/oozie_training) is converted by the training
converter, exactly as a standalone job would be (TFJob, PyTorchJob, MPIJob...); the step
creates it under a run-unique name, waits for Succeeded/Failed and outputs the model's URI
(the command's model-dir flag, storage-rewritten). A later action launching a model server the
serving analyzer recognises becomes an InferenceService step fed by that URI. The training
image's build context lands in `training/<job>/` of the workflow's folder, named as the
manifest references it, so build.sh builds it like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from yarn2k8s.analyzers.training_spec import spec_of
from yarn2k8s.converters.base import ConversionContext
from yarn2k8s.converters.kfp_spark_step import app_name
from yarn2k8s.converters.kfp_steps import Component, StepContext
from yarn2k8s.converters.kfp_values import TaskOutput, literal
from yarn2k8s.converters.kserve import convert_serving
from yarn2k8s.converters.train_serve_chain import STEPS, job_model_uri
from yarn2k8s.converters.train_serve_steps import MODEL_OUTPUT, serve_component, train_component
from yarn2k8s.converters.training_jobs import convert_training_job
from yarn2k8s.enrich.secrets import secure_job
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, SourceLocation

TRAINING_DIR = "training"
_LAUNCHERS = {
    "tony": "TonY",
    "submarine": "Submarine",
    "xlearning": "XLearning",
    "horovodrun": "horovodrun",
    "mpirun": "mpirun",
}


@dataclass
class Trained:
    """A training step already emitted in the workflow: where later steps find its model."""

    node: str
    task_id: str
    uri: str


@dataclass
class TrainingSteps:
    """What the workflow's training and serving steps add to its folder."""

    base: str = ""  # the workflow's folder in OUT (set with the package)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> object applied
    files: dict[str, bytes] = field(default_factory=dict)  # relative to the workflow's folder
    used_inputs: set[Path] = field(default_factory=set)
    trained: dict[str, Trained] = field(default_factory=dict)  # by node name
    # node -> (where the action is, TY045's arguments), completed by a later serving step
    info: dict[str, tuple[SourceLocation, dict[str, str]]] = field(default_factory=dict)


def training_component(
    sc: StepContext,
    job: MigrationJob,
    conv: ConversionContext,
    steps: TrainingSteps,
    task_id: str,
) -> Component | None:
    """The training step, or None when the job converts to no training object."""
    job.name = app_name(sc.wf.name or "oozie", sc.node.name, 0, 1)
    # Secrets on the command line never reach the pipeline: same rules as standalone jobs.
    found: list[Finding] = list(secure_job(job))
    folder = f"{TRAINING_DIR}/{job.name}"
    # Converted straight into its final folder, so what findings name (DF001's destination)
    # is where the file belongs.
    prefix = f"{steps.base}/{folder}/" if steps.base else f"{folder}/"
    arts = convert_training_job(job, conv, base=prefix.rstrip("/"))
    manifest = _manifest(arts.files, prefix, STEPS["train"][2])
    if manifest is None:
        return None
    for path, data in arts.files.items():
        rest = path[len(prefix) :] if path.startswith(prefix) else ""
        # The pipeline applies the object: no kustomization may apply it a second time.
        if rest and not rest.startswith("k8s/"):
            steps.files[f"{folder}/{rest}"] = data
    steps.files[f"{folder}/{str(manifest['kind']).lower()}.yaml"] = _review_copy(arts.files)
    steps.used_inputs |= arts.used_inputs
    model = job_model_uri(job, conv.storage)
    const = f"{sc.func('job').upper()}"
    comp = train_component(sc.func(), job.name, manifest, const, literal(model.uri), model)
    comp.doc = f"Oozie action `{sc.node.name}`: {comp.doc}"
    steps.objects[job.name] = manifest
    steps.trained[sc.node.name] = Trained(sc.node.name, task_id, model.uri)
    spec = spec_of(job)
    steps.info[sc.node.name] = (
        sc.loc,
        {
            "node": sc.node.name,
            "launcher": _LAUNCHERS.get(spec.source, spec.source or job.kind),
            "step": comp.func,
            "kind": str(manifest["kind"]),
            "name": job.name,
            "uri": model.uri or "(none: the command names no model directory)",
            "origin": model.origin or "nothing to read it from",
            "serve": "",
            "context": f"{folder}/",
        },
    )
    sc.findings.extend(found + job.findings + arts.findings)
    return comp


def serving_component(
    sc: StepContext,
    job: MigrationJob,
    conv: ConversionContext,
    steps: TrainingSteps,
    trained: Trained,
) -> Component | None:
    """The deploy step for a model server launched after a training step, or None."""
    job.name = app_name(sc.wf.name or "oozie", sc.node.name, 0, 1)
    arts = convert_serving(job, conv)
    manifest = _manifest(arts.files, f"jobs/{job.name}/", STEPS["serve"][2])
    if manifest is None:
        return None
    steps.objects[job.name] = manifest
    steps.files[f"serving/{job.name}.yaml"] = _review_copy(arts.files, "InferenceService")
    const = f"{sc.func('isvc').upper()}"
    output = TaskOutput(trained.task_id, MODEL_OUTPUT)
    comp = serve_component(sc.func(), job.name, manifest, const, output)
    comp.doc = f"Oozie action `{sc.node.name}`: {comp.doc}"
    isvc = manifest["metadata"]["name"]
    if trained.node in steps.info:
        steps.info[trained.node][1]["serve"] = (
            f"; step `{comp.func}` serves it as InferenceService `{isvc}`"
        )
    sc.findings.extend(job.findings + arts.findings)
    return comp


def training_findings(steps: TrainingSteps) -> list[Finding]:
    """TY045 per training step (after serving steps added what serves the model)."""
    return [make("TY045", loc, **args) for _, (loc, args) in sorted(steps.info.items())]


def _manifest(files: dict[str, bytes], prefix: str, kinds: frozenset[str]) -> Any:
    for path in sorted(files):
        if not path.startswith(f"{prefix}k8s/") or not path.endswith(".yaml"):
            continue
        doc = yaml.safe_load(files[path])  # our own converter's output: one plain object
        if isinstance(doc, dict) and doc.get("kind") in kinds:
            return doc
    return None


def _review_copy(files: dict[str, bytes], kind: str = "") -> bytes:
    for path in sorted(files):
        if "/k8s/" in path and path.endswith(".yaml") and not path.endswith("kustomization.yaml"):
            doc = yaml.safe_load(files[path])
            if isinstance(doc, dict) and (not kind or doc.get("kind") == kind):
                return files[path]
    return b""
