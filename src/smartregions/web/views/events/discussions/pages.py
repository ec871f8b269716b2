"""The table-discussion page of an event: rounds, tables, topics, hosts and rapporteurs.

Everyone who may see the event reads it. Confirmed participants sign up for one table per
round, change or leave while the round's sign-up is open; rapporteurs and hosts find their
note-taking pages here; organisers add rounds and open each round's management page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartregions.events.domain.discussions import seats as seat_domain
from smartregions.events.domain.discussions import setup
from smartregions.events.domain.queries.discussions import (
    discussion_rounds,
    note_taker_tables,
    seats_of,
    tables_for_rules,
)
from smartregions.events.forms.discussions import RoundForm
from smartregions.events.models import DiscussionRound
from smartregions.web.views.events.calendar import check, require_post
from smartregions.web.views.events.discussions.common import (
    event_context,
    form_errors,
    posted_id,
    run_and_redirect,
    visible_event,
)


def discussions(request: HttpRequest, slug: str) -> HttpResponse:
    """Rounds and tables; sign-up buttons for participants, links for rapporteurs and
    organisers."""
    event = visible_event(request, slug)
    context = event_context(request, event)
    can_sign_up = request.user.has_perm("events.sign_up_for_table", event)
    rounds = discussion_rounds(event)
    my_seats = seats_of(request.user, event) if can_sign_up else {}
    for round_ in rounds:
        round_.my_table_id = my_seats.get(round_.pk)
    context.update(
        rounds=rounds,
        can_sign_up=can_sign_up,
        my_tables=[
            table
            for table in note_taker_tables(request.user, event)
            if request.user.has_perm("events.take_table_notes", table)
        ],
        round_form=RoundForm(event=event, prefix="round") if context["is_organiser"] else None,
    )
    return render(request, "web/events/discussions/discussions.html", context)


@login_required
def discussion_signup(request: HttpRequest, slug: str) -> HttpResponse:
    """POST ``table``: take a seat there (or move there from one's table in the round)."""
    if (refused := require_post(request)) is not None:
        return refused
    event = visible_event(request, slug)
    check(request, "events.sign_up_for_table", event)
    table = get_object_or_404(tables_for_rules(event), pk=posted_id(request, "table"))
    return run_and_redirect(
        request,
        lambda: seat_domain.sign_up_for_table(actor=request.user, table=table),
        _("You have a seat at table %(number)d.") % {"number": table.number},
        "web:event-discussions",
        slug=event.slug,
    )


@login_required
def discussion_leave(request: HttpRequest, slug: str) -> HttpResponse:
    """POST ``round``: give up one's seat in that round."""
    if (refused := require_post(request)) is not None:
        return refused
    event = visible_event(request, slug)
    check(request, "events.sign_up_for_table", event)
    round_ = get_object_or_404(DiscussionRound, event=event, pk=posted_id(request, "round"))
    return run_and_redirect(
        request,
        lambda: seat_domain.leave_table(actor=request.user, round=round_),
        _("You left your table."),
        "web:event-discussions",
        slug=event.slug,
    )


@login_required
def discussion_round_create(request: HttpRequest, slug: str) -> HttpResponse:
    """POST a new round (organisers); on success, its management page."""
    if (refused := require_post(request)) is not None:
        return refused
    event = visible_event(request, slug)
    check(request, "events.manage_discussions", event)
    form = RoundForm(request.POST, event=event, prefix="round")
    if not form.is_valid():
        form_errors(request, form)
        return redirect("web:event-discussions", slug=event.slug)
    try:
        round_ = setup.create_round(actor=request.user, event=event, **form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("web:event-discussions", slug=event.slug)
    messages.success(request, _("The round was added; add its tables."))
    return redirect("web:event-discussion-round", slug=event.slug, pk=round_.pk)
