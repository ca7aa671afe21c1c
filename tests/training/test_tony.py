"""TonY: configuration precedence, roles, the XML analyzer and the ClusterSubmitter reader."""

from __future__ import annotations

from pathlib import Path

from training_helpers import analyze_script, codes, source

from yarn2k8s.analyzers.base import AnalysisContext
from yarn2k8s.analyzers.tony import TonyConf, TonyLaunch, TonyXmlAnalyzer, build_job
from yarn2k8s.analyzers.tony_cli import parse_tony_args, tony_args
from yarn2k8s.analyzers.training_spec import SHIM_TONY_PYTORCH, SHIM_TONY_TF, spec_of
from yarn2k8s.config import Config
from yarn2k8s.model import SourceLocation

LOC = SourceLocation("run.sh", 3)


def _xml(props: dict[str, str]) -> str:
    body = "".join(
        f"<property><name>{k}</name><value>{v}</value></property>\n" for k, v in props.items()
    )
    return f"<configuration>\n{body}</configuration>\n"


def _conf(*layers: dict[str, str]) -> TonyConf:
    conf = TonyConf()
    for layer in layers:
        conf.layer(layer, dict.fromkeys(layer, LOC))
    return conf


def test_command_line_conf_wins_over_the_file_and_defaults_fill_the_rest() -> None:
    conf = _conf(
        {"tony.worker.instances": "2", "tony.worker.memory": "4g"}, {"tony.worker.memory": "6g"}
    )
    job, findings = build_job(conf, TonyLaunch(executes="train.py"), LOC)
    assert job is not None and findings == []
    worker = job.roles["worker"]
    assert (worker.instances, worker.memory_mib, worker.cores) == (2, 6144, 1)
    assert job.effective_conf["tony.application.framework"] == "tensorflow"  # the default
    assert spec_of(job).commands["worker"] == "python train.py"


def test_multi_value_keys_append_like_tony() -> None:
    conf = _conf({"tony.containers.envs": "A=1"}, {"tony.containers.envs": "B=2"})
    job, _ = build_job(conf, TonyLaunch(executes="x.py"), LOC)
    assert job is not None and job.env == {"A": "1", "B": "2"}


def test_roles_resources_timeout_labels_and_shim() -> None:
    conf = _conf(
        {
            "tony.ps.instances": "1",
            "tony.worker.instances": "3",
            "tony.worker.gpus": "2",
            "tony.worker.node-label": "gpu",
            "tony.application.timeout": "90001",
            "tony.yarn.queue": "ml",
        }
    )
    job, _ = build_job(conf, TonyLaunch(executes="m.py", task_params="--steps 5"), LOC)
    assert job is not None
    spec = spec_of(job)
    assert sorted(job.roles) == ["ps", "worker"] and job.roles["worker"].gpus == 2
    assert spec.timeout_seconds == 91  # milliseconds rounded up
    assert spec.node_labels == {"worker": "gpu"}
    assert spec.shim == SHIM_TONY_TF and job.queue == "ml"
    assert spec.commands["ps"] == "python m.py --steps 5"
    assert spec.untracked == ["ps"]


def test_pytorch_and_horovod_pick_their_kinds_and_mxnet_is_explained() -> None:
    torch, _ = build_job(
        _conf({"tony.application.framework": "pytorch"}), TonyLaunch(executes="t.py"), LOC
    )
    hvd, _ = build_job(
        _conf({"tony.application.framework": "horovod"}), TonyLaunch(executes="t.py"), LOC
    )
    mx, findings = build_job(
        _conf({"tony.application.framework": "mxnet"}), TonyLaunch(executes="t.py"), LOC
    )
    assert (
        torch is not None and torch.kind == "pytorch" and spec_of(torch).shim == SHIM_TONY_PYTORCH
    )
    assert hvd is not None and hvd.kind == "mpi" and spec_of(hvd).launcher == "horovodrun"
    assert mx is None and codes(findings) == ["TY003"]


def test_resources_and_venv_archives_are_sorted_out() -> None:
    conf = _conf(
        {
            "tony.containers.resources": "env.zip#archive,hdfs://nn/lib/x.jar,conf.yaml,tony-cli-0.4.jar"
        }
    )
    job, _ = build_job(conf, TonyLaunch(executes="t.py", python_venv="venv.zip"), LOC)
    assert job is not None
    spec = spec_of(job)
    assert spec.archives == ["env.zip", "venv.zip"]
    assert spec.remote == ["hdfs://nn/lib/x.jar"]
    assert "conf.yaml" in spec.files and not any("tony-cli" in f for f in spec.files)


