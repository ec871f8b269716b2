"""Partnerships (CRUD, launch, close, from an application), members and contacts, join
requests, methodology stages and the expert team."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.partnerships import serializers as s
from smartregions.api.v1.partnerships.base import PartnershipsPermission
from smartregions.api.v1.partnerships.members import PartnershipMembersMixin, path_id
from smartregions.partnerships.domain import experts as expert_domain
from smartregions.partnerships.domain import partnerships as partnership_domain
from smartregions.partnerships.domain import stages as stage_domain
from smartregions.partnerships.domain.queries.partnerships import (
    PartnershipFilters,
    partnership_for_rules,
    partnership_page,
    partnerships_with_details,
    search_partnerships,
    visible_partnerships,
)
from smartregions.partnerships.enums import STAGE_ORDER, PartnershipStatus
from smartregions.partnerships.models import (
    ExpertAssignment,
    Partnership,
    StageRecord,
)
from smartregions.regions.models import Country, ThematicArea, ThematicPlatform

STAGES = "|".join(stage.value for stage in STAGE_ORDER)
FILTERS = [
    OpenApiParameter("platform", OpenApiTypes.STR, description="Thematic platform slug."),
    OpenApiParameter("area", OpenApiTypes.STR, description="Thematic area slug."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=PartnershipStatus.values),
    OpenApiParameter("country", OpenApiTypes.STR, description="Country of a current member."),
    OpenApiParameter(
        "region", OpenApiTypes.STR, description="NUTS code of a member region (or above it)."
    ),
    OpenApiParameter("mine", OpenApiTypes.BOOL, description="Only those you act for a member of."),
]


def _lookup(model: Any, field: str, value: str, name: str) -> Any:
    """The row whose ``field`` is ``value``; a 400 naming the query parameter otherwise."""
    if not value:
        return None
    found = model.objects.filter(**{field: value}).first()
    if found is None:
        raise exceptions.ValidationError({name: [f"Unknown {name}: {value[:60]}."]})
    return found


@extend_schema_view(
    list=extend_schema(
        summary="Partnerships you may see (active, closed and your own forming ones)",
        parameters=FILTERS,
    ),
    retrieve=extend_schema(
        summary="A partnership with members, stages, expert team, plan and pipeline summaries"
    ),
)
class PartnershipViewSet(
    PartnershipMembersMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Interregional thematic partnerships and their workflow (forming -> active -> closed)."""

    schema = ApiAutoSchema()
    lookup_field = "slug"
    serializer_class = s.PartnershipSerializer
    permission_classes = [PartnershipsPermission]
    filter_backends = []
    rules_permissions = {
        "retrieve": "partnerships.view_partnership",
        "create": "partnerships.add_partnership",
        "partial_update": "partnerships.change_partnership",
        "launch": "partnerships.launch_partnership",
        "close": "partnerships.close_partnership",
        "from_application": "partnerships.create_from_application",
        "members": "partnerships.manage_members",
        "member": "partnerships.manage_members",
        "contacts": "partnerships.manage_contacts",
        "contact": "partnerships.manage_contacts",
        "join_requests": "partnerships.manage_members",
        "join": "partnerships.request_to_join",
        "stages": "partnerships.view_partnership",
        "next_stage": "partnerships.manage_stages",
        "stage": "partnerships.manage_stages",
        "experts": "partnerships.manage_experts",
        "expert": "partnerships.manage_experts",
    }
    #: Actions checked on another object than the partnership (a member).
    _CHECKED_ON_MEMBER = frozenset({"contacts", "contact"})

    def get_queryset(self) -> QuerySet[Partnership]:
        user = self.request.user
        if self.action == "list":
            params = self.request.query_params
            filters = PartnershipFilters(
                platform=_lookup(ThematicPlatform, "slug", params.get("platform", ""), "platform"),
                area=_lookup(ThematicArea, "slug", params.get("area", ""), "area"),
                status=params.get("status", "")
                if params.get("status") in PartnershipStatus.values
                else "",
                country=_lookup(Country, "code", params.get("country", "").upper(), "country"),
                region=params.get("region", "").strip()[:10],
                mine=params.get("mine", "") in ("1", "true", "yes") and user.is_authenticated,
            )
            return search_partnerships(user=user, filters=filters)
        base = partnerships_with_details() if self.action == "retrieve" else partnership_for_rules()
        return base.filter(pk__in=visible_partnerships(user).values("pk"))

    def get_object(self) -> Partnership:
        if self.action not in self._CHECKED_ON_MEMBER:
            return super().get_object()
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def _detail(
        self, partnership: Partnership, code: int = status.HTTP_200_OK, *, reload: bool = True
    ) -> Response:
        """The detail shape; ``reload`` reads the row again after a write."""
        fresh = partnerships_with_details().get(pk=partnership.pk) if reload else partnership
        context = {
            "page": partnership_page(fresh),
            "all_contacts": self.request.user.has_perm("partnerships.view_members", fresh),
        }
        return Response(s.PartnershipDetailSerializer(fresh, context=context).data, status=code)

    def retrieve(self, request: Request, slug: str) -> Response:
        return self._detail(self.get_object(), reload=False)

    @extend_schema(
        summary="Create a partnership (staff; a representative for the region they lead)",
        request=s.PartnershipWriteSerializer,
        responses={201: s.PartnershipDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        incoming = s.PartnershipWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        self.check_object_permissions(request, None)
        lead = data["lead_region"] or data["lead_organisation"]
        if lead is not None and not request.user.has_perm("partnerships.lead_as", lead):
            raise exceptions.PermissionDenied(f"You do not act for {lead}.")
        partnership = partnership_domain.create_partnership(actor=request.user, **data)
        return self._detail(partnership, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change name, acronym, description, platform, area and website",
        request=s.PartnershipWriteSerializer,
        responses={200: s.PartnershipDetailSerializer},
    )
    def partial_update(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        incoming = s.PartnershipWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        fields = ("name", "acronym", "description", "thematic_platform", "thematic_area", "website")
        partnership_domain.update_partnership(
            actor=request.user,
            partnership=partnership,
            **{f: data[f] if f in data else getattr(partnership, f) for f in fields},
        )
        return self._detail(partnership)

    @extend_schema(
        summary="Create the partnership of an accepted application (staff)",
        request=s.PartnershipFromApplicationSerializer,
        responses={201: s.PartnershipDetailSerializer},
    )
    @action(detail=False, methods=["post"], url_path="from-application")
    def from_application(self, request: Request) -> Response:
        incoming = s.PartnershipFromApplicationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        self.check_object_permissions(request, incoming.validated_data["application"])
        partnership = partnership_domain.create_partnership_from_application(
            actor=request.user, **incoming.validated_data
        )
        return self._detail(partnership, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Launch: forming -> active (the page becomes public)",
        request=None,
        responses={200: s.PartnershipDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def launch(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        partnership_domain.launch_partnership(actor=request.user, partnership=partnership)
        return self._detail(partnership)

    @extend_schema(
        summary="Close: active -> closed (waiting join requests are rejected)",
        request=s.PartnershipCloseSerializer,
        responses={200: s.PartnershipDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        incoming = s.PartnershipCloseSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        partnership_domain.close_partnership(
            actor=request.user, partnership=partnership, **incoming.validated_data
        )
        return self._detail(partnership)

    # --- stages and experts ---------------------------------------------------------------

    @extend_schema(
        summary="The methodology stages started so far, oldest first",
        responses={200: s.PartnershipStageSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def stages(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        records = StageRecord.objects.filter(partnership=partnership).order_by("started_at", "id")
        return Response(s.PartnershipStageSerializer(records, many=True).data)

    @extend_schema(
        summary="Complete the current stage and start the next one",
        request=None,
        responses={201: s.PartnershipStageSerializer},
    )
    @action(detail=True, methods=["post"], url_path="stages/next")
    def next_stage(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        record = stage_domain.start_next_stage(actor=request.user, partnership=partnership)
        return Response(s.PartnershipStageSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Write what a started stage produced (outputs and links)",
        parameters=[OpenApiParameter("stage", OpenApiTypes.STR, OpenApiParameter.PATH)],
        request=s.PartnershipStageOutputsSerializer,
        responses={200: s.PartnershipStageSerializer},
    )
    @action(detail=True, methods=["put"], url_path=rf"stages/(?P<stage>{STAGES})")
    def stage(self, request: Request, slug: str, stage: str) -> Response:
        partnership = self.get_object()
        record = get_object_or_404(StageRecord, partnership=partnership, stage=stage)
        incoming = s.PartnershipStageOutputsSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        stage_domain.update_stage_outputs(
            actor=request.user, record=record, **incoming.validated_data
        )
        return Response(s.PartnershipStageSerializer(record).data)

    @extend_schema(
        summary="Put an expert of the pool on the team (staff)",
        request=s.PartnershipExpertAssignSerializer,
        responses={201: s.PartnershipExpertSerializer},
    )
    @action(detail=True, methods=["post"])
    def experts(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        incoming = s.PartnershipExpertAssignSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        assignment = expert_domain.assign_expert(
            actor=request.user, partnership=partnership, **incoming.validated_data
        )
        return Response(
            s.PartnershipExpertSerializer(assignment).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Take an expert off the team (staff)",
        parameters=[path_id("assignment_id")],
        responses={204: None},
    )
    @action(detail=True, methods=["delete"], url_path=r"experts/(?P<assignment_id>\d+)")
    def expert(self, request: Request, slug: str, assignment_id: str) -> Response:
        partnership = self.get_object()
        assignment = get_object_or_404(ExpertAssignment, partnership=partnership, pk=assignment_id)
        expert_domain.remove_expert(actor=request.user, assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)
