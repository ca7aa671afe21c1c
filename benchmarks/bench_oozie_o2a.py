"""Benchmark: yarn2k8s vs o2a (Oozie to Airflow) over the same Oozie workflows.

For each tool it prints the time per workflow run one process per workflow (as o2a is meant
to be run) and in one batch (one process for all), and which actions each converted (an
action counts as converted when its output is a real task, not a placeholder).

Usage:
    .venv/bin/python benchmarks/bench_oozie_o2a.py [--corpus DIR] [--o2a PATH] [--limit N]

o2a is looked up as `/tmp/o2a/bin/o2a` (see ../shared/reference/o2a-baseline.md); without it
the o2a rows are skipped with a message. Each workflow is staged in o2a's layout
(`<app>/job.properties` + `<app>/hdfs/workflow.xml` and the app's other files) and both tools
read the same staged folders.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from yarn2k8s.analyzers.oozie_app import AppRoot, choose_job_properties  # noqa: E402
from yarn2k8s.analyzers.oozie_workflow import parse_workflow  # noqa: E402
from yarn2k8s.analyzers.oozie_xml import root_hint  # noqa: E402
from yarn2k8s.model.names import dns_name  # noqa: E402
from yarn2k8s.security.xml import parse_xml  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "public" / "oozie"
DEFAULT_O2A = Path("/tmp/o2a/bin/o2a")
YARN2K8S = Path(sys.executable).with_name("yarn2k8s")
# o2a's "not converted" operators: placeholders that keep the DAG runnable.
_O2A_PLACEHOLDERS = ("DummyOperator", "EmptyOperator")


@dataclass
class App:
    """One staged workflow application."""

    slug: str
    folder: Path
    actions: dict[str, str]  # node name -> action type


@dataclass
class Result:
    """Timings and converted actions of one tool in one mode."""

    tool: str
    mode: str
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system CPU seconds per workflow
    ok: int = 0
    failed: list[str] = field(default_factory=list)
    converted: Counter[str] = field(default_factory=Counter)


def stage(corpus: Path, target: Path, limit: int) -> list[App]:
    """Copy every workflow application into o2a's layout under `target`."""
    apps: list[App] = []
    root = AppRoot(corpus)
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or ".xml" not in path.name or len(apps) >= limit:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if root_hint(text) != "workflow-app":
            continue
        try:
            tree = parse_xml(text)
        except Exception:  # malformed inputs are not a benchmark subject
            continue
        rel = path.relative_to(corpus).as_posix()
        wf = parse_workflow(tree, text, rel)
        slug = dns_name(rel.replace("/", "-"), max_len=60)
        folder = target / slug
        (folder / "hdfs").mkdir(parents=True)
        for sibling in path.parent.iterdir():
            if sibling.is_file() and sibling.name != path.name and ".xml" not in sibling.name:
                shutil.copy(sibling, folder / "hdfs" / sibling.name)
        shutil.copy(path, folder / "hdfs" / "workflow.xml")
        props = choose_job_properties(root, rel, "workflow")
        job = folder / "job.properties"
        job.write_text((corpus / props).read_text() if props else "nameNode=hdfs://nn:8020\n")
        actions = {n.name: n.action.type for n in wf.nodes.values() if n.action is not None}
        apps.append(App(slug, folder, actions))
    return apps


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(
    command: list[str], env: dict[str, str] | None = None, cpu: list[float] | None = None
) -> tuple[float, bool]:
    """Wall time of a command and whether it exited 0 (its CPU time appended to `cpu`)."""
    before, start = _child_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    wall = time.perf_counter() - start
    if cpu is not None:
        cpu.append(_child_cpu() - before)
    return wall, done.returncode == 0


def yarn2k8s_converted(out: Path, app: App) -> list[str]:
    """Action types yarn2k8s turned into real steps (not placeholders)."""
    found = []
    for pipeline in out.glob("workflows/*/pipeline.py"):
        code = pipeline.read_text(encoding="utf-8")
        ir = pipeline.with_name("pipeline.yaml")
        text = ir.read_text(encoding="utf-8") if ir.exists() else ""
        names = set(re.findall(r"taskInfo:\n\s+name: (.+)", text))
        for node, kind in app.actions.items():
            placeholder = f"PLACEHOLDER for Oozie node `{node}`" in code
            if node in names and not placeholder:
                found.append(kind)
    return found


