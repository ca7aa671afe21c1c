"""Crontab files: a line running a pure spark-submit becomes a scheduled Spark job.

The schedule keeps its five fields (or `@daily`-style macros) and the time zone: `CRON_TZ` or
`TZ` in the file, else the gateway's zone from `cluster.time_zone` (default UTC, said so).
Lines running anything else become batch jobs (`batch_cron`): shell, MapReduce or java.
"""

from __future__ import annotations

import dataclasses
import re

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.batch_cron import cron_batch_job
from yarn2k8s.analyzers.shell import parse_script
from yarn2k8s.analyzers.shell_script import script_findings
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
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
# (name, lowest, highest, names) of the five fields, as Kubernetes CronJobs (robfig/cron) read
# them; names count from the lowest value.
_FIELDS = (
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day of month", 1, 31, ()),
    ("month", 1, 12, _MONTHS),
    ("day of week", 0, 7, _DAYS),
)
_DOW_DOM = ("day of month", "day of week")  # where `?` (any) is allowed
_ITEM = re.compile(r"(?P<range>\*|\?|(?P<lo>\w+)(?:-(?P<hi>\w+))?)(?:/(?P<step>\d+))?")


def _value(text: str, low: int, high: int, names: tuple[str, ...]) -> int | None:
    if text.isdigit():
        number = int(text)
        return number if low <= number <= high else None
    lowered = text.lower()
    return names.index(lowered) + low if lowered in names else None


def schedule_problem(when: str) -> str:
    """Why a five-field schedule is not one Kubernetes can run ('' when it is valid)."""
    fields = when.split()
    if len(fields) != 5:
        return f"{len(fields)} fields instead of 5"
    for text, (name, low, high, names) in zip(fields, _FIELDS, strict=True):
        for item in text.split(","):
            match = _ITEM.fullmatch(item)
            if match is None or (match.group("range") == "?" and name not in _DOW_DOM):
                return f"{name} `{item}` is not a cron value"
            if match.group("step") is not None and int(match.group("step")) == 0:
                return f"{name} `{item}` has a zero step"
            ends = [e for e in (match.group("lo"), match.group("hi")) if e is not None]
            values = [_value(e, low, high, names) for e in ends]
            numbers = [v for v in values if v is not None]
            if len(numbers) != len(values):
                return f"{name} `{item}` is out of range {low}-{high}"
            if len(numbers) == 2 and numbers[0] > numbers[1]:
                return f"{name} `{item}` is a backwards range"
    return ""


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
    """Crontab entries -> scheduled Spark jobs, or scheduled batch jobs for other commands."""

    name = "crontab"

    def detect(self, source: InputFile) -> bool:
        """Crontab files by name or content."""
        return looks_like_crontab(source)

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One scheduled job per line: Spark for a pure spark-submit, else a batch job."""
        result = AnalysisResult()
        entries, env = _entries(source.text)
        tz, tz_source = self._time_zone(env, ctx)
        for line, when, command in entries:
            problem = "" if when.startswith("@") else schedule_problem(when)
            if problem:
                result.findings.append(make("YK018", source.at(line), when=when, detail=problem))
                continue
            script = parse_script(command)
            result.findings.extend(script_findings(source, script, line))
            commands = [c for c in script.commands if c.argv]
            argv = commands[0].argv if len(commands) == 1 else ()
            if argv and _USERS.match(argv[0]) and submit_index(argv[1:]) is not None:
                argv = argv[1:]  # /etc/cron.d format: a user name before the command
            sc = SubmitContext(source, ctx, dict(env))
            if (when.startswith("@") and when not in _MACROS) or submit_index(argv) is None:
                # Not a pure spark-submit: the batch-job reader makes a shell/MR/java job of it.
                job, explained = cron_batch_job(source, line, when, command, sc)
                result.findings.extend(explained)
            else:
                shifted = dataclasses.replace(
                    commands[0], argv=tuple(argv), line=line, end_line=line
                )
                job = job_from_command(shifted, sc)
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
