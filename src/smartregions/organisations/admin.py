"""Admin site for organisations."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from smartregions.common.admin import ActivityLoggedAdmin
from smartregions.organisations.models import Organisation
from smartregions.regions.admin import limit_to_axis


@admin.register(Organisation)
class OrganisationAdmin(ActivityLoggedAdmin):
    list_display = ("name", "type", "region", "size", "is_synthetic")
    list_filter = ("type", "size", "is_synthetic", "region__country")
    search_fields = ("name", "slug", "description")
    raw_id_fields = ("region",)
    autocomplete_fields = ("nace_codes", "thematic_areas")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("region",)
    readonly_fields = ("created_at", "updated_at")

    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest | None = None, **kwargs: Any
    ) -> Any:
        limit_to_axis("organisation", db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
