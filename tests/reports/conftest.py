"""Shared fixtures for the report tests: one conversion of the bundled Spark samples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from yarn2k8s.config import Config
from yarn2k8s.convert import Conversion, build

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "spark"


@pytest.fixture(scope="module")
def samples_run() -> Conversion:
    """Every Spark sample converted at once (many jobs, every finding severity)."""
    return build([SAMPLES], Config())


@pytest.fixture(scope="module")
def samples_data(samples_run: Conversion) -> dict[str, Any]:
    data = json.loads(samples_run.files["report.json"])
    assert isinstance(data, dict)
    return data
