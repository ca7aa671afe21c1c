"""Oozie EL -> Kubeflow values: literals, pipeline parameters, KFP placeholders, task outputs.

A value is a tuple of parts that the generated code joins with `dsl.ConcatPlaceholder`.
Constants fold at conversion time; variables become pipeline parameters (job.properties gives
their defaults); `wf:id()`, `timestamp()`, `coord:nominalTime()`... become KFP placeholders;
expressions needing run-time data (`fs:*`, `wf:actionData`, operators over parameters) become
"evaluator" parts computed by a step; anything without an equivalent becomes a pipeline
parameter with a finding (mapping.md section 4.3).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from typing import Any

from yarn2k8s.analyzers.oozie_el import (
    Call,
    ELSyntaxError,
    Expr,
    Literal,
    Var,
    calls,
    parse_template,
    to_json,
    unparse,
)
from yarn2k8s.analyzers.oozie_el_eval import PURE_FUNCTIONS, ELError, Scope, evaluate, to_string
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation


@dataclass(frozen=True)
class Lit:
    """Literal text."""

    text: str


@dataclass(frozen=True)
class Param:
    """A pipeline parameter, by its Python identifier."""

    name: str


@dataclass(frozen=True)
class Placeholder:
    """A KFP run-time placeholder constant of `kfp.dsl` (e.g. PIPELINE_JOB_ID_PLACEHOLDER)."""

    name: str


@dataclass(frozen=True)
class TaskOutput:
    """An output parameter of an upstream step (by the step's Oozie node name)."""

    node: str
    key: str


@dataclass(frozen=True)
class Runtime:
    """An expression only a run-time evaluator step can compute."""

    expr: Expr
    text: str  # canonical EL, for comments and finding messages


Part = Lit | Param | Placeholder | TaskOutput | Runtime
Value = tuple[Part, ...]

PLACEHOLDERS = {
    "wf:id": "PIPELINE_JOB_ID_PLACEHOLDER",
    "wf:name": "PIPELINE_JOB_NAME_PLACEHOLDER",
    "timestamp": "PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER",
    "coord:actualTime": "PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER",
    "coord:nominalTime": "PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER",
}
# Identity functions Oozie answers from the submission; the pipeline takes them as parameters.
_IDENTITY = {
    "wf:user": ("wf_user", "user.name"),
    "coord:user": ("wf_user", "user.name"),
    "wf:group": ("wf_group", "group.name"),
    "wf:appPath": ("wf_app_path", "oozie.wf.application.path"),
    "coord:name": ("coord_name", ""),
}
_ERROR_FUNCTIONS = {
    "wf:errorMessage": "error_message",
    "wf:errorCode": "error_code",
    "wf:lastErrorNode": "failed_task",
}
# Functions a run-time evaluator step can compute (given its bindings).
RUNTIME_FUNCTIONS = frozenset(
    {"fs:exists", "fs:isDir", "fs:fileSize", "fs:dirSize", "fs:blockSize", "wf:actionData"}
)
EVALUATOR_FUNCTIONS = RUNTIME_FUNCTIONS | frozenset(PURE_FUNCTIONS) | {"wf:conf", "coord:conf"}
_RESERVED = frozenset(
    {"dsl", "kubernetes", "compiler", "json", "pathlib", "runners", "pipeline", "status"}
)


def identifier(raw: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A Python identifier for an Oozie name (`user.name` -> `user_name`), never reserved."""
    name = re.sub(r"\W+", "_", raw).strip("_") or "value"
    if name[0].isdigit():
        name = f"p_{name}"
    if keyword.iskeyword(name) or name in _RESERVED or name.startswith("pipelinechannel"):
        name = f"{name}_"
    base, n = name, 2
    while name in taken:
        name = f"{base}_{n}"
        n += 1
    return name


@dataclass
class ParamInfo:
    """A pipeline parameter: its Oozie name, default (None: required) and origin."""

    oozie: str
    ident: str
    default: str | None
    origin: str


@dataclass
class Parameters:
    """The pipeline parameters a workflow uses, created on first use."""

    values: dict[str, str]  # Oozie name -> default value (job.properties, defaults)
    origins: dict[str, str] = field(default_factory=dict)
    used: dict[str, ParamInfo] = field(default_factory=dict)  # by Oozie name
    findings: list[Finding] = field(default_factory=list)
    nested: bool = False  # a nested pipeline's: its caller passes the values (no OZ011 here)
    declared: frozenset[str] = frozenset()  # <parameters> without a default: required by design

    def param(self, oozie: str, loc: SourceLocation, default: str | None = None) -> Param:
        """The parameter for an Oozie variable (a finding when nothing defines it)."""
        info = self.used.get(oozie)
        if info is None:
            taken = {p.ident for p in self.used.values()}
            value = self.values.get(oozie, default)
            if value is not None and "${" in value:
                value = self.fold(value)
            info = ParamInfo(oozie, identifier(oozie, taken), value, self.origins.get(oozie, ""))
            self.used[oozie] = info
            if value is None and not self.nested and oozie not in self.declared:
                self.findings.append(make("OZ011", loc, name=oozie))
        return Param(info.ident)

    def fold(self, text: str, depth: int = 0) -> str:
        """A property value with other properties substituted (for defaults)."""
        try:
            template = parse_template(text)
        except ELSyntaxError:
            return text
        out = []
        for part in template.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            try:
                out.append(to_string(evaluate(to_json(part), self._scope(depth))))
            except ELError:
                out.append("${" + unparse(part) + "}")
        return "".join(out)

    def _scope(self, depth: int) -> Scope:
        def resolve(name: str) -> Any:
            if name not in self.values or depth > 16:
                raise ELError(name)
            value = self.values[name]
            return self.fold(value, depth + 1) if "${" in value else value

        return Scope(resolve=resolve)


@dataclass
class Context:
    """Where an expression is resolved: which outputs and sensors are in scope."""

    loc: SourceLocation
    error_gate: str = ""  # the node whose status gate is in scope (error handlers)
    sensor: str = ""  # the coordinator's sensor step, for coord:dataIn/dataOut
    data_events: frozenset[str] = frozenset()


class Resolver:
    """Turns EL templates into Values, recording parameters and findings."""

    def __init__(self, params: Parameters) -> None:
        self.params = params
        self.findings = params.findings

    def value(self, text: str, ctx: Context) -> Value:
        """A template as parts (adjacent literals merged)."""
        try:
            template = parse_template(text)
        except ELSyntaxError as err:
            self.findings.append(make("OZ007", ctx.loc, text=text[:120], detail=str(err)))
            return (Lit(text),)
        parts: list[Part] = []
        for piece in template.parts:
            parts.extend([Lit(piece)] if isinstance(piece, str) else self.expression(piece, ctx))
        return merge(parts)

    def expression(self, expr: Expr, ctx: Context) -> list[Part]:
        """One `${...}` as parts."""
        try:
            return [Lit(to_string(evaluate(to_json(expr), Scope())))]
        except ELError:
            pass
        if isinstance(expr, Var):
            return [self.params.param(expr.name, ctx.loc)]
        if isinstance(expr, Call):
            return self._call(expr, ctx)
        return [self._runtime(expr, ctx)]

    def _runtime(self, expr: Expr, ctx: Context) -> Part:
        """An evaluator part, when every function inside can run in a step."""
        if not evaluable(expr):
            return self._no_equivalent(expr, ctx)
        return Runtime(expr, unparse(expr))

    def stand_in(self, expr: Expr, ctx: Context) -> str:
        """The parameter standing in for an expression with no equivalent (its Oozie name)."""
        self._no_equivalent(expr, ctx)
        return _expr_ident(expr)

    def _call(self, call: Call, ctx: Context) -> list[Part]:
        name = call.qualified
        if name in PLACEHOLDERS:
            return [Placeholder(PLACEHOLDERS[name])]
        if name in ("wf:conf", "coord:conf") and _literal_arg(call) is not None:
            return [self.params.param(str(_literal_arg(call)), ctx.loc)]
        if name in _IDENTITY:
            ident, source = _IDENTITY[name]
            default = self.params.values.get(source, "")
            first = ident not in {p.oozie for p in self.params.used.values()}
            param = self.params.param(ident, ctx.loc, default=default)
            if first:
                self.findings.append(make("OZ010", ctx.loc, expr=unparse(call), param=param.name))
            return [param]
        if name == "concat" and len(call.args) == 2:
            return self.expression(call.args[0], ctx) + self.expression(call.args[1], ctx)
        if name in _ERROR_FUNCTIONS:
            return [self._error_value(call, ctx)]
        if name in ("coord:dataIn", "coord:dataOut") and ctx.sensor:
            event = _literal_arg(call)
            if event is not None and str(event) in ctx.data_events:
                kind = "data_in" if name == "coord:dataIn" else "data_out"
                return [TaskOutput(ctx.sensor, f"{kind}_{identifier(str(event))}")]
        return [self._runtime(call, ctx)]

    def _error_value(self, call: Call, ctx: Context) -> Part:
        if ctx.error_gate:
            return TaskOutput(ctx.error_gate, _ERROR_FUNCTIONS[call.qualified])
        # On a normal path no action failed: Oozie returns null, printed as "".
        self.findings.append(make("OZ035", ctx.loc, expr=unparse(call)))
        return Lit("")

    def _no_equivalent(self, expr: Expr, ctx: Context) -> Param:
        param = self.params.param(_expr_ident(expr), ctx.loc, default="")
        self.findings.append(make("OZ010", ctx.loc, expr=unparse(expr), param=param.name))
        return param


def evaluable(expr: Expr) -> bool:
    """Whether a run-time evaluator step can compute every function the expression calls."""
    for call in calls(expr):
        name = call.qualified
        if name in ("coord:dataIn", "coord:dataOut"):
            return False
        known = EVALUATOR_FUNCTIONS | set(PLACEHOLDERS) | set(_IDENTITY) | set(_ERROR_FUNCTIONS)
        if name not in known:
            return False
    return True


def _literal_arg(call: Call) -> Any:
    if len(call.args) == 1 and isinstance(call.args[0], Literal):
        return call.args[0].value
    return None


def _expr_ident(expr: Expr) -> str:
    return identifier(unparse(expr).replace(":", "_"))[:60].strip("_")


def merge(parts: list[Part]) -> Value:
    """Join adjacent literals, drop empty ones."""
    out: list[Part] = []
    for part in parts:
        if isinstance(part, Lit):
            if not part.text:
                continue
            if out and isinstance(out[-1], Lit):
                out[-1] = Lit(out[-1].text + part.text)
                continue
        out.append(part)
    return tuple(out)


def literal(text: str) -> Value:
    """A constant value."""
    return (Lit(text),) if text else ()


def is_constant(value: Value) -> bool:
    """Only literal text."""
    return all(isinstance(p, Lit) for p in value)


def text_of(value: Value) -> str:
    """The literal text of a constant value (non-literal parts shown as `{...}`)."""
    return "".join(p.text if isinstance(p, Lit) else "{" + _describe(p) + "}" for p in value)


def _describe(part: Part) -> str:
    if isinstance(part, Param):
        return part.name
    if isinstance(part, Placeholder):
        return part.name
    if isinstance(part, TaskOutput):
        return f"{part.node}.{part.key}"
    if isinstance(part, Runtime):
        return part.text
    return ""
