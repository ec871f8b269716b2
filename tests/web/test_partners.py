"""The partner finder and consortium pages: public, htmx partials, CSV, validation messages."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from smartregions.accounts.enums import Role
from smartregions.matching.domain.regions import clear_caches
from tests.factories import MembershipFactory, UserFactory
from tests.factories.matching_regions import build_partner_world


@pytest.fixture(autouse=True)
def _fresh_caches():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def pworld(db):
    return build_partner_world()


def _url(code: str = "CZ03") -> str:
    return reverse("web:region-partners", args=[code])


def test_region_partners_page_ranks_with_breakdown_and_why(client, pworld):
    response = client.get(_url(), {"area": "robotics"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Find partners for Jihozápad</h1>" in html
    table = html[html.index('<table class="partner-table">') :]
    # Default "partners" weights, no evidence: codes 3, text 2, ties 1.
    assert table.index("PL21") < table.index("SK01") < table.index("AT12")
    assert "Why Bratislavský kraj?" in html
    assert "Budějovice Machines ↔ Bratislava Automation" in html
    assert '<meter min="0" max="1" value="' in html
    assert "data-partner-chart=" in html
    assert 'data-map="choropleth"' in html
    assert "HX-Request" in response["Vary"]


def test_region_partners_htmx_returns_the_results_only(client, pworld):
    response = client.get(_url(), {"area": "robotics"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<h1>" not in html
    assert '<table class="partner-table">' in html


def test_region_partners_weights_change_the_ranking(client, pworld):
    params = {"area": "robotics", "w_codes": "0", "w_text": "0", "w_ties": "1"}
    params |= {"w_complementarity": "0", "w_relatedness": "0", "w_similarity": "0"}
    html = client.get(_url(), params).content.decode()
    table = html[html.index("<tbody>") :]
    # Ties only: SK01 (two accepted expressions of interest) comes first.
    assert table.index("SK01") < table.index("PL21")


def test_region_partners_bad_weight_is_reported_on_the_field(client, pworld):
    response = client.get(_url(), {"w_codes": "-1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the errors below" in html
    assert "Ensure this value is greater than or equal to 0" in html
    assert '<table class="partner-table">' not in html


def test_region_partners_domain_error_is_shown(client, pworld):
    html = client.get(_url(), {"area": "robotics", "q": "machines"}).content.decode()
    assert "Search by one of priority, area or text, not area and q." in html


def test_region_partners_filters_by_country(client, pworld):
    html = client.get(_url(), {"country": "sk, pl"}).content.decode()
    table = html[html.index("<tbody>") :]
    assert "SK01" in table
    assert "PL21" in table
    assert "AT12" not in table


def test_region_partners_unknown_region_is_404(client, pworld):
    assert client.get(_url("XX99")).status_code == 404
    assert client.get(_url("CZZZ")).status_code == 404


def test_region_partners_csv(client, pworld):
    response = client.get(reverse("web:region-partners-csv", args=["CZ03"]), {"area": "robotics"})
    assert response["Content-Disposition"] == 'attachment; filename="partners-CZ03.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["rank", "nuts_code", "region", "country", "total"]
    assert [row[1] for row in rows[1:]] == ["PL21", "SK01", "AT12", "CZ04", "SK02"]
    assert rows[2][-1] == "2"
    assert rows[2][-4] == "28 Machinery"


def test_region_partners_csv_bad_input_is_400(client, pworld):
    response = client.get(reverse("web:region-partners-csv", args=["CZ03"]), {"level": "7"})
    assert response.status_code == 400
    assert "level" in response.content.decode()


def test_partners_index_redirects_to_region(client, pworld):
    assert client.get(reverse("web:partners")).status_code == 200
    response = client.get(reverse("web:partners"), {"region": "sk01"})
    assert response.status_code == 302
    assert response["Location"] == _url("SK01")
    html = client.get(reverse("web:partners"), {"region": "XX"}).content.decode()
    assert "No region XX in NUTS 2021." in html


def test_consortium_page_proposes_and_honours_lock_and_drop(client, pworld):
    url = reverse("web:partners-consortium")
    html = client.get(url, {"codes": "28, 62", "k": "3", "min_countries": "2"}).content.decode()
    assert "2 proposed members" in html
    assert "Covers 2 of 2 value-chain elements, from 2 member states." in html
    assert "Greedy choice" in html
    query = "codes=28,62&k=3&min_countries=2&lock=SK01&drop=CZ03"
    html = client.get(f"{url}?{query}").content.decode()
    body = html[html.index("<tbody>") :]
    assert body.index("SK01") < body.index("AT12")
    assert "CZ03" not in body
    assert 'value="SK01" id="lock-SK01" checked' in html


def test_consortium_page_errors(client, pworld):
    url = reverse("web:partners-consortium")
    html = client.get(url, {"codes": "99.99"}).content.decode()
    assert "Unknown code(s): 99.99." in html
    html = client.get(url, {"codes": "28", "k": "2", "min_countries": "5"}).content.decode()
    assert "Ask for 1 to k=2 member states (got 5)." in html
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "role", [None, "plain", Role.PLATFORM_ADMIN, Role.REGION_REPRESENTATIVE, Role.BROKER]
)
def test_partner_pages_open_to_every_role(client, pworld, role):
    if role is not None:
        user = UserFactory()
        if role == Role.REGION_REPRESENTATIVE:
            MembershipFactory(user=user, role=role, region=pworld.regions["CZ03"])
        elif role != "plain":
            MembershipFactory(user=user, role=role)
        client.force_login(user)
    assert client.get(_url()).status_code == 200
    assert client.get(reverse("web:partners-consortium"), {"codes": "28"}).status_code == 200
    assert client.get(reverse("web:region-partners-csv", args=["CZ03"])).status_code == 200
