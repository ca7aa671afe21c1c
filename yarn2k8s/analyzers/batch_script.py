"""Shell scripts as batch jobs, commands hidden in here-documents, and HDFS calls.

A script that runs no command a reader converts on its own (spark-submit, `hadoop jar`, java)
but does Hadoop-side work (`hdfs dfs`, `hive`, `beeline`, `python` ...) becomes one `shell` job:
the script, and the local files it sources or runs, baked into the image. Scripts that only
administer the cluster (`hdfs dfsadmin`, `yarn rmadmin`, daemons) have no Kubernetes job.
Commands fed to a shell through a here-document (`su hdfs <<EOF ... EOF`) or `-c` string
(`su - hdfs -c "..."`, `bash -c "..."`) are read too: that is where many jobs hide.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from yarn2k8s.analyzers.base import InputFile
from yarn2k8s.analyzers.batch_common import command_index
from yarn2k8s.analyzers.shell import ShellCommand, ShellScript, parse_script
from yarn2k8s.findings import make
from yarn2k8s.model import Dependency, Finding, MigrationJob, Placeholder, Role, SourceLocation

BATCH_KINDS = frozenset({"mapreduce", "streaming", "shell", "java"})

_SHELLS = frozenset({"bash", "sh", "ksh", "zsh", "dash", "su", "sudo", "ssh", "runuser"})
_SHEBANG = re.compile(r"^#!\s*(\S+)(?:\s+(\S+))?")
_HDFS_SHELL = {"hdfs": ("dfs",), "hadoop": ("fs", "dfs")}
_WORK = frozenset({
    "hive", "beeline", "sqoop", "pig", "impala-shell", "spark-sql", "hbase", "python", "python2",
    "python3", "Rscript", "perl", "distcp", "kite-dataset", "flume-ng", "presto", "trino",
})  # fmt: skip
_ADMIN = {
    "hdfs": {"namenode", "datanode", "dfsadmin", "haadmin", "zkfc", "journalnode", "balancer",
             "secondarynamenode", "fsck", "oiv", "oev", "mover", "diskbalancer", "ec"},
    "yarn": {"rmadmin", "resourcemanager", "nodemanager", "timelineserver", "proxyserver",
             "daemon", "router", "timelinereader", "node", "cluster", "top"},
    "hadoop": {"daemonlog", "kms", "key", "credential", "namenode", "datanode"},
}  # fmt: skip
_ADMIN_SCRIPTS = re.compile(
    r"^(?:start|stop)-.*\.sh$|^(?:hadoop|yarn|hdfs|mr-jobhistory)-daemons?\.sh$"
)
_LOCAL_FILE = re.compile(r"\.(?:sh|bash|py|pl|rb|R|r|jar|hql|sql|pig|conf|properties)$")


def embedded_commands(script: ShellScript, depth: int = 2) -> list[ShellCommand]:
    """Commands run by a shell through a here-document or a `-c` string, with real lines."""
    found: list[ShellCommand] = []
    if depth <= 0:
        return found
    for doc in script.heredocs:
        if doc.command and PurePosixPath(doc.command[0]).name in _SHELLS:
            found += _reparse(doc.body, doc.line, script.variables, depth)
    for cmd in script.commands:
        text = _dash_c(cmd.argv)
        if text:
            found += _reparse(text, cmd.line - 1, script.variables, depth)
    return found


def _dash_c(argv: Sequence[str]) -> str:
    if not argv or PurePosixPath(argv[0]).name not in _SHELLS:
        return ""
    for i, word in enumerate(argv[:-1]):
        if word == "-c":
            return argv[i + 1]
    return ""


def _reparse(text: str, offset: int, env: dict[str, str], depth: int) -> list[ShellCommand]:
    inner = parse_script(text, env, max_commands=10_000)
    moved = [
        dataclasses.replace(c, line=c.line + offset, end_line=c.end_line + offset)
        for c in inner.commands
    ]
    return moved + [
        dataclasses.replace(c, line=c.line + offset, end_line=c.end_line + offset)
        for c in embedded_commands(inner, depth - 1)
    ]


def all_commands(script: ShellScript) -> list[ShellCommand]:
    """The script's own commands and the embedded ones, in line order."""
    commands = [*script.commands, *embedded_commands(script)]
    return sorted(commands, key=lambda c: c.line)


def defined_functions(script: ShellScript) -> frozenset[str]:
    """Names of the shell functions the script defines."""
    return frozenset(c.in_function for c in script.commands if c.in_function)


