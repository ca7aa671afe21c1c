"""A pathological workflow fails fast with a finding instead of reaching the compiler."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def test_oversized_workflow_fails_fast(tmp_path: Path, convert_folder: Callable[..., Any]) -> None:
    actions = "".join(
        f'<action name="a{i}"><fs><mkdir path="/x/{i}"/></fs>'
        f'<ok to="{f"a{i + 1}" if i < 1499 else "end"}"/><error to="end"/></action>'
        for i in range(1500)
    )
    (tmp_path / "workflow.xml").write_text(
        f'<workflow-app xmlns="uri:oozie:workflow:0.5" name="huge"><start to="a0"/>{actions}'
        '<end name="end"/></workflow-app>'
    )
    start = time.perf_counter()
    result = convert_folder(tmp_path)
    assert time.perf_counter() - start < 60
    (unit,) = result.result.workflows
    assert "KF001" in {f.code for f in unit.findings}
    assert "workflows/huge/pipeline.yaml" not in result.files
    assert "workflows/huge/pipeline.py" in result.files
