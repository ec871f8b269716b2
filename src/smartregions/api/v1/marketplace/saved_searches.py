"""The signed-in user's saved marketplace searches."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.permissions import RulesPermission
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.marketplace.serializers import SavedSearchSerializer, criteria_from
from smartregions.matching.domain.marketplace import saved_searches as search_domain
from smartregions.matching.models import SavedSearch


@extend_schema_view(
    list=extend_schema(summary="My saved searches"),
    retrieve=extend_schema(summary="One of my saved searches"),
    create=extend_schema(summary="Save a marketplace search"),
    update=extend_schema(summary="Replace a saved search"),
    partial_update=extend_schema(summary="Rename, pause or change a saved search"),
    destroy=extend_schema(summary="Delete a saved search"),
)
class SavedSearchViewSet(viewsets.ModelViewSet):
    """The signed-in user's saved marketplace searches (digests go out by e-mail)."""

    schema = ApiAutoSchema()
    serializer_class = SavedSearchSerializer
    permission_classes = [IsAuthenticated, RulesPermission]
    filter_backends = []
    rules_permissions = {
        "create": "matching.add_savedsearch",
        "update": "matching.change_savedsearch",
        "partial_update": "matching.change_savedsearch",
        "destroy": "matching.change_savedsearch",
    }

    def get_queryset(self) -> QuerySet[SavedSearch]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return SavedSearch.objects.none()
        return SavedSearch.objects.filter(user=self.request.user).order_by("name", "id")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        incoming = SavedSearchSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        self.check_object_permissions(request, None)
        data = incoming.validated_data
        saved = search_domain.save_search(
            actor=request.user,
            name=data["name"],
            criteria=criteria_from(data),
            frequency=data["frequency"],
        )
        if data.get("is_active") is False:
            saved = search_domain.update_saved_search(
                actor=request.user, saved_search=saved, is_active=False
            )
        return Response(SavedSearchSerializer(saved).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        saved = self.get_object()
        incoming = SavedSearchSerializer(data=request.data, partial=kwargs.get("partial", False))
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        saved = search_domain.update_saved_search(
            actor=request.user,
            saved_search=saved,
            name=data.get("name"),
            frequency=data.get("frequency"),
            is_active=data.get("is_active"),
            criteria=criteria_from(data, fallback=saved),
        )
        return Response(SavedSearchSerializer(saved).data)

    def perform_destroy(self, instance: SavedSearch) -> None:
        search_domain.delete_saved_search(actor=self.request.user, saved_search=instance)