def hdfs_call(argv: Sequence[str]) -> list[str] | None:
    """`hdfs dfs -op args` / `hadoop fs -op args` words from `hdfs` on, or None."""
    index = command_index(argv, _HDFS_SHELL)
    if index is None or index + 1 >= len(argv):
        return None
    tool = PurePosixPath(argv[index]).name
    return list(argv[index:]) if argv[index + 1] in _HDFS_SHELL[tool] else None


def admin_command(argv: Sequence[str]) -> bool:
    """A command that administers the Hadoop cluster rather than running work on it."""
    index = command_index(argv, set(_ADMIN))
    if index is not None and index + 1 < len(argv):
        return argv[index + 1] in _ADMIN[PurePosixPath(argv[index]).name]
    return bool(argv) and bool(_ADMIN_SCRIPTS.match(PurePosixPath(argv[0]).name))


def work_command(argv: Sequence[str]) -> bool:
    """A command doing data work a batch job would keep (HDFS, Hive, Python ...)."""
    if hdfs_call(argv) is not None:
        return True
    index = command_index(argv, _WORK | {"hadoop"})
    if index is None:
        return False
    name = PurePosixPath(argv[index]).name
    return name != "hadoop" or (index + 1 < len(argv) and argv[index + 1] in ("distcp", "archive"))


def record_hdfs_calls(job: MigrationJob, commands: Iterable[ShellCommand]) -> None:
    """Remember the HDFS shell calls around a job; the converter maps or flags them."""
    calls = job.extra.setdefault("hdfs_calls", [])
    for cmd in commands:
        words = hdfs_call(cmd.argv)
        if words is not None:
            calls.append({"line": cmd.line, "argv": words})


def surrounding_findings(jobs: list[MigrationJob], commands: list[ShellCommand]) -> None:
    """Give each batch job the HDFS calls made before it (up to the previous job)."""
    batch = sorted((j for j in jobs if j.kind in BATCH_KINDS), key=lambda j: j.location.line)
    if not batch:
        return
    job_lines = {j.location.line for j in jobs}
    for cmd in commands:
        if cmd.line in job_lines or hdfs_call(cmd.argv) is None:
            continue
        owner = next((j for j in batch if j.location.line >= cmd.line), batch[-1])
        record_hdfs_calls(owner, [cmd])


def script_job(
    source: InputFile, script: ShellScript, commands: list[ShellCommand]
) -> MigrationJob | None:
    """The whole script as one shell job, when it does data work; None otherwise."""
    if not any(work_command(c.argv) for c in commands):
        return None
    job = MigrationJob(kind="shell", source_name="", location=source.at())
    job.main_file = source.name
    job.extra["tool"] = "script"
    job.extra["interpreter"] = interpreter(source.text)
    job.roles = {"main": Role(name="main")}
    job.deps = _local_files(job, commands)
    # Files named by absolute path go where the script looks for them; others beside it.
    job.extra["placements"] = {d.value: d.value for d in job.deps if d.value.startswith("/")}
    record_hdfs_calls(job, commands)
    positional = sorted({p for c in commands for p in c.placeholders if p.isdigit() or p in "@*#"})
    job.placeholders = [Placeholder(p, source.at()) for p in positional]
    job.findings.extend(make("YK008", source.at(), name=p) for p in positional)
    job.findings.append(make("BJ001", source.at(), path=source.name))
    return job


def admin_findings(source: InputFile, commands: list[ShellCommand]) -> list[Finding]:
    """One finding naming the first cluster administration command, if any."""
    admin = next((c for c in commands if admin_command(c.argv)), None)
    if admin is None:
        return []
    return [make("BJ003", source.at(admin.line), command=" ".join(admin.argv[:3]))]


def interpreter(text: str) -> list[str]:
    """The shebang's interpreter (`/usr/bin/env python3` -> ["python3"]), bash by default."""
    match = _SHEBANG.match(text.lstrip("\ufeff").split("\n", 1)[0])
    if not match:
        return ["/bin/bash"]
    program, arg = match.group(1), match.group(2)
    if PurePosixPath(program).name == "env" and arg:
        return [arg]
    name = PurePosixPath(program).name
    return [f"/bin/{name}"] if name in ("bash", "sh", "ksh", "zsh", "dash") else ["/bin/bash"]


def _local_files(job: MigrationJob, commands: list[ShellCommand]) -> list[Dependency]:
    """Files the script sources or runs by a relative or absolute path."""
    seen: dict[str, Dependency] = {}
    for cmd in commands:
        argv = cmd.argv
        candidates = argv[1:2] if argv and argv[0] in (".", "source") else argv[:3]
        for word in candidates:
            if _LOCAL_FILE.search(word) and "://" not in word and word not in seen:
                seen[word] = Dependency("file", word, SourceLocation(job.location.path, cmd.line))
    return list(seen.values())
