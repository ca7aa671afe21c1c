"""Generated pipeline.py is safe (input values only ever as literals) and templates use every
field they are given."""

from __future__ import annotations

import ast
import copy
import pprint
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yarn2k8s.converters.kfp_codegen import py, runner_literal, runner_source
from yarn2k8s.rendering import render

HOSTILE = "x'); import os; os.system('touch {marker}') #\"\"\" {{}} \\ \n é"


def _write(tmp_path: Path, marker: Path) -> Path:
    evil = HOSTILE.format(marker=marker).replace("&", "")
    xml_evil = evil.replace("<", "").replace("\n", " ")
    app = tmp_path / "app"
    app.mkdir()
    (app / "workflow.xml").write_text(
        f"""<workflow-app xmlns="uri:oozie:workflow:0.5" name="{xml_evil.replace('"', "")}">
    <start to="n1"/>
    <action name="n1">
        <shell><exec>echo</exec><argument>{xml_evil}</argument>
        <argument>${{evilParam}}</argument><env-var>E={xml_evil}</env-var></shell>
        <ok to="end"/><error to="fail"/>
    </action>
    <kill name="fail"><message>{xml_evil}</message></kill>
    <end name="end"/>
</workflow-app>""",
        encoding="utf-8",
    )
    (app / "job.properties").write_text(f"evilParam={evil.splitlines()[0]}\n", encoding="utf-8")
    return app


def test_hostile_values_stay_literals(tmp_path: Path, convert_folder: Callable[..., Any]) -> None:
    marker = tmp_path / "pwned"
    result = convert_folder(_write(tmp_path, marker))
    code = next(v for k, v in result.files.items() if k.endswith("pipeline.py")).decode()
    tree = ast.parse(code)
    imports = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imports == {"json", "pathlib", "runners"}
    calls = {
        n.func.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    }
    assert "system" not in calls
    strings = [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    assert any("os.system" in s for s in strings), "the hostile text must survive as data"
    assert any(k.endswith("pipeline.yaml") for k in result.files), "it must still compile"
    assert not marker.exists()


@pytest.mark.parametrize("value", ["plain", "quote ' \" \\", "{braces}", "line\nbreak", None, 3])
def test_py_literals_round_trip(value: Any) -> None:
    assert ast.literal_eval(py(value)) == value


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=30), inner, max_size=6)
    ),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.text(min_size=40, max_size=200))
def test_py_lays_out_data_exactly_as_pprint(value: Any, long: str) -> None:
    # py() remembers sub-values' reprs by id within a call: the text must stay pprint's,
    # including shared sub-objects and strings long enough to be wrapped.
    shared = {"labels": {"a": long, "b": [long, long]}}
    for data in ([value, value], {"x": shared, "y": [shared, {"z": shared}], "v": value}):
        assert py(data) == pprint.pformat(data, width=96, sort_dicts=True)
    if not isinstance(value, (dict, list)):
        assert py(value) == repr(value)  # a scalar is never laid out over lines


def test_runner_sources_embed_as_valid_literals() -> None:
    for name in (
        "SPARK_RUNNER",
        "STEP_RUNNER",
        "GATE_RUNNER",
        "EVAL_RUNNER",
        "SENSOR_RUNNER",
        "EMAIL_RUNNER",
        "SUBMIT_RUNNER",
    ):
        source = runner_source(name)
        assert "embed: drop" not in source
        compile(source, name, "exec")
        assert ast.literal_eval(runner_literal(source)) == source


TEMPLATES: dict[str, dict[str, Any]] = {
    "kfp/component.py.j2": {
        "signature": "def f(a: str):",
        "doc": "'doc'",
        "image": "CONTROL_IMAGE",
        "command": "['true']",
        "args": ["'x'"],
    },
    "kfp/pipeline_func.py.j2": {
        "signature": "def p():",
        "name": "'n'",
        "description": "'d'",
        "lines": ["    pass"],
    },
    "kfp/pipeline.py.j2": {
        "header": {"kind": "workflow", "name": "n", "source": "s.xml", "kfp": "2.15.0"},
        "images": [("CONTROL_IMAGE", "'python'")],
        "constants": [("APP", "{}")],
        "components": ["# component"],
        "pipelines": ["# pipeline"],
        "top": "p",
    },
    "kfp/runners.py.j2": {"blocks": [("X_RUNNER", "r'''print()'''")]},
    "kfp/Dockerfile.j2": {
        "base_image": "apache/spark:3.5.8",
        "hadoop": "3.4.1",
        "tools": ["Apache Pig"],
        "name": "wf",
        "source": "wf.xml",
        "files": True,
        "uid": 185,
    },
    "kfp/README.md.j2": {
        "name": "wf",
        "kind": "workflow",
        "source": "wf.xml:1",
        "original": "WF",
        "readiness": "review",
        "compiled": True,
        "image": "registry/wf:1",
        "control_image": "python:3.12",
        "copied": ["lib/a.jar"],
        "params": [{"ident": "p", "oozie": "p", "default": "1", "origin": "job.properties"}],
        "steps": [{"pipeline": "wf", "func": "a_op", "kind": "shell", "how": "step", "image": "W"}],
        "spark": ["wf-a"],
        "rbac": "../../rbac/default",
        "account": "wf-runner",
        "namespace": "default",
        "secrets": ["oozie-smtp"],
        "schedule": {"file": "recurring-run.yaml", "what": "w", "text": "t", "table": "c"},
        "findings": [
            {"code": "OZ001", "severity": "error", "path": "a", "line": 1, "message": "m"}
        ],
        "notes": [{"code": "OZ008", "severity": "info", "path": "a", "line": 1, "message": "m"}],
    },
    "kfp/bundle.md.j2": {
        "name": "b",
        "source": "b.xml",
        "kick_off": "2024-01-01T00:00:00Z",
        "entries": [{"name": "c", "folder": "c", "source": "c.xml"}],
    },
}


def _mutations(context: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for key, value in context.items():
        changed = copy.deepcopy(context)
        if isinstance(value, bool):
            changed[key] = not value
        elif isinstance(value, int):
            changed[key] = value + 1
        elif isinstance(value, str):
            changed[key] = value + "X" if value else "X"
        elif isinstance(value, list):
            changed[key] = []
        elif isinstance(value, dict):
            changed[key] = {k: f"{v}X" for k, v in value.items()}
        out.append((key, changed))
    return out


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_template_field_changes_the_output(template: str) -> None:
    base = render(template, **TEMPLATES[template])
    if template.endswith(".py.j2"):
        ast.parse(base)
    for key, changed in _mutations(TEMPLATES[template]):
        assert render(template, **changed) != base, f"{template}: `{key}` has no effect"
