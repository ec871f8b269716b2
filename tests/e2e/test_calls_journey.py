"""Call -> joint application -> review -> partnership, in a real Chromium.

A facilitator sets up a call (its question, its weighted criteria, one reviewer per
application) and publishes it. The representative of Jihovýchod applies and invites
Bratislava and Lower Austria, whose representatives confirm with signed commitment letters;
the lead watches the eligibility checklist turn green and submits. The facilitator assigns
the reviewer automatically (the expert from the lead region is excluded as conflicted), the
expert scores, the facilitator records the panel's consensus and accepts. The lead reads the
decision from the notification; the facilitator creates the partnership from the application
and launches it, and its public page lists the three member regions.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from fpdf import FPDF

from smartregions.calls.enums import ApplicationStatus, CallStatus, CallType, ReviewStatus
from smartregions.calls.models import Application, Call, Review
from smartregions.partnerships.enums import MemberRole, PartnershipStatus
from smartregions.partnerships.models import Partnership
from tests.e2e._browser import log_in, wait_for_htmx
from tests.e2e._seed_calls import (
    AUSTRIAN,
    EXPERT,
    FACILITATOR,
    LEAD,
    SLOVAK,
    CallsWorld,
    seed_calls_world,
)

pytestmark = pytest.mark.e2e

CALL = "Cobots in manufacturing: partnership call 2026"
QUESTION = "How will the partners bring collaborative robots to small manufacturers?"
APPLICATION = "Cobots for Danube manufacturers"


@pytest.fixture
def world(demo, shared_data, settings, tmp_path) -> CallsWorld:
    settings.MEDIA_ROOT = tmp_path / "media"
    return seed_calls_world(shared_data)


def _wall_clock(moment: dt.datetime, zone: str) -> str:
    """What a ``datetime-local`` input takes: the moment's wall-clock time in ``zone``."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def _letter(region: str) -> dict[str, object]:
    """A one-page signed commitment letter as a real PDF (uploads are checked by content)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text=f"{region} commits to the CoDaM partnership.\nSigned: the region.")
    return {
        "name": f"commitment-{region.lower()}.pdf",
        "mimeType": "application/pdf",
        "buffer": bytes(pdf.output()),
    }


def _form(page, button: str):
    """The form holding the button named ``button`` (pages have several forms)."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button))


def _facilitator_sets_up_and_publishes_the_call(page, shoot) -> Call:
    log_in(page, FACILITATOR)
    page.goto("/calls/")
    page.get_by_role("link", name="New call").click()
    page.get_by_label("Title").fill(CALL)
    page.get_by_label("Type of call").select_option(CallType.PARTNERSHIP_EOI)
    page.get_by_label("Summary").fill("Three or more regions from three member states.")
    page.get_by_label("Thematic platform").select_option(label="Industrial modernisation")
    zone = page.get_by_label("Time zone").input_value()
    assert zone == "Europe/Brussels"
    now = timezone.now()
    page.get_by_label("Opens").fill(_wall_clock(now - dt.timedelta(days=1), zone))
    page.get_by_label("Deadline").fill(_wall_clock(now + dt.timedelta(days=30), zone))
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url("**/calls/*/edit/")
    call = Call.objects.get(title=CALL)
    assert (call.status, call.min_regions, call.min_countries) == (CallStatus.DRAFT, 3, 3)
    # Typed as Brussels wall-clock time, stored as the same instant in UTC.
    assert call.deadline == (now + dt.timedelta(days=30)).replace(second=0, microsecond=0)
    todo = page.locator("#todo-heading + ul").inner_text()
    assert "Add at least one form field for the expression of interest." in todo
    assert "Add at least one evaluation criterion for the expression of interest." in todo

    page.get_by_label("Advanced manufacturing").check()
    page.get_by_label("Reviewers per application").fill("1")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("The call was saved.").wait_for()

    question = _form(page, "Add question")
    question.get_by_label(re.compile(r"^Question")).fill(QUESTION)
    question.get_by_label("Answer type").select_option(label="Long text")
    question.get_by_role("button", name="Add question").click()
    page.get_by_text("The question was added.").wait_for()
    for name, weight, threshold in (("Excellence", "2", "3"), ("Impact", "1", "")):
        criteria = page.locator("details").filter(has_text="Add a criterion")
        if criteria.get_attribute("open") is None:  # closed once the call has a criterion
            criteria.locator("summary").click()
        form = _form(page, "Add criterion")
        form.get_by_label(re.compile(r"^Criterion")).fill(name)
        form.get_by_label(re.compile(r"^Weight")).fill(weight)
        form.get_by_label(re.compile(r"^Threshold")).fill(threshold)
        form.get_by_role("button", name="Add criterion").click()
        page.get_by_text("The criterion was added.").wait_for()
    assert page.locator("#todo-heading").count() == 0
    shoot(page, "calls-editor")

    page.get_by_role("link", name="Back to the call").click()
    page.get_by_role("button", name="Publish the call").click()
    page.get_by_text("The call is published.").wait_for()
    assert "(Europe/Brussels)" in page.locator("#timetable-heading + dl").inner_text()
    shoot(page, "calls-published")
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED
    assert call.reviewers_per_application == 1
    return call


