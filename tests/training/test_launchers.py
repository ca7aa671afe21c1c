"""Submarine, XLearning, OpenPAI and horovodrun/mpirun readers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from training_helpers import analyze_script, codes, source

from yarn2k8s.analyzers.base import AnalysisContext
from yarn2k8s.analyzers.openpai import OpenPaiAnalyzer, framework_of, from_v1, strip_json_comments
from yarn2k8s.analyzers.submarine import (
    SubmarineExperimentAnalyzer,
    SubmarineYamlAnalyzer,
    input_from_yaml,
)
from yarn2k8s.analyzers.training_spec import (
    SHIM_TONY_TF,
    SHIM_XLEARNING_TF,
    parse_resources,
    spec_of,
)
from yarn2k8s.config import Config

CTX = AnalysisContext(Config())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("memory=8G,vcores=4,gpu=2", {"memory": "8G", "vcores": "4", "gpu": "2"}),
        ("cpu=1,memory=1024M,nvidia.com/gpu=1", {"vcores": "1", "memory": "1024M", "gpu": "1"}),
        ("memory=20480M, yarn.io/gpu=3,junk", {"memory": "20480M", "gpu": "3"}),
    ],
)
def test_resource_strings(text: str, expected: dict[str, str]) -> None:
    assert parse_resources(text) == expected


SUBMARINE = """java -cp submarine.jar org.apache.submarine.client.cli.Cli job run \\
  --name tf-job --framework tensorflow --input_path hdfs://nn/in \\
  --num_workers 2 --worker_resources memory=8G,vcores=4,gpu=2 \\
  --worker_launch_cmd "python t.py --data=%input_path%" \\
  --num_ps 1 --ps_resources memory=2G,vcores=1 --ps_launch_cmd "python t.py" \\
  --tensorboard --keytab /k/ml.keytab --principal ml@EX --env A=1 \\
  --conf tony.containers.resources=/home/u/t.py
"""


def test_submarine_cli_roles_resources_and_holes(tmp_path: Path) -> None:
    job = analyze_script(tmp_path, SUBMARINE).jobs[0]
    spec = spec_of(job)
    worker, ps = job.roles["worker"], job.roles["ps"]
    assert (worker.instances, worker.memory_mib, worker.cores, worker.gpus) == (2, 8192, 4, 2)
    assert (ps.instances, ps.memory_mib) == (1, 2048)
    assert spec.commands["worker"] == "python t.py --data=hdfs://nn/in"
    assert spec.shim == SHIM_TONY_TF  # `--conf tony.*`: the TonY runtime
    assert (job.keytab, job.principal, job.env) == ("/k/ml.keytab", "ml@EX", {"A": "1"})
    assert spec.sidecars and spec.files == ["/home/u/t.py"]


def test_submarine_mxnet_is_explained_not_converted(tmp_path: Path) -> None:
    result = analyze_script(tmp_path, SUBMARINE.replace("tensorflow", "mxnet"))
    assert [j for j in result.jobs if j.kind != "shell"] == []
    assert "TY003" in codes(result.findings)


def test_submarine_yaml_spec_and_its_problems(tmp_path: Path) -> None:
    text = (
        "spec:\n  name: x\n  framework: pytorch\nconfigs:\n  docker_image: img:1\n"
        "  mounts:\n  - /a:/b:rw\nroles:\n  worker:\n    resources: memory=4G,vcores=2,gpu=1\n"
        "    replicas: 3\n    launch_cmd: python m.py\n"
    )
    yaml_file = source(tmp_path, "job.yaml", text)
    analyzer = SubmarineYamlAnalyzer()
    assert analyzer.detect(yaml_file)
    job = analyzer.analyze(yaml_file, CTX).jobs[0]
    assert job.kind == "pytorch" and spec_of(job).images == {"worker": "img:1"}
    assert "TY030" in codes(job.findings)  # host mounts are never converted
    bad = source(tmp_path, "bad.yaml", text.replace("pytorch", "bla"))
    assert codes(analyzer.analyze(bad, CTX).findings) == ["TY033"]
    broken = source(tmp_path, "broken.yaml", "spec:\n  name: x\nroles:\n      a: 1\n  b: [\n")
    assert codes(analyzer.analyze(broken, CTX).findings) == ["YK009"]
    assert input_from_yaml("- a list")[0] is None


def test_submarine_job_run_f_is_converted_from_the_spec_only(tmp_path: Path) -> None:
    source(
        tmp_path,
        "spec.yaml",
        "spec:\n  framework: tensorflow\nroles:\n  worker:\n    replicas: 1\n",
    )
    result = analyze_script(tmp_path, "submarine job run -f spec.yaml\n")
    assert [j for j in result.jobs if j.kind == "tensorflow"] == []
    assert "TY031" in codes(result.findings)


def test_submarine_experiment_json(tmp_path: Path) -> None:
    data = {
        "meta": {"name": "e", "framework": "PyTorch", "cmd": "python m.py"},
        "environment": {"image": "img:2"},
        "spec": {
            "Master": {"replicas": 1, "resources": "cpu=2,memory=2048M"},
            "Worker": {"replicas": 2},
        },
    }
    exp = source(tmp_path, "e.json", json.dumps(data))
    analyzer = SubmarineExperimentAnalyzer()
    assert analyzer.detect(exp)
    job = analyzer.analyze(exp, CTX).jobs[0]
    assert sorted(job.roles) == ["master", "worker"] and job.roles["master"].cores == 2
    assert spec_of(job).shim == ""  # it already ran on the Kubernetes operators


HBOX = """$HBOX_HOME/bin/hbox-submit --app-type "{t}" --app-name demo --worker-num 2 \\
  --worker-memory 4G --worker-gpus 1 --ps-num 1 --ps-memory 1024 \\
  --input hdfs://nn/in#data --output hdfs://nn/out#model --files demo.py \\
  --cacheArchive hdfs://nn/env.tgz#env --conf hbox.container.env.X=1 \\
  python demo.py --epochs 3
