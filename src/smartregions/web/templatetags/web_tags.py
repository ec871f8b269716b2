"""Template helpers of the web surface: typology labels, pagination links, data attributes."""

from __future__ import annotations

import json
from typing import Any

import rules
from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Eurostat/GISCO typology codes as published with the NUTS tables (0 = not applicable).
URBAN_TYPES = {
    1: _("Predominantly urban"),
    2: _("Intermediate"),
    3: _("Predominantly rural"),
}
MOUNTAIN_TYPES = {
    1: _("Mountain: over half of the population lives in mountain areas"),
    2: _("Mountain: over half of the surface is mountain area"),
    3: _("Mountain: over half of both population and surface"),
    4: _("Not a mountain region"),
}
COASTAL_TYPES = {
    1: _("Coastal: on the coast"),
    2: _("Coastal: over half of the population within 50 km of the coastline"),
    3: _("Not coastal"),
}


@register.filter
def urban_type_label(value: int | None) -> str:
    """Label of a GISCO urban-rural typology code, or an empty string."""
    return str(URBAN_TYPES.get(value, "")) if value else ""


@register.filter
def mountain_type_label(value: int | None) -> str:
    """Label of a GISCO mountain typology code, or an empty string."""
    return str(MOUNTAIN_TYPES.get(value, "")) if value else ""


@register.filter
def coastal_type_label(value: int | None) -> str:
    """Label of a GISCO coastal typology code, or an empty string."""
    return str(COASTAL_TYPES.get(value, "")) if value else ""


@register.filter
def to_json(value: Any) -> str:
    """``value`` as compact JSON for a ``data-*`` attribute (the template escapes it)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@register.simple_tag
def page_query(query: str, number: int) -> str:
    """``?<filters>&page=<n>``: a pagination link that keeps the current filters."""
    return f"?{query}&page={number}" if query else f"?page={number}"


@register.simple_tag
def maplibre_style_id() -> str:
    """The element id that tells the installed plotly.js not to inject MapLibre's CSS."""
    from smartregions.common.vendor_css import installed_plotly_styles

    return installed_plotly_styles().maplibre_id


@register.simple_tag
def rule_perm(perm: str, user: Any, obj: Any = None) -> bool:
    """Whether ``user`` holds the django-rules permission ``perm`` (on ``obj``).

    Asks the rules permission set directly. ``user.has_perm`` (and the template's ``perms``)
    would also consult Django's model backend, which loads the user's model permissions: two
    queries on every page that shows a menu entry behind a rule.
    """
    if getattr(user, "is_active", False) and getattr(user, "is_superuser", False):
        return True  # as Django's own has_perm: an active superuser holds every permission
    return bool(rules.has_perm(perm, user, obj))
