"""docs/overlays.md works: a kustomize overlay kept outside OUT keeps its hand edits when the
estate is converted again, and `--check` does not see it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from yarn2k8s.cli import cli

KUBECTL = shutil.which("kubectl")
SCRIPT = (
    "spark-submit --master yarn --name daily-etl --executor-memory {memory} "
    "--num-executors 4 --class com.example.Etl etl.jar\n"
)
OVERLAY = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../generated
namespace: ml-prod
patches:
  - path: patches/daily-etl.yaml
    target:
      kind: SparkApplication
      name: daily-etl
"""
PATCH = """apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: daily-etl
spec:
  sparkConf:
    spark.sql.shuffle.partitions: "400"
"""


def _built(overlay: Path) -> dict[str, object]:
    assert KUBECTL is not None
    out = subprocess.run(
        [KUBECTL, "kustomize", str(overlay)], capture_output=True, text=True, check=True
    ).stdout
    (app,) = [d for d in yaml.safe_load_all(out) if d and d["kind"] == "SparkApplication"]
    assert isinstance(app, dict)
    return app


@pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed")
def test_overlay_edits_survive_regeneration(tmp_path: Path) -> None:
    estate, deploy = tmp_path / "estate", tmp_path / "deploy"
    estate.mkdir()
    (estate / "daily_etl.sh").write_text(SCRIPT.format(memory="4g"))
    generated, overlay = deploy / "generated", deploy / "overlays" / "prod"
    runner = CliRunner()
    assert runner.invoke(cli, ["convert", str(estate), "-o", str(generated)]).exit_code == 0
    (overlay / "patches").mkdir(parents=True)
    (overlay / "kustomization.yaml").write_text(OVERLAY)
    (overlay / "patches" / "daily-etl.yaml").write_text(PATCH)
    first = _built(overlay)
    assert first["metadata"]["namespace"] == "ml-prod"  # type: ignore[index]
    assert first["spec"]["sparkConf"]["spark.sql.shuffle.partitions"] == "400"  # type: ignore[index]

    (estate / "daily_etl.sh").write_text(SCRIPT.format(memory="6g"))  # the source changes
    drift = runner.invoke(cli, ["convert", str(estate), "-o", str(generated), "--check"])
    assert drift.exit_code == 1 and "overlays" not in drift.output
    assert runner.invoke(cli, ["convert", str(estate), "-o", str(generated)]).exit_code == 0
    second = _built(overlay)
    assert second["spec"]["executor"]["memory"] == "6g"  # type: ignore[index]
    assert second["spec"]["sparkConf"]["spark.sql.shuffle.partitions"] == "400"  # type: ignore[index]
    assert (overlay / "patches" / "daily-etl.yaml").read_text() == PATCH
