"""Rendering: the one Jinja environment, and deterministic YAML/JSON dumping.

Kubernetes objects are plain data dumped with sorted keys (safe against injection: a value can
never change the document's structure). Templates are for Dockerfiles, READMEs and reports.
"""

from __future__ import annotations

import functools
import json
import shlex
from typing import Any

import jinja2
import yaml

try:  # libyaml's C dumper is several times faster; fall back to pure Python.
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]


class _Dumper(_BaseDumper):
    """Block style, sorted keys, multi-line strings as literal blocks, never aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        """Shared sub-objects are written out in full: anchors confuse reviewers and tools."""
        return True


def _str_representer(dumper: _Dumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(obj: Any) -> str:
    """One YAML document with sorted keys, LF endings, no aliases."""
    return yaml.dump(
        obj,
        Dumper=_Dumper,
        sort_keys=True,
        default_flow_style=False,
        allow_unicode=True,
        width=100,
    )


def dump_yaml_documents(objs: list[Any]) -> str:
    """Several YAML documents separated by `---`."""
    return "---\n".join(dump_yaml(o) for o in objs)


def dump_json(obj: Any) -> str:
    """Deterministic JSON with a trailing newline."""
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _docker_json(value: Any) -> str:
    # JSON strings are valid in Dockerfile exec-form and LABEL values: no quoting tricks.
    return json.dumps(value, ensure_ascii=False)


def _comment(value: str) -> str:
    # A value in a comment must not be able to start a new line (and an instruction).
    return " ".join(str(value).split())


def _md_cell(value: Any) -> str:
    # A value inside a Markdown table cell must not end the cell or the row.
    return " ".join(str(value).split()).replace("|", "\\|")


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The single Jinja environment: strict, whitespace-tidy, with serialising filters."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("yarn2k8s", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["docker_json"] = _docker_json
    env.filters["comment"] = _comment
    env.filters["shell_quote"] = shlex.quote
    env.filters["to_json"] = dump_json
    env.filters["md"] = _md_cell
    return env


def render(template: str, **context: Any) -> str:
    """Render a template by its path under templates/."""
    return environment().get_template(template).render(**context)
