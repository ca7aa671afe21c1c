"""What every distributed-training reader (TonY, Submarine, XLearning, OpenPAI, horovodrun)
hands to the training converter, beside the MigrationJob's own fields.

The job keeps the common parts (`roles` with resources, `env`, `queue`, `keytab`,
`effective_conf`); `job.extra["training"]` holds a `TrainingSpec` with what only training
jobs have: the command each role runs, images the source named, files YARN localized, and
the framework environment the old launcher injected (the "shim" the pods must recreate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from yarn2k8s.model import MigrationJob, Role, SourceLocation
from yarn2k8s.model.units import parse_memory_mib

# Frameworks -> job kinds (the converter registry is keyed by kind).
FRAMEWORK_KINDS = {
    "tensorflow": "tensorflow",
    "pytorch": "pytorch",
    "horovod": "mpi",
    "mpi": "mpi",
    "xgboost": "xgboost",
    "standalone": "standalone",
}
# Frameworks with no Kubeflow operator: explained, never guessed into another kind.
UNSUPPORTED_FRAMEWORKS = frozenset(
    {"mxnet", "caffe2", "lightgbm", "lightlda", "xflow", "xdl", "cntk", "paddle", "spark"}
)

# Env shims (mapping.md section 3.2): which launcher's variables the pods must recreate.
SHIM_TONY_TF = "tony-tensorflow"
SHIM_TONY_PYTORCH = "tony-pytorch"
SHIM_XLEARNING_TF = "xlearning-tensorflow"
SHIM_OPENPAI = "openpai"


@dataclass
class TrainingSpec:
    """The training-specific part of a job, filled by one reader."""

    source: str  # tony, submarine, xlearning, openpai, horovodrun, mpirun
    framework: str  # tensorflow, pytorch, horovod, mpi, xgboost, standalone
    commands: dict[str, str] = field(default_factory=dict)  # role -> shell command line
    images: dict[str, str] = field(default_factory=dict)  # role -> image the source named
    shim: str = ""  # one of the SHIM_* names, or "" when the operator's env is what it read
    files: list[str] = field(default_factory=list)  # gateway-local files to bake into /opt/app
    src_dirs: list[str] = field(default_factory=list)  # gateway-local folders to bake
    archives: list[str] = field(default_factory=list)  # shipped Python envs (venv zips)
    remote: list[str] = field(default_factory=list)  # files YARN localized from HDFS
    staging: list[tuple[str, str, str]] = field(default_factory=list)  # (in|out, uri, local)
    pinned: dict[str, str] = field(default_factory=dict)  # package -> version seen in source
    node_labels: dict[str, str] = field(default_factory=dict)  # role -> YARN label expression
    timeout_seconds: int | None = None
    retries: int = 0
    retries_key: tuple[str, SourceLocation] | None = None  # the setting that asked for them
    gang: bool = False
    untracked: list[str] = field(default_factory=list)  # roles whose end TonY did not wait for
    slots_per_worker: int = 1  # MPI processes per worker pod
    processes: int | None = None  # MPI `-np` (default: workers x slots)
    launcher: str = "mpirun"  # MPI: mpirun or horovodrun, run by the MPIJob launcher
    launcher_args: list[str] = field(default_factory=list)  # MPI options kept for the launcher
    sidecars: list[str] = field(default_factory=list)  # TensorBoard and the like: not converted
    generated: dict[str, str] = field(default_factory=dict)  # app/ file name -> generated text
    source_roles: dict[str, str] = field(default_factory=dict)  # role -> its name in the source


def training_job(
    framework: str, source: str, name: str, loc: SourceLocation
) -> tuple[MigrationJob, TrainingSpec]:
    """A new training job of the kind the framework maps to, with its empty spec."""
    job = MigrationJob(
        kind=FRAMEWORK_KINDS.get(framework, framework), source_name=name, location=loc
    )
    job.language = "python"
    spec = TrainingSpec(source=source, framework=framework)
    job.extra["training"] = spec
    return job, spec


def spec_of(job: MigrationJob) -> TrainingSpec:
    """The TrainingSpec a reader attached (a fresh one if none was: never None)."""
    found = job.extra.get("training")
    if isinstance(found, TrainingSpec):
        return found
    spec = TrainingSpec(source="unknown", framework=job.kind)
    job.extra["training"] = spec
    return spec


_RESOURCE_ITEM = re.compile(r"^\s*([A-Za-z0-9_./-]+)\s*=\s*([^,]*)\s*$")


def parse_resources(text: str) -> dict[str, str]:
    """`memory=8G,vcores=4,gpu=2` (Submarine, YARN service) -> {memory: 8G, vcores: 4, gpu: 2}.

    Keys are lowercased; `yarn.io/gpu` and `nvidia.com/gpu` both become `gpu`, `cpu` becomes
    `vcores`. Items that are not `key=value` are ignored.
    """
    out: dict[str, str] = {}
    for item in text.split(","):
        match = _RESOURCE_ITEM.match(item)
        if not match:
            continue
        key = match.group(1).lower()
        key = {"yarn.io/gpu": "gpu", "nvidia.com/gpu": "gpu", "cpu": "vcores", "gpus": "gpu"}.get(
            key, key
        )
        out[key] = match.group(2).strip()
    return out


def to_int(value: object, default: int) -> int:
    """A non-negative integer from text or a number, else the default."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return max(value, 0)
    try:
        return max(int(str(value).strip()), 0)
    except ValueError:
        return default


def to_mib(value: object, default: int, default_unit: str = "m") -> int:
    """Memory in MiB from `8G`, `20480M`, `2g`, `1024` (bare numbers in `default_unit`)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return default
    try:
        return parse_memory_mib(value.strip(), default_unit=default_unit)
    except ValueError:
        return default


def role_from_resources(name: str, instances: int, resources: dict[str, str]) -> Role:
    """A Role from a parsed resource map (memory in MiB when bare, as YARN reads it)."""
    role = Role(name=name, instances=instances)
    role.memory_mib = to_mib(resources.get("memory", ""), 1024)
    role.cores = max(to_int(resources.get("vcores", "1"), 1), 1)
    role.gpus = to_int(resources.get("gpu", "0"), 0)
    return role


def python_file_of(command: str) -> str:
    """The first `*.py` word of a command line (the training entry point), or ""."""
    for word in command.split():
        if word.endswith(".py") and "${" not in word:
            return word
    return ""


def is_tool_jar(path: str) -> bool:
    """Launcher jars (TonY, Submarine) that YARN needed but pods never do."""
    name = PurePosixPath(path).name.lower()
    return name.endswith(".jar") and name.startswith(("tony", "submarine", "hbox", "xlearning"))
