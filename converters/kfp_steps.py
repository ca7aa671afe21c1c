"""What a pipeline step is before it becomes code: a container component and how it is called.

Every Oozie action becomes its own `@dsl.container_component` (one executor per action, as
KFP compiles it anyway), named after the node, so pipeline.py reads like the workflow.
Arguments are Values (kfp_values): the generated code joins their parts with
`dsl.ConcatPlaceholder`, and each non-literal part becomes a component input bound at the call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yarn2k8s.analyzers.oozie_app import AppRoot
from yarn2k8s.analyzers.oozie_model import Node, OozieWorkflow
from yarn2k8s.converters.kfp_values import (
    Context,
    Lit,
    Part,
    Placeholder,
    Resolver,
    Runtime,
    TaskOutput,
    Value,
    identifier,
    literal,
)
from yarn2k8s.model import Finding, SourceLocation

CONTROL_IMAGE = "python:3.12.7-slim-bookworm"  # pinned: runs our stdlib-only step scripts


@dataclass(frozen=True)
class Out:
    """An output parameter's file path (`dsl.OutputPath(str)`) in the arguments."""

    name: str


@dataclass(frozen=True)
class ConstJson:
    """A module constant of pipeline.py passed as JSON text (`json.dumps(NAME)`)."""

    name: str


Arg = Value | Out | ConstJson


@dataclass
class SecretUse:
    """A Secret a step reads: as environment variables or mounted as files."""

    secret: str
    env: dict[str, str] = field(default_factory=dict)  # secret key -> variable
    path: str = ""  # mount path (volume) when set
    purpose: str = ""


@dataclass
class Component:
    """One container component (an Oozie node's work)."""

    func: str
    doc: str
    image: str  # the name of a module constant: CONTROL_IMAGE or WORKFLOW_IMAGE
    command: list[Value]
    args: list[Arg]
    outputs: list[str] = field(default_factory=list)
    status_input: bool = False
    secrets: list[SecretUse] = field(default_factory=list)
    retry: tuple[int, int] | None = None  # (retries, backoff seconds)
    runner: str = ""  # a step script of runners.py: the command is `python3 -c <script>`
    kind: str = ""  # the Oozie action type (for the README's table)
    how: str = ""  # how it was converted
    constants: dict[str, Any] = field(default_factory=dict)  # module constants it uses

    def parts(self) -> list[Part]:
        """Distinct non-literal parts, in first-use order (they become the inputs)."""
        seen: list[Part] = []
        values = [*self.command, *(a for a in self.args if isinstance(a, tuple))]
        for value in values:
            for part in value:
                if not isinstance(part, Lit) and part not in seen:
                    seen.append(part)
        return seen

    def runtime_parts(self) -> list[Runtime]:
        """Expressions an evaluator step must compute first."""
        return [p for p in self.parts() if isinstance(p, Runtime)]


@dataclass
class StepContext:
    """Everything a step builder needs about where it is."""

    wf: OozieWorkflow
    node: Node
    resolver: Resolver
    ctx: Context
    prefix: str  # identifier prefix for nested pipelines ("" at the top)
    findings: list[Finding]
    workflow_image: str
    app: AppRoot | None = None  # the input root, to read the application's scripts

    @property
    def loc(self) -> SourceLocation:
        """The node's source location."""
        return SourceLocation(self.wf.rel, self.node.line)

    def value(self, text: str) -> Value:
        """EL text as a Value in this step's context."""
        return self.resolver.value(text, self.ctx)

    def func(self, suffix: str = "op") -> str:
        """The component function name for this node."""
        return identifier(f"{self.prefix}{self.node.name}_{suffix}")


def kill_component(sc: StepContext) -> Component:
    """<kill> on a path: print the message and fail the run."""
    message = sc.value(sc.node.message or f"killed at {sc.node.name}")
    return Component(
        func=sc.func("kill"),
        doc=f"Oozie kill node `{sc.node.name}`: print its message and fail.",
        image="CONTROL_IMAGE",
        command=[literal("sh"), literal("-c"), literal('printf "%s\\n" "$0" >&2; exit 1')],
        args=[message],
        kind="kill",
        how="step printing the message, exit 1",
    )


def skip_component(sc: StepContext) -> Component:
    """The empty branch of a condition chain (KFP lets later tasks wait only on full chains)."""
    return Component(
        func=sc.func("skip"),
        doc=f"Nothing to run: `{sc.node.name}` took a branch with no steps.",
        image="CONTROL_IMAGE",
        command=[literal("true")],
        args=[],
        kind="skip",
    )


def gate_component(sc: StepContext) -> Component:
    """The status gate after an action whose error transition goes to a handler."""
    return Component(
        func=sc.func("status"),
        doc=f"Final status of `{sc.node.name}`: selects its error handler.",
        image="CONTROL_IMAGE",
        command=[],
        args=[Out("state"), Out("error_message"), Out("error_code"), Out("failed_task")],
        outputs=["state", "error_message", "error_code", "failed_task"],
        status_input=True,
        runner="GATE_RUNNER",
        kind="gate",
    )


def placeholder_component(sc: StepContext, reason: str) -> Component:
    """A step that keeps the original XML and fails when run (blocking finding beside it)."""
    xml = sc.node.action.xml if sc.node.action else ""
    return Component(
        func=sc.func(),
        doc=f"PLACEHOLDER for Oozie node `{sc.node.name}` ({reason}): replace before running.",
        image="CONTROL_IMAGE",
        command=[literal("sh"), literal("-c"), literal('printf "%s\\n" "$0" "$1" >&2; exit 1')],
        args=[literal(f"not converted: {reason}"), literal(xml or "(no XML)")],
        kind=(sc.node.action.type if sc.node.action else "") or "unknown",
        how=f"placeholder step (fails): {reason}",
    )


def placeholder_name(part: Part) -> str:
    """The component input name of a KFP placeholder part."""
    assert isinstance(part, Placeholder)
    return {
        "PIPELINE_JOB_ID_PLACEHOLDER": "run_id",
        "PIPELINE_JOB_NAME_PLACEHOLDER": "run_name",
        "PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER": "create_time",
        "PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER": "schedule_time",
    }.get(part.name, identifier(part.name.lower()))


def output_name(part: TaskOutput) -> str:
    """The component input name of an upstream output."""
    return identifier(f"{part.node}_{part.key}")
