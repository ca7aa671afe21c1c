"""Compile generated pipeline code with the real kfp SDK, in process, bounded.

kfp is imported here only (lazily), so the CLI starts fast when no Oozie workflow is converted.
The generated pipeline.py is executed from the code object we produced ourselves, with its
sibling runners.py provided as a module, and compiled to YAML in a temporary folder. The IR is
byte-deterministic for the same code and kfp version (the tests check it).
"""

from __future__ import annotations

import sys
import tempfile
import types
from dataclasses import dataclass
from pathlib import Path

MAX_CODE_BYTES = 8 * 1024 * 1024
MAX_IR_BYTES = 16 * 1024 * 1024


class CompileError(Exception):
    """kfp is missing, refused the pipeline, or the pipeline is over a size limit."""

    def __init__(self, code: str, detail: str, limit: int = 0) -> None:
        super().__init__(detail)
        self.code = code  # finding code: KF001 (size), KF002 (no kfp), KF003 (kfp error)
        self.detail = detail
        self.limit = limit


@dataclass(frozen=True)
class Compiled:
    """The compiled IR and the SDK version that wrote it."""

    yaml: str
    kfp_version: str


def kfp_version() -> str:
    """The installed kfp version, or "" when kfp is not installed."""
    try:
        import kfp
    except ImportError:
        return ""
    return str(kfp.__version__)


def compile_pipeline(code: str, runners: str, func: str) -> Compiled:
    """Compile `func` of the generated module; raises CompileError."""
    if len(code.encode()) + len(runners.encode()) > MAX_CODE_BYTES:
        raise CompileError("KF001", f"{len(code)} bytes of code", MAX_CODE_BYTES)
    try:
        import kfp
        from kfp import compiler
    except ImportError:
        raise CompileError("KF002", "kfp is not installed") from None
    runners_module = types.ModuleType("runners")
    saved = sys.modules.get("runners")
    try:
        exec(compile(runners, "runners.py", "exec", dont_inherit=True), runners_module.__dict__)
        sys.modules["runners"] = runners_module
        namespace: dict[str, object] = {"__name__": "yarn2k8s_generated_pipeline"}
        # dont_inherit: this module's `annotations` future must not turn kfp's types into strings.
        exec(compile(code, "pipeline.py", "exec", dont_inherit=True), namespace)
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp, "pipeline.yaml")
            compiler.Compiler().compile(namespace[func], str(target))
            text = target.read_text(encoding="utf-8")
    except CompileError:
        raise
    except Exception as err:  # kfp reports bad pipelines with many exception types
        raise CompileError("KF003", f"{type(err).__name__}: {err}"[:500]) from None
    finally:
        if saved is None:
            sys.modules.pop("runners", None)
        else:
            sys.modules["runners"] = saved
    if len(text.encode()) > MAX_IR_BYTES:
        raise CompileError("KF001", f"{len(text)} bytes of IR", MAX_IR_BYTES)
    return Compiled(text, str(kfp.__version__))
