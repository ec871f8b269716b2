"""The calendar, an event's overview page, the event editor, its co-organisers, and the
iCalendar feeds (``/events/calendar.ics`` and ``/events/<slug>/event.ics``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartregions.accounts.models import User
from smartregions.events.domain import events as event_domain
from smartregions.events.domain.ical import CONTENT_TYPE as ICS_CONTENT_TYPE
from smartregions.events.domain.ical import calendar
from smartregions.events.domain.queries.events import (
    event_list as event_list_query,
)
from smartregions.events.domain.queries.events import (
    events_with_details,
    places_left,
    public_feed_events,
    registration_window,
)
from smartregions.events.enums import EventStatus, RegistrationStatus
from smartregions.events.forms.events import EventFilterForm, EventForm, OrganiserForm
from smartregions.events.models import Event
from smartregions.events.rules.base import registration_of
from smartregions.web.views.helpers import (
    add_domain_errors,
    paginate,
    query_without_page,
    render_page_or_partial,
)

EVENTS_PER_PAGE = 20


def visible_event_or_404(
    request: HttpRequest, slug: str, events: QuerySet[Event] | None = None
) -> Event:
    """The event ``slug`` (from ``events``, default all) if the user may see it, else 404.

    Why: a draft is private to its organisers; answering 403 or a sign-in page for it would
    tell anyone that it exists. Look the event up with this before checking anything else.
    """
    event = get_object_or_404(Event.objects.all() if events is None else events, slug=slug)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    return event


def check(request: HttpRequest, perm: str, obj: Any) -> None:
    """403 unless the user holds ``perm`` on ``obj`` (views sign anonymous users in first)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def require_post(request: HttpRequest) -> HttpResponse | None:
    """``None`` for a POST, else the 405 response to return."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def run(request: HttpRequest, work: Any, success: str) -> bool:
    """Run a domain call; flash ``success`` or every validation message. True if it worked."""
    try:
        work()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def event_page_context(request: HttpRequest, event: Event, **extra: Any) -> dict[str, Any]:
    """What every page of one event needs for ``_event_base.html``."""
    return {
        "event": event,
        "is_organiser": request.user.has_perm("events.change_event", event),
        **extra,
    }


def event_list(request: HttpRequest) -> HttpResponse:
    """The calendar: public events (organisers also see their drafts), filtered, upcoming
    first by default; htmx swaps only the results."""
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    events = event_list_query(request.user, filters)
    context = {
        "form": form,
        "page": paginate(request, events, EVENTS_PER_PAGE),
        "query": query_without_page(request),
        "feed_query": query_without_page(request),
        "past": filters.past,
        "can_add": request.user.has_perm("events.add_event"),
    }
    return render_page_or_partial(
        request,
        page="web/events/list.html",
        partial="web/events/_list_results.html",
        context=context,
    )


def _publish_problems(event: Event) -> list[str]:
    if event.status != EventStatus.DRAFT:
        return []
    try:
        event_domain.check_publishable(event)
    except ValidationError as error:
        return error.messages
    return []


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's overview: description, dates in its zone, place, themes, organisers,
    capacity and places left, the registration state and the visitor's own registration."""
    event = visible_event_or_404(request, slug, events_with_details())
    user = request.user
    mine = registration_of(user, event)
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    is_organiser = user.has_perm("events.change_event", event)
    window = registration_window(event)
    context = event_page_context(
        request,
        event,
        my_registration=mine,
        waitlist_position=_waitlist_position(mine),
        confirmed=confirmed,
        places_left=places_left(event, confirmed),
        window=window,
        can_register=window.is_open
        and (mine is None or mine.status == RegistrationStatus.CANCELLED)
        and (not user.is_authenticated or user.has_perm("events.register", event)),
        location=event_domain.event_location(event),
        publish_problems=_publish_problems(event) if is_organiser else [],
        organiser_form=OrganiserForm(),
    )
    return render(request, "web/events/detail.html", context)


