"""Admin site for the marketplace: read-only views for support staff.

Profiles, expressions of interest and saved searches change only through the domain functions
(web pages, API, commands), which enforce the workflow, send the e-mails and log activity; the
admin shows them for support and never edits them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from smartregions.matching.models import (
    CooperationProfile,
    ExpressionOfInterest,
    SavedSearch,
    SavedSearchDelivery,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CooperationProfile)
class CooperationProfileAdmin(ReadOnlyAdmin):
    list_display = ("title", "organisation", "kind", "cooperation_type", "status", "valid_until")
    list_filter = ("status", "kind", "cooperation_type", "is_synthetic")
    search_fields = ("title", "summary", "organisation__name")
    list_select_related = ("organisation",)
    date_hierarchy = "valid_until"


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(ReadOnlyAdmin):
    list_display = ("profile", "organisation", "status", "created_at", "responded_at")
    list_filter = ("status",)
    search_fields = ("profile__title", "organisation__name")
    list_select_related = ("profile", "organisation")


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "frequency", "is_active", "last_sent_at")
    list_filter = ("frequency", "is_active")
    search_fields = ("name", "user__email")
    list_select_related = ("user",)


@admin.register(SavedSearchDelivery)
class SavedSearchDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("saved_search", "sent_at")
    list_select_related = ("saved_search",)
