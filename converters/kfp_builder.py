"""Oozie workflow -> pipeline IR: components, calls, condition blocks, parameters.

The IR is what pipeline.py will say, before it is rendered as code (kfp_codegen). One
`PipelineIR` per workflow, plus one per sub-workflow (nested pipelines called as components).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from yarn2k8s.analyzers.oozie_app import AppRoot
from yarn2k8s.analyzers.oozie_el import (
    Call,
    ELSyntaxError,
    Expr,
    Literal,
    Template,
    Var,
    calls,
    parse_template,
    template_json,
    to_json,
    variables,
)
from yarn2k8s.analyzers.oozie_el_eval import ELError, Scope, render, to_bool
from yarn2k8s.analyzers.oozie_model import Node, OozieWorkflow
from yarn2k8s.analyzers.oozie_training import LAUNCH
from yarn2k8s.converters.base import ConversionContext
from yarn2k8s.converters.kfp_actions import BUILDERS, unsupported
from yarn2k8s.converters.kfp_graph import BranchStmt, Stmt, TaskStmt, structure
from yarn2k8s.converters.kfp_spark_step import spark_component
from yarn2k8s.converters.kfp_steps import (
    Arg,
    Component,
    Out,
    SecretUse,
    StepContext,
    gate_component,
    kill_component,
    placeholder_component,
    skip_component,
)
from yarn2k8s.converters.kfp_training_step import (
    TrainingSteps,
    serving_component,
    training_component,
)
from yarn2k8s.converters.kfp_values import (
    PLACEHOLDERS,
    Context,
    Lit,
    Param,
    Parameters,
    ParamInfo,
    Part,
    Placeholder,
    Resolver,
    Runtime,
    TaskOutput,
    Value,
    evaluable,
    identifier,
    literal,
)
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, SourceLocation
from yarn2k8s.model.names import dns_name

DEFAULT_RETRY_INTERVAL_MIN = 10  # Oozie's default user-retry interval
GATE_OUTPUTS = ("error_message", "error_code", "failed_task")
# Writes each (value, output file) argument pair: a nested pipeline's multi-part inputs.
JOIN_SCRIPT = (
    'while [ "$#" -gt 1 ]; do mkdir -p "$(dirname "$2")"; printf "%s" "$1" > "$2"; shift 2; done'
)


@dataclass
class CallStmt:
    """One task in the pipeline body."""

    task_id: str
    display: str
    component: Component | None = None
    pipeline: str = ""  # a nested pipeline's function (sub-workflows)
    pipeline_args: dict[str, Value] = field(default_factory=dict)
    runtime: dict[Runtime, TaskOutput] = field(default_factory=dict)  # evaluator outputs
    rebind: dict[Part, Part] = field(default_factory=dict)  # per-call input substitutions
    after: list[str] = field(default_factory=list)
    ignore_upstream_failure: bool = False


@dataclass
class Arm:
    """One `with dsl.If/Elif/Else` block."""

    keyword: str  # If, Elif, Else
    task_id: str
    output: str
    equals: str
    label: str
    body: list[IRStmt]


@dataclass
class IfStmt:
    """Consecutive condition blocks."""

    arms: list[Arm]


IRStmt = CallStmt | IfStmt


@dataclass
class PipelineIR:
    """One @dsl.pipeline function."""

    func: str
    name: str
    description: str
    source: str
    params: list[ParamInfo]
    body: list[IRStmt]
    components: list[Component] = field(default_factory=list)


@dataclass
class Build:
    """Everything built for one converted unit (all pipelines of one pipeline.py)."""

    pipelines: list[PipelineIR] = field(default_factory=list)  # children first
    findings: list[Finding] = field(default_factory=list)
    apps: dict[str, dict[str, Any]] = field(default_factory=dict)  # SparkApplications
    secrets: dict[str, str] = field(default_factory=dict)  # secret -> purpose
    tasks: int = 0
    too_large: bool = False
    children: dict[str, PipelineIR] = field(default_factory=dict)  # by workflow rel
    training: TrainingSteps = field(default_factory=TrainingSteps)  # training/serving steps


def child_values(wf: OozieWorkflow) -> dict[str, str]:
    """A nested workflow's own defaults: <parameters> and its config-default.xml."""
    values = {p.name: p.value for p in wf.parameters if not p.required}
    values.update(
        {k: p.value for k, p in wf.properties.items() if p.origin.endswith("config-default.xml")}
    )
    return values


