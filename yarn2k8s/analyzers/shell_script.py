"""Shell scripts: every spark-submit, `hadoop jar` or `java` command inside becomes a job (a
script with none, doing Hadoop-side work, becomes one shell job); shell problems are findings."""

from __future__ import annotations

import re
from collections.abc import Callable

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.batch_script import (
    admin_findings,
    all_commands,
    defined_functions,
    script_job,
    surrounding_findings,
)
from yarn2k8s.analyzers.command_readers import FINDINGS_ONLY, job_from_training_command
from yarn2k8s.analyzers.hadoop_jar import job_from_hadoop_jar, job_from_wrapper
from yarn2k8s.analyzers.java_command import job_from_java
from yarn2k8s.analyzers.shell import ShellCommand, ShellScript, parse_script
from yarn2k8s.analyzers.spark_submit import SubmitContext, job_from_command
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob

CommandReader = Callable[[ShellCommand, SubmitContext], MigrationJob | None]
# Readers tried in turn on each command; the first that returns a job wins. spark-submit
# comes first so a Spark job stays one; then training/serving launchers (TonY, Submarine,
# XLearning, horovodrun, tensorflow_model_server: before `java`, which would take TonY's
# and Submarine's `java -cp ... Main` as plain Java jobs); then `hadoop jar`, then `java`.
COMMAND_READERS: tuple[CommandReader, ...] = (
    job_from_command,
    job_from_training_command,
    job_from_hadoop_jar,
    job_from_java,
)

_SHEBANG = re.compile(r"^#!\s*\S*(?:/|\s)(?:env\s+)?(?:ba|k|z|da)?sh\b")
_SUBMIT_WORD = re.compile(r"\bspark[23]?-submit\b")
_SHELL_SUFFIXES = (".sh", ".bash", ".ksh", ".zsh")
_ISSUE_CODES = {
    "unterminated-quote": "YK005",
    "missing-continuation": "YK006",
    "cyclic-variable": "YK007",
    "unresolved-array": "YK013",
    "too-large": "YK014",
}


def is_shell_script(source: InputFile) -> bool:
    """By suffix, by shebang, or a suffix-less file that runs spark-submit."""
    if source.name.endswith(_SHELL_SUFFIXES) or source.name.endswith(".sh.template"):
        return True
    first = source.text[:200].lstrip("\ufeff").split("\n", 1)[0]
    if _SHEBANG.match(first):
        return True
    return "." not in source.name and bool(_SUBMIT_WORD.search(source.text))


def script_findings(source: InputFile, script: ShellScript, line: int = 0) -> list[Finding]:
    """Shell-level problems (quoting, continuations, cycles) as findings.

    `line` places every finding on one line of the input (a crontab entry's command is read
    as a one-line script of its own); by default each issue keeps its own line.
    """
    findings = []
    for issue in script.issues:
        if issue.kind == "binary":
            findings.append(make("YK003", source.at(line), reason=issue.detail or "NUL bytes"))
        elif issue.kind in _ISSUE_CODES:
            code = _ISSUE_CODES[issue.kind]
            findings.append(make(code, source.at(line or issue.line), detail=issue.detail))
    return findings


class ShellScriptAnalyzer:
    """Reads shell scripts statically and converts each spark-submit command."""

    name = "shell"

    def detect(self, source: InputFile) -> bool:
        """Shell scripts by suffix, shebang or content."""
        return is_shell_script(source)

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One job per spark-submit command; shell problems become findings."""
        script = parse_script(source.text)
        result = AnalysisResult(findings=script_findings(source, script))
        sc = SubmitContext(source, ctx, dict(script.variables))
        commands = all_commands(script)  # with those fed to a shell by here-documents, -c
        defined = defined_functions(script)
        for cmd in commands:
            job = _read(cmd, sc, defined)
            if job is not None and job.kind in ("spark-action", FINDINGS_ONLY):
                result.findings.extend(job.findings)  # --version, --kill: not a job
            elif job is not None:
                result.jobs.append(job)
        surrounding_findings(result.jobs, commands)  # HDFS calls made around batch jobs
        if not result.jobs and (whole := script_job(source, script, commands)) is not None:
            result.jobs.append(whole)  # no job command of its own: the script is the job
        if result.jobs:
            result.outcome = "converted"
        else:
            result.findings += admin_findings(source, commands)
            result.findings.append(make("YK010", source.at()))
        return result


def _read(cmd: ShellCommand, sc: SubmitContext, defined: frozenset[str]) -> MigrationJob | None:
    """The first command reader that makes a job of `cmd`, else a `hadoop jar` wrapper."""
    for reader in COMMAND_READERS:
        job = reader(cmd, sc)
        if job is not None:
            return job
    return job_from_wrapper(cmd, sc, defined)
