"""Forms of the B2B meeting pages (participant side): the profile, the directory's filters, a
meeting request, answers, availability, picking a slot, attendance and the cooperation
question. They validate input; the domain functions write.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregions.events.domain.matchmaking.common import format_slot
from smartregions.events.domain.matchmaking.profiles import HEADLINE_MAX, MAX_TEXT
from smartregions.events.domain.matchmaking.requests import MAX_MESSAGE
from smartregions.events.domain.queries.matchmaking import DirectoryFilters
from smartregions.events.enums import (
    CooperationOutcome,
    MeetingAttendance,
    ParticipantType,
    TimePreference,
)
from smartregions.events.models import MatchmakingProfile, MeetingSession, MeetingSlot
from smartregions.organisations.enums import OrganisationType
from smartregions.regions.models import Country, Term


class ProfileForm(forms.Form):
    headline = forms.CharField(
        label=_("Headline"),
        max_length=HEADLINE_MAX,
        help_text=_("One line saying who you are, e.g. “Hydrogen storage start-up from Ostrava”."),
    )
    offering = forms.CharField(
        label=_("What you offer"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Technologies, services, expertise, facilities; suggestions compare it."),
    )
    seeking = forms.CharField(
        label=_("What you seek"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Partners, investors, pilots, customers; suggestions compare it."),
    )
    is_visible = forms.BooleanField(
        label=_("Show my profile in the participant directory"),
        required=False,
        initial=True,
        help_text=_("Hidden profiles receive no requests and are suggested to nobody."),
    )

    def __init__(self, *args: Any, profile: MatchmakingProfile | None = None, **kwargs: Any):
        if profile is not None:
            kwargs.setdefault(
                "initial",
                {
                    "headline": profile.headline,
                    "offering": profile.offering,
                    "seeking": profile.seeking,
                    "is_visible": profile.is_visible,
                },
            )
        super().__init__(*args, **kwargs)


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters; the choices are what the listed participants have."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    participant_type = forms.ChoiceField(
        label=_("Participant type"),
        required=False,
        choices=[("", _("Any type")), *ParticipantType.choices],
    )
    organisation_type = forms.ChoiceField(
        label=_("Organisation type"),
        required=False,
        choices=[("", _("Any organisation")), *OrganisationType.choices],
    )
    sector = forms.TypedChoiceField(
        label=_("Sector (NACE)"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, countries: Sequence[Country], sectors: Sequence[Term], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", _("Any country")),
            *((country.code, country.name) for country in countries),
        ]
        self.fields["sector"].choices = [
            ("", _("Any sector")),
            *((term.pk, f"{term.code} {term.label}") for term in sectors),
        ]

    def filters(self) -> DirectoryFilters:
        """The valid filters (an invalid form filters nothing)."""
        if not self.is_bound or not self.is_valid():
            return DirectoryFilters()
        data = self.cleaned_data
        return DirectoryFilters(
            q=data["q"].strip(),
            country=data["country"],
            participant_type=data["participant_type"],
            organisation_type=data["organisation_type"],
            sector=data["sector"],
        )


class MeetingRequestForm(forms.Form):
    """A request to one participant: the session (when the event has several), a message and
    a time preference."""

    meeting_session = forms.ModelChoiceField(
        label=_("Meeting session"), queryset=MeetingSession.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Say why you would like to meet. Only the recipient and the event's organisers "
            "(who moderate requests) can read it."
        ),
    )
    time_preference = forms.ChoiceField(
        label=_("When"), choices=TimePreference.choices, initial=TimePreference.ANY
    )

    def __init__(self, *args: Any, sessions: Sequence[MeetingSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting_session"]
        field.queryset = MeetingSession.objects.filter(pk__in=[s.pk for s in sessions])
        if len(sessions) == 1:
            field.initial = sessions[0].pk
            field.widget = forms.HiddenInput()


class AnswerForm(forms.Form):
    """An optional message with accepting, declining or cancelling a request."""

    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=MAX_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AvailabilityForm(forms.Form):
    """The slots of a session the participant cannot attend (one checkbox per slot)."""

    unavailable = forms.MultipleChoiceField(
        label=_("Slots I cannot attend"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, slots: Sequence[MeetingSlot], zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = {str(slot.pk): slot for slot in slots}
        self.fields["unavailable"].choices = [
            (str(slot.pk), format_slot(slot, zone)) for slot in slots
        ]

    def chosen_slots(self) -> list[MeetingSlot]:
        return [self.slots[pk] for pk in self.cleaned_data["unavailable"]]


class PickSlotForm(forms.Form):
    """The slot picked (each free slot is a button); any slot of the session is accepted here,
    the domain says why one is not free."""

    slot = forms.ModelChoiceField(label=_("Slot"), queryset=MeetingSlot.objects.none())

    def __init__(self, *args: Any, meeting_session: MeetingSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = MeetingSlot.objects.filter(meeting_session=meeting_session)


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=_("Attendance"), choices=MeetingAttendance.choices)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Did this meeting lead to cooperation?"),
        choices=CooperationOutcome.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
