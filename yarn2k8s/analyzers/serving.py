"""YARN-era model serving -> `serving` units (one per model) for the KServe converter.

Read here: TF Serving model config files (`model_config_list { config { ... } }`),
`tensorflow_model_server` command lines, Python web apps (Flask, FastAPI) that load a model
(read with `ast`, never executed), MLflow `MLmodel` files, and the metadata Spark ML writes
beside a saved model (a PipelineModel has no serving runtime: explained, stays batch scoring).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import yaml

from yarn2k8s.analyzers.base import AnalysisContext, AnalysisResult, InputFile, error_line
from yarn2k8s.analyzers.command_readers import Reading, ScriptContext
from yarn2k8s.analyzers.nearby import read_nearby
from yarn2k8s.analyzers.shell import ShellCommand
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, SourceLocation
from yarn2k8s.security.limits import safe_yaml

SPARK_ML = "spark-ml"


@dataclass
class ServingSpec:
    """One model to serve: where it is, in which format, and what served it before."""

    source: str  # tf-serving, flask, mlflow
    model_format: str  # KServe modelFormat name (tensorflow, sklearn, xgboost, ...)
    uri: str  # as the input wrote it: hdfs://..., /abs/path, relative/path
    loader: str = ""  # the call that loaded it, for messages
    app_file: str = ""  # the web app that served it (custom code is reported)
    routes: list[str] = field(default_factory=list)
    version_policy: str = ""  # TF Serving model_version_policy, when set
    expects: list[str] = field(default_factory=list)  # files a model folder must hold


def serving_job(spec: ServingSpec, name: str, loc: SourceLocation) -> MigrationJob:
    """A `serving` unit for one model."""
    job = MigrationJob(kind="serving", source_name=name, location=loc)
    job.main_file = spec.uri
    job.extra["serving"] = spec
    return job


# --------------------------------------------------------------------------- TF Serving


def _blocks(text: str, keyword: str) -> list[tuple[int, str]]:
    """Every `keyword { ... }` block (balanced braces) with its starting offset."""
    out = []
    for match in re.finditer(rf"\b{keyword}\s*:?\s*\{{", text):
        depth, i = 1, match.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        out.append((match.start(), text[match.end() : i - 1]))
    return out


def _field(block: str, name: str) -> str:
    match = re.search(rf"\b{name}\s*:\s*[\"']([^\"']*)[\"']", block)
    return match.group(1) if match else ""


def models_from_config(text: str, rel: str) -> list[MigrationJob]:
    """One serving unit per `config { name base_path model_platform }` entry."""
    jobs = []
    for start, block in _blocks(text, "config"):
        base_path = _field(block, "base_path")
        if not base_path:
            continue
        platform = _field(block, "model_platform") or "tensorflow"
        policy = "model_version_policy" if "model_version_policy" in block else ""
        spec = ServingSpec(
            "tf-serving", platform, base_path, loader="TF Serving", version_policy=policy
        )
        loc = SourceLocation(rel, text.count("\n", 0, start) + 1)
        jobs.append(serving_job(spec, _field(block, "name"), loc))
    return jobs


class TfServingConfigAnalyzer:
    """TF Serving `--model_config_file` files (text protobuf)."""

    name = "tf-serving-config"

    def detect(self, source: InputFile) -> bool:
        """A text proto with `model_config_list`."""
        return "model_config_list" in source.text[:65536] and "base_path" in source.text

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One InferenceService per model."""
        del ctx
        jobs = models_from_config(source.text, source.rel)
        if not jobs:
            return AnalysisResult(findings=[make("SV010", source.at(), what="TF Serving config")])
        return AnalysisResult(jobs=jobs, outcome="converted")


_SERVER_OPTIONS = ("model_name", "model_base_path", "model_config_file")


