"""REST endpoints: the signed-in user's in-app notifications (list, mark read)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from smartregions.api.v1.base import ApiAutoSchema
from smartregions.common.domain.notifications import mark_notifications_read
from smartregions.common.models import Notification

urlpatterns: list = []


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_is_read(self, note: Notification) -> bool:
        return note.read_at is not None


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text="Notifications to mark read; omit to mark all unread ones.",
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were marked read.")


@extend_schema_view(
    list=extend_schema(summary="My notifications (newest first; ?unread=1 for unread only)"),
    retrieve=extend_schema(summary="One of my notifications"),
)
class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The signed-in user's notifications. Nobody can read anybody else's."""

    schema = ApiAutoSchema()
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Notification.objects.none()
        notes = Notification.objects.filter(recipient=self.request.user)
        if self.action == "list" and self.request.query_params.get("unread") == "1":
            notes = notes.filter(read_at__isnull=True)
        return notes

    @extend_schema(
        summary="Mark notifications read",
        request=MarkReadSerializer,
        responses={200: MarkedSerializer},
    )
    @action(detail=False, methods=["post"], url_path="read")
    def read(self, request: Request) -> Response:
        incoming = MarkReadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        ids = incoming.validated_data.get("ids")
        marked = mark_notifications_read(user=request.user, ids=ids)
        return Response({"marked": marked})


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router."""
    router.register("notifications", NotificationViewSet, basename="notification")
