"""Evidence pages: the platform map, a region's evidence, table downloads and computation runs."""

import csv
import html as html_lib
import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from smartregions.accounts.enums import Role
from smartregions.analytics.enums import RunStatus
from smartregions.analytics.models import ComputationRun
from tests.factories import MembershipFactory, RegionFactory, UserFactory
from tests.factories.analytics import ComputationRunFactory, build_evidence_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def ev():
    return build_evidence_world()


@pytest.fixture
def facilitator():
    return MembershipFactory(role=Role.FACILITATOR).user


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _data(html: str, attribute: str) -> list:
    return [
        json.loads(html_lib.unescape(raw)) for raw in re.findall(rf'{attribute}="([^"]*)"', html)
    ]


def _csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _table_rows(html: str, caption: str) -> list[list[str]]:
    """The header and body cells of the table with ``caption``, as text."""
    match = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", html, re.S)
    assert match, caption
    rows = re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S)
    return [
        [
            html_lib.unescape(re.sub(r"<[^>]+>", "", cell))
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def test_evidence_index_lists_datasets_and_maps_latest_eci(client, ev):
    html = _page(client, reverse("web:evidence"))
    assert '<a href="?dataset=preprints">Preprints by research topic</a>' in html
    assert "<td>2019, 2020</td>" in html
    assert '<span class="empty">No results yet</span>' in html
    assert "Compute now" not in html
    assert _data(html, "data-values") == [{"CZ01": 1.25, "CZ02": 0.25, "SK01": -0.5, "SK02": -1.0}]
    assert 'data-scale="diverging"' in html
    assert 'data-zmin="-1.25" data-zmax="1.25"' in html
    assert (
        'data-geojson-url="/maps/regions.geojson?version=2021&amp;codes=CZ01%2CCZ02%2CSK01%2CSK02"'
        in html
    )
    caption = "Economic Complexity Index (ECI) by region, Preprints by research topic, 2020"
    assert _table_rows(html, caption) == [
        ["Region code", "Region", "Country", "Economic Complexity Index (ECI)"],
        ["CZ01", "Praha", "CZ", "1.25"],
        ["CZ02", "Střední Čechy", "CZ", "0.25"],
        ["SK01", "Bratislavský kraj", "SK", "-0.5"],
        ["SK02", "Západné Slovensko", "SK", "-1"],
    ]
    assert '<a href="/regions/CZ01/evidence/?dataset=preprints&amp;year=2020">CZ01</a>' in html
    assert (
        '<a href="/evidence/map.csv?dataset=preprints&amp;year=2020&amp;metric=eci" download>CSV'
        in html
    )
    assert '<a href="/evidence/" aria-current="page">Evidence</a>' in html


def test_evidence_index_maps_rca_of_the_chosen_activity(client, ev):
    html = _page(
        client, reverse("web:evidence"), dataset="preprints", year=2020, metric="rca", activity="AI"
    )
    assert _data(html, "data-values") == [{"CZ01": 2.0, "CZ02": 0.5, "SK01": 1.5, "SK02": 0.0}]
    assert 'data-scale="blues"' in html
    assert 'data-zmin="0.0" data-zmax="2.0"' in html
    caption = (
        "Revealed comparative advantage (RCA) in AI Artificial intelligence by region, "
        "Preprints by research topic, 2020"
    )
    assert [row[0] for row in _table_rows(html, caption)[1:]] == ["CZ01", "SK01", "CZ02", "SK02"]
    assert '<option value="AI">Artificial intelligence</option>' in html
    assert 'value="AI"' in html


def test_evidence_index_old_year_and_unknown_dataset(client, ev):
    html = _page(client, reverse("web:evidence"), dataset="preprints", year=2019)
    assert _data(html, "data-values") == [{"CZ01": 0.75, "CZ02": 0.9}]
    assert client.get(reverse("web:evidence"), {"dataset": "nope"}).status_code == 404
    assert client.get(reverse("web:evidence"), {"year": "20x"}).status_code == 404


def test_evidence_map_downloads_are_the_table(client, ev):
    url = reverse("web:evidence-map-download", args=["csv"])
    response = client.get(url, {"dataset": "preprints", "metric": "rca", "activity": "ROB"})
    assert response["Content-Disposition"] == 'attachment; filename="preprints-2020-rca-ROB.csv"'
    assert _csv_rows(response) == [
        ["Region code", "Region", "Country", "Revealed comparative advantage (RCA)"],
        ["CZ02", "Střední Čechy", "CZ", "1.5"],
        ["SK02", "Západné Slovensko", "SK", "1.2"],
        ["CZ01", "Praha", "CZ", "0.8"],
        ["SK01", "Bratislavský kraj", "SK", "0"],
    ]
    xlsx = client.get(reverse("web:evidence-map-download", args=["xlsx"]), {"dataset": "preprints"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Region code", "Region", "Country", "Economic Complexity Index (ECI)"],
        ["CZ01", "Praha", "CZ", 1.25],
        ["CZ02", "Střední Čechy", "CZ", 0.25],
        ["SK01", "Bratislavský kraj", "SK", -0.5],
        ["SK02", "Západné Slovensko", "SK", -1],
    ]
    assert client.get(reverse("web:evidence-map-download", args=["pdf"])).status_code == 404


def test_region_evidence_page_shows_every_part(client, ev):
    html = _page(client, reverse("web:region-evidence", args=["CZ01"]))
    assert "<h1>Evidence for Praha</h1>" in html
    assert '<option value="2020" selected>2020</option><option value="2019">2019</option>' in html
    assert "<div><dt>ECI</dt><dd>1.250</dd></div>" in html
    assert "<div><dt>Rank</dt><dd>1 <small>of 4 regions</small></dd></div>" in html
    assert "<dd>2 <small>of 6 activities</small></dd>" in html
    assert (
        '<strong>High risk, high gain</strong> <span class="quadrant-desc">(low relatedness, '
        "high complexity)</span>: 1 activity" in html
    )
    profile, opportunities = _data(html, "data-chart-config")
    assert [(r["code"], r["rca"], r["specialised"]) for r in profile["records"]] == [
        ("AI", 2, "yes"),
        ("GEN", 1.25, "yes"),
        ("ROB", 0.8, "no"),
        ("BAT", 0.5, "no"),
        ("VAC", 0.25, "no"),
        ("QUA", 0, "no"),
    ]
    assert profile["reference"] == 1
    assert [
        (r["code"], r["density"], r["pci"], r["quadrant"]) for r in opportunities["records"]
    ] == [
        ("ROB", 50, 0.25, "Ideal"),
        ("VAC", 35, -1.5, "Low risk, low gain"),
        ("QUA", 10, 1, "High risk, high gain"),
        ("BAT", 20, -0.75, "Least attractive"),
    ]
    assert opportunities["xSplit"] == 28.75
    assert opportunities["ySplit"] == pytest.approx(1 / 6)
    assert opportunities["corners"] == {
        "topRight": "Ideal",
        "topLeft": "High risk, high gain",
        "bottomRight": "Low risk, low gain",
        "bottomLeft": "Least attractive",
    }
    assert _data(html, "data-values") == [{"CZ02": 1, "SK01": 1, "CZ01": 2}]
    assert (
        'href="/regions/SK01/evidence/?dataset=preprints&amp;year=2020">Bratislavský kraj</a>'
        in html
    )
    assert '<li><abbr title="Robotics">ROB</abbr> Robotics</li>' in html


def test_region_evidence_every_chart_and_map_has_a_table_and_downloads(client, ev):
    html = _page(client, reverse("web:region-evidence", args=["CZ01"]), dataset="preprints")
    assert html.count('data-chart="') == 2
    assert html.count('data-map="') == 1
    captions = re.findall(r"<caption>(.*?)</caption>", html)
    assert captions == [
        "Economic complexity of Praha in 2020",
        (
            "Specialisation profile of Praha in 2020: activities by revealed comparative "
            "advantage (RCA)"
        ),
        "Diversification opportunities of Praha in 2020: relatedness density against complexity",
        "Regions most similar to Praha in 2020 (smaller distance is more similar)",
        "Most complementary partner regions for Praha in 2020",
    ]
    for name in ("complexity", "profile", "opportunities", "similar", "complementary"):
        for fmt in ("csv", "xlsx"):
            link = f'href="/regions/CZ01/evidence/{name}.{fmt}?dataset=preprints&amp;year=2020"'
            assert link in html, link
    assert _table_rows(html, captions[3]) == [
        ["Rank", "Region code", "Region", "Distance", "Largest contributions to the distance"],
        [
            "1",
            "CZ02",
            "Střední Čechy",
            "0.5",
            "ROB Robotics (0.2); AI Artificial intelligence (0.05)",
        ],
        [
            "2",
            "SK01",
            "Bratislavský kraj",
            "1.5",
            "AI Artificial intelligence (1.5); ROB Robotics (0.75)",
        ],
    ]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "profile",
            [
                [
                    "Code",
                    "Activity",
                    "RCA",
                    "Preprints",
                    "Share of the region (%)",
                    "Specialised (RCA ≥ 1)",
                ],
                ["AI", "Artificial intelligence", "2", "80", "40", "yes"],
                ["GEN", "Genomics", "1.25", "50", "25", "yes"],
                ["ROB", "Robotics", "0.8", "40", "20", "no"],
                ["BAT", "Batteries", "0.5", "20", "10", "no"],
                ["VAC", "Vaccines", "0.25", "10", "5", "no"],
                ["QUA", "Quantum computing", "0", "0", "0", "no"],
            ],
        ),
        (
            "opportunities",
            [
                [
                    "Code",
                    "Activity",
                    "Relatedness density (0-100)",
                    "Complexity (PCI)",
                    "Complexity outlook gain",
                    "RCA",
                    "Quadrant",
                ],
                ["ROB", "Robotics", "50", "0.25", "0.3", "0.8", "Ideal"],
                ["VAC", "Vaccines", "35", "-1.5", "0.2", "0.25", "Low risk, low gain"],
                ["QUA", "Quantum computing", "10", "1", "0.4", "0", "High risk, high gain"],
                ["BAT", "Batteries", "20", "-0.75", "0.1", "0.5", "Least attractive"],
            ],
        ),
        (
            "complexity",
            [
                ["Indicator", "Value"],
                ["Economic Complexity Index (ECI)", "1.25"],
                ["ECI rank", "1 of 4"],
                ["Complexity Outlook Index (COI)", "0.5"],
                ["Diversity (activities with RCA ≥ 1)", "2"],
                ["Total preprints", "200"],
            ],
        ),
        (
            "complementary",
            [
                [
                    "Rank",
                    "Region code",
                    "Region",
                    "Complementarity (0-1)",
                    "Complementary activities (contribution)",
                ],
                [
                    "1",
                    "SK01",
                    "Bratislavský kraj",
                    "0.4",
                    "ROB Robotics (0.3); QUA Quantum computing (0.1)",
                ],
                ["2", "CZ02", "Střední Čechy", "0.25", "ROB Robotics (0.15); VAC Vaccines (0.1)"],
                ["3", "SK02", "Západné Slovensko", "0.1", "BAT Batteries (0.1)"],
            ],
        ),
    ],
)
def test_region_evidence_csv_download_is_exactly_the_page_table(client, ev, table, expected):
    params = {"dataset": "preprints", "year": 2020}
    url = reverse("web:region-evidence-download", args=["CZ01", table, "csv"])
    response = client.get(url, params)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="preprints-CZ01-2020-{table}.csv"'
    )
    assert _csv_rows(response) == expected
    html = _page(client, reverse("web:region-evidence", args=["CZ01"]), **params)
    caption = re.findall(r"<caption>(.*?)</caption>", html)[
        ["complexity", "profile", "opportunities", "similar", "complementary"].index(table)
    ]
    assert _table_rows(html, html_lib.unescape(caption).replace("&", "&amp;")) == expected


