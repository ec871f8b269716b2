"""Pipeline pages through Django's test client: public board and pages, the project forms,
moving cards (htmx and without JavaScript), the funding mix, downloads and query counts."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import resolve
from openpyxl import load_workbook

from smartregions.partnerships.domain.partnerships import close_partnership
from smartregions.partnerships.domain.pipeline import set_project_funding
from smartregions.partnerships.models import Project, ProjectFunding
from smartregions.web.views.pipeline import board as board_views
from tests.factories.partnerships import ProjectFactory
from tests.factories.pipeline_extra import build_pipeline_world

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def w(db):
    world = build_pipeline_world()
    set_project_funding(
        actor=None, project=world.x, source="i3", status="secured", amount=300_000, notes="Call 1"
    )
    return world


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _cards(html: str) -> list[str]:
    return re.findall(r'<h4><a href="/projects/\d+/">([^<]+)</a>', html)


def _assert_strict_csp_markup(html: str) -> None:
    assert 'style="' not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


def test_partnership_pipeline_url_resolves_to_the_pipeline_view():
    assert resolve("/partnerships/any-slug/pipeline/").func is board_views.partnership_pipeline


def test_board_is_public_with_columns_cards_and_totals(client, w):
    html = _html(client.get("/pipeline/"))
    _assert_strict_csp_markup(html)
    assert _cards(html) == [
        "Electrolyser test bed",
        "Precision irrigation pilots",
        "Hydrogen buses for mountain towns",
    ]
    assert '<h3 id="column-idea">Idea <span class="badge">2</span></h3>' in html
    assert "Budget: 2,400,000 EUR<br>Secured: 0 EUR" in html
    assert '<meter min="0" max="100" value="30" aria-hidden="true"></meter> 30 %' in html
    assert "Battery passport" not in html  # a forming partnership's project
    assert "Move to" not in html  # anonymous visitors move nothing
    assert 'href="/pipeline/export.csv"' in html


def test_board_filters_and_htmx_partial(client, w):
    response = client.get("/pipeline/", {"stage": "idea", "platform": "agri-food"}, **HTMX)
    html = _html(response)
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]
    assert _cards(html) == ["Precision irrigation pilots"]
    assert 'href="/pipeline/export.xlsx?stage=idea&amp;platform=agri-food"' in html


def test_board_shows_totals_per_platform_partnership_and_region(client, w):
    html = _html(client.get("/pipeline/"))
    platform_rows = re.findall(r'<a href="/pipeline/platforms/([^/]+)/">', html)
    assert platform_rows[:2] == ["agri-food", "energy"]
    assert "Without a partnership" in html
    assert '<a href="/partnerships/hydrogen-valleys/pipeline/">Hydrogen Valleys</a>' in html
    region_rows = re.findall(r'<a href="/pipeline/regions/(\w+)/">', html)
    assert region_rows == ["PL21", "SK01"]


def test_board_query_count_does_not_grow_with_projects(client, w, django_assert_num_queries):
    # Totals (2), cards and their partnerships' members (2), per platform (3), per partnership
    # (3), per region as lead and partner (5), the filter choices (3).
    with django_assert_num_queries(18) as first:
        client.get("/pipeline/")
    for n in range(20):
        project = ProjectFactory(partnership=w.p, title=f"Extra {n}", lead_region=w.de11)
        project.partner_regions.add(w.sk01)
        ProjectFunding.objects.create(project=project, source="private", status="planned", amount=1)
    with django_assert_num_queries(len(first.captured_queries)):
        html = _html(client.get("/pipeline/"))
    assert '<h3 id="column-idea">Idea <span class="badge">22</span></h3>' in html


def test_partnership_page_is_public_for_active_partnerships(client, w):
    html = _html(client.get("/partnerships/hydrogen-valleys/pipeline/"))
    _assert_strict_csp_markup(html)
    assert _cards(html) == ["Electrolyser test bed", "Hydrogen buses for mountain towns"]
    assert "Propose a project" not in html
    assert 'href="/pipeline/export.csv?partnership=hydrogen-valleys"' in html


def test_partnership_page_query_count_is_flat(client, w, django_assert_num_queries):
    client.force_login(w.users["lead"])
    # Partnership and members (2), session and user with roles (4), totals (2), cards (2), per
    # region (5).
    with django_assert_num_queries(15) as first:
        client.get("/partnerships/hydrogen-valleys/pipeline/")
    for n in range(10):
        ProjectFactory(partnership=w.p, title=f"Extra {n}", stage="funded").partner_regions.add(
            w.de11
        )
    with django_assert_num_queries(len(first.captured_queries)):
        html = _html(client.get("/partnerships/hydrogen-valleys/pipeline/"))
    assert html.count("Move back to Investment-ready") == 10


def test_forming_partnership_page_is_for_members_only(client, w):
    url = "/partnerships/forming-batteries/pipeline/"
    assert client.get(url)["Location"].startswith("/account/login/")
    client.force_login(w.users["user"])
    assert client.get(url).status_code == 403
    client.force_login(w.users["frep"])
    html = _html(client.get(url))
    assert _cards(html) == ["Battery passport"]
    assert 'href="/partnerships/forming-batteries/pipeline/new/"' in html


def test_platform_and_region_pages(client, w, django_assert_num_queries):
    platform = _html(client.get("/pipeline/platforms/energy/"))
    assert _cards(platform) == ["Electrolyser test bed", "Hydrogen buses for mountain towns"]
    # Region, totals as lead and as partner (4), totals (2), cards (2), per platform and
    # partnership (6).
    with django_assert_num_queries(15):
        region = _html(client.get("/pipeline/regions/sk01/"))
    assert _cards(region) == ["Hydrogen buses for mountain towns"]
    roles = re.findall(
        r'<tr><th scope="row">(Lead|Partner) region</th><td class="num">(\d+)', region
    )
    assert roles == [("Lead", "0"), ("Partner", "1")]
    assert client.get("/pipeline/regions/ZZ99/").status_code == 404
    assert client.get("/pipeline/platforms/space/").status_code == 404


def test_project_page_shows_public_fields_to_anonymous_visitors(client, w):
    html = _html(client.get(f"/projects/{w.x.pk}/"))
    _assert_strict_csp_markup(html)
    assert "Hydrogen buses for mountain towns (H2BUS)" in html
    assert '<li aria-current="step" class="current">Demonstration</li>' in html
    assert "TRL 5 now, TRL 8 targeted" in html
    assert "300,000.00 EUR (30 % of the budget)" in html
    assert "Call 1" not in html  # funding notes are internal
    assert "Orgm" not in html  # so is who proposed and moved it
    assert "Edit project" not in html
    assert "Move to" not in html


def test_project_page_of_forming_partnership_is_private(client, w):
    assert client.get(f"/projects/{w.fx.pk}/")["Location"].startswith("/account/login/")
    client.force_login(w.users["member"])
    assert client.get(f"/projects/{w.fx.pk}/").status_code == 403


def test_project_page_for_a_leader(client, w, django_assert_num_queries):
    client.force_login(w.users["lead"])
    # Project with prefetches (5), session and user with roles (4), history and its reasons (2).
    with django_assert_num_queries(11):
        html = _html(client.get(f"/projects/{w.x.pk}/"))
    assert "Call 1" in html
    assert "Move to Investment-ready" in html
    assert "Move back to Idea" in html
    assert f'action="/projects/{w.x.pk}/funding/"' in html
    assert "Delete project" not in html  # past the idea stage


def test_member_proposes_a_project_through_the_form(client, w):
    client.force_login(w.users["member"])
    assert _html(client.get("/partnerships/hydrogen-valleys/pipeline/new/"))
    response = client.post(
        "/partnerships/hydrogen-valleys/pipeline/new/",
        {
            "title": "Hydrogen ferries",
            "trl_now": "4",
            "trl_target": "6",
            "budget": "2500000",
            "lead_region": "de11",
            "partner_regions": "SK01, CZ064",
            "lead_organisation": "krakow-energy",
            "partner_organisations": "bratislava-grid",
        },
    )
    project = Project.objects.get(title="Hydrogen ferries")
    assert response["Location"] == f"/projects/{project.pk}/"
    assert (project.stage, project.partnership, project.lead_region) == ("idea", w.p, w.de11)
    assert sorted(r.code for r in project.partner_regions.all()) == ["CZ064", "SK01"]
    assert project.lead_organisation == w.krakow


def test_project_form_shows_field_errors(client, w):
    client.force_login(w.users["lead"])
    response = client.post(
        "/partnerships/hydrogen-valleys/pipeline/new/",
        {
            "title": "Bad",
            "trl_now": "6",
            "trl_target": "3",
            "budget": "10",
            "lead_region": "XX11",
            "partner_organisations": "nobody",
        },
    )
    html = _html(response)
    assert "No region XX11 in NUTS 2021." in html
    assert "No organisation with the identifier nobody." in html
    response = client.post(
        "/partnerships/hydrogen-valleys/pipeline/new/",
        {"title": "Bad", "trl_now": "6", "trl_target": "3", "budget": "10", "lead_region": "DE11"},
    )
    assert "The targeted TRL (3) cannot be below the current TRL (6)." in _html(response)
    assert not Project.objects.filter(title="Bad").exists()


def test_outsiders_cannot_propose(client, w):
    url = "/partnerships/hydrogen-valleys/pipeline/new/"
    assert client.get(url)["Location"].startswith("/account/login/")
    client.force_login(w.users["other"])
    assert client.get(url).status_code == 403
    assert client.get("/projects/new/").status_code == 403


def test_staff_add_a_platform_project(client, w):
    client.force_login(w.users["fac"])
    response = client.post(
        "/projects/new/",
        {
            "title": "Soil sensors",
            "thematic_platform": w.agrifood.pk,
            "trl_now": "5",
            "trl_target": "7",
            "budget": "90000",
            "lead_region": "HU11",
        },
    )
    project = Project.objects.get(title="Soil sensors")
    assert response["Location"] == f"/projects/{project.pk}/"
    assert (project.partnership, project.thematic_platform) == (None, w.agrifood)


def test_lead_region_representative_edits_the_project(client, w):
    client.force_login(w.users["plrep"])
    html = _html(client.get(f"/projects/{w.x.pk}/edit/"))
    assert 'value="Hydrogen buses for mountain towns"' in html
    assert 'value="SK01"' in html
    data = {
        "title": "Hydrogen buses",
        "trl_now": "5",
        "trl_target": "9",
        "budget": "1000000",
        "lead_region": "PL21",
        "partner_regions": "",
    }
    assert client.post(f"/projects/{w.x.pk}/edit/", data)["Location"] == f"/projects/{w.x.pk}/"
    w.x.refresh_from_db()
    assert (w.x.title, w.x.trl_target, w.x.partner_regions.count()) == ("Hydrogen buses", 9, 0)
    client.force_login(w.users["member"])
    assert client.get(f"/projects/{w.x.pk}/edit/").status_code == 403


def test_moving_a_card_with_htmx_reloads_the_board(client, w):
    client.force_login(w.users["lead"])
    response = client.post(
        f"/projects/{w.i.pk}/move/", {"to_stage": "demonstration", "next": "/pipeline/"}, **HTMX
    )
    assert (response.status_code, response["HX-Trigger"]) == (204, "pipeline-changed")
    w.i.refresh_from_db()
    assert w.i.stage == "demonstration"
    html = _html(client.get("/pipeline/", **HTMX))
    assert "“Electrolyser test bed” is now at the Demonstration stage." in html
    assert '<h3 id="column-demonstration">Demonstration <span class="badge">2</span></h3>' in html


def test_moving_back_without_reason_is_refused_with_a_message(client, w):
    client.force_login(w.users["colead"])
    response = client.post(
        f"/projects/{w.x.pk}/move/", {"to_stage": "idea", "next": "/pipeline/?stage=idea"}
    )
    assert response["Location"] == "/pipeline/?stage=idea"
    w.x.refresh_from_db()
    assert w.x.stage == "demonstration"
    html = _html(client.get(response["Location"]))
    assert "Say why the project moves back to Idea." in html


def test_move_without_javascript_ignores_foreign_next(client, w):
    client.force_login(w.users["lead"])
    response = client.post(
        f"/projects/{w.x.pk}/move/",
        {"to_stage": "idea", "reason": "Lost the site", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/projects/{w.x.pk}/"
    w.x.refresh_from_db()
    assert w.x.stage == "idea"


def test_members_cannot_move_and_get_is_not_allowed(client, w):
    client.force_login(w.users["member"])
    assert client.post(f"/projects/{w.x.pk}/move/", {"to_stage": "idea"}).status_code == 403
    client.force_login(w.users["lead"])
    assert client.get(f"/projects/{w.x.pk}/move/").status_code == 405


def test_funding_mix_through_the_page(client, w):
    client.force_login(w.users["lead"])
    url = f"/projects/{w.x.pk}/funding/"
    response = client.post(
        url, {"funding-source": "private", "funding-status": "planned", "funding-amount": "800000"}
    )
    assert response["Location"] == f"/projects/{w.x.pk}/#funding"
    html = _html(client.get(f"/projects/{w.x.pk}/"))
    assert "The funding mix totals 1,100,000.00 EUR, more than the budget" in html
    client.post(
        url, {"funding-source": "private", "funding-status": "planned", "funding-amount": "200000"}
    )
    line = ProjectFunding.objects.get(project=w.x, source="private")
    assert client.post(f"/projects/{w.x.pk}/funding/{line.pk}/remove/").status_code == 302
    assert list(w.x.funding.values_list("source", flat=True)) == ["i3"]


def test_delete_an_idea(client, w):
    client.force_login(w.users["colead"])
    response = client.post(f"/projects/{w.i.pk}/delete/")
    assert response["Location"] == "/partnerships/hydrogen-valleys/pipeline/"
    assert not Project.objects.filter(pk=w.i.pk).exists()


def test_download_csv_and_xlsx_of_the_filtered_board(client, w):
    response = client.get("/pipeline/export.csv", {"partnership": "hydrogen-valleys"})
    assert response["Content-Disposition"] == 'attachment; filename="pipeline-projects.csv"'
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("id,title,acronym,partnership,partnership_name,thematic_platform")
    assert [row.split(",")[1] for row in rows[1:]] == [
        "Electrolyser test bed",
        "Hydrogen buses for mountain towns",
    ]
    xlsx = client.get("/pipeline/export.xlsx", {"stage": "demonstration"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(v[1], v[17], v[19]) for v in values] == [
        ("Hydrogen buses for mountain towns", 1000000, 300000)
    ]
    assert client.get("/pipeline/export.pdf").status_code == 404


def test_proposing_to_a_forming_partnership_is_not_found_for_outsiders(client, w):
    url = "/partnerships/forming-batteries/pipeline/new/"
    assert client.get(url).status_code == 404
    client.force_login(w.users["other"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Probe"}).status_code == 404
    assert client.get("/partnerships/no-such-partnership/pipeline/new/").status_code == 404
    client.force_login(w.users["frep"])
    assert client.get(url).status_code == 200


def test_closed_partnership_projects_show_no_controls_and_refuse_writes(client, w):
    close_partnership(actor=None, partnership=w.p)
    client.force_login(w.users["lead"])
    html = _html(client.get(f"/projects/{w.x.pk}/"))
    assert "this project is kept as part of its record and can no longer be changed" in html
    assert f"/projects/{w.x.pk}/edit/" not in html
    assert f"/projects/{w.x.pk}/move/" not in html
    assert f"/projects/{w.x.pk}/delete/" not in html
    board = _html(client.get("/partnerships/hydrogen-valleys/pipeline/"))
    assert f"/projects/{w.x.pk}/move/" not in board
    response = client.post(
        f"/projects/{w.x.pk}/move/", {"to_stage": "investment_ready"}, follow=True
    )
    assert (
        "Hydrogen Valleys is closed: the projects of its pipeline can no longer be changed."
        in response.content.decode()
    )
    w.x.refresh_from_db()
    assert w.x.stage == "demonstration"


def test_editing_names_only_a_lead_region_within_the_partnership(client, w):
    client.force_login(w.users["lead"])
    data = {"title": "H2", "trl_now": "5", "trl_target": "8", "budget": "1000000"}
    response = client.post(f"/projects/{w.x.pk}/edit/", {**data, "lead_region": "HU11"})
    assert "HU11 Budapest is not part of Hydrogen Valleys" in _html(response)
    w.x.refresh_from_db()
    assert (w.x.title, w.x.lead_region) == ("Hydrogen buses for mountain towns", w.pl21)
