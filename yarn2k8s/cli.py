"""The command line. The only module that prints or exits."""

from __future__ import annotations

import collections
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from yarn2k8s import __version__
from yarn2k8s.config import Config, load_config
from yarn2k8s.errors import ExitCode, Yarn2k8sError
from yarn2k8s.findings import RULES
from yarn2k8s.model import Finding, Severity
from yarn2k8s.writer import WriteResult

if TYPE_CHECKING:
    from yarn2k8s.enrich.fetch import FetchSettings
    from yarn2k8s.sources.live import LiveData

_CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="yarn2k8s.yaml (see `yarn2k8s init`).",
)
_JOBS = click.option(
    "-j",
    "--jobs",
    "workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes.",
)
# Local paths or hdfs:// URIs (fetched over WebHDFS), hence plain strings.
_PATHS = click.argument("paths", nargs=-1, required=True, type=str)
_SEVERITIES = click.Choice([s.value for s in Severity] + ["never"])


def _config(path: Path | None) -> Config:
    return load_config(path)


def _fail(message: str) -> None:
    click.echo(f"yarn2k8s: error: {message}", err=True)
    sys.exit(ExitCode.ERROR)


@click.group()
@click.version_option(__version__, prog_name="yarn2k8s")
def cli() -> None:
    """Migrate machine-learning jobs from Hadoop/YARN to Kubernetes and Kubeflow."""


_LIVE_OPTIONS = (
    click.option(
        "--history-server",
        metavar="URL",
        default="",
        help="Spark History Server (http://host:18080): runs, effective conf, peak memory.",
    ),
    click.option(
        "--resource-manager",
        metavar="URL",
        default="",
        help="YARN ResourceManager (http://host:8088): queues, types, tags, allocations.",
    ),
    click.option(
        "--webhdfs",
        metavar="URL",
        default="",
        help="WebHDFS endpoint (http://namenode:9870) for hdfs:// PATHS.",
    ),
    click.option("--hdfs-user", default="", help="User name for WebHDFS (simple auth)."),
    click.option(
        "--live-limit",
        type=click.IntRange(1, 100_000),
        default=200,
        show_default=True,
        help="Most applications read from each live source.",
    ),
)


def _live_options(fn: Any) -> Any:
    for option in reversed(_LIVE_OPTIONS):
        fn = option(fn)
    return fn


class _Live:
    """Live sources and staged HDFS inputs for one command (staging removed on exit)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        self._staging: tempfile.TemporaryDirectory[str] | None = None
        self._cache: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> _Live:
        return self

    def __exit__(self, *exc: object) -> None:
        for folder in (self._staging, self._cache):
            if folder is not None:
                folder.cleanup()

    def fetch(self, config: Config, wanted: bool) -> FetchSettings | None:
        """Where to fetch the jobs' hdfs:// artifacts, when --webhdfs is given (else None)."""
        from yarn2k8s.enrich.fetch import FetchSettings

        if not (wanted and self.options["webhdfs"]):
            return None
        self._cache = tempfile.TemporaryDirectory(prefix="yarn2k8s-fetch-")
        return FetchSettings(
            self.options["webhdfs"],
            Path(self._cache.name),
            self.options["hdfs_user"],
            max_file_bytes=config.limits.max_fetch_bytes,
            max_total_bytes=config.limits.max_fetch_total_bytes,
        )

    def paths(self, values: tuple[str, ...]) -> list[Path]:
        """Local paths for PATHS, fetching hdfs:// ones over WebHDFS."""
        from yarn2k8s.sources.staging import stage_inputs
        from yarn2k8s.sources.webhdfs import is_hdfs_uri

        if not any(is_hdfs_uri(v) for v in values):
            return [Path(v) for v in values]
        self._staging = tempfile.TemporaryDirectory(prefix="yarn2k8s-hdfs-")
        staged = stage_inputs(
            list(values),
            Path(self._staging.name),
            self.options["webhdfs"],
            self.options["hdfs_user"],
        )
        for note in staged.notes:
            click.echo(f"yarn2k8s: warning: {note}", err=True)
        return staged.paths

    def data(self) -> LiveData | None:
        """What the History Server and ResourceManager say, if either was given."""
        from yarn2k8s.sources.live import fetch_live

        history, rm = self.options["history_server"], self.options["resource_manager"]
        if not (history or rm):
            return None
        live = fetch_live(history, rm, limit=self.options["live_limit"])
        for problem in live.problems:
            click.echo(f"yarn2k8s: warning: {problem}", err=True)
        return live


