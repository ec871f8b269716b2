"""Factories of the organisation marketplace (real rows; workflow via the domain functions)."""

import datetime as dt

import factory
from django.utils import timezone

from smartregions.matching.enums import CooperationType, ProfileKind, ProfileStatus
from smartregions.matching.models import CooperationProfile, SavedSearch
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory


class CooperationProfileFactory(factory.django.DjangoModelFactory):
    """A draft profile valid for a year; pass ``status=ProfileStatus.PUBLISHED`` for a live one."""

    class Meta:
        model = CooperationProfile

    organisation = factory.SubFactory(OrganisationFactory)
    kind = ProfileKind.OFFER
    cooperation_type = CooperationType.TECHNOLOGY
    title = factory.Sequence(lambda n: f"Cooperation profile {n}")
    summary = "Machine vision for quality inspection in metalworking."
    keywords = factory.LazyFunction(lambda: ["machine vision"])
    valid_from = factory.LazyFunction(timezone.localdate)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))
    status = ProfileStatus.DRAFT
    published_at = factory.LazyAttribute(
        lambda o: None if o.status == ProfileStatus.DRAFT else timezone.now()
    )


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedSearch

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Saved search {n}")