def test_region_evidence_xlsx_download_opens_with_the_same_cells(client, ev):
    url = reverse("web:region-evidence-download", args=["CZ01", "similar", "xlsx"])
    response = client.get(url, {"dataset": "preprints", "year": 2020})
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.properties.title == (
        "Regions most similar to Praha in 2020 (smaller distance is more similar)"
    )
    assert [list(row) for row in workbook.active.iter_rows(values_only=True)] == [
        ["Rank", "Region code", "Region", "Distance", "Largest contributions to the distance"],
        [1, "CZ02", "Střední Čechy", 0.5, "ROB Robotics (0.2); AI Artificial intelligence (0.05)"],
        [
            2,
            "SK01",
            "Bratislavský kraj",
            1.5,
            "AI Artificial intelligence (1.5); ROB Robotics (0.75)",
        ],
    ]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/regions/CZ01/evidence/profile.csv", {}),
        ("/regions/CZ01/evidence/profile.pdf", {"dataset": "preprints"}),
        ("/regions/CZ01/evidence/budget.csv", {"dataset": "preprints"}),
        ("/regions/CZ01/evidence/profile.csv", {"dataset": "patents"}),
        ("/regions/CZ01/evidence/", {"dataset": "nope"}),
        ("/regions/CZ01/evidence/", {"year": "x"}),
        ("/regions/AT11/evidence/", {"dataset": "preprints"}),
    ],
)
def test_evidence_pages_answer_404_for_unknown_things(client, ev, url, params):
    assert client.get(url, params).status_code == 404


