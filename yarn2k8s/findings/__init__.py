"""Findings: coded, catalogued observations a human may need to act on."""

from yarn2k8s.findings.catalogue import RULES, rule
from yarn2k8s.findings.finding import make
from yarn2k8s.findings.rule import Rule
from yarn2k8s.model.finding import Finding, Severity

__all__ = ["RULES", "Finding", "Rule", "Severity", "make", "rule"]
