"""Token authentication end to end, and the ``me/`` profile."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from smartregions.accounts.enums import Role
from tests.api.conftest import error_of
from tests.factories import MembershipFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def test_token_obtain_and_use_for_a_write(world, representative):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"email": "REP@example.eu", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert key == Token.objects.get(user=representative).key
    again = client.post(
        "/api/v1/auth/token/", {"email": "rep@example.eu", "password": PASSWORD}, format="json"
    )
    assert again.json()["token"] == key

    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["email"] == "rep@example.eu"
    created = client.post(
        "/api/v1/priorities/", {"strategy": world.s_cz031.pk, "title": "Token"}, format="json"
    )
    assert created.status_code == 201, created.content
    refused = client.post(
        "/api/v1/priorities/", {"strategy": world.s_sk01.pk, "title": "Token"}, format="json"
    )
    assert refused.status_code == 403


@pytest.mark.parametrize(
    "payload",
    [
        {"email": "rep@example.eu", "password": "wrong"},
        {"email": "nobody@example.eu", "password": PASSWORD},
    ],
)
def test_token_refused_for_wrong_credentials(representative, payload):
    response = APIClient().post("/api/v1/auth/token/", payload, format="json")
    assert response.status_code == 400
    assert error_of(response)["details"] == {
        "non_field_errors": ["Unable to sign in with these credentials."]
    }
    assert not Token.objects.exists()


def test_token_refused_for_inactive_user():
    UserFactory(email="gone@example.eu", is_active=False)
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": "gone@example.eu", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400


def test_token_request_missing_fields():
    response = APIClient().post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert error_of(response)["details"] == {
        "email": ["This field is required."],
        "password": ["This field is required."],
    }


def test_invalid_token_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_failed"


def test_me_lists_roles_and_memberships(world, representative):
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Cluster", slug="cluster", region=world.cz031)
    MembershipFactory(user=representative, role=Role.ORGANISATION_MEMBER, organisation=organisation)
    client = APIClient()
    client.force_authenticate(representative)
    body = client.get("/api/v1/me/").json()
    assert body["email"] == "rep@example.eu"
    assert body["is_superuser"] is False
    assert body["roles"] == ["organisation_member", "region_representative"]
    assert [
        (m["role"], m["region"], m["organisation"], m["organisation_name"])
        for m in body["memberships"]
    ] == [
        ("organisation_member", None, organisation.pk, "Cluster"),
        ("region_representative", "CZ03", None, None),
    ]


def test_me_anonymous_is_401():
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"
