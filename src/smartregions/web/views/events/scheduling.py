"""The organisers' meeting scheduler: meeting sessions and slots, the slot x table grid, the
accepted meetings (lock, unlock, move, unplace), scheduler runs (htmx polls their status),
publishing the schedule, and the meeting statistics (page and CSV).

An event the user may not see answers 404 everywhere here; anonymous visitors are sent to
sign in; signed-in users who do not organise the event get 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartregions.events.domain import meeting_sessions as session_domain
from smartregions.events.domain import scheduling as scheduling_domain
from smartregions.events.domain.queries import scheduling as queries
from smartregions.events.domain.scheduling.runs import ACTIVE
from smartregions.events.domain.scheduling.statistics import statistics_csv
from smartregions.events.forms.scheduling import (
    AddSlotForm,
    GenerateSlotsForm,
    MeetingSessionForm,
    MoveMeetingForm,
    RunSchedulerForm,
    SlotTablesForm,
    default_slot_start,
)
from smartregions.events.models import Event, Meeting, MeetingSession, MeetingSlot, ScheduleRun
from smartregions.events.rules.base import can_view_event
from smartregions.web.views.helpers import add_domain_errors, check_permission, wants_partial

MANAGE = "events.manage_meeting_sessions"
SCHEDULE = "events.schedule_meetings"
STATISTICS = "events.view_meeting_statistics"


def _event(request: HttpRequest, slug: str) -> Event:
    """The event ``slug`` if the user may see it (drafts: organisers only), else 404."""
    event = get_object_or_404(Event.objects.prefetch_related("organisers"), slug=slug)
    if not can_view_event(request.user, event):
        raise Http404
    return event


def _session(event: Event, pk: int) -> MeetingSession:
    return get_object_or_404(MeetingSession.objects.select_related("event"), event=event, pk=pk)


def _page_url(event: Event, meeting_session: MeetingSession | None, anchor: str = "") -> str:
    url = reverse("web:event-scheduling", args=[event.slug])
    if meeting_session is not None:
        url += "?" + urlencode({"session": meeting_session.pk})
    return url + (f"#{anchor}" if anchor else "")


def _post_step(
    request: HttpRequest,
    slug: str,
    perm: str,
    step: Callable[[Event], tuple[str, MeetingSession | None, str]],
) -> HttpResponse:
    """A POST-only organiser step: check access, run ``step(event)`` (it returns the success
    message, the session to go back to and the page anchor), flash the outcome, go back."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    event = _event(request, slug)
    if (login := check_permission(request, perm, event)) is not None:
        return login
    try:
        message, meeting_session, anchor = step(event)
    except _FormInvalid as invalid:
        for field, errors in invalid.form.errors.items():
            label = invalid.form.fields[field].label if field in invalid.form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(_page_url(event, invalid.meeting_session, invalid.anchor))
    except _DomainRefused as refused:
        for text in refused.error.messages:
            messages.error(request, text)
        return redirect(_page_url(event, refused.meeting_session, refused.anchor))
    messages.success(request, message)
    return redirect(_page_url(event, meeting_session, anchor))


class _FormInvalid(Exception):  # noqa: N818 - a control-flow signal
    def __init__(self, form: Any, meeting_session: MeetingSession | None, anchor: str) -> None:
        super().__init__()
        self.form, self.meeting_session, self.anchor = form, meeting_session, anchor


class _DomainRefused(Exception):  # noqa: N818 - a control-flow signal
    def __init__(
        self, error: ValidationError, meeting_session: MeetingSession | None, anchor: str
    ) -> None:
        super().__init__()
        self.error, self.meeting_session, self.anchor = error, meeting_session, anchor


def _do(work: Callable[[], Any], meeting_session: MeetingSession | None, anchor: str) -> Any:
    try:
        return work()
    except ValidationError as error:
        raise _DomainRefused(error, meeting_session, anchor) from None


# ---- the scheduling page -----------------------------------------------------------------


def scheduling_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Meeting sessions, the chosen one's slot grid, meetings, scheduler and publication."""
    event = _event(request, slug)
    if (login := check_permission(request, SCHEDULE, event)) is not None:
        return login
    sessions = list(queries.meeting_sessions_of(event))
    chosen = None
    if sessions:
        wanted = request.GET.get("session", "")
        chosen = next((s for s in sessions if str(s.pk) == wanted), sessions[0])
    context: dict[str, Any] = {
        "event": event,
        "is_organiser": True,
        "sessions": sessions,
        "chosen": chosen,
    }
    if chosen is not None:
        schedule = queries.session_schedule(chosen)
        last_run = schedule.last_run
        context |= {
            "schedule": schedule,
            "last_run": last_run,
            "run_active": last_run is not None and last_run.status in ACTIVE,
            "run_unplaced": queries.unplaced_meetings_by_id(last_run) if last_run else [],
            "generate_form": GenerateSlotsForm(
                event=event,
                prefix="generate",
                initial={"starts_at": default_slot_start(event)},
            ),
            "add_slot_form": AddSlotForm(event=event, prefix="slot"),
            "move_form": MoveMeetingForm(meeting_session=chosen, prefix="move"),
            "run_form": RunSchedulerForm(prefix="run"),
        }
    return render(request, "web/events/scheduling/page.html", context)


