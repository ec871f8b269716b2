"""Strategies: list and filters, create/update through the domain, permissions."""

import pytest

from smartregions.common.models import ActivityLogEntry
from smartregions.regions.models import Strategy
from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_strategy_list_with_priority_counts(api, world):
    rows = api.get("/api/v1/strategies/").json()["results"]
    assert [(r["title"], r["country"], r["region"], r["priority_count"]) for r in rows] == [
        ("National RIS3 CZ", "CZ", None, 1),
        ("RIS3 Jihočeský kraj", "CZ", "CZ031", 2),
        ("RIS3 Bratislava", "SK", "SK01", 1),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=sk", ["RIS3 Bratislava"]),
        ("region=CZ031", ["RIS3 Jihočeský kraj"]),
        ("status=adopted", ["RIS3 Jihočeský kraj"]),
        ("period=2016", ["RIS3 Bratislava"]),
        ("period=2021", ["RIS3 Jihočeský kraj"]),
        ("period=2024&country=CZ", ["National RIS3 CZ", "RIS3 Jihočeský kraj"]),
    ],
)
def test_strategy_filters(api, world, query, expected):
    assert sorted(titles(api.get(f"/api/v1/strategies/?{query}"))) == sorted(expected)


def test_strategy_detail(api, world):
    body = api.get(f"/api/v1/strategies/{world.s_sk01.pk}/").json()
    assert {k: body[k] for k in ("title", "level", "period_start", "period_end", "status")} == {
        "title": "RIS3 Bratislava",
        "level": "regional",
        "period_start": 2014,
        "period_end": 2020,
        "status": "draft",
    }


def test_strategy_create_regional_by_superuser(admin_api, world, superuser):
    response = admin_api.post(
        "/api/v1/strategies/",
        {
            "region": "CZ032",
            "title": "RIS3 Plzeňský kraj",
            "period_start": 2021,
            "period_end": 2027,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["region"], body["country"], body["level"], body["status"]) == (
        "CZ032",
        "CZ",
        "regional",
        "draft",
    )
    assert body["priority_count"] == 0
    entry = ActivityLogEntry.objects.get(action="strategy.create")
    assert (entry.actor, entry.object_id) == (superuser, str(body["id"]))


def test_strategy_create_national_by_superuser(admin_api, world):
    response = admin_api.post(
        "/api/v1/strategies/",
        {"country": "SK", "title": "National RIS3 SK", "period_start": 2021, "period_end": 2027},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["level"], response.json()["region"]) == ("national", None)


def test_strategy_create_validation_errors(admin_api, world):
    response = admin_api.post(
        "/api/v1/strategies/",
        {"region": "XX1", "title": "", "period_start": 2027},
        format="json",
    )
    assert response.status_code == 400
    assert error_of(response)["details"] == {
        "title": ["This field may not be blank."],
        "period_end": ["This field is required."],
        "region": ["Unknown NUTS 2021 region code: XX1."],
    }


def test_strategy_create_domain_validation_is_400(admin_api, world):
    response = admin_api.post(
        "/api/v1/strategies/",
        {"region": "CZ032", "title": "Backwards", "period_start": 2027, "period_end": 2021},
        format="json",
    )
    assert response.status_code == 400
    assert error_of(response)["details"] == {"period_end": ["The period ends before it starts."]}


def test_strategy_update_by_superuser(admin_api, world):
    response = admin_api.patch(
        f"/api/v1/strategies/{world.s_sk01.pk}/", {"status": "archived"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "archived"
    entry = ActivityLogEntry.objects.get(action="strategy.update")
    assert entry.data == {"changed": ["status"]}


def test_strategy_region_cannot_be_changed(admin_api, world):
    response = admin_api.patch(
        f"/api/v1/strategies/{world.s_sk01.pk}/", {"region": "CZ031"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["region"] == "SK01"


def test_strategy_delete_is_405(admin_api, world):
    response = admin_api.delete(f"/api/v1/strategies/{world.s_sk01.pk}/")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert Strategy.objects.filter(pk=world.s_sk01.pk).exists()


def test_strategy_writes_by_region_representative(rep_api, world):
    own = rep_api.post(
        "/api/v1/strategies/",
        {"region": "CZ032", "title": "RIS3 Plzeň", "period_start": 2021, "period_end": 2027},
        format="json",
    )
    assert own.status_code == 201, own.content
    changed = rep_api.patch(f"/api/v1/strategies/{world.s_cz031.pk}/", {"language": "cs"})
    assert changed.status_code == 200
    other = rep_api.post(
        "/api/v1/strategies/",
        {"region": "SK01", "title": "Cudzia", "period_start": 2021, "period_end": 2027},
        format="json",
    )
    national = rep_api.post(
        "/api/v1/strategies/",
        {"country": "CZ", "title": "National 2", "period_start": 2021, "period_end": 2027},
        format="json",
    )
    foreign_update = rep_api.patch(f"/api/v1/strategies/{world.s_sk01.pk}/", {"language": "x"})
    assert [other.status_code, national.status_code, foreign_update.status_code] == [403] * 3
    assert error_of(other)["code"] == "permission_denied"
    assert not Strategy.objects.filter(title__in=["Cudzia", "National 2"]).exists()
