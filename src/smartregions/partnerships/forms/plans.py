"""Forms of the action-plan pages; they validate input, the domain functions write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregions.brokerage.enums import FundingSource
from smartregions.calls.models import Expert
from smartregions.partnerships.enums import ActionStatus, TransitionPriority

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    """A plan's title and, for a region, its self-assessment and transition priorities."""

    title = forms.CharField(label=_("Title"), max_length=200)
    weaknesses = forms.CharField(
        label=_("Self-assessment: weaknesses"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    assets = forms.CharField(
        label=_("Self-assessment: assets"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    transition_priorities = forms.MultipleChoiceField(
        label=_("Transition priorities"),
        choices=TransitionPriority.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, is_region: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_region:
            del self.fields["weaknesses"], self.fields["assets"]
            del self.fields["transition_priorities"]


class PlanExpertsForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label=_("Regional team of experts"),
        queryset=Expert.objects.filter(is_active=True).select_related("user"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ActionForm(forms.Form):
    """An action; ``owners`` are the users who may own it, ``others`` the plan's other actions."""

    title = forms.CharField(label=_("Action"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    owner = forms.ModelChoiceField(
        label=_("Owner (platform user)"), queryset=None, required=False, empty_label="—"
    )
    owner_name = forms.CharField(
        label=_("Or owner's name"),
        max_length=200,
        required=False,
        help_text=_("When the owner has no account on the platform."),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=_DATE)
    depends_on = forms.ModelMultipleChoiceField(
        label=_("Waits for"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, owners: Any, others: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: f"{u.full_name or u.email} <{u.email}>"
        self.fields["depends_on"].queryset = others
        if not others.exists():
            del self.fields["depends_on"]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class FundingOpportunityForm(forms.Form):
    title = forms.CharField(label=_("Opportunity"), max_length=200)
    source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    amount = forms.DecimalField(
        label=_("Amount (EUR)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=_DATE)
    url = forms.URLField(
        label=_("Web address"), max_length=300, required=False, assume_scheme="https"
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
