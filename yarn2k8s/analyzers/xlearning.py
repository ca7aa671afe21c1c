"""XLearning / hbox (Qihoo360): `hbox-submit` / `xl-submit` command lines, and the hbox-site.xml
style configuration files beside them.

Options follow hbox's ClientArguments: worker/ps counts, memory (MB when bare), vcores, GPUs,
`--files` and `--cacheFile/--cacheArchive` (YARN-localized), `--input`/`--output` (staged by
the AM: downloaded before, uploaded after) and the positional command (or `--launch-cmd`).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile
from yarn2k8s.analyzers.command_readers import Reading, ScriptContext, note_placeholders
from yarn2k8s.analyzers.shell import ShellCommand
from yarn2k8s.analyzers.tony import sets_prefix
from yarn2k8s.analyzers.training_spec import (
    SHIM_XLEARNING_TF,
    TrainingSpec,
    to_int,
    to_mib,
    training_job,
)
from yarn2k8s.findings import make
from yarn2k8s.model import MigrationJob, Role

SUBMIT_NAMES = frozenset({"hbox-submit", "xl-submit", "xlearning-submit"})
# App type -> framework. Types with their own runtime and no operator are explained instead.
_APP_TYPES = {
    "tensorflow": "tensorflow",
    "tensor2tensor": "tensorflow",
    "pytorch": "pytorch",
    "mpi": "mpi",
    "horovod": "horovod",
    "distxgboost": "xgboost",
    "xgboost": "standalone",
    "caffe": "standalone",
    "keras": "standalone",
    "theano": "standalone",
    "lightgbm": "standalone",
    "hbox": "standalone",
    "xlearning": "standalone",
}
_NO_OPERATOR = {
    "distlightgbm": "lightgbm",
    "lightlda": "lightlda",
    "distlightlda": "lightlda",
    "xflow": "xflow",
    "xdl": "xdl",
}
_PS_TYPES = frozenset({"tensorflow", "tensor2tensor", "mxnet", "distlightlda", "xflow", "xdl"})
_VALUE_OPTIONS = frozenset(
    {
        "app-name", "app-type", "cluster", "driver-memory", "driver-cores", "worker-memory",
        "worker-cores", "worker-gpus", "worker-gcores", "worker-num", "chiefworker-memory",
        "evaluatorworker-memory", "duration", "ps-memory", "ps-cores", "ps-gpus", "ps-gcores",
        "ps-num", "files", "archiveFiles", "jars", "hbox-cmd", "launch-cmd", "xlearning-cmd",
        "user-path", "cacheFile", "cacheArchive", "priority", "queue", "board-index",
        "board-reloadinterval", "board-logdir", "board-enable", "board-historydir",
        "board-modelpb", "board-cacheTimeout", "isRenameInputFile", "create-containerid-dir",
        "user-classpath-first", "host-local-enable", "inputformat-enable", "outputformat-enable",
        "inputformat-shuffle", "inputformat", "outputformat", "stream-epoch", "input-strategy",
        "output-strategy", "tf-evaluator", "output-index", "conf", "input", "s3input", "output",
        "s3output",
    }
)  # fmt: skip
_REPEATABLE = frozenset(
    {"conf", "input", "s3input", "output", "s3output", "files", "cacheFile", "cacheArchive"}
)


def parse_submit(args: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Options (each a list of values, in order) and the positional command words."""
    options: dict[str, list[str]] = {}
    i = 0
    while i < len(args):
        word = args[i]
        name, eq, inline = word.lstrip("-").partition("=") if word.startswith("-") else ("", "", "")
        if name in _VALUE_OPTIONS:
            value = inline if eq else (args[i + 1] if i + 1 < len(args) else "")
            options.setdefault(name, []).append(value)
            i += 1 if eq else 2
        elif word.startswith("-"):
            options.setdefault(word.lstrip("-"), []).append("")
            i += 1
        else:
            return options, args[i:]
    return options, []


def _one(options: dict[str, list[str]], name: str, default: str = "") -> str:
    values = options.get(name)
    return values[-1] if values else default


