"""Rendering: the one Jinja environment, and deterministic YAML/JSON dumping.

Kubernetes objects are plain data dumped with sorted keys (safe against injection: a value can
never change the document's structure). Templates are for Dockerfiles, READMEs and reports.
"""

from __future__ import annotations

import functools
import json
import re
import shlex
from typing import Any

import jinja2
import yaml

from yarn2k8s.yaml_emit import BlockYaml

try:  # a declared dependency; the fallback keeps a broken install working, only slower
    import orjson
except ImportError:  # pragma: no cover
    orjson = None  # type: ignore[assignment]

_ORJSON_OPTIONS = (
    (orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
    # Refuse what the standard library refuses, rather than serialising it.
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    if orjson is not None
    else 0
)

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


_YAML_WIDTH = 100


def _pyyaml_dump(obj: Any, width: int = _YAML_WIDTH) -> str:
    """The reference: what every document's bytes must be."""
    return yaml.dump(
        obj,
        Dumper=_Dumper,
        sort_keys=True,
        default_flow_style=False,
        allow_unicode=True,
        width=width,
    )


# Writes the plain-data documents yarn2k8s makes without PyYAML's Python representer (3-6x
# faster, benchmarks/bench_yaml.py), learning each string's style from _pyyaml_dump itself.
_block_yaml = BlockYaml(_pyyaml_dump, _YAML_WIDTH)


def dump_yaml(obj: Any) -> str:
    """One YAML document with sorted keys, LF endings, no aliases.

    The bytes are always _pyyaml_dump's: the fast writer declines (None) whatever it cannot
    reproduce exactly (dates, `? ` complex keys, long double-quoted values...), and PyYAML
    writes that document.
    """
    text = _block_yaml.dump(obj)
    return text if text is not None else _pyyaml_dump(obj)


def dump_yaml_documents(objs: list[Any]) -> str:
    """Several YAML documents separated by `---`."""
    return "---\n".join(dump_yaml(o) for o in objs)


def dump_json(obj: Any) -> str:
    """Deterministic JSON with a trailing newline (see dump_json_bytes)."""
    return dump_json_bytes(obj).decode("utf-8")


# A float orjson writes differently from Python's repr (`1e-7`, `0.00001`): only magnitudes
# below 1e-4 do that. A match (even inside a string) just sends the object the slow way.
_ORJSON_FLOAT_DRIFT = re.compile(rb"[0-9]e-[0-9]|0\.0000")
_SURROGATE = re.compile("[\ud800-\udfff]")


def dump_json_bytes(obj: Any) -> bytes:
    """Deterministic UTF-8 JSON: sorted keys, 2-space indent, a trailing newline.

    The bytes are `json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False)`'s, except
    that a non-finite float is written `null` (valid JSON; the standard library writes NaN).
    orjson (C) writes them when it can: it is ~15x faster than the standard library's
    indenting encoder and builds no intermediate pieces, which is what bounded memory on
    estate-sized reports. Objects it refuses or writes differently (non-string keys, integers
    beyond 64 bits, lone surrogates, floats below 1e-4) go through the Python encoder.
    """
    if orjson is not None:
        try:
            data = orjson.dumps(obj, option=_ORJSON_OPTIONS)
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            pass
        else:
            if not _ORJSON_FLOAT_DRIFT.search(data):
                return data
    out: list[str] = []
    _encode_json(obj, "\n", out)
    out.append("\n")
    text = "".join(out)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate has no UTF-8 form; it can only sit inside a JSON string, where its
        # \\u escape is valid JSON (what ensure_ascii=True would write).
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


_encode_str = (
    getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring
)


def _json_scalar(value: Any) -> str | None:
    """A scalar's JSON text (the standard encoder's rules and order), or None if not one."""
    if isinstance(value, str):
        return _encode_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "null"  # as orjson writes them: NaN/Infinity are not JSON
        return float.__repr__(value)
    return None


def _json_key(key: Any) -> str:
    if isinstance(key, str):
        return _encode_str(key)
    text = _json_scalar(key)
    if text is None:
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
    return _encode_str(text)


def _encode_json(obj: Any, indent: str, out: list[str]) -> None:
    text = _json_scalar(obj)
    if text is not None:
        out.append(text)
        return
    inner = indent + "  "
    if isinstance(obj, (list, tuple)):
        if not obj:
            out.append("[]")
            return
        out.append("[")
        for index, item in enumerate(obj):
            out.append(inner if index == 0 else "," + inner)
            _encode_json(item, inner, out)
        out.append(indent + "]")
        return
    if isinstance(obj, dict):
        if not obj:
            out.append("{}")
            return
        out.append("{")
        for index, (key, item) in enumerate(sorted(obj.items())):
            out.append(inner if index == 0 else "," + inner)
            out.append(_json_key(key))
            out.append(": ")
            _encode_json(item, inner, out)
        out.append(indent + "}")
        return
    raise TypeError(f"Object of type {obj.__class__.__name__} is not JSON serializable")


def _docker_json(value: Any) -> str:
    # JSON strings are valid in Dockerfile exec-form and LABEL values: no quoting tricks.
    return json.dumps(value, ensure_ascii=False)


def _docker_label(value: Any) -> str:
    # A double-quoted Dockerfile value (LABEL, ENV): one line, and `\`, `"` and `$` escaped,
    # so a value can neither end the instruction nor trigger Docker's variable substitution.
    text = " ".join(str(value).split())
    return '"' + re.sub(r'([\\"$])', r"\\\1", text) + '"'


def _comment(value: str) -> str:
    # A value in a comment must not be able to start a new line (and an instruction).
    return " ".join(str(value).split())


def _md_code(value: Any) -> str:
    # Inline code that no value can close early or break across lines: whitespace collapsed,
    # fenced by one more backtick than the longest run inside.
    text = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text[:1] == "`" or text[-1:] == "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


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
    env.filters["docker_label"] = _docker_label
    env.filters["comment"] = _comment
    env.filters["shell_quote"] = shlex.quote
    env.filters["to_json"] = dump_json
    env.filters["md"] = _md_cell
    env.filters["md_code"] = _md_code
    return env


def render(template: str, **context: Any) -> str:
    """Render a template by its path under templates/."""
    return environment().get_template(template).render(**context)
