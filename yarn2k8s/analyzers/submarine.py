"""Apache Submarine: `submarine job run` command lines, the YAML job specs `job run -f` reads,
and the experiment specs (JSON) of the Submarine server.

Submarine-on-YARN ran on TonY (`--conf tony.*`) or on YARN native services; both are mapped
the same way (mapping.md section 3.1). Per-role resources read `memory=8G,vcores=4,gpu=2`;
`%input_path%` and its siblings in launch commands are replaced as Submarine did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile, error_line
from yarn2k8s.analyzers.command_readers import Reading, ScriptContext, note_placeholders
from yarn2k8s.analyzers.nearby import read_nearby
from yarn2k8s.analyzers.shell import ShellCommand
from yarn2k8s.analyzers.training_spec import (
    SHIM_TONY_PYTORCH,
    SHIM_TONY_TF,
    UNSUPPORTED_FRAMEWORKS,
    is_tool_jar,
    parse_resources,
    python_file_of,
    role_from_resources,
    to_int,
    training_job,
)
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, SourceLocation
from yarn2k8s.security.limits import safe_json, safe_yaml

_FRAMEWORKS = {"tensorflow": "tensorflow", "pytorch": "pytorch", "xgboost": "xgboost"}
_KNOWN = frozenset({*_FRAMEWORKS, "mxnet"})
_ROLE_OPTIONS = ("worker", "ps", "scheduler", "chief", "master", "evaluator")
_MULTI = frozenset({"env", "localization", "quicklink", "conf"})
_FLAGS = frozenset({"tensorboard", "insecure", "verbose", "wait_job_finish", "distribute_keytab"})
_PATH_HOLES = ("input_path", "checkpoint_path", "saved_model_path")


@dataclass
class RoleInput:
    """One role as Submarine described it."""

    instances: int = 1
    resources: dict[str, str] = field(default_factory=dict)
    command: str = ""
    image: str = ""
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class SubmarineInput:
    """A Submarine job before mapping: what the CLI, a YAML spec or an experiment said."""

    name: str = ""
    framework: str = "tensorflow"
    roles: dict[str, RoleInput] = field(default_factory=dict)
    image: str = ""
    env: dict[str, str] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)  # input_path, checkpoint_path ...
    queue: str = ""
    keytab: str = ""
    principal: str = ""
    localizations: list[str] = field(default_factory=list)
    mounts: list[str] = field(default_factory=list)
    tensorboard: bool = False
    tony_conf: dict[str, str] = field(default_factory=dict)
    shim: bool = True  # False for experiments, which already ran on Kubernetes operators


def build_job(
    sub: SubmarineInput, loc: SourceLocation
) -> tuple[MigrationJob | None, list[Finding]]:
    """The training job a Submarine description maps to (None: explained by the findings)."""
    framework = (sub.framework or "tensorflow").strip().lower()
    if framework not in _KNOWN:
        return None, [
            make("TY033", loc, what="Submarine job", detail=f"unknown framework `{framework}`")
        ]
    if framework in UNSUPPORTED_FRAMEWORKS or framework not in _FRAMEWORKS:
        return None, [make("TY003", loc, what="Submarine job", framework=framework)]
    if not sub.roles:
        return None, [make("TY033", loc, what="Submarine job", detail="no roles")]
    job, spec = training_job(_FRAMEWORKS[framework], "submarine", sub.name, loc)
    job.queue, job.keytab, job.principal = sub.queue, sub.keytab, sub.principal
    job.env.update(sub.env)
    for name, given in sub.roles.items():
        role = role_from_resources(name, max(given.instances, 1), given.resources)
        role.env = dict(given.env)
        job.roles[name] = role
        spec.commands[name] = _fill_paths(given.command, sub.paths)
        if given.image or sub.image:
            spec.images[name] = given.image or sub.image
    if sub.shim and framework in ("tensorflow", "pytorch") and sub.tony_conf:
        spec.shim = SHIM_TONY_TF if framework == "tensorflow" else SHIM_TONY_PYTORCH
    _localized(spec.files, spec.archives, spec.remote, sub)
    if sub.tensorboard:
        spec.sidecars.append("Submarine TensorBoard (`--tensorboard`)")
    job.findings.extend(make("TY030", loc, mount=m) for m in sub.mounts)
    job.main_file = next(
        (python_file_of(c) for c in spec.commands.values() if python_file_of(c)), ""
    )
    job.effective_conf = {f"submarine.{k}": v for k, v in sorted(sub.paths.items())} | sub.tony_conf
    return job, []


def _fill_paths(command: str, paths: dict[str, str]) -> str:
    for hole in _PATH_HOLES:
        if paths.get(hole):
            command = command.replace(f"%{hole}%", paths[hole])
    return command


def _localized(
    files: list[str], archives: list[str], remote: list[str], sub: SubmarineInput
) -> None:
    items = [i.strip() for i in sub.tony_conf.get("tony.containers.resources", "").split(",")]
    for item in items:
        path, _, kind = item.partition("#")
        if not path or is_tool_jar(path):
            continue
        if "://" in path:
            remote.append(item)
        elif kind == "archive":
            archives.append(path)
        else:
            files.append(path)
    # `remote:local:rw` localizations: Submarine copied them into the container.
    remote.extend(
        loc.rsplit(":", 2)[0] if loc.count(":") >= 2 else loc for loc in sub.localizations
    )


# --------------------------------------------------------------------------- CLI


def submarine_args(words: list[str]) -> list[str] | None:
    """The words after `job run`, when a Submarine client runs them."""
    for i in range(len(words) - 1):
        if words[i] == "job" and words[i + 1] == "run":
            before = " ".join(words[:i]).lower()
            if "submarine" in before:
                return words[i + 2 :]
    return None


def parse_cli(args: list[str]) -> tuple[dict[str, str], dict[str, list[str]], set[str]]:
    """Single-valued options, repeatable options, and flags (dashes stripped)."""
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    flags: set[str] = set()
    i = 0
    while i < len(args):
        name, eq, inline = args[i].lstrip("-").partition("=")
        if not args[i].startswith("-"):
            i += 1
            continue
        if name in _FLAGS:
            flags.add(name)
            i += 1
            continue
        value = inline if eq else (args[i + 1] if i + 1 < len(args) else "")
        i += 1 if eq else 2
        if name in _MULTI:
            multi.setdefault(name, []).append(value)
        else:
            single[name] = value
    return single, multi, flags


def input_from_cli(
    single: dict[str, str], multi: dict[str, list[str]], flags: set[str]
) -> SubmarineInput:
    """A SubmarineInput from `job run` options."""
    sub = SubmarineInput(
        name=single.get("name", ""), framework=single.get("framework", "tensorflow")
    )
    sub.image = single.get("docker_image", "")
    sub.queue, sub.keytab, sub.principal = (
        single.get("queue", ""),
        single.get("keytab", ""),
        single.get("principal", ""),
    )
    sub.paths = {h: single[h] for h in _PATH_HOLES if single.get(h)}
    sub.env = dict(_pair(e) for e in multi.get("env", []) if "=" in e)
    sub.localizations = list(multi.get("localization", []))
    sub.tensorboard = "tensorboard" in flags
    sub.tony_conf = dict(_pair(c) for c in multi.get("conf", []) if "=" in c)
    for role in _ROLE_OPTIONS:
        count_key = (
            "num_workers" if role == "worker" else f"num_{role}" if role == "ps" else f"num_{role}s"
        )
        default = 1 if role == "worker" else 0
        count = to_int(single.get(count_key, str(default)), default)
        if count > 0:
            sub.roles[role] = RoleInput(
                instances=count,
                resources=parse_resources(single.get(f"{role}_resources", "")),
                command=single.get(f"{role}_launch_cmd", ""),
                image=single.get(f"{role}_docker_image", ""),
            )
    return sub


def _pair(text: str) -> tuple[str, str]:
    key, _, value = text.partition("=")
    return key.strip(), value


def read_submarine(cmd: ShellCommand, words: list[str], sc: ScriptContext) -> Reading | None:
    """`submarine job run ...` -> a training job (a `-f spec.yaml` is read from the inputs)."""
    args = submarine_args(words)
    if args is None:
        return None
    loc = sc.source.at(cmd.line)
    single, multi, flags = parse_cli(args)
    out = Reading()
    if single.get("f"):
        # The spec is converted from its own file when it is an input; never twice.
        nearby = read_nearby(sc.source, single["f"])
        if nearby is None:
            out.findings.append(make("TY009", loc, path=single["f"]))
        else:
            what = f"`job run -f {single['f']}` is converted from `{nearby.rel}`"
            out.findings.append(make("TY031", loc, what=what))
        return out
    sub = input_from_cli(single, multi, flags)
    job, findings = build_job(sub, loc)
    out.findings.extend(findings)
    if job is not None:
        note_placeholders(job, args)
        out.jobs.append(job)
    return out


# --------------------------------------------------------------------------- YAML spec

_YAML_SECTIONS = frozenset({"spec", "configs", "scheduling", "roles", "security", "tensorBoard"})


def input_from_yaml(text: str) -> tuple[SubmarineInput | None, str, int]:
    """A SubmarineInput from a `job run -f` YAML spec, or the reason it cannot be read and
    the line the reason points at (0: the whole file)."""
    try:
        data = safe_yaml(text)
    except yaml.YAMLError as err:
        line = error_line(err)
        return None, f"invalid YAML{f' at line {line}' if line else ''}", line
    if not isinstance(data, dict):
        return None, "not a mapping", 0
    spec, configs = _dict(data.get("spec")), _dict(data.get("configs"))
    sub = SubmarineInput(
        name=str(spec.get("name") or ""), framework=str(spec.get("framework") or "tensorflow")
    )
    sub.image = str(configs.get("docker_image") or "")
    sub.env = {str(k): str(v) for k, v in _dict(configs.get("envs")).items()}
    sub.paths = {h: str(configs[h]) for h in _PATH_HOLES if configs.get(h)}
    sub.localizations = [str(x) for x in _list(configs.get("localizations"))]
    sub.mounts = [str(x) for x in _list(configs.get("mounts"))]
    sub.queue = str(_dict(data.get("scheduling")).get("queue") or "")
    security = _dict(data.get("security"))
    sub.keytab, sub.principal = (
        str(security.get("keytab") or ""),
        str(security.get("principal") or ""),
    )
    sub.tensorboard = "tensorBoard" in data
    for name, raw in _dict(data.get("roles")).items():
        given = _dict(raw)
        sub.roles[str(name)] = RoleInput(
            instances=to_int(given.get("replicas", 1), 1),
            resources=parse_resources(str(given.get("resources") or "")),
            command=str(given.get("launch_cmd") or ""),
            image=str(given.get("docker_image") or ""),
            env={str(k): str(v) for k, v in _dict(given.get("envs")).items()},
        )
        sub.mounts += [str(x) for x in _list(given.get("mounts"))]
        sub.localizations += [str(x) for x in _list(given.get("localizations"))]
    return sub, "", 0


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


_YAML_DETECT = re.compile(r"^(roles|spec|configs):\s*$", re.MULTILINE)


class SubmarineYamlAnalyzer:
    """Submarine `job run -f` YAML specs (spec/configs/roles/scheduling/security)."""

    name = "submarine-yaml"

    def detect(self, source: InputFile) -> bool:
        """A YAML file with top-level `roles:` and `spec:` sections and no Kubernetes kind."""
        if not source.name.endswith((".yaml", ".yml")) or re.search(
            r"^(apiVersion|kind):", source.text, re.M
        ):
            return False
        tops = {m.group(1) for m in _YAML_DETECT.finditer(source.text)}
        return {"roles", "spec"} <= tops or {"roles", "configs"} <= tops

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One job, or a finding saying why not."""
        del ctx
        sub, problem, line = input_from_yaml(source.text)
        if sub is None:
            return AnalysisResult(findings=[make("YK009", source.at(line), detail=problem)])
        return _result(*build_job(sub, source.at()))


