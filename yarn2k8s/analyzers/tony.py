"""TonY (TensorFlow on YARN): tony.xml / tony-final.xml / tony-default.xml and the job the
effective configuration describes.

Precedence is TonyClient's: built-in defaults (tony-default.xml inside the jar), then the
`--conf_file` (or tony.xml), then `--conf k=v` on the command line. Keys follow
TonyConfigurationKeys and mapping.md section 3.1. The CLI reader lives in tony_cli.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.hadoop_xml import looks_like_configuration, read_conf
from yarn2k8s.analyzers.training_spec import (
    SHIM_TONY_PYTORCH,
    SHIM_TONY_TF,
    UNSUPPORTED_FRAMEWORKS,
    TrainingSpec,
    is_tool_jar,
    to_int,
    to_mib,
    training_job,
)
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, Role, SourceLocation

# The values of tony-default.xml that change what a job does (the rest tune the AM).
TONY_DEFAULTS = {
    "tony.application.framework": "tensorflow",
    "tony.application.name": "TonyApplication",
    "tony.yarn.queue": "default",
    "tony.application.timeout": "0",
    "tony.am.retry-count": "0",
    "tony.application.distributed-mode": "GANG",
    "tony.application.untracked.jobtypes": "ps",
    "tony.application.sidecar.jobtypes": "tensorboard",
    "tony.application.security.enabled": "true",
    "tony.docker.enabled": "false",
    "tony.task.executor.jvm.opts": "-Xmx1536m",
}
_DEFAULT_NAMES = frozenset({"TonyApplication", "TensorFlowApplication"})
_INSTANCES = re.compile(r"^tony\.([a-z]+)\.instances$")
# Job types TonY itself runs (the AM), never training roles.
_NOT_ROLES = frozenset({"am", "application", "containers", "docker", "task", "history"})
_SITE_PREFIXES = ("tony.history.", "tony.portal.", "tony.https.", "tony.http.", "tony.keytab.")
_SITE_KEYS = frozenset({"tony.secret.key", "tony.other.namenodes"})
_JOB_KEY = re.compile(
    r"^tony\.(?:[a-z]+\.(?:instances|memory|vcores|gpus|command|resources|node-label)"
    r"|application\.framework|containers\.command)$"
)


@dataclass
class TonyConf:
    """An effective TonY configuration: values, where each explicit one came from."""

    values: dict[str, str] = field(default_factory=lambda: dict(TONY_DEFAULTS))
    sources: dict[str, SourceLocation] = field(default_factory=dict)

    def layer(self, values: dict[str, str], where: dict[str, SourceLocation]) -> None:
        """Apply a higher-precedence layer; the multi-value keys append like TonY's do."""
        for key, value in values.items():
            if key in _MULTI_VALUE and self.explicit(key) and value:
                self.values[key] = f"{self.values[key]},{value}"
            else:
                self.values[key] = value
            self.sources[key] = where[key]

    def explicit(self, key: str) -> bool:
        """Whether the key was set by an input (not only by TonY's defaults)."""
        return key in self.sources

    def get(self, key: str, default: str = "") -> str:
        """A value, or the default when unset."""
        return self.values.get(key, default)

    def loc(self, key: str, fallback: SourceLocation) -> SourceLocation:
        """Where a key was set, or the fallback (the submission) for defaults."""
        return self.sources.get(key, fallback)


_MULTI_VALUE = frozenset(
    {"tony.containers.envs", "tony.execution.envs", "tony.containers.resources"}
)


@dataclass
class TonyLaunch:
    """What the TonY command line adds to the configuration (TonyClient's options)."""

    executes: str = ""
    task_params: str = ""
    python_binary_path: str = ""
    python_venv: str = ""
    src_dir: str = ""
    hdfs_classpath: str = ""
    env: dict[str, str] = field(default_factory=dict)  # --shell_env and --container_env


_NAME_TAG = re.compile(r"<name>\s*([^<\s]+)\s*</name>")


def sets_prefix(text: str, prefix: str) -> bool:
    """A Hadoop configuration file that sets at least one `prefix*` property."""
    if not looks_like_configuration(text):
        return False
    return any(m.group(1).startswith(prefix) for m in _NAME_TAG.finditer(text))


class ConfLayer(NamedTuple):
    """A configuration file as a layer: values, their locations, a parse error if any, and
    where the error is (its line when the parser knew it)."""

    values: dict[str, str]
    where: dict[str, SourceLocation]
    error: str
    error_at: SourceLocation


def conf_layer(text: str, rel: str) -> ConfLayer:
    """Read a configuration file as a layer (problems are in `error`, never raised)."""
    conf = read_conf(text)
    values = {k: v.strip() for k, v in conf.values.items()}
    where = {k: SourceLocation(rel, conf.line(k)) for k in values}
    return ConfLayer(values, where, conf.error, SourceLocation(rel, conf.error_line))


