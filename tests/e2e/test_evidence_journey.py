"""The evidence pages in a real Chromium: charts and maps draw, tables open, CSV downloads."""

import csv
import io

import numpy as np
import pytest

from smartregions.analytics.domain.computation import request_computation, run_computation
from smartregions.analytics.enums import RunStatus
from smartregions.analytics.models import Observation
from smartregions.regions.models import Region, Term
from tests.factories.analytics import DatasetFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def evidence(demo):
    """A synthetic employment-by-NACE-division panel over the Czech and Slovak NUTS-3 regions,
    computed by run_computation: regions lean towards one of four groups of divisions, so
    specialisation, relatedness and complementarity have structure."""
    regions = list(Region.objects.filter(level=3).order_by("code"))
    terms = list(Term.objects.filter(taxonomy__slug="nace-rev2", level=2).order_by("code")[:40])
    dataset = DatasetFactory(
        slug="employment-nace",
        name="Employment by NACE division (synthetic)",
        activity_taxonomy=terms[0].taxonomy,
        region_level=3,
        value_label="jobs",
        source="Synthetic demo data",
        is_synthetic=True,
    )
    rng = np.random.default_rng(7)
    groups = np.arange(len(terms)) % 4
    for year in (2021, 2022):
        lean = rng.integers(0, 4, size=len(regions))
        noise = rng.normal(0, 0.5, (len(regions), len(terms)))
        values = rng.poisson(200 * np.exp(1.2 * (lean[:, None] == groups[None, :]) + noise)) + 1
        Observation.objects.bulk_create(
            Observation(dataset=dataset, region=region, activity=term, year=year, value=value)
            for region, row in zip(regions, values, strict=True)
            for term, value in zip(terms, row.tolist(), strict=True)
        )
    run = request_computation(dataset=dataset, actor=None, enqueue=False)
    assert run_computation(run_id=run.pk).status == RunStatus.DONE
    return dataset


def test_region_evidence_journey_charts_table_and_csv(page, evidence, shoot):
    page.goto("/regions/CZ064/")
    page.get_by_role("link", name="Evidence for Jihomoravský kraj").click()
    page.wait_for_url("**/regions/CZ064/evidence/")
    page.wait_for_selector("#profile [data-chart].js-plotly-plot svg.main-svg")
    page.wait_for_selector("#opportunities [data-chart].js-plotly-plot svg.main-svg")
    page.wait_for_selector("#similar [data-map].js-plotly-plot .choroplethlayer path")
    assert page.locator("#profile .js-plotly-plot .barlayer .point").count() == 15
    assert page.locator("#opportunities .js-plotly-plot .scatterlayer .point").count() > 0
    assert page.locator("#opportunities .js-plotly-plot .annotation").count() == 4
    assert page.locator("h1").inner_text() == "Evidence for Jihomoravský kraj"
    shoot(page, "evidence-region")

    table = page.locator("#profile table")
    assert not table.is_visible()
    page.locator("#profile summary").click()
    assert table.is_visible()
    cells = table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.children).map(c => c.textContent.trim()))"
    )
    assert len(cells) == 15
    page.locator("#opportunities").scroll_into_view_if_needed()
    shoot(page, "evidence-region-opportunities")

    with page.expect_download() as info:
        page.locator("#profile .downloads a", has_text="CSV").click()
    download = info.value
    assert download.suggested_filename == "employment-nace-CZ064-2022-profile.csv"
    text = download.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "Code",
        "Activity",
        "RCA",
        "Jobs",
        "Share of the region (%)",
        "Specialised (RCA ≥ 1)",
    ]
    assert rows[1:] == cells

    page.get_by_label("Year").select_option("2021")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/regions/CZ064/evidence/?dataset=employment-nace&year=2021")
    page.wait_for_selector("#opportunities [data-chart].js-plotly-plot svg.main-svg")
    assert page.locator("#complexity-heading").inner_text() == "Economic complexity in 2021"


def test_platform_map_of_eci_and_rca(page, evidence, shoot):
    page.goto("/evidence/")
    page.wait_for_selector("[data-map].js-plotly-plot .choroplethlayer path")
    assert page.locator("[data-map] .choroplethlayer path").count() >= 22
    shoot(page, "evidence-map-eci")
    page.get_by_label("Indicator").select_option("rca")
    page.get_by_label("Activity (for RCA and density)").fill("28")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**metric=rca**")
    page.wait_for_selector("[data-map].js-plotly-plot .choroplethlayer path")
    assert "in 28 " in page.locator(".result-count").inner_text()
    page.locator("details.table-details summary").click()
    shoot(page, "evidence-map-rca")
