"""The estate-scale benchmark's generator and timing hook, and the speedups it proved."""

from __future__ import annotations

import enum
import json
import random
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.estate_gen import generate
from yarn2k8s import rendering
from yarn2k8s.config import load_config
from yarn2k8s.convert import build
from yarn2k8s.converters.estate import KUSTOMIZATION, top_level_kustomizations
from yarn2k8s.rendering import dump_json


class _Colour(str, enum.Enum):
    RED = "red"


class _Level(enum.IntEnum):
    HIGH = 3


def _stdlib(obj: Any) -> str:
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    "obj",
    [
        {},
        [],
        "x",
        3,
        -0.0,
        1e16,
        float("nan"),
        float("inf"),
        -float("inf"),
        None,
        (1, (2,)),
        [[[]], {}],
        {"b": {}, "a": [1, 2.5, None, True, False, 'é\n"\\\u2028\x01']},
        {1: 2, 2.5: "x"},
        {True: 1},
        {"z": {"y": {"x": [{"w": 1}]}}},
        {"colour": _Colour.RED, "level": _Level.HIGH},
    ],
)
def test_dump_json_is_byte_identical_to_the_standard_library(
    obj: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Non-finite floats are the one documented difference: null, not the invalid NaN.
    expected = _stdlib(obj).replace("-Infinity", "null").replace("Infinity", "null")
    expected = expected.replace("NaN", "null")
    assert dump_json(obj) == expected
    monkeypatch.setattr(rendering, "orjson", None)  # the Python fallback agrees
    assert dump_json(obj) == expected


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@given(_JSON_VALUES)
@settings(max_examples=400, deadline=None)
def test_orjson_and_the_python_encoder_write_the_same_bytes(obj: Any) -> None:
    fast = rendering.dump_json_bytes(obj)
    saved = rendering.orjson
    rendering.orjson = None  # type: ignore[assignment]
    try:
        slow = rendering.dump_json_bytes(obj)
    finally:
        rendering.orjson = saved
    assert fast == slow
    json.loads(fast)  # and it is valid JSON


def test_dump_json_refuses_what_the_standard_library_refuses() -> None:
    with pytest.raises(TypeError):
        dump_json({"a": object()})
    with pytest.raises(TypeError):
        dump_json({(1, 2): "tuple key"})


def _top_level_reference(paths: list[str]) -> list[str]:
    folders = sorted(
        str(PurePosixPath(p).parent)
        for p in paths
        if PurePosixPath(p).name == KUSTOMIZATION and "/" in p
    )
    kept: list[str] = []
    for folder in folders:
        # A folder listed twice (two converters writing rbac/) is kept once.
        if folder not in kept and not any(folder.startswith(parent + "/") for parent in kept):
            kept.append(folder)
    return kept


def test_top_level_kustomizations_matches_the_quadratic_definition() -> None:
    rng = random.Random(3)
    names = ["a", "ab", "b", "a-b", "jobs", "k8s"]
    for _ in range(500):
        paths = [
            "/".join(rng.choice(names) for _ in range(rng.randint(1, 4))) + "/" + KUSTOMIZATION
            for _ in range(rng.randint(0, 12))
        ]
        paths += [KUSTOMIZATION, "/" + KUSTOMIZATION, "a//" + KUSTOMIZATION, "x/other.yaml"]
        assert top_level_kustomizations(paths) == _top_level_reference(paths)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_estate_generator_is_deterministic(tmp_path: Path) -> None:
    assert generate(tmp_path / "one", spark=40, oozie=2, tony=2) == 44
    generate(tmp_path / "two", spark=40, oozie=2, tony=2)
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert _tree(tmp_path / "one") != _tree(generate_other(tmp_path / "three"))


def generate_other(out: Path) -> Path:
    generate(out, spark=40, oozie=2, tony=2, seed=8)
    return out


def test_generated_estate_converts_with_per_phase_timings(tmp_path: Path) -> None:
    generate(tmp_path / "in", spark=20, oozie=1, tony=1)
    timings: dict[str, float] = {}
    conversion = build([tmp_path / "in"], load_config(None), timings=timings)
    assert set(timings) == {"discover", "analyze", "enrich", "convert", "report"}
    assert all(seconds >= 0 for seconds in timings.values())
    assert len(conversion.result.jobs) == 21  # 20 Spark (crontab lines included) + 1 TonY
    # The Oozie app, and the estate's spark-defaults.conf as a spark-conf ConfigMap.
    assert sorted(w.unit.kind for w in conversion.result.workflows) == [
        "oozie-workflow",
        "spark-conf",
    ]
    untimed = build([tmp_path / "in"], load_config(None))
    assert untimed.files == conversion.files


def test_a_lone_surrogate_is_written_as_a_json_escape() -> None:
    # It has no UTF-8 form: escaped, the file stays valid UTF-8 and reads back the same.
    text = dump_json({"s": "a\ud800b"})
    assert "\\ud800" in text
    assert json.loads(text) == {"s": "a\ud800b"}


def test_inventories_are_computed_where_units_convert(tmp_path: Path) -> None:
    # -j 2 workers compute each unit's inventory; it must be what the report would compute.
    from yarn2k8s.enrich.inventory import unit_inventory
    from yarn2k8s.pipeline import run

    generate(tmp_path / "in", spark=6, oozie=1, tony=1)
    result = run([tmp_path / "in"], load_config(None), workers=2)
    units = result.jobs + result.workflows
    assert units and all(u.inventory == unit_inventory(u.unit).to_dict() for u in units)
