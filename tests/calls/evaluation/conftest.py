"""A small evaluation world: a call with two weighted criteria, submitted applications from
four countries, experts with and without conflicts, staff, applicants and bystanders.

* ``h2`` (hydrogen): led by CZ064 and Brno Hydrogen s.r.o., co-applicants SK010 (confirmed),
  the Stuttgart Fuel Cell Institute (confirmed) and PL213 (declined).
* ``tour`` (tourism): led by AT13, co-applicant DE11 (confirmed).

Experts: ``hana`` (region CZ06: conflicts with ``h2`` by region), ``dieter`` (works for the
Stuttgart institute in DE11: conflicts with ``h2`` by organisation, and with ``h2`` and
``tour`` by his organisation's region), ``petra`` (PL, hydrogen
expert: no conflict), ``tomas`` (SK01 tourism expert: conflicts with ``h2`` by region),
``eva`` (AT generalist, no region: no conflict by region; same country as ``tour``).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.calls.domain.evaluation.experts import register_expert
from smartregions.calls.enums import ApplicationStatus, CoApplicantStatus
from smartregions.calls.models import ApplicationStatusChange
from smartregions.organisations.enums import OrganisationType
from tests.factories.accounts import UserFactory
from tests.factories.calls import (
    ApplicationFactory,
    CallFactory,
    CoApplicantFactory,
    CriterionFactory,
)
from tests.factories.organisations import OrganisationFactory
from tests.factories.regions import CountryFactory, RegionFactory, ThematicAreaFactory


def submitted(call, *, title, lead_region=None, lead_organisation=None, **extra):
    """An application of ``call`` in the submitted state, with its history row."""
    application = ApplicationFactory(
        call=call,
        title=title,
        lead_region=lead_region,
        lead_organisation=lead_organisation,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now() - dt.timedelta(hours=1),
        **extra,
    )
    ApplicationStatusChange.objects.create(
        application=application,
        stage=application.stage,
        from_status=ApplicationStatus.DRAFT,
        to_status=ApplicationStatus.SUBMITTED,
    )
    return application


def _expert(email, name, **fields):
    user = UserFactory(email=email, full_name=name)
    return register_expert(actor=None, user=user, **fields)


@pytest.fixture
def ew(db):
    cz = CountryFactory(code="CZ", name="Czechia")
    sk = CountryFactory(code="SK", name="Slovakia")
    de = CountryFactory(code="DE", name="Germany")
    at = CountryFactory(code="AT", name="Austria")
    pl = CountryFactory(code="PL", name="Poland")
    cz06 = RegionFactory(code="CZ06", country=cz, name_latin="Jihovýchod")
    cz064 = RegionFactory(code="CZ064", country=cz, parent=cz06, name_latin="Jihomoravský kraj")
    cz08 = RegionFactory(code="CZ08", country=cz, name_latin="Moravskoslezsko")
    sk01 = RegionFactory(code="SK01", country=sk, name_latin="Bratislavský kraj")
    sk010 = RegionFactory(code="SK010", country=sk, parent=sk01, name_latin="Bratislava")
    de11 = RegionFactory(code="DE11", country=de, name_latin="Stuttgart")
    at13 = RegionFactory(code="AT13", country=at, name_latin="Wien")
    pl21 = RegionFactory(code="PL21", country=pl, name_latin="Małopolskie")
    pl213 = RegionFactory(code="PL213", country=pl, parent=pl21, name_latin="Kraków")
    pl41 = RegionFactory(code="PL41", country=pl, name_latin="Wielkopolskie")
    hydrogen = ThematicAreaFactory(slug="hydrogen", name="Hydrogen")
    tourism = ThematicAreaFactory(slug="tourism", name="Tourism")
    brno_h2 = OrganisationFactory(
        name="Brno Hydrogen s.r.o.", region=cz064, type=OrganisationType.SME
    )
    institute = OrganisationFactory(name="Stuttgart Fuel Cell Institute", region=de11)
    poznan = OrganisationFactory(name="Poznań University of Technology", region=pl41)

    call = CallFactory(title="Hydrogen and tourism partnerships", reviewers_per_application=2)
    relevance = CriterionFactory(
        call=call, name="Relevance", weight=2, max_score=5, threshold=3, position=1
    )
    impact = CriterionFactory(call=call, name="Impact", weight=1, max_score=10, position=2)

    h2 = submitted(
        call,
        title="Hydrogen valleys for steel regions",
        acronym="H2V",
        summary="Green hydrogen production and fuel cells for heavy industry.",
        lead_region=cz064,
        lead_organisation=brno_h2,
        thematic_area=hydrogen,
    )
    CoApplicantFactory(application=h2, region=sk010, status=CoApplicantStatus.CONFIRMED)
    CoApplicantFactory(
        application=h2, region=None, organisation=institute, status=CoApplicantStatus.CONFIRMED
    )
    CoApplicantFactory(application=h2, region=pl213, status=CoApplicantStatus.DECLINED)
    tour = submitted(
        call,
        title="Alpine slow tourism",
        acronym="SLOW",
        summary="Sustainable rural tourism routes and hospitality.",
        lead_region=at13,
        thematic_area=tourism,
    )
    CoApplicantFactory(application=tour, region=de11, status=CoApplicantStatus.CONFIRMED)

    hana = _expert(
        "hana@example.eu",
        "Hana Horáková",
        region=cz06,
        expertise="Hydrogen storage",
        thematic_areas=[hydrogen],
    )
    dieter = _expert(
        "dieter@example.eu",
        "Dieter Brandt",
        organisation=institute,
        expertise="Fuel cells and hydrogen",
        thematic_areas=[hydrogen],
    )
    petra = _expert(
        "petra@example.eu",
        "Petra Nowak",
        organisation=poznan,
        region=pl41,
        expertise="Green hydrogen production, electrolysers, fuel cells",
        thematic_areas=[hydrogen],
    )
    tomas = _expert(
        "tomas@example.eu",
        "Tomáš Kováč",
        region=sk01,
        expertise="Rural tourism, hospitality and tourism routes",
        thematic_areas=[tourism],
    )
    eva = _expert("eva@example.eu", "Eva Gruber", country=at, expertise="Regional policy")

    facilitator = UserFactory(email="fac@example.eu", full_name="Fiona Facilitator")
    grant_membership(actor=None, user=facilitator, role=Role.FACILITATOR)
    admin = UserFactory(email="admin@example.eu", full_name="Adam Admin")
    grant_membership(actor=None, user=admin, role=Role.PLATFORM_ADMIN)
    lead_rep = UserFactory(email="lead.rep@example.eu", full_name="Lucie Lead")
    grant_membership(actor=None, user=lead_rep, role=Role.REGION_REPRESENTATIVE, region=cz06)
    org_member = UserFactory(email="member@example.eu", full_name="Marek Member")
    grant_membership(
        actor=None, user=org_member, role=Role.ORGANISATION_MEMBER, organisation=brno_h2
    )
    co_rep = UserFactory(email="co.rep@example.eu", full_name="Cyril Co")
    grant_membership(actor=None, user=co_rep, role=Role.REGION_REPRESENTATIVE, region=sk010)
    declined_rep = UserFactory(email="declined.rep@example.eu", full_name="Dora Declined")
    grant_membership(actor=None, user=declined_rep, role=Role.REGION_REPRESENTATIVE, region=pl213)
    other_rep = UserFactory(email="other.rep@example.eu", full_name="Oto Other")
    grant_membership(actor=None, user=other_rep, role=Role.REGION_REPRESENTATIVE, region=cz08)
    return SimpleNamespace(**locals())
