"""Meeting requests (send, accept, decline, cancel) and the availability grid."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartregions.events.domain.matchmaking import availability as availability_domain
from smartregions.events.domain.matchmaking import requests as request_domain
from smartregions.events.domain.queries import matchmaking as queries
from smartregions.events.forms.matchmaking import (
    AnswerForm,
    AvailabilityForm,
    MeetingRequestForm,
)
from smartregions.events.models import Registration
from smartregions.web.views.events.meetings.base import (
    allow,
    back,
    event_context,
    flash_form_errors,
    matchmaking_event,
    me_in,
    meeting_session_of,
    page,
    post_only,
    run,
)
from smartregions.web.views.helpers import (
    add_domain_errors,
)


@page
def request_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST a meeting request to participant ``pk`` (a registration)."""
    if (refused := post_only(request)) is not None:
        return refused
    event = matchmaking_event(request, slug)
    allow(request, "events.take_part_in_matchmaking", event)
    recipient = get_object_or_404(Registration, pk=pk, event=event)
    form = MeetingRequestForm(request.POST, sessions=list(queries.meeting_sessions(event)))
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        data = form.cleaned_data
        run(
            request,
            lambda: request_domain.send_meeting_request(
                actor=request.user,
                meeting_session=data["meeting_session"],
                requester=me_in(request, event),
                recipient=recipient,
                message=data["message"],
                time_preference=data["time_preference"],
            ),
            _("Your request to %s was sent.") % recipient.badge_name,
        )
    return redirect("web:event-participant", slug=event.slug, pk=recipient.pk)


_REQUEST_VERBS = {
    "accept": (
        "events.answer_meeting_request",
        request_domain.accept_meeting_request,
        gettext_lazy("You accepted the meeting."),
    ),
    "decline": (
        "events.answer_meeting_request",
        request_domain.decline_meeting_request,
        gettext_lazy("You declined the request."),
    ),
    "cancel": (
        "events.cancel_meeting_request",
        request_domain.cancel_meeting_request,
        gettext_lazy("The request was cancelled."),
    ),
}


@page
def request_action(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST accept, decline or cancel a meeting request, with an optional message."""
    if (refused := post_only(request)) is not None:
        return refused
    if verb not in _REQUEST_VERBS:
        raise Http404
    event = matchmaking_event(request, slug)
    meeting_request = queries.event_request(event, pk)
    if meeting_request is None:
        raise Http404
    perm, step, done = _REQUEST_VERBS[verb]
    allow(request, perm, meeting_request)
    form = AnswerForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    run(
        request,
        lambda: step(actor=request.user, meeting_request=meeting_request, message=message),
        str(done),
    )
    return back(request, reverse("web:event-meetings", args=[event.slug]))


@page
def availability_edit(request: HttpRequest, slug: str, session_pk: int) -> HttpResponse:
    """The slots of a session the participant cannot attend: a checkbox per slot; saving
    replaces the set."""
    event = matchmaking_event(request, slug)
    allow(request, "events.set_availability", event)
    session = meeting_session_of(event, session_pk)
    me = me_in(request, event)
    rows = queries.availability(me, session)
    form = AvailabilityForm(
        request.POST or None,
        slots=[row.slot for row in rows],
        zone=event.timezone,
        initial={"unavailable": [str(row.slot.pk) for row in rows if row.unavailable]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            availability_domain.set_unavailable_slots(
                actor=request.user,
                registration=me,
                meeting_session=session,
                slots=form.chosen_slots(),
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your availability was saved."))
            return redirect(
                "web:event-meeting-availability", slug=event.slug, session_pk=session.pk
            )
    boxes = {str(box.data["value"]): box for box in form["unavailable"]}
    context = event_context(
        request,
        event,
        session=session,
        form=form,
        rows=[(row, boxes[str(row.slot.pk)]) for row in rows],
        show_meetings=queries.schedule_visible(session),
        me=me,
    )
    return render(request, "web/events/meetings/availability.html", context)
