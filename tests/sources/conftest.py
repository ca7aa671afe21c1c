"""Servers for the live-source tests, all on 127.0.0.1, polled until ready, torn down after.

- A real Spark History Server, started from the pyspark install (`spark-class
  org.apache.spark.deploy.history.HistoryServer`) over event logs written by a real PySpark
  application run in this test session (one SparkSession, several jobs, two executors).
- A ResourceManager stand-in: serves the recorded REST responses in
  ../shared/corpus/public/yarn-rm. They come from several projects' test suites, not from one
  cluster, so each test maps the endpoints it needs to files and asserts per endpoint.
- A WebHDFS stand-in (no NameNode can run here): GETFILESTATUS, LISTSTATUS and OPEN over a
  local folder, with OPEN redirected to a "DataNode" path as a real NameNode does.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "shared" / "corpus" / "public"
YARN_RM = CORPUS / "yarn-rm"
HISTORY = CORPUS / "history-server"
SPARK_JOB = HERE / "spark_app.py"


def free_port() -> int:
    """A port nobody listens on right now (for servers that cannot take port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(probe: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `probe` until it holds, or fail the test with `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError):
            if probe():
                return
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}")


# --- small HTTP stand-ins ------------------------------------------------------------------


Route = Callable[["_Handler", urllib.parse.SplitResult], None]


class _Handler(BaseHTTPRequestHandler):
    server: _StandIn

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/ready":  # the readiness probe is not a client request
            self.server.requests.append(self.path)
        self.server.route(self, url)

    def send_json(self, status: int, data: Any) -> None:
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        return


class _StandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, route: Route) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.route = route
        self.requests: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextlib.contextmanager
def serve(route: Route) -> Iterator[_StandIn]:
    """Run a stand-in on a free port until the block ends."""
    server = _StandIn(route)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        wait_until(lambda: _answers(server.url), 10, "the stand-in server")
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url + "/ready", timeout=2)
    except urllib.error.HTTPError:
        return True  # any HTTP answer means it listens
    return True


def recorded_files(table: dict[str, Path]) -> Route:
    """A route serving recorded JSON files by request path (the query is ignored)."""

    def route(handler: _Handler, url: urllib.parse.SplitResult) -> None:
        path = table.get(url.path.rstrip("/"))
        if path is None:
            handler.send_json(404, {"RemoteException": {"exception": "NotFoundException"}})
            return
        handler.send_json(200, path.read_bytes())

    return route


def rm_file(*parts: str) -> Path:
    """A recorded ResourceManager response from the corpus."""
    path = YARN_RM.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    return path


@pytest.fixture
def serve_route() -> Callable[[Route], contextlib.AbstractContextManager[_StandIn]]:
    """Start a stand-in with a custom route: `with serve_route(fn) as server:`."""
    return serve


@pytest.fixture
def rm_files() -> Callable[..., Path]:
    """Look up a recorded RM response by its path under ../shared/corpus/public/yarn-rm."""
    return rm_file


@pytest.fixture
def recorded_server() -> Callable[[dict[str, Path]], contextlib.AbstractContextManager[_StandIn]]:
    """Start a stand-in serving recorded files: `with recorded_server({path: file}) as s:`."""
    return lambda table: serve(recorded_files(table))


# --- WebHDFS stand-in ----------------------------------------------------------------------


@dataclass
class WebHdfsStandIn:
    """A WebHDFS API over a local folder: `/webhdfs/v1<path>?op=...`."""

    root: Path
    extra_listing: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def _local(self, hdfs_path: str) -> Path:
        rel = urllib.parse.unquote(hdfs_path).lstrip("/")
        target = (self.root / rel).resolve()
        assert target.is_relative_to(self.root.resolve())
        return target

    @staticmethod
    def status(path: Path, name: str) -> dict[str, Any]:
        return {
            "pathSuffix": name,
            "type": "DIRECTORY" if path.is_dir() else "FILE",
            "length": 0 if path.is_dir() else path.stat().st_size,
            "owner": "hdfs",
            "group": "supergroup",
            "permission": "755",
            "replication": 0 if path.is_dir() else 3,
            "modificationTime": 0,
            "accessTime": 0,
            "blockSize": 134217728,
        }

    def __call__(self, handler: _Handler, url: urllib.parse.SplitResult) -> None:
        query = dict(urllib.parse.parse_qsl(url.query))
        op = query.get("op", "").upper()
        if url.path.startswith("/datanode/"):
            data = self._local(url.path.removeprefix("/datanode")).read_bytes()
            handler.send_json(200, data)
            return
        path = url.path.removeprefix("/webhdfs/v1") or "/"
        local = self._local(path)
        if not local.exists():
            handler.send_json(404, _not_found(path))
        elif op == "GETFILESTATUS":
            handler.send_json(200, {"FileStatus": self.status(local, "")})
        elif op == "LISTSTATUS":
            handler.send_json(200, {"FileStatuses": {"FileStatus": self._list(local, path)}})
        elif op == "OPEN":
            handler.send_response(307)  # a NameNode sends reads to a DataNode
            handler.send_header("Location", f"/datanode{path}")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        else:
            handler.send_json(400, {"RemoteException": {"message": f"bad op {op}"}})

    def _list(self, local: Path, path: str) -> list[dict[str, Any]]:
        if local.is_file():
            return [self.status(local, "")]
        found = [self.status(p, p.name) for p in sorted(local.iterdir())]
        return found + self.extra_listing.get(path.rstrip("/") or "/", [])


def _not_found(path: str) -> dict[str, Any]:
    return {
        "RemoteException": {
            "exception": "FileNotFoundException",
            "javaClassName": "java.io.FileNotFoundException",
            "message": f"File does not exist: {path}",
        }
    }


@pytest.fixture
def webhdfs(tmp_path: Path) -> Iterator[tuple[_StandIn, WebHdfsStandIn]]:
    """A WebHDFS stand-in over an empty folder (`tmp_path/hdfs`) that tests fill."""
    root = tmp_path / "hdfs"
    root.mkdir()
    handler = WebHdfsStandIn(root)
    with serve(handler) as server:
        yield server, handler


# --- a real Spark History Server -----------------------------------------------------------


def _pyspark_home() -> Path:
    pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime for PySpark")
    return Path(pyspark.__file__).parent


@pytest.fixture(scope="session")
def spark_event_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Event logs of one real PySpark application (one SparkSession, several jobs).

    It runs in its own process (`spark_app.py`) so its JVM settings (two executors in
    local-cluster mode, event logging, frequent executor metrics) never meet another test's
    SparkSession.
    """
    home = _pyspark_home()
    logs = tmp_path_factory.mktemp("spark-events")
    # local-cluster workers always write executor folders to $SPARK_HOME/work: give them a
    # SPARK_HOME of links to the pyspark install, so nothing is written into the install.
    linked = tmp_path_factory.mktemp("spark-home")
    for entry in home.iterdir():
        if entry.name != "work":
            (linked / entry.name).symlink_to(entry)
    env = dict(os.environ, SPARK_HOME=str(linked), SPARK_LOCAL_IP="127.0.0.1")
    env["PYSPARK_PYTHON"] = sys.executable
    run = subprocess.run(
        [sys.executable, str(SPARK_JOB), logs.as_uri()],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert any(logs.iterdir()), "the PySpark application wrote no event log"
    return logs


@pytest.fixture(scope="session")
def history_server(
    spark_event_logs: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A real Spark History Server over `spark_event_logs`; yields its URL."""
    home = _pyspark_home()
    port = free_port()
    conf = tmp_path_factory.mktemp("history-conf") / "history.conf"
    conf.write_text(
        f"spark.history.fs.logDirectory {spark_event_logs.as_uri()}\n"
        f"spark.history.ui.port {port}\n"
        "spark.history.fs.update.interval 1s\n",
        encoding="utf-8",
    )
    env = dict(os.environ, SPARK_HOME=str(home), SPARK_LOCAL_IP="127.0.0.1")
    log = (tmp_path_factory.mktemp("history-log") / "history.log").open("w")
    process = subprocess.Popen(
        ["bash", str(home / "bin" / "spark-class"), "org.apache.spark.deploy.history.HistoryServer",
         "--properties-file", str(conf)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: torn down as one below
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _has_completed_app(url, process), 120, "the Spark History Server")
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
        log.close()


def _has_completed_app(url: str, process: subprocess.Popen[bytes]) -> bool:
    if process.poll() is not None:
        pytest.fail(f"the History Server exited with {process.returncode}")
    with urllib.request.urlopen(f"{url}/api/v1/applications?status=completed", timeout=5) as r:
        return bool(json.loads(r.read()))
