"""A region representative finds partners for their region in a real Chromium."""

import re

import pytest

from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership, User
from smartregions.matching.domain.regions import clear_caches
from smartregions.regions.models import Region
from tests.e2e._seed_partners import seed_partner_evidence, seed_partner_tie
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.e2e
ROWS = "#partner-results table.partner-table > tbody > tr"


@pytest.fixture
def partners(demo):
    clear_caches()
    seed_partner_evidence()
    seed_partner_tie()
    yield
    clear_caches()


def _first_rows(page, n: int = 3) -> list[str]:
    return page.locator(f"{ROWS} > th[scope=row] code").all_inner_texts()[:n]


def test_representative_finds_partners_for_their_region(page, partners, shoot):
    user = User.objects.create_user("rep@example.eu", PASSWORD, full_name="Jana Novak")
    Membership.objects.create(
        user=user,
        role=Role.REGION_REPRESENTATIVE,
        region=Region.objects.get(code="CZ064", nuts_version=2021),
    )
    page.goto("/account/login/")
    page.get_by_label("E-mail address").fill("rep@example.eu")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))

    page.goto("/partners/")
    page.get_by_label("Region (NUTS code or name)").fill("CZ064")
    page.get_by_role("button", name="Find partners").click()
    page.wait_for_url("**/regions/CZ064/partners/")
    assert page.locator("h1").inner_text() == "Find partners for Jihomoravský kraj"

    with page.expect_response(re.compile(r"/regions/CZ064/partners/\?")):
        page.get_by_label("Thematic area").select_option(label="Advanced manufacturing")
    page.wait_for_selector("#partner-results .result-count:has-text('Advanced manufacturing')")
    assert "area=advanced-manufacturing" in page.url
    headers = page.locator("#partner-results table.partner-table > thead th").all_inner_texts()
    assert headers[:4] == ["Rank", "Region", "Country", "Score"]
    assert {"Shared codes", "Complementarity", "Relatedness", "Existing ties"} <= set(headers)
    # The Czech and Slovak NUTS-2 regions but South Moravia's own (CZ06).
    assert page.locator(ROWS).count() == 11
    assert page.locator(f"{ROWS} meter").count() == 11
    page.wait_for_selector("#partner-results [data-partner-chart].js-plotly-plot svg.main-svg")
    page.wait_for_selector("#partner-results [data-map].js-plotly-plot .choroplethlayer path")
    before = _first_rows(page)
    shoot(page, "partners-ranked")

    first = page.locator(ROWS).first
    why = first.locator("details.why-details")
    assert not why.locator(".why-list").is_visible()
    why.locator("summary").click()
    assert why.locator(".why-list").is_visible()
    assert "Score by component" in why.inner_text()
    assert "Shared codes" in why.inner_text()
    shoot(page, "partners-why")

    # Only existing ties count now: the Bratislava region, tied to the Brno cluster, leads.
    for label in ("Shared codes", "Similar priority texts", "Complementarity", "Relatedness"):
        field = page.get_by_label(label, exact=True)
        with page.expect_response(re.compile(r"/regions/CZ064/partners/\?")):
            field.fill("0")
            field.press("Tab")
    with page.expect_response(re.compile(r"w_ties=5")):
        page.get_by_label("Existing ties", exact=True).fill("5")
        page.get_by_label("Existing ties", exact=True).press("Tab")
    page.wait_for_function(
        "() => document.querySelector('.partner-table > tbody > tr > th code')?.textContent"
        " === 'SK01'"
    )
    after = _first_rows(page)
    assert after[0] == "SK01"
    assert after != before
    # htmx pushes the URL after the swap has settled: wait for it rather than read it at once.
    page.wait_for_url(re.compile(r"w_ties=5"))
    tie_why = page.locator(ROWS).first.locator("details.why-details")
    tie_why.locator("summary").click()
    assert "Brno Mechatronics Cluster ↔ Bratislava Innovation Agency" in tie_why.inner_text()
    shoot(page, "partners-weights-changed")

    # "Regions to learn from" brings its own default weights (structural similarity first).
    with page.expect_response(re.compile(r"mode=learn")):
        page.get_by_label("Looking for").select_option(label="Regions to learn from")
    assert page.get_by_label("Structural similarity", exact=True).input_value() == "4"
    assert page.get_by_label("Existing ties", exact=True).input_value() == "0"
    page.wait_for_selector("#partner-results .shares:has-text('Structural similarity 57 %')")
