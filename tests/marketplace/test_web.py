"""Marketplace pages against a real database: search, profile pages, workflow, dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from smartregions.matching.domain.marketplace.interests import express_interest
from smartregions.matching.domain.marketplace.queries import today
from smartregions.matching.enums import InterestStatus, ProfileKind, ProfileStatus
from smartregions.matching.models import CooperationProfile, ExpressionOfInterest, SavedSearch
from tests.marketplace.conftest import make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(market):
    return make_profile(market)


@pytest.fixture
def offer(market):
    return make_profile(
        market,
        organisation=market.other_org,
        kind=ProfileKind.OFFER,
        title="Machine vision cameras for weld inspection",
        summary="We offer machine vision systems for automated weld inspection.",
        nace_codes=[market.nace_28],
    )


def test_marketplace_list_filters_and_renders_partial(client, market, published, offer):
    url = reverse("web:marketplace-list")

    page = client.get(url, {"kind": "offer"})
    partial = client.get(url, {"nace": "28.1"}, headers={"HX-Request": "true"})

    assert page.status_code == 200
    assert "Machine vision cameras for weld inspection" in page.text
    assert "Machine vision for weld inspection</a>" not in page.text
    assert "<html" not in partial.text
    assert "1 cooperation profile" in partial.text
    assert "Machine vision for weld inspection" in partial.text
    assert partial["Vary"] == "HX-Request, Cookie" or "HX-Request" in partial["Vary"]


def test_marketplace_list_reports_unknown_nace_codes(client, market, published):
    response = client.get(reverse("web:marketplace-list"), {"nace": "99.9"})

    assert response.status_code == 200
    assert "Unknown codes: 99.9." in response.text


def test_profile_page_shows_matches_and_interest_form_to_other_members(
    client, market, published, offer
):
    client.force_login(market.other)

    response = client.get(reverse("web:marketplace-profile", args=[published.pk]))

    assert response.status_code == 200
    assert "Matching profiles" in response.text
    assert "Send expression of interest" in response.text
    assert f'<option value="{market.other_org.pk}">Munich Robotics Institute' in (response.text)


def test_profile_page_lists_matches_with_score_parts(client, market, published, offer):
    response = client.get(reverse("web:marketplace-profile", args=[published.pk]))

    assert f'id="match-{offer.pk}"' in response.text
    assert "Shared NACE codes" in response.text
    assert "Shared codes:" in response.text
    assert "Express interest" not in response.text


def test_draft_profile_is_hidden_from_outsiders(client, market):
    draft = make_profile(market, publish=False)
    url = reverse("web:marketplace-profile", args=[draft.pk])

    assert client.get(url).status_code == 404
    client.force_login(market.other)
    assert client.get(url).status_code == 404
    client.force_login(market.owner)
    assert client.get(url).status_code == 200


def test_member_creates_and_publishes_a_profile(client, market):
    client.force_login(market.owner)
    data = {
        "organisation": market.owner_org.pk,
        "kind": "request",
        "cooperation_type": "research",
        "title": "Partner for hydrogen valves",
        "summary": "We look for a research partner on hydrogen-ready valves.",
        "description": "",
        "keywords": "hydrogen, valves",
        "nace_codes": "28.1",
        "trl": "4",
        "valid_from": today().isoformat(),
        "valid_until": (today() + dt.timedelta(days=200)).isoformat(),
    }

    created = client.post(reverse("web:marketplace-profile-create"), data)
    profile = CooperationProfile.objects.get(title="Partner for hydrogen valves")
    published = client.post(reverse("web:marketplace-profile-publish", args=[profile.pk]))

    assert created.status_code == 302
    assert created["Location"] == reverse("web:marketplace-profile", args=[profile.pk])
    assert published.status_code == 302
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.PUBLISHED
    assert profile.keywords == ["hydrogen", "valves"]
    assert profile.trl == 4
    assert profile.created_by == market.owner


def test_create_form_shows_domain_errors(client, market):
    client.force_login(market.owner)
    data = {
        "organisation": market.owner_org.pk,
        "kind": "offer",
        "cooperation_type": "technology",
        "title": "Bad dates",
        "summary": "Summary.",
        "valid_from": today().isoformat(),
        "valid_until": (today() - dt.timedelta(days=3)).isoformat(),
    }

    response = client.post(reverse("web:marketplace-profile-create"), data)

    assert response.status_code == 200
    assert "The profile must be valid until a date after it starts." in response.text
    assert CooperationProfile.objects.count() == 0


def test_create_refuses_another_organisation(client, market):
    client.force_login(market.owner)
    data = {
        "organisation": market.other_org.pk,
        "kind": "offer",
        "cooperation_type": "technology",
        "title": "Not mine",
        "summary": "Summary.",
        "valid_from": today().isoformat(),
        "valid_until": (today() + dt.timedelta(days=3)).isoformat(),
    }

    response = client.post(reverse("web:marketplace-profile-create"), data)

    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert CooperationProfile.objects.count() == 0


@pytest.mark.parametrize("name", ["profile-edit", "profile-publish", "profile-withdraw"])
def test_workflow_pages_refuse_outsiders(client, market, published, name):
    url = reverse(f"web:marketplace-{name}", args=[published.pk])

    assert client.post(url).status_code == 302  # anonymous: to the login page
    client.force_login(market.other)
    assert client.post(url).status_code == 403


def test_publish_error_is_reported_as_message(client, market):
    draft = make_profile(market, publish=False, keywords=[], nace_codes=[])
    client.force_login(market.owner)

    response = client.post(reverse("web:marketplace-profile-publish", args=[draft.pk]), follow=True)

    assert "Give at least one NACE code, thematic area or technology keyword" in response.text
    draft.refresh_from_db()
    assert draft.status == ProfileStatus.DRAFT


def test_interest_then_accept_through_the_pages(
    client, market, published, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(market.other)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            reverse("web:marketplace-interest-create", args=[published.pk]),
            {"organisation": market.other_org.pk, "message": "We can help."},
        )
    interest = ExpressionOfInterest.objects.get()
    mine_before = client.get(reverse("web:marketplace-mine"))

    client.force_login(market.owner)
    dashboard = client.get(reverse("web:marketplace-mine"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("web:marketplace-interest-accept", args=[interest.pk]),
            {"response": "Welcome aboard"},
        )
    client.force_login(market.other)
    mine_after = client.get(reverse("web:marketplace-mine"))

    assert sent.status_code == 302
    assert "owner@example.eu" not in mine_before.text
    assert "We can help." in dashboard.text
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED
    assert "mailto:owner@example.eu" in mine_after.text
    assert "Welcome aboard" in mine_after.text
    assert [m.to for m in mailoutbox] == [["owner@example.eu"], ["other@example.eu"]]


def test_interest_form_errors_are_shown(client, market, published):
    client.force_login(market.other)

    response = client.post(
        reverse("web:marketplace-interest-create", args=[published.pk]),
        {"organisation": market.other_org.pk, "message": ""},
    )

    assert response.status_code == 400
    assert "This field is required." in response.text


def test_owner_cannot_express_interest_in_own_profile(client, market, published):
    client.force_login(market.owner)

    response = client.post(
        reverse("web:marketplace-interest-create", args=[published.pk]),
        {"organisation": market.owner_org.pk, "message": "Me"},
    )

    assert response.status_code == 403


def test_sender_withdraws_and_outsider_cannot_answer(client, market, published):
    interest = express_interest(
        actor=market.other, profile=published, organisation=market.other_org, message="Hi"
    )
    client.force_login(market.other)

    refused = client.post(reverse("web:marketplace-interest-accept", args=[interest.pk]))
    client.post(reverse("web:marketplace-interest-withdraw", args=[interest.pk]))

    assert refused.status_code == 403
    interest.refresh_from_db()
    assert interest.status == InterestStatus.WITHDRAWN


def test_save_rename_pause_and_delete_a_search(client, market):
    client.force_login(market.other)

    client.post(
        reverse("web:marketplace-saved-search-create"),
        {"name": "Vision", "frequency": "daily", "q": "vision", "kind": "offer", "nace": "C"},
    )
    saved = SavedSearch.objects.get()
    listing = client.get(reverse("web:marketplace-saved-searches"))
    client.post(
        reverse("web:marketplace-saved-search-edit", args=[saved.pk]),
        {"name": "Vision offers", "frequency": "weekly"},
    )
    saved.refresh_from_db()
    edited = (saved.name, saved.frequency, saved.is_active)
    client.force_login(market.owner)
    refused = client.post(reverse("web:marketplace-saved-search-delete", args=[saved.pk]))
    client.force_login(market.other)
    client.post(reverse("web:marketplace-saved-search-delete", args=[saved.pk]))

    assert (saved.query, saved.filters) == ("vision", {"kinds": ["offer"], "nace": ["C"]})
    assert "“vision”" in listing.text
    assert edited == ("Vision offers", "weekly", False)
    assert refused.status_code == 403
    assert SavedSearch.objects.count() == 0


def test_my_marketplace_needs_login(client, market):
    response = client.get(reverse("web:marketplace-mine"))

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
