"""Members with roles (one lead, hand-over, leaving, re-joining) and their contact persons."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import Notification
from smartregions.partnerships.domain.members import (
    add_member,
    add_member_contact,
    change_member_role,
    remove_member,
    remove_member_contact,
    update_member_contact,
)
from smartregions.partnerships.domain.partnerships import close_partnership
from smartregions.partnerships.enums import MemberRole
from smartregions.partnerships.models import MemberContact, PartnershipMember


def _member(pw, region):
    return PartnershipMember.objects.get(partnership=pw.forming, region=region)


def test_add_member_notifies_its_users(pw):
    member = add_member(actor=pw.staff, partnership=pw.forming, region=pw.de11)
    assert (member.role, member.left_at) == (MemberRole.MEMBER, None)
    note = Notification.objects.get(recipient=pw.other_rep, kind="partnership.member_added")
    assert note.title == "DE11 Stuttgart joined the partnership Robotics Valleys as member"
    assert note.url == "/partnerships/rova/"


def test_add_member_refuses_a_current_member(pw):
    with pytest.raises(ValidationError) as caught:
        add_member(actor=pw.staff, partnership=pw.forming, region=pw.at12)
    assert caught.value.message_dict == {"region": ["AT12 Niederösterreich is already a member."]}


def test_add_member_refuses_a_second_lead(pw):
    with pytest.raises(ValidationError) as caught:
        add_member(actor=pw.staff, partnership=pw.forming, region=pw.de11, role=MemberRole.LEAD)
    assert caught.value.message_dict == {
        "role": ["The partnership has a lead: add the member, then hand the lead over."]
    }


def test_add_member_needs_region_or_organisation(pw):
    with pytest.raises(ValidationError) as caught:
        add_member(
            actor=pw.staff, partnership=pw.forming, region=pw.de11, organisation=pw.institute
        )
    assert caught.value.message_dict == {
        "region": ["A member is either a region or an organisation."]
    }


def test_member_that_left_is_readmitted(pw):
    member = _member(pw, pw.at12)
    remove_member(actor=pw.lead_rep, member=member)
    assert member.left_at is not None
    again = add_member(
        actor=pw.lead_rep, partnership=pw.forming, region=pw.at12, role=MemberRole.ASSOCIATED
    )
    assert (again.pk, again.left_at, again.role) == (member.pk, None, MemberRole.ASSOCIATED)


def test_handing_the_lead_over_keeps_one_lead(pw):
    change_member_role(actor=pw.staff, member=_member(pw, pw.at12), role=MemberRole.LEAD)
    roles = dict(
        PartnershipMember.objects.filter(partnership=pw.forming, region__isnull=False).values_list(
            "region__code", "role"
        )
    )
    assert roles == {
        "AT12": MemberRole.LEAD,
        "CZ06": MemberRole.CO_LEAD,
        "SK01": MemberRole.CO_LEAD,
    }
    assert Notification.objects.filter(
        recipient=pw.lead_rep, kind="partnership.member_role"
    ).exists()
    assert Notification.objects.filter(
        recipient=pw.member_rep, kind="partnership.member_role"
    ).exists()


@pytest.mark.parametrize(
    ("region", "role", "message"),
    [
        (
            "cz06",
            MemberRole.CO_LEAD,
            "The lead cannot step down: make another member the lead instead.",
        ),
        ("at12", MemberRole.MEMBER, "The member already has the role member."),
        ("at12", "boss", "Unknown role: boss."),
    ],
)
def test_change_member_role_refusals(pw, region, role, message):
    with pytest.raises(ValidationError) as caught:
        change_member_role(actor=pw.staff, member=_member(pw, getattr(pw, region)), role=role)
    assert caught.value.message_dict == {"role": [message]}


def test_change_role_of_member_that_left_is_refused(pw):
    member = _member(pw, pw.at12)
    remove_member(actor=pw.staff, member=member)
    with pytest.raises(ValidationError) as caught:
        change_member_role(actor=pw.staff, member=member, role=MemberRole.CO_LEAD)
    assert caught.value.message_dict == {
        "member": ["AT12 Niederösterreich has left the partnership."]
    }


def test_lead_cannot_leave(pw):
    with pytest.raises(ValidationError) as caught:
        remove_member(actor=pw.staff, member=_member(pw, pw.cz06))
    assert caught.value.message_dict == {
        "member": ["The lead cannot leave: make another member the lead first."]
    }


def test_remove_member_notifies_its_users(pw):
    remove_member(actor=pw.lead_rep, member=_member(pw, pw.sk01))
    assert Notification.objects.filter(
        recipient=pw.colead_rep, kind="partnership.member_removed"
    ).exists()


def test_closed_partnership_members_are_frozen(pw, active):
    close_partnership(actor=pw.staff, partnership=active)
    refusal = {"status": ["The partnership is closed: it cannot be changed."]}
    with pytest.raises(ValidationError) as caught:
        add_member(actor=pw.staff, partnership=active, region=pw.de11)
    assert caught.value.message_dict == refusal
    with pytest.raises(ValidationError) as caught:
        remove_member(actor=pw.staff, member=_member(pw, pw.at12))
    assert caught.value.message_dict == refusal


def test_contacts_are_added_changed_and_removed(pw):
    member = _member(pw, pw.at12)
    contact = add_member_contact(
        actor=pw.member_rep,
        member=member,
        name=" Anna Berger ",
        email="anna@noe.example.eu",
        position="Innovation officer",
    )
    assert (contact.name, contact.is_public) == ("Anna Berger", False)
    update_member_contact(
        actor=pw.member_rep,
        contact=contact,
        name="Anna Berger",
        email="anna@noe.example.eu",
        position="Head of innovation",
        is_public=True,
    )
    contact.refresh_from_db()
    assert (contact.position, contact.is_public) == ("Head of innovation", True)
    remove_member_contact(actor=pw.member_rep, contact=contact)
    assert not MemberContact.objects.exists()


def test_contact_needs_a_valid_email(pw):
    with pytest.raises(ValidationError) as caught:
        add_member_contact(
            actor=pw.staff, member=_member(pw, pw.at12), name="Anna", email="not-an-address"
        )
    assert set(caught.value.message_dict) == {"email"}
