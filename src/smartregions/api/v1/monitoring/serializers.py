"""Serializers of the monitoring API: report shapes, the input of each verb, the dashboard."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartregions.api.v1.partnerships.base import VisiblePartnershipField
from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.partnerships.domain.monitoring.indicators import report_period
from smartregions.partnerships.domain.monitoring.states import EDITABLE_STATUSES, FROZEN_STATUSES
from smartregions.partnerships.enums import PartnershipStatus
from smartregions.partnerships.models import Partnership, ProgressReport


class ReportPartnershipSerializer(serializers.ModelSerializer):
    thematic_platform = serializers.CharField(source="thematic_platform.slug")

    class Meta:
        model = Partnership
        fields = ["slug", "name", "thematic_platform"]


class ProgressReportSerializer(serializers.ModelSerializer):
    """A progress report. ``indicators`` are frozen once it is submitted (``indicators_frozen``)
    and computed at the request while it is drafted or reworked; amounts are decimal strings
    in EUR."""

    partnership = ReportPartnershipSerializer()
    period = serializers.SerializerMethodField(help_text="The period code, e.g. 2026-H1.")
    overdue = serializers.SerializerMethodField()
    submitted_by = serializers.StringRelatedField()
    reviewed_by = serializers.StringRelatedField()
    indicators = serializers.SerializerMethodField()
    indicators_frozen = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "partnership",
            "period",
            "period_start",
            "period_end",
            "due_date",
            "status",
            "overdue",
            "events_held",
            "achievements",
            "results",
            "challenges",
            "next_steps",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "indicators_frozen",
            "indicators",
        ]

    def get_period(self, report: ProgressReport) -> str:
        return report_period(report).code

    def get_overdue(self, report: ProgressReport) -> bool:
        return report.status in EDITABLE_STATUSES and report.due_date < self.context["today"]

    def get_indicators_frozen(self, report: ProgressReport) -> bool:
        return report.status in FROZEN_STATUSES and bool(report.indicators)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_indicators(self, report: ProgressReport) -> dict[str, Any]:
        if self.get_indicators_frozen(report):
            return report.indicators
        return self.context["live"][report.pk]


class ReportUpdateSerializer(serializers.Serializer):
    """The partners' part of a report; fields left out keep their value."""

    events_held = serializers.IntegerField(min_value=0, max_value=10_000, required=False)
    achievements = serializers.CharField(allow_blank=True, required=False)
    results = serializers.CharField(allow_blank=True, required=False)
    challenges = serializers.CharField(allow_blank=True, required=False)
    next_steps = serializers.CharField(allow_blank=True, required=False)


class ReportStartSerializer(serializers.Serializer):
    """Open the report of a period (default: the current one) for a partnership."""

    partnership = VisiblePartnershipField()
    period_start = serializers.DateField(
        required=False, help_text="1 January or 1 July of the period; default: the current one."
    )


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="Required when requesting changes; sent to the partnership's leaders.",
    )


class PlatformCountSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class RegionCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    country = serializers.CharField()
    nuts_version = serializers.IntegerField()
    partnerships = serializers.IntegerField()


class FundingAmountSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=FundingSource.choices)
    status = serializers.ChoiceField(choices=FundingStatus.choices)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class TrendSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="e.g. 2026-H1")
    start = serializers.DateField()
    end = serializers.DateField()
    partnerships_launched = serializers.IntegerField()
    projects_created = serializers.IntegerField()
    projects_funded = serializers.IntegerField(
        help_text="Projects that reached the funded stage for the first time."
    )
    secured = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="Secured funding of those projects, EUR."
    )


class ReportCountsSerializer(serializers.Serializer):
    drafting = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    overdue = serializers.IntegerField()
    submitted = serializers.IntegerField()
    changes_requested = serializers.IntegerField()
    accepted = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    """The platform dashboard: public partnerships for visitors, everything (and the report
    monitoring) for staff."""

    staff = serializers.BooleanField(help_text="Whether these are the staff figures.")
    today = serializers.DateField()
    partnerships_total = serializers.IntegerField()
    partnerships_by_status = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=f"Keys: {', '.join(PartnershipStatus.values)} (forming for staff only).",
    )
    platforms = PlatformCountSerializer(many=True)
    regions = RegionCountSerializer(many=True)
    countries = serializers.ListField(child=serializers.CharField())
    projects_total = serializers.IntegerField()
    projects_by_stage = serializers.DictField(child=serializers.IntegerField())
    budget = serializers.DecimalField(max_digits=16, decimal_places=2)
    funding_secured = serializers.DecimalField(max_digits=16, decimal_places=2)
    funding = FundingAmountSerializer(many=True)
    trends = TrendSerializer(many=True)
    reports = ReportCountsSerializer(allow_null=True, help_text="Staff only; null otherwise.")
