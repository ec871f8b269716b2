"""Organisers' pages of table discussions: a round (its tables, who sits where, assignment)
and a table (topic, host, rapporteur, seats and guiding questions)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartregions.events.domain.discussions import seats as seat_domain
from smartregions.events.domain.discussions import setup
from smartregions.events.domain.queries.discussions import (
    event_people,
    round_with_tables,
    table_with_notes,
    unseated_registrations,
)
from smartregions.events.forms.discussions import AssignForm, QuestionForm, RoundForm, TableForm
from smartregions.events.models import (
    DiscussionRound,
    DiscussionTable,
    GuidingQuestion,
    Registration,
    TableSeat,
)
from smartregions.web.views.events.calendar import check, require_post
from smartregions.web.views.events.discussions.common import (
    event_context,
    flash_errors,
    posted_id,
    run_and_redirect,
    run_form,
    visible_event,
)


def _organiser_event(request: HttpRequest, slug: str) -> Any:
    event = visible_event(request, slug)
    check(request, "events.manage_discussions", event)
    return event


def _round_forms(event: Any, round_: DiscussionRound) -> dict[str, Any]:
    return {
        "round_form": RoundForm(
            event=event,
            prefix="round",
            initial={
                "title": round_.title,
                "session": round_.session_id,
                "signup_open": round_.signup_open,
            },
        ),
        "table_form": TableForm(people=event_people(event), prefix="table"),
        "assign_form": AssignForm(
            registrations=unseated_registrations(round_),
            tables=DiscussionTable.objects.filter(round=round_).order_by("number"),
            prefix="assign",
        ),
    }


@login_required
def discussion_round(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A round: edit it, its tables with who sits where, assign, move and auto-assign."""
    event = _organiser_event(request, slug)
    try:
        round_ = round_with_tables(event, pk)
    except DiscussionRound.DoesNotExist:
        raise Http404 from None
    tables = list(round_.tables.all())
    context = event_context(
        request,
        event,
        round=round_,
        tables=tables,
        unseated=list(unseated_registrations(round_)),
        seated=sum(len(table.seats.all()) for table in tables),
        **_round_forms(event, round_),
    )
    return render(request, "web/events/discussions/round.html", context)


def _round_back(round_: DiscussionRound) -> dict[str, Any]:
    return {"target": "web:event-discussion-round", "slug": round_.event.slug, "pk": round_.pk}


def _round_save(request: HttpRequest, round_: DiscussionRound) -> HttpResponse:
    return run_form(
        request,
        RoundForm(request.POST, event=round_.event, prefix="round"),
        lambda data: setup.update_round(actor=request.user, round=round_, **data),
        _("The round was saved."),
        **_round_back(round_),
    )


def _round_delete(request: HttpRequest, round_: DiscussionRound) -> HttpResponse:
    try:
        setup.delete_round(actor=request.user, round=round_)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("web:event-discussion-round", slug=round_.event.slug, pk=round_.pk)
    messages.success(request, _("The round was deleted."))
    return redirect("web:event-discussions", slug=round_.event.slug)


def _round_add_table(request: HttpRequest, round_: DiscussionRound) -> HttpResponse:
    return run_form(
        request,
        TableForm(request.POST, people=event_people(round_.event), prefix="table"),
        lambda data: setup.create_table(actor=request.user, round=round_, **data),
        _("The table was added."),
        **_round_back(round_),
    )


def _round_assign(request: HttpRequest, round_: DiscussionRound) -> HttpResponse:
    """Seat (or move) a participant: ``registration`` and ``table`` ids, prefixed ``assign-``
    from the assignment form, bare from a move button."""
    prefix = "assign-" if "assign-registration" in request.POST else ""
    registration = get_object_or_404(
        Registration, event=round_.event, pk=posted_id(request, f"{prefix}registration")
    )
    table = get_object_or_404(
        DiscussionTable.objects.select_related("round__event"),
        round=round_,
        pk=posted_id(request, f"{prefix}table"),
    )
    return run_and_redirect(
        request,
        lambda: seat_domain.assign_seat(actor=request.user, table=table, registration=registration),
        _("%(who)s sits at table %(number)d.")
        % {"who": registration.badge_name, "number": table.number},
        **_round_back(round_),
    )


def _round_unassign(request: HttpRequest, round_: DiscussionRound) -> HttpResponse:
    seat = get_object_or_404(TableSeat, round=round_, pk=posted_id(request, "seat"))
    return run_and_redirect(
        request,
        lambda: seat_domain.remove_seat(actor=request.user, seat=seat),
        _("The participant has no table in this round any more."),
        **_round_back(round_),
    )


def _round_auto_assign(request: HttpRequest, round_: DiscussionRound) -> HttpResponse:
    try:
        result = seat_domain.auto_assign(actor=request.user, round=round_)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("%d participant(s) were given a table.") % result.seated)
        if result.left_over:
            messages.warning(
                request,
                _("%d participant(s) are still without a table: every table is full.")
                % result.left_over,
            )
    return redirect("web:event-discussion-round", slug=round_.event.slug, pk=round_.pk)


