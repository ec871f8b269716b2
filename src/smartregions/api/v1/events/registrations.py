"""REST endpoints of an event's registrations (``/api/v1/events/{slug}/registrations/``).

Anyone signed in registers themselves (POST). The organisers list every registration (with
filters), export them and print badges; a participant reaches only their own registration
(others' answer 404). Verbs: approve, decline, check-in, type (organisers), cancel (the
participant or the organisers).
"""

from __future__ import annotations

import io
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.v1.base import ApiAutoSchema, error_response
from smartregions.api.v1.events import events_serializers as s
from smartregions.api.v1.events.events_base import EventsPermission
from smartregions.api.v1.priorities import FileFormatNegotiation
from smartregions.events.domain import registration as domain
from smartregions.events.domain.badges import badges_filename, badges_pdf
from smartregions.events.domain.exports import EXPORT_FORMATS, export_filename, write_registrations
from smartregions.events.domain.queries.events import visible_events
from smartregions.events.domain.queries.registrations import (
    RegistrantFilters,
    badge_registrations,
    event_registrations,
    registrations_with_people,
)
from smartregions.events.enums import ParticipantType, RegistrationStatus
from smartregions.events.models import Event, Registration

FILTER_PARAMETERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=RegistrationStatus.values),
    OpenApiParameter("participant_type", OpenApiTypes.STR, enum=ParticipantType.values),
    OpenApiParameter("checked_in", OpenApiTypes.BOOL),
    OpenApiParameter("q", OpenApiTypes.STR, description="Words of the name or e-mail address."),
]

FORMAT_PARAMETER = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=list(EXPORT_FORMATS), default="csv"
)


def _filters(request: Request) -> RegistrantFilters:
    params = request.query_params
    checked = params.get("checked_in", "").lower()
    filters = RegistrantFilters(
        status=params.get("status", ""),
        participant_type=params.get("participant_type", ""),
        checked_in={"true": True, "1": True, "false": False, "0": False}.get(checked),
        q=params.get("q", ""),
    )
    if filters.status and filters.status not in RegistrationStatus.values:
        raise exceptions.ValidationError({"status": ["Unknown status."]})
    if filters.participant_type and filters.participant_type not in ParticipantType.values:
        raise exceptions.ValidationError({"participant_type": ["Unknown participant type."]})
    return filters


