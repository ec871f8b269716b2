"""Forms for editing strategies and priorities; they validate input, domain functions write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.domain.taxonomies.resolve import CodeIssue, resolve_kind_codes
from smartregions.regions.enums import StrategyStatus, TaxonomyKind
from smartregions.regions.models import Region, Term, ThematicArea

_SEPARATORS = re.compile(r"[,;\s]+")


def split_codes(value: str) -> list[str]:
    """Split ``"28, 25;C"`` into ``["28", "25", "C"]``, dropping blanks and repeats."""
    seen: dict[str, None] = {}
    for code in _SEPARATORS.split(value or ""):
        if code:
            seen.setdefault(code, None)
    return list(seen)


def split_keywords(value: str) -> list[str]:
    """Split a comma-separated keyword list, trimming blanks."""
    return [k.strip() for k in (value or "").split(",") if k.strip()]


def clean_region_code(value: str) -> Region:
    """The region of the current NUTS version with code ``value`` (any case, no extra-regio).

    Raises a form ``ValidationError`` (code ``unknown_region``) that names the code and version.
    """
    code = (value or "").strip().upper()
    version = current_nuts_version()
    region = Region.objects.filter(code=code, nuts_version=version, is_extra_regio=False).first()
    if region is None:
        raise forms.ValidationError(
            _("No region %(code)s in NUTS %(version)s."),
            code="unknown_region",
            params={"code": code, "version": version},
        )
    return region


class CodeListField(forms.CharField):
    """A text input of classification codes, resolved to :class:`Term` rows of one axis.

    Codes are separated by commas or spaces and resolved by
    :func:`~smartregions.regions.domain.taxonomies.resolve.resolve_kind_codes`: a bare code
    means the kind's default taxonomy (NACE, FORD, Cohesion 2021-27), ``slug:code`` another
    one (``nabs-2007:07``). Unknown and ambiguous codes are reported together, so the user
    fixes them in one go.
    """

    def __init__(self, *, kind: TaxonomyKind, list_id: str = "", **kwargs: Any) -> None:
        self.kind = kind
        self.list_id = list_id
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if self.list_id:
            # The datalist suggests codes; site.js keeps earlier codes in front of suggestions.
            attrs.update({"list": self.list_id, "autocomplete": "off", "data-code-list": ""})
        return attrs

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(t.code if isinstance(t, Term) else str(t) for t in value)
        return value

    def clean(self, value: Any) -> list[Term]:  # type: ignore[override]
        text = super().clean(value)
        terms, failing = resolve_kind_codes(kind=self.kind, codes=split_codes(text))
        ambiguous = [c for c, match in failing.items() if match.issue == CodeIssue.AMBIGUOUS]
        unknown = [c for c in failing if c not in ambiguous]
        errors = []
        if unknown:
            errors.append(
                ValidationError(
                    _("Unknown codes: %(codes)s."),
                    code="unknown",
                    params={"codes": ", ".join(unknown)},
                )
            )
        if ambiguous:
            errors.append(
                ValidationError(
                    _("Codes in several classifications, write them as slug:code: %(codes)s."),
                    code="ambiguous",
                    params={"codes": ", ".join(ambiguous)},
                )
            )
        if errors:
            raise ValidationError(errors)
        return terms


class StrategyForm(forms.Form):
    """The editable fields of a strategy (see ``strategies.STRATEGY_FIELDS``)."""

    title = forms.CharField(label=_("Title"), max_length=300)
    period_start = forms.IntegerField(label=_("First year"), min_value=1990, max_value=2100)
    period_end = forms.IntegerField(label=_("Last year"), min_value=1990, max_value=2100)
    document_url = forms.URLField(
        label=_("Link to the strategy document"), required=False, assume_scheme="https"
    )
    managing_authority = forms.CharField(
        label=_("Managing authority"), max_length=300, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=StrategyStatus.choices)
    language = forms.CharField(
        label=_("Language"),
        max_length=10,
        required=False,
        help_text=_("ISO 639-1 code of the document's language, e.g. cs or en."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start is not None and end is not None and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class PriorityForm(forms.Form):
    """A priority's text, codes on the three axes, thematic areas and optional budget."""

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    economic_domains = CodeListField(
        kind=TaxonomyKind.ECONOMIC,
        list_id="nace-codes",
        label=_("Economic domains (NACE Rev. 2 codes)"),
        help_text=_("Separate codes with commas, e.g. 28, 25, C. Start typing for suggestions."),
    )
    scientific_domains = CodeListField(
        kind=TaxonomyKind.SCIENTIFIC,
        list_id="scientific-codes",
        label=_("Scientific domains (FORD or NABS codes)"),
        help_text=_("Separate codes with commas; write slug:code if a code is ambiguous."),
    )
    policy_objectives = CodeListField(
        kind=TaxonomyKind.POLICY,
        list_id="policy-codes",
        label=_("EU policy objectives"),
        help_text=_("Separate codes with commas, e.g. PO1."),
    )
    thematic_areas = forms.ModelMultipleChoiceField(
        label=_("Thematic areas"),
        queryset=ThematicArea.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        help_text=_("Separate keywords with commas."),
    )
    budget_eur = forms.DecimalField(
        label=_("Budget (EUR)"), max_digits=15, decimal_places=2, min_value=0, required=False
    )
    source = forms.CharField(label=_("Source"), max_length=500, required=False)
    language = forms.CharField(label=_("Language"), max_length=10, required=False)

    def clean_keywords(self) -> list[str]:
        return split_keywords(self.cleaned_data.get("keywords", ""))