def test_region_evidence_year_without_results_for_the_region(client, ev):
    html = _page(client, reverse("web:region-evidence", args=["SK02"]), year=2019)
    # SK02 has results only in 2020, so the page shows 2020.
    assert '<option value="2020" selected>2020</option>' in html
    assert "<div><dt>Rank</dt><dd>4 <small>of 4 regions</small></dd></div>" in html


def test_region_without_any_dataset_says_so(client, ev):
    RegionFactory(code="CZ03", level=2, country=ev.regions["CZ01"].country)
    html = _page(client, reverse("web:region-evidence", args=["CZ03"]))
    assert "No dataset with results covers Region CZ03 yet." in html
    assert 'href="/evidence/">See all evidence datasets</a>' in html


def test_dataset_without_results_offers_compute_only_to_staff(client, ev, facilitator):
    url = reverse("web:region-evidence", args=["CZ01"])
    html = _page(client, url, dataset="patents")
    assert "“Patents by technology” has no computed results yet." in html
    assert "Compute now" not in html
    client.force_login(facilitator)
    html = _page(client, url, dataset="patents")
    assert 'action="/evidence/datasets/patents/compute/"' in html
    assert (
        '<button type="submit">Compute now<span class="visually-hidden"> Patents by '
        "technology</span></button>" in html
    )
    assert (
        '<input type="hidden" name="next" value="/regions/CZ01/evidence/?dataset=patents">' in html
    )