def is_job_conf(values: dict[str, str]) -> bool:
    """A configuration that describes a training job (roles, framework or commands)."""
    return any(_JOB_KEY.match(k) for k in values)


def has_command(values: dict[str, str]) -> bool:
    """Whether the configuration carries its own command (TonY 0.4+ writes it there)."""
    return any(
        k == "tony.containers.command" or re.match(r"^tony\.[a-z]+\.command$", k) for k in values
    )


# --------------------------------------------------------------------------- job building


def build_job(
    conf: TonyConf, launch: TonyLaunch, loc: SourceLocation
) -> tuple[MigrationJob | None, list[Finding]]:
    """The training job an effective configuration and a launch describe (None: explained)."""
    framework = conf.get("tony.application.framework", "tensorflow").strip().lower()
    fw_loc = conf.loc("tony.application.framework", loc)
    if framework in UNSUPPORTED_FRAMEWORKS or framework not in _FRAMEWORKS:
        return None, [make("TY003", fw_loc, what="TonY job", framework=framework)]
    name = conf.get("tony.application.name")
    job, spec = training_job(
        _FRAMEWORKS[framework], "tony", "" if name in _DEFAULT_NAMES else name, loc
    )
    job.effective_conf = dict(sorted(conf.values.items()))
    job.conf_sources = dict(conf.sources)
    if conf.explicit("tony.yarn.queue"):
        job.queue = conf.get("tony.yarn.queue")
    _fill_roles(job, spec, conf, loc)
    _fill_commands(job, spec, conf, launch, loc)
    _fill_files(spec, conf, launch)
    _fill_env(job, conf, launch)
    _fill_policies(job, spec, conf, loc)
    spec.shim = {"tensorflow": SHIM_TONY_TF, "pytorch": SHIM_TONY_PYTORCH}.get(framework, "")
    if framework == "horovod":
        spec.launcher = "horovodrun"
    if launch.python_venv:
        spec.archives.append(launch.python_venv)
    job.main_file = launch.executes or _first_py(spec.commands)
    return job, []


_FRAMEWORKS = {
    "tensorflow": "tensorflow",
    "pytorch": "pytorch",
    "horovod": "horovod",
    "standalone": "standalone",
}


def _first_py(commands: dict[str, str]) -> str:
    for command in commands.values():
        for word in command.split():
            if word.endswith(".py"):
                return word
    return ""


def role_names(conf: TonyConf) -> list[str]:
    """Job types with a positive instance count, in a stable order (TonY's regex)."""
    names = []
    for key in sorted(conf.values):
        match = _INSTANCES.match(key)
        if match and match.group(1) not in _NOT_ROLES and to_int(conf.values[key], 0) > 0:
            names.append(match.group(1))
    return names


def _fill_roles(job: MigrationJob, spec: TrainingSpec, conf: TonyConf, loc: SourceLocation) -> None:
    names = role_names(conf) or ["worker"]  # TonY's one worker when nothing says otherwise
    sidecars = _csv(conf.get("tony.application.sidecar.jobtypes"))
    app_label = conf.get("tony.application.node-label")
    for name in names:
        if name in sidecars:
            spec.sidecars.append(f"TonY sidecar job type `{name}`")
            continue
        role = Role(name=name, instances=max(to_int(conf.get(f"tony.{name}.instances", "1"), 1), 1))
        memory_key = f"tony.{name}.memory"
        role.memory_mib = to_mib(conf.get(memory_key, "2g"), -1)
        if role.memory_mib < 0:
            job.findings.append(
                make("RS008", conf.loc(memory_key, loc), key=memory_key, value=conf.get(memory_key))
            )
            role.memory_mib = 2048
        role.cores = max(to_int(conf.get(f"tony.{name}.vcores", "1"), 1), 1)
        role.gpus = to_int(conf.get(f"tony.{name}.gpus", "0"), 0)
        label = conf.get(f"tony.{name}.node-label") or app_label
        if label:
            spec.node_labels[name] = label
        job.roles[name] = role
    spec.untracked = [
        r for r in _csv(conf.get("tony.application.untracked.jobtypes")) if r in job.roles
    ]


def _fill_commands(
    job: MigrationJob, spec: TrainingSpec, conf: TonyConf, launch: TonyLaunch, loc: SourceLocation
) -> None:
    common = conf.get("tony.containers.command") or _launch_command(launch)
    docker = conf.get("tony.docker.enabled", "false").lower() == "true"
    for name in job.roles:
        spec.commands[name] = conf.get(f"tony.{name}.command") or common
        image = conf.get(f"tony.docker.{name}.image") or conf.get("tony.docker.containers.image")
        if docker and image:
            spec.images[name] = image


