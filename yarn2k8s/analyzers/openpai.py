"""OpenPAI job configurations: v1 JSON (`jobName`, `taskRoles[]`; may carry `//` and `/* */`
comments) and v2 YAML (`protocolVersion: 2`, `taskRoles: {name: ...}`).

OpenPAI does not name a framework: it is read from the image and the commands. One task
role that runs a single process becomes a batch Job; TensorFlow and PyTorch roles become
their operators' jobs. Frameworks no operator runs are explained, never forced into one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile, error_line
from yarn2k8s.analyzers.training_spec import SHIM_OPENPAI, python_file_of, to_int, training_job
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, Role, SourceLocation
from yarn2k8s.security.limits import safe_json, safe_yaml

# Image/command hints, first match wins (a Keras-on-TensorFlow image is TensorFlow).
_HINTS = (
    ("mpi", re.compile(r"\b(mpirun|horovodrun|mpiexec)\b")),
    ("spark", re.compile(r"spark", re.I)),
    ("tensorflow", re.compile(r"tensorflow|keras|\btf\b", re.I)),
    ("pytorch", re.compile(r"pytorch|torch", re.I)),
    ("xgboost", re.compile(r"xgboost", re.I)),
    ("mxnet", re.compile(r"mxnet", re.I)),
    ("cntk", re.compile(r"cntk", re.I)),
)
_SINGLE_PROCESS_OK = frozenset({"mxnet", "cntk", "xgboost", ""})
# Variables the converter recreates; any other PAI_* variable is reported.
KNOWN_PAI_VARS = frozenset(
    {
        "PAI_JOB_NAME", "PAI_DATA_DIR", "PAI_OUTPUT_DIR", "PAI_CODE_DIR", "PAI_DEFAULT_FS_URI",
        "PAI_CURRENT_TASK_ROLE_NAME", "PAI_TASK_INDEX", "PAI_CURRENT_TASK_ROLE_CURRENT_TASK_INDEX",
        "PAI_TASK_ROLE_COUNT", "PAI_TASK_ROLE_LIST",
    }
)  # fmt: skip
_PAI_VAR = re.compile(r"\$\{?(PAI_[A-Za-z0-9_]+)")


def strip_json_comments(text: str) -> str:
    """Remove `//` and `/* */` comments outside JSON strings (newlines kept for line numbers)."""
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
            i += 1
        elif c == '"':
            in_string = True
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            stop = n if end < 0 else end + 2
            out.append("\n" * text.count("\n", i, stop))
            i = stop
        else:
            out.append(c)
            i += 1
    return "".join(out)


@dataclass
class PaiRole:
    """One OpenPAI task role."""

    name: str
    instances: int = 1
    cores: int = 1
    memory_mib: int = 1024
    gpus: int = 0
    command: str = ""
    image: str = ""


@dataclass
class PaiJob:
    """An OpenPAI job, v1 or v2, before mapping."""

    name: str = ""
    image: str = ""
    queue: str = ""
    retries: int = 0
    dirs: dict[str, str] = field(default_factory=dict)  # PAI_DATA_DIR ...
    env: dict[str, str] = field(default_factory=dict)
    roles: list[PaiRole] = field(default_factory=list)


def from_v1(data: dict[str, Any]) -> PaiJob:
    """A v1 JSON job."""
    job = PaiJob(name=str(data.get("jobName") or ""), image=str(data.get("image") or ""))
    job.queue = str(data.get("virtualCluster") or "")
    job.retries = to_int(data.get("retryCount", 0), 0)
    for key, var in (
        ("dataDir", "PAI_DATA_DIR"),
        ("outputDir", "PAI_OUTPUT_DIR"),
        ("codeDir", "PAI_CODE_DIR"),
    ):
        if data.get(key):
            job.dirs[var] = str(data[key])
    job.env = {str(k): str(v) for k, v in _dict(data.get("jobEnvs")).items()}
    for raw in data.get("taskRoles") or []:
        role = _dict(raw)
        job.roles.append(
            PaiRole(
                name=str(role.get("name") or "main"),
                instances=max(to_int(role.get("taskNumber", 1), 1), 1),
                cores=max(to_int(role.get("cpuNumber", 1), 1), 1),
                memory_mib=max(to_int(role.get("memoryMB", 1024), 1024), 1),
                gpus=to_int(role.get("gpuNumber", 0), 0),
                command=str(role.get("command") or ""),
            )
        )
    return job


def from_v2(data: dict[str, Any]) -> PaiJob:
    """A v2 (protocolVersion 2) YAML job."""
    job = PaiJob(name=str(data.get("name") or ""))
    images = {
        str(p.get("name")): str(p.get("uri") or "")
        for p in (data.get("prerequisites") or [])
        if isinstance(p, dict) and p.get("type") == "dockerimage"
    }
    job.queue = str(_dict(data.get("defaults")).get("virtualCluster") or "")
    for name, raw in _dict(data.get("taskRoles")).items():
        role, res = _dict(raw), _dict(_dict(raw).get("resourcePerInstance"))
        commands = role.get("commands") or []
        job.roles.append(
            PaiRole(
                name=str(name),
                instances=max(to_int(role.get("instances", 1), 1), 1),
                cores=max(to_int(res.get("cpu", 1), 1), 1),
                memory_mib=max(to_int(res.get("memoryMB", 1024), 1024), 1),
                gpus=to_int(res.get("gpu", 0), 0),
                command=" && ".join(str(c) for c in commands)
                if isinstance(commands, list)
                else str(commands),
                image=images.get(str(role.get("dockerImage") or ""), ""),
            )
        )
    return job


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def framework_of(job: PaiJob) -> str:
    """The framework the images and commands suggest ("" when none does)."""
    text = " ".join([job.image, *(r.image for r in job.roles), *(r.command for r in job.roles)])
    for framework, pattern in _HINTS:
        if pattern.search(text):
            return framework
    return ""


def build_job(pai: PaiJob, loc: SourceLocation) -> tuple[MigrationJob | None, list[Finding]]:
    """The job an OpenPAI configuration maps to (None: explained)."""
    framework = framework_of(pai)
    single = len(pai.roles) == 1 and pai.roles[0].instances == 1
    if not pai.roles:
        return None, [make("TY033", loc, what="OpenPAI job", detail="no task roles")]
    if framework in ("mpi", "spark"):
        command = pai.roles[0].command[:120]
        return None, [make("TY038", loc, what="OpenPAI job", framework=framework, command=command)]
    if framework in _SINGLE_PROCESS_OK and not single:
        return None, [make("TY003", loc, what="OpenPAI job", framework=framework or "unknown")]
    kind_framework = framework if framework in ("tensorflow", "pytorch") else "standalone"
    job, spec = training_job(kind_framework, "openpai", pai.name, loc)
    job.queue, spec.retries = pai.queue, pai.retries
    if pai.retries:
        spec.retries_key = ("retryCount", loc)
    job.env.update(pai.env)
    job.env.update(pai.dirs)
    spec.shim = SHIM_OPENPAI
    for pai_role in pai.roles:
        name = (
            _role_name(pai_role.name, len(pai.roles))
            if kind_framework != "standalone"
            else pai_role.name
        )
        spec.source_roles[name] = pai_role.name
        job.roles[name] = Role(
            name=name,
            instances=pai_role.instances,
            cores=pai_role.cores,
            memory_mib=pai_role.memory_mib,
            gpus=pai_role.gpus,
        )
        spec.commands[name] = pai_role.command
        if pai_role.image or pai.image:
            spec.images[name] = pai_role.image or pai.image
    job.main_file = next(
        (python_file_of(c) for c in spec.commands.values() if python_file_of(c)), ""
    )
    used = sorted(
        {m.group(1) for c in spec.commands.values() for m in _PAI_VAR.finditer(c)} - KNOWN_PAI_VARS
    )
    if used:
        job.findings.append(make("TY020", loc, vars=", ".join(used)))
    if "PAI_CODE_DIR" in pai.dirs:
        spec.remote.append(pai.dirs["PAI_CODE_DIR"])
    return job, []


def _role_name(name: str, count: int) -> str:
    lowered = name.lower()
    for role in ("ps", "chief", "master", "evaluator", "worker"):
        if lowered == role or lowered.startswith(f"{role}_") or lowered.endswith(f"_{role}"):
            return role
    return "worker" if count == 1 else re.sub(r"[^a-z0-9]+", "-", lowered).strip("-") or "worker"


class OpenPaiAnalyzer:
    """OpenPAI job configs (v1 JSON with comments, v2 YAML)."""

    name = "openpai"

    def detect(self, source: InputFile) -> bool:
        """A JSON/YAML document with OpenPAI's `taskRoles`."""
        if "taskRoles" not in source.text:
            return False
        if source.name.endswith(".json"):
            return '"jobName"' in source.text or '"taskRoles"' in source.text
        return source.name.endswith((".yaml", ".yml")) and "protocolVersion" in source.text

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One job per configuration, or a finding saying why not."""
        del ctx
        pai, problem, line = _load(source)
        if pai is None:
            return AnalysisResult(findings=[make("YK009", source.at(line), detail=problem)])
        job, findings = build_job(pai, source.at())
        result = AnalysisResult(findings=findings)
        if job is not None:
            result.jobs.append(job)
            result.outcome = "converted"
        return result


def _load(source: InputFile) -> tuple[PaiJob | None, str, int]:
    """The job, or why it cannot be read and the line that points at (0: the whole file)."""
    try:
        if source.name.endswith(".json"):
            data = safe_json(strip_json_comments(source.text))
            if not isinstance(data, dict):
                return None, "not a JSON object", 0
            return from_v1(data), "", 0
        data = safe_yaml(source.text)
    except json.JSONDecodeError as err:
        return None, f"invalid JSON at line {err.lineno}: {err.msg}", err.lineno
    except ValueError:  # over the depth bound (StructureLimitError)
        return None, "nesting too deep", 0
    except yaml.YAMLError as err:
        return None, "invalid YAML", error_line(err)
    except RecursionError:
        return None, "nesting too deep", 0
    return (from_v2(data), "", 0) if isinstance(data, dict) else (None, "not a mapping", 0)
