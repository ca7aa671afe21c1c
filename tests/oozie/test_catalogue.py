"""Every OZ/KF rule is well-formed and emitted somewhere in the code."""

from __future__ import annotations

import re
from pathlib import Path

from yarn2k8s.findings.catalogue import check_catalogue
from yarn2k8s.findings.rules_oozie import ENTRIES

REPO = Path(__file__).resolve().parents[2]
SOURCES = [*REPO.glob("converters/*.py"), *REPO.glob("yarn2k8s/analyzers/oozie*.py")]


def test_oozie_rules_are_well_formed() -> None:
    assert check_catalogue(ENTRIES) == []
    assert all(re.fullmatch(r"(OZ|KF)\d{3}", r.code) for r in ENTRIES)
    assert all(r.message and r.remediation for r in ENTRIES)


def test_every_oozie_rule_is_emitted() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)
    missing = [r.code for r in ENTRIES if f'"{r.code}"' not in text]
    assert missing == []