class _ProgressBar:
    """A progress bar on stderr for long runs on a terminal; silent otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.phase = ""
        self.bar: Any = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if phase != self.phase:
            self.close()
            self.phase = phase
            self.bar = click.progressbar(length=total, label=f"{phase:<10}", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        """Finish the current bar's line."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _progress_wanted(quiet: bool, fmt: str) -> bool:
    return not quiet and fmt == "text" and sys.stdout.isatty() and sys.stderr.isatty()


@cli.command()
@_PATHS
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Output folder (yarn2k8s owns the files it lists in its manifest).",
)
@_CONFIG
@_JOBS
@click.option("--check", is_flag=True, help="Exit 1 if regenerating would change OUT.")
@click.option(
    "--fail-on",
    type=_SEVERITIES,
    default="error",
    show_default=True,
    help="Exit 1 when a finding is at or above this severity.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into a non-empty folder yarn2k8s did not "
    "create (files it does not own are never deleted).",
)
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the summary.",
)
@click.option(
    "--right-size",
    is_flag=True,
    help="Apply right-sizing from --history-server to the manifests (default: advice only).",
)
@click.option(
    "--fetch-artifacts/--no-fetch-artifacts",
    default=True,
    show_default=True,
    help="With --webhdfs, bake the hdfs:// files jobs name (application, --jars, --py-files, "
    "--files, --archives) into their images.",
)
@_live_options
def convert(
    paths: tuple[str, ...],
    out: Path,
    config_path: Path | None,
    workers: int,
    check: bool,
    fail_on: str,
    force: bool,
    quiet: bool,
    fmt: str,
    right_size: bool,
    fetch_artifacts: bool,
    **live_options: Any,
) -> None:
    """Convert the YARN estate under PATHS (local or hdfs://) into OUT."""
    from yarn2k8s import convert as conversion

    bar = _ProgressBar(_progress_wanted(quiet, fmt))
    try:
        config = _config(config_path)
        config.rightsizing.apply = config.rightsizing.apply is True or right_size
        with _Live(live_options) as live:
            local = live.paths(paths)
            fetch = live.fetch(config, fetch_artifacts)
            result = conversion.build(
                local, config, workers, live.data(), progress=bar, fetch=fetch
            )
        bar.close()
        if check:
            sys.exit(_report_check(conversion.check(result, out), fmt, quiet))
        written = conversion.write(result, out, force=force)
    except Yarn2k8sError as err:
        bar.close()
        _fail(str(err))
        return
    code = _exit_for(result.result.all_findings(), fail_on)
    if fmt == "json":
        click.echo(_dumps(_summary_data(result.result, written, out, code)))
    elif not quiet:
        _print_summary(result.result, written.written, written.pruned, out)
    sys.exit(code)


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True)


def _report_check(plan: WriteResult, fmt: str, quiet: bool) -> int:
    """Print what regenerating would change; exit code 1 if anything."""
    changed = plan.written + plan.pruned
    code = ExitCode.FINDINGS if changed else ExitCode.OK
    if fmt == "json":
        data = {
            "up_to_date": not changed,
            "would_write": list(plan.written),
            "would_prune": list(plan.pruned),
            "unchanged": len(plan.unchanged),
            "exit_code": int(code),
        }
        click.echo(_dumps(data))
        return code
    if not quiet:
        for path in plan.written:
            click.echo(f"would change: {path}")
        for path in plan.pruned:
            click.echo(f"would change: {path} (pruned)")
    if changed:
        click.echo(
            f"{len(changed)} file(s) would change ({len(plan.written)} written, "
            f"{len(plan.pruned)} pruned, {len(plan.unchanged)} unchanged); "
            "run `yarn2k8s convert` and commit the result."
        )
    elif not quiet:
        click.echo(f"up to date ({len(plan.unchanged)} file(s) unchanged)")
    return code


