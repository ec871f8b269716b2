"""A partnership's investment pipeline, in a real Chromium.

The representative of the lead region proposes a project with its funding mix, then moves it
on the board (htmx: the board reloads itself after each move) from idea to investment-ready;
the server refuses "funded" while less than half of the budget is secured, and the public
partnership page counts the project at its stage.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from smartregions.partnerships.enums import ProjectStage
from smartregions.partnerships.models import Project
from tests.e2e._browser import log_in, wait_for_htmx
from tests.e2e._seed_calls import LEAD, seed_active_partnership, seed_calls_world

pytestmark = pytest.mark.e2e

PROJECT = "Cobot test bed network"


@pytest.fixture
def partnership(demo, shared_data):
    return seed_active_partnership(seed_calls_world(shared_data))


def _column(page, label: str):
    """The board column of one stage (its heading reads "<label> <count>")."""
    return page.locator(".pipeline-column").filter(
        has=page.get_by_role("heading", name=re.compile(rf"^{label} \d+$"))
    )


def _move_on(page, to: str) -> None:
    """Press the card's "Move to <stage>" button and wait for the board to reload."""
    with page.expect_response(re.compile(r"/pipeline/$")):
        page.get_by_role("button", name=f"Move to {to} ({PROJECT})").click()
    wait_for_htmx(page)


def test_leader_adds_a_project_and_moves_it_on_the_board(page, partnership, shoot):
    log_in(page, LEAD)
    page.goto("/partnerships/mine/")
    page.get_by_role("link", name=partnership.name).click()
    assert page.get_by_role("link", name="Progress reports").count() == 1  # a member's link
    page.get_by_role("link", name="Investment pipeline").click()
    page.get_by_role("link", name="Propose a project").click()
    page.get_by_label(re.compile(r"^Title")).fill(PROJECT)
    page.get_by_label("Acronym").fill("CoTeB")
    page.get_by_label("Value-chain segment").fill("Robot integration for SMEs")
    page.get_by_label("Technology readiness level now").select_option("5")
    page.get_by_label("Targeted technology readiness level").select_option("7")
    page.get_by_label("Budget (EUR)").fill("2000000")
    page.get_by_label("Lead region (NUTS code)").fill("CZ06")
    page.get_by_label("Partner regions (NUTS codes)").fill("SK01, AT12")
    page.get_by_role("button", name="Add the idea").click()
    page.get_by_text(f"The project “{PROJECT}” was added as an idea.").wait_for()
    project = Project.objects.get(title=PROJECT)
    assert project.partnership_id == partnership.pk

    page.get_by_label("Funding source").select_option(label="ERDF / Interreg")
    page.get_by_label("Status").select_option(label="Secured")
    page.get_by_label("Amount (EUR)").fill("600000")
    page.get_by_role("button", name="Save funding source").click()
    page.get_by_text("The funding mix was saved.").wait_for()
    assert "(30 % of the budget)" in page.locator("#funding + p").inner_text()

    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name=partnership.name
    ).click()
    assert _column(page, "Idea").get_by_role("link", name=PROJECT).count() == 1
    _move_on(page, "Demonstration")
    results = page.locator("#pipeline-results")
    assert f"“{PROJECT}” is now at the Demonstration stage." in results.inner_text()
    assert _column(page, "Demonstration").get_by_role("link", name=PROJECT).count() == 1
    assert _column(page, "Idea").get_by_text("No project at this stage.").count() == 1
    _move_on(page, "Investment-ready")
    _move_on(page, "Funded")
    assert (
        "A funded project needs secured funding of at least 50% of its budget"
        in results.get_by_role("status").inner_text()
    )
    assert _column(page, "Investment-ready").get_by_role("link", name=PROJECT).count() == 1
    # After the last swap: a screenshot leaves style="" on form fields, which htmx would copy
    # onto the next swapped-in field with the same id (a CSP violation).
    shoot(page, "pipeline-board-moved")
    project.refresh_from_db()
    assert project.stage == ProjectStage.INVESTMENT_READY
    assert list(project.stage_changes.values_list("to_stage", flat=True).order_by("at")) == [
        ProjectStage.IDEA,
        ProjectStage.DEMONSTRATION,
        ProjectStage.INVESTMENT_READY,
    ]

    page.context.clear_cookies()  # the public partnership page counts it
    page.goto(f"/partnerships/{partnership.slug}/")
    rows = {
        row.locator("th").inner_text(): row.locator("td").all_inner_texts()
        for row in page.locator("#pipeline tr").all()
        if row.locator("td").count()
    }
    assert rows["Investment-ready"] == ["1", "2,000,000"]
    assert rows["Funding secured"] == ["", "600,000"]
    assert project.budget == Decimal("2000000.00")
