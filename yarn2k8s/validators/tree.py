"""`yarn2k8s validate OUT`: check everything generated in an output tree.

Objects against schemas (:mod:`schemas`: cluster, `--crd-dir`, derived models; core kinds
through the OpenAPI validator), Dockerfiles through hadolint, compiled pipelines through kfp
and a reference check, the tree through `kubectl kustomize`, every Spark job through the
equivalence round-trip, and with a cluster a server-side dry run of every object. A kind with
no schema is reported unchecked (a warning; an error under `--strict`), never silently passed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation
from yarn2k8s.validators.cluster import Cluster, ClusterError
from yarn2k8s.validators.crd import CRDSchemas, check_metadata
from yarn2k8s.validators.derived_crds import DerivedSchemas
from yarn2k8s.validators.equivalence import JobEquivalence, check_job
from yarn2k8s.validators.pss import pss_findings
from yarn2k8s.validators.schemas import CORE_API_VERSIONS, SchemaSet, core_source

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SKIP_KINDS = frozenset({"Kustomization"})
_NOT_OBJECTS = frozenset({"pipeline.yaml"})  # compiled KFP IR, checked by kfp_check
_SPARK_KINDS = frozenset({"SparkApplication", "ScheduledSparkApplication"})
# Work items per worker task: enough tasks (about 80 each at 10,000 jobs) to keep two workers
# busy to the end, few enough that handing them out costs nothing. Results do not depend on it.
_FILES_PER_TASK = 256
_JOBS_PER_TASK = 128
__all__ = ["CORE_API_VERSIONS", "Options", "Problem", "TreeReport", "validate_tree"]

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, order=True)
class Problem:
    """One validation result line."""

    path: str
    severity: str  # error | warning | info
    message: str
    code: str = ""

    @classmethod
    def of(cls, finding: Finding) -> Problem:
        loc = finding.location
        where = f"{loc.path}:{loc.line}" if loc.line else loc.path
        return cls(where, finding.severity.value, finding.message, finding.code)


@dataclass(frozen=True)
class Options:
    """What `validate` runs; every check is on unless switched off."""

    crd_dir: Path | None = None
    kube_version: str | None = None
    strict: bool = False
    cluster: Cluster | None = None
    derived: bool = True
    hadolint: bool = True
    pipelines: bool = True
    kustomize: bool = True
    equivalence: bool = True
    minimum_allocation: int = 1024
    # Processes for the per-file checks (objects, Spark equivalence); 1 runs them here. The
    # report is the same for any number. With a cluster they always run here: the dry runs go
    # through its one client, and the network, not the CPU, is what they wait for.
    workers: int = 1


@dataclass
class TreeReport:
    """Everything `validate` found, plus what it checked (for the summary line)."""

    problems: list[Problem] = field(default_factory=list)
    equivalence: list[JobEquivalence] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    def add(self, findings: list[Finding]) -> None:
        self.problems += [Problem.of(f) for f in findings]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")


def objects_in(out: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every Kubernetes object under OUT (not kustomizations or pipeline IR), by path."""
    return [(rel, doc) for rel in _Listing.of(out).objects for doc in _objects_of(out, rel)]


@dataclass(frozen=True)
class _Listing:
    """The files each check reads, relative to OUT, from one walk of the tree.

    At 10,000 jobs each ``rglob`` took a second or more, in this process before any worker
    could start; the lists are what ``sorted(out.rglob(...))`` gave (``Path`` order).
    """

    objects: list[str]  # *.yaml but compiled pipelines
    pipelines: list[str]  # pipeline.yaml
    dockerfiles: list[str]
    records: list[str]  # jobs/*/job.json

    @classmethod
    def of(cls, out: Path) -> _Listing:
        objects: list[str] = []
        pipelines: list[str] = []
        dockerfiles: list[str] = []
        records: list[str] = []
        # Like rglob: symlinked folders are not entered (os.walk's default).
        for folder, dirs, names in os.walk(out):
            base = Path(folder).relative_to(out).as_posix()
            prefix = "" if base == "." else base + "/"
            if base == "jobs":  # glob("jobs/*/job.json") did enter symlinked job folders
                linked = (d for d in dirs if os.path.islink(os.path.join(folder, d)))
                names_in = (f"{d}/job.json" for d in linked)
                records += [
                    prefix + n for n in names_in if os.path.lexists(os.path.join(folder, n))
                ]
            for name in names:
                rel = prefix + name
                if name == "Dockerfile":
                    dockerfiles.append(rel)
                elif name.endswith(".yaml"):
                    (pipelines if name in _NOT_OBJECTS else objects).append(rel)
                elif name == "job.json" and rel.count("/") == 2 and rel.startswith("jobs/"):
                    records.append(rel)
        return cls(
            sorted(objects, key=_path_order),
            sorted(pipelines, key=_path_order),
            sorted(dockerfiles, key=_path_order),
            sorted(records, key=_path_order),
        )