def _waitlist_position(registration: Any) -> int | None:
    if registration is None or registration.status != RegistrationStatus.WAITLISTED:
        return None
    from smartregions.events.domain.queries.registrations import waiting_list

    ids = list(waiting_list(registration.event).values_list("pk", flat=True))
    return ids.index(registration.pk) + 1


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    """An event organiser (or platform staff) creates a draft event."""
    check(request, "events.add_event", None)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_domain.create_event(actor=request.user, **form.values())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The draft event “%s” was created.") % event.title)
            return redirect("web:event-detail", slug=event.slug)
    return render(request, "web/events/create.html", {"form": form, "event": None})


@login_required
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The event editor (its organisers); a cancelled event cannot change."""
    event = visible_event_or_404(request, slug, events_with_details())
    check(request, "events.change_event", event)
    if event.status == EventStatus.CANCELLED:
        messages.error(request, _("A cancelled event cannot be changed."))
        return redirect("web:event-detail", slug=event.slug)
    form = EventForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            event_domain.update_event(actor=request.user, event=event, **form.values())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("web:event-detail", slug=event.slug)
    return render(request, "web/events/form.html", event_page_context(request, event, form=form))


_TRANSITIONS = {
    "publish": (event_domain.publish_event, gettext_lazy("The event is published.")),
    "cancel": (
        event_domain.cancel_event,
        gettext_lazy("The event is cancelled; everyone registered was told."),
    ),
}


@login_required
def event_transition(request: HttpRequest, slug: str, verb: str) -> HttpResponse:
    """POST publish or cancel (organisers)."""
    if (refused := require_post(request)) is not None:
        return refused
    if verb not in _TRANSITIONS:
        raise Http404
    event = visible_event_or_404(request, slug)
    check(request, "events.change_event", event)
    step, done = _TRANSITIONS[verb]
    run(request, lambda: step(actor=request.user, event=event), str(done))
    return redirect("web:event-detail", slug=event.slug)


@login_required
def organiser_add(request: HttpRequest, slug: str) -> HttpResponse:
    """POST the e-mail address of a co-organiser to name (organisers)."""
    if (refused := require_post(request)) is not None:
        return refused
    event = visible_event_or_404(request, slug)
    check(request, "events.change_event", event)
    form = OrganiserForm(request.POST)
    if form.is_valid():
        user = form.cleaned_data["email"]
        run(
            request,
            lambda: event_domain.add_organiser(actor=request.user, event=event, user=user),
            _("%s now co-organises the event.") % user,
        )
    else:
        for error in form.errors.get("email", []):
            messages.error(request, error)
    return redirect("web:event-detail", slug=event.slug)


@login_required
def organiser_remove(request: HttpRequest, slug: str, user_pk: int) -> HttpResponse:
    """POST: remove a co-organiser (organisers; the last one stays)."""
    if (refused := require_post(request)) is not None:
        return refused
    event = visible_event_or_404(request, slug)
    check(request, "events.change_event", event)
    user = get_object_or_404(User, pk=user_pk)
    run(
        request,
        lambda: event_domain.remove_organiser(actor=request.user, event=event, user=user),
        _("%s no longer organises the event.") % user,
    )
    return redirect("web:event-detail", slug=event.slug)


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The iCalendar feed of published events, with the calendar page's filters."""
    filters = EventFilterForm(request.GET or None).filters()
    events = public_feed_events(filters)
    return _ics_response(
        calendar([event_domain.ics_event(e) for e in events], name=_("smartregions events")),
        "events.ics",
    )


def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """One event as an iCalendar file (for anyone who may see the event)."""
    event = visible_event_or_404(request, slug, Event.objects.select_related("country"))
    return _ics_response(
        calendar([event_domain.ics_event(event)], name=event.title), f"{event.slug}.ics"
    )
