"""Training and scoring launched through spark-submit: Horovod on Spark, TensorFlowOnSpark, and
Spark ML models loaded for batch scoring.

The main script is read (never run) when it is among the inputs. A job is re-targeted only
where that keeps its meaning: a `horovod.spark.run(fn, ...)` whose driver does nothing but
start Spark, call it once and stop becomes an MPIJob that runs `fn` once per rank (the module
is imported, so its `__main__` block stays unrun). Everything else stays a SparkApplication,
with a finding that says why.
"""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath

from yarn2k8s.analyzers.base import InputFile
from yarn2k8s.analyzers.nearby import read_nearby
from yarn2k8s.analyzers.training_spec import TrainingSpec
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, MigrationJob, Role

_PIPELINE_LOAD = re.compile(
    r"\b(PipelineModel|CrossValidatorModel|TrainValidationSplitModel)\s*\.\s*(load|read)\b"
)
_PATH_ARG = re.compile(r"\.load\(\s*[\"']([^\"']+)[\"']")
_SESSION = re.compile(r"SparkSession|SparkContext|SparkConf|getOrCreate")
ENTRY_NAME = "yarn2k8s_horovod_entry.py"
_SAFE_KEYWORDS = frozenset({"args", "kwargs", "num_proc", "verbose", "use_mpi", "use_gloo"})


def route_spark_training(job: MigrationJob, source: InputFile, spark_version: str) -> None:
    """Findings on (and, where it keeps the meaning, a new kind for) a spark-submit job."""
    if job.kind != "spark" or not job.main_file.endswith(".py"):
        return
    nearby = read_nearby(source, job.main_file)
    if nearby is None:
        return
    text = nearby.text
    if _PIPELINE_LOAD.search(text):
        path = _PATH_ARG.search(text[_PIPELINE_LOAD.search(text).start() :])  # type: ignore[union-attr]
        job.findings.append(
            make("SV002", job.location, path=path.group(1) if path else job.main_file)
        )
    found = _launcher_finding(job, text, spark_version)
    if found is None:
        return
    job.findings = [f for f in job.findings if f.code != "SP015"]  # the finding below says more
    job.findings.append(found)


def _launcher_finding(job: MigrationJob, text: str, spark_version: str) -> Finding | None:
    if "horovod.spark" in text:
        routed = horovod_call(text)
        if routed is not None:
            return _route_to_mpi(job, routed, spark_version)
        why = (
            "its ranks run inside Spark tasks next to other driver code; executor pods must "
            "reach each other on Horovod's ports"
        )
        return make("TY021", job.location, launcher="horovod.spark", why=why)
    if "TFCluster" in text or "tensorflowonspark" in text:
        if "InputMode.SPARK" in text:
            why = "TensorFlowOnSpark feeds the data from Spark RDDs (InputMode.SPARK)"
        else:
            why = "a TFJob needs the TFCluster.run wrapper replaced by TF_CONFIG in the code"
        return make("TY021", job.location, launcher="TensorFlowOnSpark", why=why)
    return None


# --------------------------------------------------------------------------- routing


