"""Compile generated pipeline code with the real kfp SDK, in process, bounded.

kfp is imported here only (lazily), so the CLI starts fast when no Oozie workflow is converted.
The generated pipeline.py is executed from the code object we produced ourselves, with its
sibling runners.py provided as a module, and compiled by kfp's Compiler steps (override,
type check, PipelineSpec/PlatformSpec, kfp's header comments). Only the final YAML dump is
ours: kfp dumps with PyYAML's pure-Python emitter, which spent ~80% of a workflow's
conversion escaping the embedded step scripts into folded double-quoted strings. We dump the
same documents with libyaml, scripts as literal blocks (readable in a pull request's diff);
the documents load back equal to kfp's own file (tests compare them on every golden). The IR
is byte-deterministic for the same code and kfp version.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from dataclasses import dataclass
from typing import Any

from yarn2k8s.rendering import dump_yaml_documents

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
        kfp = import_kfp()
    except ImportError:
        return ""
    return str(kfp.__version__)


class _KubernetesClientProxy:
    """Stands for `kubernetes.client` in kfp.kubernetes's module globals (see import_kfp)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("kubernetes.client"), name)


def import_kfp() -> Any:
    """kfp, with what compiling uses (dsl, compiler, kfp.kubernetes) and not its API client.

    `import kfp` also imports kfp.client, and kfp.kubernetes imports the Kubernetes API
    client, for a node-affinity check our pipelines never call: ~85% of the import's CPU
    (0.33 s, 1,300 modules), paid by every process that converts a workflow. kfp's own
    `_KFP_RUNTIME` switch (what its executor sets) leaves the client out of `kfp/__init__`,
    and the Kubernetes client is imported when first used instead. Only the package's
    `__init__` runs with the switch: kfp.dsl is imported whole after, as normal.
    """
    if "kfp" not in sys.modules:
        saved = os.environ.get("_KFP_RUNTIME")
        os.environ["_KFP_RUNTIME"] = "true"
        try:
            import kfp  # the package only; its submodules follow
        finally:
            if saved is None:
                del os.environ["_KFP_RUNTIME"]
            else:
                os.environ["_KFP_RUNTIME"] = saved
        import kfp.compiler
        import kfp.dsl
    if "kfp.kubernetes" not in sys.modules and "kubernetes" not in sys.modules:
        # node_affinity binds `kubernetes.client` at import and uses it only inside a
        # function that imports it again: a placeholder during the import, then the real
        # package on first use (the placeholder is never left in sys.modules).
        placeholder = types.ModuleType("kubernetes")
        placeholder.client = _KubernetesClientProxy()  # type: ignore[attr-defined]
        sys.modules["kubernetes"] = placeholder
        try:
            import kfp.kubernetes
        except ImportError:  # kfp-kubernetes missing: the generated import reports it
            pass
        finally:
            if sys.modules.get("kubernetes") is placeholder:
                del sys.modules["kubernetes"]
    import kfp

    return kfp


def compile_pipeline(code: str, runners: str, func: str) -> Compiled:
    """Compile `func` of the generated module; raises CompileError."""
    if len(code.encode()) + len(runners.encode()) > MAX_CODE_BYTES:
        raise CompileError("KF001", f"{len(code)} bytes of code", MAX_CODE_BYTES)
    try:
        kfp = import_kfp()
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
        text = _compile_to_yaml(namespace[func])
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


def _compile_to_yaml(pipeline_func: Any) -> str:
    """kfp's `Compiler().compile` for a YAML path, with the documents dumped by libyaml."""
    from google.protobuf import json_format
    from kfp.compiler import pipeline_spec_builder as builder
    from kfp.dsl import base_component
    from kfp.dsl.types import type_utils

    if not isinstance(pipeline_func, base_component.BaseComponent):
        raise TypeError(f"not a kfp pipeline: {type(pipeline_func).__name__}")
    with type_utils.TypeCheckManager(enable=True):
        spec = builder.modify_pipeline_spec_with_override(
            pipeline_spec=pipeline_func.pipeline_spec,
            pipeline_name=None,
            pipeline_parameters=None,
            pipeline_display_name=None,
        )
    spec_dict = json_format.MessageToDict(spec)
    header = builder.extract_comments_from_pipeline_spec(spec_dict, pipeline_func.description)
    documents = [spec_dict]
    if len(pipeline_func.platform_spec.platforms) > 0:
        documents.append(json_format.MessageToDict(pipeline_func.platform_spec))
    return str(header) + dump_yaml_documents(documents)
