"""What the Oozie reader hands the Kubeflow converter: workflows, coordinators and bundles.

Plain, picklable dataclasses (units travel between worker processes). Values keep their EL
text; the converter decides what is folded at conversion time and what stays a run-time
parameter. Every element carries the 1-based line where it starts (0 when unknown).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yarn2k8s.model import Finding


@dataclass
class Property:
    """A named value and where it came from (job.properties, config-default.xml, XML)."""

    name: str
    value: str
    origin: str  # relative path of the file that set it
    line: int = 0
    required: bool = False  # a <parameters> entry without a default


@dataclass
class FsOp:
    """One operation of an fs action or a <prepare> block."""

    op: str  # delete, mkdir, move, chmod, touchz, chgrp, setrep
    attrs: dict[str, str]
    recursive: bool = False
    line: int = 0


@dataclass
class Action:
    """An action node's payload: its type, its simple fields and its structured parts."""

    type: str  # spark, shell, java, map-reduce, streaming, pipes, pig, hive, ... sub-workflow
    namespace: str  # the XML namespace of the action element (schema and version)
    fields: dict[str, list[str]] = field(default_factory=dict)  # child tag -> texts, in order
    configuration: dict[str, str] = field(default_factory=dict)
    job_xml: list[str] = field(default_factory=list)
    prepare: list[FsOp] = field(default_factory=list)
    ops: list[FsOp] = field(default_factory=list)  # fs action
    streaming: dict[str, list[str]] = field(default_factory=dict)  # map-reduce/streaming
    flags: set[str] = field(default_factory=set)  # empty elements: capture-output, ...
    cred: list[str] = field(default_factory=list)
    retry_max: str = ""
    retry_interval: str = ""
    retry_policy: str = ""
    xml: str = ""  # the original element, for placeholders and the README

    def first(self, tag: str, default: str = "") -> str:
        """The first text of a child element."""
        values = self.fields.get(tag)
        return values[0] if values else default

    def all(self, tag: str) -> list[str]:
        """Every text of a repeated child element (`arg`, `argument`, `file`...)."""
        return list(self.fields.get(tag, []))


@dataclass
class Node:
    """A control or action node of a workflow graph."""

    name: str
    kind: str  # start, end, kill, decision, fork, join, action
    line: int = 0
    to: list[str] = field(default_factory=list)  # ok / to / fork paths / join target
    error_to: str = ""
    cases: list[tuple[str, str]] = field(default_factory=list)  # decision: (predicate, target)
    default: str = ""
    message: str = ""  # kill
    action: Action | None = None


@dataclass
class Credential:
    """A <credential> entry: a Hadoop token provider the Kerberos cluster needed."""

    name: str
    type: str
    properties: dict[str, str]
    line: int = 0


@dataclass
class SubWorkflow:
    """What a sub-workflow action's app-path resolved to."""

    app_path: str
    rel: str = ""  # the child workflow's file, relative to the input root ("" when unresolved)
    model: OozieWorkflow | None = None
    reason: str = ""  # why it did not resolve


@dataclass
class OozieWorkflow:
    """A parsed workflow-app and its application folder."""

    name: str
    rel: str  # path relative to the input root
    schema: str  # the namespace version, e.g. "uri:oozie:workflow:0.5"
    start: str = ""
    nodes: dict[str, Node] = field(default_factory=dict)  # in document order
    parameters: list[Property] = field(default_factory=list)  # <parameters>
    properties: dict[str, Property] = field(default_factory=dict)  # job.properties & defaults
    global_fields: dict[str, list[str]] = field(default_factory=dict)
    global_configuration: dict[str, str] = field(default_factory=dict)
    global_job_xml: list[str] = field(default_factory=list)
    credentials: dict[str, Credential] = field(default_factory=dict)
    app_dir: str = ""  # the folder holding workflow.xml, relative to the input root
    app_files: list[str] = field(default_factory=list)  # lib/ and scripts, relative paths
    subworkflows: dict[str, SubWorkflow] = field(default_factory=dict)  # by action node name
    sla: bool = False
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Dataset:
    """A coordinator dataset: a URI template produced at a frequency."""

    name: str
    frequency: str  # EL text
    initial_instance: str
    timezone: str
    uri_template: str
    done_flag: str | None  # None: default `_SUCCESS`; "": the directory itself
    line: int = 0


@dataclass
class DataEvent:
    """A <data-in> / <data-out>: dataset instances, as EL offsets."""

    name: str
    dataset: str
    instances: list[str]  # <instance> texts
    start_instance: str = ""
    end_instance: str = ""
    line: int = 0


@dataclass
class OozieCoordinator:
    """A parsed coordinator-app and the workflow it runs."""

    name: str
    rel: str
    schema: str
    frequency: str
    start: str
    end: str
    timezone: str
    timeout: str = ""
    concurrency: str = ""
    execution: str = ""
    throttle: str = ""
    datasets: dict[str, Dataset] = field(default_factory=dict)
    inputs: list[DataEvent] = field(default_factory=list)
    outputs: list[DataEvent] = field(default_factory=list)
    app_path: str = ""
    configuration: dict[str, str] = field(default_factory=dict)
    properties: dict[str, Property] = field(default_factory=dict)
    workflow: SubWorkflow | None = None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class BundleEntry:
    """A coordinator of a bundle."""

    name: str
    app_path: str
    configuration: dict[str, str]
    rel: str = ""
    model: OozieCoordinator | None = None
    reason: str = ""
    line: int = 0


@dataclass
class OozieBundle:
    """A parsed bundle-app: coordinators started together."""

    name: str
    rel: str
    schema: str
    kick_off_time: str = ""
    coordinators: list[BundleEntry] = field(default_factory=list)
    parameters: list[Property] = field(default_factory=list)
    properties: dict[str, Property] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