def _path_order(rel: str) -> list[str]:
    """Sort key giving ``sorted(paths)`` order: ``PurePosixPath`` compares part by part."""
    return rel.split("/")


def _objects_of(out: Path, rel: str) -> list[dict[str, Any]]:
    """The objects of one file, in file order."""
    found = []
    for doc in yaml.load_all((out / rel).read_text(encoding="utf-8"), Loader=_LOADER):
        # A document with neither apiVersion nor kind is not an object (e.g. a KFP run).
        if not isinstance(doc, dict) or not ({"apiVersion", "kind"} & doc.keys()):
            continue
        if doc.get("kind") not in _SKIP_KINDS:
            found.append(doc)
    return found


def _as_set(schemas: SchemaSet | CRDSchemas | None) -> SchemaSet:
    if isinstance(schemas, SchemaSet):
        return schemas
    sources = [("--crd-dir", schemas)] if schemas is not None else []
    return SchemaSet(sources, core_source())


def validate_object(
    rel: str,
    obj: dict[str, Any],
    schemas: SchemaSet | CRDSchemas | None,
    strict: bool = False,
) -> list[Problem]:
    """Problems with one object (metadata, then its schema, or unchecked)."""
    return [Problem.of(f) for f in object_findings(rel, obj, _as_set(schemas), strict)]


def object_findings(
    rel: str, obj: Mapping[str, Any], schemas: SchemaSet, strict: bool = False
) -> list[Finding]:
    """Findings for one object: VA001 per schema error, VA002/VA003 when unchecked."""
    api, kind = str(obj.get("apiVersion", "")), str(obj.get("kind", ""))
    name = str((obj.get("metadata") or {}).get("name", ""))
    loc = SourceLocation(rel, 0)
    errors = set(check_metadata(obj))
    found = schemas.find(api, kind)
    if found is not None:
        errors.update(found[1].validate(obj))
    elif api not in CORE_API_VERSIONS:
        code = "VA003" if strict else "VA002"
        return [
            *(_schema_finding(loc, kind, name, e.path, e.message) for e in sorted(errors)),
            make(code, loc, api_version=api, kind=kind, sources=schemas.looked_in()),
        ]
    return [_schema_finding(loc, kind, name, e.path, e.message) for e in sorted(errors)]


def _schema_finding(loc: SourceLocation, kind: str, name: str, path: str, msg: str) -> Finding:
    return make("VA001", loc, kind=kind, name=name, path=path or "(object)", message=msg)


def schema_set(options: Options) -> SchemaSet:
    """Sources in issue 6's order: cluster, CRD folder, derived models."""
    sources: list[tuple[str, Any]] = []
    if options.cluster is not None:
        sources.append(("cluster", CRDSchemas.from_documents(options.cluster.crds())))
    if options.crd_dir is not None:
        sources.append(("--crd-dir", CRDSchemas.from_dir(options.crd_dir)))
    if options.derived:
        sources.append(("derived models", DerivedSchemas()))
    return SchemaSet(sources, core_source(options.kube_version))


