"""factory_boy factories for the platform's models (real rows in the test database)."""

from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.regions import (
    CountryFactory,
    PriorityFactory,
    RegionFactory,
    StrategyFactory,
    TaxonomyFactory,
    TermFactory,
    ThematicAreaFactory,
    ThematicPlatformFactory,
)

__all__ = [
    "CountryFactory",
    "MembershipFactory",
    "OrganisationFactory",
    "PriorityFactory",
    "RegionFactory",
    "StrategyFactory",
    "TaxonomyFactory",
    "TermFactory",
    "ThematicAreaFactory",
    "ThematicPlatformFactory",
    "UserFactory",
]
