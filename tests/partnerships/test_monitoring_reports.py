"""The progress-report workflow: opening periods, drafting, submitting, reviewing.

Every allowed and every forbidden transition is in :data:`TRANSITIONS`; the rest checks what
each step writes, freezes, logs and tells whom.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.partnerships.domain.monitoring import reports as report_domain
from smartregions.partnerships.domain.monitoring.indicators import report_indicators
from smartregions.partnerships.enums import PartnershipStatus, ReportStatus
from smartregions.partnerships.models import ProgressReport, ProjectFunding
from tests.factories.monitoring_extra import monitoring_world
from tests.factories.partnerships import PartnershipFactory, ProgressReportFactory

H1 = {"period_start": dt.date(2026, 1, 1), "period_end": dt.date(2026, 6, 30)}
AFTER_H1 = "2026-07-10 12:00Z"
NARRATIVE = {
    "events_held": 3,
    "achievements": "Two study visits.",
    "results": "One joint project funded.",
    "challenges": "Slow state-aid checks.",
    "next_steps": "Prepare the I3 application.",
}


@pytest.fixture
def w(db):
    return monitoring_world()


def report_in(w, status: str, **extra) -> ProgressReport:
    """The 2026-H1 report of the hydrogen partnership in ``status`` (with the dates the
    database constraints require)."""
    moment = dt.datetime(2026, 7, 5, tzinfo=dt.UTC)
    fields = {"status": status, **NARRATIVE, **H1, "due_date": dt.date(2026, 7, 31)}
    if status != ReportStatus.DRAFT:
        fields |= {"submitted_at": moment, "submitted_by": w.lead_rep}
    if status in (ReportStatus.ACCEPTED, ReportStatus.CHANGES_REQUESTED):
        fields |= {"reviewed_at": moment, "reviewed_by": w.facilitator}
    return ProgressReportFactory(partnership=w.p, **(fields | extra))


def _update(w, report):
    return report_domain.update_report(actor=w.lead_rep, report=report, **NARRATIVE)


def _submit(w, report):
    return report_domain.submit_report(actor=w.lead_rep, report=report)


def _accept(w, report):
    return report_domain.accept_report(actor=w.facilitator, report=report, comment="Good")


def _request(w, report):
    return report_domain.request_report_changes(
        actor=w.facilitator, report=report, comment="Add figures"
    )


VERBS = {"update": _update, "submit": _submit, "accept": _accept, "request_changes": _request}
D, S, C, A = "draft", "submitted", "changes_requested", "accepted"
# (state, verb, state afterwards or None when refused)
TRANSITIONS = [
    (D, "update", D),
    (D, "submit", S),
    (D, "accept", None),
    (D, "request_changes", None),
    (S, "update", None),
    (S, "submit", None),
    (S, "accept", A),
    (S, "request_changes", C),
    (C, "update", C),
    (C, "submit", S),
    (C, "accept", None),
    (C, "request_changes", None),
    (A, "update", None),
    (A, "submit", None),
    (A, "accept", None),
    (A, "request_changes", None),
]


@pytest.mark.parametrize(("state", "verb", "after"), TRANSITIONS)
@time_machine.travel(AFTER_H1, tick=False)
def test_report_transition(w, state, verb, after):
    report = report_in(w, state)
    if after is None:
        with pytest.raises(ValidationError) as error:
            VERBS[verb](w, report)
        assert list(error.value.message_dict) == ["status"]
        report.refresh_from_db()
        assert report.status == state
    else:
        VERBS[verb](w, report)
        report.refresh_from_db()
        assert report.status == after


def test_transitions_cover_every_state_and_verb():
    assert {(s, v) for s, v, _ in TRANSITIONS} == {
        (s, v) for s in ReportStatus.values for v in VERBS
    }


# --- opening periods --------------------------------------------------------------------


@time_machine.travel(AFTER_H1, tick=False)
def test_open_report_periods_opens_last_and_current_period_once(w):
    created = report_domain.open_report_periods()
    assert [(r.partnership.slug, r.period_start, r.due_date) for r in created] == [
        ("hydrogen-valleys", dt.date(2026, 1, 1), dt.date(2026, 7, 31)),
        ("hydrogen-valleys", dt.date(2026, 7, 1), dt.date(2027, 1, 31)),
    ]
    assert all(r.status == ReportStatus.DRAFT for r in created)
    assert report_domain.open_report_periods() == []
    assert ProgressReport.objects.count() == 2
    opened = Notification.objects.filter(kind="report.opened")
    # The leaders: the representative of CZ0 (above the lead region) and of the co-lead.
    assert sorted(opened.values_list("recipient__email", flat=True)) == sorted(
        ["lead@example.eu", "lead@example.eu", "colead@example.eu", "colead@example.eu"]
    )
    assert ActivityLogEntry.objects.filter(action="report.open").count() == 2


def test_open_report_periods_skips_periods_before_the_launch(w):
    late = PartnershipFactory(launched_at=dt.datetime(2026, 8, 1, tzinfo=dt.UTC))
    created = report_domain.open_report_periods(today=dt.date(2026, 8, 10))
    assert sorted((r.partnership_id, r.period_start) for r in created) == [
        (w.p.pk, dt.date(2026, 1, 1)),
        (w.p.pk, dt.date(2026, 7, 1)),
        (late.pk, dt.date(2026, 7, 1)),
    ]


def test_open_report_periods_ignores_forming_and_closed_partnerships(w):
    w.p.status = PartnershipStatus.CLOSED
    w.p.closed_at = timezone.now()
    w.p.save()
    assert report_domain.open_report_periods(today=dt.date(2026, 7, 10)) == []


def test_open_report_periods_keeps_existing_reports(w):
    existing = report_in(w, ReportStatus.SUBMITTED)
    created = report_domain.open_report_periods(today=dt.date(2026, 7, 10))
    assert [r.period_start for r in created] == [dt.date(2026, 7, 1)]
    existing.refresh_from_db()
    assert existing.status == ReportStatus.SUBMITTED


# --- starting one report ----------------------------------------------------------------


@time_machine.travel(AFTER_H1, tick=False)
def test_start_report_opens_the_current_period_by_default(w):
    report = report_domain.start_report(actor=w.lead_rep, partnership=w.p)
    assert (report.period_start, report.period_end, report.due_date) == (
        dt.date(2026, 7, 1),
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 31),
    )
    log = ActivityLogEntry.objects.get(action="report.open")
    assert (log.actor, log.data) == (w.lead_rep, {"period": "2026-H2"})


@pytest.mark.parametrize(
    ("period_start", "message"),
    [
        (dt.date(2027, 1, 1), "The period January-June 2027 has not begun."),
        (dt.date(2024, 7, 1), "The partnership was launched after July-December 2024."),
        (dt.date(2026, 1, 1), "The report for January-June 2026 exists already."),
        (dt.date(2026, 1, 2), "Reporting periods start on 1 January or 1 July, not 2026-01-02."),
    ],
)
@time_machine.travel(AFTER_H1, tick=False)
def test_start_report_refuses(w, period_start, message):
    report_in(w, ReportStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        report_domain.start_report(actor=w.lead_rep, partnership=w.p, period_start=period_start)
    assert error.value.message_dict == {"period_start": [message]}


def test_start_report_refuses_a_forming_partnership(w):
    with pytest.raises(ValidationError) as error:
        report_domain.start_report(actor=w.facilitator, partnership=w.f)
    assert error.value.message_dict == {
        "partnership": [
            "Only active partnerships report progress; Forming batteries is not active."
        ]
    }


# --- drafting ---------------------------------------------------------------------------


def test_update_report_saves_and_logs_changed_fields(w):
    report = report_in(w, ReportStatus.DRAFT, achievements="", events_held=0)
    report_domain.update_report(
        actor=w.colead_rep,
        report=report,
        **(NARRATIVE | {"next_steps": "  Prepare the I3 application. "}),
    )
    report.refresh_from_db()
    assert (report.events_held, report.achievements, report.next_steps) == (
        3,
        "Two study visits.",
        "Prepare the I3 application.",
    )
    log = ActivityLogEntry.objects.get(action="report.update")
    assert log.data == {"fields": ["events_held", "achievements"]}


def test_update_report_refuses_negative_events(w):
    report = report_in(w, ReportStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        report_domain.update_report(
            actor=w.lead_rep, report=report, **(NARRATIVE | {"events_held": -1})
        )
    assert list(error.value.message_dict) == ["events_held"]


# --- submitting -------------------------------------------------------------------------


@time_machine.travel(AFTER_H1, tick=False)
def test_submit_freezes_the_indicators_and_notifies_the_facilitators(w):
    report = report_in(w, ReportStatus.DRAFT)
    report_domain.submit_report(actor=w.lead_rep, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert (report.submitted_by, report.submitted_at) == (w.lead_rep, timezone.now())
    assert report.indicators == {
        "as_of": "2026-07-10T12:00:00+00:00",
        "period": {"start": "2026-01-01", "end": "2026-06-30"},
        "members": {
            "total": 4,
            "by_role": {"lead": 1, "co_lead": 1, "member": 1, "associated": 1},
            "organisations": 1,
            "regions": [
                {"code": "CZ06", "name": "Jihovýchod", "country": "CZ"},
                {"code": "DE11", "name": "Stuttgart", "country": "DE"},
                {"code": "SK01", "name": "Bratislavský kraj", "country": "SK"},
            ],
            "countries": ["CZ", "DE", "SK"],
        },
        "projects": {
            "total": 2,
            "by_stage": {
                "idea": 1,
                "demonstration": 0,
                "investment_ready": 0,
                "funded": 1,
                "implemented": 0,
            },
            "budget": "1250000.00",
            "created_in_period": 1,
            "funded_in_period": 1,
        },
        "funding_secured": {
            "total": "600000.00",
            "by_source": {
                "erdf_interreg": "600000.00",
                "i3": "0.00",
                "horizon_europe": "0.00",
                "investeu_eib": "0.00",
                "national_regional": "0.00",
                "private": "0.00",
            },
        },
        "events_held": 3,
    }
    note = Notification.objects.get(kind="report.submitted")
    assert (note.recipient, note.url) == (w.facilitator, f"/reports/{report.pk}/")
    assert note.title == "Progress report to review: Hydrogen valleys, January-June 2026"


@time_machine.travel(AFTER_H1, tick=False)
def test_frozen_indicators_do_not_follow_the_pipeline(w):
    report = report_in(w, ReportStatus.DRAFT)
    report_domain.submit_report(actor=w.lead_rep, report=report)
    ProjectFunding.objects.filter(source="erdf_interreg").update(amount=Decimal("1.00"))
    report.refresh_from_db()
    assert report_indicators(report)["funding_secured"]["total"] == "600000.00"
    report_domain.request_report_changes(actor=w.facilitator, report=report, comment="Update")
    report.refresh_from_db()
    assert report_indicators(report)["funding_secured"]["total"] == "1.00"


@time_machine.travel("2026-06-29 12:00Z", tick=False)
def test_submit_is_refused_before_the_last_day_of_the_period(w):
    report = report_in(w, ReportStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        report_domain.submit_report(actor=w.lead_rep, report=report)
    assert error.value.message_dict == {
        "period_end": ["The report can be submitted from 2026-06-30, the last day of its period."]
    }


@time_machine.travel("2026-06-30 08:00Z", tick=False)
def test_submit_is_allowed_on_the_last_day_of_the_period(w):
    report = report_in(w, ReportStatus.DRAFT)
    report_domain.submit_report(actor=w.lead_rep, report=report)
    assert report.status == ReportStatus.SUBMITTED


@time_machine.travel(AFTER_H1, tick=False)
def test_submit_names_every_missing_section(w):
    report = report_in(w, ReportStatus.DRAFT, results=" ", next_steps="")
    with pytest.raises(ValidationError) as error:
        report_domain.submit_report(actor=w.lead_rep, report=report)
    assert error.value.message_dict == {
        "results": ["Describe the results of the period before submitting."],
        "next_steps": ["Describe the next steps before submitting."],
    }


# --- reviewing --------------------------------------------------------------------------


@time_machine.travel(AFTER_H1, tick=False)
def test_accept_records_the_review_and_tells_leaders_and_submitter(w):
    report = report_in(w, ReportStatus.SUBMITTED, submitted_by=w.member_rep)
    report_domain.accept_report(actor=w.facilitator, report=report, comment=" Well done. ")
    report.refresh_from_db()
    assert (report.status, report.reviewed_by, report.review_comment) == (
        ReportStatus.ACCEPTED,
        w.facilitator,
        "Well done.",
    )
    assert report.reviewed_at == timezone.now()
    notes = Notification.objects.filter(kind="report.accepted")
    assert sorted(notes.values_list("recipient__email", flat=True)) == [
        "colead@example.eu",
        "lead@example.eu",
        "member@example.eu",
    ]
    assert "Comment: Well done." in notes.first().body
    log = ActivityLogEntry.objects.get(action="report.accept")
    assert log.data == {"from": "submitted", "to": "accepted", "comment": "Well done."}


def test_request_changes_needs_a_comment(w):
    report = report_in(w, ReportStatus.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        report_domain.request_report_changes(actor=w.facilitator, report=report, comment="  ")
    assert error.value.message_dict == {"comment": ["Say what the partners should change."]}


def test_request_changes_sends_the_report_back(w):
    report = report_in(w, ReportStatus.SUBMITTED)
    report_domain.request_report_changes(
        actor=w.facilitator, report=report, comment="Add the events."
    )
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (
        ReportStatus.CHANGES_REQUESTED,
        "Add the events.",
    )
    note = Notification.objects.filter(kind="report.changes_requested").first()
    assert note.title == "Changes requested: progress report January-June 2026 of Hydrogen valleys"


def test_review_on_a_stale_copy_sees_the_committed_state(w):
    report = report_in(w, ReportStatus.SUBMITTED)
    stale = ProgressReport.objects.get(pk=report.pk)
    report_domain.accept_report(actor=w.facilitator, report=report)
    with pytest.raises(ValidationError) as error:
        report_domain.request_report_changes(actor=w.facilitator, report=stale, comment="No")
    assert error.value.message_dict == {
        "status": ["A report that is accepted cannot be sent back."]
    }
    stale.refresh_from_db()
    assert stale.status == ReportStatus.ACCEPTED


# --- after the partnership closed: its final report only ----------------------------------

H2_2025 = {
    "period_start": dt.date(2025, 7, 1),
    "period_end": dt.date(2025, 12, 31),
    "due_date": dt.date(2026, 1, 31),
}


def _close_p_on(w, day: dt.date) -> None:
    w.p.status = PartnershipStatus.CLOSED
    w.p.closed_at = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
    w.p.save()


@time_machine.travel(AFTER_H1, tick=False)
@pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED])
def test_a_closed_partnership_still_edits_and_submits_its_final_report(w, status):
    report = report_in(w, status, achievements="")
    _close_p_on(w, dt.date(2026, 5, 15))  # within 2026-H1, the report's period
    _update(w, report)
    _submit(w, report)
    report.refresh_from_db()
    assert (report.status, report.achievements) == (ReportStatus.SUBMITTED, "Two study visits.")


@time_machine.travel(AFTER_H1, tick=False)
@pytest.mark.parametrize(
    ("write", "verb"), [(_update, "changed"), (_submit, "submitted")], ids=["update", "submit"]
)
@pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED])
def test_a_closed_partnership_no_longer_works_on_earlier_reports(w, write, verb, status):
    report = report_in(w, status, **H2_2025, events_held=0)
    _close_p_on(w, dt.date(2026, 5, 15))
    with pytest.raises(ValidationError) as error:
        write(w, report)
    assert error.value.message_dict == {
        "partnership": [
            (
                "Hydrogen valleys has closed: only its final report, for January-June 2026, "
                f"can still be {verb}."
            )
        ]
    }
    report.refresh_from_db()
    assert (report.status, report.events_held) == (status, 0)


@time_machine.travel(AFTER_H1, tick=False)
def test_facilitators_still_review_a_closed_partnerships_reports(w):
    report = report_in(w, ReportStatus.SUBMITTED, **H2_2025)
    _close_p_on(w, dt.date(2026, 5, 15))
    report_domain.accept_report(actor=w.facilitator, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
