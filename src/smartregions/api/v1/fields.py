"""Serializer fields that read codes (NUTS, taxonomy codes, slugs) and resolve them to rows.

They only translate: every unknown code becomes a field error that names the code, so a client
sees all of its mistakes at once, and nothing here decides whether a write is allowed.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartregions.regions.domain import api_queries
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Region


@extend_schema_field(OpenApiTypes.STR)
class RegionCodeField(serializers.Field):
    """A NUTS code of the current version (``"CZ031"``), resolved to its :class:`Region`."""

    default_error_messages = {"invalid": "Enter a NUTS code as text."}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", "NUTS code of the region in the current NUTS version, e.g. CZ031."
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Region:
        if not isinstance(data, str) or not data.strip():
            self.fail("invalid")
        version = current_nuts_version()
        region = api_queries.region_by_code(code=data[:20], version=version)
        if region is None:
            msg = f"Unknown NUTS {version} region code: {data.strip()[:20]}."
            raise serializers.ValidationError(msg)
        return region

    def to_representation(self, value: Region) -> str:
        return value.code


class TermCodesField(serializers.ListField):
    """A list of taxonomy codes of one axis (``["C28", "62"]``), resolved to terms.

    See :func:`~smartregions.regions.domain.api_queries.resolve_term_codes` for the accepted
    spellings (plain, ``slug:code``, NACE section letter prefix).
    """

    def __init__(self, *, kind: TaxonomyKind, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.setdefault("child", serializers.CharField(max_length=80))
        kwargs.setdefault(
            "help_text",
            f'Codes of {kind.label.lower()} taxonomies, e.g. "62", "C28" or '
            '"<taxonomy-slug>:<code>" where a code exists in two taxonomies.',
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list:
        codes = super().to_internal_value(data)
        resolved = api_queries.resolve_term_codes(kind=self.kind, codes=codes)
        if resolved.problems:
            raise serializers.ValidationError(
                [f"{code}: {reason}" for code, reason in resolved.problems.items()]
            )
        return resolved.found


class ThematicAreaSlugsField(serializers.ListField):
    """A list of thematic-area slugs, resolved to :class:`ThematicArea` rows."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.SlugField(max_length=60))
        kwargs.setdefault("help_text", "Slugs of thematic areas (see /api/v1/thematic-areas/).")
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list:
        slugs = super().to_internal_value(data)
        resolved = api_queries.resolve_thematic_areas(slugs)
        if resolved.problems:
            raise serializers.ValidationError(
                [f"{slug}: {reason}" for slug, reason in resolved.problems.items()]
            )
        return resolved.found


class TermRefSerializer(serializers.Serializer):
    """A code as it appears on a priority or organisation: taxonomy, code and label."""

    taxonomy = serializers.CharField(source="taxonomy.slug")
    code = serializers.CharField()
    label = serializers.CharField()
