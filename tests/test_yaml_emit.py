"""yarn2k8s.yaml_emit: the fast YAML writer gives PyYAML's bytes, or declines.

rendering.dump_yaml trusts BlockYaml.dump whenever it returns text, so every test here compares
that text with the reference dumper (rendering._pyyaml_dump) byte for byte.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yarn2k8s import rendering
from yarn2k8s.yaml_emit import BlockYaml

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "public"


def fresh() -> BlockYaml:
    """A writer with empty caches, so a test's strings are probed in its own positions."""
    return BlockYaml(rendering._pyyaml_dump, rendering._YAML_WIDTH)


def check(writer: BlockYaml, obj: Any) -> bool:
    """Assert the fast text, if any, is the reference's; True if the fast path took it."""
    text = writer.dump(obj)
    if text is not None:
        assert text == rendering._pyyaml_dump(obj), obj
    return text is not None


def sample_documents() -> list[Any]:
    docs: list[Any] = []
    for path in sorted(REPO.glob("samples/*/*/expected/**/*.y*ml")):
        docs.extend(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    return docs


def test_every_golden_sample_document_round_trips_byte_for_byte() -> None:
    docs = sample_documents()
    writer = fresh()
    fast = sum(check(writer, doc) for doc in docs)
    assert len(docs) > 100
    # Golden outputs are the plain data the fast path is for.
    assert fast >= 0.95 * len(docs)


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ({}, "{}\n"),
        ([], "[]\n"),
        ({"b": [], "a": {}}, "a: {}\nb: []\n"),
        ({"k": ["x", "y"]}, "k:\n- x\n- y\n"),
        ([{"b": 1, "a": None}], "- a: null\n  b: 1\n"),
        ([["a", ["b"]], True], "- - a\n  - - b\n- true\n"),
        ({"s": "line\n  indented\n\nlast"}, "s: |-\n  line\n    indented\n\n  last\n"),
        ({"s": " lead\n"}, "s: |2\n   lead\n"),
        (
            {"": "", "n": "null", "t": "true", "z": "0x1F"},
            "'': ''\nn: 'null'\nt: 'true'\nz: '0x1F'\n",
        ),
        ({"tab": "a\tb", "hash": "a #b"}, "hash: 'a #b'\ntab: \"a\\tb\"\n"),
        ((1, "x"), "- 1\n- x\n"),
        (
            [2.0, 1e16, 1e-5, -0.0, float("nan"), float("-inf")],
            "- 2.0\n- 1.0e+16\n- 1.0e-05\n- -0.0\n- .nan\n- -.inf\n",
        ),
    ],
)
def test_layout_and_styles(obj: Any, expected: str) -> None:
    assert rendering._pyyaml_dump(obj) == expected  # the examples document PyYAML itself
    assert fresh().dump(obj) == expected


@pytest.mark.parametrize(
    "obj",
    [
        "scalar document",
        {1: "int key"},
        {"k" * 129: "long key"},
        {"multi\nline key": 1},
        {"v": "trailing blank lines\n\n"},  # `|+`: libyaml ends the stream with `...`
        {"v": "cr\rlf"},
        {"v": "x " * 60 + "\t"},  # a long double-quoted value would fold
        {"v": b"bytes"},
        {"v": datetime.date(2024, 1, 1)},
        {"v": yaml},
    ],
)
def test_declines_what_it_does_not_reproduce(obj: Any) -> None:
    assert fresh().dump(obj) is None


def test_dump_yaml_still_raises_what_pyyaml_raises() -> None:
    with pytest.raises(yaml.representer.RepresenterError):
        rendering.dump_yaml({"v": object()})
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(RecursionError):
        rendering.dump_yaml(loop)


def test_long_values_fold_like_libyaml_at_every_depth() -> None:
    writer = fresh()
    words = ["alpha", "beta", "", "gamma", "delta", "'quoted'", "#hash:", "colon", "epsilon"]
    for depth in range(6):
        for length in range(60, 260, 7):
            text = " ".join(words[i % len(words)] for i in range(length // 6))[:length]
            for value in (text, "'" + text, text + " :", "- " + text):
                obj: Any = {"key" * (length % 5): value, "list": [value, {"in": value}]}
                for _ in range(depth):
                    obj = {"nest": obj, "seq": [obj]}
                check(writer, obj)


TRICKY = [
    "true",
    "False",
    "yes",
    "on",
    "null",
    "~",
    "",
    "1e3",
    "1_000",
    "0x1F",
    "0o17",
    "012",
    ".inf",
    "-.NaN",
    "2024-01-01",
    "12:30:00",
    "<<",
    "=",
    "-",
    "- ",
    ":",
    ": ",
    "?",
    "? ",
    "#",
    " #",
    "'",
    '"',
    "\\",
    "\n",
    "\n\n",
    "\t",
    " ",
    "  ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a",
    "*a",
    "!t",
    "|",
    ">",
    "%",
    "@",
    "`",
    "---",
    "...",
    "é",
    "日本語",
    "😀",
    "\x00",
    "\x85",
    "\u2028",
    "\ufeff",
    "\r",
    "a",
    "word",
    "spark.executor.memory=4g",
    "--conf",
]


def scalars() -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))
    joined = st.lists(pieces, max_size=8).map("".join)
    words = ["a", "word", "x" * 30, "y'y", "z: z", "#", "", "true", "é", "\t", "\n"]
    sentence = st.lists(st.sampled_from(words), max_size=40)
    return st.one_of(joined, sentence.map(" ".join), st.sampled_from(TRICKY))


def documents() -> st.SearchStrategy[Any]:
    leaves = st.one_of(scalars(), scalars(), st.integers(), st.booleans(), st.none(), st.floats())
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.lists(inner, max_size=3).map(tuple),
            st.dictionaries(scalars(), inner, max_size=4),
        ),
        max_leaves=30,
    )


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_matches_pyyaml_on_generated_documents(obj: Any) -> None:
    check(fresh(), {"root": obj})
    check(fresh(), [obj])


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(scalars(), scalars(), min_size=1, max_size=6))
def test_matches_pyyaml_on_flat_string_mappings(obj: dict[str, str]) -> None:
    check(fresh(), {"a": obj, "b": [obj]})


# No tab: it makes a value double-quoted, and long double-quoted values are declined.
WORDS = ["a", "bb", "word", "'q'", "x:y", "#c", "é", "日本", "--conf", "k=v", "", "\\", '"']


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=15, max_size=70).map(" ".join),
    st.integers(min_value=0, max_value=60),
    st.lists(st.booleans(), max_size=5),
)
def test_matches_pyyaml_on_long_values_that_may_fold(
    value: str, key_length: int, path: list[bool]
) -> None:
    obj: Any = {"k" * key_length: value, "s": [value]}
    for in_list in path:
        obj = [obj, value] if in_list else {"n" * key_length: obj}
    check(fresh(), obj)


class _Checking:
    """Stands in for rendering's writer: compares each fast text with PyYAML's as it goes."""

    def __init__(self) -> None:
        self.inner = fresh()
        self.fast = 0
        self.total = 0

    def dump(self, obj: Any) -> str | None:
        self.total += 1
        self.fast += check(self.inner, obj)
        return self.inner.dump(obj)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_every_document_the_corpus_conversion_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    from yarn2k8s.config import Config
    from yarn2k8s.convert import build

    checking = _Checking()
    monkeypatch.setattr(rendering, "_block_yaml", checking)
    build([CORPUS], Config(), workers=1)
    assert checking.total > 100
    assert checking.fast >= 0.95 * checking.total
