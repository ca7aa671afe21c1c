"""`horovodrun` and `mpirun` command lines in scripts -> MPIJob units.

The hosts a gateway script named (`-H h1:4,h2:4`) become worker pods with that many slots;
`-np` stays the process count. Host lists and hostfiles are dropped: the MPI operator writes
the hostfile. MPI options that only made sense on the old hosts (`--allow-run-as-root`) go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from yarn2k8s.analyzers.command_readers import Reading, ScriptContext, note_placeholders
from yarn2k8s.analyzers.shell import ShellCommand
from yarn2k8s.analyzers.training_spec import python_file_of, to_int, training_job
from yarn2k8s.findings import make
from yarn2k8s.model import Role

_LAUNCHERS = frozenset({"horovodrun", "mpirun", "mpiexec", "orterun"})
_WRAPPERS = frozenset({"sudo", "nohup", "exec", "time", "env", "nice", "timeout"})
_HOSTS = frozenset({"-H", "--hosts", "--host", "-host"})
_HOSTFILES = frozenset({"--hostfile", "-hostfile", "--machinefile", "-machinefile"})
_NP = frozenset({"-np", "-n", "-c", "--num-proc", "--np", "-N", "-npernode", "--npernode"})
_DROP_FLAGS = frozenset({"--allow-run-as-root", "--oversubscribe", "-oversubscribe"})
_TWO_VALUES = frozenset({"-mca", "--mca", "-gmca", "--gmca"})
_VALUE_OPTIONS = frozenset(
    {
        "-x", "-p", "--ssh-port", "-i", "--ssh-identity-file", "--network-interface",
        "--start-timeout", "--output-filename", "--mpi-args", "-bind-to", "--bind-to",
        "-map-by", "--map-by", "-rank-by", "--rank-by", "--min-np", "--max-np", "--slots",
        "--slots-per-host", "--host-discovery-script", "--log-level", "--config-file",
        "--binding-args", "-wdir", "--wdir", "-prefix", "--prefix",
    }
)  # fmt: skip
_SSH_OPTIONS = frozenset({"-p", "--ssh-port", "-i", "--ssh-identity-file"})  # the operator's ssh
DEFAULT_MEMORY_PER_SLOT_MIB = 2048


def launcher_index(words: list[str]) -> int | None:
    """Index of the MPI launcher word, past wrappers like nohup/env."""
    for i, word in enumerate(words[:6]):
        name = PurePosixPath(word).name
        if name in _LAUNCHERS:
            return i
        if name not in _WRAPPERS and "=" not in word and not word.startswith("-"):
            return None
    return None


def read_mpi_launcher(cmd: ShellCommand, words: list[str], sc: ScriptContext) -> Reading | None:
    """An MPI or Horovod launch -> an MPIJob unit."""
    index = launcher_index(words)
    if index is None:
        return None
    launcher = PurePosixPath(words[index]).name
    parsed = _parse(words[index + 1 :])
    loc = sc.source.at(cmd.line)
    if not parsed.program:
        return Reading(findings=[make("TY018", loc, role="launcher")])
    framework = "horovod" if launcher == "horovodrun" else "mpi"
    job, spec = training_job(framework, launcher, "", loc)
    hosts = [h for h in parsed.hosts.split(",") if h]
    slots = max((to_int(h.rpartition(":")[2], 1) if ":" in h else 1 for h in hosts), default=1)
    processes = to_int(parsed.np, 0) or None
    workers = len(hosts) or (processes or 1)
    if not hosts:
        slots = 1
    spec.launcher = "horovodrun" if launcher == "horovodrun" else "mpirun"
    spec.launcher_args = parsed.args
    spec.processes, spec.slots_per_worker = processes, slots
    role = Role(
        name="worker",
        instances=workers,
        cores=slots,
        memory_mib=DEFAULT_MEMORY_PER_SLOT_MIB * slots,
    )
    job.roles["worker"] = role
    job.env.update(parsed.env)
    spec.commands["worker"] = " ".join(parsed.program)
    job.main_file = python_file_of(spec.commands["worker"])
    if job.main_file and "/" not in job.main_file:
        spec.files.append(job.main_file)
    job.findings.append(
        make("TY028", loc, launcher=launcher, cores=role.cores, memory=role.memory_mib)
    )
    if parsed.hostfile:
        job.findings.append(make("TY034", loc, path=parsed.hostfile, n=workers))
    note_placeholders(job, words[index + 1 :])
    return Reading(jobs=[job])


@dataclass
class _Launch:
    np: str = ""
    hosts: str = ""
    hostfile: str = ""
    args: list[str] = field(default_factory=list)  # MPI options kept for the launcher
    env: dict[str, str] = field(default_factory=dict)  # `-x NAME=value`
    program: list[str] = field(default_factory=list)


def _parse(args: list[str]) -> _Launch:
    out = _Launch()
    i = 0
    while i < len(args):
        word = args[i]
        if not word.startswith("-"):
            out.program = args[i:]
            break
        name, eq, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        takes = name in _NP or name in _HOSTS or name in _HOSTFILES or name in _VALUE_OPTIONS
        value = inline if eq else (args[i + 1] if takes and i + 1 < len(args) else "")
        step = 1 if eq or not takes else 2
        if name in _TWO_VALUES:
            out.args += args[i : i + 3]
            step = 3
        elif name in _NP:
            out.np = value
        elif name in _HOSTS:
            out.hosts = value
        elif name in _HOSTFILES:
            out.hostfile = value
        elif name == "-x":
            key, has_value, val = value.partition("=")
            if has_value:
                out.env[key] = val
        elif name not in _DROP_FLAGS and name not in _SSH_OPTIONS:
            out.args += args[i : i + step]
        i += step
    return out
