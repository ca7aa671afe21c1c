"""Catalogue entries: TY distributed training (TonY, Submarine, XLearning, OpenPAI, Horovod); SV
model serving."""

from __future__ import annotations

from yarn2k8s.findings.rule import Rule

_R = Rule
ENTRIES: tuple[Rule, ...] = ()
