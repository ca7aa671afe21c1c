"""A real (non-editable) wheel ships converters/ and templates/ inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_contains_converters_and_templates(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("yarn2k8s-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "yarn2k8s/converters/spark_operator.py" in names
    assert "yarn2k8s/templates/docker/spark.Dockerfile.j2" in names
    assert "yarn2k8s/templates/report/report.md.j2" in names
    assert not any(n.startswith(("converters/", "templates/")) for n in names), (
        "no top-level converters/templates packages in site-packages"
    )
    (tmp_path / "site").mkdir()
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    probe = (
        f"import sys; sys.path.insert(0, {str(tmp_path / 'site')!r}); "
        "import yarn2k8s.rendering as r, yarn2k8s.converters.registry as g; "
        "print(r.render('docker/dockerignore.j2').splitlines()[0]); print(g.__file__)"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", probe],
        cwd=tmp_path / "site",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    first, location = out.stdout.splitlines()[:2]
    assert "yarn2k8s" in first
    assert location.startswith(str(tmp_path / "site")), "imported the wheel, not the checkout"