@extend_schema_view(
    list=extend_schema(
        summary="The event's registrations (organisers), in registration order",
        parameters=FILTER_PARAMETERS,
    ),
    retrieve=extend_schema(summary="One registration (its participant or the organisers)"),
)
class RegistrationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Registrations of one event."""

    schema = ApiAutoSchema()
    serializer_class = s.RegistrationSerializer
    permission_classes = [EventsPermission]
    filter_backends = []
    public_actions = ()
    rules_permissions = {
        "list": "events.manage_registrations",
        "export": "events.manage_registrations",
        "badges": "events.manage_registrations",
        "create": "events.register",
        "retrieve": "events.view_registration",
        "approve": "events.decide_registration",
        "decline": "events.decide_registration",
        "check_in": "events.decide_registration",
        "set_type": "events.decide_registration",
        "cancel": "events.cancel_registration",
    }

    def get_event(self) -> Event:
        """The event of the URL if the user may see it, else 404."""
        if not hasattr(self, "_event"):
            self._event = get_object_or_404(
                visible_events(self.request.user), slug=self.kwargs["event_slug"]
            )
        return self._event

    def _checked_event(self) -> Event:
        event = self.get_event()
        self.check_object_permissions(self.request, event)
        return event

    def get_queryset(self) -> QuerySet[Registration]:
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        event = self.get_event()
        if self.action == "list":
            return event_registrations(event, _filters(self.request)).select_related("event")
        rows = registrations_with_people().select_related("event").filter(event=event)
        if not self.request.user.has_perm("events.manage_registrations", event):
            rows = rows.filter(user=self.request.user)
        return rows

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._checked_event()
        return super().list(request, *args, **kwargs)

    def _respond(self, registration: Registration, code: int = status.HTTP_200_OK) -> Response:
        fresh = registrations_with_people().select_related("event").get(pk=registration.pk)
        return Response(s.RegistrationSerializer(fresh).data, status=code)

    @extend_schema(
        summary="Register the signed-in user (consent required)",
        request=s.EventRegisterSerializer,
        responses={201: s.RegistrationSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self._checked_event()
        incoming = s.EventRegisterSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        registration = domain.register_for_event(
            actor=request.user, event=event, **incoming.validated_data
        )
        return self._respond(registration, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Approve a pending registration (confirmed, or waitlisted if full)",
        request=None,
        responses={200: s.RegistrationSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, event_slug: str, pk: str) -> Response:
        registration = self.get_object()
        domain.approve_registration(actor=request.user, registration=registration)
        return self._respond(registration)

    @extend_schema(
        summary="Decline a pending registration",
        request=s.RegistrationDeclineSerializer,
        responses={200: s.RegistrationSerializer},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, event_slug: str, pk: str) -> Response:
        registration = self.get_object()
        incoming = s.RegistrationDeclineSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        domain.decline_registration(
            actor=request.user, registration=registration, **incoming.validated_data
        )
        return self._respond(registration)

    @extend_schema(
        summary="Cancel a registration (its participant before the event, or the organisers)",
        request=None,
        responses={200: s.RegistrationSerializer},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, event_slug: str, pk: str) -> Response:
        registration = self.get_object()
        domain.cancel_registration(actor=request.user, registration=registration)
        return self._respond(registration)

    @extend_schema(
        summary="Check a confirmed participant in",
        request=None,
        responses={200: s.RegistrationSerializer},
    )
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, event_slug: str, pk: str) -> Response:
        registration = self.get_object()
        domain.check_in_registration(actor=request.user, registration=registration)
        return self._respond(registration)

    @extend_schema(
        summary="Change the participant type (the organiser type included)",
        request=s.RegistrationTypeSerializer,
        responses={200: s.RegistrationSerializer},
    )
    @action(detail=True, methods=["post"], url_path="type")
    def set_type(self, request: Request, event_slug: str, pk: str) -> Response:
        registration = self.get_object()
        incoming = s.RegistrationTypeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        domain.change_participant_type(
            actor=request.user, registration=registration, **incoming.validated_data
        )
        return self._respond(registration)

    @extend_schema(
        summary="Download the (filtered) registrations as CSV or XLSX (organisers)",
        parameters=[
            FORMAT_PARAMETER,
            *FILTER_PARAMETERS,
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV file."),
            (200, EXPORT_FORMATS["xlsx"]): OpenApiResponse(
                OpenApiTypes.BINARY, description="Excel workbook."
            ),
            400: error_response("Unknown format or filter value."),
        },
    )
    @action(detail=False, methods=["get"], content_negotiation_class=FileFormatNegotiation)
    def export(self, request: Request, event_slug: str) -> HttpResponse:
        event = self._checked_event()
        fmt = request.query_params.get("format", "").lower() or "csv"
        if fmt not in EXPORT_FORMATS:
            raise exceptions.ValidationError(
                {"format": [f"Choose one of: {', '.join(EXPORT_FORMATS)}."]}
            )
        stream = io.BytesIO()
        rows = event_registrations(event, _filters(request))
        write_registrations(event=event, registrations=rows, stream=stream, fmt=fmt)
        response = HttpResponse(stream.getvalue(), content_type=EXPORT_FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{export_filename(event, fmt)}"'
        return response

    @extend_schema(
        summary="Name badges of the confirmed participants, as a PDF (organisers)",
        parameters=[
            OpenApiParameter(
                "participant_type",
                OpenApiTypes.STR,
                enum=ParticipantType.values,
                description="Only this type.",
            )
        ],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=False, methods=["get"], content_negotiation_class=FileFormatNegotiation)
    def badges(self, request: Request, event_slug: str) -> HttpResponse:
        event = self._checked_event()
        participant_type = _filters(request).participant_type
        content = badges_pdf(event, badge_registrations(event, participant_type))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{badges_filename(event)}"'
        return response
