"""Fixtures for command tests: `smartregions` in a child process on its own SQLite file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """Environment of a fresh installation: VAR_DIR (SQLite file, secret key) under tmp_path.

    ``DATABASE_URL`` is removed, so these tests use SQLite even when the suite runs on
    PostgreSQL, and never touch the test database.
    """
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SMARTREGIONS_VAR_DIR"] = str(tmp_path / "var")
    env["SMARTREGIONS_DEBUG"] = "0"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def smartregions(
    *args: str, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``smartregions <args>`` (as ``python -m smartregions``) and capture its output."""
    return subprocess.run(  # noqa: S603 - our own console script
        [sys.executable, "-m", "smartregions", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
