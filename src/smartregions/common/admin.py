"""Admin site: the read-only activity log, and the base class that logs admin edits to it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from smartregions.common.domain.activity import log_activity
from smartregions.common.models import ActivityLogEntry


class ActivityLoggedAdmin(admin.ModelAdmin):
    """A model admin whose saves and deletions also appear in the platform's activity log.

    Admin edits bypass the domain functions, so this keeps the audit trail complete: an entry
    ``<model>.admin_create`` / ``admin_update`` (with the changed fields) / ``admin_delete``.
    """

    # Web addresses typed without a scheme are https (Django 6's default; silences its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def _action(self, verb: str) -> str:
        return f"{self.model._meta.model_name}.admin_{verb}"

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        log_activity(
            actor=request.user,
            action=self._action("update" if change else "create"),
            obj=obj,
            data={"changed": sorted(form.changed_data)} if change else None,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        log_activity(actor=request.user, action=self._action("delete"), obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            log_activity(actor=request.user, action=self._action("delete"), obj=obj)
        super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and search only: records kept for accountability are never edited by hand."""

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(ActivityLogEntry)
class ActivityLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("timestamp", "actor", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type", ("timestamp", admin.DateFieldListFilter))
    search_fields = ("action", "object_repr", "object_id", "actor__email")
    date_hierarchy = "timestamp"
    list_select_related = ("actor", "content_type")
