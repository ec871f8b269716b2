"""The note-taking page of a table: per guiding question, the rapporteur's statements.

The table's rapporteur and host (and organisers) add statements (one per line), edit and
delete drafts in place with htmx, then submit the table's drafts; submitted notes are
read-only until an organiser reopens them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartregions.events.domain.discussions import notes as note_domain
from smartregions.events.domain.queries.discussions import question_with_notes, table_with_notes
from smartregions.events.forms.discussions import NoteForm, NotesForm
from smartregions.events.models import DiscussionTable, Event, RapporteurNote
from smartregions.web.views.events.calendar import check, require_post
from smartregions.web.views.events.discussions.common import (
    event_context,
    flash_errors,
    posted_id,
    visible_event,
)
from smartregions.web.views.helpers import wants_partial


def _table(request: HttpRequest, slug: str, pk: int) -> tuple[Event, DiscussionTable]:
    event = visible_event(request, slug)
    try:
        table = table_with_notes(event, pk)
    except DiscussionTable.DoesNotExist:
        raise Http404 from None
    check(request, "events.take_table_notes", table)
    return event, table


def _context(request: HttpRequest, event: Event, table: DiscussionTable) -> dict[str, Any]:
    questions = list(table.questions.all())
    notes = [note for question in questions for note in question.notes.all()]
    return event_context(
        request,
        event,
        table=table,
        questions=questions,
        drafts=sum(1 for note in notes if note.submitted_at is None),
        submitted=sum(1 for note in notes if note.submitted_at is not None),
        can_reopen=request.user.has_perm("events.reopen_table_notes", table),
    )


@login_required
def table_notes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The table's questions with their notes, forms to add and edit, submit and reopen."""
    event, table = _table(request, slug, pk)
    return render(request, "web/events/discussions/notes.html", _context(request, event, table))


def _question_block(
    request: HttpRequest, table: DiscussionTable, question_pk: int, *, error: str = ""
) -> HttpResponse:
    question = question_with_notes(table, question_pk)
    context = {"event": table.round.event, "table": table, "question": question, "error": error}
    return render(request, "web/events/discussions/_question_notes.html", context)


def _table_wide(request: HttpRequest, table: DiscussionTable, verb: str) -> HttpResponse:
    """Submit the drafts, or (organisers) reopen the submitted notes; back to the page."""
    if verb == "reopen":
        check(request, "events.reopen_table_notes", table)
    work = note_domain.submit_table_notes if verb == "submit" else note_domain.reopen_table_notes
    try:
        count = work(actor=request.user, table=table)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        done = _("%d note(s) submitted.") if verb == "submit" else _("%d note(s) reopened.")
        messages.success(request, done % count)
    return redirect("web:event-table-notes", slug=table.round.event.slug, pk=table.pk)


def _note_step(
    request: HttpRequest, table: DiscussionTable, verb: str
) -> tuple[int, Form | None, Callable[[], object]]:
    """The question concerned, the form to validate (if any) and the domain call of an add,
    edit or delete."""
    actor = request.user
    if verb == "add":
        question = get_object_or_404(table.questions.all(), pk=posted_id(request, "question"))
        form = NotesForm(request.POST)
        return (
            question.pk,
            form,
            lambda: note_domain.add_notes(
                actor=actor, question=question, text=form.cleaned_data["text"]
            ),
        )
    note = get_object_or_404(RapporteurNote, table=table, pk=posted_id(request, "note"))
    if verb == "edit":
        form = NoteForm(request.POST)
        return (
            note.question_id,
            form,
            lambda: note_domain.update_note(actor=actor, note=note, text=form.cleaned_data["text"]),
        )
    return note.question_id, None, lambda: note_domain.delete_note(actor=actor, note=note)


@login_required
def table_notes_change(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST add, edit, delete (htmx: the question's block comes back), submit or reopen."""
    if (refused := require_post(request)) is not None:
        return refused
    event, table = _table(request, slug, pk)
    if verb in ("submit", "reopen"):
        return _table_wide(request, table, verb)
    if verb not in ("add", "edit", "delete"):
        raise Http404
    question_pk, form, step = _note_step(request, table, verb)
    error = ""
    if form is not None and not form.is_valid():
        error = " ".join(message for errors in form.errors.values() for message in errors)
    else:
        try:
            step()
        except ValidationError as problem:
            error = " ".join(problem.messages)
    if wants_partial(request):
        return _question_block(request, table, question_pk, error=error)
    if error:
        messages.error(request, error)
    return redirect("web:event-table-notes", slug=event.slug, pk=table.pk)