"""


def test_xlearning_tensorflow_ps_worker_staging_and_shim(tmp_path: Path) -> None:
    job = analyze_script(tmp_path, HBOX.format(t="tensorflow")).jobs[0]
    spec = spec_of(job)
    assert job.kind == "tensorflow" and spec.shim == SHIM_XLEARNING_TF
    assert (job.roles["worker"].memory_mib, job.roles["worker"].gpus) == (4096, 1)
    assert job.roles["ps"].memory_mib == 1024  # bare numbers are MB, as hbox reads them
    assert spec.staging == [("input", "hdfs://nn/in", "data"), ("output", "hdfs://nn/out", "model")]
    assert spec.remote == ["hdfs://nn/env.tgz#env"] and job.env == {"X": "1"}
    assert spec.commands["worker"] == "python demo.py --epochs 3"
    assert "YK008" not in codes(job.findings)  # $HBOX_HOME is the launcher's own path


def test_xlearning_app_types(tmp_path: Path) -> None:
    mpi = analyze_script(tmp_path, HBOX.format(t="mpi")).jobs[0]
    caffe = analyze_script(tmp_path, HBOX.format(t="caffe")).jobs[0]
    xgb = analyze_script(tmp_path, HBOX.format(t="distxgboost")).jobs[0]
    assert (mpi.kind, sorted(mpi.roles)) == ("mpi", ["worker"])  # --ps-num only counts for PS types
    assert caffe.kind == "standalone" and xgb.kind == "xgboost"
    lightgbm = analyze_script(tmp_path, HBOX.format(t="distlightgbm"))
    assert "TY003" in codes(lightgbm.findings)


def test_json_comments_are_stripped_outside_strings_only() -> None:
    text = '{\n  // a comment\n  "url": "http://x//y", /* block\n comment */ "n": 1\n}'
    stripped = strip_json_comments(text)
    assert json.loads(stripped) == {"url": "http://x//y", "n": 1}
    assert stripped.count("\n") == text.count("\n")  # line numbers survive


def test_openpai_framework_inference_and_jobs(tmp_path: Path) -> None:
    def pai(image: str, command: str, tasks: int = 1) -> dict[str, object]:
        role = {
            "name": "main",
            "taskNumber": tasks,
            "cpuNumber": 2,
            "memoryMB": 4096,
            "gpuNumber": 1,
        }
        return {"jobName": "j", "image": image, "taskRoles": [{**role, "command": command}]}

    assert framework_of(from_v1(pai("openpai/keras", "python a.py"))) == "tensorflow"
    assert framework_of(from_v1(pai("img", "mpirun -np 2 a"))) == "mpi"
    analyzer = OpenPaiAnalyzer()
    tf = source(
        tmp_path,
        "tf.json",
        "// c\n" + json.dumps(pai("tensorflow:1", "python a.py $PAI_HOST_IP_w_0")),
    )
    job = analyzer.analyze(tf, CTX).jobs[0]
    assert job.kind == "tensorflow" and job.roles["worker"].memory_mib == 4096
    assert "TY020" in codes(job.findings) and "PAI_HOST_IP_w_0" in job.findings[0].message
    many = source(tmp_path, "m.json", json.dumps(pai("img", "./run", tasks=3)))
    assert codes(analyzer.analyze(many, CTX).findings) == ["TY003"]
    v2 = (
        "protocolVersion: 2\nname: s\ntaskRoles:\n  main:\n    instances: 1\n"
        "    commands: [python b.py]\n"
    )
    job2 = analyzer.analyze(source(tmp_path, "v2.yaml", v2), CTX).jobs[0]
    assert job2.kind == "standalone" and spec_of(job2).commands["main"] == "python b.py"


def test_horovodrun_hosts_become_workers_with_slots(tmp_path: Path) -> None:
    script = "horovodrun -np 8 -H a:4,b:4 -x NCCL_DEBUG=INFO python train.py --lr 0.1\n"
    job = analyze_script(tmp_path, script).jobs[0]
    spec = spec_of(job)
    assert job.kind == "mpi" and spec.launcher == "horovodrun"
    assert (job.roles["worker"].instances, spec.slots_per_worker, spec.processes) == (2, 4, 8)
    assert (
        job.env == {"NCCL_DEBUG": "INFO"} and spec.commands["worker"] == "python train.py --lr 0.1"
    )
    assert "TY028" in codes(job.findings)


def test_mpirun_drops_host_options_and_keeps_mpi_ones(tmp_path: Path) -> None:
    script = (
        "mpirun --allow-run-as-root -np 4 --hostfile hosts -mca btl tcp,self -bind-to none "
        "./solver in.dat\n"
    )
    job = analyze_script(tmp_path, script).jobs[0]
    spec = spec_of(job)
    assert spec.launcher_args == ["-mca", "btl", "tcp,self", "-bind-to", "none"]
    assert job.roles["worker"].instances == 4 and spec.commands["worker"] == "./solver in.dat"
    assert "TY034" in codes(job.findings)
