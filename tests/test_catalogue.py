"""The findings catalogue: well-formed, unique, and every code is used somewhere."""

from __future__ import annotations

import re
from pathlib import Path

from yarn2k8s.findings import RULES, make
from yarn2k8s.findings.catalogue import check_catalogue
from yarn2k8s.model import SourceLocation

REPO = Path(__file__).resolve().parents[1]


def test_catalogue_is_well_formed() -> None:
    assert check_catalogue() == []
    for rule in RULES.values():
        assert rule.slug and rule.message and rule.remediation, rule.code


def test_every_active_code_is_emitted_somewhere() -> None:
    source = "\n".join(
        p.read_text(encoding="utf-8")
        for folder in ("yarn2k8s", "converters")
        for p in (REPO / folder).rglob("*.py")
        if "findings" not in p.parts
    )
    emitted = set(re.findall(r'"([A-Z]{2}\d{3})"', source))
    unused = sorted(c for c, r in RULES.items() if r.status == "active" and c not in emitted)
    assert unused == []


def test_make_formats_and_redacts_arguments() -> None:
    finding = make("SP010", SourceLocation("a.sh", 3), option="--password=hunter22")
    assert finding.severity.value == "warning"
    assert "hunter22" not in finding.message
    assert str(finding.location) == "a.sh:3"
