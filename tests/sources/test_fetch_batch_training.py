"""hdfs:// artifacts of batch jobs (`hadoop jar`, streaming) and training jobs (TonY), fetched
over WebHDFS from the stand-in server in conftest.py and baked into the jobs' build contexts
(`convert --webhdfs`), as test_fetch_artifacts.py does for Spark jobs."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from yarn2k8s import convert as conversion
from yarn2k8s.config import Config
from yarn2k8s.enrich.fetch import FetchSettings, localized_file

from .conftest import WebHdfsStandIn

WORDCOUNT = """#!/bin/bash
hadoop jar hdfs:///apps/mr/wc.jar com.example.WordCount \\
  -libjars hdfs:///apps/lib/dep.jar,hdfs:///apps/lib/missing.jar \\
  -files hdfs:///apps/mr/lookup.txt,hdfs:///apps/mr/svc.keytab \\
  /data/in /data/out
"""
STREAMING = """#!/bin/bash
hadoop jar hdfs:///apps/lib/hadoop-streaming-3.3.6.jar \\
  -files hdfs:///apps/stream/mapper.py,hdfs:///apps/stream/reducer.py \\
  -mapper mapper.py -reducer reducer.py -input /data/in -output /data/out
"""
TONY = """#!/bin/bash
java -cp tony-cli-0.4.10-all.jar com.linkedin.tony.cli.ClusterSubmitter \\
  --executes hdfs:///apps/tony/train.py --task_params "--epochs 3" \\
  --python_venv hdfs:///apps/tony/venv.zip \\
  --conf tony.worker.instances=2 \\
  --conf tony.containers.resources=hdfs:///apps/tony/vocab.txt,hdfs:///apps/tony/gone.txt
"""
XLEARNING = """#!/bin/bash
xl-submit --app-type tensorflow --app-name xl-demo --files hdfs:///apps/xl/demo.py \\
  --launch-cmd "python demo.py" --worker-num 2 --worker-memory 4G
"""


def _venv_zip() -> bytes:
    """A zipped venv whose site-packages hold one distribution (read for pins)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        dist = "venv/lib/python3.9/site-packages/numpy-1.26.4.dist-info/METADATA"
        archive.writestr(dist, "Metadata-Version: 2.1\nName: numpy\nVersion: 1.26.4\n")
    return buffer.getvalue()


@pytest.fixture
def estate(tmp_path: Path, serve_route: Callable[..., Any]) -> Any:
    """Batch and training scripts naming hdfs:// files, and a stand-in holding most of them."""
    hdfs = tmp_path / "hdfs"
    for folder in ("apps/mr", "apps/lib", "apps/stream", "apps/tony", "apps/xl"):
        (hdfs / folder).mkdir(parents=True)
    (hdfs / "apps/mr/wc.jar").write_bytes(b"PK\x03\x04 wordcount jar")
    (hdfs / "apps/mr/lookup.txt").write_text("a\tb\n")
    (hdfs / "apps/mr/svc.keytab").write_bytes(b"\x05\x02 key material")
    (hdfs / "apps/lib/dep.jar").write_bytes(b"PK\x03\x04 dep jar")
    (hdfs / "apps/lib/hadoop-streaming-3.3.6.jar").write_bytes(b"PK\x03\x04 streaming")
    (hdfs / "apps/stream/mapper.py").write_text("import sys\nfor l in sys.stdin: print(l)\n")
    (hdfs / "apps/stream/reducer.py").write_text("import sys\nprint(len(sys.stdin.read()))\n")
    (hdfs / "apps/tony/train.py").write_text("print('training')\n")
    (hdfs / "apps/tony/venv.zip").write_bytes(_venv_zip())
    (hdfs / "apps/tony/vocab.txt").write_text("the\nof\n")
    (hdfs / "apps/xl/demo.py").write_text("print('demo')\n")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "wordcount.sh").write_text(WORDCOUNT)
    (inputs / "stream.sh").write_text(STREAMING)
    (inputs / "tony.sh").write_text(TONY)
    (inputs / "xl.sh").write_text(XLEARNING)
    stand_in = WebHdfsStandIn(hdfs)

    def route(handler: Any, url: urllib.parse.SplitResult) -> None:
        stand_in(handler, url)

    with serve_route(route) as server:
        yield server, inputs


