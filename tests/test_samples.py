"""Golden cases: samples/<source>/<case>/{input/, case.yaml, expected/}.

Each case is converted through the same code path as `yarn2k8s convert`; the file set and the
bytes must match expected/ exactly. `pytest --update-goldens` rewrites expected/ (refused
under CI=true). Every golden object must also pass the CRD/metadata validators.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from yarn2k8s.config import config_from_dict
from yarn2k8s.convert import build
from yarn2k8s.validators.tree import validate_object

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CASES = sorted(p.parent for p in SAMPLES.glob("*/*/case.yaml"))


def _case(case: Path) -> dict[str, Any]:
    data = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8")) or {}
    assert isinstance(data, dict)
    return data


def _generate(case: Path) -> dict[str, bytes]:
    spec = _case(case)
    config = config_from_dict(spec.get("config") or {}, origin=str(case / "case.yaml"))
    return build([case / "input"], config).files


def _expected(case: Path) -> dict[str, bytes]:
    root = case / "expected"
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_golden(case: Path, update_goldens: bool) -> None:
    produced = _generate(case)
    if update_goldens:
        shutil.rmtree(case / "expected", ignore_errors=True)
        for rel, data in produced.items():
            target = case / "expected" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    assert (case / "expected").is_dir(), f"{case}/expected is missing (run --update-goldens)"
    expected = _expected(case)
    assert sorted(produced) == sorted(expected), "file sets differ"
    for rel in sorted(expected):
        if produced[rel] != expected[rel]:
            diff = difflib.unified_diff(
                expected[rel].decode("utf-8", "replace").splitlines(),
                produced[rel].decode("utf-8", "replace").splitlines(),
                f"expected/{rel}",
                f"produced/{rel}",
                lineterm="",
            )
            pytest.fail(f"{rel} differs:\n" + "\n".join(diff))


# Oozie workflow folders (and train-serve chains' pipelines/ folders) also hold files that are
# not Kubernetes objects: the compiled KFP IR and `kfp recurring-run create` options (tests/oozie
# and tests/test_train_serve.py check them with kfp itself).
_NOT_KUBERNETES = frozenset({"pipeline.yaml", "recurring-run.yaml", "bundle.yaml"})


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_golden_objects_are_valid(case: Path, crd_schemas: Any) -> None:
    checked = 0
    for path in sorted((case / "expected").rglob("*.yaml")):
        if path.name in _NOT_KUBERNETES and {"workflows", "pipelines"} & set(path.parts):
            continue
        rel = path.relative_to(case).as_posix()
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if isinstance(doc, dict) and doc.get("kind") != "Kustomization":
                problems = validate_object(rel, doc, crd_schemas, strict=True)
                assert problems == [], problems
                checked += 1
    assert checked > 0, "a golden case with no Kubernetes object checks nothing"


def test_every_case_has_a_description() -> None:
    assert len(CASES) >= 12
    for case in CASES:
        assert _case(case).get("description"), case
