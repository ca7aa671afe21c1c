"""Crontab lines that do not run a pure spark-submit -> scheduled batch jobs.

A line running one `hadoop jar` or `java` command becomes that job; anything else becomes a
shell job running the line as written (`bash -c`), with the scripts it names baked into the
image at the paths the gateway had, so `cd /opt/jobs && ./report.sh` still works unchanged.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import PurePosixPath

from yarn2k8s.analyzers.base import InputFile
from yarn2k8s.analyzers.batch_script import all_commands, record_hdfs_calls
from yarn2k8s.analyzers.hadoop_jar import job_from_hadoop_jar
from yarn2k8s.analyzers.java_command import job_from_java
from yarn2k8s.analyzers.shell import ShellCommand, parse_script
from yarn2k8s.analyzers.spark_submit import SubmitContext, submit_index
from yarn2k8s.findings import make
from yarn2k8s.model import Dependency, Finding, MigrationJob, Role, SourceLocation

APP_DIR = "/opt/app"
# robfig/cron, which Kubernetes CronJobs use, knows these macros; @reboot has no schedule.
CRONJOB_MACROS = frozenset(
    {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
)
_USER = re.compile(r"^[a-z_][a-z0-9_-]*$")
_REDIRECT = re.compile(r"(?:^|[\s\d&])>{1,2}\s*([^\s&|;]+)")
_SCRIPT = re.compile(r"\.(?:sh|bash|py|pl|rb|R|jar|hql|sql|pig)$")


def _system_crontab(source: InputFile) -> bool:
    # /etc/crontab and /etc/cron.d files carry a user name before the command.
    rel = f"/{source.rel}"
    return "/cron.d/" in rel or (source.name == "crontab" and "/etc/" in rel)


def cron_batch_job(
    source: InputFile, line: int, when: str, command: str, sc: SubmitContext
) -> tuple[MigrationJob | None, list[Finding]]:
    """The job a crontab line runs (without its schedule), or findings explaining why none."""
    loc = source.at(line)
    if when.startswith("@") and when not in CRONJOB_MACROS:
        return None, [make("BJ004", loc, when=when)]
    user = ""
    if _system_crontab(source) and " " in command.strip():
        first, rest = command.strip().split(None, 1)
        if _USER.match(first):
            user, command = first, rest
    commands = _commands(command, line, sc)
    if not commands:
        return None, [make("YK010", loc)]
    job = _single(commands, sc) or _shell(command, commands, loc.line, source)
    if user:
        job.findings.append(make("BJ007", loc, user=user))
    return job, []


def _commands(command: str, line: int, sc: SubmitContext) -> list[ShellCommand]:
    script = parse_script(command, dict(sc.script_vars), max_commands=1_000)
    return [
        dataclasses.replace(c, line=line, end_line=line) for c in all_commands(script) if c.argv
    ]


def _single(commands: list[ShellCommand], sc: SubmitContext) -> MigrationJob | None:
    if len(commands) != 1:
        return None
    for reader in (job_from_hadoop_jar, job_from_java):
        job = reader(commands[0], sc)
        if job is not None:
            return job
    return None


def _shell(
    command: str, commands: list[ShellCommand], line: int, source: InputFile
) -> MigrationJob:
    loc = source.at(line)
    job = MigrationJob(kind="shell", source_name="", location=loc)
    job.extra.update(tool="cron", command=command, interpreter=["/bin/bash"])
    job.roles = {"main": Role(name="main")}
    job.deps, job.extra["placements"] = _scripts(commands, loc)
    if job.deps:
        job.main_file = job.deps[0].value  # names the job after the script it runs
    record_hdfs_calls(job, commands)
    for target in sorted(set(_REDIRECT.findall(command)) - {"/dev/null", "&1", "&2"}):
        job.findings.append(make("BJ005", loc, target=target))
    if any(submit_index(c.argv) is not None for c in commands):
        job.findings.append(make("BJ006", loc))
    job.findings.append(make("BJ002", loc, command=" ".join(command.split())[:120]))
    return job


def _scripts(
    commands: list[ShellCommand], loc: SourceLocation
) -> tuple[list[Dependency], dict[str, str]]:
    """Scripts named on the line, and where each goes in the image (its gateway path)."""
    deps: list[Dependency] = []
    placements: dict[str, str] = {}
    cwd = ""
    for cmd in commands:
        if cmd.argv[0] == "cd" and len(cmd.argv) > 1 and cmd.argv[1].startswith("/"):
            cwd = cmd.argv[1]
            continue
        for word in cmd.argv[:3]:
            if not _SCRIPT.search(word) or "://" in word or "${" in word or word in placements:
                continue
            path = PurePosixPath(word)
            base = PurePosixPath(cwd) if cwd else PurePosixPath(APP_DIR)
            placements[word] = str(path if path.is_absolute() else base / path)
            deps.append(Dependency("file", word, loc))
    return deps, placements
