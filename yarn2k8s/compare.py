"""`yarn2k8s compare`: run the original submission and the converted job on sample data, then
compare their outputs (schema, row count, order-insensitive content hash).

It proves the arguments, confs, files and image layout survived the conversion. It runs the
local PySpark version (the `spark` extra, with Java 17) for both sides, not the Spark of the
job's image: a difference between Spark versions is out of its reach. See
:mod:`compare_launch` for how each side is re-targeted and :mod:`compare_outputs` for the
comparison.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yarn2k8s.compare_launch import (
    Layout,
    RunResult,
    converted_side,
    load_app,
    original_side,
    prepare_data,
    run_side,
)
from yarn2k8s.compare_outputs import OutputComparison, compare_output
from yarn2k8s.config import StorageRewrite
from yarn2k8s.enrich.storage import StorageMap
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation


@dataclass
class CompareSpec:
    """What to run and compare.

    Attributes:
        input_root: The folder that was converted (the original scripts and files).
        out: The conversion's output folder.
        job: The job's name in OUT (``OUT/jobs/<job>``).
        data: Original data URI prefix -> local folder of sample data (copied per side).
        outputs: The original's output URIs to compare (under a ``data`` prefix).
        storage: The config's storage rewrites, to find the converted side's prefixes.
        default_fs: ``cluster.default_fs`` of the config (for scheme-less paths).
        cores: N of ``local[N]``.
        work: Sandbox folder (a temporary one when None).
    """

    input_root: Path
    out: Path
    job: str
    data: dict[str, Path]
    outputs: list[str]
    storage: list[StorageRewrite] = field(default_factory=list)
    default_fs: str = ""
    cores: int = 2
    work: Path | None = None


@dataclass
class CompareResult:
    """Both runs and every output's comparison."""

    job: str
    local_spark: str
    image_spark: str
    runs: dict[str, RunResult] = field(default_factory=dict)
    outputs: list[OutputComparison] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        ran = all(r.returncode == 0 for r in self.runs.values())
        return ran and bool(self.outputs) and all(o.identical for o in self.outputs)


def local_session(cores: int = 2) -> Any:
    """One local SparkSession for reading outputs (the CLI's; tests share their own)."""
    from pyspark.sql import SparkSession  # optional

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("yarn2k8s-compare")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(cores))
        .getOrCreate()
    )


def run_compare(spec: CompareSpec, spark: Any) -> CompareResult:
    """Run both sides and compare their outputs.

    Raises:
        FileNotFoundError: The job, its job.json or its SparkApplication is missing.
    """
    job_dir = spec.out / "jobs" / spec.job
    record = json.loads((job_dir / "job.json").read_text(encoding="utf-8"))
    app = load_app(job_dir)
    with tempfile.TemporaryDirectory(prefix="yarn2k8s-compare-") as tmp:
        layout = _layout(spec, Path(spec.work or tmp))
        result = CompareResult(spec.job, spark.version, _image_spark(app))
        sides = [
            original_side(record, spec.input_root, layout, spec.cores),
            converted_side(app, job_dir, layout, spec.cores),
        ]
        for side in sides:
            prepare_data(layout, side.name)
            result.runs[side.name] = run_side(side)
        loc = SourceLocation(f"jobs/{spec.job}", 0)
        failed = [name for name, run in result.runs.items() if run.returncode != 0]
        for name in failed:
            run = result.runs[name]
            reason = run.error or f"exit status {run.returncode}"
            result.findings.append(make("VA034", loc, side=name, reason=reason[:300]))
        if not failed:
            _compare_outputs(spec, layout, spark, result, loc)
    return result


def _layout(spec: CompareSpec, work: Path) -> Layout:
    storage = StorageMap(spec.storage, spec.default_fs)
    converted = {p: storage.map_uri(p) or p for p in spec.data}
    return Layout(work, {p: Path(d) for p, d in spec.data.items()}, converted)


def _compare_outputs(
    spec: CompareSpec, layout: Layout, spark: Any, result: CompareResult, loc: SourceLocation
) -> None:
    for output in spec.outputs:
        left = Path(layout.local("original", output).removeprefix("file://"))
        right = Path(
            layout.local("converted", _converted_uri(output, layout)).removeprefix("file://")
        )
        compared = compare_output(spark, output, left, right)
        result.outputs.append(compared)
        if compared.identical and compared.original is not None:
            detail = f"{compared.original.rows} rows, sha256 {compared.original.content[:16]}"
            result.findings.append(make("VA032", loc, detail=f"{output}: {detail}"))
        else:
            result.findings += [
                make("VA033", loc, output=output, detail=d) for d in compared.differences
            ]


def _converted_uri(output: str, layout: Layout) -> str:
    """The output URI as the converted job names it (after the storage map)."""
    for prefix, mapped in layout.converted_prefixes.items():
        if output.startswith(prefix.rstrip("/")):
            return mapped.rstrip("/") + output[len(prefix.rstrip("/")) :]
    return output


def _image_spark(app: Mapping[str, Any]) -> str:
    spec = app.get("spec") or {}
    spec = spec.get("template", spec) if app.get("kind") == "ScheduledSparkApplication" else spec
    return str(spec.get("sparkVersion", "?"))