def horovod_call(text: str) -> tuple[str, list[object], int | None] | None:
    """(function, literal args, num_proc) when the script only runs `horovod.spark.run(fn)`."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    aliases = _horovod_aliases(tree)
    main = [n for n in tree.body if _is_main_guard(n)]
    top = [n for n in tree.body if not _is_main_guard(n)]
    if len(main) != 1 or not all(_harmless(n) for n in top):
        return None
    assert isinstance(main[0], ast.If)
    calls = [s for s in main[0].body if _is_run(s, aliases)]
    rest = [s for s in main[0].body if s not in calls]
    if len(calls) != 1 or not all(_driver_only(s) for s in rest):
        return None
    call = calls[0].value  # type: ignore[attr-defined]
    return _literal_call(call, functions)


def _horovod_aliases(tree: ast.Module) -> set[str]:
    names = {"horovod.spark.run"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {
                f"{a.asname}.run" for a in node.names if a.name == "horovod.spark" and a.asname
            }
        elif isinstance(node, ast.ImportFrom) and node.module == "horovod.spark":
            names |= {a.asname or a.name for a in node.names if a.name == "run"}
        elif isinstance(node, ast.ImportFrom) and node.module == "horovod":
            names |= {f"{a.asname or a.name}.run" for a in node.names if a.name == "spark"}
    return names


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _is_main_guard(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "__main__" in ast.dump(node.test) and not node.orelse


def _is_run(stmt: ast.stmt, aliases: set[str]) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and _dotted(stmt.value.func) in aliases
    )


def _harmless(node: ast.stmt) -> bool:
    """Module-level code importing the module may run: imports, definitions, constants."""
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return True  # docstring
    return isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)


def _driver_only(stmt: ast.stmt) -> bool:
    """Driver statements with no effect on the result: Spark session set-up and stop, logs."""
    source = ast.dump(stmt)
    if isinstance(stmt, ast.Assign) and _SESSION.search(source):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        name = _dotted(stmt.value.func)
        return name.endswith(".stop") or name in ("print", "logging.info")
    return False


def _literal_call(
    call: ast.Call, functions: set[str]
) -> tuple[str, list[object], int | None] | None:
    if not call.args or not isinstance(call.args[0], ast.Name) or call.args[0].id not in functions:
        return None
    args: list[object] = []
    num_proc = None
    for keyword in call.keywords:
        if keyword.arg not in _SAFE_KEYWORDS:
            return None
        try:
            value = ast.literal_eval(keyword.value)
        except (ValueError, SyntaxError, TypeError, RecursionError):
            return None
        if keyword.arg == "args":
            args = list(value) if isinstance(value, (tuple, list)) else [value]
        elif keyword.arg == "num_proc" and isinstance(value, int):
            num_proc = value
        elif keyword.arg == "kwargs" and value:
            return None
    if len(call.args) > 1:
        return None
    return call.args[0].id, args, num_proc


def _route_to_mpi(
    job: MigrationJob, routed: tuple[str, list[object], int | None], spark_version: str
) -> Finding:
    fn, args, num_proc = routed
    executor = job.roles.get("executor", Role(name="executor", instances=2))
    slots = max(executor.cores, 1)
    worker = Role(name="worker", instances=max(executor.instances, 1), cores=slots)
    overhead = executor.overhead_mib or max(384, executor.memory_mib // 10)  # YARN's default
    worker.memory_mib = executor.memory_mib + overhead
    worker.gpus = _executor_gpus(job)
    script = PurePosixPath(job.main_file).name
    spec = TrainingSpec(source="spark-submit", framework="horovod", launcher="horovodrun")
    spec.slots_per_worker, spec.processes = slots, num_proc or worker.instances * slots
    spec.commands["worker"] = f"python {ENTRY_NAME}"
    spec.files = [job.main_file, *(d.value for d in job.deps if d.kind in ("py-file", "file"))]
    spec.generated[ENTRY_NAME] = _entry_script(script, fn, args)
    spec.pinned["pyspark"] = spark_version  # `import horovod.spark` in the module needs it
    job.kind = "mpi"
    job.roles = {"worker": worker}
    job.extra["training"] = spec
    job.env.update(
        {
            k.removeprefix("spark.executorEnv."): v
            for k, v in job.spark_conf.items()
            if k.startswith("spark.executorEnv.")
        }
    )
    return make(
        "TY022", job.location, script=script, call=f"horovod.spark.run({fn})", n=spec.processes
    )


def _executor_gpus(job: MigrationJob) -> int:
    for key in (
        "spark.executor.resource.gpu.amount",
        "spark.yarn.executor.resource.yarn.io/gpu.amount",
    ):
        try:
            return max(int(float(job.spark_conf.get(key, "0"))), 0)
        except ValueError:
            continue
    return 0


def _entry_script(script: str, fn: str, args: list[object]) -> str:
    return (
        f"# Generated by yarn2k8s: runs `{fn}` once per Horovod rank, as horovod.spark.run ran it\n"
        f"# in each Spark task. {script} is imported as a module, so its __main__ block (the\n"
        "# Spark driver) does not run.\n"
        "import importlib.util\n\n"
        f'_spec = importlib.util.spec_from_file_location("job_main", "/opt/app/{script}")\n'
        "_module = importlib.util.module_from_spec(_spec)\n"
        "_spec.loader.exec_module(_module)\n"
        f"_module.{fn}(*{args!r})\n"
    )
