"""findings.sarif: SARIF 2.1.0 for code-scanning tools, one result per finding.

Locations are the input files' lines, as URIs relative to the `SRCROOT` base (the input root
given to `yarn2k8s convert`); no absolute path is ever written. A finding about a whole file
(line 0) has no region.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from typing import Any

from yarn2k8s.findings import RULES
from yarn2k8s.rendering import dump_json
from yarn2k8s.reports.view import all_findings

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
URI_BASE = "SRCROOT"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


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


def sarif_data(data: dict[str, Any]) -> dict[str, Any]:
    """The SARIF log as plain data."""
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
                "results": [_result(f, index) for f in findings],
            }
        ],
    }


def render_sarif(data: dict[str, Any]) -> str:
    """Render findings.sarif from report.json data."""
    return dump_json(sarif_data(data))
