"""Marketplace REST API: profiles and workflow verbs, matches, interests, saved searches."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from smartregions.matching.domain.marketplace.interests import express_interest
from smartregions.matching.domain.marketplace.queries import today
from smartregions.matching.enums import InterestStatus, ProfileKind, ProfileStatus
from smartregions.matching.models import CooperationProfile, ExpressionOfInterest, SavedSearch
from tests.factories.marketplace import CooperationProfileFactory
from tests.marketplace.conftest import make_profile

pytestmark = pytest.mark.django_db

BASE = "/api/v1/cooperation-profiles/"


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _body(**extra) -> dict:
    body = {
        "organisation": "brno-vision",
        "kind": "request",
        "cooperation_type": "technology",
        "title": "Vision for weld seams",
        "summary": "We look for machine vision for weld seams.",
        "keywords": ["machine vision"],
        "nace_codes": ["C28.1"],
        "thematic_areas": ["advanced-manufacturing"],
        "target_countries": ["de", "AT"],
        "trl": 5,
        "valid_until": (today() + dt.timedelta(days=100)).isoformat(),
    }
    body.update(extra)
    return body


def test_create_update_publish_through_the_api(market):
    api = _client(market.owner)

    created = api.post(BASE, _body(), format="json")
    pk = created.json()["id"]
    patched = api.patch(f"{BASE}{pk}/", {"title": "Vision for weld seams v2"}, format="json")
    published = api.post(f"{BASE}{pk}/publish/")

    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "draft"
    assert data["organisation"] == {
        "slug": "brno-vision",
        "name": "Brno Vision Systems s.r.o.",
        "region": "CZ064",
        "country": "CZ",
    }
    assert data["nace_codes"] == [
        {"taxonomy": "nace-rev2", "code": "28.1", "label": "General-purpose machinery"}
    ]
    assert data["thematic_areas"] == ["advanced-manufacturing"]
    assert sorted(data["target_countries"]) == ["AT", "DE"]
    assert patched.json()["title"] == "Vision for weld seams v2"
    assert published.status_code == 200
    assert published.json()["status"] == "published"


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"nace_codes": ["99.9"]}, "nace_codes", ["99.9: unknown code"]),
        ({"target_countries": ["XX"]}, "target_countries", ["XX: unknown country code"]),
        ({"organisation": None}, "organisation", ["This field may not be null."]),
        ({"trl": 10}, "trl", ["Ensure this value is less than or equal to 9."]),
    ],
)
def test_create_reports_field_errors(market, extra, field, message):
    response = _client(market.owner).post(BASE, _body(**extra), format="json")

    assert response.status_code == 400
    assert response.json()["error"]["details"][field] == message
    assert CooperationProfile.objects.count() == 0


def test_create_for_another_organisation_is_forbidden(market):
    response = _client(market.other).post(BASE, _body(), format="json")

    assert response.status_code == 403


def test_anonymous_cannot_create(market):
    assert _client().post(BASE, _body(), format="json").status_code in (401, 403)


def test_list_shows_only_live_profiles_and_filters(market):
    live = make_profile(market)
    make_profile(market, publish=False, title="Draft")
    CooperationProfileFactory(
        organisation=market.owner_org,
        status=ProfileStatus.PUBLISHED,
        valid_from=today() - dt.timedelta(days=30),
        valid_until=today() - dt.timedelta(days=1),
    )

    everything = _client().get(BASE).json()
    by_nace = _client().get(BASE, {"nace": "C", "kind": "request"}).json()
    no_trl = _client().get(BASE, {"trl_min": 1}).json()
    none = _client().get(BASE, {"country": "de"}).json()
    bad = _client().get(BASE, {"trl_min": "11"})

    assert [p["id"] for p in everything["results"]] == [live.pk]
    assert [p["id"] for p in by_nace["results"]] == [live.pk]
    assert none["results"] == []
    assert no_trl["results"] == []  # a TRL range excludes profiles without a TRL
    assert bad.status_code == 400
    assert bad.json()["error"]["details"] == {"trl_min": ["Enter a TRL from 1 to 9."]}


def test_drafts_are_visible_to_owners_only(market):
    draft = make_profile(market, publish=False)

    assert _client().get(f"{BASE}{draft.pk}/").status_code == 404
    assert _client(market.other).get(f"{BASE}{draft.pk}/").status_code == 404
    assert _client(market.owner).get(f"{BASE}{draft.pk}/").status_code == 200
    assert _client(market.facilitator).get(f"{BASE}{draft.pk}/").status_code == 200


def test_workflow_errors_are_400_with_the_reason(market):
    profile = make_profile(market)

    response = _client(market.owner).post(f"{BASE}{profile.pk}/publish/")

    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "status": ["A profile that is published cannot be published."]
    }


def test_withdraw_and_renew(market):
    expired = CooperationProfileFactory(
        organisation=market.owner_org,
        status=ProfileStatus.EXPIRED,
        valid_from=today() - dt.timedelta(days=30),
        valid_until=today() - dt.timedelta(days=1),
    )
    api = _client(market.owner)
    until = (today() + dt.timedelta(days=60)).isoformat()

    renewed = api.post(f"{BASE}{expired.pk}/renew/", {"valid_until": until}, format="json")
    withdrawn = api.post(f"{BASE}{expired.pk}/withdraw/")
    refused = _client(market.other).post(f"{BASE}{expired.pk}/withdraw/")

    assert renewed.json()["status"] == "published"
    assert renewed.json()["valid_until"] == until
    assert withdrawn.json()["status"] == "withdrawn"
    assert refused.status_code == 404  # withdrawn profiles are private to their owners


def test_matches_lists_parts_and_reasons(market):
    profile = make_profile(market)
    offer = make_profile(
        market,
        organisation=market.other_org,
        kind=ProfileKind.OFFER,
        title="Machine vision cameras for weld inspection",
        nace_codes=[market.nace_28],
    )

    response = _client().get(f"{BASE}{profile.pk}/matches/", {"limit": 3})
    bad = _client().get(f"{BASE}{profile.pk}/matches/", {"limit": 0})

    assert response.status_code == 200
    (match,) = response.json()
    assert match["profile"]["id"] == offer.pk
    assert set(match["parts"]) == {"text", "codes", "areas", "kind", "trl", "countries"}
    assert match["score"] == pytest.approx(sum(match["parts"].values()))
    assert match["components"]["kind"] == 1.0
    assert match["shared_codes"] == [{"code": "28", "label": "Machinery"}]
    assert bad.status_code == 400


def test_express_accept_and_contact_reveal(market, mailoutbox, django_capture_on_commit_callbacks):
    profile = make_profile(market)
    other, owner = _client(market.other), _client(market.owner)

    with django_capture_on_commit_callbacks(execute=True):
        sent = other.post(
            f"{BASE}{profile.pk}/interests/", {"message": "Interested!"}, format="json"
        )
    pk = sent.json()["id"]
    twice = other.post(f"{BASE}{profile.pk}/interests/", {"message": "Again"}, format="json")
    received = owner.get("/api/v1/interests/", {"direction": "received"}).json()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = owner.post(f"/api/v1/interests/{pk}/accept/", {"response": "Yes"}, format="json")
    seen_by_sender = other.get(f"/api/v1/interests/{pk}/").json()

    assert sent.status_code == 201
    assert sent.json()["organisation"]["slug"] == "munich-robotics"
    assert sent.json()["owner_contact"] is None
    assert twice.status_code == 400
    assert list(twice.json()["error"]["details"]) == ["organisation"]
    assert [i["id"] for i in received["results"]] == [pk]
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["owner_contact"] is None  # the owner does not need their own contact
    assert seen_by_sender["owner_contact"] == {
        "name": "Olga Owner",
        "email": "owner@example.eu",
        "organisation": "Brno Vision Systems s.r.o.",
        "website": "https://vision.example.eu",
    }
    assert len(mailoutbox) == 2


def test_interest_permissions(market):
    profile = make_profile(market)
    interest = express_interest(
        actor=market.other, profile=profile, organisation=market.other_org, message="Hi"
    )

    own = _client(market.owner).post(
        f"{BASE}{profile.pk}/interests/", {"message": "Me"}, format="json"
    )
    wrong_org = _client(market.other).post(
        f"{BASE}{profile.pk}/interests/",
        {"message": "Hi", "organisation": "wien-software"},
        format="json",
    )
    sender_accepts = _client(market.other).post(f"/api/v1/interests/{interest.pk}/accept/")
    outsider_sees = _client(market.plain).get(f"/api/v1/interests/{interest.pk}/")
    anonymous_lists = _client().get("/api/v1/interests/")
    withdrawn = _client(market.other).post(f"/api/v1/interests/{interest.pk}/withdraw/")

    assert own.status_code == 403
    assert wrong_org.status_code == 400
    assert sender_accepts.status_code == 403
    assert outsider_sees.status_code == 404
    assert anonymous_lists.status_code in (401, 403)
    assert withdrawn.json()["status"] == "withdrawn"
    assert ExpressionOfInterest.objects.get().status == InterestStatus.WITHDRAWN


def test_saved_search_crud(market):
    api = _client(market.other)

    created = api.post(
        "/api/v1/saved-searches/",
        {
            "name": "Vision",
            "query": "vision",
            "filters": {"kinds": ["request"], "nace": ["C"], "trl_min": 3},
            "frequency": "daily",
        },
        format="json",
    )
    pk = created.json()["id"]
    duplicate = api.post("/api/v1/saved-searches/", {"name": "Vision"}, format="json")
    paused = api.patch(f"/api/v1/saved-searches/{pk}/", {"is_active": False}, format="json")
    foreign = _client(market.owner).get(f"/api/v1/saved-searches/{pk}/")
    listed = api.get("/api/v1/saved-searches/").json()
    deleted = api.delete(f"/api/v1/saved-searches/{pk}/")

    assert created.status_code == 201, created.json()
    assert created.json()["filters"] == {
        "kinds": ["request"],
        "cooperation_types": [],
        "nace": ["C"],
        "thematic_areas": [],
        "countries": [],
        "trl_min": 3,
        "trl_max": None,
    }
    assert duplicate.status_code == 400
    assert duplicate.json()["error"]["details"] == {
        "name": ["You already have a saved search with this name."]
    }
    assert paused.json()["is_active"] is False
    assert paused.json()["query"] == "vision"
    assert foreign.status_code == 404
    assert [s["name"] for s in listed["results"]] == ["Vision"]
    assert deleted.status_code == 204
    assert SavedSearch.objects.count() == 0