def _summary_data(result: object, written: WriteResult, out: Path, code: int) -> dict[str, Any]:
    from yarn2k8s.model.results import RunResult
    from yarn2k8s.pipeline import summary

    assert isinstance(result, RunResult)
    findings = collections.Counter(f.severity.value for f in result.all_findings())
    return {
        "summary": summary(result),
        "findings": {s.value: findings.get(s.value, 0) for s in Severity},
        "written": len(written.written),
        "pruned": len(written.pruned),
        "unchanged": len(written.unchanged),
        "output": str(out),
        "exit_code": int(code),
    }


def _print_summary(
    result: object, written: tuple[str, ...], pruned: tuple[str, ...], out: Path
) -> None:
    from yarn2k8s.model.results import RunResult
    from yarn2k8s.pipeline import summary

    assert isinstance(result, RunResult)
    counts = summary(result)
    jobs, inputs = counts["jobs"], counts["inputs"]
    click.echo(
        f"{inputs['total']} input file(s): {inputs['converted']} converted, "
        f"{inputs['configuration']} configuration, {inputs['explained']} explained"
    )
    click.echo(
        f"{jobs['total']} job(s): {jobs['ready']} ready, {jobs['review']} review, "
        f"{jobs['blocked']} blocked"
    )
    flows = counts["workflows"]
    if flows["total"]:
        click.echo(
            f"{flows['total']} workflow(s): {flows['ready']} ready, "
            f"{flows['review']} review, {flows['blocked']} blocked"
        )
    click.echo(f"{len(written)} file(s) written, {len(pruned)} pruned in {out}")


def _exit_for(findings: list[Finding], fail_on: str) -> int:
    if fail_on == "never":
        return ExitCode.OK
    level = Severity(fail_on)
    return (
        ExitCode.FINDINGS if any(f.severity.rank >= level.rank for f in findings) else ExitCode.OK
    )


@cli.command()
@click.argument("paths", nargs=-1, type=str)
@_CONFIG
@_JOBS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="csv lists the jobs only; table and json add the live applications.",
)
@_live_options
def analyze(
    paths: tuple[str, ...],
    config_path: Path | None,
    workers: int,
    fmt: str,
    **live_options: Any,
) -> None:
    """Inventory the estate under PATHS and/or on live clusters; writes nothing."""
    from yarn2k8s.pipeline import run
    from yarn2k8s.reports.json_report import report_data

    if not paths and not (live_options["history_server"] or live_options["resource_manager"]):
        raise click.UsageError("give PATHS, --history-server or --resource-manager")
    try:
        config = _config(config_path)
        with _Live(live_options) as live:
            source = live.data()
            result = run(live.paths(paths), config, workers, live=source)
            data = report_data(result, source, config.rightsizing)
    except Yarn2k8sError as err:
        _fail(str(err))
        return
    if fmt == "json":
        click.echo(_dumps(data))
    elif fmt == "csv":
        _print_jobs_csv(data)
    else:
        _print_jobs_table(data)
        if "live" in data:
            _print_live_table(data["live"])


def _job_rows(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [(j["name"], j["kind"], j["readiness"], j["source"]) for j in data["jobs"]]


def _print_jobs_csv(data: dict[str, Any]) -> None:
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["name", "kind", "readiness", "source"])
    writer.writerows(_job_rows(data))


def _print_jobs_table(data: dict[str, Any]) -> None:
    for name, kind, readiness, source in _job_rows(data):
        click.echo(f"{name:<50} {kind:<8} {readiness:<8} {source}")
    counts = data["summary"]["jobs"]
    click.echo(
        f"{counts['total']} job(s): {counts['ready']} ready, {counts['review']} review, "
        f"{counts['blocked']} blocked"
    )


