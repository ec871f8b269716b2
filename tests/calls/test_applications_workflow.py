"""The application and co-applicant workflows: every allowed and forbidden transition."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartregions.calls.domain import call_setup
from smartregions.calls.domain.applications import (
    start_application,
    submit_application,
    update_application,
    withdraw_application,
)
from smartregions.calls.domain.attachments import delete_attachment, upload_attachment
from smartregions.calls.domain.calls import close_call, create_call, publish_call
from smartregions.calls.domain.co_applicants import (
    confirm_co_applicant,
    decline_co_applicant,
    invite_co_applicant,
    remove_co_applicant,
)
from smartregions.calls.enums import (
    ApplicationStatus,
    CallType,
    CoApplicantStatus,
    FieldType,
)
from smartregions.calls.models import Application, ApplicationStatusChange, Attachment, CoApplicant
from smartregions.common.models import Notification
from tests.calls.conftest import make_call, make_eligible, pdf_file

pytestmark = pytest.mark.django_db


def test_start_records_the_first_history_row(cw, draft):
    assert (draft.status, draft.stage, draft.created_by) == ("draft", 1, cw.rep_cz)
    change = ApplicationStatusChange.objects.get(application=draft)
    assert (change.from_status, change.to_status, change.by) == ("", "draft", cw.rep_cz)


def test_start_needs_a_lead_and_an_allowed_area(cw, call):
    with pytest.raises(ValidationError) as error:
        start_application(actor=cw.rep_cz, call=call, title="No lead")
    assert error.value.message_dict == {
        "lead_region": ["Choose the region or organisation that leads."]
    }
    with pytest.raises(ValidationError) as error:
        start_application(
            actor=cw.rep_cz,
            call=call,
            title="Wrong area",
            lead_region=cw.cz06,
            thematic_area=cw.batteries,
        )
    assert error.value.message_dict == {
        "thematic_area": ["Batteries is not one of the call's thematic areas."]
    }


def test_start_refused_on_closed_call_and_after_the_deadline(cw, call):
    with (
        time_machine.travel(call.deadline + dt.timedelta(microseconds=1)),
        pytest.raises(ValidationError, match="takes no new applications"),
    ):
        start_application(actor=cw.rep_cz, call=call, title="Late", lead_region=cw.cz06)
    close_call(actor=None, call=call)
    with pytest.raises(ValidationError, match="not open for applications"):
        start_application(actor=cw.rep_cz, call=call, title="Closed", lead_region=cw.cz06)
    assert not Application.objects.exists()


@pytest.fixture
def typed_call(cw):
    """A published call with one field of every type (all optional but the checkbox)."""
    now = timezone.now()
    call = create_call(
        actor=None,
        title="Typed",
        type=CallType.PARTNERSHIP_EOI,
        opens_at=now,
        deadline=now + dt.timedelta(days=5),
    )
    specs = [
        ("short", FieldType.TEXT, {"max_length": 10}),
        ("count", FieldType.NUMBER, {}),
        ("start", FieldType.DATE, {}),
        ("sector", FieldType.CHOICE, {"choices": ["Energy", "Health"]}),
        ("topics", FieldType.MULTIPLE_CHOICE, {"choices": ["H2", "Grid", "Storage"]}),
        ("agree", FieldType.CHECKBOX, {"is_required": True}),
        ("site", FieldType.URL, {}),
    ]
    for key, type_, extra in specs:
        extra.setdefault("is_required", False)
        call_setup.add_call_field(actor=None, call=call, key=key, label=key, type=type_, **extra)
    call_setup.add_criterion(actor=None, call=call, name="Relevance")
    return publish_call(actor=None, call=call)


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("short", "  Hydrogen ", "Hydrogen"),
        ("count", "12", 12),
        ("count", 2.5, 2.5),
        ("start", "2026-09-01", "2026-09-01"),
        ("start", dt.date(2026, 9, 1), "2026-09-01"),
        ("sector", "Health", "Health"),
        ("topics", ["Storage", "H2", "H2"], ["H2", "Storage"]),
        ("agree", True, True),
        ("agree", False, False),
        ("site", "https://h2.example.eu/", "https://h2.example.eu/"),
    ],
)
def test_answers_are_normalised_per_type(cw, typed_call, key, value, stored):
    application = start_application(
        actor=cw.rep_cz, call=typed_call, title="T", lead_region=cw.cz06
    )
    update_application(actor=cw.rep_cz, application=application, answers={key: value})
    application.refresh_from_db()
    assert application.answers == {key: stored}


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("short", "x" * 11, "short: Keep it under 10 characters (it has 11)."),
        ("short", "two\nlines", "short: Enter a single line."),
        ("count", "twelve", "count: Enter a number."),
        ("count", True, "count: Enter a number."),
        ("start", "01/09/2026", "start: Enter a date as YYYY-MM-DD."),
        ("sector", "Tourism", "sector: Choose one of: Energy, Health."),
        ("topics", ["H2", "Oil"], "topics: Not a choice: Oil (choose from: H2, Grid, Storage)."),
        ("topics", "H2", "topics: Give a list of choices."),
        ("agree", "yes", "agree: Answer true or false."),
        ("site", "javascript:alert(1)", "site: Enter a valid URL."),
        ("nope", "x", "This call has no field “nope” at this stage."),
    ],
)
def test_bad_answers_are_refused_naming_the_field(cw, typed_call, key, value, message):
    application = start_application(
        actor=cw.rep_cz, call=typed_call, title="T", lead_region=cw.cz06
    )
    with pytest.raises(ValidationError) as error:
        update_application(actor=cw.rep_cz, application=application, answers={key: value})
    assert error.value.message_dict == {f"answers.{key}": [message]}
    application.refresh_from_db()
    assert application.answers == {}


def test_blank_answer_removes_it_and_others_stay(cw, typed_call):
    application = start_application(
        actor=cw.rep_cz, call=typed_call, title="T", lead_region=cw.cz06
    )
    update_application(actor=cw.rep_cz, application=application, answers={"short": "a", "count": 3})
    update_application(actor=cw.rep_cz, application=application, answers={"short": "  "})
    application.refresh_from_db()
    assert application.answers == {"count": 3}


# Application steps tried from every status: (status, step, allowed).
APPLICATION_TRANSITIONS = [
    (status, step, allowed)
    for status, allowed_steps in [
        (ApplicationStatus.DRAFT, {"update", "invite", "submit", "withdraw"}),
        (ApplicationStatus.SUBMITTED, {"withdraw"}),
        (ApplicationStatus.UNDER_REVIEW, {"withdraw"}),
        (ApplicationStatus.ACCEPTED, set()),
        (ApplicationStatus.REJECTED, set()),
        (ApplicationStatus.WITHDRAWN, set()),
    ]
    for step, allowed in [
        (s, s in allowed_steps) for s in ("update", "invite", "submit", "withdraw")
    ]
]

EXPECTED = {
    "submit": ApplicationStatus.SUBMITTED,
    "withdraw": ApplicationStatus.WITHDRAWN,
}


def _put_in(application, status):
    now = timezone.now()
    Application.objects.filter(pk=application.pk).update(
        status=status,
        submitted_at=None if status in ("draft", "withdrawn") else now,
        withdrawn_at=now if status == "withdrawn" else None,
    )
    application.refresh_from_db()


def _step(cw, application, step):
    if step == "update":
        return update_application(actor=cw.rep_cz, application=application, title="Changed")
    if step == "invite":
        return invite_co_applicant(actor=cw.rep_cz, application=application, region=cw.at13)
    if step == "submit":
        return submit_application(actor=cw.rep_cz, application=application)
    return withdraw_application(actor=cw.rep_cz, application=application, reason="Partner left")


@pytest.mark.parametrize(("status", "step", "allowed"), APPLICATION_TRANSITIONS)
def test_application_transition(cw, eligible, status, step, allowed):
    _put_in(eligible, status)
    if allowed:
        _step(cw, eligible, step)
        eligible.refresh_from_db()
        assert eligible.status == EXPECTED.get(step, status)
    else:
        with pytest.raises(ValidationError) as error:
            _step(cw, eligible, step)
        assert "status" in error.value.message_dict
        eligible.refresh_from_db()
        assert eligible.status == status
        assert eligible.title == "Hydrogen valley CZ-SK-DE"


def test_draft_of_a_closed_call_cannot_change(cw, call, draft):
    close_call(actor=None, call=call)
    with pytest.raises(ValidationError) as error:
        update_application(actor=cw.rep_cz, application=draft, title="After closing")
    assert error.value.message_dict == {
        "status": ["The call is closed; the application cannot change."]
    }


def test_withdraw_needs_a_reason_and_notifies(cw, eligible):
    with pytest.raises(ValidationError) as error:
        withdraw_application(actor=cw.rep_cz, application=eligible, reason="  ")
    assert error.value.message_dict == {"reason": ["Say why the application is withdrawn."]}
    submit_application(actor=cw.rep_cz, application=eligible)
    withdraw_application(actor=cw.rep_cz, application=eligible, reason="Partner left")
    eligible.refresh_from_db()
    assert eligible.withdrawn_at is not None
    last = eligible.status_changes.order_by("id").last()
    assert (last.from_status, last.to_status, last.note) == (
        "submitted",
        "withdrawn",
        "Partner left",
    )
    told = {n.recipient for n in Notification.objects.filter(kind="application.withdrawn")}
    assert told == {cw.rep_sk, cw.institute_member, cw.facilitator, cw.admin}


# Co-applicant steps from every status: (status, step, allowed).
CO_APPLICANT_TRANSITIONS = [
    (CoApplicantStatus.INVITED, "confirm", True),
    (CoApplicantStatus.INVITED, "decline", True),
    (CoApplicantStatus.INVITED, "remove", True),
    (CoApplicantStatus.INVITED, "invite", False),
    (CoApplicantStatus.CONFIRMED, "confirm", False),
    (CoApplicantStatus.CONFIRMED, "decline", False),
    (CoApplicantStatus.CONFIRMED, "remove", True),
    (CoApplicantStatus.CONFIRMED, "invite", False),
    (CoApplicantStatus.DECLINED, "confirm", False),
    (CoApplicantStatus.DECLINED, "decline", False),
    (CoApplicantStatus.DECLINED, "remove", True),
    (CoApplicantStatus.DECLINED, "invite", True),
]


def _co_step(cw, co, step):
    if step == "confirm":
        return confirm_co_applicant(actor=cw.rep_sk, co_applicant=co, commitment_letter=pdf_file())
    if step == "decline":
        return decline_co_applicant(actor=cw.rep_sk, co_applicant=co, message="No capacity")
    if step == "remove":
        return remove_co_applicant(actor=cw.rep_cz, co_applicant=co)
    return invite_co_applicant(actor=cw.rep_cz, application=co.application, region=cw.sk01)


@pytest.mark.parametrize(("status", "step", "allowed"), CO_APPLICANT_TRANSITIONS)
def test_co_applicant_transition(cw, draft, status, step, allowed):
    co = invite_co_applicant(actor=cw.rep_cz, application=draft, region=cw.sk01)
    if status == CoApplicantStatus.CONFIRMED:
        confirm_co_applicant(actor=cw.rep_sk, co_applicant=co, commitment_letter=pdf_file())
    elif status == CoApplicantStatus.DECLINED:
        decline_co_applicant(actor=cw.rep_sk, co_applicant=co)
    co.refresh_from_db()
    expected = {
        "confirm": CoApplicantStatus.CONFIRMED,
        "decline": CoApplicantStatus.DECLINED,
        "invite": CoApplicantStatus.INVITED,
    }
    if allowed:
        _co_step(cw, co, step)
        if step == "remove":
            assert not CoApplicant.objects.filter(pk=co.pk).exists()
        else:
            co.refresh_from_db()
            assert co.status == expected[step]
    else:
        with pytest.raises(ValidationError):
            _co_step(cw, co, step)
        co.refresh_from_db()
        assert co.status == status


@pytest.mark.parametrize("step", ["confirm", "decline", "remove"])
def test_co_applicant_steps_refused_once_submitted(cw, eligible, step):
    co = invite_co_applicant(actor=cw.rep_cz, application=eligible, region=cw.at13)
    remove_co_applicant(actor=cw.rep_cz, co_applicant=co)
    submit_application(actor=cw.rep_cz, application=eligible)
    co = eligible.co_applicants.get(region=cw.sk01)
    with pytest.raises(ValidationError) as error:
        _co_step(cw, co, step)
    assert error.value.message_dict == {
        "status": ["The application is submitted; it can no longer be changed."]
    }


def test_invite_refuses_the_lead_and_both_kinds_at_once(cw, draft):
    with pytest.raises(ValidationError, match="already leads"):
        invite_co_applicant(actor=cw.rep_cz, application=draft, region=cw.cz06)
    with pytest.raises(ValidationError, match="either a region or an organisation"):
        invite_co_applicant(
            actor=cw.rep_cz, application=draft, region=cw.sk01, organisation=cw.institute
        )


def test_invitation_and_answers_are_notified(cw, draft):
    co = invite_co_applicant(actor=cw.rep_cz, application=draft, region=cw.sk01, message="Join?")
    invite = Notification.objects.get(kind="application.invited")
    assert (invite.recipient, invite.body) == (cw.rep_sk, "Join?")
    assert invite.url == f"/applications/{draft.pk}/"
    decline_co_applicant(actor=cw.rep_sk, co_applicant=co, message="Not this year")
    answer = Notification.objects.get(kind="application.co_applicant_declined")
    assert (answer.recipient, answer.body) == (cw.rep_cz, "Not this year")
    invite_co_applicant(actor=cw.rep_cz, application=draft, region=cw.sk01)
    co.refresh_from_db()
    assert (co.status, co.responded_at) == ("invited", None)
    remove_co_applicant(actor=cw.rep_cz, co_applicant=co)
    removed = Notification.objects.get(kind="application.co_applicant_removed")
    assert removed.recipient == cw.rep_sk


def test_confirm_needs_the_letter_when_the_call_asks(cw, draft):
    co = invite_co_applicant(actor=cw.rep_cz, application=draft, region=cw.sk01)
    with pytest.raises(ValidationError) as error:
        confirm_co_applicant(actor=cw.rep_sk, co_applicant=co)
    assert error.value.message_dict == {
        "commitment_letter": ["Upload the signed commitment letter to confirm."]
    }
    with pytest.raises(ValidationError) as error:
        confirm_co_applicant(
            actor=cw.rep_sk, co_applicant=co, commitment_letter=pdf_file("fake.pdf", b"MZ\x90")
        )
    assert error.value.message_dict == {
        "commitment_letter": ["fake.pdf is not a real PDF file (its content says otherwise)."]
    }
    confirm_co_applicant(actor=cw.rep_sk, co_applicant=co, commitment_letter=pdf_file("sk.pdf"))
    co.refresh_from_db()
    assert (co.status, co.responded_by, co.commitment_letter.kind) == (
        "confirmed",
        cw.rep_sk,
        "commitment_letter",
    )
    assert Notification.objects.get(kind="application.co_applicant_confirmed").recipient == (
        cw.rep_cz
    )


def test_confirm_without_letter_when_the_call_does_not_ask(cw):
    call = make_call(cw, title="No letters", requires_commitment_letters=False)
    application = start_application(actor=cw.rep_cz, call=call, title="T", lead_region=cw.cz06)
    co = invite_co_applicant(actor=cw.rep_cz, application=application, region=cw.sk01)
    assert confirm_co_applicant(actor=cw.rep_sk, co_applicant=co).status == "confirmed"


def test_removing_a_co_applicant_deletes_its_letter(
    cw, eligible, django_capture_on_commit_callbacks
):
    co = eligible.co_applicants.get(region=cw.sk01)
    letter = co.commitment_letter
    path = letter.file.path
    with django_capture_on_commit_callbacks(execute=True):
        remove_co_applicant(actor=cw.rep_cz, co_applicant=co)
    assert not Attachment.objects.filter(pk=letter.pk).exists()
    assert not Path(path).exists()


@pytest.fixture
def two_stage(cw):
    now = timezone.now()
    return make_call(
        cw,
        title="Investments",
        type=CallType.INVESTMENT_PROJECTS,
        deadline=now + dt.timedelta(days=10),
        full_application_deadline=now + dt.timedelta(days=40),
    )


def _advance(application):
    """What the panel's "advance" decision does (evaluation): back to draft at stage 2."""
    Application.objects.filter(pk=application.pk).update(status="draft", stage=2, submitted_at=None)
    application.refresh_from_db()


