"""A coordinator -> a pipeline (input-event sensor, then its workflow as a nested pipeline) and
its schedule: recurring-run.yaml (fields named as `kfp recurring-run create` options), or by
config a CronJob / ScheduledSparkApplication that keeps the coordinator's time zone.

Config switch: a `jobs` override matching the coordinator with parameter
`yarn2k8s.schedule: cronjob` (the config schema has no Oozie section yet).
"""

from __future__ import annotations

import json
import shlex
from typing import TYPE_CHECKING, Any

from yarn2k8s.analyzers.oozie_el import Call, Var, parse_template, to_json
from yarn2k8s.analyzers.oozie_el_eval import ELError, Scope, evaluate, to_number
from yarn2k8s.analyzers.oozie_model import Action, DataEvent, Node, OozieCoordinator, OozieWorkflow
from yarn2k8s.converters.base import ConversionContext
from yarn2k8s.converters.kfp_builder import (
    CallStmt,
    EmitState,
    PipelineIR,
    WorkflowBuilder,
    child_values,
    ordered_params,
)
from yarn2k8s.converters.kfp_cron import Frequency, Schedule, parse_frequency, rfc3339, to_schedule
from yarn2k8s.converters.kfp_steps import Arg, Component, Out, StepContext
from yarn2k8s.converters.kfp_values import (
    Context,
    Lit,
    Parameters,
    Placeholder,
    Resolver,
    identifier,
    is_constant,
    literal,
)
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation, Workflow
from yarn2k8s.model.names import dns_name
from yarn2k8s.rendering import dump_yaml

if TYPE_CHECKING:
    from yarn2k8s.converters.kubeflow_pipelines import Package

DATASET_VARS = frozenset({"YEAR", "MONTH", "DAY", "HOUR", "MINUTE"})
DEFAULT_TIMEOUT_MIN = 120  # Oozie's default wait for a coordinator action's inputs
_CATCHUP = {"FIFO": True, "LIFO": True, "LAST_ONLY": False, "NONE": False}


def all_workflows(wf: OozieWorkflow) -> list[OozieWorkflow]:
    """A workflow and every sub-workflow under it (for application files)."""
    found = [wf]
    for sub in wf.subworkflows.values():
        if sub.model is not None:
            found += all_workflows(sub.model)
    return found


def coordinator_pipeline(
    package: Package, coord: OozieCoordinator, unit: Workflow, ctx: ConversionContext
) -> None:
    """Fill the package with the coordinator's pipelines (None when it has no workflow)."""
    loc = SourceLocation(coord.rel, unit.location.line if unit.location.path == coord.rel else 0)
    sub = coord.workflow
    if sub is None or sub.model is None:
        reason = sub.reason if sub else "no <action><workflow>"
        package.findings.append(make("OZ055", loc, path=coord.app_path, reason=reason))
        return
    from yarn2k8s.converters.kubeflow_pipelines import parameters_for

    values = {k: p.value for k, p in coord.properties.items()}
    origins = {k: p.origin for k, p in coord.properties.items()}
    params = parameters_for(values, origins, unit, ctx)
    builder = WorkflowBuilder(
        package.build,
        ctx,
        unit.steps,
        (package.images["WORKFLOW_IMAGE"], package.name),
        package.extra["namespace"],
    )
    wf = sub.model
    prefix = identifier(wf.name or "workflow") + "_"
    child_params = Parameters(child_values(wf), nested=True)
    child = builder.pipeline(wf, child_params, prefix, wf.name or "workflow", Context(loc))
    package.build.pipelines.append(child)
    package.workflows = all_workflows(wf)
    top = _top(package, coord, child, params, builder, loc)
    package.build.pipelines.append(top)
    package.top = top
    package.extra["schedule_files"] = schedule_files(package, coord, unit, ctx, loc)