#: What a POST to ``rounds/<pk>/change/<verb>/`` does.
ROUND_CHANGES = {
    "save": _round_save,
    "delete": _round_delete,
    "add-table": _round_add_table,
    "assign": _round_assign,
    "move": _round_assign,
    "unassign": _round_unassign,
    "auto-assign": _round_auto_assign,
}


@login_required
def discussion_round_change(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST a change to a round (organisers): one of :data:`ROUND_CHANGES`."""
    if (refused := require_post(request)) is not None:
        return refused
    event = _organiser_event(request, slug)
    change = ROUND_CHANGES.get(verb)
    if change is None:
        raise Http404
    round_ = get_object_or_404(DiscussionRound, event=event, pk=pk)
    round_.event = event
    return change(request, round_)


@login_required
def discussion_table(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A table: edit topic, number, host, rapporteur and seats; its guiding questions."""
    event = _organiser_event(request, slug)
    try:
        table = table_with_notes(event, pk)
    except DiscussionTable.DoesNotExist:
        raise Http404 from None
    form = TableForm(
        people=event_people(event),
        prefix="table",
        initial={
            "number": table.number,
            "topic": table.topic,
            "host": table.host_id,
            "rapporteur": table.rapporteur_id,
            "capacity": table.capacity,
        },
    )
    context = event_context(
        request,
        event,
        table=table,
        questions=list(table.questions.all()),
        table_form=form,
        question_form=QuestionForm(prefix="question"),
    )
    return render(request, "web/events/discussions/table.html", context)


def _table_back(table: DiscussionTable) -> dict[str, Any]:
    return {"target": "web:event-discussion-table", "slug": table.round.event.slug, "pk": table.pk}


def _to_table(table: DiscussionTable) -> HttpResponse:
    return redirect("web:event-discussion-table", slug=table.round.event.slug, pk=table.pk)


def _table_save(request: HttpRequest, table: DiscussionTable) -> HttpResponse:
    def save(data: dict[str, Any]) -> Any:
        data = {**data, "number": data["number"] or table.number}
        return setup.update_table(actor=request.user, table=table, **data)

    return run_form(
        request,
        TableForm(request.POST, people=event_people(table.round.event), prefix="table"),
        save,
        _("The table was saved."),
        **_table_back(table),
    )


def _table_delete(request: HttpRequest, table: DiscussionTable) -> HttpResponse:
    try:
        setup.delete_table(actor=request.user, table=table)
    except ValidationError as error:
        flash_errors(request, error)
        return _to_table(table)
    messages.success(request, _("The table was deleted."))
    return redirect("web:event-discussion-round", slug=table.round.event.slug, pk=table.round_id)


def _table_copy_questions(request: HttpRequest, table: DiscussionTable) -> HttpResponse:
    try:
        added = setup.copy_questions_to_round(actor=request.user, table=table)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request, _("%d question(s) were added to the other tables of the round.") % added
        )
    return _to_table(table)


def _table_add_question(request: HttpRequest, table: DiscussionTable) -> HttpResponse:
    return run_form(
        request,
        QuestionForm(request.POST, prefix="question"),
        lambda data: setup.add_question(actor=request.user, table=table, **data),
        _("The question was added."),
        **_table_back(table),
    )


def _table_edit_question(request: HttpRequest, table: DiscussionTable) -> HttpResponse:
    question = get_object_or_404(GuidingQuestion, table=table, pk=posted_id(request, "question"))
    return run_form(
        request,
        QuestionForm(request.POST, prefix="question"),
        lambda data: setup.update_question(actor=request.user, question=question, **data),
        _("The question was saved."),
        **_table_back(table),
    )


def _table_delete_question(request: HttpRequest, table: DiscussionTable) -> HttpResponse:
    question = get_object_or_404(GuidingQuestion, table=table, pk=posted_id(request, "question"))
    return run_and_redirect(
        request,
        lambda: setup.delete_question(actor=request.user, question=question),
        _("The question was removed."),
        **_table_back(table),
    )


#: What a POST to ``tables/<pk>/change/<verb>/`` does.
TABLE_CHANGES = {
    "save": _table_save,
    "delete": _table_delete,
    "copy-questions": _table_copy_questions,
    "add-question": _table_add_question,
    "edit-question": _table_edit_question,
    "delete-question": _table_delete_question,
}


@login_required
def discussion_table_change(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST a change to a table (organisers): one of :data:`TABLE_CHANGES`."""
    if (refused := require_post(request)) is not None:
        return refused
    event = _organiser_event(request, slug)
    change = TABLE_CHANGES.get(verb)
    if change is None:
        raise Http404
    table = get_object_or_404(
        DiscussionTable.objects.select_related("round"), round__event=event, pk=pk
    )
    table.round.event = event
    return change(request, table)
