"""Every golden pipeline.yaml loads back with kfp, names the pinned kfp, and has no dangling
component, producer-task or parameter reference; compiling is byte-deterministic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from yarn2k8s.converters.kubeflow_pipelines import PINNED_KFP

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "oozie"
IRS = sorted(SAMPLES.glob("*/expected/workflows/**/pipeline.yaml"))


def test_there_are_golden_pipelines() -> None:
    assert len(IRS) >= 10


@pytest.mark.parametrize("path", IRS, ids=[str(p.relative_to(SAMPLES)) for p in IRS])
def test_golden_ir_loads_and_references_resolve(
    path: Path, check_ir: Callable[[str], list[str]]
) -> None:
    from kfp import components

    text = path.read_text(encoding="utf-8")
    loaded = components.load_component_from_file(str(path))
    assert loaded.name
    spec = next(iter(yaml.safe_load_all(text)))
    assert spec["sdkVersion"] == f"kfp-{PINNED_KFP}"
    assert spec["root"]["dag"]["tasks"], "a pipeline with no task"
    assert check_ir(text) == []


def test_checker_catches_dangling_references(check_ir: Callable[[str], list[str]]) -> None:
    text = next(iter(IRS)).read_text(encoding="utf-8")
    for mutate, expected in (
        (lambda t: t["componentRef"].update(name="comp-nowhere"), "comp-nowhere"),
        (lambda t: t.setdefault("dependentTasks", []).append("ghost"), "ghost"),
        (
            lambda t: (
                t.setdefault("inputs", {})
                .setdefault("parameters", {})
                .update(
                    x={"taskOutputParameter": {"producerTask": "nobody", "outputParameterKey": "o"}}
                )
            ),
            "nobody",
        ),
    ):
        spec = next(iter(yaml.safe_load_all(text)))
        mutate(next(iter(spec["root"]["dag"]["tasks"].values())))
        assert any(expected in p for p in check_ir(yaml.safe_dump(spec))), expected


def test_compiling_twice_gives_the_same_bytes(convert_folder: Callable[..., object]) -> None:
    first = convert_folder(SAMPLES / "control-flow" / "input")
    second = convert_folder(SAMPLES / "control-flow" / "input")
    name = "workflows/nightly-scoring/pipeline.yaml"
    assert first.files[name] == second.files[name]  # type: ignore[attr-defined]
