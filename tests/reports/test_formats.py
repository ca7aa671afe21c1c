"""Every report format: written by convert, re-rendered from report.json byte for byte, and
each format's own contract (SARIF schema, CSV shape, Markdown sections, HTML self-contained)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from yarn2k8s.cli import cli
from yarn2k8s.config import Config
from yarn2k8s.convert import Conversion, build
from yarn2k8s.reports.csv_report import COLUMNS, render_csv
from yarn2k8s.reports.formats import FILES
from yarn2k8s.reports.html import render_html
from yarn2k8s.reports.markdown import render_markdown
from yarn2k8s.reports.sarif import sarif_data
from yarn2k8s.reports.view import all_findings

REPO = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = REPO.parent / "shared" / "schemas" / "sarif" / "sarif-schema-2.1.0.json"
PYSPARK_BASIC = REPO / "samples" / "spark" / "pyspark-basic" / "input"


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_convert_writes_every_format_and_report_rerenders_it(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["convert", str(PYSPARK_BASIC), "-o", str(out)]).exit_code == 0
    again = runner.invoke(cli, ["report", str(out), "--format", fmt])
    assert again.exit_code == 0, again.output
    assert again.stdout_bytes == (out / FILES[fmt]).read_bytes()


def test_report_refuses_a_foreign_json(tmp_path: Path) -> None:
    (tmp_path / "report.json").write_text("[1, 2]")
    result = CliRunner().invoke(cli, ["report", str(tmp_path), "--format", "html"])
    assert result.exit_code == 2 and "not a yarn2k8s report" in result.output


def test_sarif_is_valid_and_points_at_input_lines(samples_data: dict[str, Any]) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip("../shared/schemas/sarif is not present")
    sarif = sarif_data(samples_data)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(sarif)
    (run,) = sarif["runs"]
    results = run["results"]
    assert len(results) == len(all_findings(samples_data)) > 50
    rules = run["tool"]["driver"]["rules"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert location["artifactLocation"]["uriBaseId"] == "SRCROOT"
        assert not uri.startswith("/") and "://" not in uri and str(REPO) not in uri
        assert (REPO / "samples" / "spark" / uri).is_file(), uri  # relative to the input root
    levels = {r["level"] for r in results}
    assert levels == {"error", "warning", "note"}
    secure = next(r for r in results if r["ruleId"] == "SE002")
    assert (
        secure["level"] == "error"
        and secure["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    )


def test_sarif_line_matches_the_source_line(samples_data: dict[str, Any]) -> None:
    sarif = sarif_data(samples_data)
    for result in sarif["runs"][0]["results"]:
        if result["ruleId"] != "SP002":  # client mode: the line with --deploy-mode client
            continue
        location = result["locations"][0]["physicalLocation"]
        lines = (REPO / "samples/spark" / location["artifactLocation"]["uri"]).read_text()
        line = lines.splitlines()[location["region"]["startLine"] - 1]
        assert "spark-submit" in line or "client" in line, line
        return
    pytest.fail("no SP002 finding in the samples")


def test_csv_has_one_row_per_unit_and_defuses_formulas(samples_data: dict[str, Any]) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(samples_data))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) - 1 == len(samples_data["jobs"]) + len(samples_data["workflows"])
    by_name = {r[1]: dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]}
    blocked = by_name["secure-export"]
    assert blocked["readiness"] == "blocked" and int(blocked["errors"]) >= 1
    assert int(by_name["sbdl-load"]["yarn_mib"]) > 0
    hostile = dict(samples_data, workflows=[], jobs=[dict(samples_data["jobs"][0],
                                                          source="=HYPERLINK(1)")])  # fmt: skip
    assert "'=HYPERLINK(1)" in render_csv(hostile)


def test_markdown_has_the_pr_sections(samples_data: dict[str, Any]) -> None:
    text = render_markdown(samples_data)
    for heading in ("## Jobs", "## Data and network", "## Top findings"):
        assert heading in text
    assert "## Right-sizing" not in text  # no history given
    assert "| jdbc:postgresql | `db.example.com:5432` |" in text
    summary = samples_data["summary"]
    assert f"**{summary['inputs']['total']}**" in text


def test_html_is_self_contained_escaped_and_stable(samples_data: dict[str, Any]) -> None:
    html = render_html(samples_data)
    assert html == render_html(json.loads(json.dumps(samples_data)))  # bytes depend on data only
    assert not re.search(r"\b(src|href)\s*=", html)  # nothing to fetch, not even a link
    assert "http://" not in html and "https://" not in html
    assert html.count("<svg") == 3  # readiness, memory, findings by code
    hostile = dict(samples_data)
    hostile["jobs"] = [dict(samples_data["jobs"][0], original_name="<img src=x onerror=1>")]
    rendered = render_html(hostile)
    assert "<img" not in rendered and "&lt;img src=x onerror=1&gt;" in rendered


SECRETS = (
    "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
    "hive-metastore-pw",
    "keystore-pw-123",
    "SuperSecret1",
    "SuperSecret2",
)


def test_reports_hold_no_absolute_paths_or_secrets() -> None:
    source = REPO / "samples" / "spark" / "kerberos" / "input"
    assert any(s in p.read_text() for p in source.iterdir() for s in SECRETS)
    run: Conversion = build([source], Config())
    data = json.loads(run.files["report.json"])
    assert data["jobs"][0]["inventory"]["endpoints"]  # the JDBC URL is inventoried...
    for name in FILES.values():
        text = run.files[name].decode()
        assert str(REPO) not in text, name
        for secret in SECRETS:  # ...without its password
            assert secret not in text, (name, secret)
