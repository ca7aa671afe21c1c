"""`kubectl kustomize OUT`: the output tree must build as one kustomization.

kubectl is optional: where it is missing the check is skipped with an info finding (VA010),
never passed silently.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation

_TIMEOUT_S = 120


def check_kustomize(out: Path, kubectl: str | None = None) -> list[Finding]:
    """Build ``out`` with ``kubectl kustomize``; a failure is a VA009 error."""
    location = SourceLocation("kustomization.yaml", 0)
    exe = kubectl or shutil.which("kubectl")
    if exe is None:
        return [make("VA010", location, tool="kubectl", what="`kubectl kustomize`")]
    if not (out / "kustomization.yaml").is_file():
        return [make("VA009", location, reason="OUT has no kustomization.yaml")]
    proc = subprocess.run(
        [exe, "kustomize", str(out)],
        capture_output=True,
        text=True,
        timeout=_TIMEOUT_S,
        check=False,
    )
    if proc.returncode != 0:
        reason = " ".join(proc.stderr.split())[:500] or f"exit status {proc.returncode}"
        return [make("VA009", location, reason=reason.replace(str(out), "OUT"))]
    return []
