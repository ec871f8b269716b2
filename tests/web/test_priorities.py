import json
import re
from html import unescape

import pytest
from django.urls import reverse

from smartregions.common.models import ActivityLogEntry
from smartregions.regions.models import Priority
from tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db


def _titles(html: str) -> list[str]:
    return [" ".join(t.split()) for t in re.findall(r'<h3 class="priority-title">([^<]+)', html)]


def test_priority_search_without_filters_lists_all(client, world):
    response = client.get(reverse("web:priority-search"))
    assert response.status_code == 200
    assert sorted(_titles(response.content.decode())) == [
        "Hydrogen machinery",
        "Mechatronics and advanced machinery",
        "Software and IT services",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "machinery"}, ["Hydrogen machinery", "Mechatronics and advanced machinery"]),
        ({"q": "strojirenstvi"}, ["Mechatronics and advanced machinery"]),
        ({"nace": "C"}, ["Hydrogen machinery", "Mechatronics and advanced machinery"]),
        ({"nace": "62"}, ["Software and IT services"]),
        (
            {"nace": "28, 62", "country": "CZ"},
            [
                "Mechatronics and advanced machinery",
                "Software and IT services",
            ],
        ),
        ({"sci": "ford-2015:2.3"}, ["Mechatronics and advanced machinery"]),
        ({"policy": "cohesion-2021-2027:PO1"}, ["Mechatronics and advanced machinery"]),
        ({"country": "SK"}, ["Hydrogen machinery"]),
        ({"level": "2"}, []),
        ({"area": "energy"}, ["Hydrogen machinery"]),
    ],
)
def test_priority_search_filters_give_exact_result_sets(client, world, params, expected):
    response = client.get(reverse("web:priority-search"), params)
    assert sorted(_titles(response.content.decode())) == expected


def test_priority_search_reports_unknown_nace_code(client, world):
    html = client.get(reverse("web:priority-search"), {"nace": "28, 99X"}).content.decode()
    assert "Unknown codes: 99X." in html
    assert len(_titles(html)) == 3


def test_priority_search_map_counts_matching_priorities_per_region(client, world):
    html = client.get(reverse("web:priority-search"), {"nace": "28"}).content.decode()
    counts = re.search(r'data-counts="([^"]*)"', html).group(1)
    assert json.loads(unescape(counts)) == {"CZ064": 1, "SK010": 1}
    assert 'data-geojson-url="/maps/regions.geojson?version=2021&amp;codes=CZ064%2CSK010"' in html
    assert "Matching priorities per region" in html