def read_hbox_submit(cmd: ShellCommand, words: list[str], sc: ScriptContext) -> Reading | None:
    """An XLearning submission -> a training job, or a finding when no operator fits."""
    index = next(
        (i for i, w in enumerate(words[:6]) if PurePosixPath(w).name in SUBMIT_NAMES), None
    )
    if index is None:
        return None
    loc = sc.source.at(cmd.line)
    options, positional = parse_submit(words[index + 1 :])
    app_type = _one(options, "app-type", "hbox").strip().lower()
    command = (
        " ".join(positional)
        or _one(options, "launch-cmd")
        or _one(options, "hbox-cmd")
        or _one(options, "xlearning-cmd")
    )
    ps_num = to_int(_one(options, "ps-num", "0"), 0) if app_type in _PS_TYPES else 0
    out = Reading()
    framework = _framework(app_type, ps_num)
    if framework is None:
        what = f"XLearning app type `{app_type}`"
        out.findings.append(
            make("TY003", loc, what=what, framework=_NO_OPERATOR.get(app_type, app_type))
        )
        return out
    job, spec = training_job(framework, "xlearning", _one(options, "app-name"), loc)
    job.queue = _one(options, "queue")
    _roles(job, options, ps_num, app_type)
    for role in job.roles:
        spec.commands[role] = command
    if framework == "tensorflow":
        spec.shim = SHIM_XLEARNING_TF
    if framework == "horovod":
        spec.launcher = "horovodrun"
    _files(spec, options)
    _conf(job, options)
    _board(spec, options)
    job.main_file = next((w for w in positional if w.endswith(".py")), "")
    job.effective_conf = {f"xlearning.{k}": ",".join(v) for k, v in sorted(options.items())}
    note_placeholders(job, words[index + 1 :])  # the launcher's own path does not matter
    out.jobs.append(job)
    return out


def _framework(app_type: str, ps_num: int) -> str | None:
    if app_type == "mxnet":
        return None if ps_num else "standalone"  # distributed MXNet has no operator left
    return _APP_TYPES.get(app_type)


def _roles(job: MigrationJob, options: dict[str, list[str]], ps_num: int, app_type: str) -> None:
    worker = Role(name="worker", instances=max(to_int(_one(options, "worker-num", "1"), 1), 1))
    worker.memory_mib = to_mib(_one(options, "worker-memory", "2048"), 2048)
    worker.cores = max(to_int(_one(options, "worker-cores", "1"), 1), 1)
    worker.gpus = to_int(_one(options, "worker-gpus") or _one(options, "worker-gcores", "0"), 0)
    job.roles["worker"] = worker
    if ps_num:
        ps = Role(name="ps", instances=ps_num)
        ps.memory_mib = to_mib(_one(options, "ps-memory", "2048"), 2048)
        ps.cores = max(to_int(_one(options, "ps-cores", "1"), 1), 1)
        ps.gpus = to_int(_one(options, "ps-gpus") or _one(options, "ps-gcores", "0"), 0)
        job.roles["ps"] = ps
    if (
        app_type in ("tensorflow", "tensor2tensor")
        and _one(options, "tf-evaluator").lower() == "true"
    ):
        evaluator = Role(
            name="evaluator", instances=1, memory_mib=worker.memory_mib, cores=worker.cores
        )
        job.roles["evaluator"] = evaluator


def _files(spec: TrainingSpec, options: dict[str, list[str]]) -> None:
    for value in options.get("files", []) + options.get("jars", []):
        for item in filter(None, (v.strip() for v in value.split(","))):
            (spec.remote if "://" in item else spec.files).append(item)
    for key in ("cacheFile", "cacheArchive", "archiveFiles"):
        for value in options.get(key, []):
            spec.remote.extend(filter(None, (v.strip() for v in value.split(","))))
    for direction, keys in (("input", ("input", "s3input")), ("output", ("output", "s3output"))):
        for key in keys:
            for value in options.get(key, []):
                uri, _, local = value.partition("#")
                spec.staging.append((direction, uri, local or PurePosixPath(uri).name))


def _conf(job: MigrationJob, options: dict[str, list[str]]) -> None:
    """`--conf hbox.container.env.X=v` sets the containers' environment."""
    for value in options.get("conf", []):
        key, eq, val = value.partition("=")
        for prefix in ("hbox.container.env.", "xlearning.container.env."):
            if eq and key.startswith(prefix):
                job.env[key[len(prefix) :]] = val


def _board(spec: TrainingSpec, options: dict[str, list[str]]) -> None:
    if _one(options, "board-enable").lower() == "true" or "board-logdir" in options:
        spec.sidecars.append("XLearning board (TensorBoard/VisualDL, `--board-*`)")


# --------------------------------------------------------------------------- site files


class XLearningSiteAnalyzer:
    """hbox-site.xml / hbox-default.xml / xlearning-site.xml: cluster settings, no job."""

    name = "xlearning-site"

    def detect(self, source: InputFile) -> bool:
        """A Hadoop-style configuration that sets hbox.* or xlearning.* keys."""
        if ".xml" not in source.name:
            return False
        return sets_prefix(source.text, "hbox.") or sets_prefix(source.text, "xlearning.")

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """Read as configuration: it tunes the AM and history server only."""
        del ctx
        result = AnalysisResult(findings=[make("TY024", source.at(), what="XLearning site")])
        result.outcome = "configuration"
        return result
