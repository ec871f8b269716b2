"""REST endpoints: the organisers' meeting scheduler (events).

Under ``/api/v1/events/{slug}/scheduling/``:

* ``sessions/`` - meeting sessions (list, create, read, change, delete) with ``publish`` and
  ``unpublish`` of their schedule;
* ``sessions/{id}/slots/`` - a session's slots (list, add one, change its tables, delete)
  and ``generate`` (from a start, an end, a length and a gap);
* ``meetings/`` - the accepted meetings (filters ``session``, ``state``, ``participant``) with
  ``lock``, ``unlock``, ``unplace`` and ``move``;
* ``runs/`` - scheduler runs: POST starts one (202), GET reads its status and report;
* ``statistics/`` - requests, meetings and outcomes overall, by country and by sector
  (``?format=csv`` for the CSV file).

Everything here is for the event's organisers and platform staff: 401 without credentials,
404 for an event the user may not see, 403 for everyone else. Writes call the same domain
functions as the web pages; a refused step answers 400 naming the field.
"""

from __future__ import annotations

from dataclasses import asdict
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
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from smartregions.api.pagination import PageNumberPagination
from smartregions.api.permissions import offers_method, rules_permission_name
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.events import scheduling_serializers as s
from smartregions.api.v1.priorities import FileFormatNegotiation
from smartregions.events.domain import meeting_sessions as session_domain
from smartregions.events.domain import scheduling as scheduling_domain
from smartregions.events.domain.queries import scheduling as queries
from smartregions.events.domain.scheduling.statistics import statistics_csv
from smartregions.events.models import Event, Meeting, MeetingSession, MeetingSlot, ScheduleRun
from smartregions.events.rules.base import can_view_event

urlpatterns: list = []

_BASE = r"events/(?P<event_slug>[-a-zA-Z0-9_]+)/scheduling"
MANAGE = "events.manage_meeting_sessions"
SCHEDULE = "events.schedule_meetings"
STATISTICS = "events.view_meeting_statistics"


class SchedulingPermission(BasePermission):
    """Signed-in users holding the action's permission on the URL's event.

    Every action must be declared in the viewset's ``rules_permissions``; the permission is
    checked against the event (after the event itself was found visible, else 404).
    """

    message = "You do not have permission to perform this action."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not offers_method(view, request.method):
            return True  # DRF answers 405
        if not (request.user and request.user.is_authenticated):
            return False
        name = rules_permission_name(view)
        return name is not None and request.user.has_perm(name, view.get_event())


class _SchedulingViewSet(viewsets.GenericViewSet):
    """Rows of one event's scheduling (``/events/{event_slug}/scheduling/...``)."""

    schema = ApiAutoSchema()
    permission_classes = [SchedulingPermission]
    filter_backends = []
    pagination_class = None
    model: type[Any]
    rules_permissions: dict[str, str] = {}

    def get_event(self) -> Event:
        """The URL's event (memoised) if the user may see it, else 404."""
        if not hasattr(self, "_event"):
            event = get_object_or_404(
                Event.objects.prefetch_related("organisers"), slug=self.kwargs["event_slug"]
            )
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


# ---- meeting sessions --------------------------------------------------------------------


def _session_response(meeting_session: MeetingSession, code: int = 200) -> Response:
    fresh = queries.meeting_sessions_of(meeting_session.event).get(pk=meeting_session.pk)
    return Response(s.MeetingSessionSerializer(fresh).data, status=code)


