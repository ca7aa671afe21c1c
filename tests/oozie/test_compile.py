"""kfp is imported only when a workflow is compiled, and its absence is a finding."""

from __future__ import annotations

import builtins
import subprocess
import sys
from typing import Any

import pytest

from yarn2k8s.converters.kfp_compile import CompileError, compile_pipeline


def test_the_cli_starts_without_importing_kfp() -> None:
    code = (
        "import sys, yarn2k8s.cli, yarn2k8s.pipeline\n"
        "print(any(m.startswith('kfp') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


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
