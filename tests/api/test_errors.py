"""Every failure answers in one format: ``{"error": {"status", "code", "message", "details"}}``."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def test_400_validation_names_fields(admin_api, world):
    response = admin_api.post("/api/v1/priorities/", {"title": "x" * 301}, format="json")
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["message"]) == ("invalid", "The request has invalid fields.")
    assert error["details"] == {
        "title": ["Ensure this field has no more than 300 characters."],
        "strategy": ["This field is required."],
    }


def test_400_bad_filter_value(api, world):
    response = api.get("/api/v1/regions/?level=two")
    assert response.status_code == 400
    assert error_of(response)["details"] == {"level": ["Enter a number."]}


def test_401_anonymous_write(api, world):
    response = api.patch(f"/api/v1/strategies/{world.s_sk01.pk}/", {"title": "x"})
    assert response.status_code == 401
    error = error_of(response)
    assert (error["code"], error["details"]) == ("not_authenticated", None)


def test_403_without_permission(world):
    from tests.factories import UserFactory

    client = APIClient()
    client.force_authenticate(UserFactory())
    response = client.patch(f"/api/v1/strategies/{world.s_sk01.pk}/", {"title": "x"})
    assert response.status_code == 403
    error = error_of(response)
    assert (error["code"], error["message"]) == (
        "permission_denied",
        "You do not have permission to perform this action.",
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/priorities/999999/",
        "/api/v1/priorities/not-a-number/",
        "/api/v1/no-such-resource/",
        "/api/v1/regions/CZ031/no-such-action/",
        "/api/v1/regions",
    ],
)
def test_404_in_error_format(api, world, url):
    response = api.get(url)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_404_hints_at_missing_slash(api):
    assert error_of(api.get("/api/v1/regions"))["message"] == (
        "Not found. API paths end with a slash."
    )


@pytest.mark.parametrize("signed_in", [True, False])
def test_405_method_not_allowed(admin_api, api, world, signed_in):
    client = admin_api if signed_in else api
    response = client.post("/api/v1/regions/", {}, format="json")
    assert response.status_code == 405
    error = error_of(response)
    assert (error["code"], error["message"]) == ("method_not_allowed", 'Method "POST" not allowed.')


def test_400_duplicate_reference_names_the_constraint(admin_api, world):
    response = admin_api.post(
        "/api/v1/priorities/",
        {"strategy": world.s_cz031.pk, "title": "Twin", "reference": "P1"},
        format="json",
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert error["details"] == {
        "__all__": ["Priority with this Strategy and Reference already exists."]
    }


def test_429_anonymous_throttling(api, world, settings, monkeypatch):
    # DRF copies DEFAULT_THROTTLE_RATES onto the throttle class when it is imported, so the
    # setting and the class attribute are both set to the test's rate.
    rates = {"anon": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)
    statuses = [api.get("/api/v1/countries/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/countries/")
    error = error_of(response)
    assert error["code"] == "throttled"
    assert error["message"].startswith("Request was throttled. Expected available in ")
    assert int(response.headers["Retry-After"]) > 0


def test_signed_in_users_are_not_throttled_as_anonymous(admin_api, world, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    statuses = [admin_api.get("/api/v1/countries/").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
