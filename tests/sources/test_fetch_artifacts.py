"""hdfs:// artifacts named inside jobs, fetched over WebHDFS (HdfsCLI) from the stand-in server
in conftest.py and baked into the jobs' build contexts (`convert --webhdfs`)."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from yarn2k8s import convert as conversion
from yarn2k8s.cli import cli
from yarn2k8s.config import Config
from yarn2k8s.enrich.fetch import FetchSettings, fetch_job_artifacts
from yarn2k8s.model import Dependency, MigrationJob, SourceLocation
from yarn2k8s.sources.webhdfs import redact_uri

from .conftest import WebHdfsStandIn

TOKEN = "HAAEYm9iBGJvYgCKAZSecretToken"
SCRIPT = f"""#!/bin/bash
spark-submit --master yarn --deploy-mode cluster --name scoring \\
  --jars hdfs://nn:8020/apps/lib/dep.jar,hdfs:///apps/lib/missing.jar \\
  --py-files hdfs:///apps/lib/util.py \\
  --files "webhdfs://nn:9870/apps/secret/denied.txt?user.name=bob&delegation={TOKEN}" \\
  --archives hdfs:///apps/envs/big.tgz \\
  hdfs:///apps/main.py --day 2024-01-01
"""
OTHER = "spark-submit --name other --jars hdfs://nn:8020/apps/lib/dep.jar local.py\n"
DENIED = {
    "RemoteException": {
        "exception": "AccessControlException",
        "javaClassName": "org.apache.hadoop.security.AccessControlException",
        "message": "Permission denied: user=bob, access=READ, inode=/apps/secret/denied.txt",
    }
}


@pytest.fixture
def estate(tmp_path: Path, serve_route: Callable[..., Any]) -> Any:
    """Inputs naming hdfs:// artifacts, and a WebHDFS stand-in holding some of them."""
    hdfs = tmp_path / "hdfs"
    (hdfs / "apps/lib").mkdir(parents=True)
    (hdfs / "apps/envs").mkdir()
    (hdfs / "apps/secret").mkdir()
    (hdfs / "apps/lib/dep.jar").write_bytes(b"PK\x03\x04 dep jar bytes")
    (hdfs / "apps/lib/util.py").write_text("def helper():\n    return 1\n")
    (hdfs / "apps/main.py").write_text("from util import helper\nprint(helper())\n")
    (hdfs / "apps/envs/big.tgz").write_bytes(b"\x1f\x8b" + b"0" * 4000)
    (hdfs / "apps/secret/denied.txt").write_text("no")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "score.sh").write_text(SCRIPT)
    (inputs / "other.sh").write_text(OTHER)
    (inputs / "local.py").write_text("print('hi')\n")
    stand_in = WebHdfsStandIn(hdfs)

    def route(handler: Any, url: urllib.parse.SplitResult) -> None:
        if "/apps/secret/" in url.path:  # HDFS permissions: the user may not read here
            handler.send_json(403, DENIED)
        else:
            stand_in(handler, url)

    with serve_route(route) as server:
        yield server, inputs


def _settings(server: Any, cache: Path, **limits: int) -> FetchSettings:
    cache.mkdir(exist_ok=True)
    return FetchSettings(server.url, cache, "bob", **limits)


def _build(inputs: Path, fetch: FetchSettings | None, workers: int = 1) -> Any:
    return conversion.build([inputs], Config(), workers, fetch=fetch)


def _codes(result: Any, job: str) -> list[tuple[str, str, str]]:
    return sorted(
        (f.code, str(f.location), f.message)
        for f in result.result.all_findings()
        if f.job == job and f.code in ("DP020", "DP027", "DP028")
    )


