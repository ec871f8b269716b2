"""Web routes: monitoring (progress reports, the platform dashboard and their exports)."""

from django.urls import path

from smartregions.web.views.monitoring import dashboard, reports

urlpatterns = [
    path(
        "partnerships/<slug:slug>/reports/",
        reports.partnership_reports,
        name="partnership-reports",
    ),
    path(
        "partnerships/<slug:slug>/reports/start/",
        reports.report_start,
        name="partnership-report-start",
    ),
    path(
        "partnerships/<slug:slug>/reports/export.<str:fmt>",
        reports.partnership_reports_export,
        name="partnership-reports-export",
    ),
    path("reports/", reports.report_list, name="report-list"),
    path("reports/export.<str:fmt>", reports.report_list_export, name="report-export"),
    path("reports/<int:pk>/", reports.report_detail, name="report-detail"),
    path("reports/<int:pk>/edit/", reports.report_update, name="report-update"),
    path("reports/<int:pk>/report.pdf", reports.report_pdf_download, name="report-pdf"),
    path("reports/<int:pk>/<slug:verb>/", reports.report_transition, name="report-transition"),
    path("monitoring/", dashboard.dashboard, name="monitoring-dashboard"),
    path(
        "monitoring/partnerships/",
        dashboard.dashboard_partnership_table,
        name="monitoring-partnerships",
    ),
    path("monitoring/platform.pdf", dashboard.dashboard_pdf, name="monitoring-pdf"),
]
