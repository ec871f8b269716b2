import pytest

from smartregions.organisations.domain.organisations import create_organisation, unique_slug
from smartregions.organisations.enums import OrganisationType
from tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_unique_slug_skips_reserved_route_names():
    assert unique_slug("New") == "new-2"


def test_unique_slug_numbers_duplicates():
    OrganisationFactory(slug="acme")
    assert unique_slug("ACME") == "acme-2"


def test_create_organisation_logs_and_slugs():
    organisation = create_organisation(
        actor=None, name="Acme Robotics s.r.o.", type=OrganisationType.SME, region=RegionFactory()
    )
    assert organisation.slug == "acme-robotics-sro"
    assert organisation.keywords == []