def test_fetched_artifacts_are_baked_and_referenced_from_the_image(
    estate: Any, tmp_path: Path
) -> None:
    server, inputs = estate
    settings = _settings(server, tmp_path / "cache", max_file_bytes=1000)
    built = _build(inputs, settings)
    files = built.files
    base = "jobs/scoring"
    assert files[f"{base}/app/dep.jar"] == b"PK\x03\x04 dep jar bytes"
    assert files[f"{base}/app/main.py"].startswith(b"from util import helper")
    assert f"{base}/app/util.py" in files
    assert not any(p.endswith(("big.tgz", "denied.txt", "missing.jar")) for p in files)
    app = yaml.safe_load(files[f"{base}/k8s/sparkapplication.yaml"])["spec"]
    assert app["mainApplicationFile"] == "local:///opt/app/main.py"
    assert app["deps"]["jars"][0] == "local:///opt/app/dep.jar"
    assert app["deps"]["pyFiles"] == ["local:///opt/app/util.py"]
    assert app["deps"]["archives"] == ["hdfs:///apps/envs/big.tgz"]  # not fetched: still HDFS
    dockerfile = files[f"{base}/Dockerfile"].decode()
    assert "app/dep.jar" in dockerfile and "app/main.py" in dockerfile
    # The other job names the same jar: fetched once, baked into both images.
    assert files["jobs/other/app/dep.jar"] == files[f"{base}/app/dep.jar"]
    opened = [r for r in server.requests if "op=OPEN" in r and "dep.jar" in r]
    assert len(opened) == 1

    found = _codes(built, "scoring")
    reasons = {msg.split("`")[1]: (code, loc, msg) for code, loc, msg in found}
    assert reasons["hdfs:///apps/lib/missing.jar"][:2] == ("DP028", "score.sh:2")
    assert "not found" in reasons["hdfs:///apps/lib/missing.jar"][2]
    assert "over 1000" in reasons["hdfs:///apps/envs/big.tgz"][2]
    denied = next(m for c, _, m in found if "denied.txt" in m)
    assert "permission denied" in denied and TOKEN not in denied and "bob&" not in denied
    assert [c for c, _, m in found if "dep.jar" in m] == ["DP027"]  # DP020 no longer applies
    assert "DP020" in [c for c, _, m in found if "missing.jar" in m]  # still a run-time jar


def test_no_token_reaches_findings_or_reports(estate: Any, tmp_path: Path) -> None:
    server, inputs = estate
    built = _build(inputs, _settings(server, tmp_path / "cache"))
    for path in ("report.json", "report.md", "report.csv", "findings.sarif"):
        assert TOKEN.encode() not in built.files[path], path
    assert all(TOKEN not in f.message for f in built.result.all_findings())


def test_output_is_the_same_bytes_whatever_the_cache_and_workers(
    estate: Any, tmp_path: Path
) -> None:
    server, inputs = estate
    one = _build(inputs, _settings(server, tmp_path / "a"))
    two = _build(inputs, _settings(server, tmp_path / "b"), workers=2)
    assert one.files == two.files
    assert not any(str(tmp_path).encode() in data for data in one.files.values())


def test_without_webhdfs_nothing_changes(estate: Any, tmp_path: Path) -> None:
    server, inputs = estate
    built = _build(inputs, None)
    assert not any(p.startswith("jobs/scoring/app/") for p in built.files)
    app = yaml.safe_load(built.files["jobs/scoring/k8s/sparkapplication.yaml"])["spec"]
    assert app["mainApplicationFile"] == "hdfs:///apps/main.py"
    assert not server.requests


def test_an_unreachable_server_is_a_finding_per_artifact(tmp_path: Path) -> None:
    job = MigrationJob("spark", "a", SourceLocation("a.sh", 3), name="a", main_file="local.py")
    job.deps = [Dependency("jar", "hdfs:///x.jar", SourceLocation("a.sh", 4))]
    settings = FetchSettings("http://127.0.0.1:9", tmp_path, timeout=2)
    stats = fetch_job_artifacts([job], settings)
    assert list(stats.failed) == ["hdfs:///x.jar"] and not stats.fetched
    (finding,) = job.findings
    assert finding.code == "DP028" and str(finding.location) == "a.sh:4"
    assert "cannot connect" in finding.message


def test_cli_convert_fetches_with_webhdfs(estate: Any, tmp_path: Path) -> None:
    server, inputs = estate
    out = tmp_path / "out"
    args = ["convert", str(inputs), "-o", str(out), "--webhdfs", server.url, "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)["written"] > 0
    assert (out / "jobs/scoring/app/dep.jar").read_bytes() == b"PK\x03\x04 dep jar bytes"
    skipped = tmp_path / "skip"
    no_fetch = ["convert", str(inputs), "-o", str(skipped), "--webhdfs", server.url]
    no_fetch.append("--no-fetch-artifacts")
    assert CliRunner().invoke(cli, no_fetch).exit_code in (0, 1)
    assert not (skipped / "jobs/scoring/app/dep.jar").exists()


def test_redact_uri_masks_webhdfs_credentials() -> None:
    shown = redact_uri(f"webhdfs://nn:9870/a.jar?op=OPEN&user.name=bob&delegation={TOKEN}")
    assert TOKEN not in shown and "bob" not in shown and "op=OPEN" in shown
