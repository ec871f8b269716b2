"""A draft call's setup: form fields, criteria, cut-offs; all frozen once published; times."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartregions.calls.domain import call_setup
from smartregions.calls.domain.calls import create_call
from smartregions.calls.domain.times import aware_in_zone, format_in_zone, local_iso, wall_clock
from smartregions.calls.enums import CallType, FieldType

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def draft_call(cw):
    return create_call(
        actor=cw.facilitator,
        title="Setup",
        type=CallType.INVESTMENT_PROJECTS,
        opens_at=NOW,
        deadline=NOW + dt.timedelta(days=30),
        full_application_deadline=NOW + dt.timedelta(days=60),
    )


def test_fields_get_keys_positions_and_clean_choices(draft_call):
    first = call_setup.add_call_field(
        actor=None, call=draft_call, label="Main objective", type=FieldType.TEXT
    )
    pick = call_setup.add_call_field(
        actor=None,
        call=draft_call,
        label="Sector",
        type=FieldType.CHOICE,
        choices=[" Energy ", "Energy", "", "Health"],
    )
    later = call_setup.add_call_field(
        actor=None, call=draft_call, label="Business plan", type=FieldType.TEXTAREA, stage=2
    )
    assert (first.key, first.position, pick.position, later.position) == (
        "main_objective",
        0,
        1,
        0,
    )
    assert pick.choices == ["Energy", "Health"]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"type": FieldType.CHOICE, "choices": ["Only"]}, "choices", "Give at least two"),
        ({"type": FieldType.TEXT, "choices": ["a", "b"]}, "choices", "Only choice fields"),
        ({"type": FieldType.NUMBER, "max_length": 10}, "max_length", "Only text fields"),
        ({"type": "colour"}, "type", "not a valid choice"),
    ],
)
def test_add_field_refuses_bad_definitions(draft_call, kwargs, field, message):
    with pytest.raises(ValidationError) as error:
        call_setup.add_call_field(actor=None, call=draft_call, label="Q", **kwargs)
    assert message in " ".join(error.value.message_dict[field])


def test_field_keys_are_unique_per_call(draft_call):
    call_setup.add_call_field(actor=None, call=draft_call, label="Budget", type=FieldType.NUMBER)
    with pytest.raises(ValidationError) as error:
        call_setup.add_call_field(actor=None, call=draft_call, label="Budget", type=FieldType.TEXT)
    assert error.value.message_dict == {"key": ["The call already has a field “budget”."]}


def test_stage_two_only_in_two_stage_calls(cw):
    call = create_call(actor=None, title="One stage", type=CallType.PARTNERSHIP_EOI, opens_at=NOW)
    with pytest.raises(ValidationError, match="Only a two-stage call"):
        call_setup.add_call_field(actor=None, call=call, label="Q", type=FieldType.TEXT, stage=2)
    with pytest.raises(ValidationError, match="Only a two-stage call"):
        call_setup.add_criterion(actor=None, call=call, name="C", stage=2)


def test_update_and_reorder_fields(draft_call):
    a = call_setup.add_call_field(actor=None, call=draft_call, label="A", type=FieldType.TEXT)
    b = call_setup.add_call_field(actor=None, call=draft_call, label="B", type=FieldType.TEXT)
    call_setup.update_call_field(actor=None, field=a, label="A2", is_required=False)
    a.refresh_from_db()
    assert (a.label, a.is_required, a.key) == ("A2", False, "a")
    call_setup.reorder_call_fields(actor=None, call=draft_call, stage=1, ids=[b.pk, a.pk])
    assert list(draft_call.fields.filter(stage=1).values_list("label", flat=True)) == ["B", "A2"]
    with pytest.raises(ValidationError) as error:
        call_setup.reorder_call_fields(actor=None, call=draft_call, stage=1, ids=[a.pk])
    assert error.value.message_dict == {"ids": ["List every field of the stage exactly once."]}


def test_criteria_checks(draft_call):
    criterion = call_setup.add_criterion(
        actor=None, call=draft_call, name="Impact", weight=2, max_score=10, threshold=6
    )
    with pytest.raises(ValidationError, match="already has a criterion"):
        call_setup.add_criterion(actor=None, call=draft_call, name="Impact")
    with pytest.raises(ValidationError) as error:
        call_setup.update_criterion(actor=None, criterion=criterion, threshold=11)
    assert error.value.message_dict == {
        "threshold": ["The threshold cannot exceed the maximum score."]
    }
    with pytest.raises(ValidationError, match="more than 0"):
        call_setup.add_criterion(actor=None, call=draft_call, name="Zero", weight=0)
    other = call_setup.add_criterion(actor=None, call=draft_call, name="Quality")
    call_setup.reorder_criteria(actor=None, call=draft_call, stage=1, ids=[other.pk, criterion.pk])
    assert list(draft_call.criteria.values_list("name", flat=True)) == ["Quality", "Impact"]
    call_setup.remove_criterion(actor=None, criterion=other)
    assert list(draft_call.criteria.values_list("name", flat=True)) == ["Impact"]


def test_cutoffs_only_for_rolling_calls_within_the_timetable(cw):
    deadline = NOW + dt.timedelta(days=90)
    single = create_call(actor=None, title="S", type=CallType.PARTNERSHIP_EOI, opens_at=NOW)
    with pytest.raises(ValidationError, match="Only a rolling call"):
        call_setup.add_cutoff(actor=None, call=single, at=deadline)
    call = create_call(
        actor=None,
        title="R",
        type=CallType.PARTNERSHIP_EOI,
        opens_at=NOW,
        deadline=deadline,
        is_rolling=True,
    )
    with pytest.raises(ValidationError, match="after the opening"):
        call_setup.add_cutoff(actor=None, call=call, at=NOW - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="after the final closing"):
        call_setup.add_cutoff(actor=None, call=call, at=deadline + dt.timedelta(seconds=1))
    cutoff = call_setup.add_cutoff(actor=None, call=call, at=deadline)
    with pytest.raises(ValidationError, match="already has this cut-off"):
        call_setup.add_cutoff(actor=None, call=call, at=deadline)
    call_setup.remove_cutoff(actor=None, cutoff=cutoff)
    assert not call.cutoffs.exists()


def test_published_call_setup_is_frozen(cw, call):
    field = call.fields.first()
    criterion = call.criteria.first()
    attempts = [
        lambda: call_setup.add_call_field(actor=None, call=call, label="Late", type="text"),
        lambda: call_setup.update_call_field(actor=None, field=field, label="Changed"),
        lambda: call_setup.remove_call_field(actor=None, field=field),
        lambda: call_setup.reorder_call_fields(actor=None, call=call, stage=1, ids=[field.pk]),
        lambda: call_setup.add_criterion(actor=None, call=call, name="Late"),
        lambda: call_setup.update_criterion(actor=None, criterion=criterion, name="Changed"),
        lambda: call_setup.remove_criterion(actor=None, criterion=criterion),
        lambda: call_setup.add_cutoff(actor=None, call=call, at=call.deadline),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.message_dict == {
            "status": ["The call is published: its form, criteria and cut-offs are fixed."]
        }
    field.refresh_from_db()
    assert field.label == "Objectives 1"


def test_wall_clock_times_are_read_in_the_call_zone():
    winter = aware_in_zone(dt.datetime(2026, 1, 15, 17, 0), "Europe/Brussels", field="deadline")
    summer = aware_in_zone(dt.datetime(2026, 7, 15, 17, 0), "Europe/Brussels", field="deadline")
    assert winter == dt.datetime(2026, 1, 15, 16, 0, tzinfo=dt.UTC)
    assert summer == dt.datetime(2026, 7, 15, 15, 0, tzinfo=dt.UTC)
    lisbon = aware_in_zone(dt.datetime(2026, 1, 15, 17, 0), "Europe/Lisbon", field="deadline")
    assert lisbon == dt.datetime(2026, 1, 15, 17, 0, tzinfo=dt.UTC)


def test_time_skipped_by_the_clock_change_is_refused():
    with pytest.raises(ValidationError) as error:
        aware_in_zone(dt.datetime(2026, 3, 29, 2, 30), "Europe/Brussels", field="deadline")
    assert error.value.message_dict == {
        "deadline": [
            (
                "2026-03-29 02:30 does not exist in Europe/Brussels (the clocks go forward "
                "then); choose another time."
            )
        ]
    }


def test_repeated_time_means_the_first_occurrence():
    value = aware_in_zone(dt.datetime(2026, 10, 25, 2, 30), "Europe/Brussels", field="deadline")
    assert value == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)


def test_times_are_shown_in_the_zone_and_labelled():
    at = dt.datetime(2026, 3, 2, 16, 0, tzinfo=dt.UTC)
    assert format_in_zone(at, "Europe/Brussels") == "2 March 2026, 17:00 CET (Europe/Brussels)"
    assert format_in_zone(at, "Europe/Helsinki") == "2 March 2026, 18:00 EET (Europe/Helsinki)"
    assert local_iso(at, "Europe/Brussels") == "2026-03-02T17:00:00+01:00"
    assert wall_clock(at, "Europe/Brussels") == dt.datetime(2026, 3, 2, 17, 0)
