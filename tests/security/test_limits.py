"""Input limits: bounded reads, encodings, binary detection, JSON/YAML depth and documents."""

from __future__ import annotations

import codecs
import json
import os
import time
from pathlib import Path

import pytest
import yaml

from yarn2k8s.security.limits import (
    StructureLimitError,
    YamlLimitError,
    check_yaml,
    decode_text,
    read_text,
    safe_json,
    safe_yaml,
    safe_yaml_all,
)

# --- read_text ---------------------------------------------------------------------------


def test_utf8_with_and_without_bom(tmp_path: Path) -> None:
    (tmp_path / "a.sh").write_bytes(codecs.BOM_UTF8 + "échec\n".encode())
    read = read_text(tmp_path / "a.sh")
    assert (read.text, read.encoding, read.refused) == ("échec\n", "utf-8", "")


@pytest.mark.parametrize(
    ("codec", "name"), [("utf-16", "utf-16"), ("utf-16-be", "utf-16"), ("utf-32", "utf-32")]
)
def test_boms_select_the_codec(tmp_path: Path, codec: str, name: str) -> None:
    text = "spark-submit --name café job.py\n"
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    (tmp_path / "a.sh").write_bytes(data)
    read = read_text(tmp_path / "a.sh")
    assert (read.text, read.encoding) == (text, name)


def test_latin1_fallback_keeps_the_text(tmp_path: Path) -> None:
    (tmp_path / "a.sh").write_bytes("résumé ©\n".encode("latin-1"))
    read = read_text(tmp_path / "a.sh")
    assert (read.text, read.encoding) == ("résumé ©\n", "latin-1")


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"#!/bin/sh\necho \x00 x\n", "NUL bytes"),
        (bytes(range(1, 9)) * 200, "control characters"),
        (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "NUL bytes"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "invalid UTF-16"),
    ],
)
def test_binary_is_refused_with_a_reason(tmp_path: Path, data: bytes, detail: str) -> None:
    (tmp_path / "x.sh").write_bytes(data)
    read = read_text(tmp_path / "x.sh")
    assert (read.text, read.refused, read.detail) == (None, "binary", detail)


def test_a_few_control_characters_are_still_text() -> None:
    read = decode_text(b"echo \x1b[1mbold\x1b[0m\x07\n" + b"x" * 200)
    assert read.refused == "" and read.text is not None


def test_too_large_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.sh"
    with path.open("wb") as handle:
        handle.seek(50 * 1024 * 1024)
        handle.write(b"\n")
    start = time.monotonic()
    read = read_text(path, max_bytes=1024)
    assert (read.refused, read.size) == ("too-large", 50 * 1024 * 1024 + 1)
    assert time.monotonic() - start < 1.0


def test_fifo_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.sh")
    read = read_text(tmp_path / "pipe.sh")
    assert (read.refused, read.detail) == ("unreadable", "not a regular file")


def test_folder_and_missing_file_are_unreadable(tmp_path: Path) -> None:
    assert read_text(tmp_path).refused == "unreadable"
    assert read_text(tmp_path / "nope").refused == "unreadable"


def test_symlink_loop_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    read = read_text(tmp_path / "a")
    assert read.refused == "unreadable" and "symbolic links" in read.detail


def test_root_refuses_a_link_that_leaves_it(tmp_path: Path) -> None:
    inside, outside = tmp_path / "in", tmp_path / "out"
    inside.mkdir()
    outside.mkdir()
    (outside / "secret").write_text("x")
    (inside / "link").symlink_to(outside / "secret")
    (inside / "ok").write_text("y")
    assert read_text(inside / "link", root=inside).refused == "unreadable"
    assert read_text(inside / "link").text == "x"  # without a root: the caller's choice
    assert read_text(inside / "ok", root=inside).text == "y"


# --- JSON --------------------------------------------------------------------------------


def test_safe_json_reads_ordinary_documents() -> None:
    assert safe_json('{"a": [1, {"b": "[[[{{"}], "c": "\\"]"}') == {
        "a": [1, {"b": "[[[{{"}],
        "c": '"]',
    }


def test_safe_json_refuses_depth_with_the_line() -> None:
    text = "{\n" + '"a": ' + "[" * 101 + "]" * 101 + "}"
    with pytest.raises(StructureLimitError) as info:
        safe_json(text)
    assert info.value.line == 2
    assert isinstance(info.value, ValueError)  # handled by code that handles bad JSON


def test_safe_json_deep_bomb_is_refused_fast() -> None:
    text = "[" * 1_000_000 + "]" * 1_000_000
    start = time.monotonic()
    with pytest.raises(StructureLimitError):
        safe_json(text)
    assert time.monotonic() - start < 2.0


def test_safe_json_syntax_errors_stay_json_errors() -> None:
    with pytest.raises(json.JSONDecodeError):
        safe_json('{"a": ')


# --- YAML --------------------------------------------------------------------------------

_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_safe_yaml_reads_anchors_within_bounds() -> None:
    assert safe_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
    assert safe_yaml("") is None
    assert safe_yaml_all("---\na: 1\n---\nb: 2\n") == [{"a": 1}, {"b": 2}]


def test_alias_bomb_is_refused_before_loading() -> None:
    start = time.monotonic()
    with pytest.raises(YamlLimitError, match="expands to more than"):
        safe_yaml(_BOMB)
    assert time.monotonic() - start < 2.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &a [*a]\n", "open anchor"),
        ("a: &a {b: *a}\n", "open anchor"),
        ("[" * 101 + "]" * 101, "deeper than 100"),
        ("---\na: 1\n" * 1001, "more than 1000 YAML documents"),
    ],
)
def test_yaml_limits(text: str, message: str) -> None:
    with pytest.raises(YamlLimitError, match=message) as info:
        safe_yaml_all(text)
    assert isinstance(info.value, yaml.YAMLError)  # handled by code that handles bad YAML


def test_yaml_limit_error_has_the_line() -> None:
    with pytest.raises(YamlLimitError) as info:
        check_yaml("a: 1\nb: 2\nc: &c [*c]\n")
    assert info.value.line == 3


def test_python_tags_never_construct_objects(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'x: !!python/object/apply:os.system ["touch {marker}"]\n'
    with pytest.raises(yaml.YAMLError):
        safe_yaml(text)
    assert not marker.exists()


def test_safe_yaml_refuses_several_documents() -> None:
    with pytest.raises(yaml.YAMLError):
        safe_yaml("a: 1\n---\nb: 2\n")