def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Create a meeting session (settings only; slots follow on the scheduling page)."""
    event = _event(request, slug)
    if (login := check_permission(request, MANAGE, event)) is not None:
        return login
    form = MeetingSessionForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            created = session_domain.create_meeting_session(
                actor=request.user, event=event, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The meeting session “%s” was created.") % created.title)
            return redirect(_page_url(event, created, "slots"))
    context = {"event": event, "is_organiser": True, "form": form, "meeting_session": None}
    return render(request, "web/events/scheduling/session_form.html", context)


def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change a meeting session's settings."""
    event = _event(request, slug)
    if (login := check_permission(request, MANAGE, event)) is not None:
        return login
    meeting_session = _session(event, pk)
    form = MeetingSessionForm(request.POST or None, event=event, meeting_session=meeting_session)
    if request.method == "POST" and form.is_valid():
        try:
            session_domain.update_meeting_session(
                actor=request.user, meeting_session=meeting_session, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The meeting session was saved."))
            return redirect(_page_url(event, meeting_session))
    context = {
        "event": event,
        "is_organiser": True,
        "form": form,
        "meeting_session": meeting_session,
    }
    return render(request, "web/events/scheduling/session_form.html", context)


def session_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST: delete a meeting session that has no requests yet."""

    def step(event: Event) -> tuple[str, MeetingSession | None, str]:
        meeting_session = _session(event, pk)
        _do(
            lambda: session_domain.delete_meeting_session(
                actor=request.user, meeting_session=meeting_session
            ),
            meeting_session,
            "settings",
        )
        return _("The meeting session was deleted."), None, ""

    return _post_step(request, slug, MANAGE, step)


# ---- slots -------------------------------------------------------------------------------


def slots_generate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST: generate slots from a start, an end, a length and a gap."""

    def step(event: Event) -> tuple[str, MeetingSession | None, str]:
        meeting_session = _session(event, pk)
        form = GenerateSlotsForm(request.POST, event=event, prefix="generate")
        if not form.is_valid():
            raise _FormInvalid(form, meeting_session, "slots")
        slots = _do(
            lambda: session_domain.generate_slots(
                actor=request.user, meeting_session=meeting_session, **form.cleaned_data
            ),
            meeting_session,
            "slots",
        )
        return _("%(n)s slots were added.") % {"n": len(slots)}, meeting_session, "slots"

    return _post_step(request, slug, MANAGE, step)


def slot_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST: add one slot."""

    def step(event: Event) -> tuple[str, MeetingSession | None, str]:
        meeting_session = _session(event, pk)
        form = AddSlotForm(request.POST, event=event, prefix="slot")
        if not form.is_valid():
            raise _FormInvalid(form, meeting_session, "slots")
        _do(
            lambda: session_domain.add_slot(
                actor=request.user, meeting_session=meeting_session, **form.cleaned_data
            ),
            meeting_session,
            "slots",
        )
        return _("The slot was added."), meeting_session, "slots"

    return _post_step(request, slug, MANAGE, step)


def _slot(event: Event, pk: int, slot_pk: int) -> MeetingSlot:
    return get_object_or_404(
        MeetingSlot.objects.select_related("meeting_session__event"),
        meeting_session__event=event,
        meeting_session_id=pk,
        pk=slot_pk,
    )


def slot_tables(request: HttpRequest, slug: str, pk: int, slot_pk: int) -> HttpResponse:
    """POST: give a slot its own number of tables (empty: the session's)."""

    def step(event: Event) -> tuple[str, MeetingSession | None, str]:
        slot = _slot(event, pk, slot_pk)
        form = SlotTablesForm(request.POST)
        if not form.is_valid():
            raise _FormInvalid(form, slot.meeting_session, "slots")
        _do(
            lambda: session_domain.set_slot_tables(
                actor=request.user, slot=slot, tables=form.cleaned_data["tables"]
            ),
            slot.meeting_session,
            "slots",
        )
        return _("The slot's tables were saved."), slot.meeting_session, "slots"

    return _post_step(request, slug, MANAGE, step)


def slot_remove(request: HttpRequest, slug: str, pk: int, slot_pk: int) -> HttpResponse:
    """POST: remove a slot without meetings."""

    def step(event: Event) -> tuple[str, MeetingSession | None, str]:
        slot = _slot(event, pk, slot_pk)
        _do(
            lambda: session_domain.remove_slot(actor=request.user, slot=slot),
            slot.meeting_session,
            "slots",
        )
        return _("The slot was removed."), slot.meeting_session, "slots"

    return _post_step(request, slug, MANAGE, step)


# ---- meetings ----------------------------------------------------------------------------

_MEETING_STEPS = {
    "lock": (scheduling_domain.lock_meeting, gettext_lazy("The meeting is locked.")),
    "unlock": (scheduling_domain.unlock_meeting, gettext_lazy("The meeting is unlocked.")),
    "unplace": (
        scheduling_domain.unplace_meeting,
        gettext_lazy("The meeting was taken out of the schedule."),
    ),
}


def _meeting(event: Event, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("meeting_session__event", "request"),
        meeting_session__event=event,
        pk=pk,
    )


def meeting_action(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST lock, unlock or unplace a meeting."""
    if verb not in _MEETING_STEPS:
        raise Http404

    def step(event: Event) -> tuple[str, MeetingSession | None, str]:
        meeting = _meeting(event, pk)
        work, done = _MEETING_STEPS[verb]
        _do(
            lambda: work(actor=request.user, meeting=meeting),
            meeting.meeting_session,
            "meetings",
        )
        return str(done), meeting.meeting_session, "meetings"

    return _post_step(request, slug, SCHEDULE, step)


def meeting_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST: put a meeting in a slot at a table by hand."""

    def step(event: Event) -> tuple[str, MeetingSession | None, str]:
        meeting = _meeting(event, pk)
        form = MoveMeetingForm(request.POST, meeting_session=meeting.meeting_session, prefix="move")
        if not form.is_valid():
            raise _FormInvalid(form, meeting.meeting_session, "meetings")
        _do(
            lambda: scheduling_domain.move_meeting(
                actor=request.user, meeting=meeting, **form.cleaned_data
            ),
            meeting.meeting_session,
            "meetings",
        )
        return _("The meeting was moved."), meeting.meeting_session, "meetings"

    return _post_step(request, slug, SCHEDULE, step)


# ---- scheduler runs and publication -----------------------------------------------------


def run_start(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST: start a scheduler run. For htmx, answers the run's status fragment (which polls
    until the run has finished); otherwise goes back to the page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    event = _event(request, slug)
    if (login := check_permission(request, SCHEDULE, event)) is not None:
        return login
    meeting_session = _session(event, pk)
    form = RunSchedulerForm(request.POST, prefix="run")
    error_messages: list[str] = []
    run = None
    if form.is_valid():
        try:
            run = scheduling_domain.run_scheduler(
                actor=request.user,
                meeting_session=meeting_session,
                time_limit=form.cleaned_data["time_limit"],
            )
        except ValidationError as error:
            error_messages = error.messages
    else:
        error_messages = [error for errors in form.errors.values() for error in errors]
    if wants_partial(request):
        if run is not None:
            run.refresh_from_db()
        context = {"event": event, "run": run, "errors": error_messages, "polled": False}
        return render(request, "web/events/scheduling/_run_status.html", context)
    for text in error_messages:
        messages.error(request, text)
    if run is not None:
        messages.success(request, _("Scheduler run %(n)s was started.") % {"n": run.pk})
    return redirect(_page_url(event, meeting_session, "scheduler"))


def run_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A scheduler run's status fragment; htmx polls it while the run is queued or running."""
    event = _event(request, slug)
    if (login := check_permission(request, SCHEDULE, event)) is not None:
        return login
    run = get_object_or_404(
        ScheduleRun.objects.select_related("meeting_session"),
        meeting_session__event=event,
        pk=pk,
    )
    context = {
        "event": event,
        "run": run,
        "errors": [],
        "polled": request.GET.get("polled") == "1",
    }
    return render(request, "web/events/scheduling/_run_status.html", context)


_PUBLICATION = {
    "publish": (
        scheduling_domain.publish_schedule,
        gettext_lazy("The schedule is published; participants were notified."),
    ),
    "unpublish": (
        scheduling_domain.unpublish_schedule,
        gettext_lazy("The schedule is hidden from participants again."),
    ),
}


def schedule_publication(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST publish or unpublish a session's schedule."""
    if verb not in _PUBLICATION:
        raise Http404

    def step(event: Event) -> tuple[str, MeetingSession | None, str]:
        meeting_session = _session(event, pk)
        work, done = _PUBLICATION[verb]
        _do(
            lambda: work(actor=request.user, meeting_session=meeting_session),
            meeting_session,
            "publication",
        )
        return str(done), meeting_session, "publication"

    return _post_step(request, slug, SCHEDULE, step)


# ---- statistics --------------------------------------------------------------------------


def meeting_stats(request: HttpRequest, slug: str) -> HttpResponse:
    """Requests, meetings and outcomes by country and sector; ``?format=csv`` downloads them."""
    event = _event(request, slug)
    if (login := check_permission(request, STATISTICS, event)) is not None:
        return login
    statistics = queries.meeting_statistics(event)
    if request.GET.get("format") == "csv":
        response = HttpResponse(statistics_csv(statistics), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-meetings.csv"'
        return response
    context = {"event": event, "is_organiser": True, "statistics": statistics}
    return render(request, "web/events/scheduling/stats.html", context)