@extend_schema_view(
    list=extend_schema(summary="The event's meeting sessions (organisers)"),
    retrieve=extend_schema(summary="One meeting session (organisers)"),
    destroy=extend_schema(summary="Delete a meeting session without requests (organisers)"),
)
class MeetingSessionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, _SchedulingViewSet
):
    """Blocks of one-to-one meetings with their tables and scheduling mode."""

    serializer_class = s.MeetingSessionSerializer
    model = MeetingSession
    rules_permissions = {
        "list": SCHEDULE,
        "retrieve": SCHEDULE,
        "create": MANAGE,
        "partial_update": MANAGE,
        "destroy": MANAGE,
        "publish": SCHEDULE,
        "unpublish": SCHEDULE,
    }

    def rows(self, event: Event) -> QuerySet[MeetingSession]:
        return queries.meeting_sessions_of(event)

    @extend_schema(
        summary="Create a meeting session (organisers)",
        request=s.MeetingSessionWriteSerializer,
        responses={201: s.MeetingSessionSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        incoming = s.MeetingSessionWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        created = session_domain.create_meeting_session(
            actor=request.user, event=self.get_event(), **incoming.validated_data
        )
        return _session_response(created, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a meeting session's settings (organisers)",
        request=s.MeetingSessionWriteSerializer,
        responses={200: s.MeetingSessionSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        meeting_session = self.get_object()
        incoming = s.MeetingSessionWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        session_domain.update_meeting_session(
            actor=request.user, meeting_session=meeting_session, **incoming.validated_data
        )
        return _session_response(meeting_session)

    def perform_destroy(self, instance: MeetingSession) -> None:
        session_domain.delete_meeting_session(actor=self.request.user, meeting_session=instance)

    @extend_schema(
        summary="Publish the session's schedule; participants with placed meetings are told",
        request=None,
        responses={200: s.MeetingSessionSerializer},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, event_slug: str, pk: str) -> Response:
        meeting_session = self.get_object()
        scheduling_domain.publish_schedule(actor=request.user, meeting_session=meeting_session)
        return _session_response(meeting_session)

    @extend_schema(
        summary="Hide the session's schedule from participants again",
        request=None,
        responses={200: s.MeetingSessionSerializer},
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, event_slug: str, pk: str) -> Response:
        meeting_session = self.get_object()
        scheduling_domain.unpublish_schedule(actor=request.user, meeting_session=meeting_session)
        return _session_response(meeting_session)


# ---- slots -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="A meeting session's slots in time order (organisers)"),
    retrieve=extend_schema(summary="One slot (organisers)"),
    destroy=extend_schema(summary="Remove a slot without placed meetings (organisers)"),
)
class MeetingSlotViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, _SchedulingViewSet
):
    """Time slots of a meeting session, each with its own number of tables or the session's."""

    serializer_class = s.MeetingSlotSerializer
    model = MeetingSlot
    rules_permissions = {
        "list": SCHEDULE,
        "retrieve": SCHEDULE,
        "create": MANAGE,
        "partial_update": MANAGE,
        "destroy": MANAGE,
        "generate": MANAGE,
    }

    def get_meeting_session(self) -> MeetingSession:
        if not hasattr(self, "_meeting_session"):
            self._meeting_session = get_object_or_404(
                MeetingSession.objects.select_related("event"),
                event=self.get_event(),
                pk=self.kwargs["session_pk"],
            )
        return self._meeting_session

    def rows(self, event: Event) -> QuerySet[MeetingSlot]:
        return MeetingSlot.objects.filter(meeting_session=self.get_meeting_session()).order_by(
            "starts_at", "pk"
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["meeting_session"] = self.get_meeting_session()
        return context

    def _slot_response(self, slot: MeetingSlot, code: int = 200) -> Response:
        return Response(self.get_serializer(slot).data, status=code)

    @extend_schema(
        summary="Add one slot (organisers)",
        request=s.SlotWriteSerializer,
        responses={201: s.MeetingSlotSerializer},
    )
    def create(self, request: Request, event_slug: str, session_pk: str) -> Response:
        meeting_session = self.get_meeting_session()
        incoming = s.SlotWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        slot = session_domain.add_slot(
            actor=request.user, meeting_session=meeting_session, **incoming.validated_data
        )
        return self._slot_response(slot, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Give a slot its own number of tables, or (null) the session's (organisers)",
        request=s.SlotTablesSerializer,
        responses={200: s.MeetingSlotSerializer},
    )
    def partial_update(
        self, request: Request, event_slug: str, session_pk: str, pk: str
    ) -> Response:
        slot = self.get_object()
        incoming = s.SlotTablesSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        session_domain.set_slot_tables(
            actor=request.user, slot=slot, tables=incoming.validated_data["tables"]
        )
        return self._slot_response(slot)

    def perform_destroy(self, instance: MeetingSlot) -> None:
        session_domain.remove_slot(actor=self.request.user, slot=instance)

    @extend_schema(
        summary="Generate slots from a start, an end, a slot length and a gap (organisers)",
        request=s.GenerateSlotsSerializer,
        responses={201: s.MeetingSlotSerializer(many=True)},
    )
    @action(detail=False, methods=["post"])
    def generate(self, request: Request, event_slug: str, session_pk: str) -> Response:
        meeting_session = self.get_meeting_session()
        incoming = s.GenerateSlotsSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        slots = session_domain.generate_slots(
            actor=request.user, meeting_session=meeting_session, **incoming.validated_data
        )
        return Response(self.get_serializer(slots, many=True).data, status=status.HTTP_201_CREATED)


# ---- meetings ----------------------------------------------------------------------------

MEETING_FILTERS = [
    OpenApiParameter("session", OpenApiTypes.INT, description="Meeting session id."),
    OpenApiParameter("state", OpenApiTypes.STR, enum=list(s.STATE_CHOICES)),
    OpenApiParameter("participant", OpenApiTypes.INT, description="Registration id of a party."),
]


def _int_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise exceptions.ValidationError({name: ["Enter a whole number."]}) from None


@extend_schema_view(
    list=extend_schema(
        summary="The event's accepted meetings with their places (organisers)",
        parameters=MEETING_FILTERS,
    ),
    retrieve=extend_schema(summary="One accepted meeting (organisers)"),
)
class ScheduledMeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _SchedulingViewSet):
    """Accepted meetings as the organisers place them."""

    serializer_class = s.ScheduledMeetingSerializer
    model = Meeting
    pagination_class = PageNumberPagination
    rules_permissions = {
        "list": SCHEDULE,
        "retrieve": SCHEDULE,
        "lock": SCHEDULE,
        "unlock": SCHEDULE,
        "unplace": SCHEDULE,
        "move": SCHEDULE,
    }

    def rows(self, event: Event) -> QuerySet[Meeting]:
        if self.action != "list":
            return queries.organiser_meetings(event)
        state = self.request.query_params.get("state", "")
        if state and state not in s.STATE_CHOICES:
            raise exceptions.ValidationError(
                {"state": [f"Choose one of: {', '.join(s.STATE_CHOICES)}."]}
            )
        filters = queries.MeetingFilters(
            meeting_session=_int_param(self.request, "session"),
            state=state,
            participant=_int_param(self.request, "participant"),
        )
        return queries.organiser_meetings(event, filters)

    def _respond(self, meeting: Meeting) -> Response:
        fresh = queries.meetings_with_parties().get(pk=meeting.pk)
        return Response(s.ScheduledMeetingSerializer(fresh).data)

    @extend_schema(
        summary="Lock a placed meeting: the scheduler keeps its slot and table",
        request=None,
        responses={200: s.ScheduledMeetingSerializer},
    )
    @action(detail=True, methods=["post"])
    def lock(self, request: Request, event_slug: str, pk: str) -> Response:
        meeting = self.get_object()
        scheduling_domain.lock_meeting(actor=request.user, meeting=meeting)
        return self._respond(meeting)

    @extend_schema(
        summary="Unlock a meeting: the next run may move it",
        request=None,
        responses={200: s.ScheduledMeetingSerializer},
    )
    @action(detail=True, methods=["post"])
    def unlock(self, request: Request, event_slug: str, pk: str) -> Response:
        meeting = self.get_object()
        scheduling_domain.unlock_meeting(actor=request.user, meeting=meeting)
        return self._respond(meeting)

    @extend_schema(
        summary="Take a meeting out of the schedule (and unlock it)",
        request=None,
        responses={200: s.ScheduledMeetingSerializer},
    )
    @action(detail=True, methods=["post"])
    def unplace(self, request: Request, event_slug: str, pk: str) -> Response:
        meeting = self.get_object()
        scheduling_domain.unplace_meeting(actor=request.user, meeting=meeting)
        return self._respond(meeting)

    @extend_schema(
        summary="Put a meeting in a slot at a table by hand (checked like the scheduler)",
        request=s.MoveMeetingSerializer,
        responses={200: s.ScheduledMeetingSerializer},
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, event_slug: str, pk: str) -> Response:
        meeting = self.get_object()
        incoming = s.MoveMeetingSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        scheduling_domain.move_meeting(
            actor=request.user, meeting=meeting, **incoming.validated_data
        )
        return self._respond(meeting)


# ---- runs --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The event's scheduler runs, the latest first (organisers)",
        parameters=[OpenApiParameter("session", OpenApiTypes.INT, description="Session id.")],
    ),
    retrieve=extend_schema(summary="A scheduler run's status and report (organisers)"),
)
class ScheduleRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _SchedulingViewSet):
    """Runs of the automatic scheduler; poll one until its status is done or failed."""

    serializer_class = s.ScheduleRunSerializer
    model = ScheduleRun
    rules_permissions = {"list": SCHEDULE, "retrieve": SCHEDULE, "create": SCHEDULE}

    def rows(self, event: Event) -> QuerySet[ScheduleRun]:
        runs = queries.event_schedule_runs(event)
        if self.action == "list" and (session := _int_param(self.request, "session")) is not None:
            runs = runs.filter(meeting_session_id=session)
        return runs

    @extend_schema(
        summary="Start the scheduler on a meeting session (one run at a time per session)",
        request=s.StartRunSerializer,
        responses={202: s.ScheduleRunSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        incoming = s.StartRunSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        meeting_session = MeetingSession.objects.filter(
            event=self.get_event(), pk=incoming.validated_data["meeting_session"]
        ).first()
        if meeting_session is None:
            raise exceptions.ValidationError(
                {"meeting_session": ["No meeting session of this event has this id."]}
            )
        run = scheduling_domain.run_scheduler(
            actor=request.user,
            meeting_session=meeting_session,
            time_limit=incoming.validated_data["time_limit"],
        )
        run.refresh_from_db()
        return Response(s.ScheduleRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


# ---- statistics --------------------------------------------------------------------------


class MeetingStatisticsViewSet(_SchedulingViewSet):
    """Requests, accepted, declined, scheduled, held, no-show and cooperation answers."""

    model = Meeting
    content_negotiation_class = FileFormatNegotiation  # ?format= names the file, not a renderer
    rules_permissions = {"list": STATISTICS}

    @extend_schema(
        summary="Meeting statistics overall, by country and by NACE section (organisers)",
        parameters=[
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=["json", "csv"], description="json (default)"
            )
        ],
        responses={
            200: s.MeetingStatisticsSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV file."),
        },
    )
    def list(self, request: Request, event_slug: str) -> Response | HttpResponse:
        event = self.get_event()
        fmt = request.query_params.get("format", "json").lower()
        if fmt not in ("json", "csv"):
            raise exceptions.ValidationError({"format": ["Choose one of: json, csv."]})
        statistics = queries.meeting_statistics(event)
        if fmt == "csv":
            response = HttpResponse(
                statistics_csv(statistics), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{event.slug}-meetings.csv"'
            return response
        return Response(
            {
                "total": asdict(statistics.total),
                "by_country": [asdict(row) for row in statistics.by_country],
                "by_sector": [asdict(row) for row in statistics.by_sector],
            }
        )


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router."""
    router.register(f"{_BASE}/sessions", MeetingSessionViewSet, basename="events-meeting-session")
    router.register(
        rf"{_BASE}/sessions/(?P<session_pk>[0-9]+)/slots",
        MeetingSlotViewSet,
        basename="events-meeting-slot",
    )
    router.register(
        f"{_BASE}/meetings", ScheduledMeetingViewSet, basename="events-scheduled-meeting"
    )
    router.register(f"{_BASE}/runs", ScheduleRunViewSet, basename="events-schedule-run")
    router.register(
        f"{_BASE}/statistics", MeetingStatisticsViewSet, basename="events-meeting-statistics"
    )
