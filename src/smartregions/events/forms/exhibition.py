"""Forms of the exhibition and pitch pages: stands, booking requests and showcases, decisions,
pitch applications. They validate input; the domain functions write and check the rules only
they know (whose priorities and projects, which stand is free)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smartregions.events.domain.pitches import MAX_PITCH_MINUTES
from smartregions.events.domain.queries.exhibition import (
    exhibitor_priorities,
    exhibitor_projects,
)
from smartregions.events.enums import BookingStatus, SessionKind
from smartregions.events.models import Event, Session, Stand, StandBooking
from smartregions.organisations.models import Organisation
from smartregions.partnerships.models import Partnership, Project
from smartregions.regions.models import Priority, Region


class StandForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("e.g. A12"))
    size_m2 = forms.DecimalField(
        label=_("Size (m²)"), max_digits=6, decimal_places=1, min_value=Decimal("0.1")
    )
    location = forms.CharField(
        label=_("Location"), max_length=120, help_text=_("Hall, floor or area.")
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def __init__(self, *args: Any, stand: Stand | None = None, **kwargs: Any) -> None:
        if stand is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": stand.code,
                    "size_m2": stand.size_m2,
                    "location": stand.location,
                    "description": stand.description,
                },
            )
        super().__init__(*args, **kwargs)


class _ShowcaseFields(forms.Form):
    showcase_title = forms.CharField(label=_("Showcase title"), max_length=200)
    showcase_text = forms.CharField(
        label=_("What you show"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    priorities = forms.ModelMultipleChoiceField(
        label=_("S3 priorities shown"),
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Partnership projects shown"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def showcase(self) -> dict[str, Any]:
        """The showcase fields as domain keyword arguments."""
        return {name: self.cleaned_data[name] for name in _ShowcaseFields.base_fields}


def _party_priorities(regions: list[Region]) -> Any:
    ids: set[int] = set()
    for region in regions:
        ids.update(exhibitor_priorities(region).values_list("pk", flat=True))
    return (
        Priority.objects.filter(pk__in=ids)
        .select_related("strategy", "strategy__region")
        .order_by("strategy__region__code", "reference", "id")
    )


def _party_projects(regions: list[Region], organisations: list[Organisation]) -> Any:
    condition = Q(pk__in=[])
    for region in regions:
        condition |= Q(pk__in=exhibitor_projects(region=region).values("pk"))
    for organisation in organisations:
        condition |= Q(pk__in=exhibitor_projects(organisation=organisation).values("pk"))
    return Project.objects.filter(condition).order_by("title", "id")


class BookingForm(_ShowcaseFields):
    """A stand request for one of the user's regions or organisations, with the showcase.

    The priority and project choices are those of all the user's parties; the domain refuses
    the ones that are not the chosen party's.
    """

    party = forms.ChoiceField(label=_("Exhibitor"))
    stand = forms.ModelChoiceField(
        label=_("Stand wished for"),
        queryset=Stand.objects.none(),
        required=False,
        empty_label=_("Any free stand"),
    )
    message = forms.CharField(
        label=_("Message to the organisers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    field_order = ["party", "stand", "message"]

    def __init__(
        self,
        *args: Any,
        event: Event,
        regions: list[Region],
        organisations: list[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.regions = {str(region.pk): region for region in regions}
        self.organisations = {str(org.pk): org for org in organisations}
        self.fields["party"].choices = [
            *((f"region:{r.pk}", f"{r.name_latin} ({r.code})") for r in regions),
            *((f"organisation:{o.pk}", o.name) for o in organisations),
        ]
        self.fields["stand"].queryset = Stand.objects.filter(event=event).exclude(
            bookings__status=BookingStatus.APPROVED
        )
        self.fields["priorities"].queryset = _party_priorities(
            regions + [o.region for o in organisations]
        )
        self.fields["projects"].queryset = _party_projects(regions, organisations)

    def request(self) -> dict[str, Any]:
        """The keyword arguments of
        :func:`~smartregions.events.domain.exhibition.request_stand` (without actor, event)."""
        kind, pk = self.cleaned_data["party"].split(":")
        party = {"region": None, "organisation": None}
        party[kind] = (self.regions if kind == "region" else self.organisations)[pk]
        return {
            **party,
            "stand": self.cleaned_data["stand"],
            "message": self.cleaned_data["message"],
            **self.showcase(),
        }


class ShowcaseForm(_ShowcaseFields):
    """The showcase of an existing booking, with the choices of its exhibitor."""

    def __init__(self, *args: Any, booking: StandBooking, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                **{
                    name: getattr(booking, name)
                    for name in (
                        "showcase_title",
                        "showcase_text",
                        "contact_name",
                        "contact_email",
                        "website",
                    )
                },
                "priorities": [p.pk for p in booking.priorities.all()],
                "projects": [p.pk for p in booking.projects.all()],
            },
        )
        super().__init__(*args, **kwargs)
        region = booking.region or booking.organisation.region
        self.fields["priorities"].queryset = exhibitor_priorities(region)
        self.fields["projects"].queryset = exhibitor_projects(
            region=booking.region, organisation=booking.organisation
        )


class ApproveBookingForm(forms.Form):
    stand = forms.ModelChoiceField(label=_("Stand"), queryset=Stand.objects.none())
    note = forms.CharField(label=_("Note to the exhibitor"), max_length=500, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stand"].queryset = Stand.objects.filter(event=event)


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=500)


class PitchForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Pitch title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=MAX_PITCH_MINUTES, initial=5
    )

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships


class AcceptPitchForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Pitch session"), queryset=Session.objects.none(), empty_label=None
    )
    note = forms.CharField(label=_("Note to the partnership"), max_length=500, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(
            event=event, kind=SessionKind.PITCH
        ).order_by("starts_at", "id")
