"""YARN DistributedShell (`yarn jar hadoop-yarn-applications-distributedshell.jar ...`).

DistributedShell runs one shell command in N containers; on Kubernetes that is an Indexed Job
of N pods. The docker image YARN's container runtime was told to use (through `-shell_env
YARN_CONTAINER_RUNTIME_DOCKER_IMAGE=...`) becomes the pod's image.
"""

from __future__ import annotations

from yarn2k8s.analyzers.batch_common import ROLE_DATA, ROLE_FILE, int_value, mib_value
from yarn2k8s.analyzers.hadoop_options import parse_options
from yarn2k8s.config import Config
from yarn2k8s.findings import make
from yarn2k8s.model import Dependency, MigrationJob, Role
from yarn2k8s.model.units import round_up

_OPTIONS = {
    "-jar": ROLE_FILE,
    "-shell_command": ROLE_DATA,
    "-shell_script": ROLE_FILE,
    "-shell_args": ROLE_DATA,
    "-shell_env": ROLE_DATA,
    "-num_containers": ROLE_DATA,
    "-container_memory": ROLE_DATA,
    "-container_vcores": ROLE_DATA,
    "-container_resources": ROLE_DATA,
    "-master_memory": ROLE_DATA,
    "-master_vcores": ROLE_DATA,
    "-master_resources": ROLE_DATA,
    "-queue": ROLE_DATA,
    "-appname": ROLE_DATA,
    "-priority": ROLE_DATA,
    "-node_label_expression": ROLE_DATA,
    "-placement_spec": ROLE_DATA,
    "-timeout": ROLE_DATA,
    "-log_properties": ROLE_DATA,
    "-localized_files": ROLE_DATA,
    "-container_type": ROLE_DATA,
    "-docker_client_config": ROLE_DATA,
}
_FLAGS = frozenset(
    {"-debug", "-help", "-keep_containers_across_application_attempts", "-enforce_execution_type"}
)
RUNTIME_ENV_PREFIX = "YARN_CONTAINER_RUNTIME_"


def fill_distributed_shell(job: MigrationJob, words: list[str], config: Config) -> None:
    """Command, environment, container count and size, image and queue of a DS run."""
    parsed = parse_options(words, _OPTIONS, _FLAGS, stop_at_argument=False)
    job.arguments = list(words)
    job.extra["arg_roles"] = parsed.roles
    job.findings.extend(make("MR006", job.location, option=o) for o in parsed.unknown)
    command = " ".join([parsed.last("-shell_command"), *parsed.all("-shell_args")]).strip()
    script = parsed.last("-shell_script")
    if script:
        job.deps.append(Dependency("file", script, job.location))
        job.main_file = script
    runtime = _environment(job, parsed.all("-shell_env"))
    job.extra["image"] = runtime.get("YARN_CONTAINER_RUNTIME_DOCKER_IMAGE", "")
    job.extra["command"] = command
    count = max(int_value(parsed.last("-num_containers") or "1", 1), 1)
    job.roles = {
        "container": Role(
            name="container",
            instances=count,
            cores=max(int_value(parsed.last("-container_vcores") or "1", 1), 1),
            memory_mib=_container_mib(parsed.last("-container_memory"), config),
        )
    }
    resources = dict(
        item.partition("=")[::2] for item in parsed.last("-container_resources").split(",") if item
    )
    job.roles["container"].gpus = int_value(resources.get("yarn.io/gpu"), 0)
    job.queue = parsed.last("-queue")
    job.source_name = parsed.last("-appname")
    attempts = str(config.cluster.am_max_attempts)
    job.effective_conf = {"yarn.resourcemanager.am.max-attempts": attempts}
    what = command or script or "nothing"
    job.findings.append(make("MR014", job.location, command=what, n=count))
    if not (command or script):
        job.findings.append(make("MR007", job.location))
    for key in sorted(runtime):
        job.findings.append(make("BJ010", job.location, key=key))


def _environment(job: MigrationJob, items: list[str]) -> dict[str, str]:
    """Put `-shell_env` settings on the job; return those meant for YARN's container runtime."""
    runtime: dict[str, str] = {}
    for item in items:
        key, _, value = item.partition("=")
        if key.startswith(RUNTIME_ENV_PREFIX):
            runtime[key] = value
        else:
            job.env[key] = value
    job.extra["runtime_env"] = runtime
    return runtime


def _container_mib(value: str, config: Config) -> int:
    # YARN rounds every request up to a multiple of the minimum allocation (default 1024 MiB).
    minimum = config.cluster.minimum_allocation_mb
    return round_up(max(mib_value(value or None, minimum), 1), minimum)
