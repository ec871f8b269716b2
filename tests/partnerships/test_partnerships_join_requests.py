"""Join requests: every allowed and forbidden transition, refusals and notifications."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import Notification
from smartregions.partnerships.domain.join_requests import (
    approve_join_request,
    reject_join_request,
    request_to_join,
    withdraw_join_request,
)
from smartregions.partnerships.domain.members import remove_member
from smartregions.partnerships.domain.partnerships import close_partnership
from smartregions.partnerships.enums import JoinRequestStatus, MemberRole
from smartregions.partnerships.models import JoinRequest, PartnershipMember


@pytest.fixture
def waiting(pw, active):
    return request_to_join(
        actor=pw.other_rep,
        partnership=active,
        region=pw.de11,
        requested_role=MemberRole.ASSOCIATED,
        message="  We build robot grippers.  ",
    )


def test_request_tells_the_leads(pw, waiting):
    assert (waiting.status, waiting.message, waiting.requested_by) == (
        JoinRequestStatus.PENDING,
        "We build robot grippers.",
        pw.other_rep,
    )
    told = set(
        Notification.objects.filter(kind="partnership.join_requested").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {"lead@example.eu", "colead@example.eu"}
    note = Notification.objects.get(recipient=pw.lead_rep, kind="partnership.join_requested")
    assert note.url == "/partnerships/rova/members/"


def _decide(pw, join_request, verb):
    if verb == "approve":
        return approve_join_request(actor=pw.lead_rep, join_request=join_request)
    if verb == "reject":
        return reject_join_request(actor=pw.lead_rep, join_request=join_request, reason="Later")
    return withdraw_join_request(actor=pw.other_rep, join_request=join_request)


FINAL = {
    "approve": JoinRequestStatus.APPROVED,
    "reject": JoinRequestStatus.REJECTED,
    "withdraw": JoinRequestStatus.WITHDRAWN,
}


@pytest.mark.parametrize("verb", ["approve", "reject", "withdraw"])
def test_pending_request_can_be_decided(pw, waiting, verb):
    _decide(pw, waiting, verb)
    waiting.refresh_from_db()
    assert waiting.status == FINAL[verb]
    assert waiting.decided_at is not None


@pytest.mark.parametrize("first", ["approve", "reject", "withdraw"])
@pytest.mark.parametrize("then", ["approve", "reject", "withdraw"])
def test_decided_request_is_final(pw, waiting, first, then):
    _decide(pw, waiting, first)
    with pytest.raises(ValidationError) as caught:
        _decide(pw, JoinRequest.objects.get(pk=waiting.pk), then)
    label = FINAL[first].label.lower()
    assert caught.value.message_dict == {"status": [f"The request is already {label}."]}


def test_approve_makes_a_member_and_tells_the_requester(pw, waiting):
    member = approve_join_request(actor=pw.lead_rep, join_request=waiting)
    assert (member.region, member.role) == (pw.de11, MemberRole.ASSOCIATED)
    assert waiting.decided_by == pw.lead_rep
    assert (
        Notification.objects.get(recipient=pw.other_rep, kind="partnership.join_approved").title
        == "Welcome: DE11 Stuttgart joined Robotics Valleys"
    )


def test_approve_with_another_role(pw, waiting):
    member = approve_join_request(actor=pw.staff, join_request=waiting, role=MemberRole.CO_LEAD)
    assert member.role == MemberRole.CO_LEAD


def test_approve_never_makes_a_lead(pw, waiting):
    with pytest.raises(ValidationError) as caught:
        approve_join_request(actor=pw.staff, join_request=waiting, role=MemberRole.LEAD)
    assert caught.value.message_dict == {
        "role": ["Admit the member as co-lead, member or associated partner."]
    }
    assert not PartnershipMember.objects.filter(region=pw.de11).exists()


def test_reject_needs_a_reason_the_requester_reads(pw, waiting):
    with pytest.raises(ValidationError) as caught:
        reject_join_request(actor=pw.lead_rep, join_request=waiting, reason="  ")
    assert caught.value.message_dict == {"reason": ["Give the reason: the requester reads it."]}
    reject_join_request(actor=pw.lead_rep, join_request=waiting, reason="Out of scope.")
    note = Notification.objects.get(recipient=pw.other_rep, kind="partnership.join_rejected")
    assert note.body == "Out of scope."


def test_withdraw_tells_the_leads(pw, waiting):
    withdraw_join_request(actor=pw.other_rep, join_request=waiting)
    assert Notification.objects.filter(
        recipient=pw.lead_rep, kind="partnership.join_withdrawn"
    ).exists()


def test_request_as_lead_is_refused(pw, active):
    with pytest.raises(ValidationError) as caught:
        request_to_join(
            actor=pw.other_rep, partnership=active, region=pw.de11, requested_role=MemberRole.LEAD
        )
    assert caught.value.message_dict == {
        "requested_role": ["Ask to join as co-lead, member or associated partner."]
    }


def test_request_of_a_member_is_refused(pw, active):
    with pytest.raises(ValidationError) as caught:
        request_to_join(actor=pw.member_rep, partnership=active, region=pw.at12)
    assert caught.value.message_dict == {"region": ["AT12 Niederösterreich is already a member."]}


def test_second_waiting_request_is_refused(pw, waiting):
    with pytest.raises(ValidationError) as caught:
        request_to_join(actor=pw.other_rep, partnership=waiting.partnership, region=pw.de11)
    assert caught.value.message_dict == {
        "region": ["DE11 Stuttgart already has a request waiting."]
    }


def test_member_that_left_may_ask_again(pw, active):
    remove_member(
        actor=pw.staff, member=PartnershipMember.objects.get(partnership=active, region=pw.at12)
    )
    join_request = request_to_join(actor=pw.member_rep, partnership=active, region=pw.at12)
    member = approve_join_request(actor=pw.colead_rep, join_request=join_request)
    assert (member.left_at, member.role) == (None, MemberRole.MEMBER)


def test_request_to_closed_partnership_is_refused(pw, active):
    close_partnership(actor=pw.staff, partnership=active)
    with pytest.raises(ValidationError) as caught:
        request_to_join(actor=pw.other_rep, partnership=active, region=pw.de11)
    assert caught.value.message_dict == {
        "status": ["The partnership is closed: it cannot be changed."]
    }


def test_organisation_may_ask_to_join(pw, active):
    from tests.factories.organisations import OrganisationFactory

    organisation = OrganisationFactory(region=pw.de11)
    join_request = request_to_join(
        actor=pw.other_rep, partnership=active, organisation=organisation
    )
    member = approve_join_request(actor=pw.staff, join_request=join_request)
    assert (member.organisation, member.region) == (organisation, None)
