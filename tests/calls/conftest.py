"""A small world for the calls tests: four countries, a published partnership call and users.

Regions (NUTS 2021): CZ06 (transition, industrial transition) with NUTS-3 CZ064 below it,
SK01, DE11 and AT13 (more developed). Organisations: a Czech SME in CZ064 and a German
research institute in DE11. Users: a facilitator, an administrator, the representatives of
CZ06, SK01, DE11 and AT13, a member of each organisation and a plain user.

``call`` is a published expression-of-interest call (3 regions from 3 countries, commitment
letters, the "hydrogen" thematic area) with two questions and two criteria, closing in 30 days.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.calls.domain import call_setup
from smartregions.calls.domain.calls import create_call, publish_call
from smartregions.calls.enums import CallType, FieldType
from smartregions.organisations.domain.organisations import create_organisation
from smartregions.organisations.enums import OrganisationType
from smartregions.regions.enums import RegionCategory
from tests.factories.accounts import UserFactory
from tests.factories.regions import (
    CountryFactory,
    RegionFactory,
    ThematicAreaFactory,
    ThematicPlatformFactory,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    """A minimal Office Open XML word-processing package (what the content check looks for)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def pdf_file(name: str = "letter.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    """Uploads go to a temporary folder; anonymous API throttling starts from zero."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def _member(role, **scope):
    user = UserFactory()
    grant_membership(actor=None, user=user, role=role, **scope)
    return user


@pytest.fixture
def cw(db):
    cz = CountryFactory(code="CZ", name="Czechia")
    sk = CountryFactory(code="SK", name="Slovakia")
    de = CountryFactory(code="DE", name="Germany")
    at = CountryFactory(code="AT", name="Austria")
    cz06 = RegionFactory(
        code="CZ06",
        country=cz,
        name_latin="Jihovýchod",
        category=RegionCategory.TRANSITION,
        industrial_transition=True,
    )
    cz064 = RegionFactory(code="CZ064", country=cz, parent=cz06, name_latin="Jihomoravský kraj")
    sk01 = RegionFactory(
        code="SK01", country=sk, name_latin="Bratislavský kraj", category="more_developed"
    )
    de11 = RegionFactory(code="DE11", country=de, name_latin="Stuttgart", category="more_developed")
    at13 = RegionFactory(code="AT13", country=at, name_latin="Wien", category="more_developed")
    platform = ThematicPlatformFactory(slug="energy", name="Energy")
    hydrogen = ThematicAreaFactory(slug="hydrogen", name="Hydrogen", platform=platform)
    batteries = ThematicAreaFactory(slug="batteries", name="Batteries", platform=platform)
    sme = create_organisation(
        actor=None, name="Brno Valves s.r.o.", type=OrganisationType.SME, region=cz064
    )
    institute = create_organisation(
        actor=None, name="Stuttgart Hydrogen Institute", type=OrganisationType.RESEARCH, region=de11
    )
    facilitator = _member(Role.FACILITATOR)
    admin = _member(Role.PLATFORM_ADMIN)
    rep_cz = _member(Role.REGION_REPRESENTATIVE, region=cz06)
    rep_sk = _member(Role.REGION_REPRESENTATIVE, region=sk01)
    rep_de = _member(Role.REGION_REPRESENTATIVE, region=de11)
    rep_at = _member(Role.REGION_REPRESENTATIVE, region=at13)
    sme_member = _member(Role.ORGANISATION_MEMBER, organisation=sme)
    institute_member = _member(Role.ORGANISATION_MEMBER, organisation=institute)
    plain = UserFactory()
    return SimpleNamespace(**locals())


def make_call(cw, **setup):
    """A published EOI call of the world (options override the presets)."""
    now = timezone.now()
    values = {
        "opens_at": now - dt.timedelta(days=1),
        "deadline": now + dt.timedelta(days=30),
        "timezone": "Europe/Brussels",
        "thematic_platform": cw.platform,
        **setup,
    }
    call = create_call(
        actor=cw.facilitator,
        title=values.pop("title", "Hydrogen valleys partnership"),
        type=values.pop("type", CallType.PARTNERSHIP_EOI),
        thematic_areas=values.pop("thematic_areas", [cw.hydrogen]),
        **values,
    )
    stages = [1, 2] if call.is_two_stage else [1]
    for stage in stages:
        call_setup.add_call_field(
            actor=None, call=call, label=f"Objectives {stage}", type=FieldType.TEXTAREA, stage=stage
        )
        call_setup.add_criterion(actor=None, call=call, name=f"Relevance {stage}", stage=stage)
    call_setup.add_call_field(
        actor=None,
        call=call,
        key="budget",
        label="Budget (EUR)",
        type=FieldType.NUMBER,
        is_required=False,
    )
    call_setup.add_criterion(actor=None, call=call, name="Impact", weight=2)
    return publish_call(actor=cw.facilitator, call=call)


@pytest.fixture
def call(cw):
    return make_call(cw)


@pytest.fixture
def draft(cw, call):
    """A draft application to ``call`` led by CZ06 (started by its representative)."""
    from smartregions.calls.domain.applications import start_application

    return start_application(
        actor=cw.rep_cz, call=call, title="Hydrogen valley CZ-SK-DE", lead_region=cw.cz06
    )


def make_eligible(cw, application):
    """Invite and confirm SK01 and the German institute, answer the question, pick the area."""
    from smartregions.calls.domain.applications import update_application
    from smartregions.calls.domain.co_applicants import confirm_co_applicant, invite_co_applicant

    sk = invite_co_applicant(actor=cw.rep_cz, application=application, region=cw.sk01)
    de = invite_co_applicant(actor=cw.rep_cz, application=application, organisation=cw.institute)
    confirm_co_applicant(actor=cw.rep_sk, co_applicant=sk, commitment_letter=pdf_file("sk.pdf"))
    confirm_co_applicant(
        actor=cw.institute_member, co_applicant=de, commitment_letter=pdf_file("de.pdf")
    )
    key = application.call.fields.get(label="Objectives 1").key
    return update_application(
        actor=cw.rep_cz,
        application=application,
        thematic_area=cw.hydrogen,
        answers={key: "Build three hydrogen valleys."},
    )


@pytest.fixture
def eligible(cw, draft):
    return make_eligible(cw, draft)
