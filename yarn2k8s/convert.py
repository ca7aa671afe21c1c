"""`convert` as a library call: run the pipeline and assemble every output file."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from yarn2k8s.config import Config
from yarn2k8s.converters.estate import estate_files
from yarn2k8s.converters.site_wiring import wire_site_configmaps
from yarn2k8s.model import MigrationJob
from yarn2k8s.pipeline import Progress, RunResult, run
from yarn2k8s.reports.formats import report_files
from yarn2k8s.reports.json_report import report_data
from yarn2k8s.sources.live import LiveData
from yarn2k8s.writer import WriteResult, plan_changes, write_tree


@dataclass
class Conversion:
    """A run and the full set of files it would write."""

    result: RunResult
    files: dict[str, bytes]


def build(
    paths: list[Path],
    config: Config,
    workers: int = 1,
    live: LiveData | None = None,
    progress: Progress | None = None,
    timings: dict[str, float] | None = None,
) -> Conversion:
    """Run the pipeline and add the estate-level files and reports.

    `live` (History Server / ResourceManager data) feeds right-sizing and the report's live
    inventory; `progress` is called as inputs are analyzed and units converted; `timings`, when
    given, receives per-phase seconds (the pipeline's, plus "report" for estate files/reports).
    """
    result = run(paths, config, workers, live=live, progress=progress, timings=timings)
    start = time.perf_counter()
    files = dict(result.files)
    _wire_site_files(result, files)
    for path, text in estate_files(
        [j.unit for j in result.jobs if isinstance(j.unit, MigrationJob)], files, config
    ).items():
        files[path] = text.encode("utf-8")
    data = report_data(result, live, config.rightsizing)
    files.update(report_files(data))  # report.json/.md/.html/.csv and findings.sarif
    if timings is not None:
        timings["report"] = timings.get("report", 0.0) + time.perf_counter() - start
    return Conversion(result, files)


def _wire_site_files(result: RunResult, files: dict[str, bytes]) -> None:
    """Spark applications reference the hadoop-conf / krb5-conf ConfigMaps of the estate."""
    sites: dict[str, dict[str, str]] = {"hadoop-conf": {}, "krb5-conf": {}}
    for unit in result.workflows:
        if unit.unit.kind in sites and unit.files:
            sites[unit.unit.kind][unit.unit.name] = str(unit.unit.location)
    units = [(u.unit.name, str(u.unit.location), u.files) for u in result.jobs + result.workflows]
    wire_site_configmaps(files, units, sites["hadoop-conf"], sites["krb5-conf"])


def write(conversion: Conversion, out: Path, force: bool = False) -> WriteResult:
    """Write the files (atomically, pruning only what yarn2k8s owns)."""
    return write_tree(out, conversion.files, force=force)


def check(conversion: Conversion, out: Path) -> WriteResult:
    """What writing would change, touching nothing (for `convert --check`)."""
    return plan_changes(out, conversion.files, force=True)
