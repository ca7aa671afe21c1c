"""The command line. The only module that prints or exits."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from yarn2k8s import __version__
from yarn2k8s.config import Config, load_config
from yarn2k8s.errors import ExitCode, Yarn2k8sError
from yarn2k8s.findings import RULES
from yarn2k8s.model import Finding, Severity

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
_PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
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
def convert(
    paths: tuple[Path, ...],
    out: Path,
    config_path: Path | None,
    workers: int,
    check: bool,
    fail_on: str,
    force: bool,
    quiet: bool,
) -> None:
    """Convert the YARN estate under PATHS into OUT."""
    from yarn2k8s import convert as conversion

    try:
        result = conversion.build(list(paths), _config(config_path), workers)
        if check:
            plan = conversion.check(result, out)
            changed = plan.written + plan.pruned
            for path in changed:
                click.echo(f"would change: {path}")
            if changed:
                click.echo(f"{len(changed)} file(s) would change; run `yarn2k8s convert`.")
                sys.exit(ExitCode.FINDINGS)
            if not quiet:
                click.echo("up to date")
            sys.exit(ExitCode.OK)
        written = conversion.write(result, out, force=force)
    except Yarn2k8sError as err:
        _fail(str(err))
        return
    findings = result.result.all_findings()
    if not quiet:
        _print_summary(result.result, written.written, written.pruned, out)
    sys.exit(_exit_for(findings, fail_on))


def _print_summary(
    result: object, written: tuple[str, ...], pruned: tuple[str, ...], out: Path
) -> None:
    from yarn2k8s.pipeline import RunResult, summary

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
@_PATHS
@_CONFIG
@_JOBS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
def analyze(paths: tuple[Path, ...], config_path: Path | None, workers: int, fmt: str) -> None:
    """Inventory the estate under PATHS; writes nothing."""
    from yarn2k8s.pipeline import run
    from yarn2k8s.reports.json_report import report_data

    try:
        result = run(list(paths), _config(config_path), workers)
    except Yarn2k8sError as err:
        _fail(str(err))
        return
    data = report_data(result)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    rows = [(j["name"], j["kind"], j["readiness"], j["source"]) for j in data["jobs"]]
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["name", "kind", "readiness", "source"])
        writer.writerows(rows)
        return
    for name, kind, readiness, source in rows:
        click.echo(f"{name:<50} {kind:<8} {readiness:<8} {source}")
    counts = data["summary"]["jobs"]
    click.echo(
        f"{counts['total']} job(s): {counts['ready']} ready, {counts['review']} review, "
        f"{counts['blocked']} blocked"
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
@click.option("--strict", is_flag=True, help="Unchecked kinds are errors, not warnings.")
def validate(out: Path, crd_dir: Path | None, strict: bool) -> None:
    """Check the generated objects in OUT against schemas."""
    from yarn2k8s.validators.tree import validate_tree

    try:
        problems = validate_tree(out, crd_dir, strict=strict)
    except Yarn2k8sError as err:
        _fail(str(err))
        return
    for problem in problems:
        click.echo(f"{problem.severity}: {problem.path}: {problem.message}")
    errors = sum(1 for p in problems if p.severity == "error")
    click.echo(f"{errors} error(s), {len(problems) - errors} warning(s)")
    sys.exit(ExitCode.FINDINGS if errors else ExitCode.OK)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md")
def report(out: Path, fmt: str) -> None:
    """Re-render a report from OUT/report.json."""
    from yarn2k8s.reports.markdown import render_markdown

    try:
        data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        _fail(f"{out / 'report.json'}: cannot read: {err}")
        return
    click.echo(
        render_markdown(data) if fmt == "md" else json.dumps(data, indent=2, sort_keys=True),
        nl=False,
    )


def main() -> None:
    """Console-script entry point."""
    cli()