def _top(
    package: Package,
    coord: OozieCoordinator,
    child: PipelineIR,
    params: Parameters,
    builder: WorkflowBuilder,
    loc: SourceLocation,
) -> PipelineIR:
    resolver = Resolver(params)
    events = {e.name for e in coord.inputs + coord.outputs}
    pseudo = OozieWorkflow(name=coord.name, rel=coord.rel, schema=coord.schema)
    node = Node(name=coord.name or "coordinator", kind="action", line=loc.line)
    node.action = Action(type="coordinator", namespace="")
    pseudo.nodes[node.name] = node
    state = EmitState(
        pseudo, resolver, "", Context(loc, sensor="sensor", data_events=frozenset(events))
    )
    sc = state.step_context(node, "", package.images["WORKFLOW_IMAGE"])
    body: list[Any] = []
    if coord.inputs or coord.outputs:
        comp = state.component(
            sc, "sensor", lambda: sensor_component(sc, coord, package.build.findings)
        )
        body.append(CallStmt("sensor", "input events (sensor)", comp))
    args = _workflow_args(coord, child, sc)
    display = child.name
    after = ["sensor"] if body else []
    call = CallStmt("workflow", display, pipeline=child.func, pipeline_args=args, after=after)
    body += builder.with_runtime(call, sc, {}, state)
    package.build.findings += sc.findings + params.findings
    return PipelineIR(
        func=identifier(f"{package.name}_pipeline", {p.func for p in package.build.pipelines}),
        name=dns_name(package.name, max_len=128),
        description=f"Oozie coordinator {coord.name} converted by yarn2k8s from {coord.rel}",
        source=coord.rel,
        params=ordered_params(params),
        body=body,
        components=list(state.components.values()),
    )


def _workflow_args(coord: OozieCoordinator, child: PipelineIR, sc: StepContext) -> dict[str, Any]:
    """The workflow's parameters: the action's <configuration>, else the coordinator's own
    properties of the same name (Oozie passes the coordinator's job configuration down)."""
    args: dict[str, Any] = {}
    for info in child.params:
        if info.oozie in coord.configuration:
            args[info.ident] = sc.value(coord.configuration[info.oozie])
        elif info.oozie in sc.resolver.params.values:
            args[info.ident] = (sc.resolver.params.param(info.oozie, sc.loc),)
        elif info.default is None:
            args[info.ident] = ()
            sc.findings.append(make("OZ011", sc.loc, name=info.oozie))
    return args


# --------------------------------------------------------------------------- sensor


def sensor_component(
    sc: StepContext, coord: OozieCoordinator, findings: list[Finding]
) -> Component:
    """The step that resolves dataset instances and waits for the input events' done-flags."""
    args: list[Arg] = [
        literal("--nominal-time"),
        (Placeholder("PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER"),),
    ]
    timeout = sc.resolver.params.fold(coord.timeout) if coord.timeout else str(DEFAULT_TIMEOUT_MIN)
    args += [literal("--timeout-minutes"), literal(timeout.strip() or str(DEFAULT_TIMEOUT_MIN))]
    bindings: list[Arg] = []
    outputs: list[str] = []
    for event, wait in [(e, True) for e in coord.inputs] + [(e, False) for e in coord.outputs]:
        spec = _event_spec(sc, coord, event, wait, bindings, findings)
        if spec is None:
            continue
        name = f"{'data_in' if wait else 'data_out'}_{identifier(event.name)}"
        outputs.append(name)
        args += [literal("--event"), literal(json.dumps(spec, sort_keys=True)), Out(name)]
    return Component(
        func=sc.func("sensor"),
        doc=f"Input events of coordinator `{coord.name}`: wait for the data; coord:dataIn/dataOut.",
        image="WORKFLOW_IMAGE",
        command=[],
        args=args + bindings,
        outputs=outputs,
        runner="SENSOR_RUNNER",
        kind="sensor",
        how="sensor step polling done-flags through FsShell",
    )


