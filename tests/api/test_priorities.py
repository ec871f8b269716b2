"""Priorities: the web's search, CRUD through the domain, permissions, map, export, import."""

import csv
import io

import pytest
from openpyxl import load_workbook

from smartregions.common.models import ActivityLogEntry
from smartregions.regions.models import Priority
from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_priority_list_newest_strategies_first_with_codes(api, world):
    response = api.get("/api/v1/priorities/")
    assert titles(response) == [
        "Pokročilé materiály",
        "Strojírenství a mechatronika",
        "Digitální technologie",
        "Cestovný ruch",
    ]
    first = response.json()["results"][1]
    assert first["strategy"] == world.s_cz031.pk
    assert (first["country"], first["region"], first["reference"]) == ("CZ", "CZ031", "P1")
    assert first["economic_domains"] == [
        {"taxonomy": "nace-rev2", "code": "28", "label": "Machinery"}
    ]
    assert first["scientific_domains"] == [
        {"taxonomy": "ford-2015", "code": "2.1", "label": "Civil engineering"}
    ]
    assert first["policy_objectives"] == [
        {"taxonomy": "cohesion-2021-2027", "code": "PO1", "label": "A smarter Europe"}
    ]
    assert first["thematic_areas"] == ["robotics"]
    assert first["keywords"] == ["robotika"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=strojirenstvi", ["Strojírenství a mechatronika"]),
        ("q=ROBOTIKA mechatronika", ["Strojírenství a mechatronika"]),
        ("economic=C", ["Pokročilé materiály", "Strojírenství a mechatronika"]),
        ("economic=28.1", ["Pokročilé materiály"]),
        ("economic=62,28.1", ["Pokročilé materiály", "Digitální technologie"]),
        ("economic=62&economic=28.1", ["Pokročilé materiály", "Digitální technologie"]),
        ("scientific=2", ["Strojírenství a mechatronika"]),
        ("policy=PO1", ["Strojírenství a mechatronika"]),
        ("country=sk", ["Cestovný ruch"]),
        ("level=3", ["Strojírenství a mechatronika", "Digitální technologie"]),
        ("level=3,2", ["Strojírenství a mechatronika", "Digitální technologie", "Cestovný ruch"]),
        ("thematic_area=tourism", ["Cestovný ruch"]),
        ("country=CZ&economic=J", ["Digitální technologie"]),
        ("q=nothing-matches-this", []),
    ],
)
def test_priority_search_filters(api, world, query, expected):
    assert titles(api.get(f"/api/v1/priorities/?{query}")) == expected


def test_priority_list_filter_by_strategy_and_paginate(api, world):
    url = f"/api/v1/priorities/?strategy={world.s_cz031.pk}&page_size=1"
    first = api.get(url).json()
    assert first["count"] == 2
    assert [r["title"] for r in first["results"]] == ["Strojírenství a mechatronika"]
    second = api.get(url + "&page=2").json()
    assert [r["title"] for r in second["results"]] == ["Digitální technologie"]
    assert second["next"] is None


def test_priority_search_rejects_non_numeric_level(api, world):
    response = api.get("/api/v1/priorities/?level=three")
    assert response.status_code == 400
    assert error_of(response)["details"] == {"level": ["Enter whole numbers."]}


def test_priority_list_query_count_does_not_grow(api, world, django_assert_max_num_queries):
    from smartregions.regions.domain.priorities import create_priority

    for n in range(40):
        create_priority(
            actor=None,
            strategy=world.s_sk01,
            title=f"Extra {n}",
            economic_domains=[world.codes.n62, world.codes.n28],
            thematic_areas=[world.tourism],
        )
    # count, priorities (+ strategy/region/country joined), 3 code axes, thematic areas
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/priorities/?page_size=100")
    assert response.json()["count"] == 44


def test_priority_map_counts_per_region_for_filters(api, world):
    assert api.get("/api/v1/priorities/map/").json() == {
        "total": 4,
        "counts": {"CZ031": 2, "SK01": 1},
    }
    assert api.get("/api/v1/priorities/map/?economic=C").json() == {
        "total": 2,
        "counts": {"CZ031": 1},
    }


