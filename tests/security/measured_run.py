"""Run the yarn2k8s CLI in a child process and measure it (imported by path: no package).

The child runs the CLI in-process and reports its own peak RSS and CPU time, so nothing else
the test session started (JVMs, other CLIs) can blur the figures; RLIMIT_AS caps it so a
runaway input cannot take the machine down with it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

_CHILD = r"""
import json, resource, sys, time
limit = int(sys.argv[1])
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
report, args = sys.argv[2], sys.argv[3:]
from yarn2k8s.cli import cli
start = time.monotonic()
try:
    cli.main(args=args, prog_name="yarn2k8s", standalone_mode=True)
    code = 0
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
usage = resource.getrusage(resource.RUSAGE_SELF)
with open(report, "w") as handle:
    json.dump({"code": code, "rss_kib": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime,
               "wall": time.monotonic() - start}, handle)
sys.exit(code)
"""


@dataclass
class Measured:
    """Exit code, output, and what the run cost."""

    code: int
    stdout: str
    stderr: str
    rss_mib: float
    cpu_seconds: float
    wall_seconds: float


def run_cli(
    args: list[str], workdir: Path, address_space: int = 4 * 1024**3, timeout: float = 900
) -> Measured:
    """Run `yarn2k8s ARGS` in a child process capped at `address_space` bytes."""
    report = workdir / "usage.json"
    report.unlink(missing_ok=True)
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(address_space), str(report), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    wall = time.monotonic() - start
    usage = json.loads(report.read_text()) if report.is_file() else {}
    return Measured(
        code=proc.returncode,
        stdout=proc.stdout,
        stderr=proc.stderr,
        rss_mib=usage.get("rss_kib", 0) / 1024,
        cpu_seconds=usage.get("cpu", float("inf")),
        wall_seconds=usage.get("wall", wall),
    )
