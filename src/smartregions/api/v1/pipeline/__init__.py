"""REST endpoints of the investment pipeline: projects (CRUD, the ``move`` verb, funding lines,
CSV/XLSX export) under ``/api/v1/pipeline/projects/`` and totals under
``/api/v1/pipeline/totals/``. Reading is public for the projects anyone may see; writes follow
:mod:`smartregions.partnerships.rules.pipeline`."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from smartregions.api.v1.pipeline.projects import PipelineTotalsView, ProjectViewSet

urlpatterns = [
    path("pipeline/totals/", PipelineTotalsView.as_view(), name="api-pipeline-totals"),
]


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router."""
    router.register("pipeline/projects", ProjectViewSet, basename="pipeline-project")
