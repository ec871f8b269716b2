"""Browser journey "report progress": a lead region drafts and submits its six-monthly report,
a facilitator asks for changes, the partners resubmit, the facilitator accepts; the dashboard
draws its charts and map."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.accounts.models import User
from smartregions.partnerships.domain.monitoring.periods import period_containing
from smartregions.partnerships.enums import MemberRole, ReportStatus
from smartregions.partnerships.models import ProgressReport
from smartregions.regions.models import Region
from tests.e2e._browser import log_in
from tests.factories.accounts import PASSWORD
from tests.factories.monitoring_extra import ProjectFundingFactory
from tests.factories.partnerships import (
    PartnershipFactory,
    PartnershipMemberFactory,
    ProgressReportFactory,
    ProjectFactory,
)
from tests.factories.regions import ThematicPlatformFactory

pytestmark = pytest.mark.e2e


def _user(email: str, role: str, **scope) -> User:
    user = User.objects.create_user(
        email, PASSWORD, full_name=email.split("@", maxsplit=1)[0].title()
    )
    grant_membership(actor=None, user=user, role=role, **scope)
    return user


def _seed() -> ProgressReport:
    cz06 = Region.objects.get(code="CZ06", nuts_version=2021)
    sk01 = Region.objects.get(code="SK01", nuts_version=2021)
    launched = timezone.now() - dt.timedelta(days=400)
    partnership = PartnershipFactory(
        slug="hydrogen-valleys",
        name="Hydrogen valleys",
        thematic_platform=ThematicPlatformFactory(slug="energy", name="Energy"),
        launched_at=launched,
    )
    PartnershipMemberFactory(partnership=partnership, region=cz06, role=MemberRole.LEAD)
    PartnershipMemberFactory(partnership=partnership, region=sk01, role=MemberRole.MEMBER)
    project = ProjectFactory(partnership=partnership, title="H2 buses", lead_region=cz06)
    ProjectFundingFactory(project=project, status="secured")
    _user("lead@example.eu", Role.REGION_REPRESENTATIVE, region=cz06)
    _user("facilitator@example.eu", Role.FACILITATOR)
    last = period_containing(timezone.localdate()).previous()
    return ProgressReportFactory(
        partnership=partnership,
        period_start=last.start,
        period_end=last.end,
        due_date=last.due,
    )


def test_partners_report_progress_and_facilitator_reviews(page, demo, shoot):
    report = _seed()
    log_in(page, "lead@example.eu")
    page.goto("/partnerships/hydrogen-valleys/reports/")
    page.get_by_role("link", name=period_containing(report.period_start).label).click()
    page.wait_for_url(f"**/reports/{report.pk}/")
    page.get_by_label("Events held in the period").fill("3")
    page.get_by_label("Achievements").fill("Two study visits and a matchmaking day.")
    page.get_by_label("Results").fill("One joint project reached investment readiness.")
    page.get_by_label("Challenges").fill("Different state-aid rules.")
    page.get_by_label("Next steps").fill("Apply to the I3 call.")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_text("Saved.").wait_for()  # htmx swapped the form in place
    shoot(page, "monitoring-report-draft")
    page.get_by_role("button", name="Submit the report").click()
    page.wait_for_url(f"**/reports/{report.pk}/")
    assert "Submitted" in page.locator("#report-status").inner_text()

    log_in(page, "facilitator@example.eu")
    page.goto("/monitoring/")
    page.locator("[data-trend-config][data-chart-ready] svg").first.wait_for()
    page.locator("[data-map][data-map-ready] svg").first.wait_for()
    shoot(page, "monitoring-dashboard")
    page.get_by_role("link", name=re.compile(r"^Hydrogen valleys, ")).click()
    page.get_by_label("Review comment").fill("Please count the companies at each event.")
    page.get_by_role("button", name="Request changes").click()
    assert "Changes requested" in page.locator("#report-status").inner_text()

    log_in(page, "lead@example.eu")
    page.goto(f"/reports/{report.pk}/")
    assert "Please count the companies at each event." in page.content()
    page.get_by_label("Achievements").fill("Two study visits (35 companies) and a matchmaking day.")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_text("Saved.").wait_for()
    page.get_by_role("button", name="Submit the report").click()

    log_in(page, "facilitator@example.eu")
    page.goto(f"/reports/{report.pk}/")
    page.get_by_role("button", name="Accept the report").click()
    assert "Accepted" in page.locator("#report-status").inner_text()
    shoot(page, "monitoring-report-accepted")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.indicators["events_held"] == 3