def _lead_starts_the_application(page, call: Call, world: CallsWorld, shoot) -> Application:
    log_in(page, LEAD)
    page.goto("/calls/")
    page.get_by_role("link", name=CALL).click()
    page.get_by_role("link", name="Start an application").click()
    page.get_by_label("Lead region").select_option(str(world.lead_region.pk))
    page.get_by_label("Title of the application").fill(APPLICATION)
    page.get_by_label("Acronym").fill("CoDaM")
    page.get_by_label("Summary").fill("Regions that bring collaborative robots to SMEs.")
    page.get_by_label("Thematic area").select_option(label="Advanced manufacturing")
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    application = Application.objects.get(call=call)
    eligibility = page.locator("#eligibility")
    assert "Not ready to submit yet:" in eligibility.inner_text()
    assert f"Still to answer: {QUESTION}." in eligibility.inner_text()

    page.get_by_label(QUESTION).fill("Test beds in each region and a shared cobot academy.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Your draft was saved.").wait_for()  # htmx swapped the form in place
    # The saved draft triggers a refresh of the checklist (HX-Trigger: eligibility-changed).
    eligibility.get_by_text("Every required question is answered.").wait_for()
    wait_for_htmx(page)

    for code in ("SK01", "AT12"):
        page.get_by_text("Invite a co-applicant").click()
        invite = _form(page, "Send invitation")
        invite.get_by_label("Region (NUTS code)").fill(code)
        invite.get_by_label("Message").fill("Join us in the cobots partnership.")
        invite.get_by_role("button", name="Send invitation").click()
        page.get_by_text("The invitation was sent.").wait_for()
    checks = eligibility.inner_text()
    assert "1 region in the consortium; the call needs at least 3." in checks
    assert "1 country in the consortium; the call needs at least 3." in checks
    assert "Waiting for an answer from: SK01" in checks
    shoot(page, "calls-application-draft")
    return application


def _partner_confirms(page, application: Application, email: str, code: str) -> None:
    log_in(page, email)
    page.goto("/applications/")
    invitations = page.locator("#invitations-heading + ul")
    assert APPLICATION in invitations.inner_text()
    invitations.get_by_role("link", name="Answer").click()
    page.wait_for_url(f"**/applications/{application.pk}/")
    page.get_by_label("Signed commitment letter").set_input_files(_letter(code))
    page.get_by_role("button", name="Confirm participation").click()
    page.get_by_text("You confirmed your participation.").wait_for()
    row = page.locator("#consortium-heading ~ .table-wrap tr").filter(has_text=code)
    assert "Confirmed" in row.inner_text()
    assert f"commitment-{code.lower()}.pdf" in row.inner_text()


def _lead_submits(page, application: Application, shoot) -> None:
    log_in(page, LEAD)
    page.goto(f"/applications/{application.pk}/")
    eligibility = page.locator("#eligibility")
    assert eligibility.locator(".ok-note").inner_text() == "Ready to submit."
    assert eligibility.locator("li.fail").count() == 0
    assert "3 regions in the consortium; the call needs at least 3." in eligibility.inner_text()
    assert "3 countries in the consortium; the call needs at least 3." in eligibility.inner_text()
    shoot(page, "calls-application-eligible")
    page.get_by_role("button", name="Submit the application").click()
    page.get_by_text("Your application was submitted.").wait_for()
    assert page.locator("#application-status").inner_text() == "Submitted"


def _facilitator_assigns_the_reviewer(page, call: Call, shoot) -> None:
    log_in(page, FACILITATOR)
    page.goto("/evaluation/")
    page.get_by_role("link", name=call.title).click()
    page.get_by_role("button", name="Assign reviewers automatically").click()
    assignment = page.locator("#assignment")
    assignment.get_by_text("1 reviewer was assigned.").wait_for()
    wait_for_htmx(page)
    row = assignment.locator("tr").filter(has_text="CoDaM")
    assert row.inner_text().split("\t")[1:] == ["Under review", "Eva Expert (Assigned)"]
    shoot(page, "evaluation-assigned")


