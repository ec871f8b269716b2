"""The platform dashboard as JSON and as PDF, and a partnership's monitoring summary PDF."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.monitoring import serializers as s
from smartregions.api.v1.priorities import FileFormatNegotiation
from smartregions.partnerships.domain.monitoring.dashboard import (
    PlatformDashboard,
    platform_dashboard,
)
from smartregions.partnerships.domain.monitoring.pdf import partnership_pdf
from smartregions.partnerships.domain.monitoring.platform_report import platform_report_pdf
from smartregions.partnerships.domain.queries.monitoring import (
    partnership_reports,
    partnerships_for_monitoring,
)
from smartregions.partnerships.domain.queries.partnerships import visible_partnerships

PDF = {(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF file.")}


def _is_staff(request: Request) -> bool:
    return request.user.has_perm("partnerships.view_monitoring")


def dashboard_data(board: PlatformDashboard) -> dict[str, Any]:
    """The dashboard in the shape of :class:`~.serializers.DashboardSerializer`."""
    reports = board.reports
    return {
        "staff": board.staff,
        "today": board.today,
        "partnerships_total": board.partnerships_total,
        "partnerships_by_status": board.partnerships_by_status,
        "platforms": [
            {"slug": p.slug, "name": p.name, "by_status": p.by_status, "total": p.total}
            for p in board.platforms
        ],
        "regions": board.regions,
        "countries": board.countries,
        "projects_total": board.projects_total,
        "projects_by_stage": board.projects_by_stage,
        "budget": board.budget,
        "funding_secured": board.secured_total,
        "funding": [
            {"source": source, "status": status, "amount": amount}
            for source, by_status in board.funding.items()
            for status, amount in by_status.items()
        ],
        "trends": [
            {
                "period": t.period.code,
                "start": t.period.start,
                "end": t.period.end,
                "partnerships_launched": t.launched,
                "projects_created": t.created,
                "projects_funded": t.funded,
                "secured": t.secured,
            }
            for t in board.trends
        ],
        "reports": None if reports is None else vars(reports),
    }


class DashboardView(APIView):
    """The platform dashboard: the public summary, or every figure for staff."""

    schema = ApiAutoSchema()
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Platform dashboard (public summary; staff also get the report monitoring)",
        responses={200: s.DashboardSerializer},
    )
    def get(self, request: Request) -> Response:
        board = platform_dashboard(staff=_is_staff(request))
        return Response(s.DashboardSerializer(dashboard_data(board)).data)


class DashboardPdfView(APIView):
    """The platform monitoring report as PDF: the public version (rendered at most once every
    few minutes, whoever asks) or everything for staff."""

    schema = ApiAutoSchema()
    permission_classes = [AllowAny]
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(
        summary="Platform monitoring report (PDF; the public version may be minutes old)",
        responses=PDF,
    )
    def get(self, request: Request) -> HttpResponse:
        content = platform_report_pdf(staff=_is_staff(request))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="platform-monitoring.pdf"'
        return response


class PartnershipMonitoringPdfView(APIView):
    """A partnership's monitoring summary (indicators today, reports, projects) as PDF."""

    schema = ApiAutoSchema()
    permission_classes = [AllowAny]  # checked below: members, the expert team and staff
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(summary="A partnership's monitoring summary (PDF)", responses=PDF)
    def get(self, request: Request, slug: str) -> HttpResponse:
        if not request.user.is_authenticated:
            raise NotAuthenticated
        visible = visible_partnerships(request.user).values("pk")
        partnership = get_object_or_404(
            partnerships_for_monitoring().filter(pk__in=visible), slug=slug
        )
        if not request.user.has_perm("partnerships.view_reports", partnership):
            raise PermissionDenied
        content = partnership_pdf(partnership, list(partnership_reports(partnership)))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="monitoring-{slug}.pdf"'
        return response