def test_stage_two_drafting_and_submission(cw, two_stage):
    application = start_application(actor=cw.rep_cz, call=two_stage, title="T", lead_region=cw.cz06)
    make_eligible(cw, application)
    update_application(
        actor=cw.rep_cz,
        application=application,
        answers={"budget": 1_000_000},
    )
    submit_application(actor=cw.rep_cz, application=application)
    _advance(application)
    stage_one = dict(application.answers)
    with pytest.raises(ValidationError, match="no field “objectives_1” at this stage"):
        update_application(
            actor=cw.rep_cz, application=application, answers={"objectives_1": "Rewrite"}
        )
    with time_machine.travel(two_stage.deadline + dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            submit_application(actor=cw.rep_cz, application=application)
        assert error.value.message_dict["eligibility"] == ["Still to answer: Objectives 2."]
        update_application(
            actor=cw.rep_cz, application=application, answers={"objectives_2": "Full plan"}
        )
        submit_application(actor=cw.rep_cz, application=application)
    application.refresh_from_db()
    assert application.answers == {**stage_one, "objectives_2": "Full plan"}
    assert list(application.submissions.values_list("stage", flat=True)) == [1, 2]
    assert application.submissions.get(stage=2).snapshot["answers"]["objectives_2"] == "Full plan"


def test_stage_one_evidence_cannot_be_deleted_in_stage_two(
    cw, two_stage, django_capture_on_commit_callbacks
):
    application = start_application(actor=cw.rep_cz, call=two_stage, title="T", lead_region=cw.cz06)
    make_eligible(cw, application)
    budget = upload_attachment(
        actor=cw.rep_cz, application=application, kind="budget", file=pdf_file("budget.pdf")
    )
    submit_application(actor=cw.rep_cz, application=application)
    _advance(application)
    sk = application.co_applicants.get(region=cw.sk01)
    letter_path = Path(sk.commitment_letter.file.path)

    with pytest.raises(ValidationError) as error:
        delete_attachment(actor=cw.rep_cz, attachment=budget)
    assert error.value.message_dict == {
        "file": [
            (
                "budget.pdf was part of an earlier submission of this application; it is kept as "
                "its record and cannot be removed."
            )
        ]
    }
    with pytest.raises(ValidationError) as error:
        remove_co_applicant(actor=cw.rep_cz, co_applicant=sk)
    assert error.value.message_dict == {
        "co_applicant": [
            (
                f"{cw.sk01} confirmed an earlier submission of this application; it stays in the "
                "consortium of record and cannot be removed."
            )
        ]
    }
    assert Path(budget.file.path).exists()
    assert letter_path.exists()
    assert CoApplicant.objects.filter(pk=sk.pk, status="confirmed").exists()

    # What stage 2 adds stays changeable until the full application is submitted.
    plan = upload_attachment(
        actor=cw.rep_cz, application=application, kind="work_plan", file=pdf_file("plan.pdf")
    )
    at = invite_co_applicant(actor=cw.rep_cz, application=application, region=cw.at13)
    confirm_co_applicant(actor=cw.rep_at, co_applicant=at, commitment_letter=pdf_file("at.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        delete_attachment(actor=cw.rep_cz, attachment=plan)
        remove_co_applicant(actor=cw.rep_cz, co_applicant=at)
    assert not Attachment.objects.filter(pk=plan.pk).exists()
    assert not CoApplicant.objects.filter(pk=at.pk).exists()


def test_stage_two_submission_refused_after_the_full_deadline(cw, two_stage):
    application = start_application(actor=cw.rep_cz, call=two_stage, title="T", lead_region=cw.cz06)
    make_eligible(cw, application)
    submit_application(actor=cw.rep_cz, application=application)
    _advance(application)
    update_application(actor=cw.rep_cz, application=application, answers={"objectives_2": "Plan"})
    late = two_stage.full_application_deadline + dt.timedelta(microseconds=1)
    with time_machine.travel(late), pytest.raises(ValidationError) as error:
        submit_application(actor=cw.rep_cz, application=application)
    assert error.value.message_dict["deadline"][0].startswith("Not submitted: The deadline passed")
