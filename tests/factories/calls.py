"""Factories of the calls app (import them from this module directly)."""

import datetime as dt

import factory
from django.utils import timezone

from smartregions.calls.enums import CallStatus, CallType, FieldType
from smartregions.calls.models import (
    Application,
    Call,
    CallField,
    CoApplicant,
    Criterion,
    Expert,
    Review,
)
from tests.factories.accounts import UserFactory
from tests.factories.regions import RegionFactory


class CallFactory(factory.django.DjangoModelFactory):
    """A published single-stage call, open since yesterday, closing in 30 days."""

    class Meta:
        model = Call

    slug = factory.Sequence(lambda n: f"call-{n}")
    title = factory.Sequence(lambda n: f"Call {n}")
    type = CallType.PARTNERSHIP_EOI
    status = CallStatus.PUBLISHED
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    published_at = factory.LazyFunction(timezone.now)
    requires_commitment_letters = False


class CallFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallField

    call = factory.SubFactory(CallFactory)
    key = factory.Sequence(lambda n: f"field_{n}")
    label = factory.Sequence(lambda n: f"Question {n}")
    type = FieldType.TEXTAREA


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1
    max_score = 5


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft application led by a region."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    title = factory.Sequence(lambda n: f"Application {n}")
    lead_region = factory.SubFactory(RegionFactory)


class CoApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoApplicant

    application = factory.SubFactory(ApplicationFactory)
    region = factory.SubFactory(RegionFactory)


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    user = factory.SubFactory(UserFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    application = factory.SubFactory(ApplicationFactory)
    expert = factory.SubFactory(ExpertFactory)
    stage = 1
