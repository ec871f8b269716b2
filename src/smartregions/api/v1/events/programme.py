"""REST endpoints of the programme, the exhibition and the pitches (events).

* ``/api/v1/events/{slug}/rooms/`` and ``.../sessions/`` - read by everyone who may see the
  event, written by its organisers; ``sessions/programme.ics/`` is the whole programme as an
  iCalendar file; ``.../sessions/{id}/speakers/`` the session's speakers.
* ``/api/v1/events/{slug}/conflicts/`` - rooms double-booked and speakers in two places
  (organisers).
* ``/api/v1/events/{slug}/agenda/`` - the signed-in participant's agenda: read it (with its
  overlaps and private feed address), add a session (POST), remove one (DELETE
  ``agenda/{session id}/``), download it (``agenda/agenda.ics/``).
* Stands, stand bookings and pitches: :mod:`smartregions.api.v1.events.exhibition`.

Every write calls the same domain functions as the web pages.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from smartregions.accounts.models import User
from smartregions.api.v1.events import programme_serializers as s
from smartregions.api.v1.events.programme_base import (
    EVENT_PATH,
    ICS_RESPONSE,
    EventPartViewSet,
    ics_response,
)
from smartregions.api.v1.priorities import FileFormatNegotiation
from smartregions.events.domain import programme as programme_domain
from smartregions.events.domain.queries.programme import (
    agenda_feed_token,
    agenda_ics,
    agenda_sessions,
    overlapping_pairs,
    programme_conflicts,
    programme_ics,
    programme_sessions,
)
from smartregions.events.models import Event, Room, Session, SessionSpeaker
from smartregions.events.rules.base import registration_of

urlpatterns: list = []


@extend_schema_view(
    list=extend_schema(summary="The event's rooms in their order"),
    retrieve=extend_schema(summary="One room"),
    destroy=extend_schema(summary="Delete a room (its sessions stay, without a room)"),
)
class RoomViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EventPartViewSet):
    """Rooms of the event's programme."""

    serializer_class = s.ProgrammeRoomSerializer
    model = Room
    public_actions = ("list", "retrieve")
    rules_permissions = {
        "create": "events.manage_programme",
        "partial_update": "events.manage_programme",
        "destroy": "events.manage_programme",
    }

    def rows(self, event: Event) -> QuerySet[Room]:
        return Room.objects.filter(event=event).order_by("position", "name", "id")

    @extend_schema(
        summary="Add a room (organisers)",
        request=s.ProgrammeRoomWriteSerializer,
        responses={201: s.ProgrammeRoomSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.check_event_permission()
        incoming = s.ProgrammeRoomWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        room = programme_domain.create_room(
            actor=request.user, event=event, **incoming.validated_data
        )
        return Response(s.ProgrammeRoomSerializer(room).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Rename a room, change its capacity or position (organisers)",
        request=s.ProgrammeRoomWriteSerializer,
        responses={200: s.ProgrammeRoomSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        room = self.get_object()
        incoming = s.ProgrammeRoomWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        programme_domain.update_room(actor=request.user, room=room, **incoming.validated_data)
        return Response(s.ProgrammeRoomSerializer(room).data)

    def destroy(self, request: Request, event_slug: str, pk: str) -> Response:
        programme_domain.delete_room(actor=request.user, room=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="The programme: sessions in time order with speakers and accepted pitches"
    ),
    retrieve=extend_schema(summary="One session"),
    destroy=extend_schema(summary="Delete a session with its speakers and agenda entries"),
)
class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EventPartViewSet):
    """Sessions of the event's programme."""

    serializer_class = s.ProgrammeSessionSerializer
    model = Session
    public_actions = ("list", "retrieve", "ics")
    rules_permissions = {
        "create": "events.manage_programme",
        "partial_update": "events.manage_programme",
        "destroy": "events.manage_programme",
    }

    def rows(self, event: Event) -> QuerySet[Session]:
        return programme_sessions(event)

    def _respond(self, session: Session, code: int = status.HTTP_200_OK) -> Response:
        fresh = programme_sessions(self.get_event()).get(pk=session.pk)
        return Response(
            s.ProgrammeSessionSerializer(fresh, context=self.get_serializer_context()).data,
            status=code,
        )

    @extend_schema(
        summary="Add a session (organisers); it must lie within the event's dates",
        request=s.ProgrammeSessionWriteSerializer,
        responses={201: s.ProgrammeSessionSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.check_event_permission()
        incoming = s.ProgrammeSessionWriteSerializer(data=request.data, context={"event": event})
        incoming.is_valid(raise_exception=True)
        session = programme_domain.create_session(
            actor=request.user, event=event, **incoming.validated_data
        )
        return self._respond(session, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a session (organisers)",
        request=s.ProgrammeSessionWriteSerializer,
        responses={200: s.ProgrammeSessionSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        session = self.get_object()
        incoming = s.ProgrammeSessionWriteSerializer(
            data=request.data, partial=True, context={"event": self.get_event()}
        )
        incoming.is_valid(raise_exception=True)
        programme_domain.update_session(
            actor=request.user, session=session, **incoming.validated_data
        )
        return self._respond(session)

    def destroy(self, request: Request, event_slug: str, pk: str) -> Response:
        programme_domain.delete_session(actor=request.user, session=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="The whole programme as an iCalendar file", responses=ICS_RESPONSE)
    @action(
        detail=False,
        methods=["get"],
        url_path="programme.ics",
        content_negotiation_class=FileFormatNegotiation,
    )
    def ics(self, request: Request, event_slug: str) -> HttpResponse:
        event = self.get_event()
        url = request.build_absolute_uri(reverse("web:event-programme", args=[event.slug]))
        body = programme_ics(event, programme_sessions(event), url=url)
        return ics_response(body, f"{event.slug}-programme.ics")


@extend_schema_view(
    list=extend_schema(summary="The session's speakers"),
    destroy=extend_schema(summary="Remove a speaker (organisers)"),
)
class SpeakerViewSet(mixins.ListModelMixin, EventPartViewSet):
    """Speakers of one session: platform users or named guests."""

    serializer_class = s.ProgrammeSpeakerSerializer
    model = SessionSpeaker
    public_actions = ("list",)
    rules_permissions = {
        "create": "events.manage_programme",
        "destroy": "events.manage_programme",
    }

    def get_session(self) -> Session:
        if not hasattr(self, "_session"):
            self._session = get_object_or_404(
                Session.objects.filter(event=self.get_event()), pk=self.kwargs["session_pk"]
            )
        return self._session

    def rows(self, event: Event) -> QuerySet[SessionSpeaker]:
        return SessionSpeaker.objects.filter(session=self.get_session())

    @extend_schema(
        summary="Add a speaker: a platform user (by e-mail) or a guest (by name)",
        request=s.ProgrammeSpeakerWriteSerializer,
        responses={201: s.ProgrammeSpeakerSerializer},
    )
    def create(self, request: Request, event_slug: str, session_pk: str) -> Response:
        self.check_event_permission()
        session = self.get_session()
        incoming = s.ProgrammeSpeakerWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        email = data.pop("user")
        user = None
        if email:
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                raise exceptions.ValidationError(
                    {"user": ["No platform user has this e-mail address."]}
                )
        speaker = programme_domain.add_speaker(
            actor=request.user, session=session, user=user, **data
        )
        return Response(s.ProgrammeSpeakerSerializer(speaker).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, event_slug: str, session_pk: str, pk: str) -> Response:
        programme_domain.remove_speaker(actor=request.user, speaker=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="Conflicts: rooms double-booked, speakers in two places (organisers)"
    )
)
class ConflictViewSet(EventPartViewSet):
    """The programme's conflicts, computed on each request."""

    serializer_class = s.ProgrammeConflictSerializer
    model = Session
    rules_permissions = {"list": "events.view_programme_conflicts"}

    def rows(self, event: Event) -> QuerySet[Session]:
        return programme_sessions(event)

    def list(self, request: Request, event_slug: str) -> Response:
        self.check_event_permission()
        conflicts = programme_conflicts(list(self.get_queryset()))
        return Response(
            s.ProgrammeConflictSerializer([c.as_dict() for c in conflicts], many=True).data
        )


class AgendaViewSet(EventPartViewSet):
    """The signed-in participant's personal agenda."""

    serializer_class = s.ProgrammeAgendaSerializer
    model = Session
    rules_permissions = {
        "list": "events.view_agenda",
        "ics": "events.view_agenda",
        "create": "events.change_agenda",
        "destroy": "events.change_agenda",
    }

    def rows(self, event: Event) -> QuerySet[Session]:
        return Session.objects.filter(event=event)

    def _agenda(self) -> Response:
        event = self.get_event()
        registration = registration_of(self.request.user, event)
        sessions = list(agenda_sessions(registration))
        feed = self.request.build_absolute_uri(
            reverse("web:event-agenda-feed", args=[event.slug, agenda_feed_token(registration)])
        )
        data = {
            "sessions": sessions,
            "overlaps": [[a.pk, b.pk] for a, b in overlapping_pairs(sessions)],
            "feed_url": feed,
        }
        return Response(
            s.ProgrammeAgendaSerializer(data, context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="Your agenda: sessions, overlapping pairs, private feed address",
        responses={200: s.ProgrammeAgendaSerializer},
    )
    def list(self, request: Request, event_slug: str) -> Response:
        self.check_event_permission()
        return self._agenda()

    @extend_schema(
        summary="Add a session to your agenda (takes a seat of a limited session)",
        request=s.ProgrammeAgendaAddSerializer,
        responses={201: s.ProgrammeAgendaSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.check_event_permission()
        incoming = s.ProgrammeAgendaAddSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        session = Session.objects.filter(event=event, pk=incoming.validated_data["session"]).first()
        if session is None:
            raise exceptions.ValidationError({"session": ["No such session in this event."]})
        programme_domain.add_to_agenda(actor=request.user, session=session)
        response = self._agenda()
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(summary="Take a session out of your agenda", responses={204: None})
    def destroy(self, request: Request, event_slug: str, pk: str) -> Response:
        self.check_event_permission()
        session = self.get_object()
        programme_domain.remove_from_agenda(actor=request.user, session=session)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Your agenda as an iCalendar file", responses=ICS_RESPONSE)
    @action(
        detail=False,
        methods=["get"],
        url_path="agenda.ics",
        content_negotiation_class=FileFormatNegotiation,
    )
    def ics(self, request: Request, event_slug: str) -> HttpResponse:
        event = self.check_event_permission()
        registration = registration_of(request.user, event)
        url = request.build_absolute_uri(reverse("web:event-programme", args=[event.slug]))
        body = agenda_ics(registration, agenda_sessions(registration), url=url)
        return ics_response(body, f"{event.slug}-agenda.ics")


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router."""
    from smartregions.api.v1.events import exhibition

    router.register(f"{EVENT_PATH}/rooms", RoomViewSet, basename="events-room")
    router.register(f"{EVENT_PATH}/sessions", SessionViewSet, basename="events-session")
    router.register(
        rf"{EVENT_PATH}/sessions/(?P<session_pk>[0-9]+)/speakers",
        SpeakerViewSet,
        basename="events-speaker",
    )
    router.register(f"{EVENT_PATH}/conflicts", ConflictViewSet, basename="events-conflict")
    router.register(f"{EVENT_PATH}/agenda", AgendaViewSet, basename="events-agenda")
    exhibition.register(router)
