"""Training and serving converters: operator objects, pods, images, shims and KServe."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from training_helpers import analyze_script, codes, source, walk

from yarn2k8s.analyzers.serving import ServingSpec, serving_job
from yarn2k8s.analyzers.training_spec import spec_of
from yarn2k8s.config import Config, config_from_dict
from yarn2k8s.converters.base import Artifacts, ConversionContext
from yarn2k8s.converters.kserve import convert_serving
from yarn2k8s.converters.python_deps import read_archive, read_requirements, requirement_lines
from yarn2k8s.converters.training_dockerfile import tf_image, torch_image
from yarn2k8s.converters.training_jobs import convert_training_job
from yarn2k8s.enrich.storage import StorageMap
from yarn2k8s.model import MigrationJob, SourceLocation
from yarn2k8s.validators.tree import validate_object

TONY = (
    "hadoop jar t.jar com.linkedin.tony.cli.ClusterSubmitter "
    "--executes train.py --conf_file tony.xml {extra}\n"
)


def _tony_xml(props: dict[str, str]) -> str:
    body = "".join(
        f"<property><name>{k}</name><value>{v}</value></property>" for k, v in props.items()
    )
    return f"<configuration>{body}</configuration>"


def _convert(job: MigrationJob, root: Path, config: Config | None = None) -> Artifacts:
    config = config or Config()
    job.name = job.name or "job"
    ctx = ConversionContext(config, StorageMap(config.storage, config.cluster.default_fs), root)
    converter = convert_serving if job.kind == "serving" else convert_training_job
    return converter(job, ctx)


def _objects(out: Artifacts) -> list[dict[str, Any]]:
    docs = [yaml.safe_load(data) for path, data in sorted(out.files.items()) if "/k8s/" in path]
    return [d for d in docs if d["kind"] not in ("Kustomization", "Secret")]


def _tony_job(
    tmp_path: Path, props: dict[str, str], extra: str = "", config: dict[str, Any] | None = None
) -> tuple[MigrationJob, Artifacts]:
    source(tmp_path, "tony.xml", _tony_xml(props))
    source(tmp_path, "train.py", "print('train')\n")
    job = analyze_script(tmp_path, TONY.format(extra=extra), config).jobs[0]
    return job, _convert(job, tmp_path, config_from_dict(config) if config else None)


KINDS = [
    (
        {"tony.ps.instances": "1", "tony.worker.instances": "2", "tony.chief.instances": "1"},
        None,
        "TFJob",
    ),
    ({"tony.application.framework": "pytorch", "tony.worker.instances": "4"}, None, "PyTorchJob"),
    (
        {"tony.application.framework": "pytorch", "tony.worker.instances": "2"},
        {"operators": {"pytorch": "trainer"}},
        "TrainJob",
    ),
    (
        {
            "tony.application.framework": "horovod",
            "tony.worker.instances": "2",
            "tony.worker.gpus": "1",
        },
        None,
        "MPIJob",
    ),
    ({"tony.application.framework": "standalone"}, None, "Job"),
]


@pytest.mark.parametrize(("props", "config", "kind"), KINDS, ids=[k[2] for k in KINDS])
def test_every_kind_is_valid_and_every_container_is_restricted(
    tmp_path: Path,
    props: dict[str, str],
    config: dict[str, Any] | None,
    kind: str,
    crd_schemas: Any,
) -> None:
    _, out = _tony_job(tmp_path, props, config=config)
    (obj,) = _objects(out)
    assert obj["kind"] == kind
    assert validate_object("x.yaml", obj, crd_schemas, strict=True) == []
    boxes = [c for node in walk(obj) if isinstance(node, dict) for c in node.get("containers", [])]
    assert boxes
    for box in boxes:
        ctx = box["securityContext"]
        assert ctx["runAsNonRoot"] is True and ctx["allowPrivilegeEscalation"] is False
        assert ctx["capabilities"] == {"drop": ["ALL"]} and ctx["seccompProfile"] == {
            "type": "RuntimeDefault"
        }
        assert isinstance(ctx["runAsUser"], int) and ctx["runAsUser"] > 0
    dockerfile = out.files["jobs/job/Dockerfile"].decode()
    assert dockerfile.rstrip().endswith("USER 10001")


def test_tfjob_replica_types_and_runtime_env(tmp_path: Path) -> None:
    props = {
        "tony.chief.instances": "1",
        "tony.ps.instances": "2",
        "tony.worker.instances": "3",
        "tony.scheduler.instances": "1",
    }
    _, out = _tony_job(tmp_path, props)
    specs = _objects(out)[0]["spec"]["tfReplicaSpecs"]
    assert {k: v["replicas"] for k, v in specs.items()} == {"Chief": 1, "PS": 2, "Worker": 3}
    assert "TY004" in codes(out.findings)  # `scheduler` has no TensorFlow replica type
    env = {e["name"]: e for e in specs["PS"]["template"]["spec"]["containers"][0]["env"]}
    assert env["JOB_NAME"]["value"] == "ps" and env["TASK_NUM"]["value"] == "2"
    assert env["TASK_INDEX"]["valueFrom"]["fieldRef"]["fieldPath"].endswith("replica-index']")
    script = out.files["jobs/job/app/yarn2k8s-entrypoint.sh"].decode()
    assert "CLUSTER_SPEC" in script and script.rstrip().endswith('exec "$@"')


def test_pytorch_worker_zero_becomes_master_and_the_shim_sets_init_method(tmp_path: Path) -> None:
    _, out = _tony_job(
        tmp_path, {"tony.application.framework": "pytorch", "tony.worker.instances": "4"}
    )
    specs = _objects(out)[0]["spec"]["pytorchReplicaSpecs"]
    assert (specs["Master"]["replicas"], specs["Worker"]["replicas"]) == (1, 3)
    box = specs["Worker"]["template"]["spec"]["containers"][0]
    assert box["name"] == "pytorch" and box["command"] == [
        "/bin/sh",
        "/opt/app/yarn2k8s-entrypoint.sh",
    ]
    assert box["args"][:2] == ["python", "train.py"]
    assert "INIT_METHOD" in out.files["jobs/job/app/yarn2k8s-entrypoint.sh"].decode()


def test_timeout_retries_and_queues_per_scheduler(tmp_path: Path) -> None:
    props = {
        "tony.worker.instances": "2",
        "tony.yarn.queue": "root.ml.gpu",
        "tony.application.timeout": "60000",
        "tony.am.retry-count": "1",
    }
    _, kueue = _tony_job(tmp_path / "k", props, config={"scheduler": "kueue"})
    obj = _objects(kueue)[0]
    assert obj["metadata"]["labels"]["kueue.x-k8s.io/queue-name"] == "ml-gpu"
    assert obj["spec"]["runPolicy"] == {
        "activeDeadlineSeconds": 60,
        "backoffLimit": 1,
        "cleanPodPolicy": "Running",
    }
    assert obj["spec"]["tfReplicaSpecs"]["Worker"]["restartPolicy"] == "OnFailure"
    assert "TY010" in codes(kueue.findings)
    _, yk = _tony_job(tmp_path / "y", props, config={"scheduler": "yunikorn"})
    pod = _objects(yk)[0]["spec"]["tfReplicaSpecs"]["Worker"]["template"]
    assert pod["spec"]["schedulerName"] == "yunikorn"
    assert pod["metadata"]["labels"]["yunikorn.apache.org/queue"] == "root.ml.gpu"
    _, volcano = _tony_job(tmp_path / "v", props, config={"scheduler": "volcano"})
    assert _objects(volcano)[0]["spec"]["runPolicy"]["schedulingPolicy"] == {
        "queue": "ml-gpu",
        "minAvailable": 2,
    }


def test_mpijob_launcher_forwards_env_and_workers_run_sshd(tmp_path: Path) -> None:
    job = analyze_script(tmp_path, "mpirun -np 6 -H a:3,b:3 -x OMP_NUM_THREADS=2 ./solver\n").jobs[
        0
    ]
    out = _convert(job, tmp_path)
    spec = _objects(out)[0]["spec"]
    launcher = spec["mpiReplicaSpecs"]["Launcher"]["template"]["spec"]["containers"][0]
    worker = spec["mpiReplicaSpecs"]["Worker"]["template"]["spec"]["containers"][0]
    assert launcher["command"] == ["mpirun", "-np", "6", "-x", "OMP_NUM_THREADS", "./solver"]
    assert worker["command"][0] == "/usr/sbin/sshd" and "env" not in worker
    assert (spec["slotsPerWorker"], spec["sshAuthMountPath"]) == (3, "/home/trainer/.ssh")
    dockerfile = out.files["jobs/job/Dockerfile"].decode()
    assert "Port 2222" in dockerfile and "openmpi-bin" in dockerfile
    assert "TY015" in codes(out.findings)


def test_secrets_never_reach_commands_or_env_values(tmp_path: Path) -> None:
    extra = '--task_params "--db-password=hunter22xyz" --shell_env API_TOKEN=abc123secretvalue'
    _, out = _tony_job(tmp_path, {"tony.worker.instances": "1"}, extra=extra)
    text = b"".join(out.files.values()).decode("utf-8", "replace")
    assert "hunter22xyz" not in text and "abc123secretvalue" not in text
    assert "TY036" in codes(out.findings)
    env = _objects(out)[0]["spec"]["tfReplicaSpecs"]["Worker"]["template"]["spec"]["containers"][0][
        "env"
    ]
    assert any(e["name"] == "API_TOKEN" and "secretKeyRef" in e.get("valueFrom", {}) for e in env)
    assert "jobs/job/k8s/secret.example.yaml" in out.files


def test_storage_map_rewrites_command_uris(tmp_path: Path) -> None:
    config = {"storage": [{"from": "hdfs://nn/data", "to": "s3a://lake/data"}]}
    extra = '--task_params "--in hdfs://nn/data/x --out hdfs://other/y"'
    _, out = _tony_job(tmp_path, {"tony.worker.instances": "1"}, extra=extra, config=config)
    worker = _objects(out)[0]["spec"]["tfReplicaSpecs"]["Worker"]
    box = worker["template"]["spec"]["containers"][0]
    words = box["command"] + box.get("args", [])
    assert "s3a://lake/data/x" in words and "hdfs://other/y" in words
    assert {"DA001", "DA002"} <= set(codes(out.findings))


def _zip(path: Path, names: list[str]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "")


def test_venv_archive_sets_the_base_image_and_requirements(tmp_path: Path) -> None:
    site = "venv/lib/python3.6/site-packages"
    _zip(
        tmp_path / "venv.zip",
        [f"{site}/tensorflow_gpu-1.15.5.dist-info/RECORD", f"{site}/numpy-1.16.6.dist-info/RECORD"],
    )
    _, out = _tony_job(tmp_path, {"tony.worker.gpus": "1"}, extra="--python_venv venv.zip")
    assert "FROM tensorflow/tensorflow:1.15.5-gpu-py3" in out.files["jobs/job/Dockerfile"].decode()
    assert out.files["jobs/job/requirements.txt"] == b"numpy==1.16.6\n"
    assert any(p.name == "venv.zip" for p in out.used_inputs)  # counted as converted


def test_archives_are_listed_never_extracted(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as archive:
        for name in (
            "env/lib/python3.9/site-packages/torch-2.1.2.dist-info/METADATA",
            "../../evil",
        ):
            info = tarfile.TarInfo(name)
            archive.addfile(info, io.BytesIO(b""))
    (tmp_path / "env.tar.gz").write_bytes(buf.getvalue())
    env = read_archive(tmp_path / "env.tar.gz")
    assert env.packages == {"torch": "2.1.2"} and env.python == "3.9"
    assert not (tmp_path.parent / "evil").exists()
    assert read_archive(tmp_path / "missing.zip").packages == {}


def test_requirements_and_exclusions() -> None:
    env = read_requirements("tensorflow==2.12.0\n# c\nrequests>=2\n-r other.txt\npandas\n")
    assert env.version_of("tensorflow") == "2.12.0"
    lines = requirement_lines(env.packages, frozenset({"tensorflow"}))
    assert lines == ["pandas", "requests>=2"]


@pytest.mark.parametrize(
    ("version", "gpu", "image"),
    [
        ("1.15.5", True, "tensorflow/tensorflow:1.15.5-gpu-py3"),
        ("2.1.0", False, "tensorflow/tensorflow:2.1.0-py3"),
        ("2.12.0", True, "tensorflow/tensorflow:2.12.0-gpu"),
    ],
)
def test_tensorflow_tags(version: str, gpu: bool, image: str) -> None:
    assert tf_image(version, gpu) == image


def test_torch_tags() -> None:
    assert torch_image("1.13.1") == ("pytorch/pytorch:1.13.1-cuda11.6-cudnn8-runtime", True)
    assert torch_image("0.4.1")[1] is False


def _serving(tmp_path: Path, spec: ServingSpec, config: dict[str, Any] | None = None) -> Artifacts:
    job = serving_job(spec, "", SourceLocation("app.py", 3))
    job.name = "model"
    return _convert(job, tmp_path, config_from_dict(config) if config else None)


def test_remote_models_keep_storage_with_the_storage_map(tmp_path: Path, crd_schemas: Any) -> None:
    config = {"storage": [{"from": "hdfs://nn/models", "to": "s3://m"}]}
    out = _serving(tmp_path, ServingSpec("tf-serving", "tensorflow", "hdfs://nn/models/a"), config)
    (isvc,) = _objects(out)
    assert isvc["spec"]["predictor"]["model"]["storageUri"] == "s3://m/a"
    assert validate_object("x.yaml", isvc, crd_schemas, strict=True) == []
    hdfs = _serving(tmp_path, ServingSpec("tf-serving", "tensorflow", "hdfs://other/a"))
    assert {"SV006", "DA001"} <= set(codes(hdfs.findings))
    assert "jobs/model/Dockerfile" not in out.files


def test_local_models_are_baked_into_a_model_image(tmp_path: Path) -> None:
    source(tmp_path, "model/clf.joblib", "x")
    out = _serving(
        tmp_path, ServingSpec("flask", "sklearn", "model/clf.joblib", loader="joblib.load")
    )
    model = _objects(out)[0]["spec"]["predictor"]["model"]
    assert model["storageUri"] == "oci://registry.example.com/yarn2k8s/model:0.1.0"
    assert out.files["jobs/model/app/clf.joblib"] == b"x"
    assert "COPY app/ /models/" in out.files["jobs/model/Dockerfile"].decode()
    assert {"SV003", "SV007"} <= set(codes(out.findings))


def test_savedmodel_without_a_version_folder_gets_one(tmp_path: Path) -> None:
    source(tmp_path, "export/saved_model.pb", "pb")
    out = _serving(tmp_path, ServingSpec("tf-serving", "tensorflow", "export"))
    assert "jobs/model/app/1/saved_model.pb" in out.files and "SV011" in codes(out.findings)
    missing = _serving(tmp_path, ServingSpec("flask", "xgboost", "gone.json"))
    assert "DF001" in codes(missing.findings)


def test_training_job_spec_is_attached_by_every_reader(tmp_path: Path) -> None:
    job = analyze_script(tmp_path, "horovodrun -np 2 python t.py\n").jobs[0]
    assert spec_of(job).source == "horovodrun"
