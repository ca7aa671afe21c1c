"""Declared files: includes, setup.py as an AST, TOML/YAML formats, and their findings."""

from __future__ import annotations

from pathlib import Path

from yarn2k8s import fscache
from yarn2k8s.deps.declared import nearest_folder, read_declared
from yarn2k8s.deps.import_table import load_table
from yarn2k8s.deps.reqfile import parse_line, read_requirements
from yarn2k8s.model import SourceLocation


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_include_problems_are_findings(tmp_path: Path) -> None:
    root = tmp_path / "root"
    _write(root, {
        "job/requirements.txt": "-r ../../outside.txt\n-r missing.txt\n-r a.txt\nnumpy==1.0\n",
        "job/a.txt": "-r requirements.txt\npandas\n",
    })  # fmt: skip
    (tmp_path / "outside.txt").write_text("evil==6.6.6\n", encoding="utf-8")
    result = read_requirements(root / "job/requirements.txt", root)
    assert sorted(r.name for r in result.requirements) == ["numpy", "pandas"]
    messages = [f.message for f in result.findings if f.code == "DP018"]
    assert any("outside the input root" in m for m in messages)
    assert any("was not found" in m for m in messages)
    assert any("cycle" in m for m in messages)


def test_include_depth_is_bounded(tmp_path: Path) -> None:
    files = {f"r{i}.txt": f"-r r{i + 1}.txt\npkg{i}\n" for i in range(8)}
    _write(tmp_path, files)
    result = read_requirements(tmp_path / "r0.txt", tmp_path)
    assert len(result.requirements) == 6
    assert any("too deep" in f.message for f in result.findings)


def test_urls_and_editables_are_reported_not_kept(tmp_path: Path) -> None:
    _write(tmp_path, {"requirements.txt": "git+https://x/y.git#egg=y\n-e ./local\nok==1\n"})
    result = read_requirements(tmp_path / "requirements.txt", tmp_path)
    assert [r.line() for r in result.requirements] == ["ok==1"]
    assert [f.code for f in result.findings] == ["DP019", "DP019"]


def test_parse_line_pins_extras_markers_and_hashes() -> None:
    where = SourceLocation("r.txt", 1)
    req = parse_line("Apache-Beam[gcp] == 2.50.0 ; python_version >= '3.8'", where, "x")
    assert req is not None and req.version == "2.50.0" and req.key == "apache-beam"
    assert req.marker == "python_version >= '3.8'"
    hashed = parse_line("numpy==1.2.3 --hash=sha256:abc", where, "x")
    assert hashed is not None and hashed.version == "1.2.3"
    ranged = parse_line("pandas>=1.5,<3", where, "x")
    assert ranged is not None and ranged.version == "" and ranged.spec == ">=1.5,<3"


def test_setup_py_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    _write(tmp_path, {"setup.py": (
        f"open({str(marker)!r}, 'w').write('x')\n"
        "from setuptools import setup\nsetup(install_requires=['requests==2.0'], "
        "python_requires='>=3.8')\n"
    )})  # fmt: skip
    declared = read_declared([tmp_path], tmp_path, load_table())
    assert [r.line() for r in declared.requirements] == ["requests==2.0"]
    assert declared.pythons[0].version == ">=3.8"
    assert not marker.exists()


def test_bad_files_are_findings(tmp_path: Path) -> None:
    _write(tmp_path, {"pyproject.toml": "[project\n", "Pipfile.lock": "{not json"})
    declared = read_declared([tmp_path], tmp_path, load_table())
    assert sorted(f.code for f in declared.findings) == ["DP025", "DP025"]


def test_environment_yml_maps_conda_names(tmp_path: Path) -> None:
    _write(tmp_path, {"environment.yml": (
        "dependencies:\n  - python=3.7\n  - pytorch=1.13.1\n  - numpy>=1.20\n  - openssl\n"
        "  - pip:\n    - mlflow==2.3.0\n"
    )})  # fmt: skip
    declared = read_declared([tmp_path], tmp_path, load_table())
    assert sorted(r.line() for r in declared.requirements) == [
        "mlflow==2.3.0",
        "numpy>=1.20",
        "torch==1.13.1",
    ]
    assert declared.pythons[0].version == "3.7"
    assert declared.requirements[0].location.line > 0


def test_nearest_folder_stops_at_the_root(tmp_path: Path) -> None:
    _write(tmp_path, {"outer/requirements.txt": "x\n", "outer/root/job/main.py": ""})
    root = tmp_path / "outer/root"
    assert nearest_folder(root / "job", root) is None
    _write(root, {"requirements.txt": "y\n"})
    fscache.clear()  # a new run sees the new file (one run sees one snapshot)
    assert nearest_folder(root / "job", root) == root.resolve()
