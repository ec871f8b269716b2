"""Factories of the partnerships app (import them from this module directly)."""

import datetime as dt

import factory
from django.utils import timezone

from smartregions.partnerships.enums import MemberRole, PartnershipStatus, ProjectStage
from smartregions.partnerships.models import (
    Partnership,
    PartnershipMember,
    ProgressReport,
    Project,
)
from tests.factories.regions import RegionFactory, ThematicPlatformFactory


class PartnershipFactory(factory.django.DjangoModelFactory):
    """An active partnership (add members with :class:`PartnershipMemberFactory`)."""

    class Meta:
        model = Partnership

    slug = factory.Sequence(lambda n: f"partnership-{n}")
    name = factory.Sequence(lambda n: f"Partnership {n}")
    thematic_platform = factory.SubFactory(ThematicPlatformFactory)
    status = PartnershipStatus.ACTIVE
    launched_at = factory.LazyFunction(timezone.now)


class PartnershipMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipMember

    partnership = factory.SubFactory(PartnershipFactory)
    region = factory.SubFactory(RegionFactory)
    role = MemberRole.MEMBER


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    partnership = factory.SubFactory(PartnershipFactory)
    thematic_platform = factory.LazyAttribute(lambda o: o.partnership.thematic_platform)
    title = factory.Sequence(lambda n: f"Project {n}")
    trl_now = 4
    trl_target = 7
    lead_region = factory.SubFactory(RegionFactory)
    budget = 1_000_000
    stage = ProjectStage.IDEA


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    partnership = factory.SubFactory(PartnershipFactory)
    period_start = dt.date(2026, 1, 1)
    period_end = dt.date(2026, 6, 30)
    due_date = dt.date(2026, 7, 31)
