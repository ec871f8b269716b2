"""Read-only reference resources: countries, regions, taxonomies, terms, thematic lists."""

import pytest

from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def codes_of(response, key="code"):
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


def test_countries_list_ordered_by_name_and_filtered_by_group(api, world):
    assert codes_of(api.get("/api/v1/countries/")) == ["CZ", "SK", "CH"]
    assert codes_of(api.get("/api/v1/countries/?group=efta")) == ["CH"]


def test_country_detail_by_code(api, world):
    response = api.get("/api/v1/countries/SK/")
    assert response.json() == {
        "code": "SK",
        "iso_code": "SK",
        "iso3_code": "SVK",
        "name": "Slovakia",
        "group": "eu",
    }


def test_regions_list_is_current_version_without_boundary(api, world):
    response = api.get("/api/v1/regions/")
    assert codes_of(response) == ["CZ", "CZ03", "CZ031", "CZ032", "CZZ", "SK", "SK01"]
    body = response.json()
    assert body["count"] == 7
    row = next(r for r in body["results"] if r["code"] == "CZ031")
    assert "boundary" not in row
    assert row["nuts_version"] == 2021
    assert (row["country"], row["parent"], row["level"]) == ("CZ", "CZ03", 3)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("version=2016", ["CZ031"]),
        ("level=2", ["CZ03", "SK01"]),
        ("country=sk", ["SK", "SK01"]),
        ("parent=CZ03", ["CZ031", "CZ032"]),
        ("is_extra_regio=true", ["CZZ"]),
        ("q=kraj", ["CZ031", "CZ032", "SK01"]),
        ("q=jihočeský", ["CZ031"]),
        ("country=CZ&level=3", ["CZ031", "CZ032"]),
    ],
)
def test_regions_filters(api, world, query, expected):
    assert codes_of(api.get(f"/api/v1/regions/?{query}")) == expected


def test_regions_paginate(api, world):
    first = api.get("/api/v1/regions/?page_size=3").json()
    second = api.get("/api/v1/regions/?page_size=3&page=2").json()
    assert [r["code"] for r in first["results"]] == ["CZ", "CZ03", "CZ031"]
    assert [r["code"] for r in second["results"]] == ["CZ032", "CZZ", "SK"]
    assert first["count"] == 7
    assert first["next"].endswith("/api/v1/regions/?page=2&page_size=3")
    assert first["previous"] is None


def test_region_detail_by_code_current_version_and_with_version(api, world):
    current = api.get("/api/v1/regions/CZ031/").json()
    assert (current["nuts_version"], current["name_latin"]) == (2021, "Jihočeský kraj")
    old = api.get("/api/v1/regions/CZ031/?version=2016").json()
    assert (old["nuts_version"], old["name_latin"]) == (2016, "Jihočeský 2016")


def test_region_include_boundary(api, world):
    detail = api.get("/api/v1/regions/CZ031/?include=boundary").json()
    assert detail["boundary"] == world.cz031.boundary
    listed = api.get("/api/v1/regions/?parent=CZ03&include=boundary").json()["results"]
    assert [r["boundary"] for r in listed] == [world.cz031.boundary, None]


def test_region_children(api, world):
    assert codes_of(api.get("/api/v1/regions/CZ/children/")) == ["CZ03", "CZZ"]
    assert codes_of(api.get("/api/v1/regions/CZ031/children/")) == []


def test_region_unknown_code_is_404_in_error_format(api, world):
    response = api.get("/api/v1/regions/XX99/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_region_list_query_count_does_not_grow(api, world, django_assert_max_num_queries):
    from tests.factories import RegionFactory

    for n in range(30):
        RegionFactory(code=f"SK0{n:02d}", country=world.sk, parent=world.sk01)
    with django_assert_max_num_queries(2):  # count + one joined select
        response = api.get("/api/v1/regions/?page_size=100")
    assert response.json()["count"] == 37


def test_taxonomies_list_with_term_counts_and_kind_filter(api, codes):
    rows = api.get("/api/v1/taxonomies/").json()["results"]
    assert [(r["slug"], r["term_count"]) for r in rows] == [
        ("nace-rev2", 5),
        ("cohesion-2021-2027", 1),
        ("ford-2015", 2),
        ("nabs-2007", 1),
    ]
    assert codes_of(api.get("/api/v1/taxonomies/?kind=scientific"), "slug") == [
        "ford-2015",
        "nabs-2007",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["28", "28.1", "62", "C", "J"]),
        ("level=1", ["C", "J"]),
        ("parent=C", ["28"]),
        ("q=28", ["28", "28.1"]),
        ("q=machinery", ["28", "28.1"]),
    ],
)
def test_taxonomy_terms_filters(api, codes, query, expected):
    assert codes_of(api.get(f"/api/v1/taxonomies/nace-rev2/terms/?{query}")) == expected


def test_taxonomy_term_detail_and_unknown_taxonomy(api, codes):
    term = api.get("/api/v1/taxonomies/nace-rev2/terms/28.1/").json()
    assert term == {
        "taxonomy": "nace-rev2",
        "code": "28.1",
        "label": "General machinery",
        "level": 3,
        "parent": "28",
        "description": "",
    }
    response = api.get("/api/v1/taxonomies/no-such-list/terms/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_thematic_platforms_and_areas(api, world):
    platforms = api.get("/api/v1/thematic-platforms/").json()["results"]
    assert platforms == [
        {
            "slug": "industrial-modernisation",
            "name": "Industrial",
            "description": "",
            "areas": ["robotics"],
        }
    ]
    areas = api.get("/api/v1/thematic-areas/").json()["results"]
    assert [(a["slug"], a["platform"]) for a in areas] == [
        ("robotics", "industrial-modernisation"),
        ("tourism", None),
    ]
    assert codes_of(
        api.get("/api/v1/thematic-areas/?platform=industrial-modernisation"), "slug"
    ) == ["robotics"]