def test_priority_create_by_superuser_resolves_codes_and_logs(admin_api, world, superuser):
    response = admin_api.post(
        "/api/v1/priorities/",
        {
            "strategy": world.s_cz031.pk,
            "title": "Umělá inteligence",
            "economic_domains": ["C28", "62"],
            "scientific_domains": ["nabs-2007:2"],
            "thematic_areas": ["robotics"],
            "keywords": ["AI", "AI", " data "],
            "budget_eur": "1500000.50",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"] == "P3"
    assert [c["code"] for c in body["economic_domains"]] == ["28", "62"]
    assert body["scientific_domains"] == [
        {"taxonomy": "nabs-2007", "code": "2", "label": "Environment"}
    ]
    assert body["keywords"] == ["AI", "data"]
    assert body["budget_eur"] == "1500000.50"
    entry = ActivityLogEntry.objects.get(action="priority.create", object_id=str(body["id"]))
    assert entry.actor == superuser


def test_priority_create_reports_every_unknown_code(admin_api, world):
    response = admin_api.post(
        "/api/v1/priorities/",
        {
            "strategy": world.s_cz031.pk,
            "title": "X",
            "economic_domains": ["C28", "99", "J28"],
            "policy_objectives": ["PO9"],
            "thematic_areas": ["no-such-area"],
        },
        format="json",
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert error["details"] == {
        "economic_domains": ["99: unknown code", "J28: unknown code"],
        "policy_objectives": ["PO9: unknown code"],
        "thematic_areas": ["no-such-area: unknown thematic area"],
    }
    assert Priority.objects.count() == 4


def test_priority_create_needs_title_and_existing_strategy(admin_api, world):
    response = admin_api.post("/api/v1/priorities/", {"strategy": 999999}, format="json")
    assert response.status_code == 400
    details = error_of(response)["details"]
    assert details == {
        "strategy": ['Invalid pk "999999" - object does not exist.'],
        "title": ["This field is required."],
    }


def test_priority_partial_update_keeps_untouched_codes(admin_api, world):
    url = f"/api/v1/priorities/{world.machines.pk}/"
    response = admin_api.patch(
        url, {"title": "Mechatronika", "policy_objectives": []}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Mechatronika"
    assert [c["code"] for c in body["economic_domains"]] == ["28"]
    assert body["policy_objectives"] == []
    entry = ActivityLogEntry.objects.get(action="priority.update")
    assert entry.data == {"changed": ["title", "policy_objectives"]}


def test_priority_put_replaces_all_fields(admin_api, world):
    url = f"/api/v1/priorities/{world.machines.pk}/"
    response = admin_api.put(url, {"title": "Jen název"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["description"], body["keywords"]) == ("Jen název", "", [])
    assert body["economic_domains"] == body["thematic_areas"] == []


def test_priority_delete(admin_api, world):
    response = admin_api.delete(f"/api/v1/priorities/{world.software.pk}/")
    assert response.status_code == 204
    assert not Priority.objects.filter(pk=world.software.pk).exists()
    assert ActivityLogEntry.objects.filter(action="priority.delete").count() == 1


def test_priority_writes_by_region_representative_own_region(rep_api, world):
    created = rep_api.post(
        "/api/v1/priorities/",
        {"strategy": world.s_cz031.pk, "title": "Vodík"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    changed = rep_api.patch(f"/api/v1/priorities/{pk}/", {"title": "Vodíkové technologie"})
    assert changed.json()["title"] == "Vodíkové technologie"
    assert rep_api.delete(f"/api/v1/priorities/{pk}/").status_code == 204


def test_priority_writes_by_region_representative_other_region_are_403(rep_api, world):
    attempts = [
        rep_api.post(
            "/api/v1/priorities/", {"strategy": world.s_sk01.pk, "title": "X"}, format="json"
        ),
        rep_api.patch(f"/api/v1/priorities/{world.sk_tourism.pk}/", {"title": "X"}),
        rep_api.delete(f"/api/v1/priorities/{world.sk_tourism.pk}/"),
        # The national strategy belongs to CZ, whose NUTS-0 region the user does not represent.
        rep_api.patch(f"/api/v1/priorities/{world.national.pk}/", {"title": "X"}),
    ]
    assert [r.status_code for r in attempts] == [403, 403, 403, 403]
    assert {error_of(r)["code"] for r in attempts} == {"permission_denied"}
    assert Priority.objects.get(pk=world.sk_tourism.pk).title == "Cestovný ruch"


def test_priority_write_anonymous_is_401(api, world):
    response = api.post("/api/v1/priorities/", {"title": "X"}, format="json")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"
    assert response.headers["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_priority_export_matches_filters(api, world, fmt):
    response = api.get(f"/api/v1/priorities/export/?format={fmt}&country=CZ")
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"] == f'attachment; filename="priorities.{fmt}"'
    if fmt == "csv":
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        table = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
        rows = [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    assert [(r["region_code"], r["priority_title"]) for r in rows] == [
        ("", "Pokročilé materiály"),
        ("CZ031", "Strojírenství a mechatronika"),
        ("CZ031", "Digitální technologie"),
    ]


def test_priority_export_unknown_format_is_400(api, world):
    response = api.get("/api/v1/priorities/export/?format=pdf")
    assert response.status_code == 400
    assert error_of(response)["details"] == {"format": ["Choose one of: csv, xlsx."]}


def _template(rows):
    header = [
        "region_code",
        "country_code",
        "strategy_title",
        "strategy_period_start",
        "strategy_period_end",
        "priority_reference",
        "priority_title",
        "economic_domains",
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode("utf-8"))


def _upload(client, rows, name="priorities.csv"):
    upload = _template(rows)
    upload.name = name
    return client.post("/api/v1/priorities/import/", {"file": upload}, format="multipart")


def test_priority_import_by_representative_for_own_region(rep_api, world):
    rows = [["CZ032", "CZ", "RIS3 Plzeň", "2021", "2027", "P1", "Doprava", "29"]]
    world.codes.nace.terms.create(code="29", label="Motor vehicles", level=2, parent=world.codes.C)
    response = _upload(rep_api, rows)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == {
        "source": "priorities.csv",
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "deleted": 0,
        "notes": ["strategies: 1 created, 0 updated, 0 unchanged"],
    }
    priority = Priority.objects.get(strategy__region=world.cz032)
    assert priority.title == "Doprava"
    assert list(priority.economic_domains.values_list("code", flat=True)) == ["29"]


def test_priority_import_for_other_region_is_403_and_writes_nothing(rep_api, world):
    rows = [
        ["CZ032", "CZ", "RIS3 Plzeň", "2021", "2027", "P1", "Doprava", ""],
        ["SK01", "SK", "RIS3 Bratislava", "2014", "2020", "P9", "Cudzia", ""],
    ]
    response = _upload(rep_api, rows)
    assert response.status_code == 403
    assert error_of(response)["message"] == "You may not import priorities for: SK01."
    assert Priority.objects.count() == 4


def test_priority_import_with_problems_is_400_with_problem_list(admin_api, world):
    rows = [["CZ999", "CZ", "RIS3", "2021", "2027", "P1", "Doprava", "C99"]]
    response = _upload(admin_api, rows)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "import_rejected"
    assert error["message"] == "2 problem(s); nothing was imported."
    assert error["details"] == [
        {
            "file": "priorities.csv",
            "row": 2,
            "field": "region_code",
            "message": "unknown region code 'CZ999' in NUTS 2021",
        },
        {
            "file": "priorities.csv",
            "row": 2,
            "field": "economic_domains",
            "message": "unknown code 'C99' in taxonomy 'nace-rev2'",
        },
    ]
    assert Priority.objects.count() == 4


def test_priority_import_refuses_other_file_types(admin_api, world):
    response = _upload(admin_api, [], name="priorities.pdf")
    assert response.status_code == 400
    assert error_of(response)["details"] == {"file": ["Upload a .csv or .xlsx file."]}
