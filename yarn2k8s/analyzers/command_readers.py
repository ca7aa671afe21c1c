"""Shell commands that launch training or serving, beyond spark-submit: an explicit, ordered
registry of readers, plugged into ShellScriptAnalyzer's command readers as one entry.

Each reader claims the commands it knows (TonY's ClusterSubmitter, Submarine's `job run`,
XLearning's hbox-submit, horovodrun/mpirun, tensorflow_model_server, a TonY conf written by a
heredoc) and returns a job, or findings alone when the command is explained but not
converted; those come back as a FINDINGS_ONLY unit, which the shell analyzer unpacks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from yarn2k8s.analyzers.base import AnalysisContext, InputFile
from yarn2k8s.analyzers.shell import ShellCommand, ShellScript, parse_script, split_words
from yarn2k8s.analyzers.spark_submit import SubmitContext
from yarn2k8s.analyzers.training_spec import TrainingSpec
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, Placeholder

FINDINGS_ONLY = "findings-only"  # a command explained by findings, not a job
_WHOLE = re.compile(r"^\$\{([^}]+)\}$")
_PART = re.compile(r"\$\{([^}]+)\}")


@dataclass
class ScriptContext:
    """One script being read: its source, the analysis context and the parsed script."""

    source: InputFile
    ctx: AnalysisContext
    script: ShellScript


@dataclass
class Reading:
    """What a reader made of one command."""

    jobs: list[MigrationJob] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


CommandReader = Callable[[ShellCommand, list[str], ScriptContext], Reading | None]


@functools.lru_cache(maxsize=8)
def _parsed(text: str) -> ShellScript:
    # The shell analyzer parsed it already; readers need the heredocs, so parse once more
    # (bounded) and keep the result for the script's other commands.
    return parse_script(text)


def _readers() -> tuple[CommandReader, ...]:
    # Imported here: the readers import this module's types.
    from yarn2k8s.analyzers.serving import read_model_server
    from yarn2k8s.analyzers.submarine import read_submarine
    from yarn2k8s.analyzers.tony_cli import read_tony, read_tony_heredoc
    from yarn2k8s.analyzers.training_cli import read_mpi_launcher
    from yarn2k8s.analyzers.xlearning import read_hbox_submit

    return (
        read_tony,
        read_tony_heredoc,
        read_submarine,
        read_hbox_submit,
        read_mpi_launcher,
        read_model_server,
    )


def job_from_training_command(cmd: ShellCommand, sc: SubmitContext) -> MigrationJob | None:
    """A shell command reader (ShellScriptAnalyzer.COMMAND_READERS) for training launchers."""
    rc = ScriptContext(sc.source, sc.ctx, _parsed(sc.source.text))
    words = substitute(cmd, rc)
    for reader in _readers():
        found = reader(cmd, words, rc)
        if found is None:
            continue
        if found.jobs:
            job = found.jobs[0]
            job.findings.extend(found.findings)
            spec = job.extra.get("training")
            if isinstance(spec, TrainingSpec):  # pins in the script describe its environment
                spec.pinned = {**pip_pins(rc.script), **spec.pinned}
            return job
        unit = MigrationJob(kind=FINDINGS_ONLY, source_name="", location=sc.source.at(cmd.line))
        unit.findings.extend(found.findings)
        return unit
    return None


def substitute(cmd: ShellCommand, sc: ScriptContext) -> list[str]:
    """A command's words with configured parameter values applied to `${NAME}` holes."""
    params: dict[str, str] = {}
    for override in sc.ctx.config.overrides_for(str(sc.source.at(cmd.line)), sc.source.rel):
        params.update(override.parameters)
    if not params:
        return list(cmd.argv)
    out: list[str] = []
    for word in cmd.argv:
        whole = _WHOLE.match(word)
        if whole and whole.group(1) in params:
            out.extend(split_words(params[whole.group(1)]))
        else:
            out.append(_PART.sub(lambda m: params.get(m.group(1), m.group(0)), word))
    return out


def note_placeholders(job: MigrationJob, words: list[str]) -> None:
    """YK008 for every value still unknown in the words a job was built from."""
    used = sorted({m.group(1) for w in words for m in _PART.finditer(w)})
    for name in used:
        job.placeholders.append(Placeholder(name, job.location))
        job.findings.append(make("YK008", job.location, name=name))


_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*)==([0-9][^\s;,]*)$")


def pip_pins(script: ShellScript) -> dict[str, str]:
    """`pip install name==1.2` lines of a script (the environment the job was run with)."""
    pins: dict[str, str] = {}
    for cmd in script.commands:
        words = list(cmd.argv)
        if words[:1] in (["python"], ["python3"]) and words[1:3] == ["-m", "pip"]:
            words = words[2:]
        if not words or words[0] not in ("pip", "pip3") or "install" not in words:
            continue
        for word in words[words.index("install") + 1 :]:
            match = _PIN.match(word)
            if match:
                pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return pins
