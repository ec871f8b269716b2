"""Marketplace journey in a real Chromium: publish a request, find it, match, express, accept."""

from __future__ import annotations

import re

import pytest

from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership, User
from smartregions.matching.domain.marketplace import profiles
from smartregions.matching.enums import CooperationType, InterestStatus, ProfileKind, ProfileStatus
from smartregions.matching.models import CooperationProfile, ExpressionOfInterest
from smartregions.regions.enums import TaxonomyKind
from tests.factories.organisations import OrganisationFactory
from tests.factories.regions import CountryFactory, RegionFactory, TaxonomyFactory, TermFactory

pytestmark = pytest.mark.e2e

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture
def marketplace(transactional_db):
    """Two organisations with a member each, and a live offer of a third organisation."""
    cz = CountryFactory(code="CZ", name="Czechia")
    de = CountryFactory(code="DE", name="Germany")
    nace = TaxonomyFactory(slug="nace-rev2", name="NACE Rev. 2", kind=TaxonomyKind.ECONOMIC)
    section = TermFactory(taxonomy=nace, code="C", label="Manufacturing", level=1)
    machinery = TermFactory(
        taxonomy=nace, code="28", label="Manufacture of machinery", level=2, parent=section
    )
    sme = OrganisationFactory(
        name="Brno Weld Tech s.r.o.",
        slug="brno-weld-tech",
        region=RegionFactory(code="CZ064", country=cz, name_latin="Jihomoravsky kraj"),
        website="https://weld.example.eu",
    )
    region_de = RegionFactory(code="DE212", country=de, name_latin="Muenchen")
    institute = OrganisationFactory(
        name="Munich Vision Institute", slug="munich-vision", region=region_de, type="research"
    )
    supplier = OrganisationFactory(name="Bavaria Cameras GmbH", slug="bavaria", region=region_de)
    owner = User.objects.create_user("sme@example.eu", PASSWORD, full_name="Sara SME")
    seeker = User.objects.create_user("lab@example.eu", PASSWORD, full_name="Lukas Lab")
    Membership.objects.create(user=owner, role=Role.ORGANISATION_MEMBER, organisation=sme)
    Membership.objects.create(user=seeker, role=Role.ORGANISATION_MEMBER, organisation=institute)
    offer = profiles.create_profile(
        actor=None,
        organisation=supplier,
        kind=ProfileKind.OFFER,
        cooperation_type=CooperationType.TECHNOLOGY,
        title="Industrial cameras for automated weld seam inspection",
        summary="We offer machine vision cameras for automated weld seam inspection.",
        keywords=["machine vision", "weld inspection"],
        nace_codes=[machinery],
        trl=8,
    )
    profiles.publish_profile(actor=None, profile=offer)
    return {"offer": offer}


def _log_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/account/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))


def _wait_for_htmx(page) -> None:
    """Wait until htmx finished swapping and settling (no request, swap or settle class left)."""
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def test_sme_publishes_request_other_member_expresses_interest_owner_accepts(
    page, marketplace, shoot
):
    _log_in(page, "sme@example.eu")
    page.goto("/marketplace/new/")
    page.get_by_label(re.compile(r"^Offer or request")).select_option("request")
    page.get_by_label(re.compile(r"^Title")).fill("Partner for automated weld seam inspection")
    page.get_by_label(re.compile(r"^Summary")).fill(
        "We look for machine vision for automated weld seam inspection on our welding lines."
    )
    page.get_by_label("Technology keywords").fill("machine vision, weld inspection")
    page.get_by_label("Activities (NACE Rev. 2 codes)").fill("28")
    page.get_by_label("Technology readiness level").select_option("6")
    shoot(page, "marketplace-new-request")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/marketplace/profiles/\d+/$"))
    page.get_by_role("button", name="Publish").click()
    page.wait_for_selector("text=The profile is published in the marketplace.")
    request = CooperationProfile.objects.get(title="Partner for automated weld seam inspection")
    assert request.status == ProfileStatus.PUBLISHED
    shoot(page, "marketplace-request-published")

    _log_in(page, "lab@example.eu")
    page.goto("/marketplace/")
    page.get_by_label("Search text").fill("weld seam")
    page.wait_for_url(re.compile(r"q=weld"))
    page.wait_for_selector("#marketplace-results >> text=2 cooperation profiles")
    _wait_for_htmx(page)
    page.get_by_label("Offer or request").select_option("request")
    page.wait_for_url(re.compile(r"kind=request"))
    page.wait_for_selector("#marketplace-results >> text=1 cooperation profile")
    _wait_for_htmx(page)
    results = page.locator("#marketplace-results .priority-title a")
    assert results.all_inner_texts() == ["Partner for automated weld seam inspection"]
    # The filters live in the URL: a reload shows the same results. (Screenshots are taken on
    # the reloaded page: Playwright's screenshot helper injects a <style> element, which the
    # strict CSP reports on a page whose URL htmx has pushed.)
    page.reload()
    assert results.all_inner_texts() == ["Partner for automated weld seam inspection"]
    assert page.get_by_label("Search text").input_value() == "weld seam"
    shoot(page, "marketplace-search")
    results.first.click()
    page.wait_for_url(f"**/marketplace/profiles/{request.pk}/")
    match = page.locator(f"#match-{marketplace['offer'].pk}")
    assert "Industrial cameras for automated weld seam inspection" in match.inner_text()
    assert "Shared codes: 28" in match.inner_text()
    page.get_by_label(re.compile(r"^Your message")).fill(
        "Our lab builds vision systems for weld seams."
    )
    shoot(page, "marketplace-profile-matches")
    page.get_by_role("button", name="Send expression of interest").click()
    page.wait_for_url("**/marketplace/mine/")
    sent = page.locator(".interest").first
    assert "Waiting for an answer" in sent.inner_text()
    assert "sme@example.eu" not in page.content()

    _log_in(page, "sme@example.eu")
    page.goto("/marketplace/mine/")
    interest = ExpressionOfInterest.objects.get()
    card = page.locator(f"#interest-{interest.pk}")
    assert "Our lab builds vision systems for weld seams." in card.inner_text()
    card.get_by_label("Response (optional)").fill("Welcome, let us talk next week.")
    shoot(page, "marketplace-received-interest")
    card.get_by_role("button", name="Accept").click()
    page.wait_for_selector("text=You accepted the expression of interest.")
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED

    _log_in(page, "lab@example.eu")
    page.goto("/marketplace/mine/")
    contact = page.locator(f"#sent-{interest.pk} .contact")
    assert "sme@example.eu" in contact.inner_text()
    shoot(page, "marketplace-accepted-contact")
