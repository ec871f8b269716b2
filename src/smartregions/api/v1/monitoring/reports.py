"""Progress reports: list, detail, update, the workflow verbs, PDF and CSV/XLSX downloads."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.monitoring import serializers as s
from smartregions.api.v1.monitoring.base import MonitoringPermission
from smartregions.api.v1.partnerships.base import validated_or_404
from smartregions.api.v1.priorities import FileFormatNegotiation
from smartregions.partnerships.domain.monitoring import reports as report_domain
from smartregions.partnerships.domain.monitoring.exports import TABLE_FORMATS, export_reports
from smartregions.partnerships.domain.monitoring.indicators import live_indicators
from smartregions.partnerships.domain.monitoring.pdf import report_pdf
from smartregions.partnerships.domain.monitoring.states import FROZEN_STATUSES
from smartregions.partnerships.domain.queries.monitoring import (
    filter_reports,
    partnerships_for_monitoring,
    reports_with_details,
    visible_reports,
)
from smartregions.partnerships.enums import ReportStatus
from smartregions.partnerships.models import ProgressReport

FILTERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=ReportStatus.values),
    OpenApiParameter("period", OpenApiTypes.STR, description="A period code, e.g. 2026-H1."),
    OpenApiParameter("platform", OpenApiTypes.STR, description="Thematic platform slug."),
    OpenApiParameter("partnership", OpenApiTypes.STR, description="Partnership slug."),
    OpenApiParameter(
        "overdue", OpenApiTypes.BOOL, description="Only reports past due and not submitted."
    ),
]
FORMAT = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=list(TABLE_FORMATS), description="csv (default) or xlsx"
)


def _verb(summary: str, request: Any = s.ReviewSerializer) -> Any:
    return extend_schema(
        summary=summary, request=request, responses={200: s.ProgressReportSerializer}
    )


@extend_schema_view(
    list=extend_schema(
        summary="Progress reports you may read (your partnerships'; all for staff)",
        parameters=FILTERS,
    ),
    retrieve=extend_schema(summary="One progress report with its indicators"),
)
class ProgressReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Six-monthly progress reports of partnerships and their review workflow."""

    schema = ApiAutoSchema()
    serializer_class = s.ProgressReportSerializer
    permission_classes = [MonitoringPermission]
    filter_backends = []
    rules_permissions = {
        "retrieve": "partnerships.view_report",
        "create": "partnerships.start_report",
        "partial_update": "partnerships.edit_report",
        "submit": "partnerships.submit_report",
        "accept": "partnerships.review_report",
        "request_changes": "partnerships.review_report",
        "pdf": "partnerships.view_report",
    }

    def get_queryset(self) -> QuerySet[ProgressReport]:
        if self.action in ("list", "export"):
            reports = visible_reports(self.request.user).order_by(
                "-period_start", "partnership__name", "id"
            )
            params = self.request.query_params
            status_ = params.get("status", "")
            if status_ and status_ not in ReportStatus.values:
                raise exceptions.ValidationError(
                    {"status": [f"Choose one of: {', '.join(ReportStatus.values)}."]}
                )
            # A malformed period raises a Django ValidationError: a 400 naming "period".
            return filter_reports(
                reports,
                status=status_,
                period=params.get("period", ""),
                platform=params.get("platform", ""),
                partnership=params.get("partnership", ""),
                overdue=params.get("overdue", "").lower() in ("1", "true", "yes"),
            )
        return reports_with_details()

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": timezone.localdate(), "live": {}}

    def _serialize(self, reports: list[ProgressReport]) -> Any:
        """The reports with their indicators: live ones for all of them in five queries."""
        drafts = [r for r in reports if r.status not in FROZEN_STATUSES or not r.indicators]
        context = self.get_serializer_context() | {"live": live_indicators(drafts)}
        return s.ProgressReportSerializer(reports, many=True, context=context).data

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self._serialize(list(page)))

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._serialize([self.get_object()])[0])

    def _respond(self, report: ProgressReport, code: int = status.HTTP_200_OK) -> Response:
        return Response(self._serialize([reports_with_details().get(pk=report.pk)])[0], status=code)

    @extend_schema(
        summary="Open the report of a period for a partnership (leaders and staff)",
        request=s.ReportStartSerializer,
        responses={201: s.ProgressReportSerializer},
    )
    def create(self, request: Request) -> Response:
        incoming = s.ReportStartSerializer(data=request.data, context={"request": request})
        data = validated_or_404(incoming)
        partnership = partnerships_for_monitoring().get(pk=data["partnership"].pk)
        self.check_object_permissions(request, partnership)
        report = report_domain.start_report(
            actor=request.user, partnership=partnership, period_start=data.get("period_start")
        )
        return self._respond(report, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change the events held and the narrative (leaders; draft or sent back)",
        request=s.ReportUpdateSerializer,
        responses={200: s.ProgressReportSerializer},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        incoming = s.ReportUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        values = {
            name: incoming.validated_data.get(name, getattr(report, name))
            for name in ("events_held", "achievements", "results", "challenges", "next_steps")
        }
        report_domain.update_report(actor=request.user, report=report, **values)
        return self._respond(report)

    @_verb("Submit for review: freezes the indicators (leaders)", None)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        report_domain.submit_report(actor=request.user, report=report)
        return self._respond(report)

    def _review(self, request: Request, verb: Any) -> Response:
        report = self.get_object()
        incoming = s.ReviewSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        verb(actor=request.user, report=report, comment=incoming.validated_data["comment"])
        return self._respond(report)

    @_verb("Accept a submitted report (staff)")
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._review(request, report_domain.accept_report)

    @_verb("Send a submitted report back with a comment (staff)")
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request: Request, pk: str) -> Response:
        return self._review(request, report_domain.request_report_changes)

    @extend_schema(
        summary="The report as PDF",
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FileFormatNegotiation)
    def pdf(self, request: Request, pk: str) -> HttpResponse:
        report = self.get_object()
        response = HttpResponse(report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="progress-report-{report.pk}.pdf"'
        return response

    @extend_schema(
        summary="The reports you may read with every indicator, one row each (CSV or XLSX)",
        parameters=[FORMAT, *FILTERS],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV file."),
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiResponse(OpenApiTypes.BINARY, description="Excel workbook."),
        },
    )
    @action(detail=False, methods=["get"], content_negotiation_class=FileFormatNegotiation)
    def export(self, request: Request) -> HttpResponse:
        fmt = request.query_params.get("format", "csv").lower()
        if fmt not in TABLE_FORMATS:
            raise exceptions.ValidationError(
                {"format": [f"Choose one of: {', '.join(TABLE_FORMATS)}."]}
            )
        export = export_reports(self.get_queryset(), format=fmt)
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response
