"""Fixtures for the dependency-inference tests."""

from __future__ import annotations

import sys
from pathlib import Path

# The labelled-set helpers live with the benchmark that shares them; hadolint_runner is here.
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
HERE = Path(__file__).resolve().parent
for folder in (BENCHMARKS, HERE):  # importlib mode: helpers are imported by path
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

# The labelled job folders hold other people's code (and Python 2): data, not tests.
collect_ignore_glob = ["cases/*"]