def o2a_converted(out: Path, app: App) -> list[str]:
    """Action types o2a turned into real operators (not Dummy/Empty placeholders)."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.py"))
    found = []
    for node, kind in app.actions.items():
        task = "|".join(re.escape(n) for n in {node, node.replace("-", "_")})
        calls = re.findall(rf"(\w+)\([^()]*task_id=[\"'](?:{task})[\"']", code)
        if calls and not any(c in _O2A_PLACEHOLDERS for c in calls):
            found.append(kind)
    return found


def bench_yarn2k8s(apps: list[App], stage_root: Path, work: Path) -> list[Result]:
    """One process per workflow, then one batch over all of them."""
    single, batch = Result("yarn2k8s", "one process per workflow"), Result("yarn2k8s", "one batch")
    for app in apps:
        out = work / "y" / app.slug
        command = [str(YARN2K8S), "convert", str(app.folder), "-o", str(out), "--quiet"]
        seconds, ok = run_timed([*command, "--fail-on", "never"], cpu=single.cpu)
        single.seconds.append(seconds)
        ok = ok and any(out.glob("workflows/*/pipeline.yaml"))
        single.ok += ok
        if not ok:
            single.failed.append(app.slug)
        single.converted.update(yarn2k8s_converted(out, app))
    out = work / "y-batch"
    cpu: list[float] = []
    seconds, ok = run_timed(
        [
            str(YARN2K8S),
            "convert",
            str(stage_root),
            "-o",
            str(out),
            "--quiet",
            "--fail-on",
            "never",
        ],
        cpu=cpu,
    )
    batch.seconds = [seconds / max(len(apps), 1)] * len(apps)
    batch.cpu = [cpu[0] / max(len(apps), 1)] * len(apps)
    batch.ok = len(list(out.glob("workflows/*/pipeline.yaml"))) if ok else 0
    batch.converted = single.converted
    return [single, batch]


_O2A_BATCH = """
import sys, time
from o2a.o2a import main
results = []
for app, out in zip(sys.argv[1::2], sys.argv[2::2]):
    start = time.perf_counter()
    sys.argv = ["o2a", "-i", app, "-o", out]
    try:
        main()
        ok = True
    except BaseException:
        ok = False
    print(f"{time.perf_counter() - start:.4f} {int(ok)}", flush=True)
"""


def bench_o2a(apps: list[App], o2a: Path, work: Path) -> list[Result]:
    """o2a one process per workflow (its documented use), then all in one Python process."""
    env = dict(os.environ, PATH=f"{o2a.parent}:{os.environ.get('PATH', '')}")
    env.setdefault("USER", "root")
    single, batch = Result("o2a", "one process per workflow"), Result("o2a", "one batch")
    for app in apps:
        out = work / "o" / app.slug
        seconds, ok = run_timed([str(o2a), "-i", str(app.folder), "-o", str(out)], env, single.cpu)
        ok = ok and any(out.rglob("*.py"))
        single.seconds.append(seconds)
        single.ok += ok
        if not ok:
            single.failed.append(app.slug)
        if ok:
            single.converted.update(o2a_converted(out, app))
    pairs = [str(p) for app in apps for p in (app.folder, work / "ob" / app.slug)]
    before, start = _child_cpu(), time.perf_counter()
    done = subprocess.run(
        [str(o2a.parent / "python"), "-c", _O2A_BATCH, *pairs],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    total = time.perf_counter() - start
    batch.cpu = [(_child_cpu() - before) / max(len(apps), 1)] * len(apps)
    lines = [line.split() for line in done.stdout.splitlines() if re.match(r"^\d", line)]
    batch.seconds = [total / max(len(apps), 1)] * len(apps)
    batch.ok = sum(int(ok) for _, ok in lines)
    batch.converted = single.converted
    return [single, batch]


def report(results: list[Result], apps: list[App]) -> None:
    """Two tables: time per workflow, and actions converted per type."""
    print(f"\n{len(apps)} workflows staged\n")
    head = f"{'tool':<10} {'mode':<26} {'ok':>4} {'failed':>6}"
    print(f"{head} {'median s/wf':>12} {'mean s/wf':>10} {'cpu s/wf':>9}")
    for r in results:
        median = statistics.median(r.seconds) if r.seconds else 0.0
        mean = statistics.fmean(r.seconds) if r.seconds else 0.0
        cpu = statistics.fmean(r.cpu) if r.cpu else 0.0
        row = f"{r.tool:<10} {r.mode:<26} {r.ok:>4} {len(apps) - r.ok:>6}"
        print(f"{row} {median:>12.3f} {mean:>10.3f} {cpu:>9.3f}")
    total: Counter[str] = Counter(kind for app in apps for kind in app.actions.values())
    tools = {r.tool: r.converted for r in results if r.mode.startswith("one process")}
    print(f"\n{'action type':<14} {'count':>5} " + " ".join(f"{t:>10}" for t in tools))
    for kind, count in sorted(total.items()):
        row = " ".join(f"{tools[t].get(kind, 0):>10}" for t in tools)
        print(f"{kind:<14} {count:>5} {row}")
    for r in results:
        if r.failed:
            print(f"\n{r.tool} failed on: {', '.join(r.failed)}")


def main() -> int:
    """Stage, run both tools, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--o2a", type=Path, default=DEFAULT_O2A)
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}; nothing to benchmark")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        apps = stage(args.corpus, work / "stage", args.limit)
        results = bench_yarn2k8s(apps, work / "stage", work)
        if args.o2a.exists():
            results += bench_o2a(apps, args.o2a, work)
        else:
            print(
                f"o2a not found at {args.o2a}: skipping its rows "
                "(install it as ../shared/reference/o2a-baseline.md says)"
            )
        report(results, apps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