def validate_tree(out: Path, options: Options | None = None) -> TreeReport:
    """Run every check on an output tree.

    With ``options.workers`` > 1 the objects and the Spark jobs are checked in worker
    processes, in chunks of the sorted file list; the report is the same as with one.
    """
    options = options or Options()
    report = TreeReport()
    kustomize = None
    if options.kustomize:
        from yarn2k8s.validators.kustomize import start_kustomize  # spawns a binary

        # One external process, the longest check at scale: it builds while the rest runs.
        kustomize = start_kustomize(out)
    try:
        _check_tree(out, options, report)
        if kustomize is not None:
            report.add(kustomize.result())
    finally:
        if kustomize is not None:
            kustomize.cancel()  # only does something when a check above raised
    report.problems = sorted(set(report.problems))
    return report


def _check_tree(out: Path, options: Options, report: TreeReport) -> None:
    """Everything but kustomize, added to ``report``."""
    try:
        schemas = schema_set(options)  # here also in parallel runs: a bad option fails here
    except ClusterError as err:
        report.add([make("VA031", SourceLocation(".", 0), reason=str(err))])
        schemas = schema_set(Options(crd_dir=options.crd_dir, derived=options.derived))
    listing = _Listing.of(out)
    files = listing.objects
    records = listing.records if options.equivalence else []
    config_maps = _config_maps(out) if options.equivalence else {}
    pool = None
    if options.workers > 1 and options.cluster is None:
        pool = ProcessPoolExecutor(
            max_workers=options.workers,
            initializer=_start_worker,
            initargs=(out, options, config_maps),
        )
    try:
        if pool is None:
            checker = _Checker(out, schemas, options, config_maps)
            run_objects, run_jobs = checker.objects, checker.jobs
        else:
            run_objects, run_jobs = _worker_objects, _worker_jobs
        # With a pool, every chunk is queued now and the results are read below, in order.
        objects = _run(pool, run_objects, files, _FILES_PER_TASK)
        jobs = _run(pool, run_jobs, records, _JOBS_PER_TASK)
        file_checks = TreeReport()
        _file_checks(out, options, file_checks, listing)  # here while the workers work
        count = 0
        for found, problems in objects:
            count += found
            report.problems += problems
        report.checked["objects"] = count
        report.problems += file_checks.problems
        report.checked.update(file_checks.checked)
        if options.equivalence:
            report.equivalence = [result for chunk in jobs for result in chunk]
            report.checked["spark jobs"] = len(report.equivalence)
            for result in report.equivalence:
                report.add(result.findings)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _run(
    pool: ProcessPoolExecutor | None, fn: Callable[[list[T]], R], items: Sequence[T], size: int
) -> Iterable[R]:
    """``fn`` over chunks of ``items``, results in chunk order; lazily in a pool's workers."""
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    if pool is None:
        return [fn(chunk) for chunk in chunks]
    return pool.map(fn, chunks)


class _Checker:
    """The per-file checks, with what they need; one per process (see :func:`_start_worker`)."""

    def __init__(
        self,
        out: Path,
        schemas: SchemaSet,
        options: Options,
        config_maps: Mapping[tuple[str, str], Mapping[str, str]],
    ) -> None:
        self.out, self.schemas, self.options, self.config_maps = out, schemas, options, config_maps

    def objects(self, rels: list[str]) -> tuple[int, list[Problem]]:
        """How many objects the files hold, and their problems (as plain, picklable values)."""
        count, findings = 0, []
        for rel in rels:
            for obj in _objects_of(self.out, rel):
                count += 1
                findings += object_findings(rel, obj, self.schemas, self.options.strict)
                findings += pss_findings(rel, obj)  # Pod Security Standards, restricted profile
                if self.options.cluster is not None:
                    findings += _dry_runs(self.options.cluster, [(rel, obj)])
        return count, [Problem.of(f) for f in findings]

    def jobs(self, records: list[str]) -> list[JobEquivalence]:
        """The equivalence results of the Spark jobs whose job.json are ``records``, in order."""
        results = (
            _job_equivalence(self.out / rel, self.options.minimum_allocation, self.config_maps)
            for rel in records
        )
        return [result for result in results if result is not None]


# The worker processes' checker, built once per process by the pool's initializer.
_WORKER: _Checker | None = None


def _start_worker(
    out: Path, options: Options, config_maps: Mapping[tuple[str, str], Mapping[str, str]]
) -> None:
    # Module state, set once per worker process: what a pool initializer is for.
    global _WORKER
    _WORKER = _Checker(out, schema_set(options), options, config_maps)


