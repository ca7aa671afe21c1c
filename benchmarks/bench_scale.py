"""Benchmark: yarn2k8s at estate scale (issue 10). Writes docs/performance.md.

Run from the project root::

    .venv/bin/python benchmarks/bench_scale.py --quick    # 1k Spark jobs, 20 Oozie apps, 1 run
    .venv/bin/python benchmarks/bench_scale.py            # 1k and 10k, 100 Oozie apps, 3 runs

Each scenario runs in its own process (so peak memory is its own): the pipeline in-process
through `yarn2k8s.convert.build` (per-phase seconds from its `timings` hook), then `write_tree`
into a fresh folder, then, where asked, schema validation of the written tree (`validate_tree`
with the CRDs of ../shared/schemas/crds, hadolint off). Figures are medians over the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python benchmarks/bench_scale.py` from anywhere
    sys.path.insert(0, str(ROOT))

from benchmarks.estate_gen import generate  # noqa: E402

CRD_DIR = ROOT.parent / "shared" / "schemas" / "crds"
PHASES = ("discover", "analyze", "enrich", "convert", "report", "write", "validate")


@dataclass(frozen=True)
class Scenario:
    """One measured configuration."""

    name: str
    estate: str  # key into the generated estates
    units: int  # jobs + workflows it holds
    workers: int
    validate: str  # "" (off), "schema" (the target) or "full" (all but hadolint)
    target: str


def _peak_mib(workers: int) -> float:
    """Peak RSS of this process plus its worker processes (largest child times workers)."""
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return (own + (kids * workers if workers > 1 else 0)) / 2**20


# Reading smaps_rollup walks the target's page tables under its memory lock: every 20 ms it
# cost the measured process ~7% of its time; every 100 ms still sees the phase peaks (seconds).
_SAMPLE_S = 0.1


class _PssSampler:
    """Peak of the summed PSS of this process and its descendants, sampled every 100 ms.

    PSS shares each page among the processes mapping it, so a worker forked from this process
    is not charged again for the pages it merely inherited: the sum is the memory the process
    tree really holds (RSS summed over workers counts shared pages once per process). Linux
    only; elsewhere `peak` stays 0 and the table falls back to RSS.
    """

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _PssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(_SAMPLE_S):
            self._sample()

    def _sample(self) -> None:
        total = 0
        for pid in [os.getpid(), *_descendants(os.getpid())]:
            try:
                with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                    for line in rollup:
                        if line.startswith("Pss:"):
                            total += int(line.split()[1])  # kB
                            break
            except OSError:  # gone between listing and reading, or not Linux
                continue
        self.peak = max(self.peak, total / 1024)


def _descendants(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as kids:
            children = [int(c) for c in kids.read().split()]
    except OSError:
        return []
    return children + [d for c in children for d in _descendants(c)]


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its waited-for workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# Schema validation as the target defines it: every object against its CRD/OpenAPI
# schema, metadata and Pod Security checks. "full" adds KFP, `kubectl kustomize` and the Spark
# equivalence round-trip (hadolint stays off in both).
_VALIDATION: dict[str, dict[str, Any]] = {
    "schema": {"hadolint": False, "pipelines": False, "kustomize": False, "equivalence": False},
    "full": {"hadolint": False},
}
# Validation runs with as many workers as the conversion (`validate -j N`).


def run_scenario(estate: Path, workers: int, validate: str) -> dict[str, Any]:
    """Convert, write and optionally validate one estate; phase seconds and peak memory."""
    from yarn2k8s.config import load_config
    from yarn2k8s.convert import build
    from yarn2k8s.writer import write_tree

    timings: dict[str, float] = {}
    cpu = _cpu_seconds()
    start = time.perf_counter()
    out = Path(tempfile.mkdtemp(prefix="yarn2k8s-bench-out-"))
    errors = 0
    try:
        with _PssSampler() as sampler:
            conversion = build([estate], load_config(None), workers, timings=timings)
            mark = time.perf_counter()
            write_tree(out, conversion.files, force=True)
            timings["write"] = time.perf_counter() - mark
            jobs, workflows = len(conversion.result.jobs), len(conversion.result.workflows)
            files = len(conversion.files)
            del conversion
            if validate:
                from yarn2k8s.validators.tree import Options, validate_tree

                mark = time.perf_counter()
                crd_dir = CRD_DIR if CRD_DIR.is_dir() else None
                options = Options(crd_dir=crd_dir, workers=workers, **_VALIDATION[validate])
                report = validate_tree(out, options)
                timings["validate"] = time.perf_counter() - mark
                errors = report.errors
            total = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {
        "total": total,
        "cpu": cpu,
        "phases": timings,
        "jobs": jobs,
        "workflows": workflows,
        "files": files,
        "validation_errors": errors,
        "peak_mib": sampler.peak or _peak_mib(workers),  # PSS sum; RSS bound off Linux
        "peak_rss_bound_mib": _peak_mib(workers),
    }


def _child(args: argparse.Namespace) -> None:
    result = run_scenario(Path(args.estate), args.workers, args.validate)
    print(json.dumps(result))


def _measure(scenario: Scenario, estate: Path, runs: int) -> dict[str, Any]:
    samples = []
    for _ in range(runs):
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--estate", str(estate)]
        cmd += ["--workers", str(scenario.workers)]
        cmd += ["--validate", scenario.validate] if scenario.validate else []
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:  # show why the scenario's process failed, not just that it did
            raise SystemExit(f"{scenario.name} failed:\n{done.stderr[-4000:]}")
        samples.append(json.loads(done.stdout.strip().splitlines()[-1]))
    median = statistics.median
    phases = {p: median(s["phases"].get(p, 0.0) for s in samples) for p in PHASES}
    total = median(s["total"] for s in samples)
    cpu = median(s["cpu"] for s in samples)
    units = samples[0]["jobs"] + samples[0]["workflows"]
    return {
        "total": total,
        "cpu": cpu,
        "phases": phases,
        "units": units,
        "jobs": samples[0]["jobs"],
        "workflows": samples[0]["workflows"],
        "files": samples[0]["files"],
        "rate": units / total,
        "peak_mib": median(s["peak_mib"] for s in samples),
        "validation_errors": samples[0]["validation_errors"],
    }


def version_time(tries: int = 5) -> float:
    """Best wall time of `yarn2k8s --version` (the installed console script)."""
    exe = Path(sys.executable).with_name("yarn2k8s")
    cmd = (
        [str(exe), "--version"] if exe.exists() else [sys.executable, "-m", "yarn2k8s", "--version"]
    )
    best = float("inf")
    for _ in range(tries):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def _file_system(path: str) -> str:
    """The file system type holding `path` (from /proc/mounts), e.g. "ext4 (/tmp)"."""
    best = ("", "unknown")
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                _, point, kind = line.split()[:3]
                inside = path == point or path.startswith(point.rstrip("/") + "/")
                if inside and len(point) > len(best[0]):
                    best = (point, kind)
    except OSError:  # pragma: no cover - not Linux
        pass
    return f"{best[1]} ({path})"


def _load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not on every platform
        return "unknown"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} (1/5/15 min)"


def scenarios(quick: bool) -> tuple[dict[str, tuple[int, int, int]], list[Scenario]]:
    """Estates to generate (spark, oozie, tony) and the scenarios measured on them."""
    oozie = 20 if quick else 100
    estates = {"spark-1k": (1000, 0, 0), "oozie": (0, oozie, 0), "tony": (0, 0, 100)}
    runs = [
        Scenario("1k Spark, -j 1, validation off", "spark-1k", 1000, 1, "", ">= 500 jobs/s"),
        Scenario(f"{oozie} Oozie apps (KFP compiled), -j 1", "oozie", oozie, 1, "", ">= 50/s"),
        Scenario(f"{oozie} Oozie apps (KFP compiled), -j 2", "oozie", oozie, 2, "", ">= 50/s"),
        Scenario("100 TonY jobs, -j 1", "tony", 100, 1, "", "-"),
        Scenario("1k Spark, -j 2, full validation", "spark-1k", 1000, 2, "full", "-"),
    ]
    if not quick:
        estates["spark-10k"] = (10_000, 0, 0)
        runs += [
            Scenario("10k Spark, -j 1, validation off", "spark-10k", 10_000, 1, "", "linear"),
            Scenario(
                "10k Spark, -j 2, schema validation", "spark-10k", 10_000, 2, "schema", "< 30 s"
            ),
        ]
    else:
        runs.append(
            Scenario("1k Spark, -j 2, schema validation", "spark-1k", 1000, 2, "schema", "-")
        )
    return estates, runs


def _markdown(
    rows: list[tuple[Scenario, dict[str, Any]]],
    version: float,
    ratio: float | None,
    cpu_ratio: float | None,
    meta: str,
) -> str:
    lines = [
        "# Performance",
        "",
        "Measured by `benchmarks/bench_scale.py` (synthetic estates from",
        "`benchmarks/estate_gen.py`, seeded; see the README's Performance section to rerun).",
        "Medians of the runs; every scenario runs in its own process. Peak memory is the peak",
        "of the summed PSS of the process and its workers, sampled every 100 ms (PSS charges a",
        "page shared by forked workers once, where summed RSS would count it per process; the",
        "RSS upper bound is in the JSON). CPU s is user + system time of the scenario's processes:",
        "on a shared, busy machine it is the steadier figure (units/CPU s vs units/s wall).",
        "",
        meta,
        "",
        f"- `yarn2k8s --version`: {version:.3f} s (best of 5; target < 0.3 s)",
    ]
    if ratio is not None and cpu_ratio is not None:
        lines.append(
            f"- time per job, 10k / 1k (one worker): {ratio:.2f} wall, {cpu_ratio:.2f} CPU "
            "(1.0 = linear; target: linear)"
        )
    lines += [
        "",
        "| scenario | units | wall s | units/s | CPU s | units/CPU s | peak MiB | target | "
        + " | ".join(PHASES)
        + " |",
        "|---|---:|---:|---:|---:|---:|---:|---|" + "---:|" * len(PHASES),
    ]
    for scenario, m in rows:
        phases = " | ".join(f"{m['phases'][p]:.2f}" for p in PHASES)
        lines.append(
            f"| {scenario.name} | {m['units']} | {m['total']:.2f} | {m['rate']:.0f} | "
            f"{m['cpu']:.2f} | {m['units'] / m['cpu']:.0f} | {m['peak_mib']:.0f} | "
            f"{scenario.target} | {phases} |"
        )
    lines += [
        "",
        "Phases: discover (walk + shared properties files), analyze, enrich (names, live data),",
        "convert, report (estate files and reports), write (atomic tree write), validate",
        "(`validate_tree` of the written tree with the CRD folder; schema validation: every",
        "object against its CRD/OpenAPI schema, metadata and Pod Security checks; full",
        "validation adds the KFP, `kubectl kustomize` and Spark equivalence checks; hadolint",
        "off in both). The write phase is file-system bound: see the file system named above.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="yarn2k8s estate-scale benchmark")
    parser.add_argument("--quick", action="store_true", help="1k jobs and one run only")
    parser.add_argument("--runs", type=int, help="runs per scenario (default 3, --quick 1)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--work", type=Path, help="keep generated estates here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--estate", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--validate", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args)
        return
    runs = args.runs or (1 if args.quick else 3)
    work = args.work or Path(tempfile.mkdtemp(prefix="yarn2k8s-bench-"))
    estates, todo = scenarios(args.quick)
    meta = (
        f"Machine: {platform.machine()}, {os.cpu_count()} CPU(s), Python "
        f"{platform.python_version()}; output written to {_file_system(tempfile.gettempdir())}; "
        f"load average before: {_load()}; {runs} run(s) each."
    )
    print(meta)
    try:
        for key, (spark, oozie, tony) in estates.items():
            if not (work / key).is_dir():
                generate(work / key, spark, oozie, tony)
        version = version_time()
        print(f"yarn2k8s --version: {version:.3f} s (target < 0.3 s)")
        rows: list[tuple[Scenario, dict[str, Any]]] = []
        ratios: tuple[float | None, float | None] = (None, None)
        for scenario in todo:
            measured = _measure(scenario, work / scenario.estate, runs)
            rows.append((scenario, measured))
            phases = ", ".join(f"{p} {measured['phases'][p]:.2f}" for p in PHASES)
            print(
                f"{scenario.name}: {measured['units']} units in {measured['total']:.2f} s = "
                f"{measured['rate']:.0f}/s ({measured['cpu']:.2f} CPU s = "
                f"{measured['units'] / measured['cpu']:.0f}/CPU s), "
                f"peak {measured['peak_mib']:.0f} MiB "
                f"(target {scenario.target}); {phases}"
            )
            if measured["validation_errors"]:
                print(f"  validation errors: {measured['validation_errors']}")
            # Written after every scenario, so a long run still leaves its figures so far.
            ratios = _ratios(rows)
            note = f" Load average after this scenario: {_load()}."
            args.output.write_text(_markdown(rows, version, *ratios, meta + note), "utf-8")
        if ratios[0] is not None:
            print(f"time per job 10k/1k: {ratios[0]:.2f} wall, {ratios[1]:.2f} CPU (1.0 = linear)")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {args.output}")


def _ratios(rows: list[tuple[Scenario, dict[str, Any]]]) -> tuple[float | None, float | None]:
    """Time per job at 10k over time per job at 1k (one worker, no validation): wall, CPU."""
    by_name = {s.estate: m for s, m in rows if s.workers == 1 and not s.validate}
    if "spark-10k" not in by_name or "spark-1k" not in by_name:
        return None, None
    small, big = by_name["spark-1k"], by_name["spark-10k"]
    wall = (big["total"] / big["units"]) / (small["total"] / small["units"])
    return wall, (big["cpu"] / big["units"]) / (small["cpu"] / small["units"])


if __name__ == "__main__":
    main()
