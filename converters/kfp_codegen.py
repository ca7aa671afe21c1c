"""Pipeline IR -> pipeline.py and runners.py source text.

Generated safely: every value that came from the input is written as a Python literal
(`repr`, or `pprint` for constants made of JSON data), identifiers are sanitised by
`kfp_values.identifier`, and comments go through a one-line filter. Nothing from the input is
ever pasted into code as code. The layout is a Jinja template (templates/kfp/pipeline.py.j2);
this module renders the expressions and blocks it places.
"""

from __future__ import annotations

import pprint
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from yarn2k8s.converters.kfp_builder import Build, CallStmt, IfStmt, IRStmt, PipelineIR
from yarn2k8s.converters.kfp_steps import (
    Component,
    ConstJson,
    Out,
    output_name,
    placeholder_name,
)
from yarn2k8s.converters.kfp_values import (
    Lit,
    Param,
    Part,
    Placeholder,
    Runtime,
    TaskOutput,
    Value,
    identifier,
)
from yarn2k8s.rendering import render

INDENT = "    "
GATE_KEYS = frozenset({"error_message", "error_code", "failed_task"})
_MODULE_NAMES = frozenset(
    {"json", "pathlib", "compiler", "dsl", "kubernetes", "runners", "_step", "_concat"}
)
# Runner constant -> (source modules, in order). `oozie_el_eval` comes first where the
# step evaluates EL with the same code that folded it at conversion time.
RUNNER_SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    "SPARK_RUNNER": (("yarn2k8s.converters", "kfp_runner_spark.py"),),
    "STEP_RUNNER": (("yarn2k8s.converters", "kfp_runner_step.py"),),
    "GATE_RUNNER": (("yarn2k8s.converters", "kfp_runner_gate.py"),),
    "EMAIL_RUNNER": (("yarn2k8s.converters", "kfp_runner_email.py"),),
    "SUBMIT_RUNNER": (("yarn2k8s.converters", "kfp_runner_submit.py"),),
    "APPLY_RUNNER": (("yarn2k8s.converters", "kfp_runner_apply.py"),),
    "EVAL_RUNNER": (
        ("yarn2k8s.analyzers", "oozie_el_eval.py"),
        ("yarn2k8s.converters", "kfp_runner_eval.py"),
    ),
    "SENSOR_RUNNER": (
        ("yarn2k8s.analyzers", "oozie_el_eval.py"),
        ("yarn2k8s.converters", "kfp_runner_sensor.py"),
    ),
}


class _LiteralPrinter(pprint.PrettyPrinter):
    """pprint.pformat(width=96, sort_dicts=True), each sub-value's one-line repr made once.

    pprint asks for the one-line repr of every dict and list it lays out, at each level it
    descends, so a nested manifest is re-read once per level (most of render_module's time).
    A repr depends only on the value (JSON data has no cycles, and no depth limit is set), so
    one printer, used for one call, keeps them by id. Each entry also holds the object itself:
    pprint formats temporaries too, and a freed object's id can be reused by another value.
    """

    def __init__(self) -> None:
        super().__init__(width=96, sort_dicts=True)
        self._reprs: dict[int, tuple[object, tuple[str, bool, bool]]] = {}

    def format(
        self, object: object, context: dict[int, int], maxlevels: int, level: int
    ) -> tuple[str, bool, bool]:
        """pprint's format, remembered for this call."""
        found = self._reprs.get(id(object))
        if found is None:
            found = self._reprs[id(object)] = (
                object,
                super().format(object, context, maxlevels, level),
            )
        return found[1]


