from django.contrib import admin

from smartregions.events import models


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "starts_at", "city"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisers", "thematic_areas"]


@admin.register(models.Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["badge_name", "event", "participant_type", "status", "registered_at"]
    list_filter = ["status", "participant_type"]
    search_fields = ["badge_name", "user__email"]
    raw_id_fields = ["event", "user", "organisation", "region"]