def read_model_server(cmd: ShellCommand, words: list[str], sc: ScriptContext) -> Reading | None:
    """`tensorflow_model_server --model_name=x --model_base_path=...` (or a config file)."""
    if not words or PurePosixPath(words[0]).name != "tensorflow_model_server":
        return None
    options: dict[str, str] = {}
    for i, word in enumerate(words[1:], start=1):
        name, eq, value = word.lstrip("-").partition("=")
        if name in _SERVER_OPTIONS:
            options[name] = value if eq else (words[i + 1] if i + 1 < len(words) else "")
    loc = sc.source.at(cmd.line)
    if options.get("model_config_file"):
        # The config file is an input of its own and is converted from there, never twice.
        path = options["model_config_file"]
        nearby = read_nearby(sc.source, path)
        if nearby is None:
            return Reading(findings=[make("SV008", loc, path=path, file=sc.source.rel)])
        return Reading(findings=[make("SV013", loc, path=nearby.rel)])
    if not options.get("model_base_path"):
        return Reading(findings=[make("SV010", loc, what="tensorflow_model_server command")])
    spec = ServingSpec("tf-serving", "tensorflow", options["model_base_path"], loader="TF Serving")
    return Reading(jobs=[serving_job(spec, options.get("model_name", ""), loc)])


# --------------------------------------------------------------------------- web apps

# Loader call (last dotted parts) -> KServe model format.
_LOADERS = {
    "joblib.load": "sklearn",
    "pickle.load": "sklearn",
    "dill.load": "sklearn",
    "xgb.Booster": "xgboost",
    "xgboost.Booster": "xgboost",
    "lgb.Booster": "lightgbm",
    "lightgbm.Booster": "lightgbm",
    "models.load_model": "tensorflow",
    "keras.load_model": "tensorflow",
    "saved_model.load": "tensorflow",
    "predictor.from_saved_model": "tensorflow",
    "torch.load": "pytorch",
    "jit.load": "pytorch",
    "onnxruntime.InferenceSession": "onnx",
    "ort.InferenceSession": "onnx",
    "pyfunc.load_model": "mlflow",
    "PipelineModel.load": SPARK_ML,
    "Model.fromFile": "pmml",
}
_PATH_KEYWORDS = ("model_file", "path", "fname", "filename", "f", "model_uri", "path_or_bytes")
_APP_MARKERS = re.compile(r"\b(Flask|FastAPI)\s*\(|@\w+\.(route|get|post)\(")


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _loader_format(call: ast.Call, imports: set[str]) -> tuple[str, str]:
    name = _dotted(call.func)
    for suffix, fmt in _LOADERS.items():
        if (
            name == suffix
            or name.endswith("." + suffix)
            or (name == suffix.split(".")[-1] and suffix.split(".")[0] in imports)
        ):
            return name, fmt
    if name.endswith(".load_model") or name == "load_model":
        for module, fmt in (
            ("xgboost", "xgboost"),
            ("lightgbm", "lightgbm"),
            ("keras", "tensorflow"),
            ("tensorflow", "tensorflow"),
        ):
            if module in imports:
                return name, fmt
    return "", ""


class _Resolver:
    """Static values of path expressions: literals, module constants, env defaults, joins."""

    def __init__(self, tree: ast.Module) -> None:
        self.consts: dict[str, str] = {}
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                value = self.value(node.value)
                if value:
                    self.consts[node.targets[0].id] = value

    def value(self, node: ast.AST | None, depth: int = 0) -> str:
        if node is None or depth > 8:
            return ""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return self.consts.get(node.id, "")
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        return ""

    def _call(self, node: ast.Call, depth: int) -> str:
        name = _dotted(node.func)
        if name.endswith(("environ.get", "getenv")) and len(node.args) > 1:
            return self.value(node.args[1], depth + 1)
        if name.endswith("path.join"):
            parts = [self.value(a, depth + 1) for a in node.args]
            return str(PurePosixPath(*parts)) if parts and all(parts) else ""
        if name == "open" and node.args:
            return self.value(node.args[0], depth + 1)
        return ""

    def path_of(self, call: ast.Call) -> str:
        for keyword in call.keywords:
            if keyword.arg in _PATH_KEYWORDS:
                return self.value(keyword.value)
        return self.value(call.args[0]) if call.args else ""


