"""GET forms of the region partner finder and the consortium builder (the URL carries every
choice, so a result page is a shareable link); the domain functions validate again."""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregions.matching.domain.regions import (
    CATEGORY_CHOICES,
    COMPONENTS,
    DEFAULT_WEIGHTS,
    RegionFilters,
)
from smartregions.matching.domain.regions.evidence import evidence_datasets
from smartregions.matching.domain.regions.weights import COMPONENT_LABELS, MAX_WEIGHT, MODE_LABELS
from smartregions.regions.domain import web_queries
from smartregions.regions.models import Region

_LIST = re.compile(r"[,;\s]+")
PARTNER_LEVELS = [("1", _("NUTS 1")), ("2", _("NUTS 2")), ("3", _("NUTS 3"))]


def split_list(value: str, *, upper: bool = False) -> tuple[str, ...]:
    """``"cz, sk;AT"`` -> ``("CZ", "SK", "AT")`` with ``upper``; blanks and repeats dropped."""
    items = (item.strip() for item in _LIST.split(value or ""))
    return tuple(dict.fromkeys(item.upper() if upper else item for item in items if item))


class _FilterFields(forms.Form):
    """Candidate filters shared by both forms."""

    country = forms.CharField(
        label=_("Countries"),
        required=False,
        max_length=200,
        help_text=_("NUTS country codes, e.g. AT, SK, PL; empty for all."),
    )
    level = forms.ChoiceField(
        label=_("NUTS level"), choices=PARTNER_LEVELS, required=False, initial="2"
    )
    category = forms.ChoiceField(label=_("Region category"), required=False)
    dataset = forms.ChoiceField(label=_("Evidence dataset"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *CATEGORY_CHOICES]
        self.fields["dataset"].choices = [
            ("", _("Newest computed dataset")),
            *((dataset.slug, f"{dataset.name} ({year})") for dataset, year in evidence_datasets()),
        ]
        self._fill_defaults()

    def _fill_defaults(self) -> None:
        """Give a bound form the initial value of every field its URL leaves out.

        A shared link such as ``?area=energy`` is bound, and a bound form ignores ``initial``:
        the NUTS-level select would then show its first option (NUTS 1) while the search used
        NUTS 2, and the weight inputs would be blank.
        """
        if not self.is_bound:
            return
        data = self.data.copy()
        for name, field in self.fields.items():
            if name not in data and field.initial not in (None, ""):
                data[name] = field.initial
        self.data = data

    def filters(self, *, exclude_own_country: bool = False) -> RegionFilters:
        data = self.cleaned_data
        return RegionFilters(
            level=int(data.get("level") or 2),
            countries=split_list(data.get("country", ""), upper=True),
            category=data.get("category", ""),
            exclude_own_country=exclude_own_country,
        )


class PartnerSearchForm(_FilterFields):
    """What to find partners for, how to weigh the components, and which regions qualify."""

    area = forms.ChoiceField(label=_("Thematic area"), required=False)
    priority = forms.TypedChoiceField(
        label=_("One of the region's priorities"), coerce=int, required=False, empty_value=None
    )
    q = forms.CharField(
        label=_("Or describe it in your words"),
        required=False,
        max_length=2000,
        widget=forms.SearchInput,
    )
    mode = forms.ChoiceField(
        label=_("Looking for"), choices=list(MODE_LABELS.items()), required=False
    )
    exclude_own_country = forms.BooleanField(label=_("Exclude my country"), required=False)

    def __init__(self, *args: Any, region: Region, priorities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["area"].choices = [
            ("", _("Any (the whole strategy)")),
            *web_queries.thematic_areas().values_list("slug", "name"),
        ]
        self.fields["priority"].choices = [
            ("", _("Any")),
            *((p.id, p.title) for p in priorities),
        ]
        # partners.js puts the new mode's default weights into the inputs when the mode
        # changes, before the form is sent.
        self.fields["mode"].widget.attrs["data-weight-defaults"] = json.dumps(DEFAULT_WEIGHTS)
        mode = (self.data.get("mode") if self.is_bound else None) or "partners"
        defaults = DEFAULT_WEIGHTS.get(mode, DEFAULT_WEIGHTS["partners"])
        for name in COMPONENTS:
            self.fields[f"w_{name}"] = forms.FloatField(
                label=COMPONENT_LABELS[name],
                required=False,
                min_value=0,
                max_value=MAX_WEIGHT,
                initial=defaults[name],
                widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "class": "weight"}),
            )
        self._fill_defaults()

    def clean_mode(self) -> str:
        return self.cleaned_data.get("mode") or "partners"

    def weights(self) -> dict[str, float]:
        """The weights the user set; blank fields keep the mode's defaults."""
        data = self.cleaned_data
        return {name: data[f"w_{name}"] for name in COMPONENTS if data.get(f"w_{name}") is not None}

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"w_{name}"] for name in COMPONENTS]

    def search_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`~smartregions.matching.domain.regions.find_partners`."""
        data = self.cleaned_data
        return {
            "area": data.get("area", ""),
            "priority": data.get("priority"),
            "text": data.get("q", ""),
            "mode": data.get("mode") or "partners",
            "weights": self.weights(),
            "filters": self.filters(exclude_own_country=bool(data.get("exclude_own_country"))),
            "dataset": data.get("dataset") or None,
        }


class ConsortiumForm(_FilterFields):
    """The value chain, the group size and the locked or dropped members."""

    codes = forms.CharField(
        label=_("Value chain as codes"),
        required=False,
        max_length=1000,
        help_text=_("NACE, scientific-domain or policy codes, e.g. 27, 28, 62 or ford-2015:2.3."),
    )
    activities = forms.CharField(
        label=_("Or as activities of the evidence dataset"),
        required=False,
        max_length=2000,
        help_text=_("Activity codes of the dataset, e.g. C27, C28."),
    )
    k = forms.IntegerField(label=_("Members"), min_value=1, max_value=20, initial=5, required=False)
    min_countries = forms.IntegerField(
        label=_("At least member states"), min_value=1, max_value=20, initial=3, required=False
    )

    def request_kwargs(self, request_get: Any) -> dict[str, Any]:
        """Keyword arguments of :func:`~smartregions.matching.domain.regions.propose_consortium`;
        ``lock``/``drop`` may also be repeated GET parameters (the member checkboxes)."""
        data = self.cleaned_data

        def many(name: str) -> list[str]:
            return list(split_list(" ".join(request_get.getlist(name)), upper=True))

        return {
            "codes": list(split_list(data.get("codes", ""))),
            "activities": list(split_list(data.get("activities", ""))),
            "dataset": data.get("dataset") or None,
            "k": data.get("k") or 5,
            "min_countries": data.get("min_countries") or 3,
            "locked": many("lock"),
            "dropped": many("drop"),
            "filters": self.filters(),
        }
