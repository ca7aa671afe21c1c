"""Shared helpers for the Oozie -> Kubeflow tests: convert a folder, check compiled IR."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from yarn2k8s.config import config_from_dict
from yarn2k8s.convert import build

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "oozie"


def ir_problems(text: str) -> list[str]:
    """Dangling references in a compiled KFP IR: components, producer tasks, parameters.

    Every task must name an existing component; every `taskOutputParameter` a task of the same
    DAG that exists and declares that output; every `componentInputParameter` an input of the
    enclosing component; every dependent task a sibling; every executor label an executor.
    """
    docs = list(yaml.safe_load_all(text))
    spec = docs[0]
    problems: list[str] = []
    components = spec.get("components", {})
    executors = spec.get("deploymentSpec", {}).get("executors", {})
    dags = [("root", spec["root"])] + [(n, c) for n, c in components.items() if "dag" in c]
    for comp_name, comp in components.items():
        label = comp.get("executorLabel")
        if label and label not in executors:
            problems.append(f"{comp_name}: executor {label} missing")
    for owner, comp in dags:
        inputs = comp.get("inputDefinitions", {}).get("parameters", {})
        tasks = comp["dag"]["tasks"]
        for task_name, task in tasks.items():
            ref = task["componentRef"]["name"]
            if ref not in components:
                problems.append(f"{owner}/{task_name}: component {ref} missing")
                continue
            problems += _task_problems(owner, task_name, task, tasks, inputs, components)
    return problems


def _task_problems(
    owner: str,
    name: str,
    task: dict[str, Any],
    tasks: dict[str, Any],
    inputs: dict[str, Any],
    components: dict[str, Any],
) -> list[str]:
    problems = [
        f"{owner}/{name}: depends on missing {dep}"
        for dep in task.get("dependentTasks", [])
        if dep not in tasks
    ]
    target_inputs = components[task["componentRef"]["name"]].get("inputDefinitions", {})
    declared = target_inputs.get("parameters", {})
    for key, value in task.get("inputs", {}).get("parameters", {}).items():
        if key not in declared and not key.startswith("pipelinechannel--"):
            problems.append(f"{owner}/{name}: input {key} not declared by its component")
        if "componentInputParameter" in value and value["componentInputParameter"] not in inputs:
            problems.append(f"{owner}/{name}: {value['componentInputParameter']} not an input")
        producer = value.get("taskOutputParameter", {}).get("producerTask")
        if producer is not None:
            problems += _producer_problems(owner, name, value, tasks, components)
        final = value.get("taskFinalStatus", {}).get("producerTask")
        if final is not None and final not in tasks:
            problems.append(f"{owner}/{name}: final status of missing {final}")
    return problems


def _producer_problems(
    owner: str, name: str, value: dict[str, Any], tasks: dict[str, Any], components: dict[str, Any]
) -> list[str]:
    producer = value["taskOutputParameter"]["producerTask"]
    key = value["taskOutputParameter"]["outputParameterKey"]
    if producer not in tasks:
        return [f"{owner}/{name}: producer {producer} missing"]
    produced = components[tasks[producer]["componentRef"]["name"]]
    outputs = produced.get("outputDefinitions", {}).get("parameters", {})
    return [] if key in outputs else [f"{owner}/{name}: {producer} has no output {key}"]


@pytest.fixture
def check_ir() -> Callable[[str], list[str]]:
    return ir_problems


@pytest.fixture
def convert_folder() -> Callable[..., Any]:
    def run(path: Path, config: dict[str, Any] | None = None) -> Any:
        return build([path], config_from_dict(config or {}))

    return run