def _worker() -> _Checker:
    if _WORKER is None:
        raise RuntimeError("not in a validation worker")  # a bug, never a user error
    return _WORKER


def _worker_objects(rels: list[str]) -> tuple[int, list[Problem]]:
    return _worker().objects(rels)


def _worker_jobs(records: list[str]) -> list[JobEquivalence]:
    return _worker().jobs(records)


def _dry_runs(cluster: Cluster, objects: list[tuple[str, dict[str, Any]]]) -> Iterator[Finding]:
    for rel, obj in objects:
        reason = cluster.dry_run(obj)
        if reason is not None:
            name = str((obj.get("metadata") or {}).get("name", ""))
            yield make(
                "VA030", SourceLocation(rel, 0), kind=obj.get("kind"), name=name, reason=reason
            )


def _file_checks(out: Path, options: Options, report: TreeReport, listing: _Listing) -> None:
    """hadolint and kfp (kustomize: see validate_tree); a missing tool is an info finding."""
    if options.hadolint:
        from yarn2k8s.validators.dockerfile import lint  # spawns a binary

        dockerfiles = [out / rel for rel in listing.dockerfiles]
        report.checked["Dockerfiles"] = len(dockerfiles)
        try:
            report.add(lint(dockerfiles, out))
        except FileNotFoundError:
            report.add([make("VA010", SourceLocation(".", 0), tool="hadolint", what="lint")])
    if options.pipelines:
        from yarn2k8s.validators.kfp_check import check_pipeline

        report.checked["pipelines"] = len(listing.pipelines)
        for rel in listing.pipelines:
            report.add(check_pipeline(out / rel, out))


def equivalence_of(out: Path, minimum_allocation: int = 1024) -> Iterator[JobEquivalence]:
    """The equivalence round-trip for every Spark job folder of OUT."""
    config_maps = _config_maps(out)
    for rel in _spark_records(out):
        result = _job_equivalence(out / rel, minimum_allocation, config_maps)
        if result is not None:
            yield result


def _spark_records(out: Path) -> list[str]:
    """The job.json files of OUT's job folders, relative to OUT, sorted."""
    return [path.relative_to(out).as_posix() for path in sorted(out.glob("jobs/*/job.json"))]


def _job_equivalence(
    record_path: Path,
    minimum_allocation: int,
    config_maps: Mapping[tuple[str, str], Mapping[str, str]],
) -> JobEquivalence | None:
    """The round-trip of one job folder; None when it is not a converted Spark job."""
    record = json.loads(record_path.read_text(encoding="utf-8"))
    if record.get("kind") != "spark":
        return None
    folder = record_path.parent
    apps = [
        doc
        for path in _yaml_files(folder / "k8s")
        for doc in yaml.load_all(path.read_text(encoding="utf-8"), Loader=_LOADER)
        if isinstance(doc, dict) and doc.get("kind") in _SPARK_KINDS
    ]
    if not apps:
        return None  # nothing was converted (SP009/SP023 already say why)
    dockerfile = folder / "Dockerfile"
    text = dockerfile.read_text(encoding="utf-8") if dockerfile.is_file() else ""
    return check_job(record, apps[0], text, minimum_allocation, config_maps)


def _yaml_files(folder: Path) -> list[Path]:
    """``sorted(folder.glob("*.yaml"))``, without glob's pattern machinery (10,000 folders)."""
    try:
        entries = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    with entries:
        return sorted(folder / e.name for e in entries if e.name.endswith(".yaml"))


def _config_maps(out: Path) -> dict[tuple[str, str], dict[str, str]]:
    """The ConfigMaps under OUT/config/ (site files, spark-defaults), by namespace and name."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for path in sorted(out.glob("config/*/*.yaml")):
        for doc in yaml.load_all(path.read_text(encoding="utf-8"), Loader=_LOADER):
            if isinstance(doc, dict) and doc.get("kind") == "ConfigMap":
                meta = doc.get("metadata") or {}
                key = (str(meta.get("namespace") or "default"), str(meta.get("name", "")))
                found[key] = {str(k): str(v) for k, v in (doc.get("data") or {}).items()}
    return found
