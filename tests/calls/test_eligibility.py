"""The live eligibility checklist: each rule, the consortium counting rule, the timetable."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from smartregions.calls.domain import call_setup
from smartregions.calls.domain.applications import start_application
from smartregions.calls.domain.calls import close_call, create_call, publish_call
from smartregions.calls.domain.co_applicants import confirm_co_applicant, invite_co_applicant
from smartregions.calls.domain.eligibility import check_eligibility, is_eligible
from smartregions.calls.domain.queries.applications import applications_with_details
from smartregions.calls.enums import CallType, FieldType
from smartregions.calls.models import CoApplicant
from tests.calls.conftest import make_call, pdf_file

pytestmark = pytest.mark.django_db


def _checks(application, now=None):
    fresh = applications_with_details().get(pk=application.pk)
    return {c.rule: (c.ok, c.message) for c in check_eligibility(fresh, now=now)}


def test_eligible_application_passes_every_rule(cw, eligible):
    checks = check_eligibility(applications_with_details().get(pk=eligible.pk))
    assert [c.rule for c in checks] == [
        "deadline",
        "regions",
        "countries",
        "commitment_letters",
        "invitations",
        "thematic_area",
        "fields",
    ]
    assert is_eligible(checks)


def test_fresh_draft_lists_what_is_missing(cw, draft):
    checks = _checks(draft)
    assert checks["regions"] == (False, "1 region in the consortium; the call needs at least 3.")
    assert checks["countries"] == (
        False,
        "1 country in the consortium; the call needs at least 3.",
    )
    assert checks["thematic_area"] == (False, "Choose a thematic area.")
    assert checks["fields"] == (False, "Still to answer: Objectives 1.")
    assert checks["commitment_letters"][0] is True
    assert checks["deadline"][0] is True


def test_regions_count_once_per_nuts2_and_only_when_confirmed(cw, call):
    application = start_application(
        actor=cw.sme_member,
        call=call,
        title="Led by the SME",
        lead_region=cw.cz06,
        lead_organisation=cw.sme,  # in CZ064, below CZ06: the same NUTS-2 region
    )
    invited = invite_co_applicant(actor=cw.rep_cz, application=application, region=cw.sk01)
    assert _checks(application)["regions"][1].startswith("1 region")
    assert _checks(application)["invitations"] == (
        False,
        "Waiting for an answer from: SK01 Bratislavský kraj (remove them to submit without them).",
    )
    confirm_co_applicant(actor=cw.rep_sk, co_applicant=invited, commitment_letter=pdf_file())
    institute = invite_co_applicant(
        actor=cw.rep_cz, application=application, organisation=cw.institute
    )
    confirm_co_applicant(
        actor=cw.institute_member, co_applicant=institute, commitment_letter=pdf_file()
    )
    checks = _checks(application)
    assert checks["regions"] == (True, "3 regions in the consortium; the call needs at least 3.")
    assert checks["countries"][0] is True


def test_missing_commitment_letter_names_the_co_applicant(cw, eligible):
    CoApplicant.objects.filter(region=cw.sk01).update(commitment_letter=None)
    assert _checks(eligible)["commitment_letters"] == (
        False,
        "Missing signed commitment letters: SK01 Bratislavský kraj.",
    )


def test_thematic_area_outside_the_call_fails(cw, eligible):
    type(eligible).objects.filter(pk=eligible.pk).update(thematic_area=cw.batteries)
    assert _checks(eligible)["thematic_area"] == (
        False,
        "Batteries is not one of the call's thematic areas: Hydrogen.",
    )


def test_region_category_uses_the_nuts2_parent_of_a_nuts3_lead(cw):
    call = make_call(cw, title="Transition regions", region_categories=["transition"])
    by_org = start_application(actor=cw.sme_member, call=call, title="T", lead_organisation=cw.sme)
    assert _checks(by_org)["region_category"] == (
        True,
        "The lead region CZ064 is transition; the call is open to: transition.",
    )
    by_sk = start_application(actor=cw.rep_sk, call=call, title="S", lead_region=cw.sk01)
    assert _checks(by_sk)["region_category"] == (
        False,
        "The lead region SK01 is more developed; the call is open to: transition.",
    )


def test_industrial_transition_lead_is_required(cw):
    call = make_call(cw, title="Transition support", type=CallType.INDUSTRIAL_TRANSITION)
    cz = start_application(actor=cw.rep_cz, call=call, title="CZ", lead_region=cw.cz06)
    de = start_application(actor=cw.rep_de, call=call, title="DE", lead_region=cw.de11)
    assert _checks(cz)["industrial_transition"] == (
        True,
        "The lead region CZ06 is an industrial-transition region.",
    )
    assert _checks(de)["industrial_transition"] == (
        False,
        "The lead region must be an industrial-transition region.",
    )


def test_deadline_rule_follows_the_clock(cw, eligible):
    call = eligible.call
    assert _checks(eligible, now=call.deadline)["deadline"] == (
        True,
        f"Submit by {_brussels(call.deadline)}.",
    )
    late = call.deadline + dt.timedelta(microseconds=1)
    assert _checks(eligible, now=late)["deadline"] == (
        False,
        f"The deadline passed on {_brussels(call.deadline)}.",
    )
    early = call.opens_at - dt.timedelta(seconds=1)
    assert _checks(eligible, now=early)["deadline"] == (
        False,
        f"Submissions open on {_brussels(call.opens_at)}.",
    )
    close_call(actor=None, call=call)
    assert _checks(eligible)["deadline"] == (False, "The call is closed.")


def _brussels(at):
    from smartregions.calls.domain.times import format_in_zone

    return format_in_zone(at, "Europe/Brussels")


def test_rolling_call_points_to_the_next_cutoff(cw):
    now = timezone.now()
    first, last = now + dt.timedelta(days=10), now + dt.timedelta(days=40)
    call = create_call(
        actor=None,
        title="Rolling",
        type=CallType.PARTNERSHIP_EOI,
        opens_at=now - dt.timedelta(days=1),
        deadline=last,
        is_rolling=True,
        min_regions=1,
        min_countries=1,
    )
    for at in (first, last):
        call_setup.add_cutoff(actor=None, call=call, at=at)
    call_setup.add_call_field(actor=None, call=call, label="Q", type=FieldType.TEXT)
    call_setup.add_criterion(actor=None, call=call, name="C")
    publish_call(actor=None, call=call)
    application = start_application(actor=cw.rep_cz, call=call, title="R", lead_region=cw.cz06)
    message = "Submit by %s to be evaluated at this cut-off."
    assert _checks(application, now=first)["deadline"] == (True, message % _brussels(first))
    after_first = first + dt.timedelta(microseconds=1)
    assert _checks(application, now=after_first)["deadline"] == (True, message % _brussels(last))
    with time_machine.travel(last + dt.timedelta(seconds=1)):
        assert _checks(application)["deadline"] == (False, "The last cut-off has passed.")
