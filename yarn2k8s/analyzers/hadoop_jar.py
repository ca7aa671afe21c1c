"""`hadoop jar` / `yarn jar` command lines -> MigrationJob (mapreduce, streaming, shell).

Which program a jar runs is read from the jar's name and the words after it: the streaming jar,
the examples jar (teragen, terasort, wordcount...), the jobclient tests jar (TestDFSIO,
nnbench...), YARN's DistributedShell, or any other jar (a Java MapReduce driver). A command
whose name is not defined in the script but whose first argument is a jar (HiBench's
`run_hadoop_job ${HADOOP_EXAMPLES_JAR} terasort ...`) is read as a wrapper around `hadoop jar`.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from yarn2k8s.analyzers.batch_common import command_index, new_job, words_after
from yarn2k8s.analyzers.distributed_shell import fill_distributed_shell
from yarn2k8s.analyzers.hadoop_options import (
    GENERIC_OPTIONS,
    STREAMING_FLAGS,
    STREAMING_OPTIONS,
    parse_options,
)
from yarn2k8s.analyzers.mapreduce_model import fill_mapreduce, fill_streaming
from yarn2k8s.analyzers.shell import ShellCommand
from yarn2k8s.analyzers.spark_submit import SubmitContext
from yarn2k8s.config import Config
from yarn2k8s.findings import make
from yarn2k8s.model import Dependency, MigrationJob

LAUNCHERS = frozenset({"hadoop", "yarn"})
SHIPPED_TOOLS = frozenset({"streaming", "distributed-shell", "examples", "tests"})

# Programs of hadoop-mapreduce-examples.jar (ExampleDriver) and of the jobclient tests jar.
EXAMPLE_PROGRAMS = frozenset({
    "aggregatewordcount", "aggregatewordhist", "bbp", "dbcount", "distbbp", "grep", "join",
    "multifilewc", "pentomino", "pi", "randomtextwriter", "randomwriter", "secondarysort",
    "sort", "sudoku", "teragen", "terasort", "teravalidate", "wordcount", "wordmean",
    "wordmedian", "wordstandarddeviation",
})  # fmt: skip
TEST_PROGRAMS = frozenset({
    "DFSCIOTest", "DistributedFSCheck", "JHLogAnalyzer", "MRReliabilityTest", "SliveTest",
    "TestDFSIO", "fail", "filebench", "gsleep", "largesorter", "loadgen", "mapredtest",
    "mrbench", "nnbench", "nnbenchWithoutMR", "sleep", "testbigmapoutput", "testfilesystem",
    "testmapredsort", "testsequencefile", "testsequencefileinputformat",
    "testtextinputformat", "threadedmapbench",
})  # fmt: skip
# A Java class name: dotted with a capitalised last part, or one CamelCase word.
JAVA_CLASS = re.compile(r"^(?:[A-Za-z_$][\w$]*\.)+[A-Z][\w$]*$|^[A-Z][a-z0-9]+[A-Z][\w$]*$")
_FUNCTION = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Commands that take a jar argument without running it.
_NOT_WRAPPERS = frozenset({
    "cp", "mv", "ln", "rm", "ls", "cat", "echo", "printf", "export", "local", "declare",
    "readonly", "test", "scp", "rsync", "gsutil", "wget", "curl", "chmod", "chown", "tar",
    "unzip", "zip", "jar", "java", "spark", "hadoop", "yarn", "hdfs", "aws", "install", "mkdir",
    "touch", "file", "stat", "basename", "dirname", "realpath", "readlink", "source",
})  # fmt: skip
_JAR_VAR = re.compile(r"^\$\{[A-Za-z0-9_]*JAR[A-Za-z0-9_]*\}$", re.IGNORECASE)


def jar_index(argv: tuple[str, ...] | list[str]) -> int | None:
    """Index of the `jar` word of a `hadoop jar` / `yarn jar` command, past wrappers."""
    index = command_index(argv, LAUNCHERS)
    if index is None or index + 1 >= len(argv) or argv[index + 1] != "jar":
        return None
    return index + 1


def wrapper_index(cmd: ShellCommand, defined: frozenset[str]) -> int | None:
    """A call to an undefined function-like command taking a jar then a program or class:
    HiBench's `run_hadoop_job ${HADOOP_EXAMPLES_JAR} terasort ...` (a `hadoop jar` wrapper)."""
    argv = cmd.argv
    if len(argv) < 3 or argv[0] in defined or argv[0] in _NOT_WRAPPERS:
        return None
    if not _FUNCTION.match(argv[0]) or not (argv[1].endswith(".jar") or _JAR_VAR.match(argv[1])):
        return None
    program = argv[2]
    if program in EXAMPLE_PROGRAMS or program in TEST_PROGRAMS or JAVA_CLASS.match(program):
        return 0
    return None


