"""Forms of the programme pages: rooms, sessions and speakers. They validate input; the
domain functions write.

Session times are typed as wall-clock times in the event's time zone (``datetime-local``
inputs) and turned into UTC here, as the call forms do.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartregions.accounts.models import User
from smartregions.calls.domain.times import aware_in_zone, wall_clock
from smartregions.calls.forms.calls import LocalDateTimeField
from smartregions.events.enums import SessionKind
from smartregions.events.models import Event, Room, Session


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, required=False)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Rooms are shown in this order (empty: after the others)."),
    )

    def __init__(self, *args: Any, room: Room | None = None, **kwargs: Any) -> None:
        if room is not None:
            kwargs.setdefault(
                "initial", {"name": room.name, "capacity": room.capacity, "position": room.position}
            )
        super().__init__(*args, **kwargs)
        if room is not None:
            self.fields["position"].required = True


class SessionForm(forms.Form):
    """A session of ``event``; times in the event's time zone."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.none(), required=False, empty_label=_("No room")
    )
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    seat_limit = forms.IntegerField(
        label=_("Seat limit"),
        min_value=1,
        required=False,
        help_text=_("Participants who may add it to their agenda (empty: no limit)."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(
        self, *args: Any, event: Event, session: Session | None = None, **kwargs: Any
    ) -> None:
        if session is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": session.title,
                    "kind": session.kind,
                    "room": session.room_id,
                    "starts_at": wall_clock(session.starts_at, event.timezone),
                    "ends_at": wall_clock(session.ends_at, event.timezone),
                    "seat_limit": session.seat_limit,
                    "description": session.description,
                },
            )
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["room"].queryset = Room.objects.filter(event=event)
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _("In the event's time zone, %s.") % event.timezone

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("starts_at", "ends_at"):
            value = data.get(name)
            if value is None:
                continue
            try:
                data[name] = aware_in_zone(value, self.event.timezone, field=name)
            except ValidationError as error:
                self.add_error(name, error.message_dict[name])
        return data


class SpeakerForm(forms.Form):
    """A speaker: a platform user (by e-mail) or a guest (by name)."""

    email = forms.EmailField(
        label=_("Platform user's e-mail"),
        required=False,
        help_text=_("Leave empty for a guest speaker without an account."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        required=False,
        help_text=_("Required for a guest; for a platform user, their name is used if empty."),
    )
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)
    role = forms.CharField(
        label=_("Role"), max_length=60, required=False, help_text=_("e.g. moderator, panellist.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        email = (data.get("email") or "").strip()
        data["user"] = None
        if email:
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                self.add_error("email", _("No platform user has this e-mail address."))
            data["user"] = user
        elif not (data.get("name") or "").strip():
            self.add_error("name", _("Name the guest speaker or give a platform user's e-mail."))
        return data

    def speaker(self) -> dict[str, Any]:
        """The keyword arguments of :func:`~smartregions.events.domain.programme.add_speaker`."""
        data = self.cleaned_data
        return {
            "user": data["user"],
            "name": data.get("name", ""),
            "affiliation": data.get("affiliation", ""),
            "role": data.get("role", ""),
        }
