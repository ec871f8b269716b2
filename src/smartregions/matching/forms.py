"""Marketplace forms: they validate input; the domain functions in ``domain/marketplace`` write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from smartregions.matching.domain.marketplace.queries import MarketplaceSearch
from smartregions.matching.enums import (
    TRL_CHOICES,
    CooperationType,
    DigestFrequency,
    ProfileKind,
)
from smartregions.organisations.models import Organisation
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.forms import CodeListField, split_keywords
from smartregions.regions.models import Country, ThematicArea

TRL_FILTER_CHOICES = [("", _("Any")), *((str(level), str(level)) for level in range(1, 10))]


class DateInput(forms.DateInput):
    input_type = "date"


def _countries() -> QuerySet[Country]:
    return Country.objects.order_by("name")


class ProfileForm(forms.Form):
    """A cooperation profile's fields; ``organisation`` only when the user has a choice."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Offer or request"), choices=ProfileKind.choices)
    cooperation_type = forms.ChoiceField(
        label=_("Type of cooperation"), choices=CooperationType.choices
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what you offer or look for, and for what."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea,
        required=False,
        help_text=_("The technology or business, its advantages, and the partner sought."),
    )
    keywords = forms.CharField(
        label=_("Technology keywords"),
        required=False,
        help_text=_("Separate keywords with commas, e.g. machine vision, predictive maintenance."),
    )
    nace_codes = CodeListField(
        kind=TaxonomyKind.ECONOMIC,
        list_id="nace-codes",
        label=_("Activities (NACE Rev. 2 codes)"),
        help_text=_("Separate codes with commas, e.g. 28, 62."),
    )
    thematic_areas = forms.ModelMultipleChoiceField(
        label=_("Thematic areas"),
        queryset=ThematicArea.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    trl = forms.TypedChoiceField(
        label=_("Technology readiness level"),
        choices=[("", _("Not applicable")), *TRL_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    target_countries = forms.ModelMultipleChoiceField(
        label=_("Target countries"),
        queryset=Country.objects.none(),
        required=False,
        help_text=_("Countries where you look for partners; leave empty for any country."),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=DateInput,
        help_text=_("At most two years from today; the profile expires after this day."),
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_countries"].queryset = _countries()
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations

    def clean_keywords(self) -> list[str]:
        return split_keywords(self.cleaned_data.get("keywords", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error(
                "valid_until", _("The profile must be valid until a date after it starts.")
            )
        return data


class RenewForm(forms.Form):
    """New validity dates of an expired profile."""

    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput)


class InterestForm(forms.Form):
    """A message to a profile's owner, sent for one of the user's organisations."""

    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say who you are, what interests you and how you would cooperate."),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AnswerForm(forms.Form):
    """The profile owner's answer to an expression of interest."""

    response = forms.CharField(
        label=_("Response"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MarketplaceFilterForm(forms.Form):
    """Filters of the marketplace page (a GET form: the URL carries every filter)."""

    q = forms.CharField(
        label=_("Search text"), required=False, max_length=200, widget=forms.SearchInput
    )
    kind = forms.ChoiceField(
        label=_("Offer or request"),
        choices=[("", _("Offers and requests")), *ProfileKind.choices],
        required=False,
    )
    type = forms.ChoiceField(
        label=_("Type of cooperation"),
        choices=[("", _("All types")), *CooperationType.choices],
        required=False,
    )
    nace = CodeListField(
        kind=TaxonomyKind.ECONOMIC,
        list_id="nace-codes",
        label=_("NACE codes"),
        help_text=_("e.g. 28 or C; a section or division also finds the codes below it."),
    )
    area = forms.ChoiceField(label=_("Thematic area"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    trl_min = forms.TypedChoiceField(
        label=_("TRL from"),
        choices=TRL_FILTER_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    trl_max = forms.TypedChoiceField(
        label=_("TRL up to"),
        choices=TRL_FILTER_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [
            ("", _("All thematic areas")),
            *ThematicArea.objects.order_by("name").values_list("slug", "name"),
        ]
        self.fields["country"].choices = [
            ("", _("All countries")),
            *_countries().values_list("code", "name"),
        ]

    def criteria(self) -> MarketplaceSearch:
        """The search criteria from the valid fields (invalid ones are ignored and reported)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}

        def one(name: str) -> tuple[str, ...]:
            return (data[name],) if data.get(name) else ()

        return MarketplaceSearch(
            text=data.get("q", ""),
            kinds=one("kind"),
            cooperation_types=one("type"),
            nace=tuple(term.code for term in data.get("nace", [])),
            thematic_areas=one("area"),
            countries=one("country"),
            trl_min=data.get("trl_min"),
            trl_max=data.get("trl_max"),
        )


class SavedSearchForm(forms.Form):
    """Name and frequency of a saved search (its criteria come from the current search)."""

    name = forms.CharField(label=_("Name of the search"), max_length=200)
    frequency = forms.ChoiceField(
        label=_("E-mail digest"), choices=DigestFrequency.choices, initial=DigestFrequency.WEEKLY
    )


class SavedSearchEditForm(SavedSearchForm):
    """Rename, change the frequency of, or pause a saved search."""

    is_active = forms.BooleanField(label=_("Send digests"), required=False)
