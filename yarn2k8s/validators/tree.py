"""`yarn2k8s validate OUT`: check everything generated in an output tree.

Objects against schemas (:mod:`schemas`: cluster, `--crd-dir`, derived models; core kinds
through the OpenAPI validator), Dockerfiles through hadolint, compiled pipelines through kfp
and a reference check, the tree through `kubectl kustomize`, every Spark job through the
equivalence round-trip, and with a cluster a server-side dry run of every object. A kind with
no schema is reported unchecked (a warning; an error under `--strict`), never silently passed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
__all__ = ["CORE_API_VERSIONS", "Options", "Problem", "TreeReport", "validate_tree"]


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
    found = []
    for path in sorted(out.rglob("*.yaml")):
        if path.name in _NOT_OBJECTS:
            continue
        rel = path.relative_to(out).as_posix()
        for doc in yaml.load_all(path.read_text(encoding="utf-8"), Loader=_LOADER):
            # A document with neither apiVersion nor kind is not an object (e.g. a KFP run).
            if not isinstance(doc, dict) or not ({"apiVersion", "kind"} & doc.keys()):
                continue
            if doc.get("kind") not in _SKIP_KINDS:
                found.append((rel, doc))
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
    """Run every check on an output tree."""
    options = options or Options()
    report = TreeReport()
    try:
        schemas = schema_set(options)
    except ClusterError as err:
        report.add([make("VA031", SourceLocation(".", 0), reason=str(err))])
        schemas = schema_set(Options(crd_dir=options.crd_dir, derived=options.derived))
    objects = objects_in(out)
    for rel, obj in objects:
        report.add(object_findings(rel, obj, schemas, options.strict))
        report.add(pss_findings(rel, obj))  # Pod Security Standards, restricted profile
    report.checked["objects"] = len(objects)
    if options.cluster is not None:
        report.add(list(_dry_runs(options.cluster, objects)))
    _file_checks(out, options, report)
    if options.equivalence:
        report.equivalence = list(equivalence_of(out, options.minimum_allocation))
        report.checked["spark jobs"] = len(report.equivalence)
        for result in report.equivalence:
            report.add(result.findings)
    report.problems = sorted(set(report.problems))
    return report


def _dry_runs(cluster: Cluster, objects: list[tuple[str, dict[str, Any]]]) -> Iterator[Finding]:
    for rel, obj in objects:
        reason = cluster.dry_run(obj)
        if reason is not None:
            name = str((obj.get("metadata") or {}).get("name", ""))
            yield make(
                "VA030", SourceLocation(rel, 0), kind=obj.get("kind"), name=name, reason=reason
            )


def _file_checks(out: Path, options: Options, report: TreeReport) -> None:
    """hadolint, kfp and kustomize; a missing tool is an info finding (VA010)."""
    if options.hadolint:
        from yarn2k8s.validators.dockerfile import lint  # spawns a binary

        dockerfiles = sorted(out.rglob("Dockerfile"))
        report.checked["Dockerfiles"] = len(dockerfiles)
        try:
            report.add(lint(dockerfiles, out))
        except FileNotFoundError:
            report.add([make("VA010", SourceLocation(".", 0), tool="hadolint", what="lint")])
    if options.pipelines:
        from yarn2k8s.validators.kfp_check import check_pipeline

        pipelines = sorted(out.rglob("pipeline.yaml"))
        report.checked["pipelines"] = len(pipelines)
        for path in pipelines:
            report.add(check_pipeline(path, out))
    if options.kustomize:
        from yarn2k8s.validators.kustomize import check_kustomize

        report.add(check_kustomize(out))


def equivalence_of(out: Path, minimum_allocation: int = 1024) -> Iterator[JobEquivalence]:
    """The equivalence round-trip for every Spark job folder of OUT."""
    config_maps = _config_maps(out)
    for record_path in sorted(out.glob("jobs/*/job.json")):
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if record.get("kind") != "spark":
            continue
        folder = record_path.parent
        apps = [
            doc
            for path in sorted((folder / "k8s").glob("*.yaml"))
            for doc in yaml.load_all(path.read_text(encoding="utf-8"), Loader=_LOADER)
            if isinstance(doc, dict) and doc.get("kind") in _SPARK_KINDS
        ]
        if not apps:
            continue  # nothing was converted (SP009/SP023 already say why)
        dockerfile = folder / "Dockerfile"
        text = dockerfile.read_text(encoding="utf-8") if dockerfile.is_file() else ""
        yield check_job(record, apps[0], text, minimum_allocation, config_maps)


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
