"""Read-only admin pages of calls, applications and their evaluation: every change goes through
the domain functions (web pages, API, commands), so the workflows, the deadline checks and the
audit trail cannot be bypassed here. Attachments are listed without a link to the file (files
are served only through the permission-checked download)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from smartregions.calls.models import (
    Application,
    ApplicationStatusChange,
    ApplicationSubmission,
    Attachment,
    Call,
    CallCutoff,
    CallField,
    CallQuestion,
    CoApplicant,
    Criterion,
    Decision,
    Expert,
    PanelConsensus,
    Review,
    Score,
)
from smartregions.common.admin import ReadOnlyAdmin


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    max_num = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return tuple(self.fields or ())


class CallFieldInline(_ReadOnlyInline):
    model = CallField
    fields = ("stage", "position", "key", "label", "type", "is_required")


class CriterionInline(_ReadOnlyInline):
    model = Criterion
    fields = ("stage", "position", "name", "weight", "max_score", "threshold")


class CutoffInline(_ReadOnlyInline):
    model = CallCutoff
    fields = ("at",)


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ("title", "type", "status", "timezone", "opens_at", "deadline", "is_synthetic")
    list_filter = ("type", "status", "is_rolling", "is_two_stage", "is_synthetic")
    search_fields = ("title", "slug")
    raw_id_fields = ("thematic_platform", "created_by")
    inlines = [CallFieldInline, CriterionInline, CutoffInline]


@admin.register(CallQuestion)
class CallQuestionAdmin(ReadOnlyAdmin):
    list_display = ("call", "question", "is_published", "asked_at", "answered_at")
    list_filter = ("is_published",)
    search_fields = ("question", "answer", "call__title")
    raw_id_fields = ("call", "asked_by", "answered_by")


class CoApplicantInline(_ReadOnlyInline):
    model = CoApplicant
    fields = ("region", "organisation", "status", "invited_at", "responded_at")


class AttachmentInline(_ReadOnlyInline):
    model = Attachment
    fields = ("kind", "original_name", "content_type", "size", "sha256", "uploaded_at")


class StatusChangeInline(_ReadOnlyInline):
    model = ApplicationStatusChange
    fields = ("at", "stage", "from_status", "to_status", "by", "note")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("title", "call", "lead_region", "lead_organisation", "status", "stage")
    list_filter = ("status", "stage", "is_synthetic")
    search_fields = ("title", "acronym", "call__title", "lead_region__code")
    raw_id_fields = ("call", "lead_region", "lead_organisation", "thematic_area", "cutoff")
    list_select_related = ("call", "lead_region", "lead_organisation")
    inlines = [CoApplicantInline, AttachmentInline, StatusChangeInline]


@admin.register(ApplicationSubmission)
class ApplicationSubmissionAdmin(ReadOnlyAdmin):
    list_display = ("application", "stage", "submitted_at", "submitted_by")
    raw_id_fields = ("application", "submitted_by")


@admin.register(Expert)
class ExpertAdmin(ReadOnlyAdmin):
    list_display = ("user", "organisation", "region", "country", "max_load", "is_active")
    list_filter = ("is_active",)
    search_fields = ("user__email", "user__full_name", "expertise")
    raw_id_fields = ("user", "organisation", "region", "country")


class ScoreInline(_ReadOnlyInline):
    model = Score
    fields = ("criterion", "score", "comment")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("application", "expert", "stage", "status", "total", "submitted_at")
    list_filter = ("status", "stage")
    raw_id_fields = ("application", "expert", "assigned_by")
    inlines = [ScoreInline]


@admin.register(PanelConsensus)
class PanelConsensusAdmin(ReadOnlyAdmin):
    list_display = ("application", "stage", "score", "agreed_at")
    raw_id_fields = ("application", "agreed_by")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("application", "stage", "outcome", "rank", "decided_at", "notified_at")
    list_filter = ("outcome", "stage")
    raw_id_fields = ("application", "decided_by")
