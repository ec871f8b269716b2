"""What the B2B meetings endpoints share: the permission check (signed-in users, one rules
permission per action, checked against the event, a request or a meeting) and the lookup of
the URL's event (404 for an event without matchmaking or one the user may not see)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
)
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from smartregions.api.permissions import offers_method, rules_permission_name
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.events.domain.queries import matchmaking as queries
from smartregions.events.enums import ParticipantType
from smartregions.events.models import (
    Event,
    Registration,
)
from smartregions.organisations.enums import OrganisationType

FILE_RESPONSE = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF file."),
}
ICS_RESPONSE = {
    (200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="iCalendar file."),
}
DIRECTORY_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words in headline, texts, names."),
    OpenApiParameter("country", OpenApiTypes.STR, description="Country code, e.g. BE."),
    OpenApiParameter("participant_type", OpenApiTypes.STR, enum=ParticipantType.values),
    OpenApiParameter("organisation_type", OpenApiTypes.STR, enum=OrganisationType.values),
    OpenApiParameter("sector", OpenApiTypes.INT, description="NACE term id."),
]


class MeetingsPermission(BasePermission):
    """Signed-in users only; each action must name its rules permission in
    ``rules_permissions``, checked against the object the view passes (the event, a request
    or a meeting)."""

    message = "You do not have permission to perform this action."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not offers_method(view, request.method):
            return True  # DRF answers 405
        if not (request.user and request.user.is_authenticated):
            return False
        return rules_permission_name(view) is not None

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        name = rules_permission_name(view)
        return name is not None and request.user.has_perm(name, obj)


def matchmaking_event(request: Request, slug: str) -> Event:
    """The matchmaking event ``slug`` if the user may see the event, else 404."""
    event = queries.visible_matchmaking_event(request.user, slug)
    if event is None:
        raise Http404
    return event


class EventViewMixin:
    """Looks up the event of the URL (once) and checks permissions against objects."""

    schema = ApiAutoSchema()
    permission_classes = [MeetingsPermission]
    filter_backends: list = []

    def get_event(self) -> Event:
        if not hasattr(self, "_event"):
            self._event = matchmaking_event(self.request, self.kwargs["event_slug"])
        return self._event

    def me(self) -> Registration | None:
        return queries.participant_registration(self.request.user, self.get_event())

    def me_or_403(self) -> Registration:
        me = self.me()
        if me is None:
            raise PermissionDenied
        return me
