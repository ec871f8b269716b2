"""REST endpoints: B2B meetings, participant side (events).

* ``/api/v1/events/{slug}/matchmaking-profile/`` - the signed-in participant's profile (GET,
  PUT).
* ``/api/v1/events/{slug}/participants/`` - the directory (search and filters) and one
  profile with the organisation's marketplace items; ``suggestions/``.
* ``/api/v1/events/{slug}/meeting-requests/`` - the user's requests (organisers: all of the
  event), send (POST), one request with ``accept``, ``decline`` and ``cancel``.
* ``/api/v1/events/{slug}/meeting-sessions/{id}/availability/`` - the slots the participant
  cannot attend (GET, PUT replaces them).
* ``/api/v1/events/{slug}/meetings/`` - the user's meetings (organisers: all of the event),
  ``agenda/`` (JSON), ``agenda.pdf/``, ``agenda.ics/``; one meeting with ``free-slots``,
  ``pick``, ``check-in``, ``attendance`` (organisers) and ``outcome``.

Every endpoint needs a signed-in user (401 otherwise); an event without matchmaking or one the
user may not see answers 404. Every write calls the same domain functions as the web pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import re_path
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from smartregions.api.v1.events import meetings_serializers as s
from smartregions.api.v1.events.meetings_base import (
    FILE_RESPONSE,
    ICS_RESPONSE,
    EventViewMixin,
)
from smartregions.api.v1.events.meetings_participants import (
    AvailabilityView,
    MatchmakingProfileView,
    MeetingRequestViewSet,
    ParticipantViewSet,
)
from smartregions.api.v1.priorities import FileFormatNegotiation
from smartregions.events.domain.ical import CONTENT_TYPE as ICS_CONTENT_TYPE
from smartregions.events.domain.matchmaking import agenda as agenda_files
from smartregions.events.domain.matchmaking import attendance as attendance_domain
from smartregions.events.domain.matchmaking import slots as slot_domain
from smartregions.events.domain.queries import matchmaking as queries
from smartregions.events.models import (
    Event,
    Meeting,
    MeetingSlot,
    Registration,
)
from smartregions.events.rules.base import is_event_organiser

_EVENT = r"events/(?P<event_slug>[-a-zA-Z0-9_]+)"


@extend_schema_view(
    list=extend_schema(summary="Your meetings (organisers: every meeting of the event)"),
    retrieve=extend_schema(summary="One meeting"),
)
class MeetingViewSet(
    EventViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Meetings (accepted requests) with their place once visible, check-ins, attendance
    and answers to the cooperation question."""

    serializer_class = s.MeetingSerializer
    rules_permissions = {
        "list": "events.view_matchmaking",
        "retrieve": "events.view_meeting",
        "my_agenda": "events.view_own_meetings",
        "agenda_pdf": "events.view_own_meetings",
        "agenda_ics": "events.view_own_meetings",
        "free_slots": "events.pick_meeting_slot",
        "pick": "events.pick_meeting_slot",
        "check_in": "events.check_in_meeting",
        "attendance": "events.mark_meeting_attendance",
        "outcome": "events.answer_meeting_outcome",
    }

    def get_queryset(self) -> QuerySet[Meeting]:
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        event = self.get_event()
        rows = queries.meetings_with_details().filter(meeting_session__event=event)
        if self.action == "list":
            self.check_object_permissions(self.request, event)
            if not is_event_organiser(self.request.user, event):
                me = self.me()
                rows = rows.filter(Q(request__requester=me) | Q(request__recipient=me))
            return rows.order_by("slot__starts_at", "table_number", "id")
        return rows

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        event = self.get_event()
        organiser = is_event_organiser(self.request.user, event)
        me = self.me()
        context.update(
            zone=event.timezone,
            organiser=organiser,
            registration_id=me.pk if me else None,
        )
        return context

    def _respond(self, meeting: Meeting) -> Response:
        fresh = queries.meetings_with_details().get(pk=meeting.pk)
        return Response(s.MeetingSerializer(fresh, context=self.get_serializer_context()).data)

    def _agenda(self, request: Request) -> tuple[Event, Registration, queries.Agenda]:
        event = self.get_event()
        self.check_object_permissions(request, event)
        me = self.me_or_403()
        return event, me, queries.agenda(me)

    @extend_schema(
        summary="Your agenda: meetings with a time in time order, and those waiting",
        responses={200: s.MeetingAgendaSerializer},
    )
    # Named so that its route comes after agenda_ics and agenda_pdf (routes follow method
    # names): otherwise its format-suffix route ``agenda.<format>/`` would catch their URLs.
    @action(detail=False, methods=["get"], url_path="agenda", pagination_class=None)
    def my_agenda(self, request: Request, event_slug: str) -> Response:
        _event, _me, agenda = self._agenda(request)
        context = self.get_serializer_context()
        return Response(
            {
                "placed": s.MeetingSerializer(
                    [item.meeting for item in agenda.placed], many=True, context=context
                ).data,
                "waiting": s.MeetingSerializer(
                    [item.meeting for item in agenda.waiting], many=True, context=context
                ).data,
            }
        )

    @extend_schema(summary="Your agenda as a PDF", responses=FILE_RESPONSE)
    @action(
        detail=False,
        methods=["get"],
        url_path="agenda.pdf",
        content_negotiation_class=FileFormatNegotiation,
    )
    def agenda_pdf(self, request: Request, event_slug: str) -> HttpResponse:
        event, me, agenda = self._agenda(request)
        response = HttpResponse(
            agenda_files.agenda_pdf(me, event, agenda), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="meetings-{event.slug}.pdf"'
        return response

    @extend_schema(summary="Your agenda as an iCalendar file", responses=ICS_RESPONSE)
    @action(
        detail=False,
        methods=["get"],
        url_path="agenda.ics",
        content_negotiation_class=FileFormatNegotiation,
    )
    def agenda_ics(self, request: Request, event_slug: str) -> HttpResponse:
        event, me, agenda = self._agenda(request)
        response = HttpResponse(
            agenda_files.agenda_ics(me, event, agenda), content_type=ICS_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'inline; filename="meetings-{event.slug}.ics"'
        return response

    @extend_schema(
        summary="The free common slots the meeting can take (participants pick)",
        responses={200: s.FreeMeetingSlotSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], url_path="free-slots", pagination_class=None)
    def free_slots(self, request: Request, event_slug: str, pk: str) -> Response:
        meeting = self.get_object()
        free = slot_domain.free_common_slots(meeting)
        context = self.get_serializer_context()
        return Response(
            s.FreeMeetingSlotSerializer(
                [{"slot": item.slot, "table": item.table} for item in free],
                many=True,
                context=context,
            ).data
        )

    @extend_schema(
        summary="Pick a free common slot (the lowest free table is given)",
        request=s.MeetingPickSerializer,
        responses={200: s.MeetingSerializer},
    )
    @action(detail=True, methods=["post"])
    def pick(self, request: Request, event_slug: str, pk: str) -> Response:
        meeting = self.get_object()
        incoming = s.MeetingPickSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        slot = get_object_or_404(
            MeetingSlot, pk=incoming.validated_data["slot"], meeting_session=meeting.meeting_session
        )
        slot_domain.pick_meeting_slot(actor=request.user, meeting=meeting, slot=slot)
        return self._respond(meeting)

    @extend_schema(
        summary="Check in (participants: themselves; organisers: the party named)",
        request=s.MeetingCheckInSerializer,
        responses={200: s.MeetingSerializer},
    )
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, event_slug: str, pk: str) -> Response:
        meeting = self.get_object()
        incoming = s.MeetingCheckInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        me = self.me()
        parties = (meeting.request.requester_id, meeting.request.recipient_id)
        if me is not None and me.pk in parties:
            registration = me
        elif "party" in incoming.validated_data:
            registration = getattr(meeting.request, incoming.validated_data["party"])
        else:
            return Response(
                {"party": ["Say which party checks in."]}, status=status.HTTP_400_BAD_REQUEST
            )
        attendance_domain.check_in_meeting(
            actor=request.user, meeting=meeting, registration=registration
        )
        return self._respond(meeting)

    @extend_schema(
        summary="Record the attendance: planned, held or no-show (organisers)",
        request=s.MeetingAttendanceSerializer,
        responses={200: s.MeetingSerializer},
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, event_slug: str, pk: str) -> Response:
        meeting = self.get_object()
        incoming = s.MeetingAttendanceSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        attendance_domain.mark_meeting_attendance(
            actor=request.user, meeting=meeting, **incoming.validated_data
        )
        return self._respond(meeting)

    @extend_schema(
        summary="Answer (or change) “did this meeting lead to cooperation?”",
        request=s.MeetingOutcomeSerializer,
        responses={200: s.MeetingSerializer},
    )
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, event_slug: str, pk: str) -> Response:
        meeting = self.get_object()
        incoming = s.MeetingOutcomeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        attendance_domain.answer_meeting_outcome(
            actor=request.user,
            meeting=meeting,
            registration=self.me_or_403(),
            **incoming.validated_data,
        )
        return self._respond(meeting)


urlpatterns: list = [
    re_path(
        rf"^{_EVENT}/matchmaking-profile/$",
        MatchmakingProfileView.as_view(),
        name="events-matchmaking-profile",
    ),
    re_path(
        rf"^{_EVENT}/meeting-sessions/(?P<session_pk>[0-9]+)/availability/$",
        AvailabilityView.as_view(),
        name="events-meeting-availability",
    ),
]


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router."""
    router.register(f"{_EVENT}/participants", ParticipantViewSet, basename="events-participant")
    router.register(
        f"{_EVENT}/meeting-requests", MeetingRequestViewSet, basename="events-meeting-request"
    )
    router.register(f"{_EVENT}/meetings", MeetingViewSet, basename="events-meeting")
