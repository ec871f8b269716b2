"""Project-wide fixtures. Tests read reference data from SMARTREGIONS_DATA_DIR (../shared/data)."""

from pathlib import Path

import pytest

from smartregions.conf import data_dir
from smartregions.regions.domain.taxonomy import forget_term_trees


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The reference data folder; the suite needs it (it is part of every checkout's setting)."""
    path = data_dir()
    assert (path / "nuts").is_dir(), f"reference data not found at {path} (SMARTREGIONS_DATA_DIR)"
    return path


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Hash test passwords with MD5: full-strength hashing costs ~0.3 s per user created."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_term_trees() -> None:
    """Each test sees its own taxonomy terms, never a tree cached by an earlier test."""
    forget_term_trees()
