"""`kubectl kustomize OUT`: the output tree must build as one kustomization.

kubectl is optional: where it is missing the check is skipped with an info finding (VA010),
never passed silently. :func:`start_kustomize` only starts kubectl, so that `validate` can run
its own checks while kubectl builds (one external process, minutes at estate scale).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import IO

from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation

_TIMEOUT_S = 120
_LOCATION = SourceLocation("kustomization.yaml", 0)


class KustomizeRun:
    """A started ``kubectl kustomize`` (or a result known without running it)."""

    def __init__(
        self,
        out: Path,
        proc: subprocess.Popen[bytes] | None = None,
        stderr: IO[bytes] | None = None,
        findings: list[Finding] | None = None,
    ) -> None:
        self._out = out
        self._proc = proc
        self._stderr = stderr
        self._findings = findings or []
        self._deadline = time.monotonic() + _TIMEOUT_S

    def result(self) -> list[Finding]:
        """Wait for kubectl; a failure, or no result within the timeout, is a VA009 error."""
        if self._proc is None or self._stderr is None:
            return self._findings
        try:
            code = self._proc.wait(timeout=max(0.0, self._deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            # Killed: the tree is not known to build, which is an error, not a crash of
            # `validate` (kustomize needs minutes for 10,000 job folders).
            self.cancel()
            reason = f"kubectl did not finish within {_TIMEOUT_S} s"
            return [make("VA009", _LOCATION, reason=reason)]
        self._stderr.seek(0)
        text = self._stderr.read().decode("utf-8", "replace")
        self._close()
        if code != 0:
            reason = " ".join(text.split())[:500] or f"exit status {code}"
            return [make("VA009", _LOCATION, reason=reason.replace(str(self._out), "OUT"))]
        return []

    def cancel(self) -> None:
        """Stop kubectl (validation failed elsewhere, or it timed out)."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._close()

    def _close(self) -> None:
        if self._stderr is not None:
            self._stderr.close()
        self._proc, self._stderr = None, None


def start_kustomize(out: Path, kubectl: str | None = None) -> KustomizeRun:
    """Start ``kubectl kustomize out``; :meth:`KustomizeRun.result` gives its findings."""
    exe = kubectl or shutil.which("kubectl")
    if exe is None:
        return KustomizeRun(
            out, findings=[make("VA010", _LOCATION, tool="kubectl", what="`kubectl kustomize`")]
        )
    if not (out / "kustomization.yaml").is_file():
        return KustomizeRun(
            out, findings=[make("VA009", _LOCATION, reason="OUT has no kustomization.yaml")]
        )
    # The built YAML (tens of MB at estate scale) is not needed, and an unread pipe would stall
    # kubectl once full; stderr (the reason for a failure) goes to a file for the same reason.
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by KustomizeRun
    try:
        proc = subprocess.Popen(
            [exe, "kustomize", str(out)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    except OSError:
        stderr.close()
        raise
    return KustomizeRun(out, proc, stderr)


def check_kustomize(out: Path, kubectl: str | None = None) -> list[Finding]:
    """Build ``out`` with ``kubectl kustomize``; a failure is a VA009 error."""
    return start_kustomize(out, kubectl).result()
