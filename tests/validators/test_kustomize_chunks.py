"""A root kustomization listing more than CHUNK folders is built by kubectl in chunks, and an
object id that two chunks both define is still an error (what one whole build would say)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from benchmarks.estate_gen import generate
from yarn2k8s.config import load_config
from yarn2k8s.convert import build, write
from yarn2k8s.validators import kustomize
from yarn2k8s.validators.kustomize import ChunkedKustomizeRun, object_ids, start_kustomize

needs_kubectl = pytest.mark.skipif(shutil.which("kubectl") is None, reason="no kubectl")


@pytest.fixture
def estate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    generate(tmp_path / "in", spark=8, oozie=0, tony=0)
    out = tmp_path / "out"
    write(build([tmp_path / "in"], load_config(None)), out)
    monkeypatch.setattr(kustomize, "CHUNK", 3)
    return out


@needs_kubectl
def test_a_large_root_builds_in_chunks(estate: Path) -> None:
    run = start_kustomize(estate)
    assert isinstance(run, ChunkedKustomizeRun)
    assert run.result() == []


@needs_kubectl
def test_an_id_defined_in_two_chunks_is_an_error(estate: Path) -> None:
    root = estate / "kustomization.yaml"
    doc = yaml.safe_load(root.read_text(encoding="utf-8"))
    first = next(r for r in doc["resources"] if r.startswith("jobs/"))
    shutil.copytree(estate / first, estate / "zz-copy")  # the same objects, last chunk
    doc["resources"].append("zz-copy")
    root.write_text(yaml.safe_dump(doc), encoding="utf-8")
    findings = start_kustomize(estate).result()
    assert [f.code for f in findings] == ["VA009"]
    assert "defined twice" in findings[0].message


@needs_kubectl
def test_a_broken_folder_fails_its_chunk(estate: Path) -> None:
    doc = yaml.safe_load((estate / "kustomization.yaml").read_text(encoding="utf-8"))
    first = next(r for r in doc["resources"] if r.startswith("jobs/"))
    (estate / first / "kustomization.yaml").write_text("resources: [missing.yaml]\n", "utf-8")
    findings = start_kustomize(estate).result()
    assert [f.code for f in findings] == ["VA009"]
    assert str(estate) not in findings[0].message


def test_object_ids_read_kustomize_output() -> None:
    built = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    name: not-this\n"
        "  name: a\n  namespace: ns\ndata:\n  name: nor-this\n---\n"
        "apiVersion: kueue.x-k8s.io/v1beta1\nkind: ClusterQueue\nmetadata:\n  name: default\n"
    )
    assert object_ids(built) == [
        ("", "ConfigMap", "ns", "a"),
        ("kueue.x-k8s.io", "ClusterQueue", "", "default"),
    ]