def top_values(wf: OozieWorkflow) -> tuple[dict[str, str], dict[str, str]]:
    """Defaults and their origins for a top-level workflow: <parameters> < properties."""
    values = {p.name: p.value for p in wf.parameters if not p.required}
    origins = {p.name: p.origin for p in wf.parameters}
    for key, prop in wf.properties.items():
        values[key], origins[key] = prop.value, prop.origin
    return values, origins


class WorkflowBuilder:
    """Builds the PipelineIR of one workflow (recursing into sub-workflows)."""

    def __init__(
        self,
        build: Build,
        conv: ConversionContext,
        jobs: list[MigrationJob],
        images: tuple[str, str],
        namespace: str,
    ) -> None:
        self.build = build
        self.conv = conv
        self.jobs = jobs
        self.workflow_image, self.display_name = images
        self.namespace = namespace

    def pipeline(
        self, wf: OozieWorkflow, params: Parameters, prefix: str, name: str, ctx_extra: Context
    ) -> PipelineIR:
        """The IR of a workflow, its parameters resolved through `params`."""
        resolver = Resolver(params)
        folded = self._folded_decisions(wf)
        shape = structure(wf, folded)
        self.build.findings += shape.findings
        self.build.tasks += sum(shape.emitted.values())
        self.build.too_large = self.build.too_large or shape.too_large
        state = EmitState(wf, resolver, prefix, ctx_extra, AppRoot(self.conv.root))
        body = self._emit(shape.body, state, {})
        ir = PipelineIR(
            func=identifier(f"{name}_pipeline", {p.func for p in self.build.pipelines}),
            name=dns_name(name or "oozie-workflow", max_len=128),
            description=f"Oozie workflow {wf.name or name} converted by yarn2k8s from {wf.rel}",
            source=wf.rel,
            params=ordered_params(params),
            body=body,
            components=list(state.components.values()),
        )
        self.build.findings += params.findings
        return ir

    # --- decisions folded at conversion time -------------------------------------------

    def _folded_decisions(self, wf: OozieWorkflow) -> dict[str, str]:
        folded: dict[str, str] = {}
        for node in wf.nodes.values():
            if node.kind != "decision":
                continue
            target = _constant_target(node)
            if target:
                folded[node.name] = target
                loc = SourceLocation(wf.rel, node.line)
                self.build.findings.append(make("OZ012", loc, node=node.name, target=target))
        return folded

    # --- emission -------------------------------------------------------------------------

    def _emit(self, stmts: list[Stmt], state: EmitState, scope: dict[str, str]) -> list[IRStmt]:
        out: list[IRStmt] = []
        for stmt in stmts:
            if isinstance(stmt, TaskStmt):
                out += self._task(stmt, state, scope)
            else:
                out.append(self._branch(stmt, state, scope))
        return out

    def _branch(self, stmt: BranchStmt, state: EmitState, scope: dict[str, str]) -> IfStmt:
        arms: list[Arm] = []
        for index, branch in enumerate(stmt.arms):
            keyword = "If" if index == 0 else "Elif"
            body = self._emit(branch.body, state, dict(scope))
            arms.append(Arm(keyword, stmt.task_id, stmt.output, branch.equals, branch.label, body))
        if stmt.otherwise is not None:
            body = self._emit(stmt.otherwise.body, state, dict(scope))
            arms.append(Arm("Else", stmt.task_id, stmt.output, "", stmt.otherwise.label, body))
        elif stmt.joined:
            arms.append(self._no_op_arm(stmt, state))
        return IfStmt(arms)

    def _no_op_arm(self, stmt: BranchStmt, state: EmitState) -> Arm:
        """An Else doing nothing, so later tasks may wait on the whole chain (a KFP rule)."""
        node = state.wf.nodes[stmt.task_id.split("#")[0]]
        sc = state.step_context(node, "", self.workflow_image)
        comp = state.component(sc, "skip", lambda: skip_component(sc))
        call = CallStmt(
            f"{stmt.task_id}#skip", f"{node.name}: nothing to run", comp, after=[stmt.task_id]
        )
        return Arm("Else", stmt.task_id, stmt.output, "", "otherwise", [call])

    def _task(self, stmt: TaskStmt, state: EmitState, scope: dict[str, str]) -> list[IRStmt]:
        node = state.wf.nodes[stmt.node]
        sc = state.step_context(node, stmt.error_gate, self.workflow_image)
        if stmt.kind == "gate":
            comp = state.component(sc, "gate", lambda: gate_component(sc))
            display = f"{node.name} (status)"
            call = CallStmt(stmt.task_id, display, comp, after=stmt.after)
            call.ignore_upstream_failure = True
            return [call]
        if stmt.kind == "kill":
            comp = state.component(sc, "kill", lambda: kill_component(sc))
            self.build.findings.append(make("OZ037", sc.loc, node=node.name, message=node.message))
        elif stmt.kind == "decide":
            comp = state.component(sc, "decide", lambda: self._decide(sc, scope))
        elif node.action is not None and node.action.type == "sub-workflow":
            call = self._subworkflow(sc, stmt, state)
            scope[node.name] = stmt.task_id
            return self.with_runtime(call, sc, scope, state)
        else:
            comp = state.component(sc, "action", lambda: self._action(sc, stmt.task_id, scope))
            scope[node.name] = stmt.task_id
        self.build.findings += sc.findings
        sc.findings.clear()
        call = CallStmt(stmt.task_id, node.name, comp, after=stmt.after)
        call.rebind = state.rebinding(sc, "kill" if stmt.kind == "kill" else "action")
        return self.with_runtime(call, sc, scope, state)

    def with_runtime(
        self, call: CallStmt, sc: StepContext, scope: dict[str, str], state: EmitState
    ) -> list[IRStmt]:
        """An evaluator step before a call whose values need run-time EL (and, for a nested
        pipeline, a join step for values made of several parts)."""
        parts = (
            call.component.runtime_parts() if call.component else _runtime_in(call.pipeline_args)
        )
        if not parts:
            return [*self._joined(call, sc, state), call]
        args: list[Arg] = []
        outputs: list[str] = []
        for index, part in enumerate(parts):
            outputs.append(f"value_{index}")
            args += [
                literal("--value"),
                literal(json.dumps([to_json(part.expr)])),
                Out(outputs[-1]),
            ]
        binding_args, image = self._bindings([part.expr for part in parts], sc, scope)
        eval_id = f"{call.task_id}#el"
        comp = Component(
            func=sc.func("values"),
            doc=f"Run-time EL for `{sc.node.name}`: " + "; ".join(p.text for p in parts)[:200],
            image=image,
            command=[],
            args=binding_args + args,
            outputs=outputs,
            runner="EVAL_RUNNER",
            kind="evaluator",
        )
        comp = state.component(sc, eval_id, lambda: comp)
        evaluator = CallStmt(eval_id, f"{sc.node.name} (EL)", comp, after=list(call.after))
        call.runtime = {p: TaskOutput(eval_id, f"value_{i}") for i, p in enumerate(parts)}
        call.after = sorted({*call.after, eval_id})
        return [evaluator, *self._joined(call, sc, state), call]

    def _joined(self, call: CallStmt, sc: StepContext, state: EmitState) -> list[IRStmt]:
        """A step joining multi-part values for a nested pipeline's inputs.

        KFP compiles `"a" + param` into a task input as a constant with placeholders plus
        extra `pipelinechannel--` inputs the nested pipeline does not declare; a plain step
        output is portable and checkable, so the parts are joined by a step instead.
        """
        multi = sorted(k for k, v in call.pipeline_args.items() if len(v) > 1)
        if not call.pipeline or not multi:
            return []
        args: list[Arg] = []
        for index, key in enumerate(multi):
            args += [call.pipeline_args[key], Out(f"value_{index}")]
        join_id = f"{call.task_id}#args"
        comp = Component(
            func=sc.func("join"),
            doc=f"Values for `{sc.node.name}`'s nested pipeline: " + ", ".join(multi),
            image="CONTROL_IMAGE",
            command=[literal("sh"), literal("-c"), literal(JOIN_SCRIPT), literal("join")],
            args=args,
            outputs=[f"value_{i}" for i in range(len(multi))],
            kind="join",
        )
        comp = state.component(sc, join_id, lambda: comp)
        join = CallStmt(join_id, f"{sc.node.name} (values)", comp, after=list(call.after))
        join.runtime = dict(call.runtime)
        for index, key in enumerate(multi):
            call.pipeline_args[key] = (TaskOutput(join_id, f"value_{index}"),)
        call.after = sorted({*call.after, join_id})
        return [join]

    def _bindings(
        self, exprs: list[Any], sc: StepContext, scope: dict[str, str]
    ) -> tuple[list[Arg], str]:
        """`--var` / `--call` / `--action-data` arguments for the names the expressions read."""
        args: list[Arg] = []
        image = "CONTROL_IMAGE"
        seen: set[str] = set()
        for expr in exprs:
            for name in variables(expr):
                if name not in seen:
                    seen.add(name)
                    args += [literal("--var"), literal(name), sc.value("${" + name + "}")]
            for call in calls(expr):
                key = call.qualified
                if key.startswith("fs:"):
                    image = "WORKFLOW_IMAGE"
                if key in seen:
                    continue
                seen.add(key)
                args += self._call_binding(call, sc, scope)
        return args, image

    def _call_binding(self, call: Call, sc: StepContext, scope: dict[str, str]) -> list[Arg]:
        key = call.qualified
        if key == "wf:actionData":
            node = (
                str(call.args[0].value) if call.args and isinstance(call.args[0], Literal) else ""
            )
            producer = scope.get(node)
            value: Value = ()
            if producer and _captures(sc.wf, node):
                value = (TaskOutput(producer, "action_data"),)
            return [literal("--action-data"), literal(node), value]
        if key in PLACEHOLDERS or key.startswith(("wf:", "coord:")):
            parts = tuple(sc.resolver.expression(call, sc.ctx))
            if parts and not any(isinstance(p, Runtime) for p in parts):
                return [literal("--call"), literal(key), parts]
        return []

    # --- components ----------------------------------------------------------------------

    def _action(self, sc: StepContext, task_id: str, scope: dict[str, str]) -> Component:
        action = sc.node.action
        assert action is not None
        jobs = [
            j
            for j in self.jobs
            if j.extra.get("oozie_workflow") == sc.wf.rel
            and j.extra.get("oozie_node") == sc.node.name
        ]
        launched = self._launch(sc, [j for j in jobs if LAUNCH in j.extra], task_id, scope)
        jobs = [j for j in jobs if LAUNCH not in j.extra]
        if launched is not None:
            comp = launched
        elif action.type in ("spark", "shell") and jobs:
            comp, apps = spark_component(sc, jobs, self.conv, self.namespace)
            self.build.apps.update(apps)
            dropped = [c for j in jobs for c in j.extra.get("oozie_dropped", [])]
            if dropped:
                script = str(jobs[0].extra.get("oozie_script", "")).split(":")[0]
                sc.findings.append(
                    make(
                        "OZ018",
                        sc.loc,
                        node=sc.node.name,
                        script=script,
                        commands="; ".join(dropped)[:300],
                    )
                )
        elif action.type == "spark":
            sc.findings.append(
                make("OZ013", sc.loc, node=sc.node.name, type="spark (no application file)")
            )
            comp = placeholder_component(sc, "the spark action names no application")
        else:
            comp = BUILDERS.get(action.type, unsupported)(sc)
        comp.retry = self._retry(sc)
        comp.secrets += self._credentials(sc)
        return comp

    def _launch(
        self, sc: StepContext, jobs: list[MigrationJob], task_id: str, scope: dict[str, str]
    ) -> Component | None:
        """A training step, or a deploy step after one on this path; None keeps the action's
        generic step (with TY044 for a training launch it could not convert)."""
        if not jobs:
            return None
        job, steps = jobs[0], self.build.training
        if job.extra[LAUNCH] == "training":
            return training_component(sc, job, self.conv, steps, task_id)
        # Only a training step that ran before on the same path can feed the deploy step.
        before = [t for t in steps.trained.values() if scope.get(t.node) == t.task_id]
        if not before:
            return None
        return serving_component(sc, job, self.conv, steps, before[-1])

    def _retry(self, sc: StepContext) -> tuple[int, int] | None:
        action = sc.node.action
        assert action is not None
        if not action.retry_max:
            return None
        retries = _int(sc.resolver.params.fold(action.retry_max))
        minutes = (
            _int(sc.resolver.params.fold(action.retry_interval)) if action.retry_interval else None
        )
        if retries is None or retries <= 0:
            return None
        minutes = DEFAULT_RETRY_INTERVAL_MIN if minutes is None else minutes
        for text, value in ((action.retry_max, retries), (action.retry_interval, minutes)):
            if "${" in text:  # retries are compiled into the task: a parameter cannot change them
                what = "retry policy (set_retry is fixed at compile time)"
                sc.findings.append(make("OZ009", sc.loc, name=text, value=value, what=what))
        sc.findings.append(
            make(
                "OZ034",
                sc.loc,
                node=sc.node.name,
                retries=retries,
                minutes=minutes,
                seconds=minutes * 60,
            )
        )
        return retries, minutes * 60

    def _credentials(self, sc: StepContext) -> list[SecretUse]:
        action = sc.node.action
        assert action is not None
        uses: list[SecretUse] = []
        for cred in action.cred:
            entry = sc.wf.credentials.get(cred)
            secret = dns_name(f"{self.display_name}-{cred}", max_len=63)
            path = f"/etc/yarn2k8s/credentials/{dns_name(cred)}"
            uses.append(SecretUse(secret, path=path, purpose=f"credential {cred}"))
            if secret not in self.build.secrets:
                self.build.secrets[secret] = f"credential `{cred}` ({entry.type if entry else '?'})"
                ctype = entry.type if entry else "undefined"
                sc.findings.append(
                    make("OZ015", sc.loc, name=cred, type=ctype, secret=secret, path=path)
                )
        return uses

    def _decide(self, sc: StepContext, scope: dict[str, str]) -> Component:
        node = sc.node
        args: list[Arg] = []
        templates: list[Any] = []
        for predicate, target in node.cases:
            try:
                template = parse_template(predicate)
            except ELSyntaxError as err:
                sc.findings.append(make("OZ007", sc.loc, text=predicate[:120], detail=str(err)))
                template = parse_template("false")
            template = self._stand_ins(template, sc)
            templates += template.expressions
            args += [
                literal("--case"),
                literal(target),
                literal(json.dumps(template_json(template))),
            ]
        binding_args, image = self._bindings(templates, sc, scope)
        args = (
            binding_args
            + args
            + [literal("--default"), literal(node.default), literal("--branch-out"), Out("branch")]
        )
        self.build.findings += sc.findings
        sc.findings.clear()
        return Component(
            func=sc.func("decision"),
            doc=f"Oozie decision `{node.name}`: the first true case's target, else "
            f"`{node.default}`. Cases: "
            + "; ".join(f"{target} if {' '.join(pred.split())}" for pred, target in node.cases),
            image=image,
            command=[],
            args=args,
            outputs=["branch"],
            runner="EVAL_RUNNER",
            kind="decision",
            how="evaluator step + dsl.If/Elif/Else",
        )

    def _stand_ins(self, template: Template, sc: StepContext) -> Template:
        """Expressions no step can evaluate (hadoop:counters...) read a parameter instead."""
        parts: list[str | Expr] = []
        for part in template.parts:
            if isinstance(part, str) or evaluable(part):
                parts.append(part)
            else:
                parts.append(Var(sc.resolver.stand_in(part, sc.ctx)))
        return Template(tuple(parts), template.source)

    def _subworkflow(self, sc: StepContext, stmt: TaskStmt, state: EmitState) -> CallStmt:
        sub = state.wf.subworkflows.get(sc.node.name)
        if sub is None or sub.model is None:
            reason = sub.reason if sub else "not resolved"
            sc.findings.append(
                make(
                    "OZ014",
                    sc.loc,
                    node=sc.node.name,
                    path=sub.app_path if sub else "",
                    reason=reason,
                )
            )
            comp = state.component(
                sc, "action", lambda: placeholder_component(sc, f"sub-workflow: {reason}")
            )
            self.build.findings += sc.findings
            sc.findings.clear()
            return CallStmt(stmt.task_id, sc.node.name, comp, after=stmt.after)
        child = self.build.children.get(sub.rel)
        if child is None:
            params = Parameters(child_values(sub.model), nested=True)
            prefix = identifier(sub.model.name or sc.node.name) + "_"
            child = self.pipeline(
                sub.model, params, prefix, sub.model.name or sc.node.name, Context(sc.loc)
            )
            self.build.children[sub.rel] = child
            self.build.pipelines.append(child)
        action = sc.node.action
        assert action is not None
        args: dict[str, Value] = {}
        for info in child.params:
            if info.oozie in action.configuration:
                args[info.ident] = sc.value(action.configuration[info.oozie])
            elif (
                "propagate-configuration" in action.flags
                and info.oozie in sc.resolver.params.values
            ):
                args[info.ident] = (sc.resolver.params.param(info.oozie, sc.loc),)
            elif info.default is None:
                args[info.ident] = ()
                sc.findings.append(make("OZ011", sc.loc, name=info.oozie))
        self.build.findings += sc.findings
        sc.findings.clear()
        return CallStmt(
            stmt.task_id, sc.node.name, pipeline=child.func, pipeline_args=args, after=stmt.after
        )


