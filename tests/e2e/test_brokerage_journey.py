"""Broker forms an SME group: cases -> group -> partners abroad -> joint strategy -> exports."""

import re
from pathlib import Path

import pytest

from tests.e2e._seed_brokerage import BROKER_EMAIL, PASSWORD, seed_brokerage

pytestmark = pytest.mark.e2e


def test_broker_forms_sme_group_and_exports_joint_strategy(page, demo, shoot, tmp_path):
    seeded = seed_brokerage()
    first, second = seeded.cases

    page.goto("/account/login/")
    page.get_by_label("E-mail address").fill(BROKER_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))

    page.goto("/brokerage/")
    shoot(page, "brokerage-dashboard")
    for case in (first, second):
        page.get_by_role("link", name=case.title).click()
        page.wait_for_url(f"**/brokerage/cases/{case.pk}/")
        assert page.locator("#case-status").inner_text().startswith("Status: New")
        page.go_back()
    page.goto(f"/brokerage/cases/{first.pk}/")
    shoot(page, "brokerage-case")

    page.goto("/brokerage/groups/new/")
    page.get_by_label("Group name").fill("Robotic welding for Moravian SMEs")
    page.get_by_label("Shared challenge").fill(
        "Small metal fabricators need affordable robotic welding automation."
    )
    page.get_by_label("NACE codes").fill("25, 28")
    page.get_by_label(f"{first.title} (Svařovna Hodonín s.r.o.)").check()
    page.get_by_label(f"{second.title} (Strojírna Blansko s.r.o.)").check()
    page.get_by_role("button", name="Form group").click()
    page.wait_for_url(re.compile(r"/brokerage/groups/\d+/$"))
    assert page.locator("#members li").count() == 2

    page.get_by_role("link", name="Find innovation partners abroad").click()
    first_suggestion = page.locator(".suggestions > li").first
    assert first_suggestion.locator("h3").inner_text().startswith("Ústav zvárania Bratislava")
    reasons = first_suggestion.locator(".reasons").inner_text()
    assert "Shared NACE codes: 25, 28" in reasons or "Shared NACE codes: 28" in reasons
    assert "Matching text" in reasons
    assert page.get_by_text("Technologické centrum Brno").count() == 0
    shoot(page, "brokerage-partner-suggestions")
    first_suggestion.get_by_role("button", name="Add as partner").click()
    page.wait_for_url(re.compile(r"/brokerage/groups/\d+/$"))
    assert "Ústav zvárania Bratislava" in page.locator("#partners").inner_text()

    page.get_by_label("Strategy title").fill("Společná strategie robotického svařování")
    page.get_by_role("button", name="Save strategy").click()
    page.get_by_role("status").wait_for()
    assert page.get_by_role("status").inner_text() == "The joint strategy was saved."
    page.get_by_label(re.compile(r"^Objective")).fill("Open a shared robotic welding pilot line")
    page.get_by_role("button", name="Add objective").click()
    page.get_by_label(re.compile(r"^Action")).fill("Test welding cells at the partner's lab")
    page.get_by_label("Owner").select_option(label="Ústav zvárania Bratislava")
    page.get_by_label("Due date").fill("2027-03-31")
    page.get_by_role("button", name="Add action").click()
    assert "Open a shared robotic welding pilot line" in page.locator("#objectives").inner_text()
    assert "Test welding cells" in page.locator("#actions").inner_text()
    shoot(page, "brokerage-joint-strategy")

    with page.expect_download() as markdown:
        page.get_by_role("link", name="Markdown").click()
    path = Path(markdown.value.path())
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Společná strategie robotického svařování\n")
    assert "1. Open a shared robotic welding pilot line" in text
    assert (
        "| 1 | Test welding cells at the partner's lab | Ústav zvárania Bratislava | 2027-03-31 "
        "| Planned |" in text
    )
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF-")
    assert pdf.value.suggested_filename.endswith(".pdf")
