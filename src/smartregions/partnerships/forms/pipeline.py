"""Forms of the investment pipeline: a project, a funding line, a stage move, the board filters.

They validate and convert input (NUTS codes to regions, slugs to organisations); the domain
functions in :mod:`smartregions.partnerships.domain.pipeline` check the rules and write.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.organisations.models import Organisation
from smartregions.partnerships.domain.queries.pipeline import ProjectCriteria
from smartregions.partnerships.enums import ProjectStage
from smartregions.partnerships.models import Partnership, Project
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.forms import clean_region_code, split_codes
from smartregions.regions.models import Country, Region, ThematicPlatform

TRL_CHOICES = [(n, f"TRL {n}") for n in range(1, 10)]


def _money_field(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_digits=14, decimal_places=2, localize=False, **kwargs
    )


def _regions_by_code(text: str) -> list[Region]:
    codes = [code.upper() for code in split_codes(text)]
    found = {
        region.code: region
        for region in Region.objects.filter(
            code__in=codes, nuts_version=current_nuts_version(), is_extra_regio=False
        )
    }
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            _("No region %(codes)s in NUTS %(version)s."),
            code="unknown_region",
            params={"codes": ", ".join(unknown), "version": current_nuts_version()},
        )
    return [found[code] for code in codes]


def _organisations_by_slug(text: str) -> list[Organisation]:
    slugs = split_codes(text)
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ValidationError(
            _("No organisation with the identifier %(slugs)s."),
            code="unknown_organisation",
            params={"slugs": ", ".join(unknown)},
        )
    return [found[slug] for slug in slugs]


class ProjectForm(forms.Form):
    """A project's fields. With a ``partnership`` the platform is the partnership's (no field)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    value_chain_segment = forms.CharField(
        label=_("Value-chain segment"),
        max_length=200,
        required=False,
        help_text=_("Where the project sits in its value chain, e.g. battery cell recycling."),
    )
    thematic_platform = forms.ModelChoiceField(
        label=_("Thematic platform"), queryset=ThematicPlatform.objects.order_by("name")
    )
    trl_now = forms.TypedChoiceField(
        label=_("Technology readiness level now"), choices=TRL_CHOICES, coerce=int
    )
    trl_target = forms.TypedChoiceField(
        label=_("Targeted technology readiness level"), choices=TRL_CHOICES, coerce=int
    )
    budget = _money_field(_("Budget (EUR)"))
    lead_region = forms.CharField(
        label=_("Lead region (NUTS code)"), max_length=10, help_text=_("For example CZ06.")
    )
    lead_organisation = forms.CharField(
        label=_("Lead organisation"),
        max_length=320,
        required=False,
        help_text=_(
            "The organisation's identifier in the directory; suggestions appear as you type."
        ),
    )
    partner_regions = forms.CharField(
        label=_("Partner regions (NUTS codes)"),
        required=False,
        help_text=_("Separate codes with commas, e.g. SK01, DE11."),
    )
    partner_organisations = forms.CharField(
        label=_("Partner organisations"),
        required=False,
        help_text=_("Identifiers separated by commas; suggestions appear as you type."),
    )

    def __init__(self, *args: Any, partnership: Partnership | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partnership is not None:
            del self.fields["thematic_platform"]
            self.fields["lead_region"].help_text = _(
                "A member region of the partnership, a region inside one, or where a member "
                "organisation is located; for example CZ06."
            )
            self.fields["lead_organisation"].help_text = _(
                "A member organisation or one located in a member region; suggestions appear "
                "as you type."
            )
        for name in ("lead_organisation", "partner_organisations"):
            self.fields[name].widget.attrs.update(
                {"list": "organisation-ids", "autocomplete": "off"}
            )

    @staticmethod
    def initial_for(project: Project) -> dict[str, Any]:
        """The form's initial data for editing ``project``."""
        return {
            "title": project.title,
            "acronym": project.acronym,
            "description": project.description,
            "value_chain_segment": project.value_chain_segment,
            "thematic_platform": project.thematic_platform_id,
            "trl_now": project.trl_now,
            "trl_target": project.trl_target,
            "budget": project.budget,
            "lead_region": project.lead_region.code,
            "lead_organisation": project.lead_organisation.slug
            if project.lead_organisation
            else "",
            "partner_regions": ", ".join(r.code for r in project.partner_regions.all()),
            "partner_organisations": ", ".join(o.slug for o in project.partner_organisations.all()),
        }

    def clean_lead_region(self) -> Region:
        return clean_region_code(self.cleaned_data["lead_region"])

    def clean_partner_regions(self) -> list[Region]:
        return _regions_by_code(self.cleaned_data.get("partner_regions", ""))

    def clean_lead_organisation(self) -> Organisation | None:
        found = _organisations_by_slug(self.cleaned_data.get("lead_organisation", ""))
        if len(found) > 1:
            raise ValidationError(_("Give one lead organisation."), code="several")
        return found[0] if found else None

    def clean_partner_organisations(self) -> list[Organisation]:
        return _organisations_by_slug(self.cleaned_data.get("partner_organisations", ""))


class FundingLineForm(forms.Form):
    """One source of the funding mix (a line for a source already in the mix replaces it)."""

    source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    status = forms.ChoiceField(label=_("Status"), choices=FundingStatus.choices)
    amount = _money_field(_("Amount (EUR)"))
    notes = forms.CharField(
        label=_("Notes (internal)"),
        max_length=300,
        required=False,
        help_text=_("Seen only by the partnership and platform staff."),
    )


class MoveProjectForm(forms.Form):
    """Move a project to the next or the previous stage (moving back needs a reason)."""

    to_stage = forms.ChoiceField(label=_("New stage"), choices=ProjectStage.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the project moves back a stage."),
    )


class PipelineFilterForm(forms.Form):
    """The board's filters (a GET form: the URL carries every filter)."""

    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=Partnership.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All partnerships"),
    )
    platform = forms.ModelChoiceField(
        label=_("Thematic platform"),
        queryset=ThematicPlatform.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All platforms"),
    )
    region = forms.CharField(
        label=_("Region (NUTS code)"),
        max_length=10,
        required=False,
        help_text=_("Projects it leads or partners in."),
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("All countries"),
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All stages")), *ProjectStage.choices], required=False
    )
    source = forms.ChoiceField(
        label=_("Funding source"),
        choices=[("", _("All sources")), *FundingSource.choices],
        required=False,
    )

    def __init__(self, *args: Any, partnerships: QuerySet[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships

    def clean_region(self) -> Region | None:
        code = self.cleaned_data.get("region", "").strip()
        return clean_region_code(code) if code else None

    def criteria(self) -> ProjectCriteria:
        """The valid filters as :class:`ProjectCriteria` (invalid ones are ignored)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}

        def pk(name: str) -> int | None:
            value = data.get(name)
            return value.pk if value is not None else None

        partnership = data.get("partnership")
        return ProjectCriteria(
            partnership_ids=(partnership.pk,) if partnership is not None else (),
            platform_id=pk("platform"),
            region_id=pk("region"),
            country_id=pk("country"),
            stage=data.get("stage") or "",
            source=data.get("source") or "",
        )
