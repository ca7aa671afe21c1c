"""Oozie analyzers: workflows, coordinators and bundles (by root element), and the files of
their application folders (job.properties, config-default.xml, job-xml, scripts).

A workflow unit carries its parsed graph, its properties (config-default.xml < job.properties),
its resolved sub-workflows and the Spark jobs of its spark actions (and of shell actions that
run spark-submit), and the training or model-serving jobs of shell/java actions that launch
them (oozie_training), which the Kubeflow converter embeds in the pipeline.
"""

from __future__ import annotations

import functools
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.oozie_app import (
    AppRoot,
    find_app_file,
    fold_text,
    input_root,
    join,
    lib_files,
    load_properties,
    oozie_xml_in,
    parent,
    resolve_app_path,
    secret_properties,
    submission_dirs,
)
from yarn2k8s.analyzers.oozie_coordinator import parse_bundle, parse_coordinator
from yarn2k8s.analyzers.oozie_model import (
    Action,
    OozieBundle,
    OozieCoordinator,
    OozieWorkflow,
    Property,
    SubWorkflow,
)
from yarn2k8s.analyzers.oozie_spark import shell_spark_steps, spark_action_job
from yarn2k8s.analyzers.oozie_training import LAUNCH, launch_job
from yarn2k8s.analyzers.oozie_workflow import parse_workflow
from yarn2k8s.analyzers.oozie_xml import ROOTS, line_of, root_hint, tag
from yarn2k8s.findings import make
from yarn2k8s.model import MigrationJob, SourceLocation, Workflow
from yarn2k8s.security.limits import read_text
from yarn2k8s.security.xml import UnsafeXmlError, XmlSyntaxError, parse_xml

MAX_SUBWORKFLOW_DEPTH = 8
_REFERENCE_FIELDS = ("exec", "file", "archive", "script", "jar")


def looks_like_oozie(source: InputFile) -> str:
    """The Oozie root element of an XML input ("" when it is not one)."""
    head = source.text.lstrip("\ufeff \t\r\n")
    return root_hint(source.text) if head.startswith("<") else ""