def _print_live_table(live: dict[str, Any]) -> None:
    click.echo("")
    click.echo(
        f"{'application':<34} {'type':<10} {'queue':<12} {'state':<9} {'avg MB':>8} "
        f"{'peak exec':>9} {'peak heap':>9}  name -> jobs"
    )
    for app in live["applications"]:
        jobs = ", ".join(app["jobs"]) or "-"
        click.echo(
            f"{app['id']:<34} {app.get('type', ''):<10} {app.get('queue', ''):<12} "
            f"{app.get('state', ''):<9} {app.get('average_mb', ''):>8} "
            f"{app.get('peak_executors', ''):>9} {app.get('peak_heap_mib', ''):>9}  "
            f"{app.get('name', '')} -> {jobs}"
        )
    click.echo(
        f"{len(live['applications'])} application(s) from {' and '.join(live['sources'])}; "
        f"{live['unmatched']} not matched to any input"
    )


@cli.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text")
def rules(code: str | None, fmt: str) -> None:
    """Print the findings catalogue (or one CODE)."""
    entries = (
        [RULES[code.upper()]]
        if code and code.upper() in RULES
        else (None if code else list(RULES.values()))
    )
    if entries is None:
        _fail(f"unknown finding code {code}")
        return
    if fmt == "markdown":
        click.echo("| code | rule | severity | message | remediation |\n|---|---|---|---|---|")
    for rule in entries:
        if fmt == "markdown":
            click.echo(
                f"| {rule.code} | {rule.slug} | {rule.severity} | {rule.message} | "
                f"{rule.remediation} |"
            )
        else:
            click.echo(
                f"{rule.code} {rule.slug} [{rule.severity}]\n  {rule.message}\n"
                f"  fix: {rule.remediation}"
            )


@cli.command()
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path),
    default=Path("yarn2k8s.yaml"),
    show_default=True,
)
def init(out: Path) -> None:
    """Write a commented starter config."""
    from yarn2k8s.rendering import render

    if out.exists():
        _fail(f"{out} exists; not overwriting it")
        return
    out.write_text(render("config/yarn2k8s.yaml.j2"), encoding="utf-8")
    click.echo(f"wrote {out}")


