"""`yarn2k8s validate OUT`: every golden sample passes; broken trees fail."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from yarn2k8s.cli import cli
from yarn2k8s.validators.crd import CRDSchemas
from yarn2k8s.validators.schemas import SchemaSet
from yarn2k8s.validators.tree import object_findings

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CRD_DIR = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "crds"
CASES = sorted(p.parent for p in SAMPLES.glob("*/*/expected/kustomization.yaml"))
needs_crds = pytest.mark.skipif(not CRD_DIR.is_dir(), reason="../shared/schemas/crds is absent")


@needs_crds
@pytest.mark.parametrize("expected", CASES, ids=[f"{p.parts[-3]}/{p.parts[-2]}" for p in CASES])
def test_golden_sample_passes_validate(expected: Path) -> None:
    result = CliRunner().invoke(
        cli, ["validate", str(expected), "--crd-dir", str(CRD_DIR), "--format", "json"]
    )
    data = json.loads(result.output)
    errors = [p for p in data["problems"] if p["severity"] == "error"]
    assert errors == [] and result.exit_code == 0
    assert data["checked"]["objects"] > 0
    assert all(not d["drift"] for job in data["equivalence"] for d in job["differences"])


@needs_crds
def test_typo_and_wrong_type_fail_validate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(SAMPLES / "spark/pyspark-basic/expected", out)
    path = out / "jobs/sbdl-load/k8s/sparkapplication.yaml"
    app = yaml.safe_load(path.read_text(encoding="utf-8"))
    app["spec"]["driver"]["coress"] = 2
    app["spec"]["executor"]["instances"] = "4"
    path.write_text(yaml.safe_dump(app), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(out), "--crd-dir", str(CRD_DIR)])
    assert result.exit_code == 1
    assert "VA001" in result.output and "spec.driver.coress: unknown field" in result.output
    assert "spec.executor.instances: '4' is not of type 'integer'" in result.output


def test_unchecked_kind_is_a_warning_or_strict_error() -> None:
    obj = {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "namespace": "ns"},
    }
    schemas = SchemaSet([("--crd-dir", CRDSchemas({}))])
    assert [f.code for f in object_findings("w.yaml", obj, schemas)] == ["VA002"]
    assert [f.code for f in object_findings("w.yaml", obj, schemas, strict=True)] == ["VA003"]


def test_kueue_kinds_are_unchecked_without_crds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    queue = {
        "apiVersion": "kueue.x-k8s.io/v1beta1",
        "kind": "LocalQueue",
        "metadata": {"name": "q", "namespace": "ml"},
        "spec": {"clusterQueue": "cq"},
    }
    (out / "queue.yaml").write_text(yaml.safe_dump(queue), encoding="utf-8")
    args = ["validate", str(out), "--skip", "kustomize", "--strict"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "VA003" in result.output


@needs_crds
def test_drift_fails_validate_and_prints_the_size_table(tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(SAMPLES / "spark/scala-jar/expected", out)
    path = out / "jobs/run-sessionize/k8s/sparkapplication.yaml"
    app = yaml.safe_load(path.read_text(encoding="utf-8"))
    app["spec"]["sparkConf"] = {}
    path.write_text(yaml.safe_dump(app), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(out), "--crd-dir", str(CRD_DIR)])
    assert result.exit_code == 1
    assert "DRIFT       spark.sql.shuffle.partitions: 400 -> (unset)" in result.output
    assert "  executor         10            4      9216          4     9216" in result.output