class OozieAnalyzer:
    """workflow-app, coordinator-app and bundle-app documents, whatever the file is called."""

    name = "oozie"

    def detect(self, source: InputFile) -> bool:
        """By the root element, not the file name."""
        return bool(looks_like_oozie(source))

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One Workflow unit per document; unreadable XML is a finding."""
        try:
            root = parse_xml(source.text)
        except UnsafeXmlError as err:
            return AnalysisResult(findings=[make("OZ002", source.at(err.line), detail=str(err))])
        except XmlSyntaxError as err:
            return AnalysisResult(findings=[make("OZ001", source.at(err.line), detail=str(err))])
        kind = tag(root)
        if kind not in ROOTS:
            return AnalysisResult(findings=[make("YK004", source.at())])
        reader = _Reader(AppRoot(input_root(source.path, source.rel)), ctx)
        unit = reader.unit(kind, root, source)
        return AnalysisResult(workflows=[unit], outcome="converted")


class _Reader:
    """Reads one document and everything it points at (sub-workflows, coordinators)."""

    def __init__(self, app: AppRoot, ctx: AnalysisContext) -> None:
        self.app = app
        self.ctx = ctx
        self.jobs: list[MigrationJob] = []

    def unit(self, kind: str, root: Element, source: InputFile) -> Workflow:
        loc = source.at(line_of(source.text, kind))
        if kind == "workflow-app":
            wf = self.workflow(root, source, {}, depth=0, seen=())
            props = {k: p.value for k, p in wf.properties.items()}
            data: OozieWorkflow | OozieCoordinator | OozieBundle = wf
            unit = Workflow("oozie-workflow", wf.name, loc, parameters=props, findings=wf.findings)
        elif kind == "coordinator-app":
            coord = self.coordinator(root, source, {})
            data = coord
            props = {k: p.value for k, p in coord.properties.items()}
            unit = Workflow("oozie-coordinator", coord.name, loc, parameters=props)
            unit.findings = coord.findings
        else:
            bundle = self.bundle(root, source)
            data = bundle
            props = {k: p.value for k, p in bundle.properties.items()}
            unit = Workflow("oozie-bundle", bundle.name, loc, parameters=props)
            unit.findings = bundle.findings
        unit.data["oozie"] = data
        unit.steps = self.jobs
        return unit

    # --- workflows --------------------------------------------------------------------

    def workflow(
        self,
        root: Element,
        source: InputFile,
        passed: dict[str, Property],
        depth: int,
        seen: tuple[str, ...],
    ) -> OozieWorkflow:
        wf = parse_workflow(root, source.text, source.rel)
        wf.app_dir = parent(source.rel)
        if depth == 0:
            wf.properties, chosen = load_properties(self.app, source.rel, "workflow")
            wf.findings.extend(
                make("SE006", SourceLocation(p.origin, p.line), key=p.name)
                for p in secret_properties(wf.properties)
            )
            if chosen:
                wf.findings.append(
                    make("OZ008", source.at(), path=chosen, count=len(wf.properties))
                )
        else:
            wf.properties, _ = load_properties_defaults(self.app, source.rel)
        wf.properties.update(passed)
        wf.app_files = app_references(self.app, wf)
        values = property_values(wf)
        self._subworkflows(wf, values, depth, (*seen, source.rel))
        self._spark(wf, values, source)
        return wf

    def _subworkflows(
        self, wf: OozieWorkflow, values: dict[str, str], depth: int, seen: tuple[str, ...]
    ) -> None:
        for node in wf.nodes.values():
            if node.action is None or node.action.type != "sub-workflow":
                continue
            app_path = fold_text(node.action.first("app-path"), values)
            sub = SubWorkflow(app_path=node.action.first("app-path"))
            wf.subworkflows[node.name] = sub
            rel, reason = resolve_app_path(self.app, wf.rel, app_path, "workflow")
            if not rel:
                sub.reason = reason
                continue
            if rel in seen or depth >= MAX_SUBWORKFLOW_DEPTH:
                sub.reason = "recursive sub-workflow" if rel in seen else "nested too deeply"
                continue
            sub.rel = rel
            sub.model = self._child(rel, self._passed(node.action, wf, values), depth, seen)
            if sub.model is None:
                sub.reason = f"`{rel}` is not a readable workflow"

    def _passed(
        self, action: Action, wf: OozieWorkflow, values: dict[str, str]
    ) -> dict[str, Property]:
        """What a sub-workflow receives: the parent's properties if propagated, then its
        <configuration> (folded in the parent's scope)."""
        passed: dict[str, Property] = {}
        if "propagate-configuration" in action.flags:
            passed.update(wf.properties)
        for key, value in action.configuration.items():
            passed[key] = Property(key, fold_text(value, values), wf.rel)
        return passed

    def _child(
        self, rel: str, passed: dict[str, Property], depth: int, seen: tuple[str, ...]
    ) -> OozieWorkflow | None:
        text = self.app.read(rel)
        path = self.app.path(rel)
        if text is None or path is None:
            return None
        try:
            root = parse_xml(text)
        except (UnsafeXmlError, XmlSyntaxError):
            return None
        if tag(root) != "workflow-app":
            return None
        return self.workflow(root, InputFile(path, rel, text), passed, depth + 1, seen)

    def _spark(self, wf: OozieWorkflow, values: dict[str, str], source: InputFile) -> None:
        launches: list[MigrationJob] = []
        for node in wf.nodes.values():
            action = node.action
            if action is None:
                continue
            if action.type == "spark":
                job = spark_action_job(node, wf, values, source, self.ctx)
                if job is not None:
                    self.jobs.append(job)
            elif action.type == "shell":
                steps = shell_spark_steps(node, wf, values, source, self.ctx)
                for job in steps.jobs:
                    job.extra["oozie_dropped"] = steps.dropped
                self.jobs.extend(steps.jobs)
                if steps.jobs:
                    continue
            if action.type in ("shell", "java"):
                launched = launch_job(node, wf, values, source, self.ctx)
                if launched is not None:
                    launches.append(launched)
        # A model server only becomes a deploy step after a training step: without one, the
        # action stays what it was and its job must not reach the unit (reports, enrichment).
        if any(j.extra[LAUNCH] == "training" for j in launches):
            self.jobs.extend(launches)

    # --- coordinators and bundles ------------------------------------------------------

    def coordinator(
        self, root: Element, source: InputFile, passed: dict[str, Property]
    ) -> OozieCoordinator:
        coord = parse_coordinator(root, source.text, source.rel)
        props, chosen = load_properties(self.app, source.rel, "coordinator")
        coord.properties = {**coord.properties, **props, **passed}
        if chosen:
            coord.findings.append(make("OZ008", source.at(), path=chosen, count=len(props)))
        values = {k: p.value for k, p in coord.properties.items()}
        app_path = fold_text(coord.app_path, values)
        sub = SubWorkflow(app_path=coord.app_path)
        coord.workflow = sub
        rel, reason = resolve_app_path(self.app, source.rel, app_path, "workflow")
        if not rel:
            sub.reason = reason
            return coord
        sub.rel = rel
        wf_props = dict(coord.properties)
        wf_props.update({k: Property(k, v, source.rel) for k, v in coord.configuration.items()})
        sub.model = self._child(rel, wf_props, 0, (source.rel,))
        if sub.model is None:
            sub.reason = f"`{rel}` is not a readable workflow"
        return coord

    def bundle(self, root: Element, source: InputFile) -> OozieBundle:
        bundle = parse_bundle(root, source.text, source.rel)
        props, _ = load_properties(self.app, source.rel, "bundle")
        for prop in bundle.parameters:
            props.setdefault(prop.name, prop)
        bundle.properties = props
        values = {k: p.value for k, p in props.items()}
        for entry in bundle.coordinators:
            app_path = fold_text(entry.app_path, values)
            rel, reason = resolve_app_path(self.app, source.rel, app_path, "coordinator")
            entry.rel, entry.reason = rel, reason
            text = self.app.read(rel) if rel else None
            path = self.app.path(rel) if rel else None
            if text is None or path is None:
                entry.reason = entry.reason or f"`{rel}` cannot be read"
                continue
            try:
                coord_root = parse_xml(text)
            except (UnsafeXmlError, XmlSyntaxError) as err:
                entry.reason = f"`{rel}` is not valid XML: {err}"
                continue
            passed = dict(props)
            for key, value in entry.configuration.items():
                passed[key] = Property(key, fold_text(value, values), source.rel)
            entry.model = self.coordinator(coord_root, InputFile(path, rel, text), passed)
        return bundle


def load_properties_defaults(app: AppRoot, rel: str) -> tuple[dict[str, Property], str]:
    """A sub-workflow's own defaults: only its config-default.xml (job.properties is for
    submission, which a parent workflow does instead)."""
    props, _ = load_properties(app, rel, "workflow")
    return {k: p for k, p in props.items() if p.origin.endswith("config-default.xml")}, ""


def property_values(wf: OozieWorkflow) -> dict[str, str]:
    """Values for folding: <parameters> defaults, then the workflow's properties."""
    values = {p.name: p.value for p in wf.parameters if not p.required}
    values.update({k: p.value for k, p in wf.properties.items()})
    return values


def app_references(app: AppRoot, wf: OozieWorkflow) -> list[str]:
    """Input files the workflow's actions use: lib/, scripts, files, archives, job-xml."""
    found: set[str] = set()
    for folder in submission_dirs(wf.rel):
        found.update(lib_files(app, folder))
    for node in wf.nodes.values():
        action = node.action
        if action is None:
            continue
        values = [*action.job_xml, *(v for f in _REFERENCE_FIELDS for v in action.all(f))]
        values += action.streaming.get("file", [])
        for value in values:
            rel = find_app_file(app, wf.app_dir, value)
            if rel:
                found.add(rel)
    for value in wf.global_job_xml:
        rel = find_app_file(app, wf.app_dir, value)
        if rel:
            found.add(rel)
    return sorted(found)


# --------------------------------------------------------------------------- app files


class OozieAppFileAnalyzer:
    """job.properties, config-default.xml, job-xml and scripts of an Oozie application."""

    name = "oozie-app"

    def detect(self, source: InputFile) -> bool:
        """Configuration of an Oozie app by name and content, or a file a workflow uses."""
        return bool(self._role(source))

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """Configuration is read with its workflow; a script is converted with its workflow."""
        role = self._role(source)
        if role in ("job.properties", "config-default.xml", "job-xml"):
            return AnalysisResult(outcome="configuration")
        return AnalysisResult(findings=[make("OZ043", source.at(), workflow=role)])

    def _role(self, source: InputFile) -> str:
        name = source.name
        if name.endswith(".properties") and _is_job_properties(source):
            return "job.properties"
        if name == "config-default.xml" and "<configuration" in source.text:
            return "config-default.xml"
        root = input_root(source.path, source.rel)
        user = _workflow_using(str(root), source.rel)
        if user and source.text.lstrip().startswith("<") and "<configuration" in source.text:
            return "job-xml"
        return user


def _is_job_properties(source: InputFile) -> bool:
    if "oozie." in source.text or "nameNode" in source.text or "jobTracker" in source.text:
        return True
    root = input_root(source.path, source.rel)
    for folder in (parent(source.rel), join(parent(source.rel), "hdfs")):
        if oozie_xml_in(str(root / folder) if folder else str(root)):
            return True
    return False


def _workflow_using(root: str, rel: str) -> str:
    """The workflow (relative path) whose actions use an input file, or ""."""
    folder = parent(rel)
    for _ in range(4):
        for xml in oozie_xml_in(str(Path(root, folder)) if folder else root):
            wf_rel = PurePosixPath(xml).relative_to(root).as_posix()
            if rel in _references(root, wf_rel, Path(xml).stat().st_mtime_ns):
                return wf_rel
        if not folder:
            break
        folder = parent(folder)
    return ""


@functools.lru_cache(maxsize=256)
def _references(root: str, wf_rel: str, stamp: int) -> frozenset[str]:
    """Files a workflow uses (cached by its modification time)."""
    app = AppRoot(Path(root))
    path = app.path(wf_rel)
    if path is None:
        return frozenset()
    text = read_text(path).text
    try:
        parsed = parse_xml(text or "")
    except (UnsafeXmlError, XmlSyntaxError):
        return frozenset()
    if tag(parsed) != "workflow-app":
        return frozenset()
    wf = parse_workflow(parsed, text or "", wf_rel)
    wf.app_dir = parent(wf_rel)
    return frozenset(app_references(app, wf))
