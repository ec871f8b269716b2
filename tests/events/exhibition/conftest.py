"""Fixtures of the exhibition and pitch tests: the world of
:mod:`tests.events.programme.world`."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.events.programme.world import build_world


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Anonymous API throttling starts from zero in every test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def w(db):
    return build_world()
