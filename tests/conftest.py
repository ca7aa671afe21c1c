"""Shared test fixtures and options."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from yarn2k8s import fscache

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CRD_DIR = SHARED / "schemas" / "crds"
CORPUS = SHARED / "corpus" / "public"


@pytest.fixture(autouse=True)
def _fresh_file_system_memo() -> None:
    """Each test is a new run: lookups memoised by an earlier test's run must not leak in."""
    fscache.clear()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="Regenerate samples/*/*/expected through the normal code path.",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    wanted = bool(request.config.getoption("--update-goldens"))
    if wanted and os.environ.get("CI"):
        pytest.fail("--update-goldens is refused under CI=true")
    return wanted


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def crd_schemas():  # type: ignore[no-untyped-def]
    from yarn2k8s.validators.crd import CRDSchemas

    if not CRD_DIR.is_dir():
        pytest.skip("../shared/schemas/crds is not present")
    return CRDSchemas.from_dir(CRD_DIR)
