"""Forms of the monitoring pages; they validate input, the domain functions write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregions.partnerships.enums import ReportStatus
from smartregions.regions.models import ThematicPlatform


def _narrative(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReportForm(forms.Form):
    """The partners' part of a progress report. Every section may stay empty while drafting;
    submitting needs them all (the domain says which one is missing)."""

    events_held = forms.IntegerField(
        label=_("Events held in the period"),
        min_value=0,
        max_value=10_000,
        help_text=_("Workshops, study visits, matchmaking and other events the partnership held."),
    )
    achievements = _narrative(
        _("Achievements"), _("What the partnership achieved in the period (activities, outputs).")
    )
    results = _narrative(
        _("Results"), _("The results and their effect: agreements, investments, new projects.")
    )
    challenges = _narrative(
        _("Challenges"), _("What slowed the work down, and how the partners responded.")
    )
    next_steps = _narrative(_("Next steps"), _("What the partners plan for the next period."))


class ReviewForm(forms.Form):
    """A facilitator's review comment; required when changes are requested."""

    comment = forms.CharField(
        label=_("Review comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you request changes; sent to the partnership's leaders."),
    )


class StartReportForm(forms.Form):
    """Which period's report to open (the first day of the period)."""

    period_start = forms.DateField(widget=forms.HiddenInput)


class ReportFilterForm(forms.Form):
    """Filters of the report list: status, period, thematic platform, overdue only."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *ReportStatus.choices], required=False
    )
    period = forms.RegexField(
        label=_("Period"),
        regex=r"^\d{4}-H[12]$",
        required=False,
        help_text=_("For example 2026-H1 (January-June) or 2026-H2."),
        error_messages={"invalid": _("Write a period as 2026-H1 or 2026-H2.")},
    )
    platform = forms.ModelChoiceField(
        label=_("Thematic platform"),
        queryset=ThematicPlatform.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any"),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
