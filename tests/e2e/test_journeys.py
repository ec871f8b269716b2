"""User journeys through the served site in a real Chromium."""

import re

import pytest

from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership, User
from smartregions.regions.models import Priority

pytestmark = pytest.mark.e2e

PASSWORD = "correct-horse-battery-staple-42"


def _titles(page) -> list[str]:
    return page.locator("#priority-results .priority-title").evaluate_all(
        "els => els.map(e => e.firstChild.textContent.trim())"
    )


def test_search_priorities_by_text_and_nace_code_is_shareable(page, demo, shoot):
    expected = sorted(
        Priority.objects.filter(
            search_text__contains="strojirenstvi", economic_domains__code="28"
        ).values_list("title", flat=True)
    )
    assert len(expected) >= 3

    page.goto("/priorities/")
    page.get_by_label("Search text").fill("strojírenství")
    page.wait_for_url(re.compile(r"q=strojírenství|q=strojÃ|q=stroj%C3%AD"))
    page.get_by_label("NACE codes").fill("28")
    page.get_by_label("NACE codes").press("Enter")
    page.wait_for_url(re.compile(r"nace=28"))
    page.wait_for_selector(".search-map .js-plotly-plot .choroplethlayer path")

    assert sorted(_titles(page)) == expected
    assert "q=stroj" in page.url
    assert "nace=28" in page.url
    counts = page.locator(".search-map .map-table tbody tr").count()
    assert counts == len(
        {p.strategy.region_id for p in Priority.objects.filter(title__in=expected)}
    )
    shoot(page, "priority-search-filtered")

    page.reload()
    page.wait_for_selector(".search-map .js-plotly-plot .choroplethlayer path")
    assert sorted(_titles(page)) == expected
    assert page.get_by_label("NACE codes").input_value() == "28"


def test_region_representative_edits_own_priority_and_is_refused_elsewhere(
    page, demo, shoot, console_errors
):
    user = User.objects.create_user("rep@example.eu", PASSWORD, full_name="Jana Novak")
    own = Priority.objects.filter(strategy__region__code="CZ064").order_by("id").first()
    Membership.objects.create(
        user=user, role=Role.REGION_REPRESENTATIVE, region=own.strategy.region
    )
    other = Priority.objects.filter(strategy__region__code="CZ080").order_by("id").first()

    page.goto("/account/login/")
    page.get_by_label("E-mail address").fill("rep@example.eu")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))

    page.goto("/regions/CZ064/")
    page.locator(f"#priority-{own.pk}").get_by_role("link", name="Edit").click()
    page.wait_for_url(f"**/priorities/{own.pk}/edit/")
    page.get_by_label("Title").fill("Software, IT services and AI")
    page.get_by_label("Economic domains (NACE Rev. 2 codes)").fill("62, 63")
    shoot(page, "priority-edit")
    page.get_by_role("button", name="Save priority").click()
    page.wait_for_url(f"**/regions/CZ064/#priority-{own.pk}")

    assert page.get_by_role("status").inner_text() == (
        "The priority “Software, IT services and AI” was saved."
    )
    card = page.locator(f"#priority-{own.pk}")
    assert card.locator(".priority-title").inner_text().startswith("Software, IT services and AI")
    assert card.locator(".chips abbr").all_inner_texts()[:2] == ["62", "63"]
    own.refresh_from_db()
    assert sorted(t.code for t in own.economic_domains.all()) == ["62", "63"]
    shoot(page, "region-after-edit")

    response = page.goto(f"/priorities/{other.pk}/edit/")
    assert response.status == 403
    # Chromium logs every 4xx document load as a console error; this one is the expected answer.
    expected = "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    console_errors.remove(f"console error: {expected}")