def test_xml_analyzer_outcomes(tmp_path: Path) -> None:
    analyzer, ctx = TonyXmlAnalyzer(), AnalysisContext(Config())
    defaults = source(
        tmp_path, "tony-default.xml", _xml({"tony.application.framework": "tensorflow"})
    )
    no_keys = source(tmp_path, "h/tony-final.xml", _xml({"fookey": "fooval"}))
    conf_only = source(tmp_path, "a/tony.xml", _xml({"tony.worker.instances": "2"}))
    runnable = source(tmp_path, "b/tony.xml", _xml({"tony.containers.command": "python t.py"}))
    broken = source(tmp_path, "c/tony.xml", "<configuration><property>")
    assert (
        analyzer.analyze(defaults, ctx).outcome,
        codes(analyzer.analyze(defaults, ctx).findings),
    ) == (
        "configuration",
        ["TY024"],
    )
    assert codes(analyzer.analyze(no_keys, ctx).findings) == ["TY025"]
    assert analyzer.analyze(conf_only, ctx).outcome == "configuration"
    result = analyzer.analyze(runnable, ctx)
    assert result.outcome == "converted" and result.jobs[0].kind == "tensorflow"
    assert codes(analyzer.analyze(broken, ctx).findings) == ["YK009"]


def test_cli_words_after_the_entry_class_and_after_gcloud_double_dash() -> None:
    hadoop = [
        "hadoop",
        "jar",
        "tony.jar",
        "com.linkedin.tony.cli.ClusterSubmitter",
        "--executes",
        "a.py",
    ]
    gcloud = [
        "gcloud",
        "dataproc",
        "jobs",
        "submit",
        "hadoop",
        "--class",
        "com.linkedin.tony.cli.ClusterSubmitter",
        "--jars",
        "x.jar",
        "--",
        "--conf_file=t.xml",
    ]
    assert tony_args(hadoop) == ["--executes", "a.py"]
    assert tony_args(gcloud) == ["--conf_file=t.xml"]
    assert tony_args(["export", "TONY_CLASS=com.linkedin.tony.cli.ClusterSubmitter"]) is None
    single, multi = parse_tony_args(
        ["--conf", "a=1", "--conf=b=2", "--shell_env", "X=y", "--executes", "t.py"]
    )
    assert single == {"executes": "t.py"} and multi == [
        ("conf", "a=1"),
        ("conf", "b=2"),
        ("shell_env", "X=y"),
    ]


HEREDOC = """#!/bin/bash
cat > tony.xml <<EOF
<configuration>
<property><name>tony.application.framework</name><value>pytorch</value></property>
<property><name>tony.worker.instances</name><value>3</value></property>
</configuration>
EOF
java -cp tony.jar com.linkedin.tony.cli.ClusterSubmitter --executes train.py --conf_file tony.xml
"""


def test_heredoc_conf_feeds_the_submission_with_its_own_lines(tmp_path: Path) -> None:
    result = analyze_script(tmp_path, HEREDOC)
    assert [j.kind for j in result.jobs] == ["pytorch"]
    job = result.jobs[0]
    assert job.roles["worker"].instances == 3
    assert str(job.conf_sources["tony.worker.instances"]) == "run.sh:5"
    assert "TY026" not in codes(result.findings)


def test_a_heredoc_conf_nothing_submits_is_explained(tmp_path: Path) -> None:
    result = analyze_script(tmp_path, HEREDOC.rsplit("java", 1)[0])
    assert all(j.kind not in ("pytorch", "tensorflow") for j in result.jobs)
    assert "TY026" in codes(result.findings)


def test_missing_conf_file_guesses_the_framework_with_a_finding(tmp_path: Path) -> None:
    script = (
        "hadoop jar t.jar com.linkedin.tony.cli.ClusterSubmitter --executes m.py "
        "--python_venv /d/pytorch.zip --conf_file /j/tony.xml\n"
    )
    job = analyze_script(tmp_path, script).jobs[0]
    assert job.kind == "pytorch"
    assert {"TY009", "TY017"} <= set(codes(job.findings))


def test_conf_file_outside_the_input_root_is_never_read(tmp_path: Path) -> None:
    outside = "<configuration><property><name>tony.worker.instances</name><value>9</value>"
    (tmp_path / "secret.xml").write_text(outside + "</property></configuration>", encoding="utf-8")
    root = tmp_path / "in"
    root.mkdir()
    script = (
        "hadoop jar t.jar com.linkedin.tony.cli.ClusterSubmitter --executes m.py "
        "--conf_file ../secret.xml\n"
    )
    job = analyze_script(root, script).jobs[0]
    assert "TY009" in codes(job.findings)
    assert job.roles["worker"].instances == 1
