"""Plain-text and JSON forms of a validation report (the CLI prints them; nothing here does)."""

from __future__ import annotations

from typing import Any

from yarn2k8s.validators.equivalence import JobEquivalence
from yarn2k8s.validators.tree import TreeReport


def _value(value: str | None, width: int = 48) -> str:
    text = "(unset)" if value is None else value
    return text if len(text) <= width else text[: width - 3] + "..."


def equivalence_lines(result: JobEquivalence, verbose: bool = False) -> list[str]:
    """One job's size table, then its differences (only drift unless ``verbose``)."""
    lines = [
        f"{result.job}:",
        f"  {'role':<9}{'instances':>10}{'YARN vcores':>13}{'YARN MiB':>10}"
        f"{'pod cores':>11}{'pod MiB':>9}",
    ]
    for row in result.memory:
        lines.append(
            f"  {row.role:<9}{row.instances:>10}{row.yarn_vcores:>13}{row.yarn_mib:>10}"
            f"{row.pod_cores:>11}{row.pod_mib:>9}"
        )
    explained = [d for d in result.differences if not d.drift]
    for diff in result.differences:
        if diff.drift or verbose:
            why = "DRIFT" if diff.drift else ",".join(diff.codes)
            lines.append(
                f"  {why:<12}{diff.key}: {_value(diff.original)} -> {_value(diff.converted)}"
            )
    lines.append(
        f"  {len(explained)} expected difference(s), {len(result.drift)} drift"
        + ("" if verbose else " (--verbose lists every difference)")
    )
    return lines


def report_data(report: TreeReport) -> dict[str, Any]:
    """The report as JSON-ready data."""
    return {
        "checked": dict(sorted(report.checked.items())),
        "errors": report.errors,
        "problems": [
            {"path": p.path, "severity": p.severity, "code": p.code, "message": p.message}
            for p in report.problems
        ],
        "equivalence": [
            {
                "job": r.job,
                "memory": [vars(row) for row in r.memory],
                "differences": [
                    {
                        "key": d.key,
                        "original": d.original,
                        "converted": d.converted,
                        "codes": list(d.codes),
                        "drift": d.drift,
                    }
                    for d in r.differences
                ],
            }
            for r in report.equivalence
        ],
    }


def summary_line(report: TreeReport) -> str:
    """Counts of what was checked and found."""
    warnings = sum(1 for p in report.problems if p.severity == "warning")
    checked = ", ".join(f"{n} {what}" for what, n in sorted(report.checked.items()))
    return f"checked {checked}: {report.errors} error(s), {warnings} warning(s)"