def _launch_command(launch: TonyLaunch) -> str:
    """TaskExecutor's command: `<python> <executes> <task_params>` (the venv python -> image's)."""
    if not launch.executes:
        return ""
    words = [launch.executes]
    if launch.python_binary_path:
        words.insert(0, launch.python_binary_path)
    elif launch.executes.endswith(".py"):
        words.insert(0, "python")
    if launch.task_params:
        words.append(launch.task_params)
    return " ".join(words)


def _fill_files(spec: TrainingSpec, conf: TonyConf, launch: TonyLaunch) -> None:
    if launch.src_dir:
        spec.src_dirs.append(launch.src_dir)
    elif launch.executes and "/" not in launch.executes.split()[0]:
        spec.files.append(launch.executes.split()[0])
    resources = _csv(conf.get("tony.containers.resources"))
    for key in sorted(conf.values):
        if re.match(r"^tony\.[a-z]+\.resources$", key) and key != "tony.containers.resources":
            resources += _csv(conf.values[key])
    resources += _csv(launch.hdfs_classpath)
    for item in resources:
        path, _, kind = item.partition("#")
        if not path or is_tool_jar(path):
            continue
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", path) and not path.startswith("file:"):
            spec.remote.append(item)
        elif kind == "archive" or path.endswith((".zip", ".tar.gz", ".tgz")):
            spec.archives.append(path)
        else:
            spec.files.append(path)


def _fill_env(job: MigrationJob, conf: TonyConf, launch: TonyLaunch) -> None:
    for key in ("tony.containers.envs", "tony.execution.envs"):
        for item in _csv(conf.get(key)):
            name, eq, value = item.partition("=")
            if eq and name.strip():
                job.env[name.strip()] = value
    job.env.update(launch.env)


def _fill_policies(
    job: MigrationJob, spec: TrainingSpec, conf: TonyConf, loc: SourceLocation
) -> None:
    timeout_ms = to_int(conf.get("tony.application.timeout", "0"), 0)
    if timeout_ms > 0:
        spec.timeout_seconds = -(-timeout_ms // 1000)
    spec.retries = to_int(conf.get("tony.am.retry-count", "0"), 0)
    if spec.retries:
        spec.retries_key = ("tony.am.retry-count", conf.loc("tony.am.retry-count", loc))
    spec.gang = conf.get("tony.application.distributed-mode", "GANG").upper() == "GANG"
    secure = conf.get("tony.application.security.enabled", "true").lower() == "true"
    if secure and conf.explicit("tony.application.security.enabled"):
        key = "tony.application.security.enabled"
        job.findings.append(make("TY029", conf.loc(key, loc)))


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


# --------------------------------------------------------------------------- XML analyzer


def _is_tony_name(name: str) -> bool:
    return name.endswith(".xml") and name.startswith("tony")


class TonyXmlAnalyzer:
    """tony.xml, tony-final.xml, tony-default.xml, tony-site.xml and other TonY conf files."""

    name = "tony-xml"

    def detect(self, source: InputFile) -> bool:
        """An XML configuration that sets tony.* keys, or any `tony*.xml`."""
        if not source.name.endswith(".xml"):
            return False
        return _is_tony_name(source.name) or sets_prefix(source.text, "tony.")

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """A job when the file carries its command; otherwise configuration, explained."""
        del ctx
        values, where, error, error_at = conf_layer(source.text, source.rel)
        if error:
            return AnalysisResult(findings=[make("YK009", error_at, detail=error)])
        tony_keys = [k for k in values if k.startswith("tony.")]
        if not tony_keys:
            return AnalysisResult(findings=[make("TY025", source.at())])
        if source.name == "tony-default.xml" or all(_site_key(k) for k in tony_keys):
            what = "TonY defaults" if source.name == "tony-default.xml" else "TonY site"
            result = AnalysisResult(findings=[make("TY024", source.at(), what=what)])
            result.outcome = "configuration"
            return result
        if not is_job_conf(values):
            return AnalysisResult(findings=[make("TY025", source.at())])
        if not has_command(values):
            roles = ", ".join(role_names(_conf(values, where))) or "default roles"
            result = AnalysisResult(findings=[make("TY001", source.at(), roles=roles)])
            result.outcome = "configuration"
            return result
        job, findings = build_job(_conf(values, where), TonyLaunch(), source.at())
        result = AnalysisResult(findings=findings)
        if job is not None:
            result.jobs.append(job)
            result.outcome = "converted"
        return result


def _conf(values: dict[str, str], where: dict[str, SourceLocation]) -> TonyConf:
    conf = TonyConf()
    conf.layer(values, where)
    return conf


def _site_key(key: str) -> bool:
    return key.startswith(_SITE_PREFIXES) or key in _SITE_KEYS