def classify(jar: str, rest: list[str]) -> str:
    """streaming, distributed-shell, examples, tests or jar, from the jar name and the words
    after it (an unresolved jar path still shows by its options what it runs)."""
    name = PurePosixPath(jar).name.lower()
    first = rest[0] if rest else ""
    options = set(rest)
    if "streaming" in name or {"-mapper", "-input", "-output"} <= options:
        return "streaming"
    if "distributedshell" in name or options & {"-shell_command", "-shell_script"}:
        return "distributed-shell"
    if first in TEST_PROGRAMS or ("test" in name and "example" not in name):
        return "tests"
    if "example" in name or first in EXAMPLE_PROGRAMS:
        return "examples"
    return "jar"


def job_from_hadoop_jar(cmd: ShellCommand, sc: SubmitContext) -> MigrationJob | None:
    """Build a job from a `hadoop jar` command (None if it is not one)."""
    index = jar_index(cmd.argv)
    if index is None:
        return None
    return _job(cmd, sc, words_after(cmd, index, sc), wrapper="")


def job_from_wrapper(
    cmd: ShellCommand, sc: SubmitContext, defined: frozenset[str]
) -> MigrationJob | None:
    """Build a job from a call that looks like a wrapper around `hadoop jar`."""
    index = wrapper_index(cmd, defined)
    if index is None:
        return None
    return _job(cmd, sc, words_after(cmd, index, sc), wrapper=cmd.argv[0])


def _job(cmd: ShellCommand, sc: SubmitContext, words: list[str], wrapper: str) -> MigrationJob:
    loc = sc.source.at(cmd.line)
    if not words:
        job = new_job("mapreduce", cmd, sc, words)
        job.findings.append(make("MR007", loc))
        return job
    jar, rest = words[0], words[1:]
    tool = classify(jar, rest)
    kind = {"streaming": "streaming", "distributed-shell": "shell"}.get(tool, "mapreduce")
    # Jars that ship with Hadoop run from the image: unresolved parts of their paths do not matter.
    shipped = tool in SHIPPED_TOOLS
    job = new_job(kind, cmd, sc, _significant(words) if shipped else words)
    job.main_file = jar
    job.language = "java"
    job.extra["tool"] = tool
    if wrapper:
        job.findings.append(make("MR009", loc, command=wrapper, jar=jar))
    if tool == "streaming":
        _streaming(job, rest, sc.ctx.config)
    elif tool == "distributed-shell":
        fill_distributed_shell(job, rest, sc.ctx.config)
    else:
        _program(job, tool, rest, sc)
    return job


def _significant(words: list[str]) -> list[str]:
    """Words that still matter when the jar ships with Hadoop: not the jar, nor `-jar X`."""
    out, skip = [], True  # words[0] is the jar
    for word in words:
        if skip:
            skip = False
        elif word == "-jar":
            skip = True
        elif not word.endswith(".jar"):
            out.append(word)
    return out


def _streaming(job: MigrationJob, words: list[str], config: Config) -> None:
    parsed = parse_options(words, STREAMING_OPTIONS, STREAMING_FLAGS, stop_at_argument=False)
    job.arguments = list(words)
    job.extra["arg_roles"] = parsed.roles
    job.findings.extend(make("MR006", job.location, option=o) for o in parsed.unknown)
    fill_streaming(job, parsed, config)


def _program(job: MigrationJob, tool: str, words: list[str], sc: SubmitContext) -> None:
    """Examples, tests and Java MapReduce drivers: [program|MainClass] generic-options args."""
    main = ""
    if words and (tool in ("examples", "tests") or JAVA_CLASS.match(words[0])):
        main, words = words[0], words[1:]
    job.main_class = main
    parsed = parse_options(words, GENERIC_OPTIONS)
    job.arguments = list(words)
    job.extra["arg_roles"] = parsed.roles
    if tool == "jar":
        job.deps.append(Dependency("jar", job.main_file, job.location))
    fill_mapreduce(job, parsed, sc.ctx.config)
