"""The run: discover -> analyze -> name -> enrich -> convert -> report. No click, no exits.

Each input file is analyzed on its own, and each job converted on its own, so `-j N` can spread
them over worker processes; results are put back in sorted order, so output bytes never depend
on the number of workers. A failure on one input is a finding, and the batch goes on.
"""

from __future__ import annotations

import collections
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from yarn2k8s import fscache
from yarn2k8s.analyzers import ANALYZERS
from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.properties import load_properties, looks_like_spark_properties
from yarn2k8s.config import Config
from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.estate import reconcile_estate
from yarn2k8s.converters.registry import JOB_CONVERTERS, WORKFLOW_CONVERTERS
from yarn2k8s.converters.site_wiring import plan_site_wiring
from yarn2k8s.converters.spark_job import add_job_record
from yarn2k8s.discover import Discovered, discover
from yarn2k8s.enrich.fetch import FetchSettings, fetch_job_artifacts
from yarn2k8s.enrich.inventory import unit_inventory
from yarn2k8s.enrich.rightsizing import attach_live
from yarn2k8s.enrich.secrets import secure_job
from yarn2k8s.enrich.storage import StorageMap
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, Readiness, Severity, Workflow
from yarn2k8s.model.names import dns_name, short_hash, with_suffix
from yarn2k8s.model.results import InputRecord, RunResult, UnitResult
from yarn2k8s.security.limits import read_text
from yarn2k8s.security.redact import redact
from yarn2k8s.sources.live import LiveData
from yarn2k8s.spool import Spool

T = TypeVar("T")
R = TypeVar("R")


# (phase, done, total): lets the CLI draw a progress bar; library code never prints.
Progress = Callable[[str, int, int], None]


_MAX_CHUNK = 32  # units per worker task (see _parallel_map)