def _event_spec(
    sc: StepContext,
    coord: OozieCoordinator,
    event: DataEvent,
    wait: bool,
    bindings: list[Arg],
    findings: list[Finding],
) -> dict[str, Any] | None:
    loc = SourceLocation(coord.rel, event.line)
    dataset = coord.datasets.get(event.dataset)
    if dataset is None:
        findings.append(
            make("OZ057", loc, what=f"event `{event.name}` on undefined dataset `{event.dataset}`")
        )
        return None
    values = dict(sc.resolver.params.values)
    try:
        freq = parse_frequency(sc.resolver.params.fold(dataset.frequency), values)
    except ELError as err:
        findings.append(make("OZ058", loc, frequency=dataset.frequency, detail=str(err)))
        return None
    offsets = _offsets(event, freq, loc, findings)
    hcat = dataset.uri_template.startswith(("hcat:", "${hcatNode}"))
    if hcat and wait:
        findings.append(make("OZ059", loc, dataset=dataset.name, uri=dataset.uri_template))
    flag = dataset.done_flag
    if wait and not hcat:
        shown = flag if flag else ("the folder" if flag == "" else "_SUCCESS")
        findings.append(make("OZ053", loc, event=event.name, flag=shown, dataset=dataset.name))
    return {
        "name": event.name,
        "uri": _uri_template(sc, dataset.uri_template, bindings),
        "frequency": freq.minutes,
        "months": freq.months,
        "initial": sc.resolver.params.fold(dataset.initial_instance),
        "timezone": dataset.timezone,
        "done_flag": flag,
        "offsets": offsets,
        "wait": wait and not hcat,
    }


def _offsets(
    event: DataEvent, freq: Frequency, loc: SourceLocation, findings: list[Finding]
) -> list[int]:
    if event.instances:
        return [_offset(text, freq, loc, findings) for text in event.instances]
    start = _offset(event.start_instance, freq, loc, findings)
    end = _offset(event.end_instance, freq, loc, findings)
    return list(range(start, end + 1)) if end >= start else [start]


def _offset(text: str, freq: Frequency, loc: SourceLocation, findings: list[Finding]) -> int:
    """coord:current(n) -> n; coord:offset(n, UNIT) in dataset periods; latest/future ~ n."""
    try:
        expr = parse_template(text).expressions[0]
        if not isinstance(expr, Call) or expr.ns != "coord" or not expr.args:
            raise ELError("not a coord: instance function")
        args = [evaluate(to_json(a), Scope()) for a in expr.args]
        amount = int(to_number(args[0]))
    except (IndexError, ELError):
        findings.append(make("OZ057", loc, what=f"instance `{text}`"))
        return 0
    name = expr.name
    if name in ("latest", "future"):
        findings.append(make("OZ054", loc, expr=text))
        return amount
    if name == "offset" and len(args) > 1 and freq.minutes:
        unit = str(args[1]).upper()
        minutes = amount * {"MINUTE": 1, "HOUR": 60, "DAY": 1440}.get(unit, 1)
        return minutes // freq.minutes
    if name != "current":
        findings.append(make("OZ057", loc, what=f"instance `{text}`"))
    return amount


def _uri_template(sc: StepContext, text: str, bindings: list[Arg]) -> list[Any]:
    """The URI template as JSON; non-dataset variables become `--var` bindings."""
    parts: list[Any] = []
    for part in parse_template(text).parts:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, Var) and part.name in DATASET_VARS:
            parts.append(to_json(part))
        else:
            value = sc.resolver.expression(part, sc.ctx)
            if is_constant(tuple(value)):
                parts.append("".join(p.text for p in value if isinstance(p, Lit)))
                continue
            parts.append(["var", _bind(bindings, tuple(value))])
    return parts


def _bind(bindings: list[Arg], value: Any) -> str:
    """The `--var` name bound to a value (reused when the same value is bound again)."""
    for index in range(0, len(bindings), 3):
        named = bindings[index + 1]
        if bindings[index + 2] == value and isinstance(named, tuple) and isinstance(named[0], Lit):
            return named[0].text
    name = f"v{len(bindings) // 3}"
    bindings += [literal("--var"), literal(name), value]
    return name


# --------------------------------------------------------------------------- schedule


def schedule_mode(unit: Workflow, ctx: ConversionContext) -> str:
    """`recurring-run` (default) or `cronjob`, from a config `jobs` override."""
    mode = "recurring-run"
    for override in ctx.config.overrides_for(str(unit.location), unit.name):
        mode = override.parameters.get("yarn2k8s.schedule", mode)
    return mode


