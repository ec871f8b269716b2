"""The exhibition pages (stand catalogue, booking requests and decisions, exhibitor showcases)
and the pitch page (applications, decisions and the order of accepted pitches)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.events.domain import exhibition as exhibition_domain
from smartregions.events.domain import pitches as pitch_domain
from smartregions.events.domain.queries.exhibition import (
    accepted_pitches,
    bookable_parties,
    bookings_acted_for,
    event_bookings,
    event_pitches,
    exhibition_stands,
    exhibitor_page,
    led_partnerships,
    pitches_of_partnerships,
)
from smartregions.events.domain.queries.programme import pitch_sessions
from smartregions.events.enums import BookingStatus
from smartregions.events.forms.exhibition import (
    AcceptPitchForm,
    ApproveBookingForm,
    BookingForm,
    DeclineForm,
    PitchForm,
    ShowcaseForm,
    StandForm,
)
from smartregions.events.models import Event, PitchApplication, Stand, StandBooking
from smartregions.web.views.events.programme import (
    event_context,
    event_or_404,
    flash_form_errors,
    require_post,
    run,
)
from smartregions.web.views.helpers import add_domain_errors, check_permission, wants_partial

# --- The exhibition ------------------------------------------------------------------------


def _exhibition_url(event: Event) -> str:
    return reverse("web:event-exhibition", args=[event.slug])


def _exhibition_page(
    request: HttpRequest, event: Event, *, stand_form: StandForm | None = None
) -> HttpResponse:
    user = request.user
    organiser = user.has_perm("events.manage_stands", event)
    context = event_context(
        request,
        event,
        stands=list(exhibition_stands(event)),
        can_manage=organiser,
        can_request=user.has_perm("events.request_stand", event),
        my_bookings=list(bookings_acted_for(user, event)),
        bookings=list(event_bookings(event)) if organiser else [],
        stand_form=stand_form or StandForm(prefix="stand"),
    )
    return render(request, "web/events/exhibition/exhibition.html", context)


def exhibition(request: HttpRequest, slug: str) -> HttpResponse:
    """The stand catalogue with each stand's approved exhibitor; the user's own requests;
    for organisers the stand editor and the requests to decide."""
    event = event_or_404(request, slug)
    return _exhibition_page(request, event)


def _managed(request: HttpRequest, slug: str) -> tuple[Event, HttpResponse | None]:
    event = event_or_404(request, slug)
    return event, check_permission(request, "events.manage_stands", event)


def stand_add(request: HttpRequest, slug: str) -> HttpResponse:
    """POST a new stand to the catalogue."""
    if (refused := require_post(request)) is not None:
        return refused
    event, login = _managed(request, slug)
    if login is not None:
        return login
    form = StandForm(request.POST, prefix="stand")
    if form.is_valid():
        try:
            stand = exhibition_domain.create_stand(
                actor=request.user, event=event, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Stand %s was added.") % stand.code)
            return redirect(_exhibition_url(event))
    return _exhibition_page(request, event, stand_form=form)


def stand_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change a stand's code, size, location or description."""
    event, login = _managed(request, slug)
    if login is not None:
        return login
    stand = get_object_or_404(Stand.objects.filter(event=event), pk=pk)
    form = StandForm(request.POST or None, stand=stand)
    if request.method == "POST" and form.is_valid():
        try:
            exhibition_domain.update_stand(actor=request.user, stand=stand, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The stand was saved."))
            return redirect(_exhibition_url(event))
    return render(
        request,
        "web/events/exhibition/stand.html",
        event_context(request, event, stand=stand, form=form),
    )


def stand_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST remove a stand (refused while it is booked)."""
    if (refused := require_post(request)) is not None:
        return refused
    event, login = _managed(request, slug)
    if login is not None:
        return login
    stand = get_object_or_404(Stand.objects.filter(event=event), pk=pk)
    run(
        request,
        lambda: exhibition_domain.delete_stand(actor=request.user, stand=stand),
        _("The stand was removed."),
    )
    return redirect(_exhibition_url(event))


def booking_create(request: HttpRequest, slug: str) -> HttpResponse:
    """A region representative or organisation member requests a stand, with the showcase."""
    event = event_or_404(request, slug)
    if (login := check_permission(request, "events.request_stand", event)) is not None:
        return login
    regions, organisations = bookable_parties(request.user)
    form = BookingForm(
        request.POST or None, event=event, regions=regions, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            exhibition_domain.request_stand(actor=request.user, event=event, **form.request())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your stand request was sent to the organisers."))
            return redirect(_exhibition_url(event))
    return render(
        request, "web/events/exhibition/booking_form.html", event_context(request, event, form=form)
    )


def _booking(event: Event, pk: int) -> StandBooking:
    return get_object_or_404(exhibitor_page(event), pk=pk)


def booking_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The exhibitor edits the showcase of its pending or approved booking."""
    event = event_or_404(request, slug)
    booking = _booking(event, pk)
    if (login := check_permission(request, "events.withdraw_booking", booking)) is not None:
        return login
    form = ShowcaseForm(request.POST or None, booking=booking)
    if request.method == "POST" and form.is_valid():
        try:
            exhibition_domain.update_showcase(
                actor=request.user, booking=booking, **form.showcase()
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The showcase was saved."))
            return redirect("web:event-exhibitor", slug=event.slug, pk=booking.pk)
    return render(
        request,
        "web/events/exhibition/booking_form.html",
        event_context(request, event, form=form, booking=booking),
    )


_BOOKING_VERBS = {
    "approve": "events.decide_booking",
    "decline": "events.decide_booking",
    "withdraw": "events.withdraw_booking",
}


def booking_action(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST approve (with the stand and a note), decline (with the reason) or withdraw."""
    if (refused := require_post(request)) is not None:
        return refused
    if verb not in _BOOKING_VERBS:
        raise Http404
    event = event_or_404(request, slug)
    booking = get_object_or_404(StandBooking.objects.filter(event=event), pk=pk)
    if (login := check_permission(request, _BOOKING_VERBS[verb], booking)) is not None:
        return login
    actor = request.user
    if verb == "withdraw":
        run(
            request,
            lambda: exhibition_domain.withdraw_booking(actor=actor, booking=booking),
            _("The booking was withdrawn."),
        )
        return redirect(_exhibition_url(event))
    form = (
        ApproveBookingForm(request.POST, event=event)
        if verb == "approve"
        else DeclineForm(request.POST)
    )
    if not form.is_valid():
        flash_form_errors(request, form)
    elif verb == "approve":
        run(
            request,
            lambda: exhibition_domain.approve_booking(
                actor=actor, booking=booking, **form.cleaned_data
            ),
            _("The booking was approved."),
        )
    else:
        run(
            request,
            lambda: exhibition_domain.decline_booking(
                actor=actor, booking=booking, **form.cleaned_data
            ),
            _("The booking was declined."),
        )
    return redirect(_exhibition_url(event))


def exhibitor(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An exhibitor's showcase: public once approved; before that, to its own people and
    the organisers. 404 for anyone else (a request's existence stays private)."""
    event = event_or_404(request, slug)
    booking = _booking(event, pk)
    if not request.user.has_perm("events.view_exhibitor", booking):
        raise Http404
    context = event_context(
        request,
        event,
        booking=booking,
        party=booking.region or booking.organisation,
        can_edit=request.user.has_perm("events.withdraw_booking", booking)
        and booking.status in (BookingStatus.PENDING, BookingStatus.APPROVED),
    )
    return render(request, "web/events/exhibition/exhibitor.html", context)


# --- Pitches -------------------------------------------------------------------------------


def _pitches_url(event: Event) -> str:
    return reverse("web:event-pitches", args=[event.slug])


def _accepted_by_session(pitches: list[PitchApplication]) -> list[tuple[Any, list[Any]]]:
    groups: dict[int, tuple[Any, list[Any]]] = {}
    for pitch in pitches:
        if pitch.status == BookingStatus.APPROVED and pitch.session_id is not None:
            groups.setdefault(pitch.session_id, (pitch.session, []))[1].append(pitch)
    ordered = sorted(groups.values(), key=lambda group: (group[0].starts_at, group[0].pk))
    return [
        (session, sorted(rows, key=lambda p: (p.order or 0, p.pk))) for session, rows in ordered
    ]


def _pitch_page_context(
    request: HttpRequest, event: Event, *, form: PitchForm | None = None
) -> dict[str, Any]:
    user = request.user
    organiser = user.has_perm("events.order_pitches", event)
    can_apply = user.has_perm("events.apply_pitch", event)
    led = led_partnerships(user)
    all_pitches = list(event_pitches(event)) if organiser else []
    return event_context(
        request,
        event,
        can_manage=organiser,
        can_apply=can_apply,
        form=form or (PitchForm(partnerships=led) if can_apply else None),
        my_pitches=list(pitches_of_partnerships(event, led)) if user.is_authenticated else [],
        pending=[p for p in all_pitches if p.status == BookingStatus.PENDING],
        decided=[p for p in all_pitches if p.status != BookingStatus.PENDING],
        sessions=_accepted_by_session(list(accepted_pitches(event))),
        pitch_sessions=list(pitch_sessions(event)) if organiser else [],
    )


def pitches(request: HttpRequest, slug: str) -> HttpResponse:
    """The pitch page: the application form for partnership leaders and their applications;
    for organisers the applications to decide and the order of each session's pitches."""
    event = event_or_404(request, slug)
    return render(
        request, "web/events/exhibition/pitches.html", _pitch_page_context(request, event)
    )


def pitch_apply(request: HttpRequest, slug: str) -> HttpResponse:
    """POST an application for a pitch slot for a partnership the user leads."""
    if (refused := require_post(request)) is not None:
        return refused
    event = event_or_404(request, slug)
    if (login := check_permission(request, "events.apply_pitch", event)) is not None:
        return login
    form = PitchForm(request.POST, partnerships=led_partnerships(request.user))
    if form.is_valid():
        try:
            pitch_domain.apply_for_pitch(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your pitch application was sent to the organisers."))
            return redirect(_pitches_url(event))
    return render(
        request,
        "web/events/exhibition/pitches.html",
        _pitch_page_context(request, event, form=form),
    )


_PITCH_VERBS = {
    "accept": "events.decide_pitch",
    "decline": "events.decide_pitch",
    "withdraw": "events.withdraw_pitch",
    "up": "events.decide_pitch",
    "down": "events.decide_pitch",
}


def _order_partial(
    request: HttpRequest, event: Event, session_id: int, outcome: str
) -> HttpResponse:
    """The order list of one pitch session (the htmx answer to moving a pitch)."""
    rows = [p for p in accepted_pitches(event) if p.session_id == session_id]
    context = {
        "event": event,
        "session": rows[0].session,
        "rows": rows,
        "can_manage": True,
        "outcome": outcome,
    }
    return render(request, "web/events/exhibition/_pitch_order.html", context)


def _move(request: HttpRequest, event: Event, pitch: PitchApplication, verb: str) -> HttpResponse:
    """Move an accepted pitch; htmx gets its session's list back with the outcome."""
    try:
        moved = pitch_domain.move_pitch(
            actor=request.user, pitch=pitch, offset=-1 if verb == "up" else 1
        )
    except ValidationError as error:
        outcome, ok = " ".join(error.messages), False
    else:
        outcome = _("“%(title)s” is now number %(order)d.") % {
            "title": moved.title,
            "order": moved.order,
        }
        ok = True
    if wants_partial(request) and pitch.session_id is not None:
        return _order_partial(request, event, pitch.session_id, outcome)
    (messages.success if ok else messages.error)(request, outcome)
    return redirect(_pitches_url(event))


def pitch_action(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST accept (into a pitch session), decline (with the reason), withdraw, or move an
    accepted pitch up or down (htmx gets the session's new order back)."""
    if (refused := require_post(request)) is not None:
        return refused
    if verb not in _PITCH_VERBS:
        raise Http404
    event = event_or_404(request, slug)
    pitch = get_object_or_404(
        PitchApplication.objects.filter(event=event).select_related("event", "partnership"),
        pk=pk,
    )
    if (login := check_permission(request, _PITCH_VERBS[verb], pitch)) is not None:
        return login
    actor = request.user
    if verb in ("up", "down"):
        return _move(request, event, pitch, verb)
    if verb == "withdraw":
        run(
            request,
            lambda: pitch_domain.withdraw_pitch(actor=actor, pitch=pitch),
            _("The pitch application was withdrawn."),
        )
        return redirect(_pitches_url(event))
    form = (
        AcceptPitchForm(request.POST, event=event)
        if verb == "accept"
        else DeclineForm(request.POST)
    )
    if not form.is_valid():
        flash_form_errors(request, form)
    elif verb == "accept":
        run(
            request,
            lambda: pitch_domain.accept_pitch(actor=actor, pitch=pitch, **form.cleaned_data),
            _("The pitch was accepted."),
        )
    else:
        run(
            request,
            lambda: pitch_domain.decline_pitch(actor=actor, pitch=pitch, **form.cleaned_data),
            _("The pitch application was declined."),
        )
    return redirect(_pitches_url(event))
