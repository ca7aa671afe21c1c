"""TonY submissions in shell scripts: `java|hadoop jar ... com.linkedin.tony.cli.ClusterSubmitter`,
`gcloud dataproc jobs submit hadoop --class ...ClusterSubmitter -- ARGS`, and the tony.xml a
script writes with a heredoc before submitting."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from yarn2k8s.analyzers.command_readers import Reading, ScriptContext, note_placeholders
from yarn2k8s.analyzers.nearby import read_nearby
from yarn2k8s.analyzers.shell import ShellCommand
from yarn2k8s.analyzers.tony import ConfLayer, TonyConf, TonyLaunch, build_job, conf_layer
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation

# The entry class as a word, or as `--class=...` (an `export X=com.linkedin...` is no launch).
_ENTRY = re.compile(r"^(?:--class=)?com\.linkedin\.tony\.(?:cli\.\w*Submitter|TonyClient)$")
_VALUE_OPTIONS = frozenset(
    {
        "executes", "task_params", "python_binary_path", "python_venv", "src_dir", "conf",
        "conf_file", "shell_env", "container_env", "hdfs_classpath",
    }
)  # fmt: skip
_GUESSES = (
    ("pytorch", re.compile(r"pytorch|torch|PTJob", re.I)),
    ("horovod", re.compile(r"horovod", re.I)),
)


def tony_args(words: list[str]) -> list[str] | None:
    """The words TonyClient parses, or None when the command does not run TonY."""
    for i, word in enumerate(words):
        if _ENTRY.search(word):
            rest = words[i + 1 :]
            # gcloud passes the job's own arguments after `--`.
            return rest[rest.index("--") + 1 :] if "--" in rest else rest
    return None


def parse_tony_args(args: list[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Single-valued options, and the repeatable ones (conf, shell_env, container_env) in order."""
    single: dict[str, str] = {}
    multi: list[tuple[str, str]] = []
    i = 0
    while i < len(args):
        word = args[i]
        name, eq, inline = word.lstrip("-").partition("=")
        if not word.startswith("-") or name not in _VALUE_OPTIONS:
            i += 1
            continue
        value = inline if eq else (args[i + 1] if i + 1 < len(args) else "")
        i += 1 if eq else 2
        if name in ("conf", "shell_env", "container_env"):
            multi.append((name, value))
        else:
            single[name] = value
    return single, multi


def read_tony(cmd: ShellCommand, words: list[str], sc: ScriptContext) -> Reading | None:
    """A TonY submission -> a training job (or findings explaining why not)."""
    args = tony_args(words)
    if args is None:
        return None
    loc = sc.source.at(cmd.line)
    single, multi = parse_tony_args(args)
    out = Reading()
    conf = TonyConf()
    found = _conf_file(single.get("conf_file", ""), sc)
    if found is not None:
        if found.error:  # at the conf file's own line, not the submit command's
            out.findings.append(make("YK009", found.error_at, detail=found.error))
        conf.layer(found.values, found.where)
    elif single.get("conf_file"):
        out.findings.append(make("TY009", loc, path=single["conf_file"]))
        _guess_framework(conf, words, loc, out.findings)
    cli_conf = dict(_pairs(v for k, v in multi if k == "conf"))
    conf.layer(cli_conf, dict.fromkeys(cli_conf, loc))
    launch = _launch(single, multi)
    job, findings = build_job(conf, launch, loc)
    out.findings.extend(findings)
    if job is not None:
        note_placeholders(job, args)
        out.jobs.append(job)
    return out


def _launch(single: dict[str, str], multi: list[tuple[str, str]]) -> TonyLaunch:
    launch = TonyLaunch(
        executes=single.get("executes", ""),
        task_params=single.get("task_params", ""),
        python_binary_path=single.get("python_binary_path", ""),
        python_venv=single.get("python_venv", ""),
        src_dir=single.get("src_dir", ""),
        hdfs_classpath=single.get("hdfs_classpath", ""),
    )
    launch.env = dict(_pairs(v for k, v in multi if k in ("shell_env", "container_env")))
    return launch


def _pairs(items: object) -> list[tuple[str, str]]:
    out = []
    for item in items:  # type: ignore[attr-defined]
        key, eq, value = str(item).partition("=")
        if eq and key.strip():
            out.append((key.strip(), value))
    return out


def _conf_file(wanted: str, sc: ScriptContext) -> ConfLayer | None:
    """The conf file a submission names (or tony.xml, TonY's default): heredoc, then file."""
    name = PurePosixPath(wanted or "tony.xml").name
    for doc in sc.script.heredocs:
        target = _heredoc_target(doc.command)
        if target and PurePosixPath(target).name == name and "tony." in doc.body:
            layer = conf_layer(doc.body, sc.source.rel)
            # Lines inside a heredoc count from the line after the `<<`.
            where = {k: _shift(v, doc.line) for k, v in layer.where.items()}
            return layer._replace(where=where, error_at=_shift(layer.error_at, doc.line))
    nearby = read_nearby(sc.source, wanted or "tony.xml")
    if nearby is None:
        return None
    return conf_layer(nearby.text, nearby.rel)


def _shift(loc: SourceLocation, heredoc_line: int) -> SourceLocation:
    # Line 0 (unknown within the body) lands on the `<<` line: the heredoc itself.
    return SourceLocation(loc.path, heredoc_line + loc.line)


def _heredoc_target(command: tuple[str, ...]) -> str:
    """The file a heredoc is written to (`cat > f`, `cat >> f`, `tee f`)."""
    for i, word in enumerate(command):
        if word in (">", ">>", ">|") and i + 1 < len(command):
            return command[i + 1]
    if command and PurePosixPath(command[0]).name == "tee":
        files = [w for w in command[1:] if not w.startswith("-")]
        return files[0] if files else ""
    return ""


def _guess_framework(
    conf: TonyConf, words: list[str], loc: SourceLocation, findings: list[Finding]
) -> None:
    text = " ".join(words)
    for framework, pattern in _GUESSES:
        match = pattern.search(text)
        if match:
            conf.layer(
                {"tony.application.framework": framework}, {"tony.application.framework": loc}
            )
            findings.append(make("TY017", loc, framework=framework, hint=match.group(0)))
            return


def read_tony_heredoc(cmd: ShellCommand, words: list[str], sc: ScriptContext) -> Reading | None:
    """`cat > tony.xml <<EOF`: configuration for a TonY submission in the same script.

    Claimed so no other reader makes a job of the `cat`; explained when nothing submits it
    (setup scripts such as cluster initialization actions).
    """
    del words
    doc = next((d for d in sc.script.heredocs if d.line == cmd.line), None)
    if doc is None or "<name>tony." not in doc.body:
        return None
    target = _heredoc_target(doc.command)
    if not target.endswith(".xml"):
        return None
    if PurePosixPath(target).name in _submitted_confs(sc):
        return Reading()
    return Reading(findings=[make("TY026", sc.source.at(doc.line), path=target)])


def _submitted_confs(sc: ScriptContext) -> set[str]:
    """Base names of the conf files the script's TonY submissions read."""
    names = set()
    for cmd in sc.script.commands:
        args = tony_args(list(cmd.argv))
        if args is not None:
            single, _ = parse_tony_args(args)
            names.add(PurePosixPath(single.get("conf_file") or "tony.xml").name)
    return names
