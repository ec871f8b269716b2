"""Admin site for the regions app: countries, NUTS regions, taxonomies, strategies, priorities.

Codes on a priority are chosen with autocomplete widgets limited to the taxonomy kind of each
axis (NACE has almost a thousand terms); saving a priority refreshes its search text, as the
domain functions do.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from smartregions.common.admin import ActivityLoggedAdmin
from smartregions.regions.domain.priorities import refresh_search_text
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import (
    Country,
    NutsCorrespondence,
    Priority,
    Region,
    Strategy,
    Taxonomy,
    Term,
    ThematicArea,
    ThematicPlatform,
)

#: Which taxonomy kind each coded many-to-many field accepts, by (model name, field name).
AXIS_KINDS: dict[tuple[str, str], str] = {
    ("priority", "economic_domains"): TaxonomyKind.ECONOMIC,
    ("priority", "scientific_domains"): TaxonomyKind.SCIENTIFIC,
    ("priority", "policy_objectives"): TaxonomyKind.POLICY,
    ("organisation", "nace_codes"): TaxonomyKind.ECONOMIC,
}


@admin.register(Country)
class CountryAdmin(ActivityLoggedAdmin):
    list_display = ("code", "iso_code", "iso3_code", "name", "group")
    list_filter = ("group",)
    search_fields = ("code", "iso_code", "name")


@admin.register(Region)
class RegionAdmin(ActivityLoggedAdmin):
    list_display = ("code", "name_latin", "name_national", "level", "nuts_version", "country")
    list_filter = (
        "nuts_version",
        "level",
        "country",
        "is_extra_regio",
        "category",
        "industrial_transition",
    )
    search_fields = ("code", "name_latin", "name_national")
    raw_id_fields = ("parent",)
    exclude = ("boundary",)
    list_select_related = ("country",)
    show_full_result_count = False


@admin.register(NutsCorrespondence)
class NutsCorrespondenceAdmin(ActivityLoggedAdmin):
    list_display = ("from_code", "from_version", "to_code", "to_version", "change")
    list_filter = ("from_version", "to_version")
    search_fields = ("from_code", "to_code", "change")


@admin.register(Taxonomy)
class TaxonomyAdmin(ActivityLoggedAdmin):
    list_display = ("slug", "name", "kind", "source")
    list_filter = ("kind",)
    search_fields = ("slug", "name")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Term)
class TermAdmin(ActivityLoggedAdmin):
    """Terms are many (NACE alone has ~1,000), so they get their own searchable list."""

    list_display = ("code", "label", "taxonomy", "level", "parent")
    list_filter = ("taxonomy", "level")
    search_fields = ("code", "label")
    raw_id_fields = ("parent",)
    list_select_related = ("taxonomy", "parent")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Term], search_term: str
    ) -> tuple[QuerySet[Term], bool]:
        # Autocomplete requests name the field they fill; offer only terms of its axis.
        kind = AXIS_KINDS.get(
            (request.GET.get("model_name", ""), request.GET.get("field_name", ""))
        )
        if kind is not None:
            queryset = queryset.filter(taxonomy__kind=kind)
        return super().get_search_results(request, queryset, search_term)


@admin.register(ThematicPlatform)
class ThematicPlatformAdmin(ActivityLoggedAdmin):
    list_display = ("slug", "name")
    search_fields = ("slug", "name")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ThematicArea)
class ThematicAreaAdmin(ActivityLoggedAdmin):
    list_display = ("slug", "name", "platform")
    list_filter = ("platform",)
    search_fields = ("slug", "name")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("platform",)


@admin.register(Strategy)
class StrategyAdmin(ActivityLoggedAdmin):
    list_display = ("title", "country", "region", "level", "period_start", "period_end", "status")
    list_filter = ("status", "level", "is_synthetic", "country", "period_start")
    search_fields = ("title", "region__code", "region__name_latin", "managing_authority")
    raw_id_fields = ("region",)
    list_select_related = ("country", "region")


def limit_to_axis(model_name: str, db_field: Any, kwargs: dict[str, Any]) -> None:
    """Restrict a coded M2M form field to terms of its axis, so a save cannot mix axes."""
    kind = AXIS_KINDS.get((model_name, db_field.name))
    if kind is not None:
        kwargs["queryset"] = Term.objects.filter(taxonomy__kind=kind).select_related("taxonomy")


@admin.register(Priority)
class PriorityAdmin(ActivityLoggedAdmin):
    list_display = ("reference", "title", "strategy", "is_synthetic", "updated_at")
    list_filter = ("is_synthetic", "strategy__country", "thematic_areas")
    search_fields = ("reference", "title", "search_text")
    raw_id_fields = ("strategy",)
    autocomplete_fields = ("economic_domains", "scientific_domains", "policy_objectives")
    filter_horizontal = ("thematic_areas",)
    list_select_related = ("strategy", "strategy__region")
    readonly_fields = ("created_at", "updated_at")

    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest | None = None, **kwargs: Any
    ) -> Any:
        limit_to_axis("priority", db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        refresh_search_text(form.instance)
