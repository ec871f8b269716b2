"""Organisers set up rounds, tables and guiding questions; refusals name the field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry
from smartregions.events.domain.discussions.setup import (
    add_question,
    copy_questions_to_round,
    create_round,
    create_table,
    delete_question,
    delete_round,
    delete_table,
    question_key,
    update_question,
    update_round,
    update_table,
)
from smartregions.events.enums import SessionKind
from smartregions.events.models import DiscussionRound, DiscussionTable, GuidingQuestion, TableSeat
from tests.events.discussions.conftest import FIRST, PARTNERS, write_notes
from tests.factories.events import SessionFactory


def _errors(info) -> dict:
    return info.value.message_dict


def test_question_key_ignores_case_accents_and_punctuation():
    assert question_key("What should Régions do FIRST?") == "what should regions do first"
    assert question_key(FIRST) == question_key("what should regions do first")


def test_create_round_appends_with_a_table_round_session(dw):
    session = SessionFactory(event=dw.event, kind=SessionKind.TABLE_ROUND, title="Tables I")
    round_ = create_round(
        actor=dw.organiser, event=dw.event, title="  Afternoon  ", session=session
    )
    assert (round_.title, round_.position, round_.session, round_.signup_open) == (
        "Afternoon",
        1,
        session,
        True,
    )
    entry = ActivityLogEntry.objects.get(action="event.discussion_round_create")
    assert (entry.actor, entry.object_id) == (dw.organiser, str(round_.pk))


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"title": " "}, "title", "Write the title."),
        ({"title": "x" * 201}, "title", "Keep the title to 200 characters at most."),
    ],
)
def test_create_round_refuses_bad_titles(dw, kwargs, field, message):
    with pytest.raises(ValidationError) as info:
        create_round(actor=dw.organiser, event=dw.event, **kwargs)
    assert _errors(info) == {field: [message]}


def test_round_session_must_be_a_table_round_of_the_event(dw):
    plenary = SessionFactory(event=dw.event, kind=SessionKind.PLENARY)
    with pytest.raises(ValidationError) as info:
        create_round(actor=None, event=dw.event, title="R", session=plenary)
    assert _errors(info) == {
        "session": ["Choose a session of the programme of kind table-discussion round."]
    }
    elsewhere = SessionFactory(kind=SessionKind.TABLE_ROUND)
    with pytest.raises(ValidationError) as info:
        update_round(actor=None, round=dw.round, title="R", session=elsewhere)
    assert _errors(info) == {"session": ["The session belongs to another event."]}


def test_update_round_closes_signup(dw):
    update_round(actor=dw.organiser, round=dw.round, title="Morning", signup_open=False)
    dw.round.refresh_from_db()
    assert (dw.round.title, dw.round.signup_open) == ("Morning", False)


def test_delete_round_with_notes_is_refused_then_allowed(dw):
    [note] = write_notes(dw.hydrogen, dw.h_first, "Share pilot lines")
    with pytest.raises(ValidationError) as info:
        delete_round(actor=dw.organiser, round=dw.round)
    assert info.value.messages == [
        "The round's tables have rapporteurs' notes; delete the notes first."
    ]
    note.delete()
    delete_round(actor=dw.organiser, round=dw.round)
    assert not DiscussionRound.objects.exists()
    assert not DiscussionTable.objects.exists()
    entry = ActivityLogEntry.objects.get(action="event.discussion_round_delete")
    assert entry.data == {"round": dw.round.pk, "title": "Morning tables"}


def test_create_table_numbers_next_and_checks_people(dw):
    table = create_table(
        actor=dw.organiser,
        round=dw.round,
        topic="Circular economy",
        host=dw.participant,
        rapporteur=dw.organiser,
        capacity=6,
    )
    assert (table.number, table.capacity, table.host, table.rapporteur) == (
        3,
        6,
        dw.participant,
        dw.organiser,
    )
    with pytest.raises(ValidationError) as info:
        create_table(actor=None, round=dw.round, topic="T", rapporteur=dw.outsider)
    assert _errors(info) == {
        "rapporteur": [
            "Uma Outsider is neither an organiser nor a confirmed participant of the event."
        ]
    }


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"number": 1}, "number", "The round already has a table with this number."),
        ({"number": 0}, "number", "Number tables from 1."),
        ({"capacity": 0}, "capacity", "Offer between 1 and 200 seats."),
        ({"topic": ""}, "topic", "Write the topic."),
    ],
)
def test_create_table_refusals(dw, kwargs, field, message):
    with pytest.raises(ValidationError) as info:
        create_table(actor=None, round=dw.round, **{"topic": "T", **kwargs})
    assert _errors(info) == {field: [message]}


def test_capacity_cannot_drop_below_seats_taken(dw):
    for user in (dw.rapporteur, dw.host):
        TableSeat.objects.create(
            round=dw.round, table=dw.hydrogen, registration=dw.registration(user)
        )
    with pytest.raises(ValidationError) as info:
        update_table(
            actor=None,
            table=dw.hydrogen,
            topic="Hydrogen",
            number=1,
            host=dw.host,
            rapporteur=dw.rapporteur,
            capacity=1,
        )
    assert _errors(info) == {
        "capacity": ["2 participants already sit at the table; offer at least as many seats."]
    }
    table = update_table(
        actor=None,
        table=dw.hydrogen,
        topic="Hydrogen",
        number=5,
        host=None,
        rapporteur=dw.rapporteur,
        capacity=2,
    )
    assert (table.topic, table.number, table.host, table.capacity) == ("Hydrogen", 5, None, 2)


def test_delete_table_with_notes_is_refused(dw):
    write_notes(dw.skills, dw.s_first, "Upskill SMEs", submitted=False)
    with pytest.raises(ValidationError) as info:
        delete_table(actor=None, table=dw.skills)
    assert info.value.messages == ["The table has rapporteurs' notes; delete the notes first."]
    delete_table(actor=None, table=dw.hydrogen)
    assert list(DiscussionTable.objects.values_list("topic", flat=True)) == ["Digital skills"]


def test_questions_add_reword_move_and_delete(dw):
    question = add_question(actor=dw.organiser, table=dw.skills, text=" Who funds it? ")
    assert (question.text, question.position) == ("Who funds it?", 1)
    with pytest.raises(ValidationError) as info:
        add_question(actor=None, table=dw.skills, text="what should regions do FIRST")
    assert _errors(info) == {"text": ["The table already has this question."]}
    update_question(actor=None, question=question, text="Who pays?", position=0)
    question.refresh_from_db()
    assert (question.text, question.position) == ("Who pays?", 0)
    write_notes(dw.skills, question, "The region")
    with pytest.raises(ValidationError) as info:
        delete_question(actor=None, question=question)
    assert info.value.messages == ["Rapporteurs' notes answer this question; delete them first."]
    delete_question(actor=None, question=dw.s_first)
    assert list(GuidingQuestion.objects.filter(table=dw.skills).values_list("text", flat=True)) == [
        "Who pays?"
    ]


def test_copy_questions_skips_those_a_table_already_has(dw):
    third = create_table(actor=None, round=dw.round, topic="Tourism")
    added = copy_questions_to_round(actor=dw.organiser, table=dw.hydrogen)
    assert added == 3  # table 2 lacks PARTNERS; table 3 gets both
    assert list(
        GuidingQuestion.objects.filter(table=dw.skills).values_list("text", "position")
    ) == [("What should regions do first", 0), (PARTNERS, 1)]
    assert list(GuidingQuestion.objects.filter(table=third).values_list("text", "position")) == [
        (FIRST, 0),
        (PARTNERS, 1),
    ]
    assert copy_questions_to_round(actor=None, table=dw.hydrogen) == 0
    entries = ActivityLogEntry.objects.filter(action="event.discussion_questions_copy")
    assert [e.data for e in entries.order_by("pk")] == [{"added": 3}, {"added": 0}]


def test_copy_without_questions_is_refused(dw):
    third = create_table(actor=None, round=dw.round, topic="Tourism")
    with pytest.raises(ValidationError) as info:
        copy_questions_to_round(actor=None, table=third)
    assert info.value.messages == ["The table has no question to copy."]
