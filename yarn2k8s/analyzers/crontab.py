"""Crontab files: a line running a pure spark-submit becomes a scheduled Spark job.

The schedule keeps its five fields (or `@daily`-style macros) and the time zone: `CRON_TZ` or
`TZ` in the file, else the gateway's zone from `cluster.time_zone` (default UTC, said so).
Lines running anything else are left for the batch-job converter, with a finding.
"""

from __future__ import annotations

import dataclasses
import re

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.shell import parse_script
from yarn2k8s.analyzers.spark_submit import SubmitContext, job_from_command, submit_index
from yarn2k8s.findings import make
from yarn2k8s.model import Schedule

_FIELD = r"[\d*,/\-A-Za-z?LW#]+"
_ENTRY = re.compile(rf"^\s*(?P<when>@\w+|(?:{_FIELD}\s+){{4}}{_FIELD})\s+(?P<cmd>\S.*)$")
_ENV = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")
_MACROS = frozenset(
    {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
)
_USERS = re.compile(r"^[a-z_][a-z0-9_-]*$")


def _unescape_percent(command: str) -> str:
    # In crontab an unescaped % ends the command (the rest is stdin); \% is a literal %.
    out, i = [], 0
    while i < len(command):
        if command[i] == "\\" and command[i + 1 : i + 2] == "%":
            out.append("%")
            i += 2
            continue
        if command[i] == "%":
            break
        out.append(command[i])
        i += 1
    return "".join(out).rstrip()


def _entries(text: str) -> tuple[list[tuple[int, str, str]], dict[str, str]]:
    entries, env = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ENTRY.match(line)
        if match:
            entries.append((number, match.group("when"), _unescape_percent(match.group("cmd"))))
        elif m := _ENV.match(line):
            env[m.group(1)] = m.group(2).strip().strip("'\"")
    return entries, env


def looks_like_crontab(source: InputFile) -> bool:
    """By name (crontab, *.cron, cron.d/) or by content (most lines are cron entries)."""
    name, rel = source.name.lower(), source.rel.lower()
    if "crontab" in name or name.endswith((".cron", ".crontab")) or "/cron.d/" in f"/{rel}":
        return True
    lines = [ln for ln in source.text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    if not lines or len(lines) > 5000:
        return False
    hits = sum(1 for ln in lines if _ENTRY.match(ln) and not ln.lstrip().startswith(("-", "$")))
    return hits >= max(1, (len(lines) * 3) // 4) and not source.name.endswith(".sh")


class CrontabAnalyzer:
    """Crontab entries running spark-submit -> scheduled Spark jobs."""

    name = "crontab"

    def detect(self, source: InputFile) -> bool:
        """Crontab files by name or content."""
        return looks_like_crontab(source)

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One scheduled job per pure spark-submit line."""
        result = AnalysisResult()
        entries, env = _entries(source.text)
        tz, tz_source = self._time_zone(env, ctx)
        for line, when, command in entries:
            script = parse_script(command)
            commands = [c for c in script.commands if c.argv]
            if (when.startswith("@") and when not in _MACROS) or len(commands) != 1:
                result.findings.append(make("SP018", source.at(line)))
                continue
            cmd = commands[0]
            argv = cmd.argv
            if argv and _USERS.match(argv[0]) and submit_index(argv[1:]) is not None:
                argv = argv[1:]  # /etc/cron.d format: a user name before the command
            if submit_index(argv) is None:
                result.findings.append(make("SP018", source.at(line)))
                continue
            shifted = dataclasses.replace(cmd, argv=tuple(argv), line=line, end_line=line)
            job = job_from_command(shifted, SubmitContext(source, ctx, dict(env)))
            if job is None:
                continue
            job.schedule = Schedule(when, tz, source.at(line))
            job.findings.append(make("SP017", source.at(line), tz=tz, source=tz_source))
            result.jobs.append(job)
        result.outcome = "converted" if result.jobs else "explained"
        if not entries:
            result.findings.append(make("YK010", source.at()))
        return result

    @staticmethod
    def _time_zone(env: dict[str, str], ctx: AnalysisContext) -> tuple[str, str]:
        for key in ("CRON_TZ", "TZ"):
            if env.get(key):
                return env[key], f"`{key}` in the crontab"
        if ctx.config.has_cluster:
            return ctx.config.cluster.time_zone, "`cluster.time_zone`"
        return ctx.config.cluster.time_zone, "the default (no `cluster:` section in the config)"