class EmitState:
    """Per-pipeline emission state: the components built so far."""

    def __init__(
        self,
        wf: OozieWorkflow,
        resolver: Resolver,
        prefix: str,
        extra: Context,
        app: AppRoot | None = None,
    ) -> None:
        self.app = app
        self.wf = wf
        self.resolver = resolver
        self.prefix = prefix
        self.extra = extra
        self.components: dict[tuple[str, str, str], Component] = {}
        self.gates: dict[tuple[str, str, str], str] = {}  # the gate each component was built under

    def rebinding(self, sc: StepContext, kind: str) -> dict[Part, Part]:
        """Gate outputs to rebind when a component built under one gate runs under another."""
        key = (sc.node.name, kind, "gated" if sc.ctx.error_gate else "")
        built = self.gates.get(key, "")
        if not built or built == sc.ctx.error_gate:
            return {}
        return {TaskOutput(built, k): TaskOutput(sc.ctx.error_gate, k) for k in GATE_OUTPUTS}

    def step_context(self, node: Node, gate: str, image: str) -> StepContext:
        ctx = Context(
            SourceLocation(self.wf.rel, node.line),
            error_gate=gate,
            sensor=self.extra.sensor,
            data_events=self.extra.data_events,
        )
        return StepContext(self.wf, node, self.resolver, ctx, self.prefix, [], image, self.app)

    def component(self, sc: StepContext, kind: str, make_it: Any) -> Component:
        # One component per node (and per "inside an error handler or not"): a node emitted
        # under several status gates reuses it, its gate outputs rebound per call.
        key = (sc.node.name, kind, "gated" if sc.ctx.error_gate else "")
        if key not in self.components:
            self.gates[key] = sc.ctx.error_gate
            comp = make_it()
            taken = {c.func for c in self.components.values()}
            base, n = comp.func, 2
            while comp.func in taken:
                comp.func = f"{base}_{n}"
                n += 1
            self.components[key] = comp
        return self.components[key]


def _constant_target(node: Node) -> str:
    """The target a decision always takes when its predicates are constants, else ""."""
    for predicate, target in node.cases:
        try:
            template = parse_template(predicate)
            value = render(template_json(template), Scope())
        except (ELSyntaxError, ELError):
            return ""
        if to_bool(value):
            return target
    return node.default


def _captures(wf: OozieWorkflow, node: str) -> bool:
    found = wf.nodes.get(node)
    return bool(found and found.action and "capture-output" in found.action.flags)


def _runtime_in(values: dict[str, Value]) -> list[Runtime]:
    found: list[Runtime] = []
    for value in values.values():
        found += [p for p in value if isinstance(p, Runtime) and p not in found]
    return found


def _int(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def ordered_params(params: Parameters) -> list[ParamInfo]:
    """Required parameters first (Python needs them before defaults), then by name."""
    return sorted(params.used.values(), key=lambda p: (p.default is not None, p.ident))


__all__ = ["Build", "CallStmt", "IfStmt", "Lit", "Param", "Placeholder", "WorkflowBuilder"]
