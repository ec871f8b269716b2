"""The synthetic demo marketplace: flagged, coded, deterministic and idempotent."""

from __future__ import annotations

import pytest

from smartregions.matching.domain.marketplace.demo import load_demo_marketplace, synthetic_profiles
from smartregions.matching.enums import ProfileStatus
from smartregions.matching.models import CooperationProfile, ExpressionOfInterest
from smartregions.organisations.enums import OrganisationType
from smartregions.regions.domain.synthetic import FLAG, THEMES
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def synthetic_organisations(market):
    theme = THEMES[0]
    regions = [market.owner_org.region, market.other_org.region, market.third_org.region]
    organisations = []
    for n in range(12):
        organisation = OrganisationFactory(
            name=f"Synthetic {n}",
            slug=f"synthetic-{n}",
            type=[OrganisationType.SME, OrganisationType.RESEARCH, OrganisationType.CLUSTER][n % 3],
            region=regions[n % 3],
            description=f"{FLAG} Fictitious company, generated for the demo.",
            keywords=list(theme.keywords[:2]),
            is_synthetic=True,
        )
        organisation.nace_codes.set([market.nace_28])
        organisation.thematic_areas.set([market.manufacturing])
        organisations.append(organisation)
    return organisations


def test_demo_creates_flagged_coded_profiles_once(synthetic_organisations):
    summary = load_demo_marketplace(seed=7)
    again = load_demo_marketplace(seed=7)

    profiles = list(synthetic_profiles())
    assert len(profiles) == 16  # 8 SMEs and research organisations, 2 profiles each
    assert summary.startswith("16 synthetic cooperation profiles (")
    assert again == "16 synthetic cooperation profiles (already present)"
    assert CooperationProfile.objects.count() == 16
    assert all(p.is_synthetic and p.title.startswith(f"{FLAG} ") for p in profiles)
    assert {p.kind for p in profiles} == {"offer", "request"}
    assert all([t.code for t in p.nace_codes.all()] == ["28"] for p in profiles)
    assert all(p.status in (ProfileStatus.PUBLISHED, ProfileStatus.EXPIRED) for p in profiles)
    assert all(p.search_text for p in profiles)
    interests = ExpressionOfInterest.objects.all()
    assert interests.exists()
    assert all(i.message.startswith(FLAG) for i in interests)
    assert all(i.organisation_id != i.profile.organisation_id for i in interests)


def test_demo_is_deterministic(synthetic_organisations):
    load_demo_marketplace(seed=7)
    first = sorted(synthetic_profiles().values_list("title", "valid_until", "trl"))
    CooperationProfile.objects.all().delete()

    load_demo_marketplace(seed=7)

    assert sorted(synthetic_profiles().values_list("title", "valid_until", "trl")) == first


def test_demo_without_synthetic_organisations_creates_nothing(market):
    assert load_demo_marketplace() == (
        "no synthetic organisations: generate the synthetic registry first"
    )
    assert CooperationProfile.objects.count() == 0
