"""The labelled set: our inference against expected.txt, and against pipreqs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from deps_cases import Score, load_cases, materialize, ours, pipreqs_names

CASES = load_cases()


def test_the_set_is_big_enough_and_draws_on_the_corpus() -> None:
    assert len(CASES) >= 30
    assert sum(c.from_corpus for c in CASES) >= 10
    for case in CASES:
        assert case.spec.get("description"), case.name
        assert (case.folder / "expected.txt").is_file(), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = materialize(case, tmp_path)
    found = ours(case, root)
    wanted = (set(case.expected) | case.known_extra) - case.known_missing
    assert set(found) == wanted
    for name, version in case.expected.items():
        if version and name in found:
            assert found[name] == version, name


@pytest.mark.skipif(importlib.util.find_spec("pipreqs") is None, reason="pipreqs (dev extra)")
def test_ours_beats_pipreqs_on_precision_and_recall(tmp_path: Path) -> None:
    mine, theirs = Score(), Score()
    for case in CASES:
        root = materialize(case, tmp_path)
        expected = set(case.expected)
        mine.add(set(ours(case, root)), expected)
        theirs.add(pipreqs_names(root) or set(), expected)
    assert mine.precision > theirs.precision
    assert mine.recall > theirs.recall
    assert mine.precision >= 0.95 and mine.recall >= 0.95
