"""The steps a train-to-serve pipeline is made of, shared by config chains
(train_serve_pipeline) and Oozie workflows whose actions launch training (kfp_training_step).

Both run kfp_runner_apply in the control image: `train` creates the training job under a
run-unique name, waits for Succeeded/Failed and writes the model's URI as the step's output;
`serve` applies the InferenceService with that URI and waits for Ready.
"""

from __future__ import annotations

from typing import Any

from yarn2k8s.converters.kfp_steps import Arg, Component, ConstJson, Out
from yarn2k8s.converters.kfp_values import Placeholder, TaskOutput, Value, literal
from yarn2k8s.converters.train_serve_chain import ModelUri

RUN_ID = (Placeholder("PIPELINE_JOB_ID_PLACEHOLDER"),)
MODEL_OUTPUT = "trained_model_uri"
VERBS = {
    "sparkapplications": ["create", "delete", "get", "list", "watch"],
    "training": ["create", "delete", "get", "list", "watch"],
    "inferenceservices": ["create", "get", "list", "patch", "watch"],
}


def rule_of(obj: dict[str, Any]) -> tuple[str, str, str]:
    """(namespace, API group, plural) of an object a step applies."""
    group = str(obj["apiVersion"]).rpartition("/")[0]
    plural = f"{str(obj['kind']).lower()}s"
    return str(obj["metadata"].get("namespace", "")), group, plural


def train_component(
    func: str, job: str, manifest: dict[str, Any], const: str, uri: Value, model: ModelUri
) -> Component:
    """The step creating a training job under a run-unique name, waiting for its end and
    handing the model's URI on (output `trained_model_uri`); `uri` is the run's URI."""
    args: list[Arg] = [literal("train"), literal("--run-id"), RUN_ID]
    args += [literal("--manifest"), ConstJson(const)]
    args += [literal("--model-uri"), uri]
    args += [literal("--model-uri-default"), literal(model.in_manifest)]
    args += [literal("--model-uri-out"), Out(MODEL_OUTPUT)]
    kind = str(manifest["kind"])
    return Component(
        func=func,
        doc=f"Training `{job}`: create the {kind}, wait for Succeeded or Failed, "
        "and hand the model's URI on.",
        image="CONTROL_IMAGE",
        command=[],
        args=args,
        outputs=[MODEL_OUTPUT],
        runner="APPLY_RUNNER",
        kind=kind,
        how=f"{kind} applied by the step (run-unique name), waits on its conditions",
        constants={const: manifest},
    )


def serve_component(
    func: str, unit: str, manifest: dict[str, Any], const: str, trained: TaskOutput
) -> Component:
    """The step applying an InferenceService with the trained model's URI (the training
    step's output `trained`) and waiting until it is Ready."""
    return Component(
        func=func,
        doc=f"Serving `{unit}`: apply the InferenceService with the trained model "
        "and wait until it is Ready.",
        image="CONTROL_IMAGE",
        command=[],
        args=[
            literal("serve"),
            literal("--manifest"),
            ConstJson(const),
            literal("--storage-uri"),
            (trained,),
        ],
        runner="APPLY_RUNNER",
        kind="InferenceService",
        how="InferenceService applied server-side with the model URI, waits for Ready",
        constants={const: manifest},
    )
