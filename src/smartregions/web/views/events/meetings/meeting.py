"""One meeting: its page, picking a slot, check-in, attendance, the cooperation question;
and the organisers' attendance list of a session."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.events.domain.matchmaking import attendance as attendance_domain
from smartregions.events.domain.matchmaking import slots as slot_domain
from smartregions.events.domain.queries import matchmaking as queries
from smartregions.events.enums import SchedulingMode
from smartregions.events.forms.matchmaking import (
    AttendanceForm,
    OutcomeForm,
    PickSlotForm,
)
from smartregions.events.rules.base import is_event_organiser
from smartregions.web.views.events.meetings.base import (
    allow,
    back,
    event_context,
    flash_form_errors,
    matchmaking_event,
    me_in,
    meeting_of,
    meeting_session_of,
    page,
    post_only,
    run,
)


@page
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One meeting: the partner, the slot and table (once visible), the free common slots to
    pick from, check-in, attendance (organisers) and the cooperation question."""
    event = matchmaking_event(request, slug)
    meeting = meeting_of(request, event, pk, "events.view_meeting")
    me = me_in(request, event)
    request_ = meeting.request
    side = None
    if me is not None:
        side = (
            "requester"
            if request_.requester_id == me.pk
            else ("recipient" if request_.recipient_id == me.pk else None)
        )
    partner = None
    if side == "requester":
        partner = request_.recipient
    elif side == "recipient":
        partner = request_.requester
    session = meeting.meeting_session
    visible = queries.schedule_visible(session) or is_event_organiser(request.user, event)
    now = timezone.now()
    can_pick = (
        side is not None
        and session.mode == SchedulingMode.PARTICIPANTS_PICK
        and meeting.slot_id is None
    )
    own_outcome = next(
        (o for o in meeting.outcomes.all() if me is not None and o.registration_id == me.pk), None
    )
    context = event_context(
        request,
        event,
        meeting=meeting,
        session=session,
        me=me,
        side=side,
        partner=partner,
        placed_visible=visible and meeting.slot_id is not None,
        free=slot_domain.free_common_slots(meeting, now=now) if can_pick else [],
        can_pick=can_pick,
        can_mark=request.user.has_perm("events.mark_meeting_attendance", meeting),
        attendance_form=AttendanceForm(initial={"attendance": meeting.attendance}),
        show_outcome=side is not None
        and meeting.slot_id is not None
        and visible
        and now >= meeting.slot.ends_at,
        outcome_form=OutcomeForm(
            initial={"outcome": own_outcome.outcome, "comment": own_outcome.comment}
            if own_outcome
            else None
        ),
        own_outcome=own_outcome,
    )
    return render(request, "web/events/meetings/meeting.html", context)


@page
def meeting_pick(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST the slot a party picks for the meeting."""
    if (refused := post_only(request)) is not None:
        return refused
    event = matchmaking_event(request, slug)
    meeting = meeting_of(request, event, pk, "events.pick_meeting_slot")
    form = PickSlotForm(request.POST, meeting_session=meeting.meeting_session)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        run(
            request,
            lambda: slot_domain.pick_meeting_slot(
                actor=request.user, meeting=meeting, slot=form.cleaned_data["slot"]
            ),
            _("The meeting has its time and table."),
        )
    return redirect("web:event-meeting", slug=event.slug, pk=meeting.pk)


@page
def meeting_check_in(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST a check-in: a party checks themselves in; an organiser names the ``party``."""
    if (refused := post_only(request)) is not None:
        return refused
    event = matchmaking_event(request, slug)
    meeting = meeting_of(request, event, pk, "events.check_in_meeting")
    me = me_in(request, event)
    own = me is not None and me.pk in (meeting.request.requester_id, meeting.request.recipient_id)
    if own:
        registration = me
    else:
        party = request.POST.get("party")
        if party not in ("requester", "recipient"):
            messages.error(request, _("Say which participant checks in."))
            return back(request, reverse("web:event-meeting", args=[event.slug, meeting.pk]))
        registration = getattr(meeting.request, party)
    run(
        request,
        lambda: attendance_domain.check_in_meeting(
            actor=request.user, meeting=meeting, registration=registration
        ),
        _("%s is checked in.") % registration.badge_name,
    )
    return back(request, reverse("web:event-meeting", args=[event.slug, meeting.pk]))


@page
def meeting_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST the attendance (planned, held, no-show) of a meeting (organisers)."""
    if (refused := post_only(request)) is not None:
        return refused
    event = matchmaking_event(request, slug)
    meeting = meeting_of(request, event, pk, "events.mark_meeting_attendance")
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        run(
            request,
            lambda: attendance_domain.mark_meeting_attendance(
                actor=request.user, meeting=meeting, **form.cleaned_data
            ),
            _("The attendance was recorded."),
        )
    return back(request, reverse("web:event-meeting", args=[event.slug, meeting.pk]))


@page
def meeting_outcome(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST a party's answer to "did this meeting lead to cooperation?"."""
    if (refused := post_only(request)) is not None:
        return refused
    event = matchmaking_event(request, slug)
    meeting = meeting_of(request, event, pk, "events.answer_meeting_outcome")
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        run(
            request,
            lambda: attendance_domain.answer_meeting_outcome(
                actor=request.user,
                meeting=meeting,
                registration=me_in(request, event),
                **form.cleaned_data,
            ),
            _("Thank you: your answer was saved."),
        )
    return redirect("web:event-meeting", slug=event.slug, pk=meeting.pk)


@page
def session_attendance(request: HttpRequest, slug: str, session_pk: int) -> HttpResponse:
    """Organisers: the session's placed meetings with check-ins, to mark held / no-show."""
    event = matchmaking_event(request, slug)
    allow(request, "events.view_meeting_attendance", event)
    session = meeting_session_of(event, session_pk)
    context = event_context(
        request,
        event,
        session=session,
        meetings=list(queries.session_attendance(session)),
        attendance_form=AttendanceForm(),
    )
    return render(request, "web/events/meetings/attendance.html", context)
