"""Cooperation profile workflow: create, edit, publish, withdraw, expire, renew."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry
from smartregions.matching.domain.marketplace import profiles
from smartregions.matching.domain.marketplace.queries import effective_status, today
from smartregions.matching.enums import InterestStatus, ProfileKind, ProfileStatus
from smartregions.matching.models import CooperationProfile, ExpressionOfInterest
from tests.factories.marketplace import CooperationProfileFactory
from tests.marketplace.conftest import make_profile

pytestmark = pytest.mark.django_db

D = dt.timedelta


def _at(market, status: str, *, past: bool = False) -> CooperationProfile:
    """A profile in ``status``; ``past`` puts a published one beyond its validity date."""
    until = today() - D(days=1) if past else today() + D(days=30)
    return CooperationProfileFactory(
        organisation=market.owner_org,
        status=status,
        valid_from=today() - D(days=60),
        valid_until=until,
    )


def test_create_profile_makes_a_coded_draft_with_search_text(market):
    profile = make_profile(
        market,
        publish=False,
        title="Strojírenství: vision inspection",
        keywords=[" machine vision ", "Machine Vision", "AI"],
        thematic_areas=[market.manufacturing],
        target_countries=[market.de],
        trl=6,
    )

    assert profile.status == ProfileStatus.DRAFT
    assert profile.published_at is None
    assert profile.keywords == ["machine vision", "AI"]
    assert [t.code for t in profile.nace_codes.all()] == ["28.1"]
    assert profile.valid_from == today()
    assert profile.valid_until == today() + D(days=365)
    assert "strojirenstvi" in profile.search_text
    assert "brno vision systems" in profile.search_text
    assert "general-purpose machinery" in profile.search_text
    assert "manufacturing" in profile.search_text
    assert ActivityLogEntry.objects.filter(action="cooperation_profile.create").count() == 1


def test_create_profile_refuses_non_economic_codes(market):
    from tests.factories.regions import TaxonomyFactory, TermFactory

    ford = TaxonomyFactory(slug="ford-2015", name="FORD", kind="scientific")
    wrong = TermFactory(taxonomy=ford, code="2.3", label="Mechanical engineering")

    with pytest.raises(ValidationError) as error:
        make_profile(market, publish=False, nace_codes=[wrong])

    assert error.value.message_dict == {"nace_codes": ["Not economic-domain codes: 2.3"]}
    assert CooperationProfile.objects.count() == 0


def test_publish_sets_status_and_date(market):
    profile = make_profile(market)

    assert profile.status == ProfileStatus.PUBLISHED
    assert profile.published_at is not None
    assert effective_status(profile) == ProfileStatus.PUBLISHED


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"summary": " "}, {"summary": ["A published profile needs a summary."]}),
        (
            {"keywords": [], "nace_codes": []},
            {
                "keywords": [
                    (
                        "Give at least one NACE code, thematic area or technology keyword so "
                        "that others can find the profile."
                    )
                ]
            },
        ),
        (
            {"valid_until_days": 800},
            {"valid_until": ["A profile may be valid for at most two years from today."]},
        ),
    ],
)
def test_publish_refuses_incomplete_profiles(market, fields, errors):
    profile = make_profile(market, publish=False)
    days = fields.pop("valid_until_days", None)
    if days is not None:
        profile.valid_until = today() + D(days=days)
    for key, value in fields.items():
        if key == "nace_codes":
            profile.nace_codes.set(value)
        else:
            setattr(profile, key, value)
    profile.save()

    with pytest.raises(ValidationError) as error:
        profiles.publish_profile(actor=market.owner, profile=profile)

    assert error.value.message_dict == errors
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.DRAFT


def test_publish_refuses_a_past_validity_date(market):
    profile = CooperationProfileFactory(
        organisation=market.owner_org,
        valid_from=today() - D(days=10),
        valid_until=today() - D(days=1),
    )

    with pytest.raises(ValidationError) as error:
        profiles.publish_profile(actor=market.owner, profile=profile)

    assert error.value.message_dict == {"valid_until": ["The validity date is in the past."]}


# (status, past its date?) -> effective status; the transitions each allows.
TRANSITIONS = [
    # status                  past   edit   publish withdraw renew
    (ProfileStatus.DRAFT,     False, True,  True,   True,    False),
    (ProfileStatus.PUBLISHED, False, True,  False,  True,    False),
    (ProfileStatus.PUBLISHED, True,  False, False,  True,    True),
    (ProfileStatus.EXPIRED,   True,  False, False,  True,    True),
    (ProfileStatus.WITHDRAWN, False, False, False,  False,   False),
]  # fmt: skip


def _attempt(market, profile, verb: str) -> None:
    if verb == "edit":
        profiles.update_profile(actor=market.owner, profile=profile, title="New title")
    elif verb == "publish":
        profiles.publish_profile(actor=market.owner, profile=profile)
    elif verb == "withdraw":
        profiles.withdraw_profile(actor=market.owner, profile=profile)
    else:
        profiles.renew_profile(
            actor=market.owner, profile=profile, valid_until=today() + D(days=200)
        )


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda r: f"{r[0]}{'-past' if r[1] else ''}")
@pytest.mark.parametrize("verb", ["edit", "publish", "withdraw", "renew"])
def test_workflow_transitions_table(market, row, verb):
    status, past, *allowed_by_verb = row
    profile = _at(market, status, past=past)
    allowed = dict(zip(("edit", "publish", "withdraw", "renew"), allowed_by_verb, strict=True))[
        verb
    ]

    if allowed:
        _attempt(market, profile, verb)
        profile.refresh_from_db()
        expected = {
            "edit": status,
            "publish": ProfileStatus.PUBLISHED,
            "withdraw": ProfileStatus.WITHDRAWN,
            "renew": ProfileStatus.PUBLISHED,
        }[verb]
        assert profile.status == expected
    else:
        with pytest.raises(ValidationError) as error:
            _attempt(market, profile, verb)
        assert list(error.value.message_dict) == ["status"]
        assert error.value.message_dict["status"][0].startswith("A profile that is ")
        profile.refresh_from_db()
        assert profile.status == status


def test_update_of_published_profile_keeps_it_publishable(market):
    profile = make_profile(market)

    with pytest.raises(ValidationError) as error:
        profiles.update_profile(
            actor=market.owner, profile=profile, keywords=[], nace_codes=[], thematic_areas=[]
        )

    assert list(error.value.message_dict) == ["keywords"]
    profile.refresh_from_db()
    assert profile.keywords == ["machine vision"]
    assert [t.code for t in profile.nace_codes.all()] == ["28.1"]


def test_update_profile_refreshes_search_text_and_logs_changes(market):
    profile = make_profile(market)

    profiles.update_profile(
        actor=market.owner,
        profile=profile,
        title="Hyperspectral imaging",
        kind=ProfileKind.OFFER,
        nace_codes=[market.nace_62],
    )

    profile.refresh_from_db()
    assert "hyperspectral imaging" in profile.search_text
    assert "computer programming" in profile.search_text
    entry = ActivityLogEntry.objects.get(action="cooperation_profile.update")
    assert entry.data == {"changed": ["kind", "title", "nace_codes"]}


def test_update_profile_rejects_unknown_fields(market):
    profile = make_profile(market, publish=False)

    with pytest.raises(ValueError, match="not editable: status"):
        profiles.update_profile(actor=market.owner, profile=profile, status="published")


def test_withdraw_declines_pending_interests(market):
    from smartregions.matching.domain.marketplace.interests import express_interest

    profile = make_profile(market)
    interest = express_interest(
        actor=market.other, profile=profile, organisation=market.other_org, message="Hello"
    )

    profiles.withdraw_profile(actor=market.owner, profile=profile)

    interest.refresh_from_db()
    assert interest.status == InterestStatus.DECLINED
    assert interest.response == profiles.AUTO_DECLINE_RESPONSE
    assert interest.responded_at is not None


def test_expire_profiles_is_idempotent_and_only_touches_past_profiles(market):
    past = _at(market, ProfileStatus.PUBLISHED, past=True)
    current = _at(market, ProfileStatus.PUBLISHED)
    draft = CooperationProfileFactory(
        organisation=market.owner_org,
        valid_from=today() - D(days=9),
        valid_until=today() - D(days=2),
    )

    assert profiles.expire_profiles() == 1
    assert profiles.expire_profiles() == 0

    assert CooperationProfile.objects.get(pk=past.pk).status == ProfileStatus.EXPIRED
    assert CooperationProfile.objects.get(pk=current.pk).status == ProfileStatus.PUBLISHED
    assert CooperationProfile.objects.get(pk=draft.pk).status == ProfileStatus.DRAFT
    assert ActivityLogEntry.objects.filter(action="cooperation_profile.expire").count() == 1


def test_renew_sets_new_dates_and_republishes(market):
    profile = _at(market, ProfileStatus.EXPIRED, past=True)
    old_published = profile.published_at

    profiles.renew_profile(actor=market.owner, profile=profile, valid_until=today() + D(days=90))

    profile.refresh_from_db()
    assert profile.status == ProfileStatus.PUBLISHED
    assert profile.valid_from == today()
    assert profile.valid_until == today() + D(days=90)
    assert profile.published_at > old_published


def test_renew_refuses_dates_beyond_two_years(market):
    profile = _at(market, ProfileStatus.EXPIRED, past=True)

    with pytest.raises(ValidationError) as error:
        profiles.renew_profile(
            actor=market.owner, profile=profile, valid_until=today() + D(days=1000)
        )

    assert error.value.message_dict == {
        "valid_until": ["A profile may be valid for at most two years from today."]
    }
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.EXPIRED


def test_pending_interest_constraint_holds_in_the_database(market):
    profile = make_profile(market)
    ExpressionOfInterest.objects.create(
        profile=profile, organisation=market.other_org, message="first"
    )
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ExpressionOfInterest.objects.create(
            profile=profile, organisation=market.other_org, message="second"
        )


def _publish(market, profile):
    return profiles.publish_profile(actor=market.owner, profile=profile)


def _renew(market, profile):
    until = today() + D(days=90)
    return profiles.renew_profile(actor=market.owner, profile=profile, valid_until=until)


def _edit(market, profile):
    return profiles.update_profile(actor=market.owner, profile=profile, title="Stale edit")


def _withdraw(market, profile):
    return profiles.withdraw_profile(actor=market.owner, profile=profile)


@pytest.mark.parametrize(
    ("status", "past", "call", "verb"),
    [
        (ProfileStatus.PUBLISHED, False, _publish, "published"),
        (ProfileStatus.PUBLISHED, False, _renew, "renewed"),
        (ProfileStatus.PUBLISHED, False, _edit, "edited"),
        (ProfileStatus.PUBLISHED, False, _withdraw, "withdrawn"),
        (ProfileStatus.DRAFT, False, _publish, "published"),
        (ProfileStatus.DRAFT, False, _edit, "edited"),
        (ProfileStatus.EXPIRED, True, _renew, "renewed"),
    ],
)
def test_transition_on_a_stale_copy_sees_the_withdrawal(market, status, past, call, verb):
    # Copy B was read before copy A's withdrawal committed (a racing request): the domain must
    # check the current row, not B's in-memory status, and withdrawn is final.
    copy_a = _at(market, status, past=past)
    copy_b = CooperationProfile.objects.get(pk=copy_a.pk)
    profiles.withdraw_profile(actor=market.owner, profile=copy_a)

    with pytest.raises(ValidationError) as error:
        call(market, copy_b)

    assert error.value.message_dict == {
        "status": [f"A profile that is withdrawn cannot be {verb}."]
    }
    row = CooperationProfile.objects.get(pk=copy_a.pk)
    assert row.status == ProfileStatus.WITHDRAWN
    assert row.title == copy_a.title
    assert ActivityLogEntry.objects.filter(action="cooperation_profile.withdraw").count() == 1


def test_transitions_return_the_fresh_row_and_update_the_callers_copy(market):
    profile = make_profile(market, publish=False)

    published = profiles.publish_profile(actor=market.owner, profile=profile)

    assert published is not profile
    assert published.status == ProfileStatus.PUBLISHED
    assert (profile.status, profile.published_at) == (
        ProfileStatus.PUBLISHED,
        published.published_at,
    )
