"""The public Oozie corpus: every workflow, coordinator and bundle converts or is explained by a
finding, nothing crashes, and every pipeline that compiled has no dangling reference."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "public" / "oozie"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_run() -> Any:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/public/oozie is not present")
    from yarn2k8s.config import Config
    from yarn2k8s.convert import build

    return build([CORPUS], Config())


def test_every_oozie_input_converts_or_is_explained(corpus_run: Any) -> None:
    records = {r.rel: r for r in corpus_run.result.inputs}
    oozie = [r for r in records.values() if r.analyzer == "oozie"]
    assert len(oozie) >= 40
    for record in oozie:
        assert record.outcome in ("converted", "explained"), record.rel
        if record.outcome == "explained":
            assert record.findings, record.rel
    assert all(r.outcome != "explained" or r.findings for r in records.values())


def test_no_unit_crashed_and_every_pipeline_compiled(
    corpus_run: Any, check_ir: Callable[[str], list[str]]
) -> None:
    units = [w for w in corpus_run.result.workflows if w.unit.kind.startswith("oozie-")]
    assert len(units) >= 40
    for unit in units:
        codes = {f.code for f in unit.findings}
        assert "YK011" not in codes and "KF003" not in codes, unit.unit.name
        if "OZ055" in codes:  # a coordinator whose workflow is not in the corpus
            continue
        ir = corpus_run.files.get(f"workflows/{unit.unit.name}/pipeline.yaml")
        assert ir is not None, unit.unit.name
        assert check_ir(ir.decode()) == [], unit.unit.name
