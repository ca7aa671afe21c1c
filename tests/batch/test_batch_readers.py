"""`hadoop jar`, `java`, DistributedShell, shell scripts and crontab lines -> batch jobs."""

from __future__ import annotations

from pathlib import Path

import pytest

from yarn2k8s.analyzers.base import AnalysisContext, InputFile
from yarn2k8s.analyzers.batch_script import all_commands, hdfs_call, interpreter, work_command
from yarn2k8s.analyzers.crontab import CrontabAnalyzer
from yarn2k8s.analyzers.hadoop_jar import classify
from yarn2k8s.analyzers.shell import parse_script
from yarn2k8s.analyzers.shell_script import ShellScriptAnalyzer
from yarn2k8s.config import Config, config_from_dict
from yarn2k8s.model import MigrationJob


def _jobs(script: str, config: Config | None = None, name: str = "run.sh") -> list[MigrationJob]:
    source = InputFile(Path(f"/in/{name}"), name, script)
    result = ShellScriptAnalyzer().analyze(source, AnalysisContext(config or Config()))
    return result.jobs


@pytest.mark.parametrize(
    ("jar", "rest", "tool"),
    [
        ("/usr/lib/hadoop-mapreduce/hadoop-streaming-2.7.3.jar", ["-input", "x"], "streaming"),
        ("${JAR}", ["-input", "a", "-output", "b", "-mapper", "cat"], "streaming"),
        ("${DS}", ["-jar", "${DS}", "-shell_command", "ls"], "distributed-shell"),
        ("hadoop-mapreduce-examples-*.jar", ["teragen"], "examples"),
        ("${HADOOP_EXAMPLES_JAR}", ["terasort"], "examples"),
        ("hadoop-mapreduce-client-jobclient-tests.jar", ["TestDFSIO"], "tests"),
        ("/opt/app/sessions.jar", ["com.example.Main"], "jar"),
    ],
)
def test_classify(jar: str, rest: list[str], tool: str) -> None:
    assert classify(jar, rest) == tool


def test_streaming_job_reads_its_parts() -> None:
    (job,) = _jobs(
        "hadoop jar /x/hadoop-streaming.jar -D mapreduce.job.name=wc -D mapred.job.queue.name=etl "
        "-files m.py,r.py#red -input /in/a -input /in/b -output /out -mapper 'python m.py' "
        "-reducer NONE -cmdenv A=1 -bogus 2\n"
    )
    stream = job.extra["streaming"]
    assert (job.kind, job.source_name, job.queue) == ("streaming", "wc", "etl")
    assert stream["inputs"] == ["/in/a", "/in/b"] and stream["mapper"] == "python m.py"
    assert stream["reducer"] == "" and job.roles["reduce"].instances == 0
    assert stream["cmdenv"] == {"A": "1"}
    assert [(d.value, d.alias) for d in job.deps] == [("m.py", ""), ("r.py", "red")]
    assert {f.code for f in job.findings} >= {"MR006"}
    assert len(job.extra["arg_roles"]) == len(job.arguments)


def test_examples_job_ignores_the_jar_path_placeholders() -> None:
    (job,) = _jobs(
        "hadoop jar ${HADOOP_HOME}/share/hadoop-mapreduce-examples.jar teragen "
        "-D mapreduce.job.maps=8 100 /out\n"
    )
    assert (job.kind, job.main_class, job.source_name) == ("mapreduce", "teragen", "teragen")
    assert job.placeholders == [] and job.roles["map"].instances == 8


def test_java_mapreduce_driver_gets_rewrite_advice_and_placeholders() -> None:
    config = config_from_dict({"jobs": [{"match": "run.sh*", "parameters": {"1": "2024-01-01"}}]})
    (job,) = _jobs(
        "hadoop jar app.jar com.example.Main -D mapreduce.reduce.memory.mb=4096 "
        "/in/${1} /out/${2}\n",
        config,
    )
    assert job.main_class == "com.example.Main" and job.main_file == "app.jar"
    assert job.arguments[-2:] == ["/in/2024-01-01", "/out/${2}"]
    assert [p.name for p in job.placeholders] == ["2"]
    assert job.roles["reduce"].memory_mib == 4096
    assert "MR002" in {f.code for f in job.findings}


def test_hadoop_user_name_set_by_the_script_is_kept() -> None:
    (job,) = _jobs("export HADOOP_USER_NAME=etl\nhadoop jar a.jar com.example.A in out\n")
    assert job.env == {"HADOOP_USER_NAME": "etl"}


def test_jobs_inside_here_documents_and_dash_c_strings_keep_their_lines() -> None:
    script = (
        "#!/bin/bash\n"  # 1
        "su - hdfs -c 'hdfs dfs -rm -r /out'\n"  # 2
        "su hdfs <<EOF\n"  # 3
        "echo start\n"  # 4
        "hadoop jar /x/hadoop-mapreduce-examples.jar teragen 10 /out\n"  # 5
        "EOF\n"
    )
    lines = {c.line: c.argv[0] for c in all_commands(parse_script(script))}
    assert lines[2] == "hdfs" and lines[5] == "hadoop"
    (job,) = _jobs(script)
    assert job.location.line == 5
    assert [c["line"] for c in job.extra["hdfs_calls"]] == [2]


