import re

import pytest
from django.urls import reverse

from smartregions.regions.models import Region, Strategy
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def _codes_in(html: str) -> list[str]:
    return re.findall(r"<td><code>([A-Z0-9]+)</code></td>", html)


def test_region_list_without_filters_lists_current_version_regions(client, world):
    RegionFactory(code="CZ0ZZ", nuts_version=2021, is_extra_regio=True, country=world.cz064.country)
    response = client.get(reverse("web:region-list"))
    assert response.status_code == 200
    assert _codes_in(response.content.decode()) == [
        "CZ",
        "CZ0",
        "CZ06",
        "CZ063",
        "CZ064",
        "SK",
        "SK0",
        "SK01",
        "SK010",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "SK"}, ["SK", "SK0", "SK01", "SK010"]),
        ({"level": "3"}, ["CZ063", "CZ064", "SK010"]),
        ({"country": "CZ", "level": "2"}, ["CZ06"]),
        ({"q": "jihomoravský"}, ["CZ064"]),
        ({"q": "SK01"}, ["SK01", "SK010"]),
        ({"area": "energy"}, ["SK010"]),
    ],
)
def test_region_list_filters_give_exact_result_sets(client, world, params, expected):
    response = client.get(reverse("web:region-list"), params)
    assert _codes_in(response.content.decode()) == expected


def test_region_list_shows_national_name_and_priority_count(client, world):
    html = client.get(reverse("web:region-list"), {"q": "CZ064"}).content.decode()
    assert '<span class="national-name">Jihomoravský kraj</span>' in html
    assert '<td class="num">2</td>' in html


def test_region_list_htmx_request_gets_only_the_results(client, world):
    response = client.get(reverse("web:region-list"), {"country": "SK"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert _codes_in(html) == ["SK", "SK0", "SK01", "SK010"]
    assert "HX-Request" in response["Vary"]


def test_region_detail_shows_hierarchy_strategies_priorities_and_organisations(client, world):
    response = client.get(reverse("web:region-detail", args=["CZ064"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Jihomoravsky kraj" in html
    assert '<span class="national-name">Jihomoravský kraj</span>' in html
    assert 'href="/regions/CZ06/">Jihovýchod</a>' in html
    assert "RIS3 South Moravia" in html
    assert "Mechatronics and advanced machinery" in html
    assert '<abbr title="Manufacture of machinery">28</abbr>' in html
    assert '<abbr title="Mechanical engineering">2.3</abbr>' in html
    assert '<abbr title="A more competitive and smarter Europe">PO1</abbr>' in html
    assert "Brno Mechatronics Cluster" in html
    assert "Intermediate" in html
    assert "Not coastal" in html
    assert 'data-geojson-url="/maps/regions.geojson?version=2021&amp;codes=CZ064"' in html
    assert "Edit</a>" not in html.replace("Edit<span", "")
    assert reverse("web:priority-edit", args=[world.mechatronics.pk]) not in html


def test_region_detail_lists_children(client, world):
    html = client.get(reverse("web:region-detail", args=["CZ06"])).content.decode()
    assert 'href="/regions/CZ063/">Kraj Vysočina</a>' in html
    assert 'href="/regions/CZ064/">Jihomoravsky kraj</a>' in html


def test_region_detail_marks_synthetic_strategies(client, world):
    html = client.get(reverse("web:region-detail", args=["SK010"])).content.decode()
    assert html.count('class="badge badge-synthetic"') == 2


def test_region_detail_shows_edit_links_to_permitted_users(client, world, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("web:region-detail", args=["CZ064"])).content.decode()
    assert reverse("web:priority-edit", args=[world.mechatronics.pk]) in html
    assert reverse("web:priority-delete", args=[world.mechatronics.pk]) in html
    assert reverse("web:strategy-edit", args=[world.cz_strategy.pk]) in html
    assert reverse("web:priority-create", args=[world.cz_strategy.pk]) in html
    assert reverse("web:strategy-create", args=["CZ064"]) in html


def test_region_detail_of_other_nuts_version_needs_version_parameter(client, world):
    RegionFactory(
        code="CZ0A1", nuts_version=2016, name_latin="Old region", country=world.cz064.country
    )
    assert client.get(reverse("web:region-detail", args=["CZ0A1"])).status_code == 404
    response = client.get(reverse("web:region-detail", args=["CZ0A1"]), {"version": "2016"})
    assert response.status_code == 200
    assert "not the current NUTS version" in response.content.decode()


def test_region_detail_unknown_code_is_404(client, world):
    assert client.get(reverse("web:region-detail", args=["XX999"])).status_code == 404


def test_region_detail_query_count_does_not_grow_with_priorities(
    client, world, admin_user, django_assert_max_num_queries
):
    for n in range(15):
        Strategy.objects.get(pk=world.cz_strategy.pk).priorities.create(
            reference=f"X{n}", title=f"Extra {n}"
        )
    client.force_login(admin_user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("web:region-detail", args=["CZ064"]))
    assert response.content.decode().count('class="priority"') == 17


def test_strategy_create_sends_anonymous_visitors_to_login(client, world):
    response = client.get(reverse("web:strategy-create", args=["CZ064"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_strategy_create_is_forbidden_without_permission(client, world, plain_user):
    client.force_login(plain_user)
    assert client.get(reverse("web:strategy-create", args=["CZ064"])).status_code == 403


def test_strategy_create_by_admin_creates_and_redirects(client, world, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("web:strategy-create", args=["CZ064"]),
        {"title": "RIS3 2028+", "period_start": 2028, "period_end": 2034, "status": "draft"},
        follow=True,
    )
    strategy = Strategy.objects.get(title="RIS3 2028+")
    assert strategy.region == world.cz064
    assert response.redirect_chain[-1][0] == f"/regions/CZ064/#strategy-{strategy.pk}"
    assert "The strategy “RIS3 2028+” was created." in response.content.decode()


def test_strategy_form_reports_period_error(client, world, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("web:strategy-create", args=["CZ064"]),
        {"title": "Backwards", "period_start": 2030, "period_end": 2020, "status": "draft"},
    )
    assert response.status_code == 200
    assert "The period ends before it starts." in response.content.decode()
    assert not Strategy.objects.filter(title="Backwards").exists()


def test_strategy_edit_by_representative_saves(client, world, representative):
    client.force_login(representative)
    response = client.post(
        reverse("web:strategy-edit", args=[world.cz_strategy.pk]),
        {"title": "RIS3 JMK", "period_start": 2021, "period_end": 2027, "status": "adopted"},
    )
    assert response.status_code == 302
    world.cz_strategy.refresh_from_db()
    assert (world.cz_strategy.title, world.cz_strategy.status) == ("RIS3 JMK", "adopted")


def test_strategy_edit_of_other_region_is_forbidden_for_representative(
    client, world, representative
):
    client.force_login(representative)
    response = client.get(reverse("web:strategy-edit", args=[world.sk_strategy.pk]))
    assert response.status_code == 403
    assert Region.objects.count() == 9


def test_strategy_create_with_duplicate_title_reports_error(client, world, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("web:strategy-create", args=["CZ064"]),
        {
            "title": "RIS3 South Moravia",
            "period_start": 2021,
            "period_end": 2027,
            "status": "draft",
        },
    )
    assert response.status_code == 200
    assert "This region already has a strategy with this title." in response.content.decode()
    assert Strategy.objects.filter(title="RIS3 South Moravia").count() == 1
