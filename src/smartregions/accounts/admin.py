"""Admin site for accounts: users (by e-mail) with their memberships, and consent records.

Memberships are granted and revoked through the domain functions, so every role change lands in
the activity log; a membership is never edited in place (revoke it and grant a new one).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from smartregions.accounts.domain.memberships import grant_membership, revoke_membership
from smartregions.accounts.forms import AdminUserAddForm, AdminUserChangeForm
from smartregions.accounts.models import ConsentRecord, Membership, User
from smartregions.common.admin import ActivityLoggedAdmin, ReadOnlyAdmin


class MembershipInline(admin.TabularInline):
    """Existing memberships are shown read-only; new rows are granted, deleted rows revoked."""

    model = Membership
    fk_name = "user"
    extra = 0
    fields = ("role", "region", "organisation", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("region", "organisation")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _save_memberships(request: HttpRequest, formset: BaseInlineFormSet, user: User) -> None:
    formset.save(commit=False)
    for membership in formset.deleted_objects:
        revoke_membership(actor=request.user, membership=membership)
    for membership in formset.new_objects:
        grant_membership(
            actor=request.user,
            user=user,
            role=membership.role,
            region=membership.region,
            organisation=membership.organisation,
        )


@admin.register(User)
class UserAdmin(ActivityLoggedAdmin, DjangoUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserAddForm
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "full_name", "is_active", "is_staff", "is_superuser", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser", "memberships__role")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        if formset.model is Membership:
            _save_memberships(request, formset, form.instance)
        else:
            super().save_formset(request, form, formset, change)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """All memberships, filterable by role; adding grants, deleting revokes (both logged)."""

    list_display = ("user", "role", "region", "organisation", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name", "region__code", "organisation__name")
    raw_id_fields = ("user", "region", "organisation")
    list_select_related = ("user", "region", "organisation")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Viewing an existing membership is fine; changing one in place is not.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        created = grant_membership(
            actor=request.user,
            user=obj.user,
            role=obj.role,
            region=obj.region,
            organisation=obj.organisation,
        )
        obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        revoke_membership(actor=request.user, membership=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for membership in queryset.select_related("user"):
            revoke_membership(actor=request.user, membership=membership)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ("user", "purpose", "granted", "text_version", "recorded_at")
    list_filter = ("purpose", "granted", "text_version")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    date_hierarchy = "recorded_at"
