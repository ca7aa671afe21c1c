"""`kubectl kustomize OUT`: the output tree must build as one kustomization.

kubectl is optional: where it is missing the check is skipped with an info finding (VA010),
never passed silently. :func:`start_kustomize` only starts kubectl, so that `validate` can run
its own checks while kubectl builds.

kustomize's cost grows faster than the tree: 1,000 job folders build in ~2 s, 10,000 took
8 min 40 s (374 s CPU). A root listing more than CHUNK folders is therefore built in chunks of
CHUNK folders (temporary kustomizations outside OUT referring to them, kubectl's
`--load-restrictor LoadRestrictionsNone`), one after another, and what a single build would
add across chunks, that no two objects share an id, is checked on kubectl's own output.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

import yaml

from yarn2k8s.converters.kubernetes import kustomization
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation
from yarn2k8s.rendering import dump_yaml
from yarn2k8s.security.limits import safe_yaml

_TIMEOUT_S = 120
_LOCATION = SourceLocation("kustomization.yaml", 0)
CHUNK = 400  # root resources per kubectl run once a root lists more (~0.8 s each)


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


def start_kustomize(out: Path, kubectl: str | None = None) -> KustomizeRun | ChunkedKustomizeRun:
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
    resources = _root_resources(out)
    if resources is not None and len(resources) > CHUNK:
        return ChunkedKustomizeRun(out, exe, resources)
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


def _root_resources(out: Path) -> list[str] | None:
    """The root kustomization's `resources`, when it is nothing but a plain list of them."""
    try:
        doc = safe_yaml((out / "kustomization.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # kubectl reports it
    if not isinstance(doc, dict) or set(doc) - {"apiVersion", "kind", "resources"}:
        return None  # patches, generators...: chunks would change their meaning
    listed = doc.get("resources")
    if not isinstance(listed, list) or not all(isinstance(r, str) for r in listed):
        return None
    return listed


# The id kustomize keeps unique: kind, apiVersion's group, namespace and name, read from its own
# output (top-level keys at column 0, metadata's own fields at two spaces).
_DOCUMENT = re.compile(r"^---$", re.M)
_TOP = re.compile(r"^(apiVersion|kind): *(.*)$", re.M)
_METADATA = re.compile(r"^metadata:\n((?:  .*\n|\n)*)", re.M)
_META_FIELD = re.compile(r"^  (name|namespace): *(.*)$", re.M)


def object_ids(built: str) -> list[tuple[str, str, str, str]]:
    """(group, kind, namespace, name) of each document kustomize built."""
    ids = []
    for doc in _DOCUMENT.split(built):
        top = dict(_TOP.findall(doc))
        meta = _METADATA.search(doc)
        fields = dict(_META_FIELD.findall(meta.group(1))) if meta else {}
        if "kind" in top:
            group = top.get("apiVersion", "").rpartition("/")[0]
            ids.append((group, top["kind"], fields.get("namespace", ""), fields.get("name", "")))
    return ids


class ChunkedKustomizeRun:
    """kubectl kustomize over CHUNK root resources at a time, in a background thread."""

    def __init__(self, out: Path, exe: str, resources: list[str]) -> None:
        self._out = out
        self._exe = exe
        self._chunks = [resources[i : i + CHUNK] for i in range(0, len(resources), CHUNK)]
        self._findings: list[Finding] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def result(self) -> list[Finding]:
        """Wait for every chunk; failures and ids shared across chunks are VA009 errors."""
        self._thread.join()
        return self._findings

    def cancel(self) -> None:
        """Stop after the chunk being built."""
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        seen: dict[tuple[str, str, str, str], int] = {}
        with tempfile.TemporaryDirectory(prefix="yarn2k8s-kustomize-") as tmp:
            for number, chunk in enumerate(self._chunks):
                if self._stop.is_set():
                    return
                built = self._build(Path(tmp, str(number)), chunk)
                if built is None:
                    return
                for key in object_ids(built):
                    if key in seen and seen[key] != number:
                        group, kind, namespace, name = key
                        what = f"{kind} {namespace + '/' if namespace else ''}{name}"
                        reason = f"{what} ({group or 'core'}) is defined twice"
                        self._findings.append(make("VA009", _LOCATION, reason=reason))
                    seen.setdefault(key, number)

    def _build(self, folder: Path, chunk: list[str]) -> str | None:
        folder.mkdir()
        paths = [os.path.relpath(self._out / rel, folder) for rel in chunk]
        (folder / "kustomization.yaml").write_text(dump_yaml(kustomization(paths)), "utf-8")
        cmd = [self._exe, "kustomize", "--load-restrictor", "LoadRestrictionsNone", str(folder)]
        try:
            done = subprocess.run(
                cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=_TIMEOUT_S
            )
        except subprocess.TimeoutExpired:
            reason = f"kubectl did not finish a chunk of {len(chunk)} folders in {_TIMEOUT_S} s"
            self._findings.append(make("VA009", _LOCATION, reason=reason))
            return None
        if done.returncode != 0:
            text = done.stderr.decode("utf-8", "replace")
            text = text.replace(str(folder), "OUT").replace(str(self._out), "OUT")
            reason = " ".join(text.split())[:500] or f"exit status {done.returncode}"
            self._findings.append(make("VA009", _LOCATION, reason=reason))
            return None
        return done.stdout.decode("utf-8", "replace")
