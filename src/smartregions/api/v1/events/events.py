"""REST endpoints: the calendar, event management and registration (events).

* ``/api/v1/events/`` - the calendar (public events, the web page's filters), one event,
  create and change (organisers), ``publish`` and ``cancel``, co-``organisers``; the
  iCalendar feed ``calendar.ics/`` and one event's ``event.ics/``; ``my-registrations/``.
* ``/api/v1/events/{slug}/questions/`` - the registration questions (read with the event,
  written by its organisers).
* ``/api/v1/events/{slug}/registrations/`` - register (POST, signed-in users); the
  organisers' list with filters, ``export/`` (CSV or XLSX) and ``badges/`` (PDF); one
  registration (its participant or the organisers) with ``approve``, ``decline``, ``cancel``,
  ``check-in`` and ``type``.

Every write calls the same domain functions as the web pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from smartregions.accounts.models import User
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.calls.serializers import localise
from smartregions.api.v1.events import events_serializers as s
from smartregions.api.v1.events.events_base import EventsPermission
from smartregions.api.v1.events.registrations import RegistrationViewSet
from smartregions.api.v1.priorities import FileFormatNegotiation
from smartregions.events.domain import events as event_domain
from smartregions.events.domain import registration_questions as question_domain
from smartregions.events.domain.ical import CONTENT_TYPE as ICS_CONTENT_TYPE
from smartregions.events.domain.ical import calendar
from smartregions.events.domain.queries.events import (
    EventFilters,
    event_list,
    events_with_details,
    public_feed_events,
    visible_events,
    with_registration_counts,
)
from smartregions.events.domain.queries.registrations import my_registrations
from smartregions.events.enums import EventKind, RegistrationStatus
from smartregions.events.models import Event, RegistrationQuestion
from smartregions.events.rules.base import registration_of

urlpatterns: list = []

_EVENT = r"events/(?P<event_slug>[-a-zA-Z0-9_]+)"
ICS_RESPONSE = {
    (200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="iCalendar file.")
}
FILTER_PARAMETERS = [
    OpenApiParameter("platform", OpenApiTypes.STR, description="Thematic platform slug."),
    OpenApiParameter("area", OpenApiTypes.STR, description="Thematic area slug."),
    OpenApiParameter("country", OpenApiTypes.STR, description="Country code, e.g. BE."),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=EventKind.values),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Running on or after (UTC)."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Running on or before (UTC)."),
    OpenApiParameter(
        "past", OpenApiTypes.BOOL, description="Ended events, latest first (default: upcoming)."
    ),
]


def _filters(request: Request) -> EventFilters:
    params = request.query_params

    def day(name: str) -> Any:
        value = params.get(name, "")
        if not value:
            return None
        field = serializers.DateField()
        try:
            return field.to_internal_value(value)
        except serializers.ValidationError as error:
            raise exceptions.ValidationError({name: error.detail}) from None

    return EventFilters(
        platform=params.get("platform", ""),
        area=params.get("area", ""),
        country=params.get("country", "").upper(),
        kind=params.get("kind", ""),
        date_from=day("date_from"),
        date_to=day("date_to"),
        past=params.get("past", "").lower() in ("1", "true", "yes"),
    )


def _ics(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _write_values(data: dict[str, Any], zone: str) -> dict[str, Any]:
    values = dict(data)
    localise(values, s.EVENT_TIMES, values.get("timezone") or zone)
    return values


@extend_schema_view(
    list=extend_schema(
        summary="The calendar: public events (organisers also see their drafts)",
        parameters=FILTER_PARAMETERS,
    ),
    retrieve=extend_schema(summary="One event with its registration settings and state"),
)
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Conferences, brokerage events, workshops and webinars."""

    schema = ApiAutoSchema()
    serializer_class = s.EventSerializer
    permission_classes = [EventsPermission]
    filter_backends = []
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    public_actions = ("list", "retrieve", "calendar_feed", "ics")
    signed_in_actions = ("my_registrations",)
    rules_permissions = {
        "create": "events.add_event",
        "partial_update": "events.change_event",
        "publish": "events.change_event",
        "cancel": "events.change_event",
        "add_organiser": "events.change_event",
        "remove_organiser": "events.change_event",
    }

    def get_queryset(self) -> QuerySet[Event]:
        user = self.request.user
        if self.action == "list":
            return with_registration_counts(
                event_list(user, _filters(self.request)).prefetch_related("organisers")
            ).select_related("region")
        return with_registration_counts(
            events_with_details().filter(pk__in=visible_events(user).values("pk"))
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if self.action != "list" and self.kwargs.get("slug"):
            event = getattr(self, "_event", None)
            context["show_online_url"] = event is not None and self._may_see_online_url(event)
        return context

    def _may_see_online_url(self, event: Event) -> bool:
        user = self.request.user
        if user.has_perm("events.change_event", event):
            return True
        mine = registration_of(user, event)
        return mine is not None and mine.status == RegistrationStatus.CONFIRMED

    def get_object(self) -> Event:
        self._event = super().get_object()
        return self._event

    def _respond(self, event: Event, code: int = status.HTTP_200_OK) -> Response:
        self._event = self.get_queryset().get(pk=event.pk)
        return Response(self.get_serializer(self._event).data, status=code)

    @extend_schema(
        summary="Create a draft event (event organisers, platform staff)",
        request=s.EventWriteSerializer,
        responses={201: s.EventSerializer},
    )
    def create(self, request: Request) -> Response:
        incoming = s.EventWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        self.check_object_permissions(request, None)
        values = _write_values(incoming.validated_data, "Europe/Brussels")
        event = event_domain.create_event(actor=request.user, **values)
        return self._respond(event, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an event (its organisers); a cancelled event is frozen",
        request=s.EventWriteSerializer,
        responses={200: s.EventSerializer},
    )
    def partial_update(self, request: Request, slug: str) -> Response:
        event = self.get_object()
        incoming = s.EventWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        values = _write_values(incoming.validated_data, event.timezone)
        values.pop("slug", None)
        event_domain.update_event(actor=request.user, event=event, **values)
        return self._respond(event)

    @extend_schema(
        summary="Publish a draft event", request=None, responses={200: s.EventSerializer}
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, slug: str) -> Response:
        event = self.get_object()
        event_domain.publish_event(actor=request.user, event=event)
        return self._respond(event)

    @extend_schema(
        summary="Cancel a published event (everyone registered is told)",
        request=None,
        responses={200: s.EventSerializer},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, slug: str) -> Response:
        event = self.get_object()
        event_domain.cancel_event(actor=request.user, event=event)
        return self._respond(event)

    @extend_schema(
        summary="Name a co-organiser by the e-mail address of their account",
        request=s.EventOrganiserWriteSerializer,
        responses={200: s.EventSerializer},
    )
    @action(detail=True, methods=["post"], url_path="organisers")
    def add_organiser(self, request: Request, slug: str) -> Response:
        event = self.get_object()
        incoming = s.EventOrganiserWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        user = User.objects.filter(
            email__iexact=incoming.validated_data["email"], is_active=True
        ).first()
        if user is None:
            raise exceptions.ValidationError(
                {"email": ["No active account has this e-mail address."]}
            )
        event_domain.add_organiser(actor=request.user, event=event, user=user)
        return self._respond(event)

    @extend_schema(
        summary="Remove a co-organiser (the last one stays)",
        parameters=[OpenApiParameter("user_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=None,
        responses={200: s.EventSerializer},
    )
    @action(detail=True, methods=["delete"], url_path=r"organisers/(?P<user_id>[0-9]+)")
    def remove_organiser(self, request: Request, slug: str, user_id: str) -> Response:
        event = self.get_object()
        user = get_object_or_404(User, pk=user_id)
        event_domain.remove_organiser(actor=request.user, event=event, user=user)
        return self._respond(event)

    @extend_schema(
        summary="iCalendar feed of published events (the calendar's filters)",
        operation_id="v1_events_calendar_ics",
        parameters=[p for p in FILTER_PARAMETERS if p.name != "past"],
        responses=ICS_RESPONSE,
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="calendar.ics",
        content_negotiation_class=FileFormatNegotiation,
    )
    def calendar_feed(self, request: Request) -> HttpResponse:
        events = public_feed_events(_filters(request))
        text = calendar(
            [event_domain.ics_event(event) for event in events], name=_("smartregions events")
        )
        return _ics(text, "events.ics")

    @extend_schema(
        summary="One event as an iCalendar file",
        operation_id="v1_events_event_ics",
        responses=ICS_RESPONSE,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="event.ics",
        content_negotiation_class=FileFormatNegotiation,
    )
    def ics(self, request: Request, slug: str) -> HttpResponse:
        event = self.get_object()
        return _ics(calendar([event_domain.ics_event(event)], name=event.title), f"{slug}.ics")

    @extend_schema(
        summary="The signed-in user's registrations, the soonest event first",
        responses={200: s.RegistrationSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], url_path="my-registrations", pagination_class=None)
    def my_registrations(self, request: Request) -> Response:
        rows = my_registrations(request.user)
        return Response(s.RegistrationSerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="The event's registration questions, in order"),
    retrieve=extend_schema(summary="One registration question"),
)
class QuestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Custom questions of an event's registration form (read with the event)."""

    schema = ApiAutoSchema()
    serializer_class = s.RegistrationQuestionSerializer
    permission_classes = [EventsPermission]
    filter_backends = []
    pagination_class = None
    public_actions = ("list", "retrieve")
    rules_permissions = {
        "create": "events.manage_registrations",
        "partial_update": "events.manage_registrations",
        "destroy": "events.manage_registrations",
        "move": "events.manage_registrations",
    }

    def get_event(self) -> Event:
        """The event of the URL if the user may see it, else 404."""
        if not hasattr(self, "_event"):
            self._event = get_object_or_404(
                visible_events(self.request.user), slug=self.kwargs["event_slug"]
            )
        return self._event

    def get_queryset(self) -> QuerySet[RegistrationQuestion]:
        if getattr(self, "swagger_fake_view", False):
            return RegistrationQuestion.objects.none()
        return RegistrationQuestion.objects.filter(event=self.get_event()).order_by(
            "position", "id"
        )

    def _checked_event(self) -> Event:
        event = self.get_event()
        self.check_object_permissions(self.request, event)
        return event

    def _question(self) -> RegistrationQuestion:
        self._checked_event()
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @extend_schema(
        summary="Add a registration question (organisers)",
        request=s.RegistrationQuestionWriteSerializer,
        responses={201: s.RegistrationQuestionSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self._checked_event()
        incoming = s.RegistrationQuestionWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        question = question_domain.add_question(
            actor=request.user, event=event, **incoming.validated_data
        )
        return Response(
            s.RegistrationQuestionSerializer(question).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Change a registration question (organisers)",
        request=s.RegistrationQuestionWriteSerializer,
        responses={200: s.RegistrationQuestionSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        question = self._question()
        incoming = s.RegistrationQuestionWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        question = question_domain.update_question(
            actor=request.user, question=question, **incoming.validated_data
        )
        return Response(s.RegistrationQuestionSerializer(question).data)

    @extend_schema(summary="Remove a question and everyone's answer to it (organisers)")
    def destroy(self, request: Request, event_slug: str, pk: str) -> Response:
        question_domain.remove_question(actor=request.user, question=self._question())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Move a question one place up or down (organisers)",
        request=s.RegistrationQuestionMoveSerializer,
        responses={200: s.RegistrationQuestionSerializer(many=True)},
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, event_slug: str, pk: str) -> Response:
        question = self._question()
        incoming = s.RegistrationQuestionMoveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        question_domain.move_question(
            actor=request.user, question=question, **incoming.validated_data
        )
        return Response(s.RegistrationQuestionSerializer(self.get_queryset(), many=True).data)


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router."""
    router.register("events", EventViewSet, basename="events-event")
    router.register(f"{_EVENT}/questions", QuestionViewSet, basename="events-question")
    router.register(f"{_EVENT}/registrations", RegistrationViewSet, basename="events-registration")
