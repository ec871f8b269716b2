"""Form for registering and editing an organisation; the domain functions do the writing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregions.organisations.enums import OrganisationSize, OrganisationType
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.forms import CodeListField, clean_region_code, split_keywords
from smartregions.regions.models import Region, ThematicArea


class OrganisationForm(forms.Form):
    """An organisation's profile. ``region`` is a NUTS code of the current NUTS version."""

    name = forms.CharField(label=_("Name"), max_length=300)
    type = forms.ChoiceField(label=_("Type"), choices=OrganisationType.choices)
    region = forms.CharField(
        label=_("Region (NUTS code)"),
        max_length=10,
        help_text=_("The NUTS 3 (or NUTS 2) code of the organisation's seat, e.g. CZ064."),
    )
    size = forms.ChoiceField(
        label=_("Size"), choices=[("", "—"), *OrganisationSize.choices], required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    keywords = forms.CharField(
        label=_("Keywords"), required=False, help_text=_("Separate keywords with commas.")
    )
    nace_codes = CodeListField(
        kind=TaxonomyKind.ECONOMIC,
        list_id="nace-codes",
        label=_("Activities (NACE Rev. 2 codes)"),
        help_text=_("Separate codes with commas, e.g. 62, 72."),
    )
    thematic_areas = forms.ModelMultipleChoiceField(
        label=_("Thematic areas"),
        queryset=ThematicArea.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_region(self) -> Region:
        return clean_region_code(self.cleaned_data["region"])

    def clean_keywords(self) -> list[str]:
        return split_keywords(self.cleaned_data.get("keywords", ""))
