"""Filter forms of the public pages (GET forms: the URL carries every filter)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregions.organisations.enums import OrganisationType
from smartregions.regions.domain import web_queries
from smartregions.regions.domain.queries import PrioritySearch, current_nuts_version
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.forms import CodeListField
from smartregions.regions.models import Country

LEVEL_CHOICES = [
    ("", _("All levels")),
    ("0", _("NUTS 0 (country)")),
    ("1", _("NUTS 1")),
    ("2", _("NUTS 2")),
    ("3", _("NUTS 3")),
]


def _country_choices(all_label: str) -> list[tuple[str, str]]:
    return [("", all_label), *Country.objects.order_by("name").values_list("code", "name")]


def _area_choices() -> list[tuple[str, str]]:
    return [
        ("", _("All thematic areas")),
        *web_queries.thematic_areas().values_list("slug", "name"),
    ]


def _grouped_term_choices(kind: TaxonomyKind, all_label: str) -> list[Any]:
    """Choices grouped by taxonomy (rendered as <optgroup>); values are ``slug:code``."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for term in web_queries.terms_of_kind(kind):
        indent = "\u2003" * max(term.level - 1, 0)
        groups.setdefault(term.taxonomy.name, []).append(
            (f"{term.taxonomy.slug}:{term.code}", f"{indent}{term.code} {term.label}")
        )
    return [("", all_label), *groups.items()]


class RegionFilterForm(forms.Form):
    """Filters of the region directory."""

    q = forms.CharField(
        label=_("Name or code"), required=False, max_length=100, widget=forms.SearchInput
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    level = forms.ChoiceField(label=_("NUTS level"), choices=LEVEL_CHOICES, required=False)
    area = forms.ChoiceField(label=_("Thematic area"), required=False)
    version = forms.TypedChoiceField(label=_("NUTS version"), coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices(str(_("All countries")))
        self.fields["area"].choices = _area_choices()
        versions = web_queries.nuts_versions() or [current_nuts_version()]
        self.fields["version"].choices = [(v, f"NUTS {v}") for v in versions]

    def criteria(self) -> web_queries.RegionFilter:
        """The search criteria from the valid fields (invalid ones are ignored and reported)."""
        data = self.cleaned_data if self.is_bound else {}
        level = data.get("level")
        return web_queries.RegionFilter(
            version=data.get("version") or current_nuts_version(),
            text=data.get("q", ""),
            country=data.get("country", ""),
            level=int(level) if level not in (None, "") else None,
            thematic_area=data.get("area", ""),
        )


class PrioritySearchForm(forms.Form):
    """Full-text search and filters of the priority search page."""

    q = forms.CharField(
        label=_("Search text"), required=False, max_length=200, widget=forms.SearchInput
    )
    nace = CodeListField(
        kind=TaxonomyKind.ECONOMIC,
        list_id="nace-codes",
        label=_("NACE codes"),
        help_text=_("e.g. 28 or C; a section or division also finds the codes below it."),
    )
    sci = forms.ChoiceField(label=_("Scientific domain"), required=False)
    policy = forms.ChoiceField(label=_("Policy objective"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    level = forms.ChoiceField(label=_("NUTS level"), choices=LEVEL_CHOICES, required=False)
    area = forms.ChoiceField(label=_("Thematic area"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sci"].choices = _grouped_term_choices(
            TaxonomyKind.SCIENTIFIC, str(_("All scientific domains"))
        )
        self.fields["policy"].choices = _grouped_term_choices(
            TaxonomyKind.POLICY, str(_("All policy objectives"))
        )
        self.fields["country"].choices = _country_choices(str(_("All countries")))
        self.fields["area"].choices = _area_choices()

    def criteria(self) -> PrioritySearch:
        """The :class:`PrioritySearch` from the valid fields (invalid ones are reported)."""
        data = self.cleaned_data if self.is_bound else {}

        def code_of(value: str) -> tuple[str, ...]:
            return (value.split(":", 1)[-1],) if value else ()

        level = data.get("level")
        return PrioritySearch(
            text=data.get("q", ""),
            economic=tuple(term.code for term in data.get("nace", [])),
            scientific=code_of(data.get("sci", "")),
            policy=code_of(data.get("policy", "")),
            countries=(data["country"],) if data.get("country") else (),
            levels=(int(level),) if level not in (None, "") else (),
            thematic_areas=(data["area"],) if data.get("area") else (),
        )


class OrganisationFilterForm(forms.Form):
    """Filters of the organisation directory."""

    q = forms.CharField(
        label=_("Name or description"), required=False, max_length=100, widget=forms.SearchInput
    )
    type = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("All types")), *OrganisationType.choices],
        required=False,
    )
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices(str(_("All countries")))