@cli.command()
@click.argument("out", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--crd-dir",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    help="Folder of CustomResourceDefinitions to check operator kinds against.",
)
@click.option("--kube-version", help="Kubernetes version for core kinds (default: the config's).")
@click.option("--cluster", is_flag=True, help="Use the kubeconfig's cluster: CRDs and dry runs.")
@click.option("--context", "kube_context", help="kubeconfig context for --cluster.")
@click.option("--cluster-url", help="API server URL for --cluster, without a kubeconfig.")
@click.option("--strict", is_flag=True, help="Unchecked kinds are errors, not warnings.")
@click.option(
    "--skip",
    type=click.Choice(["lint", "pipelines", "kustomize", "equivalence", "derived"]),
    multiple=True,
    help="Leave out a check (repeatable).",
)
@_CONFIG
@_JOBS
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("-v", "--verbose", is_flag=True, help="List every expected difference too.")
def validate(
    out: Path,
    crd_dir: Path | None,
    kube_version: str | None,
    cluster: bool,
    kube_context: str | None,
    cluster_url: str | None,
    strict: bool,
    skip: tuple[str, ...],
    config_path: Path | None,
    workers: int,
    fmt: str,
    verbose: bool,
) -> None:
    """Check OUT: schemas, Dockerfiles, pipelines, kustomize and the Spark round-trip."""
    from yarn2k8s.validators import text
    from yarn2k8s.validators.cluster import Cluster, ClusterError, connect
    from yarn2k8s.validators.tree import Options, validate_tree

    try:
        config = _config(config_path)
        live = Cluster(connect(kube_context, cluster_url)) if cluster or cluster_url else None
        options = Options(
            crd_dir=crd_dir,
            kube_version=kube_version or config.operators.get("kubernetes"),
            strict=strict,
            cluster=live,
            derived="derived" not in skip,
            hadolint="lint" not in skip,
            pipelines="pipelines" not in skip,
            kustomize="kustomize" not in skip,
            equivalence="equivalence" not in skip,
            minimum_allocation=config.cluster.minimum_allocation_mb,
            workers=workers,
        )
        result = validate_tree(out, options)
    except (Yarn2k8sError, ClusterError) as err:
        _fail(str(err))
        return
    if fmt == "json":
        click.echo(json.dumps(text.report_data(result), indent=2, sort_keys=True))
    else:
        for job in result.equivalence:
            click.echo("\n".join(text.equivalence_lines(job, verbose)))
        for problem in result.problems:
            if problem.severity != "info" or verbose:
                click.echo(f"{problem.severity}: {problem.path}: {problem.code} {problem.message}")
        click.echo(text.summary_line(result))
    sys.exit(ExitCode.FINDINGS if result.errors else ExitCode.OK)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "json", "csv", "sarif"]),
    default="md",
    show_default=True,
)
def report(out: Path, fmt: str) -> None:
    """Re-render a report from OUT/report.json (same bytes as the file convert wrote)."""
    from yarn2k8s.reports.formats import render_report

    try:
        data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        _fail(f"{out / 'report.json'}: cannot read: {err}")
        return
    if not isinstance(data, dict) or "summary" not in data:
        _fail(f"{out / 'report.json'}: not a yarn2k8s report")
        return
    click.echo(render_report(fmt, data), nl=False)


@cli.command()
@click.argument("input_root", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.argument("out", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--job", required=True, help="The job's name in OUT (OUT/jobs/<job>).")
@click.option(
    "--data",
    "data",
    multiple=True,
    required=True,
    metavar="URI=DIR",
    help="Original data URI prefix and a local folder of sample data (repeatable).",
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    required=True,
    metavar="URI",
    help="An output URI of the original job to compare (repeatable).",
)
@_CONFIG
@click.option("--cores", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option("--work", type=click.Path(path_type=Path), help="Keep the sandboxes here.")
def compare(
    input_root: Path,
    out: Path,
    job: str,
    data: tuple[str, ...],
    outputs: tuple[str, ...],
    config_path: Path | None,
    cores: int,
    work: Path | None,
) -> None:
    """Run the original and the converted JOB locally on sample data; compare outputs."""
    from yarn2k8s.compare import CompareSpec, local_session, run_compare

    pairs = [item.rpartition("=") for item in data]
    if any(not sep or not prefix for prefix, sep, _ in pairs):
        _fail("--data takes URI=DIR")
        return
    try:
        config = _config(config_path)
        spec = CompareSpec(
            input_root=input_root,
            out=out,
            job=job,
            data={prefix: Path(folder) for prefix, _, folder in pairs},
            outputs=list(outputs),
            storage=config.storage,
            default_fs=config.cluster.default_fs,
            cores=cores,
            work=work,
        )
        if not (out / "jobs" / job / "job.json").is_file():
            _fail(f"{out}/jobs/{job}/job.json not found")
            return
        spark = local_session(cores)
        result = run_compare(spec, spark)
    except (Yarn2k8sError, FileNotFoundError, ImportError) as err:
        _fail(str(err))
        return
    click.echo(
        f"note: both sides ran on the local PySpark {result.local_spark}, not the image's "
        f"Spark {result.image_spark}"
    )
    for side, run in result.runs.items():
        click.echo(f"{side}: exit {run.returncode} in {run.seconds:.1f}s")
    for finding in result.findings:
        click.echo(f"{finding.severity.value}: {finding.code} {finding.message}")
    click.echo("identical" if result.identical else "different")
    sys.exit(ExitCode.OK if result.identical else ExitCode.FINDINGS)


def main() -> None:
    """Console-script entry point."""
    cli()
