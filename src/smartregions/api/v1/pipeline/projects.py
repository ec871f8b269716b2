"""Pipeline projects (CRUD, the move verb, funding lines, export) and the totals endpoint.

Reading is public for the projects :func:`visible_projects` lets the caller see; every write
calls the same domain function as the web and is checked with the rules of
:mod:`smartregions.partnerships.rules.pipeline`.
"""

from __future__ import annotations

import io
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from smartregions.api.permissions import RulesPermission
from smartregions.api.v1.base import ApiAutoSchema, error_response, multi_value
from smartregions.api.v1.partnerships.base import validated_or_404
from smartregions.api.v1.pipeline import serializers as s
from smartregions.api.v1.priorities import FileFormatNegotiation
from smartregions.brokerage.enums import FundingSource
from smartregions.partnerships.domain import pipeline as domain
from smartregions.partnerships.domain.pipeline.export import (
    EXPORT_FORMATS,
    export_filename,
    write_projects,
)
from smartregions.partnerships.domain.queries.pipeline import (
    GROUPINGS,
    ProjectCriteria,
    filter_projects,
    grouped_totals,
    projects_with_details,
    resolve_criteria,
    totals_of,
    visible_partnerships,
    visible_projects,
)
from smartregions.partnerships.enums import ProjectStage
from smartregions.partnerships.models import Project, ProjectFunding, ProjectStageChange
from smartregions.regions.models import Region

FILTER_PARAMETERS = [
    OpenApiParameter(
        "partnership", OpenApiTypes.STR, description="Partnership slugs (repeat or comma-separate)."
    ),
    OpenApiParameter("platform", OpenApiTypes.STR, description="Thematic platform slug."),
    OpenApiParameter(
        "region",
        OpenApiTypes.STR,
        description="NUTS code; projects the region leads or partners in.",
    ),
    OpenApiParameter(
        "country",
        OpenApiTypes.STR,
        description="Country code; projects with a lead or partner region there.",
    ),
    OpenApiParameter("stage", OpenApiTypes.STR, enum=ProjectStage.values),
    OpenApiParameter(
        "source",
        OpenApiTypes.STR,
        enum=FundingSource.values,
        description="Projects with a funding line from this source.",
    ),
]


def _one(request: Request, name: str) -> str:
    return request.query_params.get(name, "").strip()


def criteria_from(request: Request) -> ProjectCriteria:
    """The project filters of the request's query string (partnerships limited to those the
    caller may see); an unknown value is a 400 naming the parameter."""
    return resolve_criteria(
        partnerships=multi_value(request, "partnership"),
        platform=_one(request, "platform"),
        region=_one(request, "region"),
        country=_one(request, "country"),
        stage=_one(request, "stage"),
        source=_one(request, "source"),
        partnership_choices=visible_partnerships(request.user),
    )


FORMAT_PARAMETER = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=list(EXPORT_FORMATS), default="csv"
)


