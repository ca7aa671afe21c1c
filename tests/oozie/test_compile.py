"""kfp is imported only when a workflow is compiled, and its absence is a finding."""

from __future__ import annotations

import builtins
import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import yaml

from yarn2k8s.converters.kfp_compile import CompileError, compile_pipeline


def test_the_cli_starts_without_importing_kfp() -> None:
    code = (
        "import sys, yarn2k8s.cli, yarn2k8s.pipeline\n"
        "print(any(m.startswith('kfp') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_kfp_is_imported_without_its_api_clients() -> None:
    # Compiling needs kfp.dsl, kfp.compiler and kfp.kubernetes whole; kfp.client and the
    # Kubernetes API client are left out until something asks for them, and the switch used
    # for that is not left in the environment.
    code = (
        "import os, sys\n"
        "from yarn2k8s.converters.kfp_compile import import_kfp\n"
        "kfp = import_kfp()\n"
        "from kfp import compiler, dsl, kubernetes\n"
        "print(hasattr(dsl, 'pipeline'), hasattr(dsl, 'container_component'),\n"
        "      hasattr(kubernetes, 'use_secret_as_env'), '_KFP_RUNTIME' in os.environ,\n"
        "      'kfp.client' in sys.modules, 'kubernetes' in sys.modules)\n"
        "from kfp.kubernetes import node_affinity\n"
        "print(node_affinity.client.V1NodeAffinity.__module__, type(sys.modules['kubernetes']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, second = done.stdout.splitlines()
    assert first.split() == ["True", "True", "True", "False", "False", "False"]
    assert second.startswith("kubernetes.client.models.") and "module" in second


def test_missing_kfp_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_kfp(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "kfp" or name.startswith("kfp."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_kfp)
    with pytest.raises(CompileError) as err:
        compile_pipeline("x = 1\n", "", "x")
    assert err.value.code == "KF002"


def test_oversized_code_is_refused_before_kfp_sees_it() -> None:
    with pytest.raises(CompileError) as err:
        compile_pipeline("#" * (9 * 1024 * 1024), "", "p")
    assert err.value.code == "KF001"


def test_kfp_errors_become_findings_and_restore_the_runners_module() -> None:
    sys.modules.pop("runners", None)
    with pytest.raises(CompileError) as err:
        compile_pipeline("from kfp import dsl\np = 1\n", "X = 1\n", "p")
    assert err.value.code == "KF003"
    assert "runners" not in sys.modules


REPO = Path(__file__).resolve().parents[2]
GOLDEN_PIPELINES = sorted(REPO.glob("samples/*/*/expected/*/*/pipeline.py"))


@pytest.mark.parametrize(
    "pipeline_py", GOLDEN_PIPELINES, ids=lambda p: str(p.relative_to(REPO / "samples"))
)
def test_our_yaml_holds_what_kfps_own_compile_writes(pipeline_py: Path, tmp_path: Path) -> None:
    # Only the YAML dump is ours (libyaml, scripts as literal blocks): the documents must load
    # back equal to the file kfp's Compiler().compile writes for the same pipeline.
    from kfp import compiler

    code = pipeline_py.read_text(encoding="utf-8")
    runners = (pipeline_py.parent / "runners.py").read_text(encoding="utf-8")
    func = re.findall(r"^def (\w+)\(", code.split("@dsl.pipeline")[-1], re.M)[0]
    ours = compile_pipeline(code, runners, func).yaml
    module = types.ModuleType("runners")
    exec(compile(runners, "runners.py", "exec", dont_inherit=True), module.__dict__)
    saved = sys.modules.get("runners")
    sys.modules["runners"] = module
    try:
        namespace: dict[str, Any] = {"__name__": "kfp_native"}
        exec(compile(code, "pipeline.py", "exec", dont_inherit=True), namespace)
        compiler.Compiler().compile(namespace[func], str(tmp_path / "native.yaml"))
    finally:
        sys.modules.pop("runners", None)
        if saved is not None:
            sys.modules["runners"] = saved
    native = (tmp_path / "native.yaml").read_text(encoding="utf-8")
    assert list(yaml.safe_load_all(ours)) == list(yaml.safe_load_all(native))
    assert ours.splitlines()[:5] == native.splitlines()[:5]  # kfp's own header comments
