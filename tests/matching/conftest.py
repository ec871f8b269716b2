"""A small, fully known world for the region partner finder and the consortium builder."""

from __future__ import annotations

import pytest

from smartregions.matching.domain.regions import clear_caches
from tests.factories.matching_regions import PartnerWorld, build_partner_world


@pytest.fixture(autouse=True)
def _fresh_partner_caches():
    """The finder caches corpora and evidence per process; every test starts from the DB."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def partner_world(db) -> PartnerWorld:
    return build_partner_world()


@pytest.fixture
def partner_evidence(partner_world) -> PartnerWorld:
    partner_world.add_evidence()
    return partner_world