def _parallel_map(
    fn: Callable[[T], R],
    items: list[T],
    workers: int,
    phase: str = "",
    progress: Progress | None = None,
) -> Iterator[R]:
    """`fn` over `items` in input order, yielded as they arrive (so a caller can spool them).

    Workers get small chunks: a result chunk is held whole in this process until consumed,
    and at estate scale a large chunk of converted units is tens of MB of file bytes.
    """
    if workers <= 1 or len(items) < 2:
        results: Iterable[R] = map(fn, items)
        pool = None
    else:
        chunk = min(_MAX_CHUNK, max(1, len(items) // (workers * 4)))
        pool = ProcessPoolExecutor(max_workers=workers)
        results = pool.map(fn, items, chunksize=chunk)
    try:
        for done, item in enumerate(results, 1):  # in input order, whatever finishes first
            if progress is not None:
                progress(phase, done, len(items))
            yield item
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


# --- analyze ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _AnalyzeTask:
    found: Discovered
    ctx: AnalysisContext


def _read(found: Discovered, config: Config) -> tuple[InputFile | None, list[Finding]]:
    loc_file = InputFile(found.path, found.rel, "")
    if found.outside:
        return None, [make("YK016", loc_file.at())]
    read = read_text(found.path, config.limits.max_file_bytes)
    if read.refused == "too-large":
        return None, [
            make("YK002", loc_file.at(), size=read.size, limit=config.limits.max_file_bytes)
        ]
    if read.refused == "binary":
        return None, [make("YK003", loc_file.at(), reason=read.detail)]
    if read.text is None:
        return None, [make("YK001", loc_file.at(), reason=read.detail)]
    findings = []
    if read.encoding != "utf-8":
        findings.append(make("YK012", loc_file.at(), encoding=read.encoding))
    return InputFile(found.path, found.rel, read.text), findings


def _analyze(task: _AnalyzeTask) -> tuple[InputRecord, AnalysisResult]:
    source, findings = _read(task.found, task.ctx.config)
    if source is None:
        return InputRecord(task.found.rel, "", "explained", findings=findings), AnalysisResult()
    name = ""
    try:  # detection reads the content too: one bad input must never stop the batch
        analyzer = next((a for a in ANALYZERS if a.detect(source)), None)
        if analyzer is None:
            findings.append(make("YK004", source.at()))
            return InputRecord(source.rel, "", "explained", findings=findings), AnalysisResult()
        name = analyzer.name
        result = analyzer.analyze(source, task.ctx)
    except Exception as err:
        result = AnalysisResult(findings=[make("YK011", source.at(), detail=_describe(err))])
    record = InputRecord(source.rel, name, result.outcome, findings=findings + result.findings)
    result.findings = []
    return record, result


def _describe(err: BaseException) -> str:
    return redact(f"{type(err).__name__}: {err}")[:300]


def _context(found: list[Discovered], config: Config) -> AnalysisContext:
    """Configuration inputs (Spark properties files) every job analyzer may consult."""
    ctx = AnalysisContext(config)
    for item in found:
        source, _ = _read(item, config)
        try:
            if source is not None and looks_like_spark_properties(source):
                ctx.properties[item.rel] = load_properties(source)
        except Exception:  # the file's own analysis reports the problem (YK011)
            continue
    return ctx


# --- name -------------------------------------------------------------------------------


# File stems that say nothing about the work (`run.sh`, `submit.sh`): a JVM job in such a
# file is named after its main class instead.
_GENERIC_STEMS = frozenset(
    {"run", "submit", "start", "launch", "job", "main", "go", "exec", "execute", "entrypoint"}
    | {"script", "driver", "spark-submit", "submit-job", "run-job", "run-spark", "crontab"}
)
# Main classes whose simple name is as generic: the package's last part goes in front.
_GENERIC_CLASSES = frozenset({"main", "app", "application", "driver", "runner", "job", "launcher"})
_JVM_KINDS = frozenset({"java", "spark", "mapreduce"})


def _class_name(unit: MigrationJob | Workflow) -> str:
    """A JVM job's main class as a name: `com.example.DailyReport` -> `daily-report`."""
    main = unit.main_class if isinstance(unit, MigrationJob) else ""
    if unit.kind not in _JVM_KINDS or not main or "${" in main or "$(" in main:
        return ""
    parts = [p for p in main.rstrip("$").split(".") if p]  # Scala objects end in `$`
    if not parts or not re.search(r"[A-Za-z0-9]", parts[-1]):
        return ""
    words = parts[-1]
    if words.lower() in _GENERIC_CLASSES and len(parts) > 1:
        words = f"{parts[-2]}-{words}"
    # CamelCase -> kebab-case, acronyms kept whole (HTTPServer -> http-server).
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", words)
    return dns_name(words, fallback="class")


def _base_name(unit: MigrationJob | Workflow, many_in_file: bool) -> str:
    stem = PurePosixPath(unit.location.path).stem or "job"
    if unit.source_name and "${" not in unit.source_name:
        return dns_name(unit.source_name)
    main_class = _class_name(unit)
    if main_class and dns_name(stem) in _GENERIC_STEMS:
        return main_class
    if main_class and many_in_file:
        return dns_name(f"{stem}-{main_class}")
    main = unit.main_file if isinstance(unit, MigrationJob) else ""
    if many_in_file and main and "${" not in main:
        return dns_name(f"{stem}-{PurePosixPath(main).stem}")
    if many_in_file and isinstance(unit, Workflow):
        return dns_name(f"{stem}-{unit.kind}")
    return dns_name(stem)


def assign_names(jobs: Sequence[MigrationJob | Workflow]) -> None:
    """Give every job a unique, stable DNS-1123 name.

    Every member of a colliding group gets a suffix hashed from its source path and
    position, so a name never depends on input order or on which job was seen first.
    """
    per_file = collections.Counter(j.location.path for j in jobs)
    bases = [_base_name(j, per_file[j.location.path] > 1) for j in jobs]
    groups = collections.Counter(bases)
    for job, base in zip(jobs, bases, strict=True):
        job.name = base
        if groups[base] > 1:
            job.name = with_suffix(base, short_hash(f"{job.location}#{_main(job)}"))
        if job.source_name and job.name != job.source_name and "${" not in job.source_name:
            job.findings.append(make("KM001", job.location, old=job.source_name, new=job.name))
    _break_remaining_ties(jobs)


def _main(unit: MigrationJob | Workflow) -> str:
    return unit.main_file if isinstance(unit, MigrationJob) else unit.kind


def _break_remaining_ties(jobs: Sequence[MigrationJob | Workflow]) -> None:
    # Identical location and main file (two commands on one line): add the ordinal.
    seen: collections.Counter[str] = collections.Counter()
    for job in sorted(jobs, key=lambda j: (j.name, str(j.location), _main(j))):
        seen[job.name] += 1
        if seen[job.name] > 1:
            job.name = with_suffix(job.name, str(seen[job.name]))


# --- convert ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _ConvertTask:
    unit: MigrationJob | Workflow
    config: Config
    root: Path
    source: Path


def _readiness(findings: Iterable[Finding]) -> Readiness:
    worst = max((f.severity.rank for f in findings), default=0)
    return {0: Readiness.READY, 1: Readiness.REVIEW, 2: Readiness.BLOCKED}[worst]


def _convert_unit(unit: MigrationJob | Workflow, ctx: ConversionContext) -> Artifacts:
    if isinstance(unit, Workflow):
        workflow_converter = WORKFLOW_CONVERTERS.get(unit.kind)
        if workflow_converter is None:
            return Artifacts(findings=[make("YK015", unit.location, kind=unit.kind)])
        return workflow_converter(unit, ctx)
    unit.findings.extend(secure_job(unit))
    job_converter = JOB_CONVERTERS.get(unit.kind)
    if job_converter is None:
        return Artifacts(findings=[make("YK015", unit.location, kind=unit.kind)])
    return job_converter(unit, ctx)


def _convert(task: _ConvertTask) -> tuple[UnitResult, dict[str, bytes]]:
    unit, config = task.unit, task.config
    storage = StorageMap(config.storage, config.cluster.default_fs)
    ctx = ConversionContext(config, storage, task.root, task.source)
    try:
        out = _convert_unit(unit, ctx)
    except Exception as err:  # one bad unit must never stop the batch
        out = Artifacts(findings=[make("YK011", unit.location, detail=_describe(err))])
    findings = sorted(
        {f.with_job(unit.name) for f in unit.findings + out.findings}, key=Finding.sort_key
    )
    readiness = _readiness(findings)
    if isinstance(unit, MigrationJob):
        add_job_record(out, unit, readiness.value, config, findings)
    result = UnitResult(unit, readiness, findings, sorted(out.files), sorted(out.used_inputs))
    result.inventory = unit_inventory(unit).to_dict()  # in the worker: the report is serial
    return result, out.files


# --- run --------------------------------------------------------------------------------


def run(
    paths: list[Path],
    config: Config,
    workers: int = 1,
    live: LiveData | None = None,
    progress: Progress | None = None,
    timings: dict[str, float] | None = None,
    fetch: FetchSettings | None = None,
) -> RunResult:
    """Analyze and convert everything under `paths`; nothing is written here.

    `live` (History Server / ResourceManager data) right-sizes the jobs it knows before they
    are converted: advice by default, applied under `config.rightsizing.apply`. `timings`, when
    given, receives the seconds each phase took (discover, analyze, enrich, convert). `fetch`
    downloads the jobs' hdfs:// artifacts over WebHDFS here, once, before any worker starts.
    """
    clock = _Clock(timings)
    fscache.clear()  # this run sees the files as they are now
    found = discover(paths)
    ctx = _context(found, config)
    clock.lap("discover")
    tasks_in = [_AnalyzeTask(f, ctx) for f in found]
    analyzed = list(_parallel_map(_analyze, tasks_in, workers, "analyzing", progress))
    clock.lap("analyze")
    inputs = [record for record, _ in analyzed]
    jobs = [job for _, result in analyzed for job in result.jobs]
    workflows = [wf for _, result in analyzed for wf in result.workflows]
    assign_names(jobs)
    assign_names(workflows)
    reconcile_estate(jobs, workflows)  # before conversion: its findings reach job.json
    plan_site_wiring(jobs, workflows)  # which site ConfigMaps each Spark application mounts
    if live is not None:
        attach_live(jobs, live, config)
    if fetch is not None:
        fetch_job_artifacts([*jobs, *workflows], fetch)
    for record, (_, result) in zip(inputs, analyzed, strict=True):
        names = [j.name for j in result.jobs] + [w.name for w in result.workflows]
        record.jobs = sorted(names)
    clock.lap("enrich")
    roots = {f.rel: (f.root, f.path) for f in found}
    units: list[MigrationJob | Workflow] = [*jobs, *workflows]
    tasks = [_ConvertTask(u, config, *roots[u.location.path]) for u in units]
    files = Spool()  # on disk as each unit arrives: memory stays flat with the estate's size
    results: list[UnitResult] = []
    for unit_result, unit_files in _parallel_map(_convert, tasks, workers, "converting", progress):
        files.update(unit_files)
        results.append(unit_result)
    results.sort(key=lambda r: (r.unit.name, str(r.unit.location)))
    job_results = [r for r in results if isinstance(r.unit, MigrationJob)]
    workflow_results = [r for r in results if isinstance(r.unit, Workflow)]
    _credit_used_inputs(inputs, results, found)
    clock.lap("convert")
    return RunResult(inputs, job_results, workflow_results, files)


class _Clock:
    """Per-phase wall time into a caller's dict (for benchmarks); a no-op without one."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[phase] = self.timings.get(phase, 0.0) + now - self.last
        self.last = now


def _credit_used_inputs(
    inputs: list[InputRecord], results: list[UnitResult], found: list[Discovered]
) -> None:
    """An application file a job bakes into its image counts as converted with that job."""
    # realpath, not resolve(): a symlink loop among the inputs must not raise here.
    rel_of = {Path(os.path.realpath(f.path)): f.rel for f in found}
    users: dict[str, list[str]] = collections.defaultdict(list)
    for result in results:
        for path in result.used_inputs:
            if path in rel_of:
                users[rel_of[path]].append(result.unit.name)
    for record in inputs:
        if record.outcome == "explained" and record.rel in users:
            record.outcome = "converted"
            record.jobs = sorted(set(users[record.rel]))
            # Not a job itself, and read as a file of one (binary archives included).
            record.findings = [f for f in record.findings if f.code not in ("YK003", "YK004")]


def severity_at_least(findings: list[Finding], level: Severity) -> bool:
    """Whether any finding is at or above a level (for `--fail-on`)."""
    return any(f.severity.rank >= level.rank for f in findings)


def summary(result: RunResult) -> dict[str, Any]:
    """Counts by input outcome and by job readiness; both tallies add up."""
    outcomes = collections.Counter(r.outcome for r in result.inputs)
    readiness = collections.Counter(j.readiness.value for j in result.jobs)
    flows = collections.Counter(w.readiness.value for w in result.workflows)
    return {
        "inputs": {k: outcomes.get(k, 0) for k in ("converted", "configuration", "explained")}
        | {"total": len(result.inputs)},
        "jobs": {k.value: readiness.get(k.value, 0) for k in Readiness}
        | {"total": len(result.jobs)},
        "workflows": {k.value: flows.get(k.value, 0) for k in Readiness}
        | {"total": len(result.workflows)},
    }
