"""`java -cp ... Main args`, `java -jar app.jar args` and `hadoop Main args` -> a java job.

The JVM options stay as they were (the heap size also sizes the pod); class path entries and
`-jar` jars found among the inputs are baked into the image.
"""

from __future__ import annotations

from yarn2k8s.analyzers.batch_common import (
    ROLE_CLASSPATH,
    ROLE_DATA,
    ROLE_FILE,
    command_index,
    heap_role,
    new_job,
    words_after,
)
from yarn2k8s.analyzers.hadoop_jar import JAVA_CLASS, LAUNCHERS
from yarn2k8s.analyzers.shell import ShellCommand
from yarn2k8s.analyzers.spark_submit import SubmitContext
from yarn2k8s.findings import make
from yarn2k8s.model import Dependency, MigrationJob

_CLASSPATH_OPTIONS = frozenset({"-cp", "-classpath", "--class-path"})
_VALUE_OPTIONS = frozenset({"--module-path", "-p", "--add-modules", "--add-opens", "--add-exports"})


def _split(words: list[str]) -> tuple[list[str], list[str], str, str, list[str]]:
    """(roles, JVM options, class path, main class or -jar jar, program arguments)."""
    roles: list[str] = []
    options: list[str] = []
    classpath = ""
    i = 0
    while i < len(words):
        word = words[i]
        if word in _CLASSPATH_OPTIONS or word in _VALUE_OPTIONS or word == "-jar":
            value = words[i + 1] if i + 1 < len(words) else ""
            role = ROLE_CLASSPATH if word in _CLASSPATH_OPTIONS else ROLE_DATA
            roles += [ROLE_DATA, ROLE_FILE if word == "-jar" else role]
            if word == "-jar":
                return roles + [ROLE_DATA] * len(words[i + 2 :]), options, "", value, words[i + 2 :]
            classpath = value if word in _CLASSPATH_OPTIONS else classpath
            i += 2
            continue
        if word.startswith("-"):
            options.append(word)
            roles.append(ROLE_DATA)
            i += 1
            continue
        return roles + [ROLE_DATA] * len(words[i:]), options, classpath, word, words[i + 1 :]
    return roles, options, classpath, "", []


def job_from_java(cmd: ShellCommand, sc: SubmitContext) -> MigrationJob | None:
    """A job from a `java` command running a class or a jar (None for `java -version`...)."""
    index = command_index(cmd.argv, {"java"})
    if index is not None:
        return _java(cmd, sc, words_after(cmd, index, sc))
    index = command_index(cmd.argv, LAUNCHERS)
    if index is not None and index + 1 < len(cmd.argv) and JAVA_CLASS.match(cmd.argv[index + 1]):
        return _hadoop_class(cmd, sc, words_after(cmd, index, sc))
    return None


def _java(cmd: ShellCommand, sc: SubmitContext, words: list[str]) -> MigrationJob | None:
    roles, options, classpath, main, args = _split(words)
    if not main:
        return None
    job = new_job("java", cmd, sc, words)
    job.language = "java"
    is_jar = "-jar" in words
    job.main_file, job.main_class = (main, "") if is_jar else ("", main)
    job.arguments = list(words)
    job.extra.update(launcher="java", arg_roles=roles, jvm_options=options)
    entries = [e for e in classpath.split(":") if e]
    job.deps = [Dependency("jar", e, job.location) for e in entries]
    if not is_jar and entries and entries[0].endswith(".jar"):
        job.main_file = entries[0]  # the application's own jar, first on the class path
    if is_jar:
        job.deps.append(Dependency("jar", main, job.location))
    job.roles = {"main": heap_role("main", options)}
    job.findings.append(make("BJ011", job.location, main=main, n=len(args)))
    return job


def _hadoop_class(cmd: ShellCommand, sc: SubmitContext, words: list[str]) -> MigrationJob:
    job = new_job("java", cmd, sc, words)
    job.language = "java"
    job.main_class = words[0]
    job.arguments = list(words)
    job.extra.update(launcher="hadoop", arg_roles=[ROLE_DATA] * len(words), jvm_options=[])
    job.roles = {"main": heap_role("main", [])}
    job.findings.append(make("BJ011", job.location, main=words[0], n=len(words) - 1))
    return job