def schedule_files(
    package: Package,
    coord: OozieCoordinator,
    unit: Workflow,
    ctx: ConversionContext,
    loc: SourceLocation,
) -> dict[str, str]:
    """recurring-run.yaml (or k8s/ CronJob objects), and the README's schedule section."""
    findings: list[Finding] = package.extra.setdefault("schedule_findings", [])
    params = Parameters({k: p.value for k, p in coord.properties.items()})
    try:
        freq = parse_frequency(params.fold(coord.frequency), params.values)
    except ELError as err:
        findings.append(make("OZ058", loc, frequency=coord.frequency, detail=str(err)))
        return {}
    start, end = rfc3339(params.fold(coord.start)), rfc3339(params.fold(coord.end))
    if coord.throttle:
        findings.append(make("OZ057", loc, what=f"<throttle> {coord.throttle} (waiting actions)"))
    sched = to_schedule(freq, params.fold(coord.start), coord.timezone)
    findings += [make(code, loc, **args) for code, args in sched.notes]
    findings.append(make("OZ050", loc, frequency=coord.frequency, schedule=sched.text))
    cronjob = schedule_mode(unit, ctx) == "cronjob"
    if start and end and not cronjob:
        findings.append(make("OZ060", loc, start=start, end=end))
    elif cronjob:
        window = (
            f"start/end window {start or coord.start} - {end or coord.end} (CronJobs have none)"
        )
        findings.append(make("OZ057", loc, what=window))
    if not start and not cronjob:
        findings.append(
            make("OZ065", loc, what="start", value=coord.start, effect="starts when created")
        )
    if not end and not cronjob:
        findings.append(make("OZ065", loc, what="end", value=coord.end, effect="never ends"))
    concurrency = _int(params.fold(coord.concurrency), 1)
    execution = (params.fold(coord.execution) or "FIFO").upper()
    catchup = _CATCHUP.get(execution, True)
    findings.append(
        make(
            "OZ056", loc, execution=execution, concurrency=concurrency, catchup=str(catchup).lower()
        )
    )
    if cronjob:
        from yarn2k8s.converters.kfp_cronjob import cronjob_files

        return cronjob_files(package, coord, unit, sched, concurrency, loc, findings)
    spec = recurring_run(package, coord, sched, start, end, concurrency, catchup)
    package.extra["schedule"] = {
        "file": "recurring-run.yaml",
        "what": "the schedule: `kfp recurring-run create` options",
        "text": _schedule_text(coord, sched),
        "table": _command(spec),
    }
    header = (
        f"# `kfp recurring-run create` options for Oozie coordinator {' '.join(coord.name.split())}"
        "\n# (generated by yarn2k8s). `args` are the pipeline's parameter values (KEY=VALUE).\n"
    )
    return {f"{package.base}/recurring-run.yaml": header + dump_yaml(spec)}


def recurring_run(
    package: Package,
    coord: OozieCoordinator,
    sched: Schedule,
    start: str,
    end: str,
    concurrency: int,
    catchup: bool,
) -> dict[str, Any]:
    """The recurring run, keyed exactly like the CLI's options."""
    spec: dict[str, Any] = {
        "job-name": package.name,
        "experiment-name": package.name,
        "description": f"Oozie coordinator {coord.name} ({coord.frequency}, {coord.timezone})",
        "pipeline-package-path": "pipeline.yaml",
        "max-concurrency": concurrency,
        "catchup": catchup,
        "enabled": True,
    }
    if sched.cron:
        spec["cron-expression"] = sched.cron
    else:
        spec["interval-second"] = sched.interval_seconds
    if start:
        spec["start-time"] = start
    if end:
        spec["end-time"] = end
    args = {p.ident: p.default for p in package.top.params if p.default is not None}
    if args:
        spec["args"] = args
    return spec


def _schedule_text(coord: OozieCoordinator, sched: Schedule) -> str:
    return (
        f"Oozie ran this coordinator every `{coord.frequency}` in time zone `{coord.timezone}`. "
        f"Kubeflow recurring runs are scheduled in UTC: it became {sched.text}. Create it with:"
    )


def _command(spec: dict[str, Any]) -> str:
    words = ["kfp", "recurring-run", "create"]
    for key, value in spec.items():
        if key == "args":
            continue
        if key == "catchup":
            words.append("--catchup" if value else "--no-catchup")
        elif key == "enabled":
            words.append("--enabled" if value else "--disabled")
        else:
            words += [f"--{key}", str(value)]
    words += [f"{k}={v}" for k, v in spec.get("args", {}).items()]
    return "```sh\n" + shlex.join(words) + "\n```"


def _int(text: str, default: int) -> int:
    try:
        return max(int(text.strip()), 1)
    except ValueError:
        return default
