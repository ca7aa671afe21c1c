"""Spark inside Oozie: spark actions, and shell actions that run spark-submit, as MigrationJobs.

Every option goes through the same spark-submit reader as a shell script (issue 2), not only
`--conf`: the action's fields become a spark-submit command line. Values that shape the
SparkApplication (master, mode, class, jar, spark-opts, files) are folded with job.properties;
application arguments keep their EL so the pipeline can pass run-time parameters.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from yarn2k8s.analyzers.base import AnalysisContext, InputFile
from yarn2k8s.analyzers.oozie_app import AppRoot, find_app_file, fold_text, input_root, parent
from yarn2k8s.analyzers.oozie_model import Node, OozieWorkflow
from yarn2k8s.analyzers.shell import ShellCommand, parse_script, split_words
from yarn2k8s.analyzers.spark_submit import SubmitContext, job_from_command, submit_index
from yarn2k8s.model import Finding, MigrationJob

_EL = re.compile(r"\$\{([^}]*)\}")
# Commands a shell action may run around spark-submit without changing what it does.
_HARMLESS = frozenset({"echo", "export", "set", "cd", "source", ".", "true", ":", "printf"})


@dataclass
class SparkSteps:
    """The Spark jobs an action runs, and what else a wrapping script did."""

    jobs: list[MigrationJob] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # other commands of a wrapping script
    script: str = ""  # the script that held spark-submit, relative to the input root
    findings: list[Finding] = field(default_factory=list)


def action_argv(node: Node, props: dict[str, str]) -> list[str]:
    """spark-submit words for a spark action; graph-shaping values folded, args kept as EL."""
    action = node.action
    assert action is not None

    def fold(text: str) -> str:
        return fold_text(text, props)

    argv = ["spark-submit"]
    for option, tag in (("--master", "master"), ("--deploy-mode", "mode"), ("--name", "name")):
        if action.first(tag):
            argv += [option, fold(action.first(tag))]
    if action.first("class"):
        argv += ["--class", fold(action.first("class"))]
    for option, tag in (("--files", "file"), ("--archives", "archive")):
        values = [fold(v) for v in action.all(tag)]
        if values:
            argv += [option, ",".join(values)]
    for opts in action.all("spark-opts"):
        argv += split_words(fold(opts))
    argv.append(fold(action.first("jar")))
    argv += action.all("arg")
    return argv


def spark_action_job(
    node: Node, wf: OozieWorkflow, props: dict[str, str], source: InputFile, ctx: AnalysisContext
) -> MigrationJob | None:
    """The MigrationJob of a `<spark>` action."""
    argv = action_argv(node, props)
    job = _job(argv, node, wf, source, ctx)
    if job is not None:
        job.extra["oozie_folded"] = folded_variables(node, props)
    if job is not None and job.main_file:
        local = find_app_file(
            AppRoot(input_root(source.path, source.rel)), wf.app_dir, job.main_file
        )
        if local and "://" in job.main_file:
            job.extra["oozie_app_main"] = local  # the app's own lib/ copy: bake it
            job.main_file = PurePosixPath(local).name
    return job


def shell_spark_steps(
    node: Node, wf: OozieWorkflow, props: dict[str, str], source: InputFile, ctx: AnalysisContext
) -> SparkSteps:
    """Spark jobs of a `<shell>` action: `exec` is spark-submit, or a script that runs it."""
    action = node.action
    assert action is not None
    steps = SparkSteps()
    exec_ = fold_text(action.first("exec"), props)
    args = action.all("argument")
    if PurePosixPath(exec_).name in ("spark-submit", "spark2-submit", "spark3-submit"):
        job = _job([exec_, *args], node, wf, source, ctx)
        steps.jobs = [job] if job is not None else []
        return steps
    app = AppRoot(input_root(source.path, source.rel))
    script_rel = find_app_file(app, wf.app_dir, aliased_file(exec_, action.all("file")))
    text = app.read(script_rel) if script_rel else None
    if not text or "submit" not in text:
        return steps
    for cmd in parse_script(with_arguments(text, args)).commands:
        index = submit_index(cmd.argv)
        if index is None:
            if cmd.argv and PurePosixPath(cmd.argv[0]).name not in _HARMLESS:
                steps.dropped.append(" ".join(cmd.argv))
            continue
        words = list(cmd.argv[index:])
        job = _job(words, node, wf, source, ctx, line=node.line)
        if job is not None:
            job.extra["oozie_script"] = f"{script_rel}:{cmd.line}"
            steps.jobs.append(job)
    steps.script = script_rel
    return steps


_POSITIONAL = re.compile(r"\$\{(\d+)\}|\$(\d)|\$[@*]|\$\{[@*]\}")


def with_arguments(text: str, args: list[str]) -> str:
    """A script with `$1`, `${2}`, `$@` replaced by the action's <argument>s.

    The static shell reader leaves positional parameters unknown; the action knows them. Each
    argument is quoted for where it lands (bare, or inside double quotes) so its Oozie EL
    (`${runDate}`) reaches the command's words intact; single-quoted text is left alone.
    """
    out: list[str] = []
    quote, i = "", 0
    while i < len(text):
        c = text[i]
        match = _POSITIONAL.match(text, i) if c == "$" and quote != "'" else None
        if match:
            out.append(_argument_text(match, args, inside_double=quote == '"'))
            i = match.end()
            continue
        if c == "\\" and quote != "'":
            out.append(text[i : i + 2])
            i += 2
            continue
        if c in "'\"" and quote in ("", c):
            quote = "" if quote == c else c
        out.append(c)
        i += 1
    return "".join(out)


def _argument_text(match: re.Match[str], args: list[str], inside_double: bool) -> str:
    index = match.group(1) or match.group(2)
    if index is None:
        values = args
    elif 0 < int(index) <= len(args):
        values = [args[int(index) - 1]]
    else:
        return match.group(0)
    if inside_double:
        return " ".join(re.sub(r'([$`"\\])', r"\\\1", v) for v in values)
    return " ".join(shlex.quote(v) for v in values)


def aliased_file(name: str, files: list[str]) -> str:
    """The <file> entry an exec name refers to (`scripts/run.sh#run.sh` for `run.sh`)."""
    for entry in files:
        path, _, alias = entry.partition("#")
        if name in (alias, PurePosixPath(path).name):
            return path
    return name


def folded_variables(node: Node, props: dict[str, str]) -> dict[str, str]:
    """Variables the SparkApplication's shape was folded with (spark-opts, master, jar...)."""
    action = node.action
    assert action is not None
    texts = [action.first(t) for t in ("master", "mode", "name", "class", "jar")]
    texts += action.all("spark-opts") + action.all("file") + action.all("archive")
    found: dict[str, str] = {}
    for text in texts:
        for match in _EL.finditer(text):
            name = match.group(1).strip()
            if name in props:
                found[name] = fold_text(props[name], props)
    return found


def _job(
    argv: list[str],
    node: Node,
    wf: OozieWorkflow,
    source: InputFile,
    ctx: AnalysisContext,
    line: int | None = None,
) -> MigrationJob | None:
    # EL stays in the words (not shell placeholders): the converter maps it to pipeline values.
    cmd = ShellCommand(tuple(argv), line or node.line, line or node.line, (), (), None)
    job = job_from_command(cmd, SubmitContext(source, ctx, {}))
    if job is None or job.kind != "spark":
        return None
    # EL is not a shell placeholder: the pipeline passes these values, so drop YK008.
    job.placeholders = []
    job.findings = [f for f in job.findings if f.code != "YK008"]
    job.extra["oozie_node"] = node.name
    job.extra["oozie_workflow"] = wf.rel
    return job


def app_dir_of(rel: str) -> str:
    """An XML's application folder (where lib/ and scripts live)."""
    return parent(rel)
