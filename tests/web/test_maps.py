import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("web:map-regions")


def test_regions_geojson_by_level_returns_features_with_codes(client, world):
    response = client.get(URL, {"version": "2021", "level": "3"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["code"] for f in data["features"]] == ["CZ063", "CZ064", "SK010"]
    feature = data["features"][1]
    assert feature["id"] == "CZ064"
    assert feature["properties"] == {
        "code": "CZ064",
        "name": "Jihomoravsky kraj",
        "name_national": "Jihomoravský kraj",
        "level": 3,
        "country": "CZ",
    }
    assert feature["geometry"]["type"] == "Polygon"


def test_regions_geojson_by_codes_and_countries(client, world):
    by_codes = client.get(URL, {"codes": "sk010,CZ06"}).json()
    assert [f["id"] for f in by_codes["features"]] == ["CZ06", "SK010"]
    by_country = client.get(URL, {"level": "0", "countries": "SK"}).json()
    assert [f["id"] for f in by_country["features"]] == ["SK"]


def test_regions_geojson_has_caching_headers_and_answers_304(client, world):
    response = client.get(URL, {"level": "2"})
    etag = response["ETag"]
    assert etag.startswith('"')
    assert "public" in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]
    again = client.get(URL, {"level": "2"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    other = client.get(URL, {"level": "3"}, HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200


@pytest.mark.parametrize("params", [{}, {"level": "7"}, {"version": "abc", "level": "2"}])
def test_regions_geojson_rejects_bad_parameters(client, world, params):
    assert client.get(URL, params).status_code == 400


def test_regions_geojson_unknown_codes_give_empty_collection(client, world):
    response = client.get(URL, {"codes": "XX1"})
    assert response.json() == {"type": "FeatureCollection", "features": []}
