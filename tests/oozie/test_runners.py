"""The step scripts the pipelines run, against local stand-ins (an HTTP stand-in for the
Kubernetes API, a logging stand-in for Hadoop's FsShell, a fake SMTP class)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from yarn2k8s.converters import (
    kfp_runner_email,
    kfp_runner_gate,
    kfp_runner_spark,
    kfp_runner_step,
)
from yarn2k8s.converters.kfp_codegen import runner_source


class _FakeApi(BaseHTTPRequestHandler):
    """A stand-in for the API server's SparkApplication endpoints (named as such)."""

    apps: ClassVar[dict[str, dict[str, Any]]] = {}
    script: ClassVar[list[str]] = []  # states returned by successive GETs

    def _send(self, code: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        app = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        name = app["metadata"]["name"]
        if name in self.apps:
            self._send(409, {"message": "exists"})
            return
        self.apps[name] = app
        self._send(201, app)

    def do_GET(self) -> None:
        name = self.path.rsplit("/", 1)[-1]
        app = dict(self.apps[name])
        state = self.script.pop(0) if self.script else "COMPLETED"
        app["status"] = {"applicationState": {"state": state}}
        self._send(200, app)

    def do_DELETE(self) -> None:
        self.apps.pop(self.path.rsplit("/", 1)[-1], None)
        self._send(200, {})

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_FakeApi]]:
    _FakeApi.apps, _FakeApi.script = {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("YARN2K8S_API_URL", f"http://127.0.0.1:{server.server_port}")
    monkeypatch.setenv("YARN2K8S_POLL_SECONDS", "0")
    yield _FakeApi
    server.shutdown()


MANIFEST = {
    "apiVersion": "sparkoperator.k8s.io/v1beta2",
    "kind": "SparkApplication",
    "metadata": {"name": "wf-features", "namespace": "ml"},
    "spec": {"arguments": ["--date", "2024-01-01"], "sparkConf": {"a/b": "x"}},
}


def test_spark_step_creates_a_run_unique_application_and_waits(api: type[_FakeApi]) -> None:
    api.script = ["SUBMITTED", "RUNNING", "COMPLETED"]
    argv = [
        "--run-id",
        "8F3A-11ee-77",
        "--manifest",
        json.dumps(MANIFEST),
        "--set",
        "/spec/arguments/1",
        "2024-05-05",
        "--set",
        "/spec/sparkConf/a~1b",
        "y",
    ]
    assert kfp_runner_spark.main(argv) == 0
    ((name, app),) = api.apps.items()
    assert name == "wf-features-8f3a11ee"
    assert app["spec"]["arguments"] == ["--date", "2024-05-05"]
    assert app["spec"]["sparkConf"] == {"a/b": "y"}


def test_spark_step_fails_when_the_application_fails(api: type[_FakeApi]) -> None:
    api.script = ["RUNNING", "FAILED"]
    assert kfp_runner_spark.main(["--run-id", "r1", "--manifest", json.dumps(MANIFEST)]) == 1


def test_a_retry_replaces_the_failed_application(api: type[_FakeApi]) -> None:
    api.apps["wf-features-r1"] = dict(MANIFEST)
    api.script = ["FAILED", "COMPLETED"]  # the GET after 409 sees FAILED: delete, create again
    assert kfp_runner_spark.main(["--run-id", "r1", "--manifest", json.dumps(MANIFEST)]) == 0
    assert "wf-features-r1" in api.apps


def test_unique_names_stay_dns_labels() -> None:
    name = kfp_runner_spark.unique_name("a" * 70, "{{$.pipeline_job_uuid}}")
    assert len(name) <= 63 and name.endswith("-pipeline")


@pytest.fixture
def fs_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for Hadoop's FsShell: logs its arguments; `-test` succeeds for `/yes*`."""
    log = tmp_path / "fs.log"
    script = tmp_path / "fakefs.py"
    script.write_text(
        "import sys\n"
        f"open({str(log)!r}, 'a').write(' '.join(sys.argv[1:]) + '\\n')\n"
        "if sys.argv[1] == '-test': sys.exit(0 if sys.argv[3].startswith('/yes') else 1)\n"
        "if sys.argv[1] == '-du': print('123 123 ' + sys.argv[3])\n"
    )
    monkeypatch.setenv("YARN2K8S_FS_SHELL", f"{sys.executable} {script}")
    return log


def test_step_prepares_runs_and_captures(fs_log: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "action_data"
    code = kfp_runner_step.main(
        [
            "--delete",
            "/d",
            "--mkdir",
            "/m",
            "--env",
            "X=5",
            "--capture",
            str(out),
            "--",
            sys.executable,
            "-c",
            "import os; print('rows=' + os.environ['X'])",
        ]
    )
    assert code == 0
    assert fs_log.read_text().splitlines() == ["-rm -r -f /d", "-mkdir -p /m"]
    assert out.read_text() == "rows=5\n"


def test_step_returns_the_command_exit_code_and_writes_conf(fs_log: Path, tmp_path: Path) -> None:
    conf = tmp_path / "job.xml"
    argv = ["--conf", "a", "<b&>", "--conf-file", str(conf), "--", sys.executable, "-c", "exit(3)"]
    assert kfp_runner_step.main(argv) == 3
    assert "<value>&lt;b&amp;&gt;</value>" in conf.read_text()


def test_fs_operations_map_to_fsshell(fs_log: Path) -> None:
    argv = [
        "--move",
        "/a",
        "/b",
        "--chmod",
        "/p",
        "755",
        "true",
        "--touchz",
        "/t",
        "--setrep",
        "/s",
        "2",
        "--chgrp",
        "/g",
        "grp",
        "false",
    ]
    assert kfp_runner_step.main(argv) == 0
    assert fs_log.read_text().splitlines() == [
        "-mv /a /b",
        "-chmod -R 755 /p",
        "-touchz /t",
        "-setrep 2 /s",
        "-chgrp grp /g",
    ]


def test_gate_reports_the_upstream_state(tmp_path: Path) -> None:
    outs = [str(tmp_path / n) for n in ("state", "msg", "code", "task")]
    status = {"state": "FAILED", "pipelineTaskName": "a", "error": {"code": 9, "message": "boom"}}
    assert kfp_runner_gate.main([json.dumps(status), *outs]) == 0
    assert [Path(p).read_text() for p in outs] == ["failed", "boom", "9", "a"]
    kfp_runner_gate.main(['{"state": "SUCCEEDED"}', *outs])
    assert Path(outs[0]).read_text() == "succeeded"


def _run(name: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    """A step script as the pipeline runs it: `python3 -c <assembled source> args`."""
    return subprocess.run(
        [sys.executable, "-c", runner_source(name), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_assembled_evaluator_decides_like_the_converter(fs_log: Path, tmp_path: Path) -> None:
    from yarn2k8s.analyzers.oozie_el import parse_template, template_json

    def case(text: str) -> str:
        return json.dumps(template_json(parse_template(text)))

    branch = tmp_path / "branch"
    done = _run(
        "EVAL_RUNNER",
        [
            "--var",
            "mode",
            "full",
            "--action-data",
            "inspect",
            "rows=7\nday=x",
            "--case",
            "no-data",
            case("${not fs:exists('/yes/_SUCCESS')}"),
            "--case",
            "big",
            case("${wf:actionData('inspect')['rows'] gt 5 and mode eq 'full'}"),
            "--default",
            "small",
            "--branch-out",
            str(branch),
        ],
    )
    assert done.returncode == 0, done.stderr
    assert branch.read_text() == "big"
    assert "-test -e /yes/_SUCCESS" in fs_log.read_text()


def test_assembled_evaluator_computes_values(tmp_path: Path) -> None:
    from yarn2k8s.analyzers.oozie_el import parse_expression, to_json

    out = tmp_path / "v"
    tree = json.dumps(
        [to_json(parse_expression("coord:formatTime(coord:nominalTime(), 'yyyyMMdd')"))]
    )
    done = _run(
        "EVAL_RUNNER",
        ["--call", "coord:nominalTime", "2024-03-05T10:00:00Z", "--value", tree, str(out)],
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text() == "20240305"


def test_assembled_sensor_resolves_instances_and_waits(fs_log: Path, tmp_path: Path) -> None:
    from yarn2k8s.analyzers.oozie_el import parse_template, template_json

    event = {
        "name": "in",
        "frequency": 20,
        "months": 0,
        "initial": "2024-01-01T00:00Z",
        "timezone": "UTC",
        "done_flag": "_DONE",
        "offsets": [-2, -1, 0],
        "wait": True,
        "uri": template_json(parse_template("/yes/${root}/${YEAR}${MONTH}${DAY}/${HOUR}${MINUTE}")),
    }
    out = tmp_path / "data_in"
    done = _run(
        "SENSOR_RUNNER",
        [
            "--nominal-time",
            "2024-03-05T10:05:00Z",
            "--timeout-minutes",
            "1",
            "--var",
            "root",
            "clicks",
            "--event",
            json.dumps(event),
            str(out),
        ],
    )
    assert done.returncode == 0, done.stderr
    assert (
        out.read_text()
        == "/yes/clicks/20240305/0920,/yes/clicks/20240305/0940,/yes/clicks/20240305/1000"
    )
    assert "-test -e /yes/clicks/20240305/1000/_DONE" in fs_log.read_text()


def test_email_step_sends_through_smtp(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[Any] = []

    class FakeSMTP:
        def __init__(self, host: str, port: int, timeout: int) -> None:
            sent.append((host, port))

        def __enter__(self) -> FakeSMTP:
            return self

        def __exit__(self, *args: Any) -> None:
            pass

        def send_message(self, message: Any, from_addr: str, to_addrs: list[str]) -> None:
            sent.append((message["Subject"], message["To"], to_addrs))

    monkeypatch.setattr(kfp_runner_email.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setenv("SMTP_HOST", "mail.example.com")
    argv = ["--to", "a@x, b@x", "--bcc", "c@x", "--subject", "done", "--body", "ok"]
    assert kfp_runner_email.main(argv) == 0
    assert sent == [("mail.example.com", 25), ("done", "a@x, b@x", ["a@x", "b@x", "c@x"])]
