"""Compiled pipelines (pipeline.yaml, KFP IR): load them back with kfp, then check every
reference inside them resolves.

kfp's loader checks the IR's shape but not its references: a task whose ``componentRef``,
``producerTask`` or ``componentInputParameter`` names nothing loads fine and fails only when
the run reaches it. kfp is imported lazily (it is the `kfp` extra and takes ~0.7 s).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Ref = tuple[str, str, str]  # (task, what, reference)


def check_pipeline(path: Path, root: Path) -> list[Finding]:
    """Load one compiled pipeline with kfp and check its references."""
    loc = SourceLocation(path.relative_to(root).as_posix(), 0)
    try:
        from kfp import components  # optional and slow to import

        components.load_component_from_file(str(path))
        docs = list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=_LOADER))
    except ImportError:
        return [make("VA010", loc, tool="kfp", what="loading the compiled pipeline")]
    except Exception as err:  # kfp raises many types for a bad IR; each is a finding
        return [make("VA007", loc, reason=f"{type(err).__name__}: {err}"[:500])]
    spec = docs[0] if docs and isinstance(docs[0], Mapping) else {}
    platform = docs[1] if len(docs) > 1 and isinstance(docs[1], Mapping) else {}
    return [
        make("VA008", loc, task=task, what=what, ref=ref)
        for task, what, ref in sorted(set(dangling_references(spec, platform)))
    ]


def dangling_references(
    spec: Mapping[str, Any], platform: Mapping[str, Any] | None = None
) -> Iterator[Ref]:
    """Every reference in a PipelineSpec (and its platform spec) that resolves to nothing."""
    comps = spec.get("components") or {}
    executors = ((spec.get("deploymentSpec") or {}).get("executors")) or {}
    for name, comp in comps.items():
        label = comp.get("executorLabel")
        if label and label not in executors:
            yield name, "executor", label
    for name, comp in [("root", spec.get("root") or {}), *comps.items()]:
        if "dag" in comp:
            yield from _dag_refs(name, comp, comps)
    kube = (((platform or {}).get("platforms") or {}).get("kubernetes")) or {}
    for label in ((kube.get("deploymentSpec") or {}).get("executors")) or {}:
        if label not in executors:
            yield "platform", "executor", label


def _dag_refs(owner: str, comp: Mapping[str, Any], comps: Mapping[str, Any]) -> Iterator[Ref]:
    tasks = (comp.get("dag") or {}).get("tasks") or {}
    own_inputs = _inputs(comp)
    for name, task in tasks.items():
        ref = (task.get("componentRef") or {}).get("name", "")
        if ref not in comps:
            yield name, "component", ref
        for dep in task.get("dependentTasks") or []:
            if dep not in tasks:
                yield name, "task", dep
        yield from _input_refs(name, task, tasks, comps, own_inputs)
    for kind in ("parameters", "artifacts"):
        outputs = ((comp.get("dag") or {}).get("outputs") or {}).get(kind) or {}
        for out in outputs.values():
            for sub in _subtasks(out):
                if sub not in tasks:
                    yield owner, "task", sub


def _subtasks(output: Mapping[str, Any]) -> Iterator[str]:
    """Producer subtasks named by a DAG output (parameter or artifact selectors)."""
    value = output.get("valueFromParameter") or {}
    if value.get("producerSubtask"):
        yield value["producerSubtask"]
    for selector in output.get("artifactSelectors") or []:
        if selector.get("producerSubtask"):
            yield selector["producerSubtask"]


def _inputs(comp: Mapping[str, Any]) -> dict[str, set[str]]:
    defs = comp.get("inputDefinitions") or {}
    return {k: set(defs.get(k) or {}) for k in ("parameters", "artifacts")}


def _outputs(comp: Mapping[str, Any]) -> dict[str, set[str]]:
    defs = comp.get("outputDefinitions") or {}
    return {k: set(defs.get(k) or {}) for k in ("parameters", "artifacts")}


def _input_refs(
    name: str,
    task: Mapping[str, Any],
    tasks: Mapping[str, Any],
    comps: Mapping[str, Any],
    own_inputs: Mapping[str, set[str]],
) -> Iterator[Ref]:
    target = comps.get((task.get("componentRef") or {}).get("name", "")) or {}
    declared = _inputs(target)
    for kind, key in (("parameters", "Parameter"), ("artifacts", "Artifact")):
        for input_name, spec in ((task.get("inputs") or {}).get(kind) or {}).items():
            if target and input_name not in declared[kind]:
                yield name, f"input {kind[:-1]}", input_name
            upstream = spec.get(f"taskOutput{key}") or {}
            producer = upstream.get("producerTask")
            if producer is not None:
                yield from _producer_refs(name, kind, key, upstream, tasks, comps)
            parent = spec.get(f"componentInput{key}")
            if parent is not None and parent not in own_inputs[kind]:
                yield name, f"pipeline input {kind[:-1]}", parent


def _producer_refs(
    name: str,
    kind: str,
    key: str,
    upstream: Mapping[str, Any],
    tasks: Mapping[str, Any],
    comps: Mapping[str, Any],
) -> Iterator[Ref]:
    producer = upstream["producerTask"]
    if producer not in tasks:
        yield name, "producer task", producer
        return
    comp_name = (tasks[producer].get("componentRef") or {}).get("name", "")
    produced = _outputs(comps.get(comp_name) or {})[kind]
    output_key = upstream.get(f"output{key}Key", "")
    if output_key not in produced:
        yield name, f"output {kind[:-1]} of `{producer}`", output_key
