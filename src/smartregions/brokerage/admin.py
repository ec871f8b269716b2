"""Read-only admin pages of the brokerage: every change goes through the domain functions (web UI,
API, CLI), so workflow rules and the activity log cannot be bypassed here."""

from django.contrib import admin

from smartregions.brokerage.models import (
    Broker,
    Case,
    CaseStatusChange,
    GroupMember,
    GroupPartner,
    JointStrategy,
    Referral,
    SmeGroup,
)
from smartregions.common.admin import ReadOnlyAdmin


@admin.register(Broker)
class BrokerAdmin(ReadOnlyAdmin):
    list_display = ("user", "region", "organisation", "status", "is_synthetic")
    list_filter = ("status", "is_synthetic")
    search_fields = ("user__email", "user__full_name", "region__code")
    raw_id_fields = ("user", "region", "organisation")


class StatusChangeInline(admin.TabularInline):
    model = CaseStatusChange
    extra = 0
    max_num = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "by", "at", "note")


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("title", "organisation", "status", "broker", "outcome", "created_at")
    list_filter = ("status", "outcome", "is_synthetic")
    search_fields = ("title", "organisation__name")
    raw_id_fields = ("organisation", "submitted_by", "broker", "thematic_area")
    inlines = [StatusChangeInline]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("case", "from_broker", "to_broker", "status", "created_at")
    list_filter = ("status",)


class MemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    max_num = 0
    can_delete = False
    raw_id_fields = ("organisation", "case")


class PartnerInline(admin.TabularInline):
    model = GroupPartner
    extra = 0
    max_num = 0
    can_delete = False
    raw_id_fields = ("organisation", "added_by")


@admin.register(SmeGroup)
class SmeGroupAdmin(ReadOnlyAdmin):
    list_display = ("name", "broker", "status", "created_at")
    list_filter = ("status", "is_synthetic")
    search_fields = ("name",)
    raw_id_fields = ("broker", "thematic_area")
    inlines = [MemberInline, PartnerInline]


@admin.register(JointStrategy)
class JointStrategyAdmin(ReadOnlyAdmin):
    list_display = ("title", "group", "updated_at")
    raw_id_fields = ("group",)
