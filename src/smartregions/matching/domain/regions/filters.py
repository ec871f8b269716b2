"""Which regions may be proposed: NUTS level, countries, Cohesion Policy category, own country."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartregions.matching.domain.regions.candidates import RegionRow
from smartregions.regions.enums import RegionCategory
from smartregions.regions.models import Region

INDUSTRIAL_TRANSITION = "industrial_transition"
CATEGORY_CHOICES = [
    *((choice.value, choice.label) for choice in RegionCategory),
    (INDUSTRIAL_TRANSITION, _("Industrial transition")),
]
LEVELS = (1, 2, 3)
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class RegionFilters:
    """Candidate filters. ``countries``: NUTS country codes to include (empty: all);
    ``category``: a :class:`RegionCategory` value or ``industrial_transition`` (empty: all)."""

    level: int = 2
    countries: tuple[str, ...] = ()
    category: str = ""
    exclude_own_country: bool = False

    def check(self) -> None:
        """Raise ``ValidationError`` naming ``level``, ``country`` or ``category``."""
        errors: dict[str, str] = {}
        if self.level not in LEVELS:
            errors["level"] = f"Choose NUTS level 1, 2 or 3 (got {self.level!r})."
        bad = [code for code in self.countries if not _COUNTRY.match(code)]
        if bad:
            errors["country"] = f"Not a two-letter NUTS country code: {', '.join(bad)}."
        if self.category and self.category not in dict(CATEGORY_CHOICES):
            choices = ", ".join(value for value, _label in CATEGORY_CHOICES)
            errors["category"] = f"Choose one of: {choices} (got {self.category!r})."
        if errors:
            raise ValidationError(errors)


def related_codes(code: str, other: str) -> bool:
    """Whether one NUTS code is the other or lies above/below it (``CZ03`` and ``CZ031``)."""
    return code.startswith(other) or other.startswith(code)


def allowed_mask(
    candidates: Sequence[RegionRow], *, focal: Region | None, filters: RegionFilters
) -> np.ndarray:
    """Boolean mask of the candidates passing ``filters``; the focal region and the regions
    above or below it are never allowed (a region is not its own partner)."""
    countries = set(filters.countries)
    own = focal.code[:2] if focal is not None else ""
    mask = np.ones(len(candidates), dtype=bool)
    for i, row in enumerate(candidates):
        excluded = (
            (focal is not None and related_codes(row.code, focal.code))
            or (countries and row.country not in countries)
            or (filters.exclude_own_country and row.country == own)
        )
        if excluded:
            mask[i] = False
        elif filters.category == INDUSTRIAL_TRANSITION:
            mask[i] = row.industrial_transition
        elif filters.category and row.category != filters.category:
            mask[i] = False
    return mask
