"""Forms of the organisers' scheduling pages: meeting sessions, slots, moves and runs.

Times are typed as wall-clock times in the event's time zone (``datetime-local`` inputs) and
turned into UTC here; the domain functions validate again and write.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from smartregions.calls.domain.times import aware_in_zone, wall_clock
from smartregions.calls.forms.calls import LocalDateTimeField
from smartregions.events.domain.meeting_sessions import MAX_TABLES
from smartregions.events.domain.scheduling.runs import MAX_TIME_LIMIT
from smartregions.events.enums import SchedulingMode, SessionKind
from smartregions.events.models import Event, MeetingSession, MeetingSlot, Session


def _localise(form: forms.Form, names: tuple[str, ...], zone: str) -> None:
    """Turn the form's wall-clock times into UTC in ``zone``, reporting impossible times."""
    for name in names:
        value = form.cleaned_data.get(name)
        if value is None:
            continue
        try:
            form.cleaned_data[name] = aware_in_zone(value, zone, field=name)
        except ValidationError as error:
            form.add_error(name, error.message_dict[name])


def _tables_field(*, required: bool, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Tables"),
        min_value=1,
        max_value=MAX_TABLES,
        required=required,
        help_text=help_text,
    )


def slot_label(slot: MeetingSlot, zone: str) -> str:
    """A slot in the event's zone: ``10 March 2027, 09:00-09:25`` (with an en dash)."""
    tz = ZoneInfo(zone)
    start = dateformat.format(slot.starts_at.astimezone(tz), "j F Y, H:i")
    return f"{start}\u2013{dateformat.format(slot.ends_at.astimezone(tz), 'H:i')}"


class MeetingSessionForm(forms.Form):
    """A meeting session's settings; ``requests_close_at`` in the event's zone."""

    title = forms.CharField(label=_("Title"), max_length=200)
    mode = forms.ChoiceField(
        label=_("How meetings get their slots"), choices=SchedulingMode.choices
    )
    tables = _tables_field(required=True, help_text=_("Meetings that can run at the same time."))
    session = forms.ModelChoiceField(
        label=_("Programme session"),
        queryset=Session.objects.none(),
        required=False,
        help_text=_("The B2B session of the programme these meetings belong to, if any."),
    )
    requests_close_at = LocalDateTimeField(
        label=_("Requests close"),
        required=False,
        help_text=_("No new meeting requests after this time (none: until the event)."),
    )

    def __init__(
        self, *args: Any, event: Event, meeting_session: MeetingSession | None = None, **kwargs: Any
    ) -> None:
        if meeting_session is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": meeting_session.title,
                "mode": meeting_session.mode,
                "tables": meeting_session.tables,
                "session": meeting_session.session_id,
                "requests_close_at": wall_clock(meeting_session.requests_close_at, event.timezone),
            }
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["session"].queryset = Session.objects.filter(
            event=event, kind=SessionKind.B2B
        ).order_by("starts_at", "pk")
        self.fields["requests_close_at"].label = _("Requests close (%(zone)s)") % {
            "zone": event.timezone
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _localise(self, ("requests_close_at",), self.event.timezone)
        return data


class GenerateSlotsForm(forms.Form):
    """Slots of a length from a start to an end, a gap apart (times in the event's zone)."""

    starts_at = LocalDateTimeField(label=_("First slot starts"))
    ends_at = LocalDateTimeField(label=_("Last slot ends by"))
    length_minutes = forms.IntegerField(
        label=_("Slot length (minutes)"), min_value=5, max_value=480, initial=25
    )
    gap_minutes = forms.IntegerField(
        label=_("Gap between slots (minutes)"), min_value=0, max_value=480, initial=5
    )
    tables = _tables_field(required=False, help_text=_("Leave empty for the session's number."))

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        for name in ("starts_at", "ends_at"):
            self.fields[name].label = f"{self.fields[name].label} ({event.timezone})"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _localise(self, ("starts_at", "ends_at"), self.event.timezone)
        return data


class AddSlotForm(forms.Form):
    """One slot (times in the event's zone), with its own number of tables or the session's."""

    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    tables = _tables_field(required=False, help_text=_("Leave empty for the session's number."))

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        for name in ("starts_at", "ends_at"):
            self.fields[name].label = f"{self.fields[name].label} ({event.timezone})"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _localise(self, ("starts_at", "ends_at"), self.event.timezone)
        return data


class SlotTablesForm(forms.Form):
    """A slot's own number of tables (empty: the session's)."""

    tables = _tables_field(required=False, help_text=_("Leave empty for the session's number."))


class MoveMeetingForm(forms.Form):
    """Where to put a meeting by hand: one of its session's slots and a table."""

    slot = forms.ModelChoiceField(label=_("Slot"), queryset=MeetingSlot.objects.none())
    table_number = forms.IntegerField(label=_("Table"), min_value=1, max_value=MAX_TABLES)

    def __init__(self, *args: Any, meeting_session: MeetingSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = meeting_session.event.timezone
        field = self.fields["slot"]
        field.queryset = MeetingSlot.objects.filter(meeting_session=meeting_session).order_by(
            "starts_at"
        )
        field.label_from_instance = lambda slot: slot_label(slot, zone)


class RunSchedulerForm(forms.Form):
    """How long the scheduler may search."""

    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"), min_value=1, max_value=MAX_TIME_LIMIT, initial=30
    )


def default_slot_start(event: Event) -> dt.datetime:
    """The event's start as a wall-clock time in its zone (the generator form's default)."""
    return wall_clock(event.starts_at, event.timezone)