def _result(job: MigrationJob | None, findings: list[Finding]) -> AnalysisResult:
    result = AnalysisResult(findings=findings)
    if job is not None:
        result.jobs.append(job)
        result.outcome = "converted"
    return result


# --------------------------------------------------------------------------- experiments


class SubmarineExperimentAnalyzer:
    """Submarine server experiment specs: {meta: {framework, cmd}, environment, spec: roles}."""

    name = "submarine-experiment"

    def detect(self, source: InputFile) -> bool:
        """A JSON object with `meta.framework` and a role map under `spec`."""
        if not source.name.endswith(".json") or '"meta"' not in source.text:
            return False
        data = _json(source.text)
        return (
            isinstance(data.get("meta"), dict)
            and "framework" in data["meta"]
            and isinstance(data.get("spec"), dict)
        )

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One job per experiment."""
        del ctx
        data = _json(source.text)
        meta, env = _dict(data.get("meta")), _dict(data.get("environment"))
        sub = SubmarineInput(
            name=str(meta.get("name") or ""), framework=str(meta.get("framework") or ""), shim=False
        )
        sub.image = str(env.get("image") or "")
        sub.env = {str(k): str(v) for k, v in _dict(meta.get("envVars")).items()}
        for name, raw in _dict(data.get("spec")).items():
            given = _dict(raw)
            sub.roles[str(name).lower()] = RoleInput(
                instances=to_int(given.get("replicas", 1), 1),
                resources=parse_resources(str(given.get("resources") or "")),
                command=str(given.get("cmd") or meta.get("cmd") or ""),
                image=str(given.get("image") or ""),
                env={str(k): str(v) for k, v in _dict(given.get("envVars")).items()},
            )
        handler = _dict(data.get("experimentHandlerSpec"))
        result = _result(*build_job(sub, source.at()))
        if handler.get("FILE_SYSTEM_TYPE") == "HDFS":
            host, port = handler.get("HDFS_HOST", ""), handler.get("HDFS_PORT", "")
            where = f"hdfs://{host}:{port}{handler.get('HDFS_SOURCE', '')}"
            for job in result.jobs:
                job.findings.append(
                    make("TY013", source.at(), value=where, where="the experiment handler")
                )
        return result


def _json(text: str) -> dict[str, Any]:
    try:
        data = safe_json(text)
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}
