"""One local Spark session for every run-and-compare test (it only reads outputs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    from yarn2k8s.compare import local_session

    session = local_session(2)
    yield session
    session.stop()
