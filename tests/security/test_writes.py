"""Writes: nothing outside OUT is ever written or deleted, re-runs are byte-identical, and OUT
inside the inputs is never read back as input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from yarn2k8s.cli import cli
from yarn2k8s.writer import MANIFEST_NAME

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "spark" / "pyspark-basic" / "input"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _convert(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["convert", *args])
    return result.exit_code, result.output


def test_symlinked_folder_in_out_pointing_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("precious")
    out = tmp_path / "out"
    code, _ = _convert(str(SAMPLE), "-o", str(out))
    assert code == 0
    jobs = out / "jobs"
    for child in jobs.iterdir():  # replace the job folders by a link to `outside`
        for path in sorted(child.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        child.rmdir()
    jobs.rmdir()
    jobs.symlink_to(outside, target_is_directory=True)
    code, output = _convert(str(SAMPLE), "-o", str(out))
    assert code == 2 and "outside" in output
    assert _tree(outside) == {"keep.txt": b"precious"}


def test_hostile_manifest_cannot_delete_outside_out(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    manifest = {"schema": 1, "tool": "yarn2k8s", "files": ["../victim.txt", "/etc/passwd"]}
    (out / MANIFEST_NAME).write_text(json.dumps(manifest))
    code, output = _convert(str(SAMPLE), "-o", str(out))
    assert code == 2 and "unsafe path" in output
    assert victim.read_text() == "precious"
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME]  # nothing written


def test_out_inside_the_inputs_is_never_read_back(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLE, inputs)
    out = inputs / "migrated"
    assert _convert(str(inputs), "-o", str(out))[0] == 0
    first = _tree(out)
    assert _convert(str(inputs), "-o", str(out))[0] == 0
    assert _tree(out) == first  # byte-identical, and no job made from the outputs
    code, output = _convert(str(inputs), "-o", str(out), "--check")
    assert code == 0 and "up to date" in output
    assert not [rel for rel in first if rel.startswith("jobs/") and "migrated" in rel]