def py(value: Any) -> str:
    """A Python literal for JSON-like data (strings via repr: never code)."""
    if isinstance(value, (dict, list, tuple)):
        return _LiteralPrinter().pformat(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    raise TypeError(f"not literal data: {type(value).__name__}")


def call_text(head: str, items: list[str], indent: str, width: int = 99) -> str:
    """`head(a, b)` on one line when it fits, else one item per line (black's style)."""
    one = f"{indent}{head}({', '.join(items)})"
    if len(one) <= width or not items:
        return one
    inner = indent + INDENT
    return f"{indent}{head}(\n" + "".join(f"{inner}{item},\n" for item in items) + f"{indent})"


def signature(func: str, params: list[str]) -> str:
    """A `def` line, wrapped like black when long."""
    return call_text(f"def {func}", params, "") + ":"


def inline_dict(value: dict[str, str], indent: str) -> str:
    """A dict of strings as a literal: one line when short, else one entry per line."""
    items = [f"{py(k)}: {py(v)}" for k, v in sorted(value.items())]
    one = "{" + ", ".join(items) + "}"
    if len(one) + len(indent) <= 80:
        return one
    return "{\n" + "".join(f"{indent}{INDENT}{i},\n" for i in items) + indent + "}"


def assign_step(pad: str, name: str, target: str, bindings: list[str], display: str) -> str:
    """`name = _step(target(...), display)`, wrapped when long."""
    one = f"{pad}{name} = _step({target}({', '.join(bindings)}), {display})"
    if len(one) <= 99:
        return one
    inner = call_text(target, bindings, pad + INDENT)
    return f"{pad}{name} = _step(\n{inner},\n{pad}{INDENT}{display},\n{pad})"


def comment(text: str) -> str:
    """Text safe inside a `#` comment: one line."""
    return " ".join(str(text).split())


def runner_source(name: str) -> str:
    """The text of a step script: its modules joined, import lines marked `embed: drop` cut."""
    chunks = []
    for package, filename in RUNNER_SOURCES[name]:
        text = resources.files(package).joinpath(filename).read_text(encoding="utf-8")
        kept = [line for line in text.splitlines() if not line.rstrip().endswith("# embed: drop")]
        chunks.append("\n".join(kept).strip("\n") + "\n")
    return "\n\n".join(chunks)


def runner_literal(text: str) -> str:
    """A readable raw triple-quoted literal when safe, else repr."""
    if "'''" in text or "\\'" in text or text.endswith("\\"):
        return repr(text)
    return "r'''" + text + "'''"


def render_runners(names: list[str]) -> str:
    """runners.py: the step scripts the components embed."""
    blocks = [(name, runner_literal(runner_source(name))) for name in sorted(set(names))]
    return render("kfp/runners.py.j2", blocks=blocks)


# --------------------------------------------------------------------------- components


@dataclass
class Inputs:
    """A component's input names, by the part each one carries."""

    names: dict[Part, str] = field(default_factory=dict)
    runtime_index: dict[Runtime, int] = field(default_factory=dict)


def component_inputs(comp: Component) -> Inputs:
    """Input names: parameters keep their identifier; others are named after their role."""
    inputs = Inputs()
    taken = set(comp.outputs) | {"status"}
    for part in comp.parts():
        if isinstance(part, Param):
            base = part.name
        elif isinstance(part, Placeholder):
            base = placeholder_name(part)
        elif isinstance(part, TaskOutput):
            # A status gate's outputs keep their own names, so handlers share one component.
            base = part.key if part.key in GATE_KEYS else output_name(part)
        else:
            assert isinstance(part, Runtime)
            inputs.runtime_index[part] = len(inputs.runtime_index)
            base = f"el_{inputs.runtime_index[part]}"
        name = identifier(base, taken)
        taken.add(name)
        inputs.names[part] = name
    return inputs


def value_in_component(value: Value, inputs: Inputs) -> str:
    """A Value as a container argument: literal, input placeholder, or ConcatPlaceholder."""
    items = [py(p.text) if isinstance(p, Lit) else inputs.names[p] for p in value]
    if not items:
        return py("")
    if len(items) == 1:
        return items[0]
    one = f"dsl.ConcatPlaceholder([{', '.join(items)}])"
    if len(one) <= 84:
        return one
    pad = INDENT * 4
    return "dsl.ConcatPlaceholder([\n" + "".join(f"{pad}{i},\n" for i in items) + INDENT * 3 + "])"


def render_component(comp: Component) -> str:
    """The @dsl.container_component function of one step."""
    inputs = component_inputs(comp)
    params = [f"{name}: str" for name in inputs.names.values()]
    if comp.status_input:
        params.append("status: dsl.PipelineTaskFinalStatus")
    params += [f"{name}: dsl.OutputPath(str)" for name in comp.outputs]
    if comp.runner:
        command = f'["python3", "-c", runners.{comp.runner}]'
    else:
        command = "[" + ", ".join(value_in_component(v, inputs) for v in comp.command) + "]"
    args = ["status"] if comp.status_input else []
    for arg in comp.args:
        if isinstance(arg, Out):
            args.append(arg.name)
        elif isinstance(arg, ConstJson):
            args.append(f"json.dumps({arg.name}, sort_keys=True)")
        else:
            args.append(value_in_component(arg, inputs))
    return render(
        "kfp/component.py.j2",
        signature=signature(comp.func, params),
        doc=py(comp.doc),
        image=comp.image,
        command=command,
        args=args,
    )


# --------------------------------------------------------------------------- pipelines


class _Body:
    """Renders a pipeline body; task variables are named here, once, in order."""

    def __init__(self, ir: PipelineIR, module_names: set[str]) -> None:
        self.ir = ir
        self.taken = module_names | {p.ident for p in ir.params}
        self.vars: dict[str, str] = {}
        self.lines: list[str] = []

    def var(self, task_id: str) -> str:
        if task_id not in self.vars:
            name = identifier(task_id.replace("#", "_"), self.taken)
            self.taken.add(name)
            self.vars[task_id] = name
        return self.vars[task_id]

    def part(self, part: Part, call: CallStmt) -> str:
        part = call.rebind.get(part, part)
        if isinstance(part, Param):
            return part.name
        if isinstance(part, Placeholder):
            return f"dsl.{part.name}"
        if isinstance(part, Runtime):
            part = call.runtime[part]
        assert isinstance(part, TaskOutput)
        return f"{self.var(part.node)}.outputs[{py(part.key)}]"

    def value(self, value: Value, call: CallStmt) -> str:
        items = [py(p.text) if isinstance(p, Lit) else self.part(p, call) for p in value]
        if not items:
            return py("")
        return items[0] if len(items) == 1 else f"_concat({', '.join(items)})"

    def emit(self, stmts: list[IRStmt], depth: int) -> None:
        for stmt in stmts:
            if isinstance(stmt, CallStmt):
                self.call(stmt, depth)
            else:
                self.branch(stmt, depth)

    def call(self, call: CallStmt, depth: int) -> None:
        pad = INDENT * depth
        if call.component is not None:
            inputs = component_inputs(call.component)
            bindings = [f"{name}={self.part(part, call)}" for part, name in inputs.names.items()]
            target = call.component.func
        else:
            bindings = [f"{k}={self.value(v, call)}" for k, v in call.pipeline_args.items()]
            target = call.pipeline
        name = self.var(call.task_id)
        self.lines.append(assign_step(pad, name, target, bindings, py(call.display)))
        after = [self.var(t) for t in call.after if t in self.vars]
        if after:
            self.lines.append(f"{pad}{name}.after({', '.join(after)})")
        comp = call.component
        if comp is not None and comp.retry:
            retries, seconds = comp.retry
            self.lines.append(
                f'{pad}{name}.set_retry(num_retries={retries}, backoff_duration="{seconds}s")'
            )
        if call.ignore_upstream_failure:
            self.lines.append(f"{pad}{name}.ignore_upstream_failure()")
        for use in comp.secrets if comp is not None else []:
            self.secret(name, use, pad)

    def secret(self, name: str, use: Any, pad: str) -> None:
        if use.path:
            items = [name, f"secret_name={py(use.secret)}", f"mount_path={py(use.path)}"]
            self.lines.append(call_text("kubernetes.use_secret_as_volume", items, pad))
        if use.env:
            env = inline_dict(use.env, pad + INDENT)
            items = [name, f"secret_name={py(use.secret)}", f"secret_key_to_env={env}"]
            self.lines.append(call_text("kubernetes.use_secret_as_env", items, pad))

    def branch(self, stmt: IfStmt, depth: int) -> None:
        pad = INDENT * depth
        for arm in stmt.arms:
            label = py(comment(arm.label)[:60])
            if arm.keyword == "Else":
                self.lines.append(f"{pad}with dsl.Else(name={label}):")
            else:
                test = f"{self.var(arm.task_id)}.outputs[{py(arm.output)}] == {py(arm.equals)}"
                self.lines.append(f"{pad}with dsl.{arm.keyword}({test}, name={label}):")
            before = len(self.lines)
            self.emit(arm.body, depth + 1)
            if len(self.lines) == before:
                self.lines.append(f"{pad}{INDENT}pass")


def render_pipeline(ir: PipelineIR, module_names: set[str]) -> str:
    """One @dsl.pipeline function."""
    body = _Body(ir, module_names)
    body.emit(ir.body, 1)
    params = []
    for info in ir.params:
        default = "" if info.default is None else f" = {py(info.default)}"
        params.append(f"{info.ident}: str{default}")
    return render(
        "kfp/pipeline_func.py.j2",
        signature=signature(ir.func, params),
        name=py(ir.name),
        description=py(ir.description),
        lines=body.lines or [f"{INDENT}pass"],
    )


def render_module(
    build: Build, top: PipelineIR, images: dict[str, str], header: dict[str, str]
) -> str:
    """pipeline.py: constants, components, pipelines (children first), and a main."""
    constants: dict[str, Any] = {}
    components: list[Component] = []
    for ir in build.pipelines:
        for comp in ir.components:
            components.append(comp)
            constants.update(comp.constants)
    module_names = set(_MODULE_NAMES) | {c.func for c in components} | set(constants)
    module_names |= {ir.func for ir in build.pipelines} | set(images)
    return render(
        "kfp/pipeline.py.j2",
        header={k: comment(v) for k, v in header.items()},
        images=[(k, py(v)) for k, v in sorted(images.items())],
        constants=[(k, py(v)) for k, v in sorted(constants.items())],
        components=[render_component(c) for c in components],
        pipelines=[render_pipeline(ir, module_names) for ir in build.pipelines],
        top=top.func,
    )


def runners_used(build: Build) -> list[str]:
    """The step scripts the components run."""
    return sorted({c.runner for ir in build.pipelines for c in ir.components if c.runner})
