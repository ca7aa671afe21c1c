"""Run-and-compare on the samples/compare jobs with the local PySpark (slow: real JVMs).

Each side is a real spark-submit (`local[2]`); outputs are read with the shared session.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from yarn2k8s.compare import CompareResult, CompareSpec, run_compare
from yarn2k8s.config import config_from_dict
from yarn2k8s.convert import build, write

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "compare"
CASES = sorted(p.parent for p in SAMPLES.glob("*/case.yaml"))
pytestmark = pytest.mark.slow


def convert_case(case: Path, tmp_path: Path) -> tuple[CompareSpec, Path]:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    config = config_from_dict(spec["config"])
    out = tmp_path / "out"
    write(build([case / "input"], config), out)
    wanted = spec["compare"]
    return (
        CompareSpec(
            input_root=case / "input",
            out=out,
            job=wanted["job"],
            data={prefix: case / folder for prefix, folder in wanted["data"].items()},
            outputs=list(wanted["outputs"]),
            storage=config.storage,
            default_fs=config.cluster.default_fs,
            work=tmp_path / "work",
        ),
        out,
    )


def timed(spec: CompareSpec, spark: Any) -> CompareResult:
    start = time.monotonic()
    result = run_compare(spec, spark)
    runs = ", ".join(f"{k} {v.seconds:.1f}s" for k, v in result.runs.items())
    print(f"{spec.job}: {time.monotonic() - start:.1f}s ({runs})")
    return result


def test_there_are_three_compare_samples() -> None:
    assert {c.name for c in CASES} >= {"sql-aggregation", "udf-pyfiles", "files-config"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_sample_is_identical(case: Path, tmp_path: Path, spark: Any) -> None:
    spec, _ = convert_case(case, tmp_path)
    result = timed(spec, spark)
    assert result.identical, [f.message for f in result.findings]
    assert [f.code for f in result.findings] == ["VA032"] * len(spec.outputs)
    assert result.outputs[0].original is not None and result.outputs[0].original.rows > 0
    assert result.local_spark == spark.version and result.image_spark == "3.5.8"


def test_converted_job_that_computes_something_else(tmp_path: Path, spark: Any) -> None:
    spec, out = convert_case(SAMPLES / "sql-aggregation", tmp_path)
    code = out / "jobs/sales-by-region/app/sales_by_region.py"
    code.write_text(code.read_text(encoding="utf-8").replace("'COMPLETE'", "'CANCELLED'"))
    result = timed(spec, spark)
    assert not result.identical
    codes = {f.code for f in result.findings}
    assert codes == {"VA033"}
    assert any("only in the original" in d for d in result.outputs[0].differences)


def test_dropped_files_dependency_fails_the_converted_run(tmp_path: Path, spark: Any) -> None:
    spec, out = convert_case(SAMPLES / "files-config", tmp_path)
    path = out / "jobs/flag-transactions/k8s/sparkapplication.yaml"
    app = yaml.safe_load(path.read_text(encoding="utf-8"))
    del app["spec"]["deps"]["files"]
    path.write_text(yaml.safe_dump(app), encoding="utf-8")
    shutil.rmtree(out / "jobs/flag-transactions/app/rules.conf", ignore_errors=True)
    (out / "jobs/flag-transactions/app/rules.conf").unlink(missing_ok=True)
    result = timed(spec, spark)
    assert not result.identical
    assert [(f.code, "converted" in f.message) for f in result.findings] == [("VA034", True)]
    assert "FileNotFoundError" in result.findings[0].message
