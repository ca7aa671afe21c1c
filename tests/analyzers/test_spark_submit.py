"""spark-submit option parsing, Spark's precedence, and job building."""

from __future__ import annotations

from pathlib import Path

import pytest

from yarn2k8s.analyzers.base import AnalysisContext, InputFile, PropertiesFile
from yarn2k8s.analyzers.properties import parse_properties
from yarn2k8s.analyzers.shell import parse_script
from yarn2k8s.analyzers.spark_submit import (
    SubmitContext,
    explicit_conf,
    job_from_command,
    parse_submission,
    submit_index,
)
from yarn2k8s.config import Config, config_from_dict
from yarn2k8s.model import MigrationJob


def _jobs(
    script: str, config: Config | None = None, properties: dict[str, PropertiesFile] | None = None
) -> list[MigrationJob]:
    source = InputFile(Path("/in/run.sh"), "run.sh", script)
    ctx = AnalysisContext(config or Config(), properties or {})
    parsed = parse_script(script)
    sc = SubmitContext(source, ctx, dict(parsed.variables))
    return [j for c in parsed.commands if (j := job_from_command(c, sc)) is not None]


@pytest.mark.parametrize(
    ("argv", "index"),
    [
        (["spark-submit", "x.py"], 0),
        (["/usr/hdp/current/spark2-client/bin/spark-submit", "x.py"], 0),
        (["${SPARK_HOME}/bin/spark3-submit", "x.py"], 0),
        (["nohup", "spark2-submit", "x.py"], 1),
        (["sudo", "-u", "etl", "spark-submit", "x.py"], 3),
        (["env", "A=b", "spark-submit"], 2),
        (["python", "spark-submit.py"], None),
        (["echo", "spark-submit"], None),
    ],
)
def test_submit_index(argv: list[str], index: int | None) -> None:
    assert submit_index(argv) == index


def test_parse_submission_both_option_forms_and_app_args() -> None:
    sub = parse_submission(
        [
            "--master=yarn",
            "--deploy-mode",
            "cluster",
            "--conf",
            "a.b=c=d",
            "-c",
            "x=1",
            "--verbose",
            "app.py",
            "--master",
            "local",
            "arg",
        ]
    )
    assert sub.options == {"--master": "yarn", "--deploy-mode": "cluster"}
    assert sub.confs == [("a.b", "c=d"), ("x", "1")]
    assert sub.flags == {"--verbose"}
    assert sub.primary == "app.py"
    assert sub.app_args == ["--master", "local", "arg"]  # after the app, options are app args


def test_flags_beat_conf() -> None:
    sub = parse_submission(
        ["--conf", "spark.executor.memory=2g", "--executor-memory", "8g", "a.py"]
    )
    assert explicit_conf(sub)["spark.executor.memory"] == "8g"


def test_unknown_option_and_option_holder_placeholder() -> None:
    sub = parse_submission(["--frobnicate", "${SPARK_OPTS}", "main.py"])
    assert sub.unknown == ["--frobnicate"]
    assert sub.option_holders == ["SPARK_OPTS"]
    assert sub.primary == "main.py"


def test_properties_file_replaces_spark_defaults() -> None:
    defaults = PropertiesFile(
        "conf/spark-defaults.conf",
        {"spark.executor.memory": "3g", "spark.eventLog.enabled": "true"},
        {"spark.executor.memory": 2, "spark.eventLog.enabled": 3},
    )
    custom = PropertiesFile(
        "conf/heavy.properties", {"spark.executor.instances": "8"}, {"spark.executor.instances": 1}
    )
    props = {defaults.rel: defaults, custom.rel: custom}
    light, heavy = _jobs(
        "spark-submit --class A a.jar\n"
        "spark-submit --properties-file conf/heavy.properties --executor-memory 5g"
        " --class B b.jar\n",
        properties=props,
    )
    assert light.spark_conf["spark.executor.memory"] == "3g"
    assert str(light.conf_sources["spark.executor.memory"]) == "conf/spark-defaults.conf:2"
    assert "spark.eventLog.enabled" not in heavy.spark_conf  # replaced, not layered
    assert heavy.spark_conf["spark.executor.instances"] == "8"
    assert heavy.effective_conf["spark.executor.memory"] == "5g"


def test_effective_conf_has_yarn_defaults_and_legacy_master_mode() -> None:
    (job,) = _jobs("spark-submit --master yarn-cluster app.py\n")
    assert job.effective_conf["spark.executor.instances"] == "2"
    assert job.effective_conf["spark.submit.deployMode"] == "cluster"
    assert job.deploy_mode == "cluster"
    assert {f.code for f in job.findings} >= {"SP003"}


def test_client_mode_default_is_flagged() -> None:
    (job,) = _jobs("spark-submit --master yarn app.py\n")
    assert job.deploy_mode == "client"
    assert "SP002" in {f.code for f in job.findings}


def test_missing_properties_file_is_a_finding() -> None:
    (job,) = _jobs("spark-submit --properties-file /etc/x.conf app.py\n")
    assert "SP012" in {f.code for f in job.findings}


def test_placeholders_listed_and_filled_from_config() -> None:
    script = 'spark-submit --name "r-$2" app.py --date "$1" --id "$(date +%s)"\n'
    (job,) = _jobs(script)
    assert sorted(p.name for p in job.placeholders) == ["1", "2", "SUBST_DATE"]
    config = config_from_dict(
        {"jobs": [{"match": "run.sh*", "parameters": {"1": "2024-01-01", "2": "eu"}}]}
    )
    (filled,) = _jobs(script, config)
    assert filled.arguments[:2] == ["--date", "2024-01-01"]
    assert filled.source_name == "r-eu"
    assert [p.name for p in filled.placeholders] == ["SUBST_DATE"]


def test_version_is_not_a_job_submission() -> None:
    (job,) = _jobs("spark-submit --version\n")
    assert job.kind == "spark-action"
    assert [f.code for f in job.findings] == ["SP019"]


def test_deps_with_alias_and_locations() -> None:
    (job,) = _jobs("spark-submit --archives env.tgz#env --py-files a.zip,b.py --jars x.jar m.py\n")
    kinds = [(d.kind, d.value, d.alias) for d in job.deps]
    assert kinds == [
        ("jar", "x.jar", ""),
        ("py-file", "a.zip", ""),
        ("py-file", "b.py", ""),
        ("archive", "env.tgz", "env"),
    ]
    assert all(str(d.location) == "run.sh:1" for d in job.deps)


def test_properties_parser_forms() -> None:
    values, lines = parse_properties(
        "# c\n! c\na.b  1\nc.d=2\ne.f : 3\ng.h = multi \\\n   line\nempty\n"
    )
    assert values == {"a.b": "1", "c.d": "2", "e.f": "3", "g.h": "multi line", "empty": ""}
    assert lines["g.h"] == 6


def test_bad_sizes_are_findings_and_placeholders_are_not() -> None:
    (job,) = _jobs("spark-submit --num-executors lots --executor-memory $MEM app.py\n")
    assert [f.code for f in job.findings if f.code == "RS008"] == ["RS008"]
    assert job.roles["executor"].instances == 2
    assert job.roles["executor"].memory_mib == 1024