@extend_schema_view(
    list=extend_schema(summary="Pipeline projects you may see", parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(summary="One project with its funding mix and stage history"),
    create=extend_schema(
        summary="Propose a project (it starts as an idea)",
        request=s.ProjectCreateSerializer,
        responses={201: s.ProjectSerializer},
    ),
    update=extend_schema(
        summary="Change a project (fields left out keep their value)",
        request=s.ProjectUpdateSerializer,
        responses={200: s.ProjectSerializer},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a project",
        request=s.ProjectUpdateSerializer,
        responses={200: s.ProjectSerializer},
    ),
    destroy=extend_schema(
        summary="Delete a project idea",
        responses={204: OpenApiResponse(description="Deleted.")},
    ),
)
class ProjectViewSet(viewsets.ModelViewSet):
    """Bankable interregional projects of the investment pipeline."""

    schema = ApiAutoSchema()
    serializer_class = s.ProjectSerializer
    permission_classes = [RulesPermission]
    filter_backends = []
    rules_permissions = {
        "create": "partnerships.add_project",
        "update": "partnerships.change_project",
        "partial_update": "partnerships.change_project",
        "destroy": "partnerships.delete_project",
        "move": "partnerships.move_project",
        "set_funding": "partnerships.change_project",
        "remove_funding": "partnerships.change_project",
    }

    def get_queryset(self) -> QuerySet[Project]:
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        visible = visible_projects(self.request.user)
        if self.action in ("list", "export"):
            visible = filter_projects(visible, criteria_from(self.request))
        return (
            projects_with_details()
            .filter(pk__in=visible.values("pk"))
            .prefetch_related(
                Prefetch(
                    "stage_changes",
                    queryset=ProjectStageChange.objects.select_related("by").order_by("at", "id"),
                ),
            )
            .order_by("title", "pk")
        )

    def _respond(self, project: Project, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=project.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        incoming = s.ProjectCreateSerializer(data=request.data, context={"request": request})
        data = validated_or_404(incoming)
        self.check_object_permissions(request, data["partnership"])
        project = domain.create_project(actor=request.user, **data)
        return self._respond(project, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        project = self.get_object()
        incoming = s.ProjectUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        domain.update_project(actor=request.user, project=project, **incoming.validated_data)
        return self._respond(project)

    def perform_destroy(self, instance: Project) -> None:
        domain.delete_project(actor=self.request.user, project=instance)

    @extend_schema(
        summary="Move the project one stage on, or back with a reason",
        request=s.MoveSerializer,
        responses={200: s.ProjectSerializer},
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        project = self.get_object()
        incoming = s.MoveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        domain.move_project(actor=request.user, project=project, **incoming.validated_data)
        return self._respond(project)

    @extend_schema(
        summary="Add a source to the funding mix, or change its line",
        request=s.FundingWriteSerializer,
        responses={200: s.ProjectSerializer},
    )
    @action(detail=True, methods=["post"], url_path="funding")
    def set_funding(self, request: Request, pk: str) -> Response:
        project = self.get_object()
        incoming = s.FundingWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        domain.set_project_funding(actor=request.user, project=project, **incoming.validated_data)
        return self._respond(project)

    @extend_schema(
        summary="Remove a source from the funding mix",
        parameters=[
            OpenApiParameter(
                "source", OpenApiTypes.STR, OpenApiParameter.PATH, enum=FundingSource.values
            )
        ],
        request=None,
        responses={200: s.ProjectSerializer},
    )
    @action(detail=True, methods=["delete"], url_path=r"funding/(?P<source>[a-z0-9_]+)")
    def remove_funding(self, request: Request, pk: str, source: str) -> Response:
        project = self.get_object()
        line = ProjectFunding.objects.filter(project=project, source=source).first()
        if line is None:
            raise exceptions.NotFound(f"The project has no funding line from {source}.")
        domain.remove_project_funding(actor=request.user, funding=line)
        return self._respond(project)

    @extend_schema(
        summary="Download the filtered projects as CSV or XLSX (public fields)",
        parameters=[FORMAT_PARAMETER, *FILTER_PARAMETERS],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV file."),
            (200, EXPORT_FORMATS["xlsx"]): OpenApiResponse(
                OpenApiTypes.BINARY, description="Excel workbook."
            ),
            400: error_response("Unknown format or filter value."),
        },
    )
    @action(detail=False, methods=["get"], content_negotiation_class=FileFormatNegotiation)
    def export(self, request: Request) -> HttpResponse:
        fmt = _one(request, "format").lower() or "csv"
        if fmt not in EXPORT_FORMATS:
            raise exceptions.ValidationError(
                {"format": [f"Choose one of: {', '.join(EXPORT_FORMATS)}."]}
            )
        visible = filter_projects(visible_projects(request.user), criteria_from(request))
        stream = io.BytesIO()
        write_projects(queryset=visible, stream=stream, fmt=fmt)
        response = HttpResponse(stream.getvalue(), content_type=EXPORT_FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{export_filename(fmt)}"'
        return response


def _group_key(group: Any) -> tuple[str | None, str | None]:
    if group is None:
        return None, None
    if isinstance(group, Region):
        return group.code, group.name_latin
    return group.slug, group.name


class PipelineTotalsView(APIView):
    """Totals of the projects the caller may see: counts by stage, budget, funding by source and
    status; optionally per partnership, platform, lead region or partner region."""

    schema = ApiAutoSchema()
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Pipeline totals (optionally grouped)",
        parameters=[
            *FILTER_PARAMETERS,
            OpenApiParameter(
                "group_by",
                OpenApiTypes.STR,
                enum=list(GROUPINGS),
                description="Also give the totals per partnership, platform or region (a "
                "region counts the projects it leads and, separately, those it partners in).",
            ),
        ],
        responses={200: s.PipelineTotalsResponseSerializer},
    )
    def get(self, request: Request) -> Response:
        projects = filter_projects(visible_projects(request.user), criteria_from(request))
        group_by = _one(request, "group_by") or None
        if group_by is not None and group_by not in GROUPINGS:
            raise exceptions.ValidationError(
                {"group_by": [f"Choose one of: {', '.join(GROUPINGS)}."]}
            )
        groups = []
        if group_by is not None:
            for row in grouped_totals(projects, by=group_by):
                key, name = _group_key(row.group)
                groups.append({"key": key, "name": name, "totals": row.totals.as_dict()})
        return Response(
            {"totals": totals_of(projects).as_dict(), "group_by": group_by, "groups": groups}
        )