def models_in_app(text: str) -> tuple[list[tuple[int, ServingSpec]], list[str], str]:
    """(line, spec) per model load, the routes served, and a parse problem if any."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as err:
        return [], [], type(err).__name__
    imports = _imports(tree)
    resolver = _Resolver(tree)
    found: list[tuple[int, ServingSpec]] = []
    routes: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            loader, fmt = _loader_format(node, imports)
            if loader and (node.args or node.keywords):  # `xgb.Booster()` alone loads nothing
                found.append(
                    (node.lineno, ServingSpec("flask", fmt, resolver.path_of(node), loader=loader))
                )
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            routes += [_route(d) for d in node.decorator_list if _route(d)]
    return sorted(found, key=lambda item: item[0]), sorted(set(routes)), ""


def _imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names |= {alias.name.split(".")[0], alias.asname or ""}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
            names |= {a.asname or a.name for a in node.names}
    return names - {""}


def _route(decorator: ast.AST) -> str:
    if not isinstance(decorator, ast.Call) or not decorator.args:
        return ""
    path = decorator.args[0]
    is_route = _dotted(decorator.func).endswith((".route", ".get", ".post"))
    return str(path.value) if is_route and isinstance(path, ast.Constant) else ""


class ServingAppAnalyzer:
    """Python web apps (Flask, FastAPI) that load a model and answer predictions."""

    name = "serving-app"

    def detect(self, source: InputFile) -> bool:
        """A .py file that builds a web app."""
        return source.name.endswith(".py") and bool(_APP_MARKERS.search(source.text))

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """One serving unit per model the app loads; Spark ML models are explained."""
        del ctx
        loads, routes, problem = models_in_app(source.text)
        if problem:
            return AnalysisResult(findings=[make("YK009", source.at(), detail=problem)])
        result = AnalysisResult()
        for line, spec in loads:
            spec.app_file, spec.routes = source.rel, routes
            result.findings += _unservable(spec, source.at(line))
            if spec.model_format != SPARK_ML and spec.uri:
                result.jobs.append(serving_job(spec, "", source.at(line)))
            elif spec.model_format != SPARK_ML:
                result.findings.append(
                    make("SV010", source.at(line), what=f"model loaded by `{spec.loader}`")
                )
        if result.jobs:
            result.outcome = "converted"
        elif not result.findings:
            result.findings.append(make("SV010", source.at(), what="web app"))
        return result


def _unservable(spec: ServingSpec, loc: SourceLocation) -> list[Finding]:
    if spec.model_format == SPARK_ML:
        return [make("SV002", loc, path=spec.uri or spec.loader)]
    return []


# --------------------------------------------------------------------------- model files

_SPARK_META = re.compile(r'"class"\s*:\s*"(org\.apache\.spark\.ml\.[\w.$]+)"')


class ModelMetadataAnalyzer:
    """MLflow `MLmodel` files and Spark ML model metadata (`metadata/part-00000`)."""

    name = "model-metadata"

    def detect(self, source: InputFile) -> bool:
        """An MLmodel file, or Spark ML metadata JSON."""
        if source.name == "MLmodel":
            return True
        return "/metadata/" in f"/{source.rel}" and bool(_SPARK_META.search(source.text[:4096]))

    def analyze(self, source: InputFile, ctx: AnalysisContext) -> AnalysisResult:
        """MLflow models are served; Spark ML models are explained (no serving runtime)."""
        del ctx
        if source.name != "MLmodel":
            return _spark_model(source)
        try:
            data = safe_yaml(source.text)
        except yaml.YAMLError as err:
            where = source.at(error_line(err))
            return AnalysisResult(findings=[make("YK009", where, detail="invalid YAML")])
        flavors = data.get("flavors") if isinstance(data, dict) else None
        if not isinstance(flavors, dict):
            return AnalysisResult(
                findings=[make("SV010", source.at(), what="MLmodel without flavors")]
            )
        model_dir = str(PurePosixPath(source.rel).parent)
        spec = ServingSpec("mlflow", "mlflow", model_dir, loader="MLflow")
        spec.app_file = source.rel
        pyfunc = flavors.get("python_function")
        if isinstance(pyfunc, dict) and isinstance(pyfunc.get("model_path"), str):
            spec.expects.append(pyfunc["model_path"])
        name = PurePosixPath(model_dir).name if model_dir != "." else "model"
        return AnalysisResult(jobs=[serving_job(spec, name, source.at())], outcome="converted")


def _spark_model(source: InputFile) -> AnalysisResult:
    match = _SPARK_META.search(source.text)
    cls = match.group(1) if match else "org.apache.spark.ml"
    parts = PurePosixPath(source.rel).parts
    model_dir = (
        str(PurePosixPath(*parts[: parts.index("metadata")])) if "metadata" in parts else source.rel
    )
    if "stages" in parts:
        return AnalysisResult(findings=[make("SV012", source.at(), cls=cls, path=model_dir)])
    return AnalysisResult(
        findings=[make("SV002", source.at(), path=f"{model_dir} ({cls.rsplit('.', 1)[-1]})")]
    )
