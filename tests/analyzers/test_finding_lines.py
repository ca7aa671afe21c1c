"""Findings about one spot of a file carry that spot's line, not 0 (the whole file)."""

from __future__ import annotations

from pathlib import Path

from yarn2k8s.analyzers.base import AnalysisContext, InputFile
from yarn2k8s.analyzers.oozie import OozieAnalyzer
from yarn2k8s.analyzers.openpai import OpenPaiAnalyzer
from yarn2k8s.analyzers.shell_script import ShellScriptAnalyzer
from yarn2k8s.analyzers.submarine import SubmarineYamlAnalyzer
from yarn2k8s.analyzers.tony import TonyXmlAnalyzer
from yarn2k8s.config import Config
from yarn2k8s.converters.batch_notes import hdfs_call_findings
from yarn2k8s.enrich.storage import StorageMap
from yarn2k8s.model import Finding, MigrationJob, SourceLocation

CTX = AnalysisContext(Config())


def _input(tmp_path: Path, rel: str, text: str) -> InputFile:
    path = tmp_path / rel
    path.write_text(text, encoding="utf-8")
    return InputFile(path, rel, text)


def _lines(findings: list[Finding], code: str) -> list[tuple[str, int]]:
    return [(f.location.path, f.location.line) for f in findings if f.code == code]


def test_refused_oozie_xml_points_at_the_doctype(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n<!-- a workflow -->\n'
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        '<workflow-app xmlns="uri:oozie:workflow:0.5" name="w">&e;</workflow-app>\n'
    )
    result = OozieAnalyzer().analyze(_input(tmp_path, "workflow.xml", text), CTX)
    assert _lines(result.findings, "OZ002") == [("workflow.xml", 3)]


BROKEN_TONY = (
    "<configuration>\n"
    "<property><name>tony.worker.instances</name><value>2</value></property>\n"
    "<property><name>tony.ps.instances</name><value>1</value>\n"
    "</configuration>\n"
)


def test_broken_tony_xml_points_at_the_error(tmp_path: Path) -> None:
    result = TonyXmlAnalyzer().analyze(_input(tmp_path, "tony.xml", BROKEN_TONY), CTX)
    assert _lines(result.findings, "YK009") == [("tony.xml", 4)]


def test_broken_tony_heredoc_points_at_the_script_line(tmp_path: Path) -> None:
    script = (
        "#!/bin/bash\ncat > tony.xml <<EOF\n"
        + BROKEN_TONY
        + "EOF\njava -cp tony.jar com.linkedin.tony.cli.ClusterSubmitter --executes t.py "
        "--conf_file tony.xml\n"
    )
    result = ShellScriptAnalyzer().analyze(_input(tmp_path, "run.sh", script), CTX)
    found = result.findings + [f for j in result.jobs for f in j.findings]
    assert _lines(found, "YK009") == [("run.sh", 6)]  # the heredoc body starts on line 3


def test_broken_tony_conf_file_points_into_that_file(tmp_path: Path) -> None:
    _input(tmp_path, "tony.xml", BROKEN_TONY)
    script = "java -cp tony.jar com.linkedin.tony.cli.ClusterSubmitter --executes t.py\n"
    result = ShellScriptAnalyzer().analyze(_input(tmp_path, "run.sh", script), CTX)
    found = result.findings + [f for j in result.jobs for f in j.findings]
    assert _lines(found, "YK009") == [("tony.xml", 4)]


def test_invalid_submarine_yaml_points_at_the_error(tmp_path: Path) -> None:
    text = "spec:\n  name: x\nroles:\n  worker:\n   a: 1\n  b: [\n"
    result = SubmarineYamlAnalyzer().analyze(_input(tmp_path, "job.yaml", text), CTX)
    (line,) = [line for _, line in _lines(result.findings, "YK009")]
    assert line > 0


def test_invalid_openpai_yaml_points_at_the_error(tmp_path: Path) -> None:
    text = "protocolVersion: 2\nname: x\ntaskRoles:\n  a: [\n"
    result = OpenPaiAnalyzer().analyze(_input(tmp_path, "job.yaml", text), CTX)
    (line,) = [line for _, line in _lines(result.findings, "YK009")]
    assert line > 0


def test_hdfs_calls_point_at_their_own_lines() -> None:
    job = MigrationJob(kind="shell", source_name="", location=SourceLocation("etl.sh"))
    job.extra["hdfs_calls"] = [
        {"line": 4, "argv": ["hdfs", "dfs", "-mkdir", "/data/x"]},
        {"line": 0, "argv": ["hdfs", "dfs", "-rm", "/data/y"]},
    ]
    findings = hdfs_call_findings(job, StorageMap([], "hdfs://nn"))
    assert [(f.location.path, f.location.line) for f in findings] == [
        ("etl.sh", 4),
        ("etl.sh", 0),
    ]
