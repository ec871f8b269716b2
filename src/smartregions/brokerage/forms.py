"""Forms of the brokerage pages; they validate input, the domain functions write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregions.brokerage.enums import (
    ActionStatus,
    CaseOutcome,
    FundingSource,
    FundingStatus,
    GroupPartnerStatus,
    GroupStatus,
    PartnerType,
    ValueChainPosition,
)
from smartregions.brokerage.models import Broker, Case
from smartregions.organisations.models import Organisation
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.forms import CodeListField, clean_region_code, split_keywords
from smartregions.regions.models import Country, Region, ThematicArea


def _nace_field(label: Any) -> CodeListField:
    return CodeListField(
        kind=TaxonomyKind.ECONOMIC,
        list_id="nace-codes",
        label=label,
        help_text=_("NACE Rev. 2 codes separated by commas, e.g. 25, 28."),
    )


def _area_field(*, multiple: bool = False, required: bool = False) -> forms.Field:
    queryset = ThematicArea.objects.order_by("name")
    if multiple:
        return forms.ModelMultipleChoiceField(
            label=_("Thematic areas"),
            queryset=queryset,
            widget=forms.CheckboxSelectMultiple,
            required=required,
        )
    return forms.ModelChoiceField(
        label=_("Thematic area"), queryset=queryset, required=required, empty_label="—"
    )


class BrokerForm(forms.Form):
    """A broker's registration: region (NUTS code) and specialities."""

    region = forms.CharField(
        label=_("Region (NUTS code)"),
        max_length=10,
        help_text=_("The NUTS 2 region you work in, e.g. CZ06."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Your agency"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="—",
    )
    thematic_areas = _area_field(multiple=True)
    nace_codes = _nace_field(_("Sectors you know (NACE codes)"))
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Two-letter codes separated by commas, e.g. cs, en, de."),
    )
    bio = forms.CharField(label=_("Short bio"), widget=forms.Textarea, required=False)

    def clean_region(self) -> Region:
        return clean_region_code(self.cleaned_data["region"])

    def clean_languages(self) -> list[str]:
        return split_keywords(self.cleaned_data.get("languages", ""))


class NeedsAssessmentForm(forms.Form):
    """An SME's structured needs assessment; ``organisations`` are the SMEs the user is in."""

    organisation = forms.ModelChoiceField(label=_("Your SME"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title of your request"), max_length=200)
    challenge = forms.CharField(
        label=_("Your challenge"),
        widget=forms.Textarea,
        help_text=_("What problem do you want to solve, and what kind of help do you need?"),
    )
    thematic_area = _area_field()
    nace_codes = _nace_field(_("Technology area (NACE codes)"))
    keywords = forms.CharField(
        label=_("Keywords"), required=False, help_text=_("Separate keywords with commas.")
    )
    target_markets = forms.ModelMultipleChoiceField(
        label=_("Target markets"),
        queryset=Country.objects.order_by("name"),
        required=False,
        help_text=_("Countries where you look for partners or customers."),
    )
    value_chain_position = forms.ChoiceField(
        label=_("Position in the value chain"), choices=ValueChainPosition.choices
    )
    partner_types = forms.MultipleChoiceField(
        label=_("Partners you look for"),
        choices=PartnerType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    trl = forms.TypedChoiceField(
        label=_("Technology readiness level (optional)"),
        choices=[("", "—"), *[(n, f"TRL {n}") for n in range(1, 10)]],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_keywords(self) -> list[str]:
        return split_keywords(self.cleaned_data.get("keywords", ""))


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *CaseOutcome.choices])
    note = forms.CharField(
        label=_("Outcome notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AssignForm(forms.Form):
    broker = forms.ModelChoiceField(
        label=_("Broker"),
        queryset=Broker.objects.filter(status="active").select_related("user", "region"),
    )


class ReferForm(forms.Form):
    to_broker = forms.ModelChoiceField(label=_("Broker abroad"), queryset=Broker.objects.none())
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, brokers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_broker"].queryset = brokers
        self.fields["to_broker"].label_from_instance = lambda b: (
            f"{b} ({b.region.code} {b.region.name_latin}, {b.region.country.name})"
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class GroupForm(forms.Form):
    """A group's name and shared challenge; ``cases`` offers the broker's open cases."""

    name = forms.CharField(label=_("Group name"), max_length=200)
    challenge = forms.CharField(label=_("Shared challenge"), widget=forms.Textarea)
    thematic_area = _area_field()
    nace_codes = _nace_field(_("NACE codes"))
    cases = forms.ModelMultipleChoiceField(
        label=_("Cases whose SMEs join the group"),
        queryset=Case.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, cases: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if cases is None:
            del self.fields["cases"]
        else:
            self.fields["cases"].queryset = cases
            self.fields["cases"].label_from_instance = lambda c: f"{c.title} ({c.organisation})"


class GroupStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=GroupStatus.choices)


class AddMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("SME"), queryset=Organisation.objects.filter(type="sme").order_by("name")
    )


class AddPartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all())
    score = forms.FloatField(required=False)
    reason = forms.CharField(required=False)


class PartnerStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GroupPartnerStatus.choices)


class StrategyForm(forms.Form):
    title = forms.CharField(label=_("Strategy title"), max_length=200)
    summary = forms.CharField(label=_("Vision and summary"), widget=forms.Textarea, required=False)
    target_value_chains = forms.CharField(
        label=_("Target value chains"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    target_nace_codes = _nace_field(_("Target value chains (NACE codes)"))


class ObjectiveForm(forms.Form):
    text = forms.CharField(label=_("Objective"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=Organisation.objects.none(), required=False, empty_label="—"
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class FundingForm(forms.Form):
    source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    description = forms.CharField(label=_("Description"), required=False)
    amount_eur = forms.DecimalField(
        label=_("Amount (EUR)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    status = forms.ChoiceField(label=_("Status"), choices=FundingStatus.choices)
