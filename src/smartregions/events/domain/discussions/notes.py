"""Rapporteurs' notes: statements per guiding question, drafted, then submitted.

The rapporteur (or the host) writes several statements per question of their table, one note
each; a block of text is split into one statement per line. Notes are drafts until the
rapporteur submits the table's drafts; submitted notes are read-only for everyone until the
organisers reopen them (the harvest and its conclusions rest on them). New drafts can be
added after a submission and submitted in turn. Only submitted notes reach the harvest.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.common.domain.notifications import notify
from smartregions.events.domain.discussions.common import clean_text, lock_table, user_or_none
from smartregions.events.models import DiscussionTable, GuidingQuestion, RapporteurNote

#: Longest statement.
NOTE_LIMIT = 1000
#: Most statements added at once.
MAX_LINES = 50


def statements(text: str) -> list[str]:
    """The statements of a block of text: one per non-blank line, stripped, leading list
    markers (``-``, ``*``, ``•``) removed."""
    lines = (line.strip().lstrip("-*•").strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


def _editable(note: RapporteurNote) -> RapporteurNote:
    """``note`` locked, if it is a draft that no conclusion rests on.

    Why: reopening a table lets the rapporteur add and submit notes again, but a conclusion
    must keep the wording it was drawn from; the organisers unlink the note first.
    """
    locked = RapporteurNote.objects.select_for_update().get(pk=note.pk)
    if locked.submitted_at is not None:
        raise ValidationError(
            _("The note was submitted; the organisers can reopen the table's notes.")
        )
    conclusion = locked.conclusions.order_by("position", "pk").first()
    if conclusion is not None:
        raise ValidationError(
            _(
                "The note is a source of the conclusion “%(conclusion)s”; the organisers must "
                "unlink it from that conclusion before it can be changed or deleted."
            )
            % {"conclusion": Truncator(conclusion.text).chars(60)}
        )
    return locked


@transaction.atomic
def add_notes(*, actor: Any, question: GuidingQuestion, text: str) -> list[RapporteurNote]:
    """Add draft notes to ``question``, one per line of ``text``. Records
    ``event.table_notes_add`` on the table."""
    lines = statements(text)
    if not lines:
        raise ValidationError({"text": _("Write at least one statement.")})
    if len(lines) > MAX_LINES:
        raise ValidationError({"text": _("Add at most %d statements at once.") % MAX_LINES})
    for line in lines:
        clean_text(line, field="text", limit=NOTE_LIMIT, label=_("statement"))
    table = lock_table(question.table)
    notes = RapporteurNote.objects.bulk_create(
        [
            RapporteurNote(table=table, question=question, author=user_or_none(actor), text=line)
            for line in lines
        ]
    )
    log_activity(
        actor=actor,
        action="event.table_notes_add",
        obj=table,
        data={"question": question.pk, "added": len(notes)},
    )
    return notes


@transaction.atomic
def update_note(*, actor: Any, note: RapporteurNote, text: str) -> RapporteurNote:
    """Reword a draft note (one statement; line breaks become spaces). Records
    ``event.table_note_update``."""
    note = _editable(note)
    note.text = clean_text(
        " ".join((text or "").split()), field="text", limit=NOTE_LIMIT, label=_("statement")
    )
    note.save(update_fields=["text", "updated_at"])
    log_activity(
        actor=actor, action="event.table_note_update", obj=note, data={"table": note.table_id}
    )
    return note


@transaction.atomic
def delete_note(*, actor: Any, note: RapporteurNote) -> None:
    """Delete a draft note. Records ``event.table_note_delete`` on the table."""
    note = _editable(note)
    table = note.table
    data = {"note": note.pk, "question": note.question_id}
    note.delete()
    log_activity(actor=actor, action="event.table_note_delete", obj=table, data=data)


def _organisers_of(table: DiscussionTable) -> list[Any]:
    return list(table.round.event.organisers.all())


@transaction.atomic
def submit_table_notes(*, actor: Any, table: DiscussionTable) -> int:
    """Submit every draft note of the table; the event's organisers are notified.

    Returns how many notes were submitted. Records ``event.table_notes_submit``.
    """
    table = lock_table(table)
    count = RapporteurNote.objects.filter(table=table, submitted_at__isnull=True).update(
        submitted_at=timezone.now()
    )
    if not count:
        raise ValidationError(_("There is no draft note to submit."))
    log_activity(
        actor=actor, action="event.table_notes_submit", obj=table, data={"submitted": count}
    )
    event = table.round.event
    notify(
        recipients=_organisers_of(table),
        kind="event.table_notes_submitted",
        title=_("Notes of table %(number)d (%(topic)s) submitted: %(event)s")
        % {"number": table.number, "topic": table.topic, "event": event.title},
        body=_("%(count)d statement(s) are ready for harvesting.") % {"count": count},
        url=reverse("web:event-harvest", args=[event.slug]),
        exclude=actor,
    )
    return count


@transaction.atomic
def reopen_table_notes(*, actor: Any, table: DiscussionTable) -> int:
    """Turn the table's submitted notes back into drafts (organisers); the rapporteur and the
    host are notified. Conclusions keep their links to the notes, and notes a conclusion rests
    on stay unchangeable until unlinked.

    Returns how many notes were reopened. Records ``event.table_notes_reopen``.
    """
    table = lock_table(table)
    count = RapporteurNote.objects.filter(table=table, submitted_at__isnull=False).update(
        submitted_at=None
    )
    if not count:
        raise ValidationError(_("The table has no submitted note to reopen."))
    log_activity(
        actor=actor, action="event.table_notes_reopen", obj=table, data={"reopened": count}
    )
    event = table.round.event
    notify(
        recipients=[table.rapporteur, table.host],
        kind="event.table_notes_reopened",
        title=_("Notes of table %(number)d (%(topic)s) reopened: %(event)s")
        % {"number": table.number, "topic": table.topic, "event": event.title},
        body=_("The organisers reopened the table's notes; edit them and submit them again."),
        url=reverse("web:event-table-notes", args=[event.slug, table.pk]),
        exclude=actor,
    )
    return count
