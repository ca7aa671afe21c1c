"""Smoke test over the shared corpus of real third-party inputs (skipped where it is absent).

No crash, every input either converted, read as configuration or explained by a finding, and
every emitted object valid against the operators' CRDs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from yarn2k8s.config import Config
from yarn2k8s.convert import build
from yarn2k8s.validators.tree import validate_object

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "public"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


@pytest.fixture(scope="module")
def corpus_run() -> Any:
    return build([CORPUS], Config(), workers=1)


def test_no_input_crashes_the_converter(corpus_run: Any) -> None:
    internal = [f for f in corpus_run.result.all_findings() if f.code == "YK011"]
    assert internal == []


def test_every_input_is_accounted_for(corpus_run: Any) -> None:
    result = corpus_run.result
    files = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file())
    assert sorted(r.rel for r in result.inputs) == files
    for record in result.inputs:
        assert record.outcome in ("converted", "configuration", "explained")
        if record.outcome == "explained":
            assert record.findings, f"{record.rel} is explained by no finding"
        if record.outcome == "converted":
            assert record.jobs, f"{record.rel} converted into nothing"


def test_every_spark_submission_becomes_an_app_or_a_finding(corpus_run: Any) -> None:
    for unit in corpus_run.result.jobs:
        if unit.unit.kind != "spark":
            continue
        has_app = any(p.endswith("sparkapplication.yaml") for p in unit.files)
        blocked = any(f.severity.value == "error" for f in unit.findings)
        assert has_app or blocked, unit.unit.location


def test_every_emitted_object_is_valid(corpus_run: Any, crd_schemas: Any) -> None:
    checked = 0
    for rel, data in sorted(corpus_run.files.items()):
        if not rel.endswith(".yaml"):
            continue
        for doc in yaml.safe_load_all(data):
            if isinstance(doc, dict) and doc.get("kind") not in ("Kustomization", None):
                assert validate_object(rel, doc, crd_schemas) == [], rel
                checked += 1
    assert checked > 10
