"""hdfs:// inputs fetched over WebHDFS (HdfsCLI) from the WebHDFS stand-in in conftest.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from yarn2k8s.cli import cli
from yarn2k8s.sources.http import SourceError
from yarn2k8s.sources.staging import stage_inputs, webhdfs_url
from yarn2k8s.sources.webhdfs import FetchLimits, fetch, hdfs_path

OOZIE_SPARK = (
    Path(__file__).resolve().parents[3]
    / "shared/corpus/public/oozie/apache__oozie/examples/src/main/apps/spark"
)
SCRIPT = "#!/bin/bash\nspark-submit --name nightly --class a.Main job.jar hdfs:///data/in\n"


@pytest.fixture
def oozie_app(webhdfs: Any) -> tuple[Any, Path]:
    """The corpus' Oozie Spark example, stored under /user/oozie/apps/spark on 'HDFS'."""
    if not OOZIE_SPARK.is_dir():
        pytest.skip("../shared/corpus is not present")
    server, handler = webhdfs
    app = handler.root / "user/oozie/apps/spark"
    shutil.copytree(OOZIE_SPARK, app)
    (app / "lib").mkdir()
    (app / "lib" / "oozie-examples.jar").write_bytes(b"PK\x03\x04 not really a jar")
    return server, app


def _analyze(*args: str) -> Any:
    result = CliRunner().invoke(cli, ["analyze", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_oozie_app_folder_over_webhdfs_reads_like_the_local_copy(oozie_app: Any) -> None:
    server, local = oozie_app
    remote = _analyze("hdfs://nn:8020/user/oozie/apps/spark", "--webhdfs", server.url)
    assert remote == _analyze(str(local))  # same paths, jobs and findings: nothing staged shows
    assert sorted(i["path"] for i in remote["inputs"]) == [
        "job.properties",
        "lib/oozie-examples.jar",
        "workflow.xml",
    ]
    opened = [r for r in server.requests if "op=OPEN" in r]
    assert len(opened) == 3 and any(r.startswith("/datanode/") for r in server.requests)


def test_a_single_artifact_keeps_its_folder_name(webhdfs: Any, tmp_path: Path) -> None:
    server, handler = webhdfs
    (handler.root / "apps/etl").mkdir(parents=True)
    (handler.root / "apps/etl/run_nightly.sh").write_text(SCRIPT)
    staged = stage_inputs(["hdfs:///apps/etl/run_nightly.sh"], tmp_path / "stage", server.url)
    (path,) = staged.paths
    assert path.parent.name == "etl" and path.read_text() == SCRIPT
    data = _analyze("hdfs:///apps/etl/run_nightly.sh", "--webhdfs", server.url)
    assert [j["source"] for j in data["jobs"]] == ["run_nightly.sh:2"]
    two = _analyze("hdfs:///apps/etl/run_nightly.sh", "hdfs:///apps/etl", "--webhdfs", server.url)
    assert sorted(i["path"] for i in two["inputs"]) == ["etl/run_nightly.sh"]  # one file, once


def test_webhdfs_uri_names_its_own_endpoint(webhdfs: Any, tmp_path: Path) -> None:
    server, handler = webhdfs
    (handler.root / "apps").mkdir()
    (handler.root / "apps/run.sh").write_text(SCRIPT)
    uri = server.url.replace("http://", "webhdfs://") + "/apps/run.sh"
    assert webhdfs_url(uri, "") == server.url
    data = _analyze(uri)
    assert [j["name"] for j in data["jobs"]] == ["nightly"]
    with pytest.raises(SourceError, match="--webhdfs"):
        webhdfs_url("hdfs://nn:8020/apps/run.sh", "")


def test_limits_and_hostile_listings(webhdfs: Any, tmp_path: Path) -> None:
    server, handler = webhdfs
    folder = handler.root / "apps/x"
    folder.mkdir(parents=True)
    (folder / "small.sh").write_text(SCRIPT)
    (folder / "big.bin").write_bytes(b"0" * 5000)
    file_status = handler.status(folder / "small.sh", "")
    handler.extra_listing["/apps/x"] = [
        dict(file_status, pathSuffix="../escape.sh"),
        dict(file_status, pathSuffix="a/b.sh"),
        dict(file_status, pathSuffix="link", type="SYMLINK"),
    ]
    dest = tmp_path / "dest"
    result = fetch(server.url, "hdfs:///apps/x", dest, limits=FetchLimits(max_file_bytes=1000))
    assert result.files == ["small.sh"] and result.kind == "directory"
    reasons = dict(result.skipped)
    assert reasons["big.bin"].startswith("5000 bytes")
    assert reasons["../escape.sh"] == reasons["a/b.sh"] == "unsafe name"
    assert reasons["link"] == "not a regular file"
    assert [p.name for p in dest.rglob("*")] == ["small.sh"]  # nothing else was written
    assert not (tmp_path / "escape.sh").exists()
    capped = fetch(server.url, "/apps/x", tmp_path / "capped", limits=FetchLimits(max_files=0))
    assert capped.files == [] and "over 0 files" in dict(capped.skipped)["small.sh"]


def test_cli_errors_exit_2(webhdfs: Any) -> None:
    server, _ = webhdfs
    runner = CliRunner()
    missing = runner.invoke(cli, ["analyze", "hdfs:///nope", "--webhdfs", server.url])
    assert missing.exit_code == 2 and "File does not exist: /nope" in missing.output
    no_endpoint = runner.invoke(cli, ["analyze", "hdfs://nn:8020/apps"])
    assert no_endpoint.exit_code == 2 and "--webhdfs" in no_endpoint.output


def test_hdfs_paths_are_normalized() -> None:
    assert hdfs_path("hdfs://nn:8020/user/../apps//etl/") == "/apps/etl"
    assert hdfs_path("hdfs://nn") == "/"