def _build(server: Any, inputs: Path, cache: Path | None, workers: int = 1) -> Any:
    fetch = None
    if cache is not None:
        cache.mkdir(exist_ok=True)
        fetch = FetchSettings(server.url, cache, "bob")
    return conversion.build([inputs], Config(), workers, fetch=fetch)


def _codes(built: Any, job: str, *codes: str) -> list[tuple[str, str]]:
    return sorted(
        (f.code, f.message) for f in built.result.all_findings() if f.job == job and f.code in codes
    )


def _command(files: dict[str, bytes], path: str) -> list[str]:
    job = yaml.safe_load(files[path])
    spec = job["spec"]["template"]["spec"]
    return list(spec["containers"][0]["command"])


def test_hadoop_jar_on_hdfs_is_baked_and_run_from_the_image(estate: Any, tmp_path: Path) -> None:
    server, inputs = estate
    built = _build(server, inputs, tmp_path / "cache")
    files, base = built.files, "jobs/wordcount"
    assert files[f"{base}/app/wc.jar"] == b"PK\x03\x04 wordcount jar"
    assert files[f"{base}/app/dep.jar"] == b"PK\x03\x04 dep jar"
    assert files[f"{base}/app/lookup.txt"] == b"a\tb\n"
    # Keytabs are never fetched nor baked; a missing jar stays an HDFS reference.
    assert not any(p.endswith(("svc.keytab", "missing.jar")) for p in files)
    assert not any("svc.keytab" in r for r in server.requests)
    command = _command(files, f"{base}/k8s/job.yaml")
    assert command[:3] == ["hadoop", "jar", "/opt/app/wc.jar"]
    assert "/opt/app/dep.jar,hdfs:///apps/lib/missing.jar" in command
    assert "/opt/app/lookup.txt,hdfs:///apps/mr/svc.keytab" in command
    dockerfile = files[f"{base}/Dockerfile"].decode()
    for name in ("wc.jar", "dep.jar", "lookup.txt"):
        assert f'"app/{name}", "/opt/app/{name}"]' in dockerfile, name
        assert f"# app/{name} was fetched from hdfs:///" in dockerfile
    found = _codes(built, "wordcount", "DP027", "DP028")
    baked = [m.split("`")[1] for c, m in found if c == "DP027"]
    assert baked == [
        "hdfs:///apps/lib/dep.jar",
        "hdfs:///apps/mr/lookup.txt",
        "hdfs:///apps/mr/wc.jar",
    ]
    (message,) = [m for c, m in found if c == "DP028"]
    assert "missing.jar" in message and "not found" in message


def test_streaming_files_on_hdfs_are_baked_not_the_shipped_jar(estate: Any, tmp_path: Path) -> None:
    server, inputs = estate
    built = _build(server, inputs, tmp_path / "cache")
    files, base = built.files, "jobs/stream"
    assert files[f"{base}/app/mapper.py"].startswith(b"import sys")
    assert f"{base}/app/reducer.py" in files
    # Streaming runs from the image's own Hadoop: the jar the job named is not downloaded.
    assert not any("hadoop-streaming" in r for r in server.requests)
    assert not any(p.endswith(".jar") for p in files if p.startswith(base))
    command = _command(files, f"{base}/k8s/job.yaml")
    assert "/opt/app/mapper.py,/opt/app/reducer.py" in command
    dockerfile = files[f"{base}/Dockerfile"].decode()
    assert '--chmod=0755 ["app/mapper.py", "/opt/app/mapper.py"]' in dockerfile
    assert len(_codes(built, "stream", "DP027")) == 2


