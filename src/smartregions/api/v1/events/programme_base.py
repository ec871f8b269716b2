"""Pieces shared by the programme, exhibition and pitch endpoints: the permission check and
the base viewset of rows that belong to one event (``/api/v1/events/{slug}/...``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from smartregions.api.permissions import offers_method, rules_permission_name
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.events.domain.ical import CONTENT_TYPE
from smartregions.events.models import Event
from smartregions.events.rules.base import can_view_event

EVENT_PATH = r"events/(?P<event_slug>[-a-zA-Z0-9_]+)"
ICS_RESPONSE = {
    (200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="iCalendar file.")
}


class AreaPermission(BasePermission):
    """Who may use a programme, exhibition or pitch endpoint.

    Actions in the viewset's ``public_actions`` are open to everyone who may see the event
    (the viewset answers 404 otherwise). Every other action needs a signed-in user and a
    permission in ``rules_permissions``, checked against the viewset's
    ``permission_object`` of the row (by default the event).
    """

    message = "You do not have permission to perform this action."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not offers_method(view, request.method):
            return True  # DRF answers 405
        action_name = getattr(view, "action", None)
        if action_name in getattr(view, "public_actions", ()):
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        return rules_permission_name(view) is not None

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        name = rules_permission_name(view)
        if name is None:
            return getattr(view, "action", None) in getattr(view, "public_actions", ())
        return request.user.has_perm(name, view.permission_object(obj))


class EventPartViewSet(viewsets.GenericViewSet):
    """Rows of one event (``/events/{slug}/...``); 404 for an event the user may not see."""

    schema = ApiAutoSchema()
    permission_classes = [AreaPermission]
    filter_backends = []
    pagination_class = None
    public_actions: tuple[str, ...] = ()
    model: type[Model]

    def get_event(self) -> Event:
        """The event of the URL (memoised); 404 unless the user may see it."""
        if not hasattr(self, "_event"):
            event = get_object_or_404(Event.objects.all(), slug=self.kwargs["event_slug"])
            if not can_view_event(self.request.user, event):
                raise exceptions.NotFound
            self._event = event
        return self._event

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no URL arguments
            return self.model.objects.none()
        return self.rows(self.get_event())

    def rows(self, event: Event) -> QuerySet[Any]:
        """This viewset's rows of ``event``."""
        raise NotImplementedError

    def permission_object(self, obj: Any) -> Any:
        """What the action's permission is checked against (default: the event)."""
        return self.get_event()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["event"] = self.get_event()
        return context

    def check_event_permission(self) -> Event:
        """Check the action's permission against the event (for creates and lists)."""
        event = self.get_event()
        self.check_object_permissions(self.request, event)
        return event


def ics_response(body: str, filename: str, disposition: str = "attachment") -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
