"""Expressions of interest: rules, answers, withdrawals, e-mails and contact disclosure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from smartregions.matching.domain.marketplace import interests, profiles
from smartregions.matching.domain.marketplace.queries import owner_contact, today
from smartregions.matching.enums import InterestStatus, ProfileStatus
from smartregions.matching.models import ExpressionOfInterest
from tests.factories.marketplace import CooperationProfileFactory
from tests.marketplace.conftest import make_profile

pytestmark = pytest.mark.django_db


def _express(market, profile, message="We build vision systems for welding lines."):
    return interests.express_interest(
        actor=market.other, profile=profile, organisation=market.other_org, message=message
    )


def test_express_interest_records_and_mails_the_owner(
    market, mailoutbox, django_capture_on_commit_callbacks
):
    profile = make_profile(market)

    with django_capture_on_commit_callbacks(execute=True):
        interest = _express(market, profile)

    assert interest.status == InterestStatus.PENDING
    assert interest.sent_by == market.other
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["owner@example.eu"]
    assert mail.subject == (
        "[smartregions] Munich Robotics Institute is interested in "
        "“Machine vision for weld inspection”"
    )
    assert mail.body == (
        "Munich Robotics Institute expressed interest in your cooperation profile "
        "“Machine vision for weld inspection”.\n\nTheir message:\n"
        "We build vision systems for welding lines.\n\n"
        "Accept or decline it in My marketplace: http://localhost:8000/marketplace/mine/\n"
    )


def test_express_interest_sends_nothing_when_rolled_back(
    market, mailoutbox, django_capture_on_commit_callbacks
):
    profile = make_profile(market)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        interests.express_interest(
            actor=market.other, profile=profile, organisation=market.other_org, message=" "
        )

    assert callbacks == []
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("own", "organisation", "An organisation cannot express interest in its own profile."),
        ("draft", "profile", "The profile is not published or no longer valid."),
        ("past", "profile", "The profile is not published or no longer valid."),
        ("withdrawn", "profile", "The profile is not published or no longer valid."),
        (
            "twice",
            "organisation",
            (
                "This organisation already has an open expression of interest in the profile; "
                "wait for the answer or withdraw it first."
            ),
        ),
        ("empty", "message", "Write a short message to the profile's owner."),
    ],
)
def test_express_interest_refusals_name_the_field(market, case, field, message):
    profile = make_profile(market, publish=case != "draft")
    organisation = market.owner_org if case == "own" else market.other_org
    text = "" if case == "empty" else "Interested."
    if case == "past":
        profile = CooperationProfileFactory(
            organisation=market.owner_org,
            status=ProfileStatus.PUBLISHED,
            valid_from=today() - dt.timedelta(days=30),
            valid_until=today() - dt.timedelta(days=1),
        )
    if case == "withdrawn":
        profiles.withdraw_profile(actor=market.owner, profile=profile)
    if case == "twice":
        _express(market, profile)

    with pytest.raises(ValidationError) as error:
        interests.express_interest(
            actor=market.other, profile=profile, organisation=organisation, message=text
        )

    assert error.value.message_dict == {field: [message]}


def test_a_new_interest_is_allowed_after_the_previous_was_answered(market):
    profile = make_profile(market)
    first = _express(market, profile)
    interests.decline_interest(actor=market.owner, interest=first, response="Not now.")

    second = _express(market, profile, message="Second try with a new idea.")

    assert second.pk != first.pk
    assert ExpressionOfInterest.objects.filter(profile=profile).count() == 2


def test_accept_interest_mails_the_sender_and_reveals_the_contact(
    market, mailoutbox, django_capture_on_commit_callbacks
):
    profile = make_profile(market)
    interest = _express(market, profile)
    assert owner_contact(interest) is None

    with django_capture_on_commit_callbacks(execute=True):
        interests.accept_interest(actor=market.owner, interest=interest, response="Let's talk!")

    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED
    assert interest.responded_by == market.owner
    assert interest.response == "Let's talk!"
    assert [m.to for m in mailoutbox] == [["other@example.eu"]]
    assert mailoutbox[0].subject == (
        "[smartregions] Your interest in “Machine vision for weld inspection” was accepted"
    )
    assert mailoutbox[0].body == (
        "Brno Vision Systems s.r.o. accepted your expression of interest in "
        "“Machine vision for weld inspection”. Their contact details are now shown in "
        "My marketplace.\n\nTheir response:\nLet's talk!\n\n"
        "My marketplace: http://localhost:8000/marketplace/mine/\n"
    )
    contact = owner_contact(interest)
    assert (contact.name, contact.email, contact.organisation, contact.website) == (
        "Olga Owner",
        "owner@example.eu",
        "Brno Vision Systems s.r.o.",
        "https://vision.example.eu",
    )


def test_decline_interest_mails_the_sender_without_contact(
    market, mailoutbox, django_capture_on_commit_callbacks
):
    interest = _express(market, make_profile(market))

    with django_capture_on_commit_callbacks(execute=True):
        interests.decline_interest(actor=market.owner, interest=interest)

    interest.refresh_from_db()
    assert interest.status == InterestStatus.DECLINED
    assert mailoutbox[0].subject == (
        "[smartregions] Your interest in “Machine vision for weld inspection” was declined"
    )
    assert "Their response" not in mailoutbox[0].body
    assert owner_contact(interest) is None


@pytest.mark.parametrize("answer", ["accept", "decline", "withdraw"])
@pytest.mark.parametrize("state", ["accepted", "declined", "withdrawn"])
def test_only_pending_interests_can_be_answered_or_withdrawn(market, answer, state):
    interest = _express(market, make_profile(market))
    {
        "accepted": lambda: interests.accept_interest(actor=market.owner, interest=interest),
        "declined": lambda: interests.decline_interest(actor=market.owner, interest=interest),
        "withdrawn": lambda: interests.withdraw_interest(actor=market.other, interest=interest),
    }[state]()

    call = {
        "accept": lambda: interests.accept_interest(actor=market.owner, interest=interest),
        "decline": lambda: interests.decline_interest(actor=market.owner, interest=interest),
        "withdraw": lambda: interests.withdraw_interest(actor=market.other, interest=interest),
    }[answer]

    with pytest.raises(ValidationError) as error:
        call()

    verb = {"accept": "accepted", "decline": "declined", "withdraw": "withdrawn"}[answer]
    label = InterestStatus(state).label.lower()
    assert error.value.message_dict == {
        "status": [f"Only a pending expression of interest can be {verb}; this one is {label}."]
    }


def test_withdraw_interest_sends_no_mail(market, mailoutbox, django_capture_on_commit_callbacks):
    interest = _express(market, make_profile(market))

    with django_capture_on_commit_callbacks(execute=True):
        interests.withdraw_interest(actor=market.other, interest=interest)

    interest.refresh_from_db()
    assert interest.status == InterestStatus.WITHDRAWN
    assert mailoutbox == []
