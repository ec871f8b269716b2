"""Routes of the evidence pages: the platform map, a region's evidence, downloads and runs."""

from django.urls import path

from smartregions.web.views import evidence

urlpatterns = [
    path("evidence/", evidence.evidence_index, name="evidence"),
    path("evidence/map.<str:fmt>", evidence.evidence_map_download, name="evidence-map-download"),
    path(
        "evidence/datasets/<slug:slug>/compute/",
        evidence.evidence_compute,
        name="evidence-compute",
    ),
    path("evidence/runs/<int:pk>/status/", evidence.run_status, name="evidence-run-status"),
    path("regions/<str:code>/evidence/", evidence.region_evidence, name="region-evidence"),
    path(
        "regions/<str:code>/evidence/<str:table>.<str:fmt>",
        evidence.region_evidence_download,
        name="region-evidence-download",
    ),
]