def _expert_scores(page, shoot) -> None:
    log_in(page, EXPERT)
    page.get_by_role("link", name="Evaluation").click()
    page.wait_for_url("**/evaluation/reviews/")
    page.get_by_role("link", name="CoDaM").click()
    page.get_by_role("button", name="Declare no conflict of interest").click()
    page.get_by_label("Score for Excellence (0 to 5)").select_option("4")
    page.get_by_label("Comment on Excellence").fill("Convincing test beds; the academy is vague.")
    page.get_by_label("Score for Impact (0 to 5)").select_option("5")
    page.get_by_label("Overall comment").fill("A strong consortium across three countries.")
    page.get_by_role("button", name="Submit review").click()
    page.get_by_text("Your review was submitted. Thank you.").wait_for()
    # Weighted: (4/5 x 2 + 5/5 x 1) / 3 = 86.667 of 100.
    assert "total 86.667 of 100" in page.locator("#work-heading ~ .table-wrap caption").inner_text()
    shoot(page, "evaluation-review-submitted")


def _facilitator_decides(page, application: Application, shoot) -> None:
    log_in(page, FACILITATOR)
    page.goto(f"/evaluation/applications/{application.pk}/")
    page.get_by_label("Consensus score (0-100)").fill("85")
    page.get_by_label("Panel comment").fill("The panel follows the review.")
    page.get_by_role("button", name="Record the consensus").click()
    page.get_by_text("The consensus was recorded.").wait_for()
    page.get_by_role("combobox", name=re.compile(r"^Decision")).select_option(label="Accept")
    page.get_by_label("Reasons (sent to the applicants)").fill(
        "A strong partnership of three regions; start with the test beds."
    )
    page.get_by_role("button", name="Record the decision and notify the applicants").click()
    page.get_by_text("The decision was recorded and the applicants were notified.").wait_for()
    shoot(page, "evaluation-decided")


def _lead_reads_the_decision(page, application: Application) -> None:
    log_in(page, LEAD)
    page.get_by_role("link", name=re.compile(r"^Notifications")).click()
    note = page.locator(".notification-list li").filter(has_text="Decision on CoDaM: Accept")
    assert "A strong partnership of three regions" in note.inner_text()
    note.get_by_role("button", name="Open").click()
    page.wait_for_url(f"**/applications/{application.pk}/")
    decision = page.locator("#decision-heading").locator("..")
    assert "Expression of interest: Accept" in decision.inner_text()
    assert page.locator("#application-status").inner_text() == "Accepted"
    # Every applicant hears it by e-mail too: the lead and both co-applicants.
    decided = [m for m in mail.outbox if m.subject.endswith("Decision on CoDaM: Accept")]
    assert sorted(address for m in decided for address in m.to) == sorted([LEAD, SLOVAK, AUSTRIAN])


def _facilitator_creates_the_partnership(page, application: Application) -> Partnership:
    log_in(page, FACILITATOR)
    page.goto(f"/evaluation/applications/{application.pk}/")
    page.get_by_role("link", name="Create the partnership").click()
    page.wait_for_url(f"**/partnerships/from-application/{application.pk}/")
    page.get_by_role("button", name="Create the partnership").click()
    page.get_by_text(f"The partnership {APPLICATION} was created.").wait_for()
    page.get_by_role("button", name="Launch the partnership").click()
    page.get_by_text("The partnership was launched: its page is public now.").wait_for()
    return Partnership.objects.get(application=application)


def test_call_to_joint_application_to_review_to_partnership(page, world, shoot):
    call = _facilitator_sets_up_and_publishes_the_call(page, shoot)
    application = _lead_starts_the_application(page, call, world, shoot)
    _partner_confirms(page, application, SLOVAK, "SK01")
    _partner_confirms(page, application, AUSTRIAN, "AT12")
    _lead_submits(page, application, shoot)
    _facilitator_assigns_the_reviewer(page, call, shoot)
    _expert_scores(page, shoot)
    _facilitator_decides(page, application, shoot)
    _lead_reads_the_decision(page, application)
    partnership = _facilitator_creates_the_partnership(page, application)

    page.context.clear_cookies()  # the public page, as anyone sees it
    page.goto(f"/partnerships/{partnership.slug}/")
    members = page.locator("#members")
    groups = {
        group.locator("th[scope=rowgroup]").inner_text(): group.locator(
            "th[scope=row]"
        ).all_inner_texts()
        for group in members.locator("tbody").all()
    }
    assert groups == {
        "Lead": ["Jihovýchod"],
        "Member": ["Niederösterreich", "Bratislavský kraj"],  # by NUTS code
    }
    assert "3 members · 3 countries" in page.locator("#members-heading + p").inner_text()
    assert page.get_by_role("link", name="Progress reports").count() == 0  # members only
    page.locator("[data-map][data-map-ready] svg").first.wait_for()
    shoot(page, "partnership-public")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    review = Review.objects.get(application=application)
    assert (review.expert.user.email, review.status) == (EXPERT, ReviewStatus.SUBMITTED)
    assert partnership.status == PartnershipStatus.ACTIVE
    assert sorted(
        (m.region.code, m.role) for m in partnership.members.select_related("region")
    ) == [("AT12", MemberRole.MEMBER), ("CZ06", MemberRole.LEAD), ("SK01", MemberRole.MEMBER)]