def test_priority_search_htmx_request_gets_results_and_map_only(client, world):
    response = client.get(reverse("web:priority-search"), {"q": "software"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<form" not in html
    assert _titles(html) == ["Software and IT services"]
    assert "data-map=" in html


def test_priority_search_export_links_keep_the_filters(client, world):
    html = client.get(reverse("web:priority-search"), {"q": "software"}).content.decode()
    assert 'href="/priorities/export.csv?q=software"' in html
    assert 'href="/priorities/export.xlsx?q=software"' in html


def test_priority_search_paginates(client, world):
    for n in range(25):
        PriorityFactory(strategy=world.cz_strategy, reference=f"B{n}", title=f"Bulk {n}")
    html = client.get(reverse("web:priority-search"), {"country": "CZ"}).content.decode()
    assert len(_titles(html)) == 20
    assert 'href="?country=CZ&amp;page=2"' in html
    page2 = client.get(reverse("web:priority-search"), {"country": "CZ", "page": 2})
    assert len(_titles(page2.content.decode())) == 7


def test_priority_search_query_count_does_not_grow_with_results(
    client, world, django_assert_max_num_queries
):
    for n in range(20):
        priority = PriorityFactory(strategy=world.cz_strategy, reference=f"B{n}", title=f"Bulk {n}")
        priority.economic_domains.set([world.nace_28])
    with django_assert_max_num_queries(15):
        response = client.get(reverse("web:priority-search"), {"nace": "C"})
    assert len(_titles(response.content.decode())) == 20


def test_priority_export_downloads_csv_of_the_filtered_search(client, world):
    response = client.get(reverse("web:priority-export", args=["csv"]), {"q": "software"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="priorities.csv"'
    text = response.content.decode("utf-8-sig")
    assert "Software and IT services" in text
    assert "Hydrogen machinery" not in text


def test_priority_export_unknown_format_is_404(client, world):
    assert client.get(reverse("web:priority-export", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("name", ["web:priority-edit", "web:priority-delete"])
def test_priority_edit_views_are_forbidden_for_users_without_permission(
    client, world, plain_user, name
):
    client.force_login(plain_user)
    assert client.get(reverse(name, args=[world.mechatronics.pk])).status_code == 403


def test_priority_edit_of_another_region_is_forbidden_for_representative(
    client, world, representative
):
    client.force_login(representative)
    assert client.get(reverse("web:priority-edit", args=[world.hydrogen.pk])).status_code == 403
    assert client.post(reverse("web:priority-delete", args=[world.hydrogen.pk])).status_code == 403
    assert Priority.objects.filter(pk=world.hydrogen.pk).exists()


def test_priority_edit_form_shows_current_values(client, world, representative):
    client.force_login(representative)
    html = client.get(reverse("web:priority-edit", args=[world.mechatronics.pk])).content.decode()
    assert 'value="Mechatronics and advanced machinery"' in html
    assert 'name="economic_domains" value="28"' in html
    assert 'list="nace-codes"' in html
    assert '<option value="62">62 Computer programming</option>' in html


def test_priority_edit_by_representative_saves_title_and_codes(client, world, representative):
    client.force_login(representative)
    response = client.post(
        reverse("web:priority-edit", args=[world.mechatronics.pk]),
        {
            "title": "Smart machinery",
            "economic_domains": "28, 62",
            "scientific_domains": "",
            "policy_objectives": "PO1",
            "keywords": "robots, sensors",
        },
        follow=True,
    )
    priority = Priority.objects.get(pk=world.mechatronics.pk)
    assert priority.title == "Smart machinery"
    assert sorted(t.code for t in priority.economic_domains.all()) == ["28", "62"]
    assert list(priority.scientific_domains.all()) == []
    assert priority.keywords == ["robots", "sensors"]
    assert response.redirect_chain[-1][0] == f"/regions/CZ064/#priority-{priority.pk}"
    assert "The priority “Smart machinery” was saved." in response.content.decode()
    entry = ActivityLogEntry.objects.filter(action="priority.update").get()
    assert entry.actor == representative


def test_priority_edit_reports_unknown_codes_and_keeps_data(client, world, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("web:priority-edit", args=[world.mechatronics.pk]),
        {"title": "", "economic_domains": "28, 9999, ZZ"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unknown codes: 9999, ZZ." in html
    assert "This field is required." in html
    assert 'class="error-summary"' in html
    world.mechatronics.refresh_from_db()
    assert world.mechatronics.title == "Mechatronics and advanced machinery"


def test_priority_create_adds_priority_to_strategy(client, world, representative):
    client.force_login(representative)
    response = client.post(
        reverse("web:priority-create", args=[world.cz_strategy.pk]),
        {"title": "Aerospace", "economic_domains": "C", "thematic_areas": [world.energy.pk]},
    )
    priority = Priority.objects.get(title="Aerospace")
    assert response["Location"] == f"/regions/CZ064/#priority-{priority.pk}"
    assert [t.code for t in priority.economic_domains.all()] == ["C"]
    assert list(priority.thematic_areas.all()) == [world.energy]


def test_priority_create_is_forbidden_on_other_regions_strategy(client, world, representative):
    client.force_login(representative)
    response = client.post(
        reverse("web:priority-create", args=[world.sk_strategy.pk]), {"title": "Sneaky"}
    )
    assert response.status_code == 403
    assert not Priority.objects.filter(title="Sneaky").exists()


def test_priority_delete_confirms_then_deletes(client, world, representative):
    client.force_login(representative)
    url = reverse("web:priority-delete", args=[world.software.pk])
    assert "Delete the priority “Software and IT services”?" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == "/regions/CZ064/"
    assert not Priority.objects.filter(pk=world.software.pk).exists()


def test_priority_edit_sends_anonymous_visitors_to_login(client, world):
    response = client.get(reverse("web:priority-edit", args=[world.mechatronics.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=")
