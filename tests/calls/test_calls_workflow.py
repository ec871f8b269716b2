"""The call workflow: presets, editing by status, publishing rules, every transition, Q&A."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from smartregions.calls.domain import call_setup
from smartregions.calls.domain.calls import (
    close_call,
    create_call,
    delete_call,
    publish_call,
    update_call,
)
from smartregions.calls.domain.questions import answer_question, ask_question
from smartregions.calls.enums import CallStatus, CallType, FieldType
from smartregions.calls.models import Call
from smartregions.common.models import ActivityLogEntry, Notification
from tests.calls.conftest import make_call

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def _draft(cw, type_=CallType.PARTNERSHIP_EOI, **setup):
    return create_call(
        actor=cw.facilitator,
        title="Draft call",
        type=type_,
        opens_at=NOW - dt.timedelta(days=1),
        **setup,
    )


@pytest.mark.parametrize(
    ("type_", "expected"),
    [
        (CallType.PARTNERSHIP_EOI, (3, 3, True, True, False, False)),
        (CallType.INDUSTRIAL_TRANSITION, (1, 1, True, False, True, False)),
        (CallType.INVESTMENT_PROJECTS, (3, 3, True, False, False, True)),
    ],
)
def test_create_call_applies_type_presets(cw, type_, expected):
    call = _draft(cw, type_)
    assert (
        call.min_regions,
        call.min_countries,
        call.requires_commitment_letters,
        call.requires_thematic_area,
        call.requires_industrial_transition,
        call.is_two_stage,
    ) == expected
    assert call.status == CallStatus.DRAFT
    assert ActivityLogEntry.objects.filter(action="call.create", object_id=str(call.pk)).exists()


def test_create_call_explicit_settings_beat_presets(cw):
    call = _draft(cw, min_regions=5, min_countries=4, requires_thematic_area=False)
    assert (call.min_regions, call.min_countries, call.requires_thematic_area) == (5, 4, False)


def test_create_call_derives_unique_slug_and_avoids_reserved_words(cw):
    first = _draft(cw)
    second = _draft(cw)
    new = create_call(actor=None, title="New", type=CallType.PARTNERSHIP_EOI, opens_at=NOW)
    assert (first.slug, second.slug, new.slug) == ("draft-call", "draft-call-2", "new-2")


def test_industrial_transition_call_must_require_it(cw):
    with pytest.raises(ValidationError) as error:
        _draft(cw, CallType.INDUSTRIAL_TRANSITION, requires_industrial_transition=False)
    assert "requires_industrial_transition" in error.value.message_dict


@pytest.mark.parametrize(
    ("setup", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "UTC+01:00"}, "timezone"),
        ({"is_rolling": True, "is_two_stage": True}, "is_rolling"),
        ({"full_application_deadline": NOW + dt.timedelta(days=9)}, "full_application_deadline"),
        ({"min_regions": 2, "min_countries": 3}, "min_countries"),
        ({"region_categories": ["rich"]}, "region_categories"),
        ({"attachment_extensions": ["exe"]}, "attachment_extensions"),
        ({"attachment_extensions": []}, "attachment_extensions"),
        ({"conflict_rules": ["family"]}, "conflict_rules"),
        ({"deadline": NOW - dt.timedelta(days=2)}, "__all__"),
    ],
)
def test_create_call_refuses_inconsistent_settings(cw, setup, field):
    with pytest.raises(ValidationError) as error:
        _draft(cw, **setup)
    assert field in error.value.message_dict
    assert Call.objects.count() == 0


def test_two_stage_deadlines_must_be_in_order(cw):
    with pytest.raises(ValidationError) as error:
        _draft(
            cw,
            CallType.INVESTMENT_PROJECTS,
            deadline=NOW + dt.timedelta(days=10),
            full_application_deadline=NOW + dt.timedelta(days=5),
        )
    assert error.value.message_dict["full_application_deadline"] == [
        "The full-application deadline must be after the first deadline."
    ]


def test_publish_lists_everything_missing(cw):
    call = _draft(cw, CallType.INVESTMENT_PROJECTS)
    with pytest.raises(ValidationError) as error:
        publish_call(actor=cw.facilitator, call=call)
    assert error.value.message_dict == {
        "deadline": ["Set the deadline."],
        "full_application_deadline": ["Set the full-application deadline."],
        "fields": [
            "Add at least one form field for the expression of interest.",
            "Add at least one form field for the full application.",
        ],
        "criteria": [
            "Add at least one evaluation criterion for the expression of interest.",
            "Add at least one evaluation criterion for the full application.",
        ],
    }
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT


def test_publish_refuses_a_past_deadline(cw):
    call = _draft(cw, deadline=NOW + dt.timedelta(hours=1))
    call_setup.add_call_field(actor=None, call=call, label="Q", type=FieldType.TEXT)
    call_setup.add_criterion(actor=None, call=call, name="C")
    with time_machine.travel(NOW + dt.timedelta(hours=2)), pytest.raises(ValidationError) as error:
        publish_call(actor=cw.facilitator, call=call)
    assert error.value.message_dict == {"deadline": ["The deadline has already passed."]}


def test_rolling_call_needs_cutoffs_ending_at_the_final_closing(cw):
    deadline = NOW + dt.timedelta(days=60)
    call = _draft(cw, is_rolling=True, deadline=deadline)
    call_setup.add_call_field(actor=None, call=call, label="Q", type=FieldType.TEXT)
    call_setup.add_criterion(actor=None, call=call, name="C")
    with pytest.raises(ValidationError, match="A rolling call needs cut-offs"):
        publish_call(actor=None, call=call)
    call_setup.add_cutoff(actor=None, call=call, at=NOW + dt.timedelta(days=30))
    with pytest.raises(ValidationError, match="The last cut-off must be the final closing"):
        publish_call(actor=None, call=call)
    call_setup.add_cutoff(actor=None, call=call, at=deadline)
    assert publish_call(actor=None, call=call).status == CallStatus.PUBLISHED


def test_publish_notifies_other_staff(cw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call = make_call(cw)
    assert call.status == CallStatus.PUBLISHED
    assert call.published_at is not None
    notes = Notification.objects.filter(kind="call.published")
    assert {n.recipient for n in notes} == {cw.admin}
    assert [m.to for m in mail.outbox if "Call published" in m.subject] == [[cw.admin.email]]


# Every transition of a call: (from, step, allowed).
CALL_TRANSITIONS = [
    (CallStatus.DRAFT, "publish", True),
    (CallStatus.DRAFT, "close", False),
    (CallStatus.DRAFT, "delete", True),
    (CallStatus.PUBLISHED, "publish", False),
    (CallStatus.PUBLISHED, "close", True),
    (CallStatus.PUBLISHED, "delete", False),
    (CallStatus.CLOSED, "publish", False),
    (CallStatus.CLOSED, "close", False),
    (CallStatus.CLOSED, "delete", False),
]
STEPS = {"publish": publish_call, "close": close_call, "delete": delete_call}


@pytest.mark.parametrize(("status", "step", "allowed"), CALL_TRANSITIONS)
def test_call_transition(cw, status, step, allowed):
    call = make_call(cw)
    if status == CallStatus.DRAFT:
        Call.objects.filter(pk=call.pk).update(status=status, published_at=None)
    elif status == CallStatus.CLOSED:
        close_call(actor=None, call=call)
    call.refresh_from_db()
    if allowed:
        STEPS[step](actor=cw.facilitator, call=call)
        expected = {"publish": CallStatus.PUBLISHED, "close": CallStatus.CLOSED}.get(step)
        if expected is None:
            assert not Call.objects.filter(pk=call.pk).exists()
        else:
            call.refresh_from_db()
            assert call.status == expected
    else:
        with pytest.raises(ValidationError) as error:
            STEPS[step](actor=cw.facilitator, call=call)
        assert "status" in error.value.message_dict
        call.refresh_from_db()
        assert call.status == status


def test_published_call_only_changes_its_texts(cw, call):
    update_call(actor=cw.facilitator, call=call, title="Renamed", summary="New summary")
    call.refresh_from_db()
    assert (call.title, call.summary) == ("Renamed", "New summary")
    with pytest.raises(ValidationError) as error:
        update_call(actor=cw.facilitator, call=call, min_regions=1)
    assert error.value.message_dict == {
        "min_regions": [
            "The call is published: only its title, summary and description may change."
        ]
    }
    with pytest.raises(ValidationError, match="only its title"):
        update_call(actor=cw.facilitator, call=call, thematic_areas=[cw.batteries])


def test_published_call_accepts_unchanged_rule_values(cw, call):
    update_call(actor=None, call=call, min_regions=call.min_regions, title="Same rules")
    call.refresh_from_db()
    assert call.title == "Same rules"


def test_closed_call_cannot_change(cw, call):
    close_call(actor=None, call=call)
    with pytest.raises(ValidationError, match="A closed call cannot be changed"):
        update_call(actor=cw.facilitator, call=call, title="Too late")


def test_draft_call_changes_rules_and_logs_them(cw):
    call = _draft(cw)
    update_call(actor=cw.facilitator, call=call, min_regions=4, thematic_areas=[cw.batteries])
    assert call.min_regions == 4
    assert list(call.thematic_areas.all()) == [cw.batteries]
    entry = ActivityLogEntry.objects.filter(action="call.update").latest("id")
    assert entry.data == {"changed": ["min_regions", "thematic_areas"]}


def test_single_stage_switch_refused_while_stage_two_setup_exists(cw):
    call = _draft(cw, CallType.INVESTMENT_PROJECTS)
    call_setup.add_call_field(actor=None, call=call, label="Plan", type=FieldType.TEXT, stage=2)
    with pytest.raises(ValidationError) as error:
        update_call(actor=None, call=call, is_two_stage=False)
    assert error.value.message_dict == {
        "is_two_stage": ["Remove the full-application form fields first."]
    }


def test_close_tells_applicants_with_drafts(cw, call, draft):
    close_call(actor=cw.facilitator, call=call)
    notes = Notification.objects.filter(kind="call.closed")
    assert [n.recipient for n in notes] == [cw.rep_cz]
    assert call.closed_at is not None


def test_close_calls_command_closes_only_overdue_calls(cw, call, capsys):
    later = make_call(cw, title="Later", deadline=NOW + dt.timedelta(days=90))
    with time_machine.travel(call.deadline + dt.timedelta(seconds=1)):
        call_command("close_calls", "--dry-run")
        assert Call.objects.get(pk=call.pk).status == CallStatus.PUBLISHED
        call_command("close_calls")
    out = capsys.readouterr().out
    assert f"would close {call.slug} (deadline " in out
    assert f"closed {call.slug} (deadline " in out
    assert out.endswith("1 call(s) closed\n")
    assert Call.objects.get(pk=call.pk).status == CallStatus.CLOSED
    assert Call.objects.get(pk=later.pk).status == CallStatus.PUBLISHED


def test_close_calls_command_waits_for_the_full_application_deadline(cw, capsys):
    call = make_call(
        cw,
        type=CallType.INVESTMENT_PROJECTS,
        deadline=NOW + dt.timedelta(days=10),
        full_application_deadline=NOW + dt.timedelta(days=40),
    )
    with time_machine.travel(NOW + dt.timedelta(days=20)):
        call_command("close_calls")
    assert Call.objects.get(pk=call.pk).status == CallStatus.PUBLISHED
    with time_machine.travel(NOW + dt.timedelta(days=41)):
        call_command("close_calls")
    assert Call.objects.get(pk=call.pk).status == CallStatus.CLOSED


def test_close_calls_command_exits_non_zero_on_failure(cw, call, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"status": "locked"})

    monkeypatch.setattr("smartregions.calls.management.commands.close_calls.close_call", refuse)
    with (
        time_machine.travel(call.deadline + dt.timedelta(seconds=1)),
        pytest.raises(CommandError, match="1 call"),
    ):
        call_command("close_calls")


def test_questions_asked_answered_and_published(cw, call):
    question = ask_question(actor=cw.plain, call=call, question="  Can SMEs lead?  ")
    assert question.question == "Can SMEs lead?"
    staff_notes = Notification.objects.filter(kind="call.question")
    assert {n.recipient for n in staff_notes} == {cw.facilitator, cw.admin}
    answer_question(actor=cw.facilitator, question=question, answer="Yes, with a region.")
    question.refresh_from_db()
    assert (question.is_published, question.answered_by) == (True, cw.facilitator)
    assert Notification.objects.get(kind="call.question_answered").recipient == cw.plain
    answer_question(actor=cw.facilitator, question=question, answer="Yes.", publish=False)
    question.refresh_from_db()
    assert (question.answer, question.is_published) == ("Yes.", False)
    assert Notification.objects.filter(kind="call.question_answered").count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Write your question."), ("x" * 5001, "Keep the question under 5000 characters.")],
)
def test_ask_question_refuses_empty_or_long_text(cw, call, text, message):
    with pytest.raises(ValidationError) as error:
        ask_question(actor=cw.plain, call=call, question=text)
    assert error.value.message_dict == {"question": [message]}


def test_questions_only_while_the_call_is_open(cw, call):
    close_call(actor=None, call=call)
    with pytest.raises(ValidationError, match="while the call is open"):
        ask_question(actor=cw.plain, call=call, question="Still open?")


def test_answer_needs_text(cw, call):
    question = ask_question(actor=cw.plain, call=call, question="Budget cap?")
    with pytest.raises(ValidationError) as error:
        answer_question(actor=cw.facilitator, question=question, answer=" ")
    assert error.value.message_dict == {"answer": ["Write the answer."]}
