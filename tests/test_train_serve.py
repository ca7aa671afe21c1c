"""Train-to-serve chains (config `pipelines:`): one KFP pipeline per chain, prep -> train ->
serve, the trained model's URI reaching the InferenceService, runner RBAC, findings for bad
references, byte-determinism; the step script against a stand-in API; the Oozie route: an
action launching training becomes a training-job step (and a later model server a deploy
step fed by its model URI), and a launch that cannot be read keeps TY044."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from yarn2k8s.config import config_from_dict, load_config
from yarn2k8s.convert import build
from yarn2k8s.converters import kfp_runner_apply as runner
from yarn2k8s.converters.train_serve_chain import declared_model, training_launcher
from yarn2k8s.errors import ConfigError
from yarn2k8s.model import MigrationJob, SourceLocation
from yarn2k8s.validators.kfp_check import check_pipeline

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "training"
CASE = SAMPLES / "train-serve-chain"
BASE = "pipelines/churn-train-serve"


def _config(**chain: str) -> dict[str, Any]:
    data = yaml.safe_load((CASE / "case.yaml").read_text(encoding="utf-8"))["config"]
    if chain:
        data["pipelines"] = [{"name": "churn-train-serve", **chain}]
    assert isinstance(data, dict)
    return data


def _build(data: dict[str, Any], root: Path = CASE / "input") -> Any:
    return build([root], config_from_dict(data))


@pytest.fixture(scope="module")
def chain() -> Any:
    return _build(_config())


def _unit(conversion: Any, name: str = "churn-train-serve") -> Any:
    return next(w for w in conversion.result.workflows if w.unit.name == name)


def _ir(conversion: Any) -> dict[str, Any]:
    doc = yaml.safe_load(conversion.files[f"{BASE}/pipeline.yaml"])
    assert isinstance(doc, dict)
    return doc


# --------------------------------------------------------------------------- the pipeline


def test_steps_run_in_order(chain: Any) -> None:
    tasks = _ir(chain)["root"]["dag"]["tasks"]
    assert sorted(tasks) == ["prep-op", "serve-op", "train-op"]
    assert "dependentTasks" not in tasks["prep-op"]
    assert tasks["train-op"]["dependentTasks"] == ["prep-op"]
    assert tasks["serve-op"]["dependentTasks"] == ["train-op"]
    code = chain.files[f"{BASE}/pipeline.py"].decode()
    assert "train.after(prep)" in code and "serve.after(train)" in code


def test_each_step_applies_the_jobs_own_object(chain: Any) -> None:
    code = chain.files[f"{BASE}/pipeline.py"].decode()
    namespace: dict[str, Any] = {}
    # The constants are data literals; read them without running the module (kfp import).
    for const in ("PREP_APP", "TRAIN_JOB", "SERVE_ISVC"):
        start = code.index(f"\n{const} = ") + len(const) + 4
        end = code.index("\n\n", start)
        namespace[const] = eval(code[start:end], {})
    own = {
        "PREP_APP": "jobs/churn-features/k8s/sparkapplication.yaml",
        "TRAIN_JOB": "jobs/churn-train/k8s/tfjob.yaml",
        "SERVE_ISVC": "jobs/churn/k8s/inferenceservice.yaml",
    }
    for const, path in own.items():
        assert namespace[const] == yaml.safe_load(chain.files[path]), const
    runners = chain.files[f"{BASE}/runners.py"].decode()
    assert "SPARK_RUNNER = " in runners and "APPLY_RUNNER = " in runners


def test_trained_model_uri_reaches_the_inference_service(chain: Any) -> None:
    ir = _ir(chain)
    default = ir["root"]["inputDefinitions"]["parameters"]["model_uri"]["defaultValue"]
    # --model_dir hdfs://nn/models/churn, rewritten by the storage map.
    assert default == "s3://ml-models/prod/churn"
    train = ir["root"]["dag"]["tasks"]["train-op"]["inputs"]["parameters"]["model_uri"]
    assert train == {"componentInputParameter": "model_uri"}
    serve = ir["root"]["dag"]["tasks"]["serve-op"]["inputs"]["parameters"]
    assert serve["train_trained_model_uri"] == {
        "taskOutputParameter": {
            "outputParameterKey": "trained_model_uri",
            "producerTask": "train-op",
        }
    }
    executor = ir["deploymentSpec"]["executors"]["exec-serve-op"]["container"]
    assert executor["args"][-2:] == [
        "--storage-uri",
        "{{$.inputs.parameters['train_trained_model_uri']}}",
    ]


def test_pipeline_loads_back_with_kfp(chain: Any, tmp_path: Path) -> None:
    from kfp import components

    target = tmp_path / BASE / "pipeline.yaml"
    target.parent.mkdir(parents=True)
    target.write_bytes(chain.files[f"{BASE}/pipeline.yaml"])
    assert components.load_component_from_file(str(target)).name == "churn-train-serve"
    assert check_pipeline(target, tmp_path) == []


def test_runner_rbac_allows_exactly_the_verbs_the_steps_use(chain: Any) -> None:
    docs = list(yaml.safe_load_all(chain.files[f"{BASE}/k8s/rbac.yaml"]))
    assert [d["kind"] for d in docs] == ["ServiceAccount", "Role", "RoleBinding"]
    rules = {(r["apiGroups"][0], r["resources"][0]): r["verbs"] for r in docs[1]["rules"]}
    assert rules == {
        ("sparkoperator.k8s.io", "sparkapplications"): ["create", "delete", "get", "list", "watch"],
        ("kubeflow.org", "tfjobs"): ["create", "delete", "get", "list", "watch"],
        ("serving.kserve.io", "inferenceservices"): ["create", "get", "list", "patch", "watch"],
    }
    subject = docs[2]["subjects"][0]
    assert subject == {
        "kind": "ServiceAccount",
        "name": "churn-train-serve-runner",
        "namespace": "ml",
    }
    assert f"{BASE}/k8s" in yaml.safe_load(chain.files["kustomization.yaml"])["resources"]


def test_chain_members_are_left_out_of_the_root_kustomization(chain: Any) -> None:
    # The pipeline applies them; `kubectl apply -k OUT` must not run them a second time.
    resources = yaml.safe_load(chain.files["kustomization.yaml"])["resources"]
    for job in ("churn-features", "churn-train", "churn"):
        assert f"jobs/{job}/k8s/kustomization.yaml" in chain.files
        assert f"jobs/{job}/k8s" not in resources


def test_two_runs_give_the_same_bytes(chain: Any) -> None:
    again = _build(_config())
    ours = sorted(p for p in chain.files if p.startswith("pipelines/"))
    assert len(ours) == 6
    assert {p: again.files[p] for p in ours} == {p: chain.files[p] for p in ours}
    assert again.files["report.json"] == chain.files["report.json"]


def test_the_chain_is_a_unit_of_the_report(chain: Any) -> None:
    unit = _unit(chain)
    assert unit.unit.kind == "train-serve-pipeline"
    assert {f.code for f in unit.findings} == {"TY042", "TY043"}
    report = json.loads(chain.files["report.json"])
    entry = next(w for w in report["workflows"] if w["name"] == "churn-train-serve")
    assert entry["readiness"] == "ready"  # TY042 and TY043 are both info
    assert f"{BASE}/pipeline.yaml" in entry["files"]


# --------------------------------------------------------------------------- findings


@pytest.mark.parametrize(
    ("chain", "code", "words"),
    [
        ({"train": "no-such-job", "serve": "churn"}, "TY039", "matches no converted job"),
        ({"train": "churn-train", "serve": "*.sh"}, "TY039", "matches 3 jobs"),
        ({"train": "churn-features", "serve": "churn"}, "TY040", "a spark job"),
        ({"prep": "churn-train", "train": "churn-train", "serve": "churn"}, "TY040", "a prep"),
        ({"train": "churn-train", "serve": "serve/*.sh", "prep": "churn"}, "TY040", "serving"),
    ],
)
def test_bad_references_are_findings_and_block_the_chain(
    chain: dict[str, str], code: str, words: str
) -> None:
    conversion = _build(_config(**chain))
    unit = _unit(conversion)
    found = [f for f in unit.findings if f.code == code]
    assert found and words in found[0].message, [f.message for f in unit.findings]
    assert unit.readiness.value == "blocked" and unit.files == []
    assert not [p for p in conversion.files if p.startswith("pipelines/")]
    report = json.loads(conversion.files["report.json"])
    entry = next(w for w in report["workflows"] if w["name"] == "churn-train-serve")
    assert code in {f["code"] for f in entry["findings"]}


def test_unknown_model_uri_is_a_parameter_with_a_finding(tmp_path: Path) -> None:
    root = tmp_path / "input"
    shutil.copytree(CASE / "input", root)
    script = root / "train" / "train_churn.sh"
    script.write_text(script.read_text().replace("--model_dir hdfs://nn/models/churn ", ""))
    conversion = _build(_config(), root)
    unit = _unit(conversion)
    assert "TY041" in {f.code for f in unit.findings}
    ir = _ir(conversion)
    default = ir["root"]["inputDefinitions"]["parameters"]["model_uri"]["defaultValue"]
    assert default == "s3://ml-models/prod/churn"  # the serving input's model
    args = ir["deploymentSpec"]["executors"]["exec-train-op"]["container"]["args"]
    assert args[args.index("--model-uri-default") + 1] == ""  # nothing to redirect


def test_config_model_uri_wins_and_redirects_the_training_job() -> None:
    data = _config(
        prep="churn-features",
        train="churn-train",
        serve="churn",
        model_uri="hdfs://nn/models/churn-v2",
    )
    conversion = _build(data)
    ir = _ir(conversion)
    default = ir["root"]["inputDefinitions"]["parameters"]["model_uri"]["defaultValue"]
    assert default == "s3://ml-models/prod/churn-v2"
    args = ir["deploymentSpec"]["executors"]["exec-train-op"]["container"]["args"]
    assert args[args.index("--model-uri-default") + 1] == "s3://ml-models/prod/churn"


def test_prep_is_optional() -> None:
    conversion = _build(_config(train="churn-train", serve="churn"))
    tasks = _ir(conversion)["root"]["dag"]["tasks"]
    assert sorted(tasks) == ["serve-op", "train-op"]
    assert "dependentTasks" not in tasks["train-op"]


def test_declared_model_reads_flags_submarine_paths_and_env() -> None:
    from yarn2k8s.analyzers.training_spec import TrainingSpec

    job = MigrationJob(kind="pytorch", source_name="t", location=SourceLocation("t.sh", 1))
    job.extra["training"] = TrainingSpec("tony", "pytorch", commands={"worker": "python t.py"})
    assert declared_model(job) == ("", "")
    job.env["MODEL_DIR"] = "${OUT}"
    assert declared_model(job) == ("", "")  # a placeholder names no location
    job.env["MODEL_DIR"] = "/models/a"
    assert declared_model(job)[0] == "/models/a"
    job.extra["training"].commands["worker"] = "python t.py --export-dir=gs://b/m --x 1"
    assert declared_model(job) == ("gs://b/m", "`--export-dir` in the worker command")
    job.effective_conf["submarine.saved_model_path"] = "hdfs://nn/saved"
    assert declared_model(job)[0] == "hdfs://nn/saved"


# --------------------------------------------------------------------------- config


def test_config_loads_chains(tmp_path: Path) -> None:
    path = tmp_path / "y.yaml"
    path.write_text(
        "pipelines:\n  - {name: c, prep: 'etl/*.sh', train: t, serve: s, model_uri: 's3://m'}\n"
    )
    (chain,) = load_config(path).pipelines
    assert (chain.name, chain.prep, chain.train, chain.serve, chain.model_uri) == (
        "c",
        "etl/*.sh",
        "t",
        "s",
        "s3://m",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pipelines:\n  - {name: c, train: t, serve: s, deploy: x}\n", "`pipelines[0].deploy`"),
        ("pipelines:\n  - {name: c, serve: s}\n", "`pipelines[0].train` is required"),
        ("pipelines:\n  - {train: t, serve: s}\n", "`pipelines[0].name` is required"),
        ("pipelines:\n  - {name: c, train: t}\n", "`pipelines[0].serve` is required"),
        ("pipelines: {name: c}\n", "`pipelines` must be a list"),
        (
            "pipelines:\n  - {name: c, train: t, serve: s}\n  - {name: c, train: u, serve: s}\n",
            "repeats `c`",
        ),
    ],
)
def test_bad_chains_are_config_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "y.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        load_config(path)


# --------------------------------------------------------------------------- step script


class FakeApi:
    """A stand-in for the API server: records calls, answers from a script of replies."""

    def __init__(self, replies: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]]) -> None:
        self.replies = replies
        self.calls: list[tuple[str, str, Any]] = []

    def call(
        self, method: str, path: str, body: Any = None, content_type: str = "application/json"
    ) -> tuple[int, dict[str, Any]]:
        self.calls.append((method, path.split("?")[0], body))
        queue = self.replies[(method, path.split("?")[0])]
        return queue.pop(0) if len(queue) > 1 else queue[0]


def _tfjob() -> dict[str, Any]:
    return {
        "apiVersion": "kubeflow.org/v1",
        "kind": "TFJob",
        "metadata": {"name": "churn-train", "namespace": "ml"},
        "spec": {"args": ["--model_dir", "s3://m/old"]},
    }


def test_train_step_redirects_the_model_waits_and_hands_the_uri_on(tmp_path: Path) -> None:
    path = "/apis/kubeflow.org/v1/namespaces/ml/tfjobs"
    done = {"status": {"conditions": [{"type": "Succeeded", "status": "True"}]}}
    running = {"status": {"conditions": [{"type": "Running", "status": "True"}]}}
    api = FakeApi(
        {
            ("POST", path): [(201, {})],
            ("GET", f"{path}/churn-train-abcd1234"): [
                (200, running),
                (200, done),
            ],
        }
    )
    out = tmp_path / "out" / "uri"
    argv = ["train", "--run-id", "ABCD-1234-x", "--manifest", json.dumps(_tfjob())]
    argv += ["--model-uri", "s3://m/new", "--model-uri-default", "s3://m/old"]
    argv += ["--model-uri-out", str(out)]
    assert runner.train(api, runner.parse_args(argv), 0) == 0  # type: ignore[arg-type]
    created = api.calls[0][2]
    assert created["metadata"]["name"] == "churn-train-abcd1234"
    assert created["spec"]["args"] == ["--model_dir", "s3://m/new"]
    assert out.read_text() == "s3://m/new"


def test_train_step_fails_on_a_failed_condition(tmp_path: Path) -> None:
    path = "/apis/kubeflow.org/v1/namespaces/ml/tfjobs"
    failed = {"status": {"conditions": [{"type": "Failed", "status": "True"}]}}
    api = FakeApi(
        {("POST", path): [(201, {})], ("GET", f"{path}/churn-train-run"): [(200, failed)]}
    )
    options = runner.parse_args(["train", "--manifest", json.dumps(_tfjob())])
    assert runner.train(api, options, 0) == 1  # type: ignore[arg-type]


def test_serve_step_sets_storage_uri_and_waits_for_this_generation() -> None:
    isvc = {
        "apiVersion": "serving.kserve.io/v1beta1",
        "kind": "InferenceService",
        "metadata": {"name": "churn", "namespace": "ml"},
        "spec": {"predictor": {"model": {"storageUri": "s3://m/old"}}},
    }
    path = "/apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices/churn"
    ready = [{"type": "Ready", "status": "True"}]
    api = FakeApi(
        {
            ("PATCH", path): [(200, {"metadata": {"generation": 3}})],
            ("GET", path): [
                (200, {"status": {"observedGeneration": 2, "conditions": ready}}),  # the old model
                (200, {"status": {"observedGeneration": 3, "conditions": ready}}),
            ],
        }
    )
    options = runner.parse_args(
        ["serve", "--manifest", json.dumps(isvc), "--storage-uri", "s3://m/new"]
    )
    assert runner.serve(api, options, 0, 60) == 0  # type: ignore[arg-type]
    applied = api.calls[0][2]
    assert applied["spec"]["predictor"]["model"]["storageUri"] == "s3://m/new"
    assert [c[0] for c in api.calls] == ["PATCH", "GET", "GET"]


# --------------------------------------------------------------------------- Oozie route


@pytest.mark.parametrize(
    ("text", "launcher"),
    [
        ("java -cp tony-cli.jar com.linkedin.tony.cli.ClusterSubmitter --executes t.py", "TonY"),
        ("tony-cli --conf_file tony.xml", "TonY"),
        ("submarine job run --name x --framework tensorflow", "Submarine"),
        ("horovodrun -np 4 python train.py", "horovodrun"),
        ("spark-submit --class A app.jar", ""),
        ("echo submarine is a ship; hadoop job -list", ""),
    ],
)
def test_training_launchers_are_recognised(text: str, launcher: str) -> None:
    assert training_launcher(text) == launcher


OOZIE = SAMPLES / "train-serve-oozie"
WF = "workflows/churn-train-deploy"
SERVER = (
    "#!/bin/bash\n"
    "tensorflow_model_server --model_name=churn --model_base_path=hdfs://nn/models/churn "
    "--rest_api_port=8501\n"
)


def _oozie(root: Path = OOZIE / "input") -> Any:
    data = yaml.safe_load((OOZIE / "case.yaml").read_text(encoding="utf-8"))["config"]
    return build([root], config_from_dict(data))


def _oozie_copy(tmp_path: Path, **scripts: str) -> Path:
    root = tmp_path / "input"
    shutil.copytree(OOZIE / "input", root)
    for name, text in scripts.items():
        (root / "apps" / "churn" / "scripts" / name).write_text(text, encoding="utf-8")
    return root


def _codes(conversion: Any) -> list[str]:
    return [f.code for f in _unit(conversion, "churn-train-deploy").findings]


def _oozie_tasks(conversion: Any) -> dict[str, Any]:
    doc = yaml.safe_load(conversion.files[f"{WF}/pipeline.yaml"])
    tasks = doc["root"]["dag"]["tasks"]
    assert isinstance(tasks, dict)
    return tasks


@pytest.fixture(scope="module")
def oozie() -> Any:
    return _oozie()


def test_oozie_train_action_becomes_a_training_job_step(oozie: Any) -> None:
    job = "churn-train-deploy-train"
    tfjob = yaml.safe_load(oozie.files[f"{WF}/training/{job}/tfjob.yaml"])
    assert tfjob["kind"] == "TFJob" and tfjob["metadata"]["name"] == job
    worker = tfjob["spec"]["tfReplicaSpecs"]["Worker"]
    assert worker["replicas"] == 2
    container = worker["template"]["spec"]["containers"][0]
    assert container["args"][-2:] == ["--model_dir", "s3://ml-models/prod/churn"]
    # The image the manifest names is the one build.sh builds from the training context.
    assert f"build {WF}/training/{job} {container['image']}" in oozie.files["build.sh"].decode()
    assert f"{WF}/training/{job}/Dockerfile" in oozie.files
    # No kustomization applies the TFJob: the pipeline does, once per run.
    assert not [p for p in oozie.files if p.startswith(f"{WF}/training/") and "kustom" in p]
    code = oozie.files[f"{WF}/pipeline.py"].decode()
    assert "TRAIN_JOB = {'apiVersion': 'kubeflow.org/v1',\n 'kind': 'TFJob'" in code
    doc = yaml.safe_load(oozie.files[f"{WF}/pipeline.yaml"])
    executor = doc["deploymentSpec"]["executors"]["exec-train-op"]["container"]
    args = executor["args"]
    assert args[0] == "train"
    assert args[args.index("--model-uri") + 1] == "s3://ml-models/prod/churn"
    assert args[-2:] == [
        "--model-uri-out",
        "{{$.outputs.parameters['trained_model_uri'].output_file}}",
    ]
    outputs = doc["components"]["comp-train-op"]["outputDefinitions"]["parameters"]
    assert list(outputs) == ["trained_model_uri"]


def test_oozie_training_step_runs_before_the_next_action(oozie: Any) -> None:
    tasks = _oozie_tasks(oozie)
    assert "dependentTasks" not in tasks["train-op"]
    assert tasks["deploy-op"]["dependentTasks"] == ["train-op"]
    # deploy.sh copies files: no model server, so it stays the generic step it was.
    assert "STEP_RUNNER" in oozie.files[f"{WF}/pipeline.py"].decode().split("def deploy_op")[1]


def test_oozie_training_step_findings(oozie: Any) -> None:
    unit = _unit(oozie, "churn-train-deploy")
    assert "TY044" not in _codes(oozie)
    (info,) = [f for f in unit.findings if f.code == "TY045"]
    assert info.severity.value == "info"
    assert "`train`" in info.message and "TonY" in info.message
    assert "TFJob `churn-train-deploy-train`" in info.message
    assert "`s3://ml-models/prod/churn`" in info.message


def test_oozie_runner_rbac_covers_the_training_kind(oozie: Any) -> None:
    docs = list(yaml.safe_load_all(oozie.files[f"{WF}/k8s/rbac.yaml"]))
    assert [d["kind"] for d in docs] == ["ServiceAccount", "Role", "RoleBinding"]
    rules = {(r["apiGroups"][0], r["resources"][0]): r["verbs"] for r in docs[1]["rules"]}
    assert rules == {("kubeflow.org", "tfjobs"): ["create", "delete", "get", "list", "watch"]}


def test_oozie_serving_action_after_training_deploys_the_trained_model(tmp_path: Path) -> None:
    conversion = _oozie(_oozie_copy(tmp_path, **{"deploy.sh": SERVER}))
    tasks = _oozie_tasks(conversion)
    assert tasks["deploy-op"]["dependentTasks"] == ["train-op"]
    feed = tasks["deploy-op"]["inputs"]["parameters"]["train_trained_model_uri"]
    output = {"outputParameterKey": "trained_model_uri", "producerTask": "train-op"}
    assert feed == {"taskOutputParameter": output}
    doc = yaml.safe_load(conversion.files[f"{WF}/pipeline.yaml"])
    args = doc["deploymentSpec"]["executors"]["exec-deploy-op"]["container"]["args"]
    assert args[0] == "serve"
    assert args[-2:] == ["--storage-uri", "{{$.inputs.parameters['train_trained_model_uri']}}"]
    code = conversion.files[f"{WF}/pipeline.py"].decode()
    assert "'kind': 'InferenceService'" in code
    docs = list(yaml.safe_load_all(conversion.files[f"{WF}/k8s/rbac.yaml"]))
    rules = {(r["apiGroups"][0], r["resources"][0]): r["verbs"] for r in docs[1]["rules"]}
    assert rules[("serving.kserve.io", "inferenceservices")] == [
        "create",
        "get",
        "list",
        "patch",
        "watch",
    ]
    (info,) = [f for f in _unit(conversion, "churn-train-deploy").findings if f.code == "TY045"]
    assert "serves it as InferenceService" in info.message
    target = tmp_path / "out" / WF / "pipeline.yaml"
    target.parent.mkdir(parents=True)
    target.write_bytes(conversion.files[f"{WF}/pipeline.yaml"])
    assert check_pipeline(target, tmp_path / "out") == []


def test_oozie_java_action_running_tony_becomes_a_training_step(tmp_path: Path) -> None:
    root = _oozie_copy(tmp_path)
    app = root / "apps" / "churn"
    shutil.copy(app / "scripts" / "tony.xml", app / "tony.xml")
    xml = (app / "workflow.xml").read_text(encoding="utf-8")
    start, end = xml.index("<shell"), xml.index("</shell>") + len("</shell>")
    java = (
        '<java xmlns="uri:oozie:workflow:0.5"><job-tracker>${jobTracker}</job-tracker>'
        "<name-node>${nameNode}</name-node>"
        "<main-class>com.linkedin.tony.cli.ClusterSubmitter</main-class>"
        "<arg>--executes</arg><arg>train_churn.py</arg>"
        "<arg>--task_params</arg><arg>--model_dir hdfs://nn/models/churn</arg>"
        "<arg>--conf_file</arg><arg>tony.xml</arg></java>"
    )
    (app / "workflow.xml").write_text(xml[:start] + java + xml[end:], encoding="utf-8")
    conversion = _oozie(root)
    assert "TY044" not in _codes(conversion) and "TY045" in _codes(conversion)
    job = "churn-train-deploy-train"
    tfjob = yaml.safe_load(conversion.files[f"{WF}/training/{job}/tfjob.yaml"])
    assert tfjob["spec"]["tfReplicaSpecs"]["Worker"]["replicas"] == 2  # read from tony.xml


def test_oozie_unreadable_training_launch_keeps_ty044(tmp_path: Path) -> None:
    unreadable = "#!/bin/bash\nexec tony-cli $(cat args.txt)\n"
    conversion = _oozie(_oozie_copy(tmp_path, **{"train_tony.sh": unreadable}))
    unit = _unit(conversion, "churn-train-deploy")
    launches = [f for f in unit.findings if f.code == "TY044"]
    assert len(launches) == 1 and "`train`" in launches[0].message
    assert "TY045" not in _codes(conversion)
    assert not [p for p in conversion.files if p.startswith(f"{WF}/training/")]
