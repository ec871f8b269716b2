"""Factories and a small, fully known world for the monitoring tests (progress reports,
reminders, the dashboard).

The world (:func:`monitoring_world`), launched 1 March 2025:

* partnership ``P`` "Hydrogen valleys" (active, platform Energy): lead CZ06, co-lead SK01,
  member DE11, associated organisation "Stuttgart Hydrogen Institute" (in DE11); DE21 left it.
  Its expert team has ``expert``; ``pool_expert`` is in the pool but not on the team.
* partnership ``F`` "Forming batteries" (forming, platform Mobility): lead AT13 only.
* users: ``facilitator`` (staff), ``lead_rep`` (represents CZ0, the country above the lead
  region CZ06), ``colead_rep`` (SK01), ``member_rep`` (DE11), ``other_rep`` (AT13, lead of the
  forming partnership only), ``org_member`` (of the associated organisation), ``expert``,
  ``pool_expert`` and ``plain`` (no role).
* projects of ``P``: "H2 buses" (funded in 2026-H1; 600,000 EUR ERDF secured of a 1,000,000
  budget), "Electrolyser pilot" (idea, 250,000, Horizon Europe applied); of ``F``: "Battery
  swap" (demonstration, 400,000, 100,000 private secured).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import factory
import time_machine

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.organisations.enums import OrganisationType
from smartregions.partnerships.enums import MemberRole, PartnershipStatus, ProjectStage
from smartregions.partnerships.models import (
    ExpertAssignment,
    ProjectFunding,
    ProjectStageChange,
    ReportReminder,
)
from tests.factories.accounts import UserFactory
from tests.factories.calls import ExpertFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.partnerships import (
    PartnershipFactory,
    PartnershipMemberFactory,
    ProgressReportFactory,
    ProjectFactory,
)
from tests.factories.regions import CountryFactory, RegionFactory, ThematicPlatformFactory

LAUNCHED = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)


class ProjectFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectFunding

    project = factory.SubFactory(ProjectFactory)
    source = FundingSource.ERDF_INTERREG
    status = FundingStatus.PLANNED
    amount = Decimal("100000.00")


class ReportReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportReminder

    report = factory.SubFactory(ProgressReportFactory)
    kind = "upcoming"


def _rep(region, email: str):
    user = UserFactory(email=email)
    grant_membership(actor=None, user=user, role=Role.REGION_REPRESENTATIVE, region=region)
    return user


def _project(partnership, title: str, lead_region, *, stage: str, budget: int, at: dt.datetime):
    with time_machine.travel(at, tick=False):
        project = ProjectFactory(
            partnership=partnership,
            title=title,
            lead_region=lead_region,
            budget=Decimal(budget),
            stage=stage,
        )
        ProjectStageChange.objects.create(project=project, from_stage="", to_stage="idea")
    return project


def _move(project, to: str, at: dt.datetime) -> None:
    with time_machine.travel(at, tick=False):
        ProjectStageChange.objects.create(project=project, from_stage=project.stage, to_stage=to)


def monitoring_world() -> SimpleNamespace:
    """Build the world described in the module docstring and return its parts by name."""
    cz = CountryFactory(code="CZ", name="Czechia")
    sk = CountryFactory(code="SK", name="Slovakia")
    de = CountryFactory(code="DE", name="Germany")
    at = CountryFactory(code="AT", name="Austria")
    cz0 = RegionFactory(code="CZ0", country=cz, level=1, name_latin="Česko")
    cz06 = RegionFactory(code="CZ06", country=cz, parent=cz0, name_latin="Jihovýchod")
    sk01 = RegionFactory(code="SK01", country=sk, name_latin="Bratislavský kraj")
    de11 = RegionFactory(code="DE11", country=de, name_latin="Stuttgart")
    de21 = RegionFactory(code="DE21", country=de, name_latin="Oberbayern")
    at13 = RegionFactory(code="AT13", country=at, name_latin="Wien")
    energy = ThematicPlatformFactory(slug="energy", name="Energy")
    mobility = ThematicPlatformFactory(slug="mobility", name="Mobility")
    institute = OrganisationFactory(
        name="Stuttgart Hydrogen Institute", type=OrganisationType.RESEARCH, region=de11
    )
    p = PartnershipFactory(
        slug="hydrogen-valleys",
        name="Hydrogen valleys",
        thematic_platform=energy,
        status=PartnershipStatus.ACTIVE,
        launched_at=LAUNCHED,
    )
    PartnershipMemberFactory(partnership=p, region=cz06, role=MemberRole.LEAD)
    PartnershipMemberFactory(partnership=p, region=sk01, role=MemberRole.CO_LEAD)
    PartnershipMemberFactory(partnership=p, region=de11, role=MemberRole.MEMBER)
    PartnershipMemberFactory(
        partnership=p, region=None, organisation=institute, role=MemberRole.ASSOCIATED
    )
    PartnershipMemberFactory(partnership=p, region=de21, role=MemberRole.MEMBER, left_at=LAUNCHED)
    f = PartnershipFactory(
        slug="forming-batteries",
        name="Forming batteries",
        thematic_platform=mobility,
        status=PartnershipStatus.FORMING,
        launched_at=None,
    )
    PartnershipMemberFactory(partnership=f, region=at13, role=MemberRole.LEAD)
    facilitator = UserFactory(email="facilitator@example.eu", full_name="Fiona Facilitator")
    grant_membership(actor=None, user=facilitator, role=Role.FACILITATOR)
    lead_rep = _rep(cz0, "lead@example.eu")
    colead_rep = _rep(sk01, "colead@example.eu")
    member_rep = _rep(de11, "member@example.eu")
    other_rep = _rep(at13, "other@example.eu")
    org_member = UserFactory(email="institute@example.eu")
    grant_membership(
        actor=None, user=org_member, role=Role.ORGANISATION_MEMBER, organisation=institute
    )
    expert = ExpertFactory(user=UserFactory(email="expert@example.eu")).user
    pool_expert = ExpertFactory(user=UserFactory(email="pool@example.eu")).user
    ExpertAssignment.objects.create(partnership=p, expert=expert.expert_profile, role="Adviser")
    plain = UserFactory(email="plain@example.eu")
    buses = _project(
        p,
        "H2 buses",
        cz06,
        stage=ProjectStage.FUNDED,
        budget=1_000_000,
        at=dt.datetime(2025, 9, 1, tzinfo=dt.UTC),
    )
    _move(buses, ProjectStage.FUNDED, dt.datetime(2026, 3, 15, tzinfo=dt.UTC))
    ProjectFundingFactory(
        project=buses,
        source=FundingSource.ERDF_INTERREG,
        status=FundingStatus.SECURED,
        amount=Decimal("600000.00"),
    )
    ProjectFundingFactory(
        project=buses,
        source=FundingSource.PRIVATE,
        status=FundingStatus.PLANNED,
        amount=Decimal("100000.00"),
    )
    electrolyser = _project(
        p,
        "Electrolyser pilot",
        sk01,
        stage=ProjectStage.IDEA,
        budget=250_000,
        at=dt.datetime(2026, 2, 10, tzinfo=dt.UTC),
    )
    ProjectFundingFactory(
        project=electrolyser,
        source=FundingSource.HORIZON_EUROPE,
        status=FundingStatus.APPLIED,
        amount=Decimal("200000.00"),
    )
    swap = _project(
        f,
        "Battery swap",
        at13,
        stage=ProjectStage.DEMONSTRATION,
        budget=400_000,
        at=dt.datetime(2026, 1, 20, tzinfo=dt.UTC),
    )
    ProjectFundingFactory(
        project=swap,
        source=FundingSource.PRIVATE,
        status=FundingStatus.SECURED,
        amount=Decimal("100000.00"),
    )
    return SimpleNamespace(**{k: v for k, v in locals().items() if not k.startswith("_")})
