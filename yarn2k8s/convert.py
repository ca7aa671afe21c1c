"""`convert` as a library call: run the pipeline and assemble every output file."""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path

from yarn2k8s.config import Config
from yarn2k8s.converters.estate import estate_files
from yarn2k8s.enrich.fetch import FetchSettings
from yarn2k8s.model import MigrationJob, Workflow
from yarn2k8s.model.results import RunResult
from yarn2k8s.pipeline import Progress, run
from yarn2k8s.reports.formats import FILES, render_report, report_chunks
from yarn2k8s.reports.json_report import report_data
from yarn2k8s.sources.live import LiveData
from yarn2k8s.spool import Spool
from yarn2k8s.writer import WriteResult, plan_changes, write_tree


@dataclass
class Conversion:
    """A run and the full set of files it would write."""

    result: RunResult
    files: MutableMapping[str, bytes]


def build(
    paths: list[Path],
    config: Config,
    workers: int = 1,
    live: LiveData | None = None,
    progress: Progress | None = None,
    timings: dict[str, float] | None = None,
    fetch: FetchSettings | None = None,
) -> Conversion:
    """Run the pipeline and add the estate-level files and reports.

    `live` (History Server / ResourceManager data) feeds right-sizing and the report's live
    inventory; `progress` is called as inputs are analyzed and units converted; `timings`, when
    given, receives per-phase seconds (the pipeline's, plus "report" for estate files/reports);
    `fetch` pulls the jobs' hdfs:// artifacts over WebHDFS before conversion.
    """
    result = run(paths, config, workers, live=live, progress=progress, timings=timings, fetch=fetch)
    start = time.perf_counter()
    files = result.files  # completed in place: it can hold an estate's worth of bytes
    if config.pipelines:  # config `pipelines:` chains (estate-level); kfp loads only for them
        from yarn2k8s.converters.train_serve_pipeline import train_serve_pipelines

        train_serve_pipelines(result, files, config)
    for path, text in estate_files(
        [j.unit for j in result.jobs if isinstance(j.unit, MigrationJob)],
        files,
        config,
        [w.unit for w in result.workflows if isinstance(w.unit, Workflow)],
    ).items():
        files[path] = text.encode("utf-8")
    data = report_data(result, live, config.rightsizing)
    for fmt, name in FILES.items():  # one at a time: each can be tens of MB at scale
        if isinstance(files, Spool):
            files.put_chunks(name, report_chunks(fmt, data))
        else:
            files[name] = render_report(fmt, data)
    if timings is not None:
        timings["report"] = timings.get("report", 0.0) + time.perf_counter() - start
    return Conversion(result, files)


def write(conversion: Conversion, out: Path, force: bool = False) -> WriteResult:
    """Write the files (atomically, pruning only what yarn2k8s owns)."""
    return write_tree(out, conversion.files, force=force)


def check(conversion: Conversion, out: Path) -> WriteResult:
    """What writing would change, touching nothing (for `convert --check`)."""
    return plan_changes(out, conversion.files, force=True)
