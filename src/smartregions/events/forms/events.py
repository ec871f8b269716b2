"""Forms of the calendar and event management: the calendar's filters, the event editor, a
co-organiser, a registration question. They validate input; the domain functions write.

Times are typed as wall-clock times in the event's time zone (``datetime-local`` inputs) and
turned into UTC here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartregions.accounts.models import User
from smartregions.calls.domain.times import (
    aware_in_zone,
    check_timezone,
    timezone_names,
    wall_clock,
)
from smartregions.calls.forms.calls import LocalDateTimeField
from smartregions.events.domain.events import default_retention
from smartregions.events.domain.queries.events import EventFilters
from smartregions.events.enums import EventKind, ParticipantType, QuestionKind
from smartregions.events.models import Event, RegistrationQuestion
from smartregions.regions.forms import clean_region_code
from smartregions.regions.models import Country, Region, ThematicArea, ThematicPlatform

_TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


class EventFilterForm(forms.Form):
    """The calendar's filters: platform, thematic area, country, kind, dates, upcoming/past."""

    platform = forms.ChoiceField(label=_("Thematic platform"), required=False)
    area = forms.ChoiceField(label=_("Thematic area"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *EventKind.choices], required=False
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    when = forms.ChoiceField(
        label=_("Events"),
        choices=[("", _("Upcoming")), ("past", _("Past"))],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = [
            ("", _("Any platform")),
            *ThematicPlatform.objects.order_by("name").values_list("slug", "name"),
        ]
        self.fields["area"].choices = [
            ("", _("Any thematic area")),
            *ThematicArea.objects.order_by("name").values_list("slug", "name"),
        ]
        self.fields["country"].choices = [
            ("", _("Any country")),
            *Country.objects.order_by("name").values_list("code", "name"),
        ]

    def filters(self) -> EventFilters:
        """The valid filters (an invalid value is ignored, not an error page)."""
        if not self.is_bound:
            return EventFilters()
        self.is_valid()  # cleaned_data keeps the valid values; a bad one is simply ignored
        data = self.cleaned_data
        return EventFilters(
            platform=data.get("platform", ""),
            area=data.get("area", ""),
            country=data.get("country", ""),
            kind=data.get("kind", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            past=data.get("when") == "past",
        )


class EventForm(forms.Form):
    """Create or edit an event: texts, time and place, themes, registration settings."""

    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        required=False,
        help_text=_("The last part of the event's address; derived from the title if empty."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    thematic_platform = forms.ModelChoiceField(
        label=_("Thematic platform"),
        queryset=ThematicPlatform.objects.order_by("name"),
        required=False,
        empty_label="—",
    )
    thematic_areas = forms.ModelMultipleChoiceField(
        label=_("Thematic areas"),
        queryset=ThematicArea.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        initial="Europe/Brussels",
        help_text=_("The event's times are typed and shown in this zone."),
    )
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    is_online = forms.BooleanField(label=_("Online event"), required=False)
    online_url = forms.URLField(
        label=_("Online address"), required=False, assume_scheme="https", max_length=200
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name"),
        required=False,
        empty_label="—",
    )
    region = forms.CharField(
        label=_("Host region (NUTS code)"),
        max_length=10,
        required=False,
        help_text=_("Optional, e.g. BE10."),
    )
    registration_opens_at = LocalDateTimeField(
        label=_("Registration opens"),
        required=False,
        help_text=_("Empty: as soon as the event is published."),
    )
    registration_closes_at = LocalDateTimeField(
        label=_("Registration closes"),
        required=False,
        help_text=_("Empty: when the event starts."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        required=False,
        help_text=_("Confirmed participants at most; then a waiting list. Empty: no limit."),
    )
    approval_required = forms.BooleanField(
        label=_("Organisers approve each registration"), required=False
    )
    participant_types = forms.MultipleChoiceField(
        label=_("Participant types offered"),
        choices=[c for c in ParticipantType.choices if c[0] != ParticipantType.ORGANISER],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: all. The organiser type is only granted by organisers."),
    )
    consent_text = forms.CharField(
        label=_("Consent text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What participants agree to when they register; their consent is recorded."),
    )
    consent_version = forms.CharField(
        label=_("Consent version"),
        max_length=20,
        required=False,
        help_text=_("Raised automatically when the consent text changes."),
    )
    retention_until = forms.DateField(
        label=_("Keep registrations until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Registrations are deleted after this date. Empty: 180 days after the end."),
    )
    matchmaking_enabled = forms.BooleanField(label=_("B2B meetings"), required=False)

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        if event is not None:
            zone = event.timezone
            kwargs["initial"] = {
                **{name: getattr(event, name) for name in self.base_fields if hasattr(event, name)},
                "thematic_areas": list(event.thematic_areas.all()),
                "region": event.region.code if event.region else "",
                **{name: wall_clock(getattr(event, name), zone) for name in _TIME_FIELDS},
            }
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["timezone"].choices = [(zone, zone) for zone in timezone_names()]
        if event is not None:
            del self.fields["slug"]

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"]
        check_timezone(name)
        return name

    def clean_region(self) -> Region | None:
        code = self.cleaned_data.get("region", "").strip()
        return clean_region_code(code) if code else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        zone = data.get("timezone")
        if zone:
            for name in _TIME_FIELDS:
                value = data.get(name)
                if value is None:
                    continue
                try:
                    data[name] = aware_in_zone(value, zone, field=name)
                except ValidationError as error:
                    self.add_error(name, error.message_dict[name])
        if not data.get("consent_version"):
            data.pop("consent_version", None)
        ends = data.get("ends_at")
        if data.get("retention_until") is None and isinstance(ends, dt.datetime) and zone:
            data["retention_until"] = default_retention(ends, zone)
        return data

    def values(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of ``create_event`` / ``update_event``."""
        values = dict(self.cleaned_data)
        if self.event is not None:
            values.pop("slug", None)
        return values

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The form's fields in labelled groups."""
        return [
            (str(legend), [self[name] for name in names if name in self.fields])
            for legend, names in _GROUPS
        ]


_GROUPS = [
    (
        _("The event"),
        ("title", "slug", "kind", "summary", "description", "thematic_platform", "thematic_areas"),
    ),
    (_("Time"), ("timezone", "starts_at", "ends_at")),
    (_("Place"), ("is_online", "online_url", "venue", "city", "country", "region")),
    (
        _("Registration"),
        (
            "registration_opens_at",
            "registration_closes_at",
            "capacity",
            "approval_required",
            "participant_types",
            "consent_text",
            "consent_version",
            "retention_until",
            "matchmaking_enabled",
        ),
    ),
]


class OrganiserForm(forms.Form):
    """A co-organiser, named by the e-mail address of their account."""

    email = forms.EmailField(label=_("E-mail address of the co-organiser"))

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].strip()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No active account has this e-mail address."))
        return user


class QuestionForm(forms.Form):
    """A custom question of the registration form."""

    label = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Help text"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Answer type"), choices=QuestionKind.choices)
    choices = forms.CharField(
        label=_("Choices"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For choice questions: one choice per line."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)

    def __init__(
        self, *args: Any, question: RegistrationQuestion | None = None, **kwargs: Any
    ) -> None:
        if question is not None:
            kwargs["initial"] = {
                "label": question.label,
                "help_text": question.help_text,
                "kind": question.kind,
                "choices": "\n".join(question.choices),
                "required": question.required,
            }
        super().__init__(*args, **kwargs)

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]
