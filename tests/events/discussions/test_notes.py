"""Rapporteurs' notes: statements per line, drafts edited and deleted, submit, reopen."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.events.domain.discussions.conclusions import create_conclusion
from smartregions.events.domain.discussions.notes import (
    add_notes,
    delete_note,
    reopen_table_notes,
    statements,
    submit_table_notes,
    update_note,
)
from smartregions.events.models import RapporteurNote

NOON = dt.datetime(2027, 3, 10, 11, 0, tzinfo=dt.UTC)


def test_statements_are_lines_without_list_markers():
    assert statements("- Share pilot lines\n\n  * Train SMEs  \n• Fund\n   \n") == [
        "Share pilot lines",
        "Train SMEs",
        "Fund",
    ]


def test_add_notes_one_per_line_as_drafts(dw):
    notes = add_notes(
        actor=dw.rapporteur, question=dw.h_first, text="Share pilot lines\nTrain SMEs"
    )
    assert [(n.text, n.table, n.author, n.submitted_at) for n in notes] == [
        ("Share pilot lines", dw.hydrogen, dw.rapporteur, None),
        ("Train SMEs", dw.hydrogen, dw.rapporteur, None),
    ]
    entry = ActivityLogEntry.objects.get(action="event.table_notes_add")
    assert entry.data == {"question": dw.h_first.pk, "added": 2}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  \n - \n", "Write at least one statement."),
        ("x" * 1001, "Keep the statement to 1000 characters at most."),
        ("\n".join(f"s{i}" for i in range(51)), "Add at most 50 statements at once."),
    ],
)
def test_add_notes_refusals(dw, text, message):
    with pytest.raises(ValidationError) as info:
        add_notes(actor=dw.rapporteur, question=dw.h_first, text=text)
    assert info.value.message_dict == {"text": [message]}


def test_drafts_are_edited_and_deleted(dw):
    first, second = add_notes(actor=dw.rapporteur, question=dw.h_first, text="a b\nc d")
    update_note(actor=dw.rapporteur, note=first, text="  Share\n pilot   lines ")
    first.refresh_from_db()
    assert first.text == "Share pilot lines"
    delete_note(actor=dw.host, note=second)
    assert list(RapporteurNote.objects.values_list("text", flat=True)) == ["Share pilot lines"]


@time_machine.travel(NOON, tick=False)
def test_submit_makes_notes_read_only_and_tells_the_organisers(dw):
    add_notes(actor=dw.rapporteur, question=dw.h_first, text="Share pilot lines\nTrain SMEs")
    assert submit_table_notes(actor=dw.rapporteur, table=dw.hydrogen) == 2
    assert set(RapporteurNote.objects.values_list("submitted_at", flat=True)) == {NOON}
    note = RapporteurNote.objects.first()
    for change in (
        lambda: update_note(actor=dw.rapporteur, note=note, text="Other"),
        lambda: delete_note(actor=dw.rapporteur, note=note),
    ):
        with pytest.raises(ValidationError) as info:
            change()
        assert info.value.messages == [
            "The note was submitted; the organisers can reopen the table's notes."
        ]
    [notice] = Notification.objects.filter(kind="event.table_notes_submitted")
    assert notice.recipient == dw.organiser
    assert notice.title == (
        "Notes of table 1 (Hydrogen valleys) submitted: Smart Regions Conference 2027"
    )
    assert notice.url == "/events/src-2027/harvest/"
    with pytest.raises(ValidationError) as info:
        submit_table_notes(actor=dw.rapporteur, table=dw.hydrogen)
    assert info.value.messages == ["There is no draft note to submit."]


def test_new_drafts_after_submission_are_submitted_in_turn(dw):
    add_notes(actor=dw.rapporteur, question=dw.h_first, text="One")
    submit_table_notes(actor=dw.rapporteur, table=dw.hydrogen)
    add_notes(actor=dw.rapporteur, question=dw.h_partners, text="Two")
    assert submit_table_notes(actor=dw.rapporteur, table=dw.hydrogen) == 1
    assert not RapporteurNote.objects.filter(submitted_at__isnull=True).exists()


def test_reopen_turns_submitted_notes_into_drafts_and_tells_rapporteur_and_host(dw):
    with pytest.raises(ValidationError) as info:
        reopen_table_notes(actor=dw.organiser, table=dw.hydrogen)
    assert info.value.messages == ["The table has no submitted note to reopen."]
    add_notes(actor=dw.rapporteur, question=dw.h_first, text="One\nTwo")
    submit_table_notes(actor=dw.rapporteur, table=dw.hydrogen)
    assert reopen_table_notes(actor=dw.organiser, table=dw.hydrogen) == 2
    assert not RapporteurNote.objects.filter(submitted_at__isnull=False).exists()
    notices = Notification.objects.filter(kind="event.table_notes_reopened").order_by(
        "recipient__full_name"
    )
    url = f"/events/src-2027/discussions/tables/{dw.hydrogen.pk}/notes/"
    assert [(notice.recipient, notice.url) for notice in notices] == [
        (dw.host, url),
        (dw.rapporteur, url),
    ]
    assert ActivityLogEntry.objects.get(action="event.table_notes_reopen").data == {"reopened": 2}


def test_notes_a_conclusion_rests_on_cannot_be_edited_or_deleted_after_reopening(dw):
    [pool, train] = add_notes(actor=dw.rapporteur, question=dw.h_first, text="Pool\nTrain")
    submit_table_notes(actor=dw.rapporteur, table=dw.hydrogen)
    create_conclusion(
        actor=dw.organiser, event=dw.event, sources=[pool], text="Regions pool pilot lines."
    )
    reopen_table_notes(actor=dw.organiser, table=dw.hydrogen)
    message = (
        "The note is a source of the conclusion “Regions pool pilot lines.”; the organisers "
        "must unlink it from that conclusion before it can be changed or deleted."
    )
    with pytest.raises(ValidationError) as info:
        update_note(actor=dw.rapporteur, note=pool, text="Something else")
    assert info.value.messages == [message]
    with pytest.raises(ValidationError) as info:
        delete_note(actor=dw.rapporteur, note=pool)
    assert info.value.messages == [message]
    pool.refresh_from_db()
    assert pool.text == "Pool"
    assert update_note(actor=dw.rapporteur, note=train, text="Train SMEs").text == "Train SMEs"
    delete_note(actor=dw.rapporteur, note=train)
    assert list(RapporteurNote.objects.values_list("text", flat=True)) == ["Pool"]