def test_wrapper_function_is_read_as_hadoop_jar() -> None:
    (job,) = _jobs(
        "run_hadoop_job ${HADOOP_EXAMPLES_JAR} terasort -D mapreduce.job.reduces=3 in out\n"
    )
    assert job.main_class == "terasort" and "MR009" in {f.code for f in job.findings}
    assert _jobs("cp ${APP_JAR} /tmp/x.jar\nexport JAR=a.jar\n") == []


def test_distributed_shell_job() -> None:
    (job,) = _jobs(
        "yarn jar ${DS} -jar ${DS} -shell_command 'nvidia-smi -L' -num_containers 3 "
        "-container_memory 1500 -shell_env YARN_CONTAINER_RUNTIME_DOCKER_IMAGE=img:1 "
        "-shell_env A=b\n"
    )
    assert (job.kind, job.extra["tool"], job.extra["image"]) == (
        "shell",
        "distributed-shell",
        "img:1",
    )
    assert job.roles["container"].instances == 3 and job.roles["container"].memory_mib == 2048
    assert job.env == {"A": "b"} and job.placeholders == []


def test_java_command() -> None:
    (job,) = _jobs("java -Xmx4g -Dx=y -cp /opt/app/app.jar:/opt/lib/* com.example.Report --day 1\n")
    assert (job.kind, job.main_class, job.main_file) == (
        "java",
        "com.example.Report",
        "/opt/app/app.jar",
    )
    assert job.roles["main"].memory_mib == 4096 + 409
    assert _jobs("java -version\n") == []


def test_script_doing_data_work_becomes_one_shell_job() -> None:
    script = "#!/bin/sh\n. ./env.sh\nhdfs dfs -put /tmp/a.csv /data/a\npython3 load.py\n"
    (job,) = _jobs(script, name="load.sh")
    assert (job.kind, job.extra["tool"], job.main_file) == ("shell", "script", "load.sh")
    assert job.extra["interpreter"] == ["/bin/sh"]
    assert {d.value for d in job.deps} == {"./env.sh", "load.py"}


def test_setup_and_admin_scripts_are_not_jobs() -> None:
    assert _jobs("export A=1\necho hello\n") == []
    source = InputFile(
        Path("/in/adm.sh"), "adm.sh", "hdfs dfsadmin -report\nyarn rmadmin -refreshQueues\n"
    )
    result = ShellScriptAnalyzer().analyze(source, AnalysisContext(Config()))
    assert result.jobs == [] and [f.code for f in result.findings] == ["BJ003", "YK010"]


@pytest.mark.parametrize(
    ("argv", "is_call", "is_work"),
    [
        (["hdfs", "dfs", "-ls", "/"], True, True),
        (["sudo", "-u", "hdfs", "hadoop", "fs", "-rm", "/x"], True, True),
        (["hadoop", "distcp", "a", "b"], False, True),
        (["hdfs", "namenode", "-format"], False, False),
        (["beeline", "-f", "x.sql"], False, True),
        (["ls"], False, False),
    ],
)
def test_hdfs_and_work_commands(argv: list[str], is_call: bool, is_work: bool) -> None:
    assert (hdfs_call(argv) is not None) == is_call
    assert work_command(argv) == is_work


def test_interpreter_from_shebang() -> None:
    assert interpreter("#!/usr/bin/env python3\n") == ["python3"]
    assert interpreter("#!/bin/ksh\n") == ["/bin/ksh"]
    assert interpreter("echo no shebang\n") == ["/bin/bash"]


def _cron(text: str, name: str = "etl.crontab") -> tuple[list[MigrationJob], list[str]]:
    source = InputFile(Path(f"/in/{name}"), name, text)
    result = CrontabAnalyzer().analyze(source, AnalysisContext(Config()))
    return result.jobs, [f.code for f in result.findings]


def test_cron_lines_become_scheduled_batch_jobs() -> None:
    jobs, codes = _cron(
        "TZ=Asia/Tokyo\n"
        "0 2 * * * cd /opt/jobs && ./export.sh > /tmp/x.log 2>&1\n"
        "@weekly hadoop jar /opt/a.jar com.example.A in out\n"
        "@reboot /opt/jobs/start.sh\n"
    )
    shell, mapreduce = sorted(jobs, key=lambda j: j.location.line)
    assert shell.kind == "shell" and shell.extra["placements"] == {
        "./export.sh": "/opt/jobs/export.sh"
    }
    assert shell.schedule is not None and shell.schedule.time_zone == "Asia/Tokyo"
    assert {"BJ002", "BJ005"} <= {f.code for f in shell.findings}
    assert mapreduce.kind == "mapreduce" and mapreduce.schedule is not None
    assert mapreduce.schedule.cron == "@weekly"
    assert codes == ["BJ004"]


def test_system_crontab_user_is_stripped() -> None:
    jobs, _ = _cron("0 1 * * * etl /opt/jobs/run.sh\n", name="cron.d/etl")
    (job,) = jobs
    assert job.extra["command"] == "/opt/jobs/run.sh" and "BJ007" in {f.code for f in job.findings}
