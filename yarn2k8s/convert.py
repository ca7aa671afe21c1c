"""`convert` as a library call: run the pipeline and assemble every output file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from yarn2k8s.config import Config
from yarn2k8s.converters.estate import estate_files
from yarn2k8s.model import MigrationJob
from yarn2k8s.pipeline import RunResult, run
from yarn2k8s.rendering import dump_json
from yarn2k8s.reports.json_report import report_data
from yarn2k8s.reports.markdown import render_markdown
from yarn2k8s.writer import WriteResult, plan_changes, write_tree


@dataclass
class Conversion:
    """A run and the full set of files it would write."""

    result: RunResult
    files: dict[str, bytes]


def build(paths: list[Path], config: Config, workers: int = 1) -> Conversion:
    """Run the pipeline and add the estate-level files and reports."""
    result = run(paths, config, workers)
    files = dict(result.files)
    for path, text in estate_files(
        [j.unit for j in result.jobs if isinstance(j.unit, MigrationJob)], files, config
    ).items():
        files[path] = text.encode("utf-8")
    data = report_data(result)
    files["report.json"] = dump_json(data).encode("utf-8")
    files["report.md"] = render_markdown(data).encode("utf-8")
    return Conversion(result, files)


def write(conversion: Conversion, out: Path, force: bool = False) -> WriteResult:
    """Write the files (atomically, pruning only what yarn2k8s owns)."""
    return write_tree(out, conversion.files, force=force)


def check(conversion: Conversion, out: Path) -> WriteResult:
    """What writing would change, touching nothing (for `convert --check`)."""
    return plan_changes(out, conversion.files, force=True)
