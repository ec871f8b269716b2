"""The pipeline REST API: public reads, CRUD through the domain, the move verb, funding lines,
totals and the export."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from openpyxl import load_workbook
from rest_framework.test import APIClient

from smartregions.partnerships.domain.partnerships import close_partnership
from smartregions.partnerships.domain.pipeline import set_project_funding
from smartregions.partnerships.models import Project
from tests.factories.partnerships import ProjectFactory
from tests.factories.pipeline_extra import build_pipeline_world

BASE = "/api/v1/pipeline/projects/"


@pytest.fixture
def w(db):
    cache.clear()  # anonymous requests are throttled per address in the cache
    world = build_pipeline_world()
    set_project_funding(
        actor=None, project=world.x, source="i3", status="secured", amount=300_000, notes="Call 1"
    )
    return world


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_list_shows_public_projects_without_internals(w):
    body = api().get(BASE).json()
    assert [p["title"] for p in body["results"]] == [
        "Electrolyser test bed",
        "Hydrogen buses for mountain towns",
        "Precision irrigation pilots",
    ]
    x = body["results"][1]
    assert x["partnership"] == "hydrogen-valleys"
    assert x["lead_region"] == {"code": "PL21", "name": "Małopolskie", "country": "PL"}
    assert x["partner_regions"] == [{"code": "SK01", "name": "Bratislavský kraj", "country": "SK"}]
    assert x["funding"] == [{"source": "i3", "status": "secured", "amount": "300000.00"}]
    assert (x["budget"], x["secured"], x["stage"]) == ("1000000.00", "300000.00", "demonstration")
    assert [h["to_stage"] for h in x["history"]] == ["idea", "demonstration"]
    assert x["internal"] is None


def test_insider_sees_internals(w):
    x = api(w.users["member"]).get(f"{BASE}{w.x.pk}/").json()
    assert x["internal"] == {
        "proposed_by": "Orgm",
        "funding_notes": {"i3": "Call 1"},
        "moved_by": ["Orgm", "Lead"],
    }


def test_forming_partnership_project_is_hidden_from_outsiders(w):
    assert api().get(f"{BASE}{w.fx.pk}/").status_code == 404
    assert api(w.users["frep"]).get(f"{BASE}{w.fx.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("?stage=idea", ["Electrolyser test bed", "Precision irrigation pilots"]),
        ("?partnership=hydrogen-valleys&source=i3", ["Hydrogen buses for mountain towns"]),
        ("?region=sk01", ["Hydrogen buses for mountain towns"]),
        ("?platform=agri-food", ["Precision irrigation pilots"]),
        ("?country=PL&stage=demonstration", ["Hydrogen buses for mountain towns"]),
    ],
)
def test_list_filters(w, query, titles):
    body = api().get(BASE + query).json()
    assert [p["title"] for p in body["results"]] == titles


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?stage=dreaming", "stage", "Unknown stage: dreaming."),
        ("?region=XX99", "region", "Unknown region: XX99."),
        (
            "?partnership=forming-batteries",
            "partnership",
            "Unknown partnership: forming-batteries.",
        ),
        ("?source=gold", "source", "Unknown source: gold."),
    ],
)
def test_list_rejects_unknown_filter_values(w, query, field, message):
    response = api().get(BASE + query)
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {field: [message]}


def test_list_query_count_does_not_grow_with_projects(w, django_assert_num_queries):
    def fresh_lead():
        return type(w.users["lead"]).objects.get(pk=w.users["lead"].pk)

    # The user's roles (2), count, projects, partnership members, partner regions, partner
    # organisations, funding lines, stage changes.
    client = api(fresh_lead())
    with django_assert_num_queries(9):
        assert client.get(BASE).json()["count"] == 3
    for n in range(15):
        project = ProjectFactory(partnership=w.p, title=f"Extra {n}", lead_region=w.de11)
        project.partner_regions.add(w.sk01 if n % 2 else w.cz064)
    client = api(fresh_lead())
    with django_assert_num_queries(9):
        assert client.get(BASE).json()["count"] == 18


def test_member_proposes_a_project(w):
    response = api(w.users["member"]).post(
        BASE,
        {
            "partnership": "hydrogen-valleys",
            "title": "Hydrogen ferries",
            "trl_now": 4,
            "trl_target": 6,
            "budget": "3000000.00",
            "lead_region": "DE11",
            "partner_regions": ["SK01"],
            "partner_organisations": ["bratislava-grid"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["stage"], body["thematic_platform"], body["partner_regions"][0]["code"]) == (
        "idea",
        "energy",
        "SK01",
    )
    assert Project.objects.get(pk=body["id"]).created_by == w.users["member"]


def test_outsider_cannot_propose_and_nothing_is_created(w):
    response = api(w.users["other"]).post(
        BASE,
        {
            "partnership": "hydrogen-valleys",
            "title": "Nope",
            "trl_now": 4,
            "trl_target": 6,
            "budget": "1",
            "lead_region": "HU11",
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Project.objects.filter(title="Nope").exists()


def test_anonymous_write_is_refused(w):
    assert api().post(f"{BASE}{w.x.pk}/move/", {"to_stage": "idea"}, format="json").status_code in (
        401,
        403,
    )


def test_domain_errors_name_the_field(w):
    response = api(w.users["lead"]).post(
        BASE,
        {
            "partnership": "hydrogen-valleys",
            "title": "Backwards",
            "trl_now": 7,
            "trl_target": 5,
            "budget": "1",
            "lead_region": "DE11",
            "partner_regions": ["DE11"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "trl_target": ["The targeted TRL (5) cannot be below the current TRL (7)."],
        "partner_regions": ["The lead region DE11 Stuttgart cannot also be a partner region."],
    }


def test_lead_region_representative_patches_the_project(w):
    response = api(w.users["plrep"]).patch(
        f"{BASE}{w.x.pk}/", {"budget": "1200000", "partner_regions": []}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["budget"], response.json()["partner_regions"]) == ("1200000.00", [])
    assert api(w.users["member"]).patch(f"{BASE}{w.x.pk}/", {"title": "T"}).status_code == 403


def test_move_verb(w):
    client = api(w.users["colead"])
    missing = client.post(f"{BASE}{w.x.pk}/move/", {"to_stage": "idea"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["error"]["details"] == {
        "reason": ["Say why the project moves back to Idea."]
    }
    moved = client.post(
        f"{BASE}{w.x.pk}/move/", {"to_stage": "investment_ready"}, format="json"
    ).json()
    assert moved["stage"] == "investment_ready"
    assert (
        api(w.users["plrep"])
        .post(f"{BASE}{w.x.pk}/move/", {"to_stage": "funded"}, format="json")
        .status_code
        == 403
    )


def test_funding_lines_are_set_and_removed(w):
    client = api(w.users["lead"])
    body = client.post(
        f"{BASE}{w.x.pk}/funding/",
        {"source": "private", "status": "planned", "amount": "100000"},
        format="json",
    ).json()
    assert [(f["source"], f["amount"]) for f in body["funding"]] == [
        ("i3", "300000.00"),
        ("private", "100000.00"),
    ]
    too_much = client.post(
        f"{BASE}{w.x.pk}/funding/",
        {"source": "private", "status": "planned", "amount": "800000"},
        format="json",
    )
    assert too_much.status_code == 400
    assert list(too_much.json()["error"]["details"]) == ["amount"]
    removed = client.delete(f"{BASE}{w.x.pk}/funding/private/")
    assert [f["source"] for f in removed.json()["funding"]] == ["i3"]
    assert client.delete(f"{BASE}{w.x.pk}/funding/private/").status_code == 404


def test_destroy_only_ideas(w):
    client = api(w.users["lead"])
    assert client.delete(f"{BASE}{w.x.pk}/").status_code == 403  # no permission past the idea
    assert client.delete(f"{BASE}{w.i.pk}/").status_code == 204
    assert not Project.objects.filter(pk=w.i.pk).exists()


def test_totals_endpoint_grouped_by_partnership(w):
    body = api().get("/api/v1/pipeline/totals/?group_by=partnership").json()
    assert body["totals"]["count"] == 3
    assert body["totals"]["secured"] == "300000.00"
    assert [(g["key"], g["name"], g["totals"]["budget"]) for g in body["groups"]] == [
        (None, None, "2000000.00"),
        ("hydrogen-valleys", "Hydrogen Valleys", "1400000.00"),
    ]


def test_totals_endpoint_by_region_and_filter(w):
    body = api().get("/api/v1/pipeline/totals/?platform=energy&group_by=partner_region").json()
    assert body["totals"]["count_by_stage"]["demonstration"] == 1
    assert [(g["key"], g["totals"]["count"]) for g in body["groups"]] == [("SK01", 1)]
    bad = api().get("/api/v1/pipeline/totals/?group_by=planet")
    assert bad.status_code == 400


def test_export_endpoint_gives_csv_and_xlsx(w):
    csv_response = api().get(f"{BASE}export/?format=csv&stage=demonstration")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith(f"{w.x.pk},Hydrogen buses for mountain towns,H2BUS,hydrogen-valleys")
    xlsx = api().get(f"{BASE}export/?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Electrolyser test bed",
        "Hydrogen buses for mountain towns",
        "Precision irrigation pilots",
    ]
    assert api().get(f"{BASE}export/?format=pdf").status_code == 400


def test_totals_endpoint_query_count_is_fixed(w, django_assert_num_queries):
    for n in range(10):
        ProjectFactory(partnership=w.p, title=f"Extra {n}").partner_regions.add(w.sk01)
    # Per partnership (rows, funding, labels) and the overall totals (rows, funding).
    with django_assert_num_queries(5):
        body = api().get("/api/v1/pipeline/totals/?group_by=partnership").json()
    assert body["totals"]["count"] == 13


def test_create_in_a_forming_partnership_is_not_found_for_outsiders(w):
    body = {
        "partnership": "forming-batteries",
        "title": "Probe",
        "trl_now": 3,
        "trl_target": 5,
        "budget": "1000",
        "lead_region": "AT13",
    }
    assert api(w.users["other"]).post(BASE, body, format="json").status_code == 404
    missing = {**body, "partnership": "no-such-partnership"}
    assert api(w.users["other"]).post(BASE, missing, format="json").status_code == 404
    assert not Project.objects.filter(title="Probe").exists()
    assert (
        api(w.users["member"])
        .post(
            BASE, {**body, "partnership": "hydrogen-valleys", "lead_region": "DE11"}, format="json"
        )
        .status_code
        == 201
    )
    response = api(w.users["frep"]).post(BASE, body, format="json")
    assert response.status_code == 201
    assert response.json()["partnership"] == "forming-batteries"


def test_closed_partnership_projects_refuse_every_write(w):
    close_partnership(actor=None, partnership=w.p)
    lead = api(w.users["lead"])
    closed = {
        "partnership": [
            "Hydrogen Valleys is closed: the projects of its pipeline can no longer be changed."
        ]
    }
    for response in (
        lead.patch(f"{BASE}{w.x.pk}/", {"title": "T"}, format="json"),
        lead.post(f"{BASE}{w.x.pk}/move/", {"to_stage": "investment_ready"}, format="json"),
        lead.post(
            f"{BASE}{w.x.pk}/funding/",
            {"source": "private", "status": "idea", "amount": "1"},
            format="json",
        ),
        lead.delete(f"{BASE}{w.x.pk}/funding/i3/"),
        lead.delete(f"{BASE}{w.i.pk}/"),
    ):
        assert (response.status_code, response.json()["error"]["details"]) == (400, closed)
    assert Project.objects.filter(pk=w.i.pk).exists()


def test_update_refuses_a_lead_region_outside_the_partnership(w):
    response = api(w.users["lead"]).patch(
        f"{BASE}{w.x.pk}/", {"lead_region": "HU11"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]) == ["lead_region"]
    # HU11's representative never got the project: no edit, no internals.
    other = api(w.users["other"])
    assert other.patch(f"{BASE}{w.x.pk}/", {"title": "Mine"}, format="json").status_code == 403
    assert other.get(f"{BASE}{w.x.pk}/").json()["internal"] is None
