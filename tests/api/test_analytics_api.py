"""The evidence API: datasets, a region's evidence, metrics, pairs and computation runs."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from smartregions.accounts.enums import Role
from smartregions.analytics.enums import RunStatus
from smartregions.analytics.models import ComputationRun
from tests.api.conftest import error_of
from tests.factories import MembershipFactory, UserFactory
from tests.factories.analytics import ComputationRunFactory, build_evidence_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def ev():
    return build_evidence_world()


@pytest.fixture
def staff_api():
    client = APIClient()
    client.force_authenticate(MembershipFactory(role=Role.FACILITATOR).user)
    return client


def _run_json(run) -> dict:
    return {
        "id": run.pk,
        "dataset": run.dataset.slug,
        "status": run.status,
        "progress": run.progress,
        "message": run.message,
        "parameters": run.parameters,
        "created_at": run.created_at.isoformat().replace("+00:00", "Z"),
        "started_at": run.started_at.isoformat().replace("+00:00", "Z"),
        "finished_at": run.finished_at.isoformat().replace("+00:00", "Z"),
    }


def test_dataset_list_gives_years_and_latest_runs(api, ev, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/datasets/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    patents, preprints = body["results"]
    assert patents["years"] == []
    assert patents["latest_run"] is None
    assert preprints == {
        "slug": "preprints",
        "name": "Preprints by research topic",
        "description": "",
        "kind": "activity",
        "source": "EURITO",
        "licence": "CC BY 4.0",
        "value_label": "preprints",
        "activity_taxonomy": "research-topics",
        "nuts_version": 2021,
        "region_level": 2,
        "is_synthetic": False,
        "years": [2019, 2020],
        "latest_run": _run_json(ev.run),
        "latest_done_run": _run_json(ev.run),
    }


def test_dataset_detail_and_unknown_dataset(api, ev):
    assert api.get("/api/v1/datasets/preprints/").json()["years"] == [2019, 2020]
    response = api.get("/api/v1/datasets/nope/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_region_evidence_endpoint_gives_every_part(api, ev, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = api.get("/api/v1/datasets/preprints/regions/cz01/evidence/")
    assert response.status_code == 200
    body = response.json()
    assert (body["dataset"], body["region"], body["year"]) == (
        "preprints",
        {"code": "CZ01", "name": "Praha"},
        2020,
    )
    assert body["complexity"] == {
        "eci": 1.25,
        "eci_rank": 1,
        "ranked_regions": 4,
        "coi": 0.5,
        "diversity": 2,
        "total": 200.0,
    }
    assert body["profile"][:2] == [
        {
            "activity": {"code": "AI", "label": "Artificial intelligence"},
            "value": 80.0,
            "share": 0.4,
            "rca": 2.0,
            "present": True,
        },
        {
            "activity": {"code": "GEN", "label": "Genomics"},
            "value": 50.0,
            "share": 0.25,
            "rca": 1.25,
            "present": True,
        },
    ]
    opportunities = body["opportunities"]
    assert opportunities["density_split"] == 28.75
    assert opportunities["complexity_split"] == pytest.approx(1 / 6)
    assert opportunities["activities"][0] == {
        "activity": {"code": "ROB", "label": "Robotics"},
        "density": 50.0,
        "pci": 0.25,
        "cog": 0.3,
        "rca": 0.8,
        "quadrant": "high-high",
        "quadrant_name": "Ideal",
    }
    assert [a["quadrant"] for a in opportunities["activities"]] == [
        "high-high",
        "high-low",
        "low-high",
        "low-low",
    ]
    assert body["similar"] == [
        {
            "region": {"code": "CZ02", "name": "Střední Čechy"},
            "distance": 0.5,
            "rank": 1,
            "contributions": [
                {"code": "ROB", "label": "Robotics", "value": 0.2},
                {"code": "AI", "label": "Artificial intelligence", "value": 0.05},
            ],
        },
        {
            "region": {"code": "SK01", "name": "Bratislavský kraj"},
            "distance": 1.5,
            "rank": 2,
            "contributions": [
                {"code": "AI", "label": "Artificial intelligence", "value": 1.5},
                {"code": "ROB", "label": "Robotics", "value": 0.75},
            ],
        },
    ]
    assert body["complementary"][0] == {
        "region": {"code": "SK01", "name": "Bratislavský kraj"},
        "score": 0.4,
        "rank": 1,
        "activities": [
            {"code": "ROB", "label": "Robotics", "value": 0.3},
            {"code": "QUA", "label": "Quantum computing", "value": 0.1},
        ],
    }


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/api/v1/datasets/preprints/regions/CZ01/evidence/?year=2018",
            (404, "not_found", "No results for CZ01 in 2018."),
        ),
        (
            "/api/v1/datasets/preprints/regions/AT11/evidence/",
            (404, "not_found", "Unknown NUTS 2021 region code: AT11."),
        ),
        (
            "/api/v1/datasets/patents/regions/CZ01/evidence/",
            (404, "not_found", "The dataset patents has no computed results yet."),
        ),
        (
            "/api/v1/datasets/preprints/regions/CZ01/evidence/?year=x",
            (400, "invalid", "The request has invalid fields."),
        ),
        (
            "/api/v1/datasets/preprints/complementarity/",
            (400, "invalid", "The request has invalid fields."),
        ),
    ],
)
def test_evidence_errors_use_the_common_format(api, ev, url, expected):
    response = api.get(url)
    error = error_of(response)
    assert (response.status_code, error["code"], error["message"]) == expected


def test_metrics_long_form_table_is_paginated_and_filterable(api, ev):
    response = api.get("/api/v1/datasets/preprints/metrics/?metric=eci&page_size=2")
    body = response.json()
    assert body["count"] == 6
    assert body["results"] == [
        {"year": 2019, "region": "CZ01", "activity": None, "metric": "eci", "value": 0.75},
        {"year": 2019, "region": "CZ02", "activity": None, "metric": "eci", "value": 0.9},
    ]
    response = api.get(
        "/api/v1/datasets/preprints/metrics/?metric=rca&year=2020&activity=AI,ROB&region=cz01,SK01"
    )
    assert response.json()["results"] == [
        {"year": 2020, "region": "CZ01", "activity": "AI", "metric": "rca", "value": 2.0},
        {"year": 2020, "region": "CZ01", "activity": "ROB", "metric": "rca", "value": 0.8},
        {"year": 2020, "region": "SK01", "activity": "AI", "metric": "rca", "value": 1.5},
        {"year": 2020, "region": "SK01", "activity": "ROB", "metric": "rca", "value": 0.0},
    ]
    pci = api.get("/api/v1/datasets/preprints/metrics/?metric=pci&activity=QUA").json()
    assert pci["results"] == [
        {"year": 2020, "region": None, "activity": "QUA", "metric": "pci", "value": 1.0}
    ]


def test_metrics_csv_download(api, ev):
    response = api.get("/api/v1/datasets/preprints/metrics/?metric=coi&year=2020&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="preprints-coi.csv"'
    text = response.content.decode("utf-8")
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [
        ["year", "region", "activity", "metric", "value"],
        ["2020", "CZ01", "", "coi", "0.5"],
        ["2020", "CZ02", "", "coi", "0.75"],
        ["2020", "SK01", "", "coi", "1.0"],
        ["2020", "SK02", "", "coi", ""],
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [("metric=gdp", "metric"), ("format=pdf", "format"), ("year=20x", "year")],
)
def test_metrics_rejects_bad_parameters(api, ev, query, field):
    response = api.get(f"/api/v1/datasets/preprints/metrics/?{query}")
    assert response.status_code == 400
    assert list(error_of(response)["details"]) == [field]


def test_complementarity_and_similarity_of_a_region(api, ev):
    response = api.get("/api/v1/datasets/preprints/complementarity/?region=CZ01&year=2020")
    assert [(p["region"]["code"], p["score"], p["rank"]) for p in response.json()] == [
        ("SK01", 0.4, 1),
        ("CZ02", 0.25, 2),
        ("SK02", 0.1, 3),
    ]
    assert response.json()[2]["activities"] == [{"code": "BAT", "label": "Batteries", "value": 0.1}]
    response = api.get("/api/v1/datasets/preprints/similarity/?region=CZ01")
    assert [(s["region"]["code"], s["distance"]) for s in response.json()] == [
        ("CZ02", 0.5),
        ("SK01", 1.5),
    ]
    assert api.get("/api/v1/datasets/preprints/similarity/?region=SK02").json() == []


def test_runs_list_and_detail(api, ev):
    failed = ComputationRunFactory(dataset=ev.dataset, status=RunStatus.FAILED, progress=30)
    response = api.get("/api/v1/datasets/preprints/runs/")
    assert [run["id"] for run in response.json()["results"]] == [failed.pk, ev.run.pk]
    assert api.get(f"/api/v1/datasets/preprints/runs/{ev.run.pk}/").json() == _run_json(ev.run)
    assert api.get(f"/api/v1/datasets/patents/runs/{ev.run.pk}/").status_code == 404
    assert api.get("/api/v1/datasets/nope/runs/").status_code == 404


def test_anonymous_and_plain_users_cannot_request_a_run(api, ev):
    response = api.post("/api/v1/datasets/patents/runs/", {}, format="json")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"
    client = APIClient()
    client.force_authenticate(UserFactory())
    response = client.post("/api/v1/datasets/patents/runs/", {}, format="json")
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    assert ComputationRun.objects.filter(dataset=ev.empty).count() == 0


def test_runs_cannot_be_changed_or_deleted(staff_api, ev):
    url = f"/api/v1/datasets/preprints/runs/{ev.run.pk}/"
    assert staff_api.delete(url).status_code == 405
    assert staff_api.patch(url, {"progress": 5}, format="json").status_code == 405


def test_facilitator_requests_a_run(staff_api, ev):
    response = staff_api.post(
        "/api/v1/datasets/preprints/runs/", {"parameters": {"threshold": 1.0}}, format="json"
    )
    assert response.status_code == 202
    run = ComputationRun.objects.get(pk=response.json()["id"])
    assert run.dataset == ev.dataset
    assert response.json()["dataset"] == "preprints"


def test_schema_documents_the_evidence_endpoints():
    schema = APIClient().get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/datasets/",
        "/api/v1/datasets/{slug}/",
        "/api/v1/datasets/{slug}/regions/{code}/evidence/",
        "/api/v1/datasets/{slug}/metrics/",
        "/api/v1/datasets/{slug}/complementarity/",
        "/api/v1/datasets/{slug}/similarity/",
        "/api/v1/datasets/{dataset_slug}/runs/",
        "/api/v1/datasets/{dataset_slug}/runs/{id}/",
    ):
        assert path in paths, path
    create = paths["/api/v1/datasets/{dataset_slug}/runs/"]["post"]["responses"]
    assert {"202", "400", "401", "403", "404"} <= set(create)
    metrics = paths["/api/v1/datasets/{slug}/metrics/"]["get"]
    assert [p["name"] for p in metrics["parameters"]] == [
        "activity",
        "format",
        "metric",
        "page",
        "page_size",
        "region",
        "slug",
        "year",
    ]
