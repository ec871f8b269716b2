"""Factories of the brokerage app (import them from this module directly)."""

import factory

from smartregions.brokerage.enums import BrokerStatus, ValueChainPosition
from smartregions.brokerage.models import Broker, Case, SmeGroup
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.regions import RegionFactory


class BrokerFactory(factory.django.DjangoModelFactory):
    """An active broker (no ``broker`` membership: use ``register_broker`` when roles matter)."""

    class Meta:
        model = Broker

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    status = BrokerStatus.ACTIVE


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Case {n}")
    challenge = "We need a partner to automate the welding line."
    value_chain_position = ValueChainPosition.PRODUCTION


class SmeGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SmeGroup

    name = factory.Sequence(lambda n: f"SME group {n}")
    challenge = "Shared challenge"
    broker = factory.SubFactory(BrokerFactory)
