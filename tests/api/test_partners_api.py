"""The partner-finding API: ranked partners, consortia, category import; errors and roles."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from smartregions.accounts.enums import Role
from smartregions.matching.domain.regions import clear_caches
from smartregions.regions.models import Region
from tests.api.conftest import error_of
from tests.factories import MembershipFactory, UserFactory
from tests.factories.matching_regions import build_partner_world

pytestmark = pytest.mark.django_db

URL = "/api/v1/regions/CZ03/partners/"


@pytest.fixture(autouse=True)
def _fresh_caches():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def pworld(db):
    return build_partner_world()


def _client(role: str | None, pworld) -> APIClient:
    client = APIClient()
    if role is None:
        return client
    user = UserFactory()
    if role == "superuser":
        user.is_superuser = True
        user.save()
    elif role == Role.REGION_REPRESENTATIVE:
        MembershipFactory(user=user, role=role, region=pworld.regions["CZ03"])
    elif role != "plain":
        MembershipFactory(user=user, role=role)
    client.force_authenticate(user)
    return client


def test_partners_api_returns_breakdown_and_reasons(api, pworld):
    weights = "codes:1,text:0,complementarity:0,relatedness:0,ties:1"
    response = api.get(URL, {"area": "robotics", "weights": weights, "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["region"] == "CZ03"
    assert body["query"] == {"kind": "area", "label": "Robotics"}
    assert body["present"] == ["codes", "text", "ties"]
    assert body["dataset"] is None
    assert [r["region"]["code"] for r in body["results"]] == ["SK01", "PL21", "AT12"]
    first = body["results"][0]
    assert first["total"] == 0.625
    assert first["components"] == {"codes": 0.5, "text": first["components"]["text"], "ties": 0.75}
    assert first["parts"]["codes"] == 0.25
    assert first["parts"]["ties"] == 0.375
    assert first["shared_codes"] == [
        {"code": "28", "label": "Machinery", "taxonomy": "nace-rev2", "kind": "economic"}
    ]
    assert first["matched_priority"]["title"] == "Machinery"
    assert first["matching_sentences"][0]["priority_sentence"] == (
        "Strojárstvo a mechatronika pre priemysel."
    )
    assert [t["local"] for t in first["ties"]] == ["Budějovice Machines", "Tábor Robotics"]
    assert body["candidates"] == 5


def test_partners_api_filters_and_mode(api, pworld):
    body = api.get(URL, {"country": "sk", "mode": "learn"}).json()
    assert body["mode"] == "learn"
    assert body["weights"]["similarity"] == 4.0
    assert sorted(r["region"]["code"] for r in body["results"]) == ["SK01", "SK02"]
    body = api.get(URL, {"category": "industrial_transition"}).json()
    assert sorted(r["region"]["code"] for r in body["results"]) == ["CZ04", "PL21"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"weights": "codes:-1"}, "weights", "The weight of 'codes' must be from 0 to 1000."),
        ({"weights": "codes"}, "weights", "Write each weight as name:number"),
        ({"weights": "codes:x"}, "weights", "The weight of 'codes' must be a number"),
        ({"level": "5"}, "level", '"5" is not a valid choice.'),
        ({"mode": "x"}, "mode", '"x" is not a valid choice.'),
        ({"area": "nope"}, "area", "Unknown thematic area 'nope'."),
        ({"area": "robotics", "q": "x"}, "q", "Search by one of priority, area or text"),
        ({"limit": "0"}, "limit", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_partners_api_validation_errors_name_the_field(api, pworld, params, field, message):
    response = api.get(URL, params)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert list(error["details"]) == [field]
    assert message in error["details"][field][0]


def test_partners_api_unknown_region_is_404(api, pworld):
    response = api.get("/api/v1/regions/XX99/partners/")
    assert response.status_code == 404
    assert error_of(response)["message"] == "Unknown region XX99 in the current NUTS version."


def test_consortium_api_proposes_with_lock_and_drop(api, pworld):
    body = {"codes": ["28", "62"], "k": 3, "min_countries": 2}
    response = api.post("/api/v1/consortia/", body, format="json")
    assert response.status_code == 200
    data = response.json()
    assert [m["region"]["code"] for m in data["members"]] == ["AT12", "CZ03"]
    assert data["members"][0]["contributes"] == [{"code": "62", "label": "Computer programming"}]
    assert data["covered"] == 2
    assert data["coverage_share"] == 1.0
    assert data["uncovered"] == []
    assert data["guarantee_holds"] is True
    body |= {"locked": ["SK01"], "dropped": ["CZ03"]}
    data = api.post("/api/v1/consortia/", body, format="json").json()
    assert data["members"][0]["region"]["code"] == "SK01"
    assert data["members"][0]["locked"] is True
    assert "CZ03" not in [m["region"]["code"] for m in data["members"]]


def test_consortium_api_errors(api, pworld):
    response = api.post("/api/v1/consortia/", {"codes": ["28"], "k": 2}, format="json")
    assert response.status_code == 400
    assert error_of(response)["details"] == {
        "min_countries": ["Ask for 1 to k=2 member states (got 3)."]
    }
    response = api.post("/api/v1/consortia/", {"codes": ["28"], "k": "x"}, format="json")
    assert list(error_of(response)["details"]) == ["k"]


CSV = b"nuts_code,category,industrial_transition\nCZ04,transition,yes\n"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 401),
        ("plain", 403),
        (Role.REGION_REPRESENTATIVE, 403),
        (Role.BROKER, 403),
        (Role.FACILITATOR, 200),
        (Role.PLATFORM_ADMIN, 200),
        ("superuser", 200),
    ],
)
def test_partner_api_role_matrix(pworld, role, status):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(role, pworld)
    assert client.get(URL).status_code == 200
    assert (
        client.post("/api/v1/consortia/", {"codes": ["28"], "k": 3}, format="json").status_code
        == 200
    )
    upload = SimpleUploadedFile("categories.csv", CSV, content_type="text/csv")
    response = client.post(
        "/api/v1/region-categories/import/", {"file": upload}, format="multipart"
    )
    assert response.status_code == status
    region = Region.objects.get(code="CZ04")
    assert region.category == ("transition" if status == 200 else "less_developed")


def test_region_category_import_api_rejects_bad_file(pworld):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(Role.PLATFORM_ADMIN, pworld)
    upload = SimpleUploadedFile("c.csv", b"nuts_code,category\nXX99,rich\n")
    response = client.post("/api/v1/region-categories/import/", {"file": upload})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "import_rejected"
    assert [(p["row"], p["field"]) for p in error["details"]] == [
        (2, "nuts_code"),
        (2, "category"),
    ]
