"""findings.sarif: SARIF 2.1.0 for code-scanning tools, one result per finding.

Locations are the input files' lines, as URIs relative to the `SRCROOT` base (the input root
given to `yarn2k8s convert`); no absolute path is ever written. A finding about a whole file
(line 0) has no region.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Iterator
from typing import Any

from yarn2k8s.findings import RULES
from yarn2k8s.rendering import dump_json_bytes
from yarn2k8s.reports.view import all_findings

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
URI_BASE = "SRCROOT"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_RESULT_INDENT = 8  # spaces before each item of runs[0].results in the indented document


def _rule(code: str) -> dict[str, Any]:
    rule = RULES.get(code)
    if rule is None:  # a report.json from another version may name a retired code
        return {"id": code, "shortDescription": {"text": code}}
    return {
        "id": code,
        "name": rule.slug,
        "shortDescription": {"text": rule.slug},
        "fullDescription": {"text": rule.message},
        "help": {"text": rule.remediation},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": [code[:2]], "yarn2k8s-severity": rule.severity},
    }


def _location(finding: dict[str, Any]) -> dict[str, Any]:
    physical: dict[str, Any] = {
        "artifactLocation": {
            "uri": urllib.parse.quote(finding["path"], safe="/"),
            "uriBaseId": URI_BASE,
        }
    }
    if finding["line"] > 0:
        physical["region"] = {"startLine": finding["line"]}
    return {"physicalLocation": physical}


def _fingerprint(finding: dict[str, Any]) -> str:
    key = "\x1f".join(
        str(finding[k]) for k in ("code", "path", "line", "job", "message") if k in finding
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _result(finding: dict[str, Any], index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding["code"],
        "ruleIndex": index[finding["code"]],
        "level": _LEVELS.get(finding["severity"], "note"),
        "message": {"text": finding["message"]},
        "locations": [_location(finding)],
        "partialFingerprints": {"yarn2k8sFinding/v1": _fingerprint(finding)},
    }
    if finding.get("job"):
        result["properties"] = {"job": finding["job"]}
    return result


def sarif_data(data: dict[str, Any], with_results: bool = True) -> dict[str, Any]:
    """The SARIF log as plain data (its results left empty unless `with_results`)."""
    findings = all_findings(data)
    codes = sorted({f["code"] for f in findings})
    index = {code: i for i, code in enumerate(codes)}
    tool = data.get("tool", {})
    driver = {
        "name": tool.get("name", "yarn2k8s"),
        "version": tool.get("version", ""),
        "rules": [_rule(code) for code in codes],
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {
                    URI_BASE: {"description": {"text": "The input root given to yarn2k8s."}}
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index) for f in findings] if with_results else [],
            }
        ],
    }


def render_sarif(data: dict[str, Any]) -> bytes:
    """Render findings.sarif from report.json data (see sarif_chunks)."""
    return b"".join(sarif_chunks(data))


def sarif_chunks(data: dict[str, Any]) -> Iterator[bytes]:
    """findings.sarif as a stream of byte chunks, one result at a time.

    The bytes are dump_json_bytes(sarif_data(data))'s: an estate has ~10 findings per job,
    and the whole log as nested dicts was the largest object a 10,000-job run ever held
    (hundreds of MB). Each result is encoded alone and indented to its depth
    (runs[0].results[i]), which is exactly how the whole document indents it.
    """
    findings = all_findings(data)
    index = {code: i for i, code in enumerate(sorted({f["code"] for f in findings}))}
    head = dump_json_bytes(sarif_data(data, with_results=False))
    if not findings:
        yield head
        return
    before, found, after = head.partition(b'"results": []')
    if not found:  # pragma: no cover - sarif_data always writes the key
        raise ValueError("SARIF skeleton without results")
    pad = b"\n" + b" " * _RESULT_INDENT
    yield before + b'"results": ['
    for number, finding in enumerate(findings):
        encoded = dump_json_bytes(_result(finding, index))[:-1]  # without its final newline
        yield (b"," if number else b"") + pad + encoded.replace(b"\n", pad)
    yield b"\n" + b" " * (_RESULT_INDENT - 2) + b"]" + after
