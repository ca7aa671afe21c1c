"""The shared corpus of real inputs: a report whose tallies add up to the number of inputs,
in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from yarn2k8s.config import Config
from yarn2k8s.convert import Conversion, build
from yarn2k8s.reports.view import all_findings

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus" / "public"
SARIF_SCHEMA = SHARED / "schemas" / "sarif" / "sarif-schema-2.1.0.json"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present"),
]


@pytest.fixture(scope="module")
def corpus() -> Conversion:
    return build([CORPUS], Config())


@pytest.fixture(scope="module")
def data(corpus: Conversion) -> dict[str, Any]:
    loaded = json.loads(corpus.files["report.json"])
    assert isinstance(loaded, dict)
    return loaded


def test_tallies_add_up_to_the_number_of_inputs(data: dict[str, Any]) -> None:
    files = sum(1 for p in CORPUS.rglob("*") if p.is_file())
    inputs, jobs = data["summary"]["inputs"], data["summary"]["jobs"]
    assert inputs["total"] == files == len(data["inputs"])
    assert inputs["converted"] + inputs["configuration"] + inputs["explained"] == files
    assert jobs["ready"] + jobs["review"] + jobs["blocked"] == jobs["total"] == len(data["jobs"])
    flows = data["summary"]["workflows"]
    assert flows["ready"] + flows["review"] + flows["blocked"] == flows["total"]


def test_every_format_agrees_with_the_tallies(corpus: Conversion, data: dict[str, Any]) -> None:
    md = corpus.files["report.md"].decode()
    total = data["summary"]["inputs"]["total"]
    assert f"| **total** | **{total}** |" in md
    html = corpus.files["report.html"].decode()
    s = data["summary"]
    assert (
        f"{s['inputs']['converted']} converted + {s['inputs']['configuration']} read as "
        f"configuration + {s['inputs']['explained']} explained by a finding = {total}"
    ) in html
    rows = list(csv.reader(io.StringIO(corpus.files["report.csv"].decode())))
    assert len(rows) - 1 == s["jobs"]["total"] + s["workflows"]["total"]
    sarif = json.loads(corpus.files["findings.sarif"])
    assert len(sarif["runs"][0]["results"]) == len(all_findings(data))
    if SARIF_SCHEMA.is_file():
        schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
        jsonschema.Draft4Validator(schema).validate(sarif)


def test_inventory_finds_real_endpoints_and_data(data: dict[str, Any]) -> None:
    kinds = {e["kind"] for e in data["inventory"]["endpoints"]}
    assert {"hdfs-namenode", "kafka"} <= kinds
    assert any(loc["location"].startswith("hdfs://") for loc in data["inventory"]["locations"])
