"""The participant's agenda: the page, the PDF and the iCalendar file."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from smartregions.events.domain.ical import CONTENT_TYPE as ICS_CONTENT_TYPE
from smartregions.events.domain.matchmaking import agenda as agenda_files
from smartregions.events.domain.queries import matchmaking as queries
from smartregions.events.models import Event, Registration
from smartregions.web.views.events.meetings.base import (
    allow,
    event_context,
    matchmaking_event,
    me_in,
    page,
)


def _agenda(request: HttpRequest, slug: str) -> tuple[Event, Registration, queries.Agenda]:
    event = matchmaking_event(request, slug)
    allow(request, "events.view_own_meetings", event)
    me = me_in(request, event)
    return event, me, queries.agenda(me)


@page
def my_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    """The participant's agenda: placed meetings in time order (event's zone, labelled), and
    those waiting for a time."""
    event, me, agenda = _agenda(request, slug)
    return render(
        request,
        "web/events/meetings/agenda.html",
        event_context(request, event, me=me, agenda=agenda),
    )


@page
def my_meetings_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The agenda as a PDF."""
    event, me, agenda = _agenda(request, slug)
    response = HttpResponse(
        agenda_files.agenda_pdf(me, event, agenda), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="meetings-{event.slug}.pdf"'
    return response


@page
def my_meetings_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """The agenda as an iCalendar file."""
    event, me, agenda = _agenda(request, slug)
    response = HttpResponse(
        agenda_files.agenda_ics(me, event, agenda), content_type=ICS_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="meetings-{event.slug}.ics"'
    return response
