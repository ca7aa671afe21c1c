"""`validate -j N`: worker processes give the serial report, byte for byte (issue 10)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from benchmarks.estate_gen import generate
from yarn2k8s.cli import cli
from yarn2k8s.config import load_config
from yarn2k8s.convert import build, write
from yarn2k8s.validators import text, tree
from yarn2k8s.validators.crd import CRDSchemas
from yarn2k8s.validators.kustomize import start_kustomize
from yarn2k8s.validators.tree import Options, TreeReport, validate_tree

CRD_DIR = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "crds"
needs_crds = pytest.mark.skipif(not CRD_DIR.is_dir(), reason="../shared/schemas/crds is absent")
BROKEN_JOB = "jobs/job-00031"  # late in the sorted file list: a later chunk, another worker


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A converted synthetic estate (Spark, Oozie, TonY), with one broken object planted."""
    root = tmp_path_factory.mktemp("estate")
    generate(root / "in", spark=40, oozie=2, tony=2)
    out = root / "out"
    write(build([root / "in"], load_config(None)), out)
    path = next((out / BROKEN_JOB / "k8s").glob("*sparkapplication.yaml"))
    app = yaml.safe_load(path.read_text(encoding="utf-8"))
    app["spec"]["driver"]["coress"] = 2  # a schema error (VA001)
    app["spec"]["sparkConf"] = {}  # and drift in the equivalence round-trip (VA011)
    path.write_text(yaml.safe_dump(app), encoding="utf-8")
    return out


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many small chunks, so that both workers get some and results must be merged."""
    monkeypatch.setattr(tree, "_FILES_PER_TASK", 7)
    monkeypatch.setattr(tree, "_JOBS_PER_TASK", 3)


def _rendered(report: TreeReport) -> str:
    lines = [line for job in report.equivalence for line in text.equivalence_lines(job, True)]
    lines += [f"{p.severity}: {p.path}: {p.code} {p.message}" for p in report.problems]
    lines.append(text.summary_line(report))
    data = json.dumps(text.report_data(report), indent=2, sort_keys=True)
    return "\n".join(lines) + "\n" + data


@needs_crds
@pytest.mark.usefixtures("small_chunks")
def test_two_workers_give_the_serial_report_byte_for_byte(estate: Path) -> None:
    options = {
        "crd_dir": CRD_DIR,
        "hadolint": False,
        "kustomize": shutil.which("kubectl") is not None,
    }
    serial = validate_tree(estate, Options(**options))
    parallel = validate_tree(estate, Options(**options, workers=2))
    assert _rendered(parallel) == _rendered(serial)
    assert parallel.checked == serial.checked
    assert serial.checked["objects"] > 40 and serial.checked["spark jobs"] >= 40
    assert serial.problems == sorted(serial.problems)


@needs_crds
@pytest.mark.usefixtures("small_chunks")
def test_a_broken_object_found_by_a_worker_is_reported_with_its_file(estate: Path) -> None:
    options = Options(crd_dir=CRD_DIR, hadolint=False, pipelines=False, kustomize=False, workers=2)
    report = validate_tree(estate, options)
    schema = [p for p in report.problems if p.code == "VA001"]
    assert [p.path for p in schema] == [f"{BROKEN_JOB}/k8s/sparkapplication.yaml"]
    assert "spec.driver.coress" in schema[0].message and schema[0].severity == "error"
    drift = [p for p in report.problems if p.code == "VA011"]
    assert drift and all(p.severity == "error" for p in drift)
    assert any(job.drift for job in report.equivalence if job.job == "job-00031")


@needs_crds
@pytest.mark.usefixtures("small_chunks")
def test_cli_validate_with_two_jobs_prints_and_exits_as_serial(estate: Path) -> None:
    args = ["validate", str(estate), "--crd-dir", str(CRD_DIR), "--skip", "lint"]
    args += ["--skip", "kustomize"]
    serial = CliRunner().invoke(cli, args)
    parallel = CliRunner().invoke(cli, [*args, "-j", "2"])
    assert serial.exit_code == parallel.exit_code == 1  # the planted errors
    assert parallel.output == serial.output
    assert "VA001" in parallel.output
    as_json = CliRunner().invoke(cli, [*args, "--jobs", "2", "--format", "json"])
    assert json.loads(as_json.output)["errors"] == sum(
        1 for line in serial.output.splitlines() if line.startswith("error: ")
    )


def test_cli_validate_rejects_zero_jobs(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path), "-j", "0"])
    assert result.exit_code == 2 and "--jobs" in result.output


# --------------------------------------------------------------------------- lazy CRD folder


def _crd(kind: str, size_type: str = "integer") -> str:
    schema = {
        "type": "object",
        "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"type": "object"},
            "spec": {"type": "object", "properties": {"size": {"type": size_type}}},
        },
    }
    return yaml.safe_dump(
        {
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": {"name": f"{kind.lower()}s.example.com"},
            "spec": {
                "group": "example.com",
                "names": {"kind": kind, "plural": f"{kind.lower()}s"},
                "scope": "Namespaced",
                "versions": [{"name": "v1", "served": True, "schema": {"openAPIV3Schema": schema}}],
            },
        }
    )


def test_a_crd_folder_parses_only_the_files_of_the_kinds_asked_for(tmp_path: Path) -> None:
    (tmp_path / "alpha.yaml").write_text(_crd("Alpha"), encoding="utf-8")
    (tmp_path / "alphabet.yaml").write_text(_crd("Alphabet"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("kind: Beta\n  - : [\n", encoding="utf-8")
    schemas = CRDSchemas.from_dir(tmp_path)
    assert schemas.has("example.com/v1", "Alpha")  # broken.yaml, never needed, is not parsed
    assert not schemas.has("example.com/v2", "Alpha")
    assert schemas.has("example.com/v1", "Alphabet")
    obj = {"apiVersion": "example.com/v1", "kind": "Alpha", "metadata": {"name": "a"}}
    assert [e.path for e in schemas.validate({**obj, "spec": {"size": "x"}})] == ["spec.size"]
    with pytest.raises(yaml.YAMLError):
        schemas.has("example.com/v1", "Beta")
    with pytest.raises(yaml.YAMLError):
        schemas.kinds()


def test_two_files_serving_one_kind_differently_are_still_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(_crd("Alpha"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_crd("Alpha", "string"), encoding="utf-8")
    with pytest.raises(ValueError, match="Alpha"):
        CRDSchemas.from_dir(tmp_path).has("example.com/v1", "Alpha")


@needs_crds
def test_the_lazy_folder_knows_what_the_eager_one_did() -> None:
    lazy = CRDSchemas.from_dir(CRD_DIR)
    eager = CRDSchemas.from_documents(
        doc
        for path in sorted(CRD_DIR.glob("*.yaml"))
        for doc in yaml.load_all(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    )
    for api_version, kind in eager.kinds():
        assert lazy.has(api_version, kind)
        assert lazy.json_schema(api_version, kind) == eager.json_schema(api_version, kind)
    assert lazy.kinds() == eager.kinds()


# --------------------------------------------------------------------------- kustomize alongside


def _fake_kubectl(tmp_path: Path, body: str) -> str:
    exe = tmp_path / "kubectl"
    exe.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return str(exe)


@pytest.mark.skipif(os.name != "posix", reason="a shell-script kubectl")
def test_kustomize_runs_alongside_and_reports_its_failure(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("resources: []\n", encoding="utf-8")
    # A lot of output nobody reads must not stall it; the failure reason is stderr, OUT masked.
    body = f'head -c 2000000 /dev/zero; echo "error: accumulating {tmp_path}/x" >&2; exit 1'
    run = start_kustomize(tmp_path, _fake_kubectl(tmp_path, body))
    findings = run.result()
    assert [f.code for f in findings] == ["VA009"]
    assert "accumulating OUT/x" in findings[0].message


@pytest.mark.skipif(os.name != "posix", reason="a shell-script kubectl")
def test_a_started_kustomize_is_stopped_on_cancel(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("resources: []\n", encoding="utf-8")
    run = start_kustomize(tmp_path, _fake_kubectl(tmp_path, "exec sleep 60"))
    started = time.monotonic()
    run.cancel()
    assert time.monotonic() - started < 10
    assert run.result() == []  # nothing left to wait for


@pytest.mark.skipif(os.name != "posix", reason="a shell-script kubectl")
def test_a_kustomize_that_does_not_finish_is_an_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yarn2k8s.validators import kustomize

    monkeypatch.setattr(kustomize, "_TIMEOUT_S", 0.5)
    (tmp_path / "kustomization.yaml").write_text("resources: []\n", encoding="utf-8")
    run = start_kustomize(tmp_path, _fake_kubectl(tmp_path, "exec sleep 60"))
    findings = run.result()
    assert [(f.code, f.severity.value) for f in findings] == [("VA009", "error")]
    assert "did not finish within 0.5 s" in findings[0].message
