"""Issue 9: the hostile and broken inputs of tests/hostile/ (plus big ones made at test time).

One batch converts them all in a child process. Each input must get its specific finding with
file and line; the batch must go on (every input accounted for); nothing outside the inputs may
leak into an output; nothing outside OUT may be written; every output must still parse; and the
run must stay within the stated bounds on this 2-core machine.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_corpus import (
    BIG_WORKFLOW,
    EXCLUDED_FROM_BATCH,
    EXPECTED,
    KNOWN_YK011,
    OUTSIDE_MARKER,
    build,
    write_big_workflow,
)
from measured_run import Measured, run_cli

from yarn2k8s.validators.pss import pss_findings
from yarn2k8s.validators.tree import objects_in

# Bounds for the whole batch (about 60 inputs, a 100 MB file among them). Measured here at
# about 6 s of CPU and 160 MiB; the bounds leave room for a loaded machine.
BATCH_CPU_SECONDS = 60
BATCH_WALL_SECONDS = 180
BATCH_RSS_MIB = 1024
# The 10,000-node workflow on its own (the Oozie reader stops at 5,000 nodes).
WORKFLOW_CPU_SECONDS = 120
WORKFLOW_RSS_MIB = 1024
_PASSWD_LINE = "root:x:0:0:"


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry below folder (links not followed): path -> (size, mtime_ns)."""
    out = {}
    for current, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(current, name)
            st = path.lstat()
            out[str(path.relative_to(folder))] = (st.st_size, st.st_mtime_ns)
    return out


def _findings_by_path(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if {"code", "path", "line"} <= node.keys():
                found[node["path"]].append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(report)
    return found


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Build the corpus, snapshot its surroundings, convert it once (then --check it)."""
    root = tmp_path_factory.mktemp("hostile")
    inputs = build(root)
    parked = root / "parked"
    for rel in EXCLUDED_FROM_BATCH:
        (parked / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(inputs / rel), str(parked / rel))
    out = root / "out"
    before = _snapshot(root)
    tmp_before = set(os.listdir("/tmp"))
    usage = tmp_path_factory.mktemp("usage")  # the child's measurements, away from `root`
    run = run_cli(["convert", str(inputs), "-o", str(out), "--fail-on", "never"], usage)
    after = _snapshot(root)
    check = run_cli(
        ["convert", str(inputs), "-o", str(out), "--fail-on", "never", "--check"], usage
    )
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {
        "root": root,
        "inputs": inputs,
        "out": out,
        "run": run,
        "check": check,
        "report": report,
        "before": before,
        "after": after,
        "tmp_new": set(os.listdir("/tmp")) - tmp_before,
        "findings": _findings_by_path(report),
    }


def test_the_corpus_has_at_least_40_hostile_inputs() -> None:
    assert len(EXPECTED) >= 40
    committed = [p for p in (Path(__file__).parents[1] / "hostile").rglob("*") if p.is_file()]
    assert len(committed) >= 30
    assert all(p.stat().st_size < 64 * 1024 for p in committed), "big inputs are generated"


def test_batch_completes_within_bounds(batch: dict[str, Any]) -> None:
    run: Measured = batch["run"]
    assert run.code == 0, run.stderr[-2000:]
    assert run.cpu_seconds < BATCH_CPU_SECONDS, run
    assert run.wall_seconds < BATCH_WALL_SECONDS, run
    assert run.rss_mib < BATCH_RSS_MIB, run


def test_every_input_is_accounted_for(batch: dict[str, Any]) -> None:
    listed = {record["path"] for record in batch["report"]["inputs"]}
    for rel in EXPECTED:
        if rel not in EXCLUDED_FROM_BATCH:
            assert rel in listed, f"{rel!r} missing from report.json: the batch did not go on"
    summary = batch["report"]["summary"]["inputs"]
    assert (
        summary["total"]
        == len(batch["report"]["inputs"])
        >= len(EXPECTED) - len(EXCLUDED_FROM_BATCH)
    )


@pytest.mark.parametrize("rel", sorted(set(EXPECTED) - set(EXCLUDED_FROM_BATCH)))
def test_each_input_gets_its_finding(batch: dict[str, Any], rel: str) -> None:
    expect = EXPECTED[rel]
    found = batch["findings"].get(rel, [])
    codes = [f["code"] for f in found]
    for code in expect.codes:
        assert code in codes, f"{rel}: expected {code}, got {sorted(set(codes))}"
    if expect.codes and expect.line is not None:
        lines = [f["line"] for f in found if f["code"] == expect.codes[0]]
        assert expect.line in lines, f"{rel}: {expect.codes[0]} at {lines}, not {expect.line}"
    if "YK011" in codes:
        assert rel in KNOWN_YK011, f"{rel}: internal error {found}"
        assert expect.lane != "security"


def test_nothing_from_outside_the_inputs_leaks(batch: dict[str, Any]) -> None:
    run: Measured = batch["run"]
    for stream in (run.stdout, run.stderr):
        assert OUTSIDE_MARKER not in stream and _PASSWD_LINE not in stream
    for path in batch["out"].rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert OUTSIDE_MARKER.encode() not in data, path
            assert _PASSWD_LINE.encode() not in data, path


def test_nothing_outside_out_is_written(batch: dict[str, Any]) -> None:
    before = {k: v for k, v in batch["before"].items() if not k.startswith("out")}
    after = {k: v for k, v in batch["after"].items() if not k.startswith("out")}
    assert after == before
    # What the archives' members name, had anything been extracted (others share this /tmp).
    names = {"escaped.txt", "escaped-too.txt", "zip-escaped.py", "absolute-yarn2k8s.txt"}
    assert not names & batch["tmp_new"]
    inputs: Path = batch["inputs"]
    for name in names:
        assert not list(inputs.parent.rglob(name))


def test_outputs_still_parse_and_pods_are_restricted(batch: dict[str, Any]) -> None:
    out: Path = batch["out"]
    for path in out.rglob("*"):
        if path.suffix in (".yaml", ".yml"):
            docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
            assert all(isinstance(d, dict) for d in docs), path
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".py":
            ast.parse(path.read_text(encoding="utf-8"), str(path))
    problems = [f.message for rel, obj in objects_in(out) for f in pss_findings(rel, obj)]
    assert problems == []


def test_rerun_changes_nothing(batch: dict[str, Any]) -> None:
    check: Measured = batch["check"]
    assert check.code == 0, check.stdout + check.stderr
    assert "up to date" in check.stdout


@pytest.mark.slow
def test_ten_thousand_node_workflow_within_bounds(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    write_big_workflow(inputs / Path(BIG_WORKFLOW).parent.name, 10_000)
    run = run_cli(["convert", str(inputs), "-o", str(tmp_path / "out")], tmp_path)
    assert run.cpu_seconds < WORKFLOW_CPU_SECONDS, run
    assert run.rss_mib < WORKFLOW_RSS_MIB, run
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    codes = {f["code"] for f in _findings_by_path(report)["workflow-10000/workflow.xml"]}
    assert "OZ041" in codes and "YK011" not in codes  # capped at 5,000 nodes, with a finding
