"""Fixtures for the security tests (issue 9): hostile inputs, planted secrets, limits."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # importlib mode: the helpers are imported by path
    sys.path.insert(0, str(HERE))
