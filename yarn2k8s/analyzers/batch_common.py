"""Helpers shared by the batch command readers (`hadoop jar`, `java`, shell and cron jobs).

A reader gets one `ShellCommand` and the `SubmitContext` spark-submit uses, and returns a
`MigrationJob` or None. Configured parameters (`jobs[].parameters`) fill `${NAME}` placeholders
before anything is parsed; what stays unresolved is listed on the job with a YK008 finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from yarn2k8s.analyzers.shell import ShellCommand, split_words
from yarn2k8s.analyzers.spark_submit import SubmitContext
from yarn2k8s.findings import make
from yarn2k8s.model import MigrationJob, Placeholder, Role, SourceLocation
from yarn2k8s.model.units import parse_memory_mib

# Words that may stand before a command without changing what it runs.
WRAPPERS = frozenset(
    {"sudo", "nohup", "exec", "time", "env", "command", "nice", "timeout", "ionice", "stdbuf"}
)
_WRAPPER_VALUE_FLAGS = frozenset({"-u", "-g", "-n", "-s", "-c"})
_WHOLE = re.compile(r"^\$\{([^}]+)\}$")
_ANY = re.compile(r"\$\{([^}]+)\}")
_XMX = re.compile(r"^-Xmx(\d+[kKmMgGtT]?)$")

# The part of an argument a converter maps: local files go into the image, data paths through
# the storage map. One role per argument, in `job.extra["arg_roles"]`.
ROLE_DATA = "data"  # anything else: only its data URIs go through the storage map
ROLE_FILE = "file"  # one gateway-local file baked into the image
ROLE_FILES = "files"  # a comma-separated list of such files
ROLE_CLASSPATH = "classpath"  # a colon-separated class path
ROLE_CONF = "conf"  # key=value of a -D option


def command_index(argv: Sequence[str], names: Iterable[str]) -> int | None:
    """Index of the first word whose base name is in `names`, past wrappers like sudo/nohup."""
    wanted = frozenset(names)
    skip_next = False
    for i, word in enumerate(argv[:10]):
        if skip_next:
            skip_next = False
            continue
        base = PurePosixPath(word).name
        if base in wanted:
            return i
        if word in _WRAPPER_VALUE_FLAGS:
            skip_next = True
            continue
        if base in WRAPPERS or "=" in word or word.startswith("-") or word.isdigit():
            continue
        return None
    return None


def parameters(sc: SubmitContext, loc: SourceLocation) -> dict[str, str]:
    """Configured placeholder values for a command (later overrides win)."""
    values: dict[str, str] = {}
    for override in sc.ctx.config.overrides_for(str(loc), sc.source.rel):
        values.update(override.parameters)
    return values


def substitute(words: Sequence[str], params: dict[str, str]) -> list[str]:
    """Fill `${NAME}` from configured parameters; a whole-word placeholder may split."""
    out: list[str] = []
    for word in words:
        whole = _WHOLE.match(word)
        if whole and whole.group(1) in params:
            out.extend(split_words(params[whole.group(1)]))
            continue
        out.append(_ANY.sub(lambda m: params.get(m.group(1), m.group(0)), word))
    return out


def new_job(kind: str, cmd: ShellCommand, sc: SubmitContext, words: list[str]) -> MigrationJob:
    """A job of `kind` at the command's line, with its unresolved placeholders listed."""
    loc = sc.source.at(cmd.line)
    job = MigrationJob(kind=kind, source_name="", location=loc)
    names = sorted({m.group(1) for w in words for m in _ANY.finditer(w)})
    job.placeholders = [Placeholder(n, loc) for n in names]
    job.findings.extend(make("YK008", loc, name=n) for n in names)
    # The HDFS identity the script set (simple authentication); the pod keeps it.
    user = sc.script_vars.get("HADOOP_USER_NAME", "")
    job.env = {"HADOOP_USER_NAME": user} if user and "${" not in user else {}
    job.env.update(dict(cmd.env))
    return job


def words_after(cmd: ShellCommand, index: int, sc: SubmitContext) -> list[str]:
    """The command's words after `index`, with configured parameters applied."""
    words = substitute(cmd.argv[index + 1 :], parameters(sc, sc.source.at(cmd.line)))
    if cmd.argv[0] == "eval":  # eval re-splits its words
        words = split_words(" ".join(words))
    return words


def int_value(value: str | None, default: int) -> int:
    """A non-negative integer setting, or the default when absent or malformed."""
    try:
        return max(int(str(value).strip()), 0)
    except (TypeError, ValueError):
        return default


def mib_value(value: str | None, default: int, unit: str = "m") -> int:
    """A memory setting in MiB, or the default when absent or malformed."""
    if value is None or not str(value).strip():
        return default
    try:
        return parse_memory_mib(str(value), unit)
    except ValueError:
        return default


def heap_role(name: str, jvm_options: Sequence[str], default_mib: int = 1024) -> Role:
    """One container sized from a JVM's -Xmx: heap plus max(384 MiB, 10%) for the JVM itself."""
    heap = next((m.group(1) for o in jvm_options if (m := _XMX.match(o))), "")
    if not heap:
        return Role(name=name, memory_mib=default_mib)
    unit = "m" if heap[-1].isalpha() else ""  # a bare JVM size is in bytes
    mib = max(mib_value(heap, default_mib, unit), 1)
    return Role(name=name, memory_mib=mib + max(384, mib // 10))
