import re

import pytest
from django.urls import reverse

from smartregions.accounts.enums import Role
from smartregions.organisations.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _names(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/organisations/[^"]+/">([^<]+)</a>', html)


@pytest.fixture
def organisations(world):
    OrganisationFactory(name="Slovak Research Centre", type="research", region=world.sk010)
    OrganisationFactory(name="Zeta SME", type="sme", region=world.cz064, is_synthetic=True)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Brno Mechatronics Cluster", "Slovak Research Centre", "Zeta SME"]),
        ({"type": "research"}, ["Slovak Research Centre"]),
        ({"country": "CZ"}, ["Brno Mechatronics Cluster", "Zeta SME"]),
        ({"q": "mechatronics"}, ["Brno Mechatronics Cluster"]),
    ],
)
def test_organisation_list_filters_give_exact_result_sets(client, organisations, params, expected):
    response = client.get(reverse("web:organisation-list"), params)
    assert response.status_code == 200
    assert _names(response.content.decode()) == expected


def test_organisation_detail_shows_region_and_codes(client, world):
    response = client.get(reverse("web:organisation-detail", args=[world.organisation.slug]))
    html = response.content.decode()
    assert "<h1>Brno Mechatronics Cluster" in html
    assert 'href="/regions/CZ064/">Jihomoravsky kraj</a>' in html
    assert '<abbr title="Manufacture of machinery">28</abbr>' in html
    assert "Edit profile" not in html


def test_organisation_create_requires_login(client, world):
    response = client.get(reverse("web:organisation-create"))
    assert response.status_code == 302


def test_organisation_create_by_logged_in_user(client, world, plain_user):
    client.force_login(plain_user)
    response = client.post(
        reverse("web:organisation-create"),
        {"name": "New Lab", "type": "research", "region": "cz064", "nace_codes": "72"},
    )
    assert response.status_code == 200
    assert "Unknown codes: 72." in response.content.decode()
    response = client.post(
        reverse("web:organisation-create"),
        {"name": "New Lab", "type": "research", "region": "cz064", "nace_codes": "28"},
    )
    organisation = Organisation.objects.get(name="New Lab")
    assert response["Location"] == f"/organisations/{organisation.slug}/"
    assert organisation.region == world.cz064
    assert [t.code for t in organisation.nace_codes.all()] == ["28"]


def test_organisation_form_rejects_unknown_region(client, world, plain_user):
    client.force_login(plain_user)
    response = client.post(
        reverse("web:organisation-create"), {"name": "Nowhere", "type": "sme", "region": "XX1"}
    )
    assert "No region XX1 in NUTS 2021." in response.content.decode()


def test_organisation_edit_is_forbidden_for_non_members(client, world, plain_user):
    client.force_login(plain_user)
    url = reverse("web:organisation-edit", args=[world.organisation.slug])
    assert client.get(url).status_code == 403


def test_organisation_edit_by_member_saves(client, world):
    member = MembershipFactory(role=Role.ORGANISATION_MEMBER, organisation=world.organisation).user
    client.force_login(member)
    url = reverse("web:organisation-edit", args=[world.organisation.slug])
    assert 'value="CZ064"' in client.get(url).content.decode()
    response = client.post(
        url,
        {"name": "Brno Cluster", "type": "cluster", "region": "CZ064", "nace_codes": "28, 62"},
    )
    world.organisation.refresh_from_db()
    assert world.organisation.name == "Brno Cluster"
    assert response["Location"] == f"/organisations/{world.organisation.slug}/"
    assert sorted(t.code for t in world.organisation.nace_codes.all()) == ["28", "62"]