def test_running_computation_is_polled_until_done(client, ev):
    run = ComputationRunFactory(
        dataset=ev.empty, status=RunStatus.RUNNING, progress=40, message="Year 2019 of 2"
    )
    html = _page(client, reverse("web:region-evidence", args=["CZ01"]), dataset="patents")
    status_url = reverse("web:evidence-run-status", args=[run.pk])
    assert f'hx-get="{status_url}?polled=1" hx-trigger="every 2s" hx-swap="outerHTML"' in html
    assert f'<progress id="run-progress-{run.pk}" max="100" value="40">40%</progress>' in html
    assert '<span class="run-message">Year 2019 of 2</span>' in html
    fragment = _page(client, status_url, polled=1)
    assert "hx-trigger" in fragment
    assert "<html" not in fragment
    ComputationRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress=100)
    fragment = _page(client, status_url, polled=1)
    assert "hx-trigger" not in fragment
    assert '<a href="">Show the results</a>' in fragment
    ComputationRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, message="No data")
    assert "failed. No data" in _page(client, status_url)
    assert client.get(reverse("web:evidence-run-status", args=[999])).status_code == 404


def test_compute_needs_staff(client, ev):
    url = reverse("web:evidence-compute", args=["patents"])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    client.force_login(UserFactory())
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    assert ComputationRun.objects.filter(dataset=ev.empty).count() == 0


def test_facilitator_requests_a_computation(client, ev, facilitator):
    client.force_login(facilitator)
    back = "/regions/CZ01/evidence/?dataset=patents"
    response = client.post(reverse("web:evidence-compute", args=["patents"]), {"next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    run = ComputationRun.objects.get(dataset=ev.empty)
    assert run.requested_by == facilitator


def test_compute_refuses_foreign_next_urls(client, ev, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("web:evidence-compute", args=["patents"]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/evidence/?dataset=patents"


def test_evidence_pages_run_a_fixed_number_of_queries(client, ev, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        _page(client, reverse("web:region-evidence", args=["CZ01"]))
    with django_assert_max_num_queries(10):
        _page(client, reverse("web:evidence"), metric="rca", activity="AI")


def test_region_page_links_to_its_evidence(client, ev):
    html = _page(client, reverse("web:region-detail", args=["CZ01"]))
    assert '<a href="/regions/CZ01/evidence/">Evidence for Praha</a>' in html
    assert '<a href="/evidence/">Evidence</a>' in html
