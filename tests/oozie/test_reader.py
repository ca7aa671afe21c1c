"""Reading Oozie XML: every schema version, app folders, job.properties, app-path resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from yarn2k8s.analyzers.base import AnalysisContext, InputFile
from yarn2k8s.analyzers.oozie import OozieAnalyzer, OozieAppFileAnalyzer
from yarn2k8s.analyzers.oozie_app import AppRoot, choose_job_properties, fold_text, resolve_app_path
from yarn2k8s.analyzers.oozie_model import OozieWorkflow
from yarn2k8s.analyzers.oozie_spark import with_arguments
from yarn2k8s.config import Config

WORKFLOW = """<workflow-app xmlns="uri:oozie:workflow:{version}" name="v-{version}">
    <start to="a"/>
    <action name="a" retry-max="2" cred="c1">
        <java>
            <{rm}>${{rm}}</{rm}>
            <name-node>${{nameNode}}</name-node>
            <main-class>Main</main-class>
            <arg>x</arg>
            <capture-output/>
        </java>
        <ok to="end"/>
        <error to="fail"/>
    </action>
    <kill name="fail"><message>boom ${{wf:lastErrorNode()}}</message></kill>
    <end name="end"/>
</workflow-app>
"""


def analyze(tmp_path: Path, rel: str, text: str) -> OozieWorkflow:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    source = InputFile(path, rel, text)
    assert OozieAnalyzer().detect(source)
    result = OozieAnalyzer().analyze(source, AnalysisContext(Config()))
    assert result.outcome == "converted"
    model = result.workflows[0].data["oozie"]
    assert isinstance(model, OozieWorkflow)
    return model


@pytest.mark.parametrize(
    ("version", "rm"),
    [
        ("0.1", "job-tracker"),
        ("0.2", "job-tracker"),
        ("0.3", "job-tracker"),
        ("0.4", "job-tracker"),
        ("0.5", "job-tracker"),
        ("1.0", "resource-manager"),
    ],
)
def test_every_schema_version_reads_the_same(tmp_path: Path, version: str, rm: str) -> None:
    wf = analyze(tmp_path, "app/workflow.xml", WORKFLOW.format(version=version, rm=rm))
    assert wf.schema == f"uri:oozie:workflow:{version}"
    action = wf.nodes["a"].action
    assert action is not None and action.type == "java"
    assert action.first("resource-manager") == "${rm}"  # job-tracker is the same field
    assert action.retry_max == "2" and action.cred == ["c1"]
    assert "capture-output" in action.flags
    assert wf.nodes["a"].to == ["end"] and wf.nodes["a"].error_to == "fail"
    assert wf.nodes["fail"].message == "boom ${wf:lastErrorNode()}"
    assert wf.nodes["a"].line == 3


def test_dangling_transitions_and_missing_start_are_findings(tmp_path: Path) -> None:
    text = (
        '<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="nope"/>'
        '<action name="a"><fs/><ok to="gone"/><error to="end"/></action><end name="end"/>'
        "</workflow-app>"
    )
    wf = analyze(tmp_path, "w.xml", text)
    codes = [f.code for f in wf.findings]
    assert "OZ040" in codes and "OZ003" in codes


def test_detection_is_by_root_element_not_name(tmp_path: Path) -> None:
    text = WORKFLOW.format(version="0.5", rm="job-tracker")
    assert OozieAnalyzer().detect(InputFile(tmp_path / "x.txt", "x.txt", text))
    assert not OozieAnalyzer().detect(
        InputFile(tmp_path / "workflow.xml", "workflow.xml", "<configuration/>")
    )
    heredoc = "#!/bin/sh\ncat > w.xml <<EOF\n<workflow-app name='x'/>\nEOF\n"
    assert not OozieAnalyzer().detect(InputFile(tmp_path / "a.sh", "a.sh", heredoc))


def test_unsafe_and_broken_xml_are_explained(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workflow-app>&a;</workflow-app>'
    result = OozieAnalyzer().analyze(
        InputFile(tmp_path / "w.xml", "w.xml", bomb), AnalysisContext(Config())
    )
    assert [f.code for f in result.findings] == ["OZ002"] and result.outcome == "explained"
    broken = OozieAnalyzer().analyze(
        InputFile(tmp_path / "w.xml", "w.xml", "<workflow-app><start"), AnalysisContext(Config())
    )
    assert [f.code for f in broken.findings] == ["OZ001"]


def test_job_properties_are_chosen_by_application_path(tmp_path: Path) -> None:
    app = tmp_path / "apps" / "mr"
    app.mkdir(parents=True)
    (app / "workflow.xml").write_text("<workflow-app/>")
    (app / "job.properties").write_text("oozie.wf.application.path=${nameNode}/apps/mr\n")
    (app / "job-other.properties").write_text(
        "oozie.wf.application.path=${nameNode}/apps/mr/other.xml\n"
    )
    root = AppRoot(tmp_path)
    assert (
        choose_job_properties(root, "apps/mr/workflow.xml", "workflow") == "apps/mr/job.properties"
    )
    assert (
        choose_job_properties(root, "apps/mr/other.xml", "workflow")
        == "apps/mr/job-other.properties"
    )


def test_o2a_layout_reads_job_properties_from_the_parent(tmp_path: Path) -> None:
    (tmp_path / "ex" / "hdfs").mkdir(parents=True)
    (tmp_path / "ex" / "job.properties").write_text("queueName=q1\nnameNode=hdfs://nn\n")
    wf = analyze(
        tmp_path, "ex/hdfs/workflow.xml", WORKFLOW.format(version="1.0", rm="resource-manager")
    )
    assert wf.properties["queueName"].value == "q1"
    assert wf.properties["queueName"].origin == "ex/job.properties"


def test_app_paths_resolve_against_the_input_tree(tmp_path: Path) -> None:
    for rel in ("apps/child/workflow.xml", "b/coordinators/daily/coordinator.xml"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        kind = "coordinator" if "coordinator" in rel else "workflow"
        path.write_text(f"<{kind}-app name='x'/>")
    root = AppRoot(tmp_path)
    assert resolve_app_path(
        root, "apps/parent/workflow.xml", "hdfs://nn/user/x/apps/child", "workflow"
    ) == ("apps/child/workflow.xml", "")
    assert (
        resolve_app_path(root, "b/bundle.xml", "hdfs://nn/b/coordinators/daily", "coordinator")[0]
        == "b/coordinators/daily/coordinator.xml"
    )
    rel, reason = resolve_app_path(root, "apps/parent/workflow.xml", "${appPath}", "workflow")
    assert rel == "" and "statically" in reason
    assert resolve_app_path(root, "apps/p/w.xml", "/outside/../../etc/passwd", "workflow")[0] == ""


def test_fold_substitutes_what_is_known_only() -> None:
    props = {"nameNode": "hdfs://nn", "root": "${nameNode}/data", "loop": "${loop}"}
    assert fold_text("${root}/x/${user.name}", props) == "hdfs://nn/data/x/${user.name}"
    assert fold_text("${loop}", props).startswith("${")


def test_positional_arguments_reach_the_script_words() -> None:
    script = 'A="$1"; run $2 ${1} "$@" \'$1\''
    assert with_arguments(script, ["${day}", "a b"]) == (
        "A=\"\\${day}\"; run 'a b' '${day}' \"\\${day} a b\" '$1'"
    )


def test_app_files_are_claimed_for_their_workflow(tmp_path: Path) -> None:
    app = tmp_path / "app"
    (app / "scripts").mkdir(parents=True)
    (app / "workflow.xml").write_text(
        '<workflow-app name="w"><start to="s"/><action name="s"><shell><exec>run.sh</exec>'
        "<file>scripts/run.sh#run.sh</file></shell><ok to='end'/><error to='end'/></action>"
        '<end name="end"/></workflow-app>'
    )
    (app / "scripts" / "run.sh").write_text("#!/bin/sh\nspark-submit app.py\n")
    (app / "job.properties").write_text("nameNode=hdfs://nn\n")
    (app / "unrelated.sh").write_text("#!/bin/sh\necho hi\n")
    files = OozieAppFileAnalyzer()

    def source(rel: str) -> InputFile:
        return InputFile(tmp_path / rel, rel, (tmp_path / rel).read_text())

    assert files.detect(source("app/scripts/run.sh"))
    assert files.detect(source("app/job.properties"))
    assert not files.detect(source("app/unrelated.sh"))
    assert (
        files.analyze(source("app/job.properties"), AnalysisContext(Config())).outcome
        == "configuration"
    )
