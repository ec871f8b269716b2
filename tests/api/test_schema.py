"""The OpenAPI document is valid and warning-free, and its pages load only our own files."""

import re

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert "/api/v1/priorities/export/:" in text
    assert "Error:" in text


def test_schema_endpoint_documents_errors_and_search():
    response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    operation = schema["paths"]["/api/v1/priorities/"]["get"]
    assert [p["name"] for p in operation["parameters"]] == [
        "country",
        "economic",
        "level",
        "page",
        "page_size",
        "policy",
        "q",
        "scientific",
        "strategy",
        "thematic_area",
    ]
    create = schema["paths"]["/api/v1/priorities/"]["post"]["responses"]
    for code in ("400", "401", "403"):
        assert create[code]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    detail = schema["paths"]["/api/v1/regions/{code}/"]["get"]["responses"]
    assert detail["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


def test_docs_page_loads_only_local_static_files():
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), "the docs page must not reference other hosts"
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(
        source.startswith("/static/") or source == "/api/docs/?script=" for source in sources
    ), sources
    # Swagger UI's start-up code is served as a script file, so the strict CSP allows it.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    script = APIClient().get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
