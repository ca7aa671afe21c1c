"""Shell scripts: every spark-submit inside becomes a job; shell problems become findings."""

from __future__ import annotations

import re

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.shell import ShellScript, parse_script
from yarn2k8s.analyzers.spark_submit import SubmitContext, job_from_command
from yarn2k8s.findings import make
from yarn2k8s.model import Finding

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


def script_findings(source: InputFile, script: ShellScript) -> list[Finding]:
    """Shell-level problems (quoting, continuations, cycles) as findings."""
    findings = []
    for issue in script.issues:
        if issue.kind == "binary":
            findings.append(make("YK003", source.at(), reason=issue.detail or "NUL bytes"))
        elif issue.kind in _ISSUE_CODES:
            code = _ISSUE_CODES[issue.kind]
            findings.append(make(code, source.at(issue.line), detail=issue.detail))
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
        for cmd in script.commands:
            job = job_from_command(cmd, sc)
            if job is not None and job.kind == "spark-action":
                result.findings.extend(job.findings)  # --version, --kill: not a job
            elif job is not None:
                result.jobs.append(job)
        if result.jobs:
            result.outcome = "converted"
        else:
            result.findings.append(make("YK010", source.at()))
        return result
