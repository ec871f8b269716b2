"""REST endpoints of monitoring: progress reports (with their workflow verbs, PDF and CSV/XLSX
downloads), the platform dashboard (JSON and PDF) and a partnership's monitoring PDF. Reports
are private (see :mod:`smartregions.partnerships.rules.monitoring`); the dashboard's public
summary is open."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from smartregions.api.v1.monitoring.dashboard import (
    DashboardPdfView,
    DashboardView,
    PartnershipMonitoringPdfView,
)
from smartregions.api.v1.monitoring.reports import ProgressReportViewSet

urlpatterns = [
    path("monitoring/dashboard/", DashboardView.as_view(), name="api-monitoring-dashboard"),
    path(
        "monitoring/dashboard/pdf/",
        DashboardPdfView.as_view(),
        name="api-monitoring-dashboard-pdf",
    ),
    path(
        "monitoring/partnerships/<slug:slug>/pdf/",
        PartnershipMonitoringPdfView.as_view(),
        name="api-monitoring-partnership-pdf",
    ),
]


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router."""
    router.register("monitoring/reports", ProgressReportViewSet, basename="monitoring-report")