def test_tony_entry_script_and_resources_on_hdfs_are_baked(estate: Any, tmp_path: Path) -> None:
    server, inputs = estate
    built = _build(server, inputs, tmp_path / "cache")
    files, base = built.files, "jobs/tony"
    assert files[f"{base}/app/train.py"] == b"print('training')\n"
    assert files[f"{base}/app/vocab.txt"] == b"the\nof\n"
    assert not any(p.endswith(("venv.zip", "gone.txt")) for p in files)
    tfjob = yaml.safe_load(files[f"{base}/k8s/tfjob.yaml"])
    box = tfjob["spec"]["tfReplicaSpecs"]["Worker"]["template"]["spec"]["containers"][0]
    assert "/opt/app/train.py" in " ".join(box["command"] + box.get("args", []))
    assert "hdfs:///apps/tony/train.py" not in files[f"{base}/k8s/tfjob.yaml"].decode()
    dockerfile = files[f"{base}/Dockerfile"].decode()
    assert "COPY --chown=10001:10001 app/ /opt/app/" in dockerfile
    assert "# app/train.py was fetched from hdfs:///apps/tony/train.py" in dockerfile
    # The shipped venv is read for its pins, which the image installs.
    assert b"numpy==1.26.4" in files[f"{base}/requirements.txt"]
    found = _codes(built, "tony", "DP027", "DP028", "TY013")
    assert [m.split("`")[1] for c, m in found if c == "DP027"] == [
        "hdfs:///apps/tony/train.py",
        "hdfs:///apps/tony/vocab.txt",
    ]
    # The resource that could not be fetched stays localized by YARN: both findings say so.
    assert sorted(c for c, m in found if "gone.txt" in m) == ["DP028", "TY013"]
    assert not any("vocab.txt" in m for c, m in found if c == "TY013")


def test_a_file_the_command_runs_by_name_is_the_localized_one(estate: Any, tmp_path: Path) -> None:
    server, inputs = estate
    built = _build(server, inputs, tmp_path / "cache")
    assert built.files["jobs/xl-demo/app/demo.py"] == b"print('demo')\n"
    found = _codes(built, "xl-demo", "DP027", "DF001", "TY013")
    assert [c for c, _ in found] == ["DP027"]  # not missing, not left to YARN


def test_without_webhdfs_nothing_changes(estate: Any) -> None:
    server, inputs = estate
    built = _build(server, inputs, None)
    assert not any(p.startswith("jobs/wordcount/app/") for p in built.files)
    assert [p for p in built.files if p.startswith("jobs/tony/app/")] == [
        "jobs/tony/app/yarn2k8s-entrypoint.sh"  # TonY's env shim, not a fetched file
    ]
    command = _command(built.files, "jobs/wordcount/k8s/job.yaml")
    assert command[:3] == ["hadoop", "jar", "hdfs:///apps/mr/wc.jar"]
    assert "hdfs:///apps/tony/train.py" in built.files["jobs/tony/k8s/tfjob.yaml"].decode()
    assert not server.requests


def test_output_is_the_same_bytes_whatever_the_cache_and_workers(
    estate: Any, tmp_path: Path
) -> None:
    server, inputs = estate
    one = _build(server, inputs, tmp_path / "a")
    two = _build(server, inputs, tmp_path / "b", workers=2)
    assert one.files == two.files
    assert not any(str(tmp_path).encode() in data for data in one.files.values())


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("hdfs:///a/vocab.txt", ("hdfs:///a/vocab.txt", "vocab.txt")),
        ("hdfs:///a/vocab.txt#words", ("hdfs:///a/vocab.txt", "words")),
        ("hdfs:///a/model.tar.gz", None),  # unpacked by YARN: not a plain copy
        ("hdfs:///a/data#archive", None),
        ("hdfs:///a/x.txt#id_rsa", None),  # a key-like name never lands in an image
        ("hdfs:///a/x.txt#../etc", None),
    ],
)
def test_localized_file_names(item: str, expected: tuple[str, str] | None) -> None:
    assert localized_file(item) == expected
