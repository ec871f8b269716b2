"""Read-only admin pages of partnerships, action plans, the pipeline and monitoring: every
change goes through the domain functions (web UI, API), so workflow rules, notifications and
the activity log cannot be bypassed here."""

from django.contrib import admin
from django.db import models

from smartregions.common.admin import ReadOnlyAdmin
from smartregions.partnerships.models import (
    Action,
    ActionPlan,
    ExpertAssignment,
    FundingOpportunity,
    JoinRequest,
    MemberContact,
    Partnership,
    PartnershipMember,
    ProgressReport,
    Project,
    ProjectFunding,
    ProjectStageChange,
    ReportReminder,
    StageRecord,
)

#: Web addresses typed without a scheme are https (Django 6's default; silences its warning).
_URLS = {models.URLField: {"assume_scheme": "https"}}


class _ReadOnly(ReadOnlyAdmin):
    formfield_overrides = _URLS


class _Inline(admin.TabularInline):
    extra = 0
    max_num = 0
    can_delete = False
    formfield_overrides = _URLS


class MemberInline(_Inline):
    model = PartnershipMember
    raw_id_fields = ("region", "organisation")


class StageInline(_Inline):
    model = StageRecord
    raw_id_fields = ("updated_by",)


class ExpertInline(_Inline):
    model = ExpertAssignment
    raw_id_fields = ("expert", "assigned_by")


@admin.register(Partnership)
class PartnershipAdmin(_ReadOnly):
    list_display = (
        "name",
        "acronym",
        "status",
        "current_stage",
        "thematic_platform",
        "launched_at",
    )
    list_filter = ("status", "current_stage", "thematic_platform", "is_synthetic")
    search_fields = ("name", "acronym", "slug")
    raw_id_fields = ("thematic_platform", "thematic_area", "application", "created_by")
    inlines = [MemberInline, StageInline, ExpertInline]


@admin.register(MemberContact)
class MemberContactAdmin(_ReadOnly):
    list_display = ("name", "email", "member", "is_public")
    list_filter = ("is_public",)
    search_fields = ("name", "email")
    raw_id_fields = ("member", "user")


@admin.register(JoinRequest)
class JoinRequestAdmin(_ReadOnly):
    list_display = ("partnership", "region", "organisation", "requested_role", "status")
    list_filter = ("status", "requested_role")
    raw_id_fields = ("partnership", "region", "organisation", "requested_by", "decided_by")


class ActionInline(_Inline):
    model = Action
    raw_id_fields = ("owner",)
    exclude = ("depends_on",)


class OpportunityInline(_Inline):
    model = FundingOpportunity


@admin.register(ActionPlan)
class ActionPlanAdmin(_ReadOnly):
    list_display = ("title", "partnership", "region", "updated_at")
    search_fields = ("title",)
    raw_id_fields = ("partnership", "region", "created_by")
    inlines = [ActionInline, OpportunityInline]


class FundingInline(_Inline):
    model = ProjectFunding


@admin.register(Project)
class ProjectAdmin(_ReadOnly):
    list_display = ("title", "partnership", "stage", "budget", "lead_region")
    list_filter = ("stage", "thematic_platform", "is_synthetic")
    search_fields = ("title", "acronym")
    raw_id_fields = ("partnership", "thematic_platform", "lead_region", "lead_organisation")
    inlines = [FundingInline]


@admin.register(ProjectStageChange)
class ProjectStageChangeAdmin(_ReadOnly):
    list_display = ("project", "from_stage", "to_stage", "by", "at")
    raw_id_fields = ("project", "by")


@admin.register(ProgressReport)
class ProgressReportAdmin(_ReadOnly):
    list_display = ("partnership", "period_start", "period_end", "due_date", "status")
    list_filter = ("status",)
    raw_id_fields = ("partnership", "submitted_by", "reviewed_by")


@admin.register(ReportReminder)
class ReportReminderAdmin(_ReadOnly):
    list_display = ("report", "kind", "sent_at", "recipients")
    raw_id_fields = ("report",)
