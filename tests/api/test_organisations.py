"""Organisations: search, read, register and edit, with permissions."""

import pytest

from smartregions.accounts.enums import Role
from smartregions.common.models import ActivityLogEntry
from smartregions.organisations.models import Organisation
from tests.api.conftest import error_of
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(world):
    jihocesky = OrganisationFactory(
        name="Jihočeská univerzita",
        slug="jihoceska-univerzita",
        type="research",
        region=world.cz031,
        description="University in České Budějovice",
    )
    jihocesky.nace_codes.set([world.codes.n62])
    jihocesky.thematic_areas.set([world.robotics])
    plzen = OrganisationFactory(
        name="Plzeň Cluster", slug="plzen-cluster", type="cluster", region=world.cz032
    )
    bratislava = OrganisationFactory(
        name="Bratislava SME", slug="bratislava-sme", type="sme", region=world.sk01
    )
    return {"jihocesky": jihocesky, "plzen": plzen, "bratislava": bratislava}


def names(response):
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_organisation_list_and_detail(api, organisations):
    assert names(api.get("/api/v1/organisations/")) == [
        "Bratislava SME",
        "Jihočeská univerzita",
        "Plzeň Cluster",
    ]
    body = api.get(f"/api/v1/organisations/{organisations['jihocesky'].pk}/").json()
    assert {k: body[k] for k in ("slug", "type", "region", "country", "nace_codes")} == {
        "slug": "jihoceska-univerzita",
        "type": "research",
        "region": "CZ031",
        "country": "CZ",
        "nace_codes": [{"code": "62", "label": "Computer programming"}],
    }
    assert body["thematic_areas"] == ["robotics"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=cluster", ["Plzeň Cluster"]),
        ("type=cluster,sme", ["Bratislava SME", "Plzeň Cluster"]),
        ("country=cz", ["Jihočeská univerzita", "Plzeň Cluster"]),
        ("region=CZ03", ["Jihočeská univerzita", "Plzeň Cluster"]),
        ("region=cz032", ["Plzeň Cluster"]),
        ("q=budějovice", ["Jihočeská univerzita"]),
        ("q=nothing", []),
    ],
)
def test_organisation_filters(api, organisations, query, expected):
    assert names(api.get(f"/api/v1/organisations/?{query}")) == expected


def test_organisation_list_query_count_does_not_grow(
    api, organisations, world, django_assert_max_num_queries
):
    for n in range(30):
        extra = OrganisationFactory(name=f"Extra {n:02d}", slug=f"extra-{n}", region=world.sk01)
        extra.nace_codes.set([world.codes.n28])
    with django_assert_max_num_queries(4):  # count, rows, NACE codes, thematic areas
        response = api.get("/api/v1/organisations/?page_size=100")
    assert response.json()["count"] == 33


def test_any_signed_in_user_registers_an_organisation(world):
    from rest_framework.test import APIClient

    user = UserFactory()
    client = APIClient()
    client.force_authenticate(user)
    response = client.post(
        "/api/v1/organisations/",
        {"name": "Nová firma", "type": "sme", "region": "CZ031", "nace_codes": ["C28"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["slug"], body["region"], body["nace_codes"]) == (
        "nova-firma",
        "CZ031",
        [{"code": "28", "label": "Machinery"}],
    )
    assert ActivityLogEntry.objects.get(action="organisation.create").actor == user


def test_organisation_create_validation(admin_api, world):
    response = admin_api.post(
        "/api/v1/organisations/",
        {"name": "X", "type": "spaceship", "region": "CZ031", "nace_codes": ["PO1"]},
        format="json",
    )
    assert response.status_code == 400
    assert error_of(response)["details"] == {
        "type": ['"spaceship" is not a valid choice.'],
        "nace_codes": ["PO1: unknown code"],
    }


def test_organisation_update_by_member_and_403_for_others(organisations, representative):
    from rest_framework.test import APIClient

    member = UserFactory()
    MembershipFactory(
        user=member, role=Role.ORGANISATION_MEMBER, organisation=organisations["plzen"]
    )
    client = APIClient()
    client.force_authenticate(member)
    url = f"/api/v1/organisations/{organisations['plzen'].pk}/"
    response = client.patch(url, {"name": "Plzeň Cluster z.s.", "size": "small"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["slug"], response.json()["size"]) == ("plzen-cluster-zs", "small")
    other = client.patch(
        f"/api/v1/organisations/{organisations['bratislava'].pk}/", {"name": "X"}, format="json"
    )
    assert other.status_code == 403
    # Representing the region is not membership of the organisation.
    rep = APIClient()
    rep.force_authenticate(representative)
    assert rep.patch(url, {"name": "Y"}, format="json").status_code == 403
    assert Organisation.objects.get(pk=organisations["plzen"].pk).name == "Plzeň Cluster z.s."


def test_organisation_put_by_superuser_replaces_profile(admin_api, organisations):
    url = f"/api/v1/organisations/{organisations['jihocesky'].pk}/"
    response = admin_api.put(
        url, {"name": "Jihočeská univerzita", "type": "research", "region": "CZ032"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["region"], body["description"], body["nace_codes"], body["thematic_areas"]) == (
        "CZ032",
        "",
        [],
        [],
    )
