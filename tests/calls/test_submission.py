"""Submitting: the server's clock at the deadline, cut-offs, the snapshot, notices, races."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from smartregions.calls.domain import applications as application_domain
from smartregions.calls.domain import call_setup, notifications_applications
from smartregions.calls.domain.applications import (
    start_application,
    submit_application,
    update_application,
)
from smartregions.calls.domain.calls import close_call, create_call, publish_call
from smartregions.calls.domain.times import format_in_zone
from smartregions.calls.enums import ApplicationStatus, CallType, FieldType
from smartregions.calls.models import Application, ApplicationSubmission, Call
from smartregions.common.models import Notification


def test_submission_exactly_at_the_deadline_is_on_time(cw, eligible):
    with time_machine.travel(eligible.call.deadline, tick=False):
        submit_application(actor=cw.rep_cz, application=eligible)
    eligible.refresh_from_db()
    assert (eligible.status, eligible.submitted_at) == ("submitted", eligible.call.deadline)


def test_submission_one_microsecond_late_is_refused(cw, eligible):
    late = eligible.call.deadline + dt.timedelta(microseconds=1)
    with time_machine.travel(late, tick=False), pytest.raises(ValidationError) as error:
        submit_application(actor=cw.rep_cz, application=eligible)
    assert error.value.message_dict == {
        "deadline": [
            "Not submitted: The deadline passed on "
            + format_in_zone(eligible.call.deadline, "Europe/Brussels")
            + "."
        ]
    }
    eligible.refresh_from_db()
    assert (eligible.status, eligible.submitted_at) == ("draft", None)
    assert not ApplicationSubmission.objects.exists()


def test_ineligible_submission_lists_every_missing_rule(cw, draft):
    with pytest.raises(ValidationError) as error:
        submit_application(actor=cw.rep_cz, application=draft)
    assert error.value.message_dict == {
        "eligibility": [
            "1 region in the consortium; the call needs at least 3.",
            "1 country in the consortium; the call needs at least 3.",
            "Choose a thematic area.",
            "Still to answer: Objectives 1.",
        ]
    }


def test_submission_freezes_a_snapshot_and_locks_the_draft(cw, eligible):
    submit_application(actor=cw.rep_cz, application=eligible)
    submission = ApplicationSubmission.objects.get(application=eligible)
    snapshot = submission.snapshot
    assert (submission.stage, submission.submitted_by) == (1, cw.rep_cz)
    assert snapshot["title"] == "Hydrogen valley CZ-SK-DE"
    assert snapshot["lead_region"] == "CZ06"
    assert snapshot["answers"] == {"objectives_1": "Build three hydrogen valleys."}
    assert [c["region"] or c["organisation"] for c in snapshot["co_applicants"]] == [
        "SK01",
        "Stuttgart Hydrogen Institute",
    ]
    assert [a["name"] for a in snapshot["attachments"]] == ["sk.pdf", "de.pdf"]
    assert all(check["ok"] for check in snapshot["eligibility"])
    assert snapshot["submitted_at"] == submission.submitted_at.isoformat()
    history = list(eligible.status_changes.values_list("from_status", "to_status"))
    assert history == [("", "draft"), ("draft", "submitted")]
    with pytest.raises(ValidationError, match="can no longer be changed"):
        update_application(actor=cw.rep_cz, application=eligible, title="Edited after")


def test_submission_notifies_applicants_co_applicants_and_staff(
    cw, eligible, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(actor=cw.rep_cz, application=eligible)
    told = {n.recipient for n in Notification.objects.filter(kind="application.submitted")}
    assert told == {cw.rep_cz, cw.rep_sk, cw.institute_member, cw.facilitator, cw.admin}
    receipt = next(m for m in mail.outbox if m.to == [cw.rep_cz.email])
    assert receipt.subject == "[smartregions] Application submitted: Hydrogen valley CZ-SK-DE"
    assert "for the expression of interest of Hydrogen valleys partnership." in receipt.body


def test_rolling_submission_goes_to_the_next_cutoff(cw):
    now = timezone.now()
    first, last = now + dt.timedelta(days=10), now + dt.timedelta(days=40)
    call = create_call(
        actor=None,
        title="Rolling",
        type=CallType.PARTNERSHIP_EOI,
        opens_at=now - dt.timedelta(days=1),
        deadline=last,
        is_rolling=True,
        min_regions=1,
        min_countries=1,
        requires_thematic_area=False,
    )
    for at in (first, last):
        call_setup.add_cutoff(actor=None, call=call, at=at)
    call_setup.add_call_field(actor=None, call=call, label="Q", type=FieldType.TEXT)
    call_setup.add_criterion(actor=None, call=call, name="C")
    publish_call(actor=None, call=call)
    on_first = start_application(actor=cw.rep_cz, call=call, title="A", lead_region=cw.cz06)
    on_last = start_application(actor=cw.rep_cz, call=call, title="B", lead_region=cw.cz06)
    for application in (on_first, on_last):
        update_application(actor=cw.rep_cz, application=application, answers={"q": "Yes"})
    with time_machine.travel(first, tick=False):
        submit_application(actor=cw.rep_cz, application=on_first)
    with time_machine.travel(first + dt.timedelta(microseconds=1), tick=False):
        submit_application(actor=cw.rep_cz, application=on_last)
    on_first.refresh_from_db()
    on_last.refresh_from_db()
    assert (on_first.cutoff.at, on_last.cutoff.at) == (first, last)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_make_one_submission(cw, eligible, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one write lock per database, so the submits cannot overlap there")
    real_check = application_domain.check_eligibility

    def slow_check(*args, **kwargs):
        # Hold the row lock a while, so the other submit certainly waits on it.
        time.sleep(0.3)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(application_domain, "check_eligibility", slow_check)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def submit() -> None:
        try:
            barrier.wait()
            application = Application.objects.get(pk=eligible.pk)
            submit_application(actor=cw.rep_cz, application=application)
            outcomes.append("submitted")
        except ValidationError as error:
            outcomes.append(error.message_dict)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [
        "submitted",
        {"status": ["The application is already submitted."]},
    ]
    assert ApplicationSubmission.objects.filter(application=eligible).count() == 1
    assert Application.objects.get(pk=eligible.pk).status == ApplicationStatus.SUBMITTED
    assert eligible.status_changes.filter(to_status="submitted").count() == 1


def test_submission_is_timed_on_arrival_not_when_its_locks_come(cw, eligible, monkeypatch):
    deadline = eligible.call.deadline
    real_lock = application_domain.lock_call_and_application
    with time_machine.travel(deadline, tick=False) as traveller:

        def queued_lock(application):
            traveller.shift(dt.timedelta(seconds=2))  # waits behind other submissions
            return real_lock(application)

        monkeypatch.setattr(application_domain, "lock_call_and_application", queued_lock)
        submit_application(actor=cw.rep_cz, application=eligible)
    eligible.refresh_from_db()
    assert (eligible.status, eligible.submitted_at) == ("submitted", deadline)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", ["submit", "close"])
def test_submission_racing_the_close_lands_before_it_or_is_refused(
    cw, eligible, monkeypatch, first
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one write lock per database, so the steps cannot overlap there")
    holding = threading.Event()
    held_until = []

    def hold(real):
        # The first step signals once it holds its locks, then keeps them a while.
        def held(*args, **kwargs):
            holding.set()
            time.sleep(0.4)
            held_until.append(timezone.now())
            return real(*args, **kwargs)

        return held

    if first == "submit":
        monkeypatch.setattr(
            application_domain, "check_eligibility", hold(application_domain.check_eligibility)
        )
    else:
        monkeypatch.setattr(
            notifications_applications,
            "notify_call_closed",
            hold(notifications_applications.notify_call_closed),
        )
    outcomes: dict[str, object] = {}

    def submit() -> None:
        if first == "close":
            holding.wait(5)
        try:
            application = Application.objects.get(pk=eligible.pk)
            submit_application(actor=cw.rep_cz, application=application)
            outcomes["submit"] = "submitted"
        except ValidationError as error:
            outcomes["submit"] = error.message_dict
        finally:
            connection.close()

    def close() -> None:
        if first == "submit":
            holding.wait(5)
        try:
            close_call(actor=None, call=Call.objects.get(pk=eligible.call_id))
            outcomes["close"] = "closed"
        finally:
            connection.close()

    threads = [threading.Thread(target=submit), threading.Thread(target=close)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    application = Application.objects.get(pk=eligible.pk)
    call = Call.objects.get(pk=eligible.call_id)
    if first == "submit":
        # The close waited for the submission's locks: it landed, then the call closed.
        assert outcomes == {"submit": "submitted", "close": "closed"}
        assert call.closed_at >= held_until[0]
        assert application.submitted_at <= call.closed_at
        assert application.status == ApplicationStatus.SUBMITTED
    else:
        # The submission waited for the close, then saw the call closed.
        assert outcomes == {
            "close": "closed",
            "submit": {"deadline": ["Not submitted: The call is closed."]},
        }
        assert application.status == ApplicationStatus.DRAFT
        assert not ApplicationSubmission.objects.filter(application=eligible).exists()
