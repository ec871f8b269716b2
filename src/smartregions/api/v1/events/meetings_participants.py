"""B2B meetings API, participant side: the own profile, the directory and suggestions,
meeting requests and availability (see :mod:`smartregions.api.v1.events.meetings`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from smartregions.api.v1.events import meetings_serializers as s
from smartregions.api.v1.events.meetings_base import (
    DIRECTORY_PARAMETERS,
    EventViewMixin,
)
from smartregions.events.domain.matchmaking import availability as availability_domain
from smartregions.events.domain.matchmaking import profiles as profile_domain
from smartregions.events.domain.matchmaking import requests as request_domain
from smartregions.events.domain.matchmaking.suggestions import suggested_partners
from smartregions.events.domain.queries import matchmaking as queries
from smartregions.events.models import (
    MeetingRequest,
    MeetingSession,
    MeetingSlot,
    Registration,
)
from smartregions.events.rules.base import is_event_organiser


class MatchmakingProfileView(EventViewMixin, APIView):
    """The signed-in participant's own matchmaking profile."""

    action = "profile"  # one permission for reading and writing one's own profile
    rules_permissions = {"profile": "events.take_part_in_matchmaking"}

    @extend_schema(
        summary="Your matchmaking profile", responses={200: s.MatchmakingProfileDetailSerializer}
    )
    def get(self, request: Request, event_slug: str) -> Response:
        event = self.get_event()
        self.check_object_permissions(request, event)
        profile = queries.participant_profile(event, self.me_or_403().pk)
        if profile is None:
            raise Http404
        return self._respond(profile)

    @extend_schema(
        summary="Create or replace your matchmaking profile",
        request=s.MatchmakingProfileWriteSerializer,
        responses={200: s.MatchmakingProfileDetailSerializer},
    )
    def put(self, request: Request, event_slug: str) -> Response:
        event = self.get_event()
        self.check_object_permissions(request, event)
        me = self.me_or_403()
        incoming = s.MatchmakingProfileWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        profile_domain.save_matchmaking_profile(
            actor=request.user, registration=me, **incoming.validated_data
        )
        return self._respond(queries.participant_profile(event, me.pk))

    def _respond(self, profile: Any) -> Response:
        items = queries.marketplace_items(profile.registration)
        return Response(
            s.MatchmakingProfileDetailSerializer(profile, context={"marketplace_items": items}).data
        )


@extend_schema_view(
    list=extend_schema(
        summary="The participant directory (visible profiles)", parameters=DIRECTORY_PARAMETERS
    ),
    retrieve=extend_schema(
        summary="One participant's profile with the organisation's marketplace items",
        responses={200: s.MatchmakingProfileDetailSerializer},
    ),
)
class ParticipantViewSet(
    EventViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Participants of the event with a matchmaking profile; ``id`` is the registration's."""

    serializer_class = s.MatchmakingProfileSerializer
    rules_permissions = {
        "list": "events.view_matchmaking",
        "retrieve": "events.view_matchmaking",
        "suggestions": "events.take_part_in_matchmaking",
    }

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return queries.profiles_with_details().none()
        event = self.get_event()
        self.check_object_permissions(self.request, event)
        params = self.request.query_params
        sector = params.get("sector", "")
        filters = queries.DirectoryFilters(
            q=params.get("q", ""),
            country=params.get("country", ""),
            participant_type=params.get("participant_type", ""),
            organisation_type=params.get("organisation_type", ""),
            sector=int(sector) if sector.isdigit() else None,
        )
        return queries.directory(event, filters, exclude=self.me())

    def retrieve(self, request: Request, event_slug: str, pk: str) -> Response:
        event = self.get_event()
        self.check_object_permissions(request, event)
        profile = queries.participant_profile(event, int(pk)) if pk.isdigit() else None
        if profile is None or not request.user.has_perm("events.view_matchmaking_profile", profile):
            raise Http404
        items = queries.marketplace_items(profile.registration)
        return Response(
            s.MatchmakingProfileDetailSerializer(profile, context={"marketplace_items": items}).data
        )

    @extend_schema(
        summary="Whom you should meet, best first, with the reasons",
        responses={200: s.MeetingSuggestionSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def suggestions(self, request: Request, event_slug: str) -> Response:
        event = self.get_event()
        self.check_object_permissions(request, event)
        found = suggested_partners(self.me_or_403())
        return Response(
            s.MeetingSuggestionSerializer(
                [
                    {
                        "profile": item.profile,
                        "score": item.score,
                        "they_offer": item.they_offer,
                        "they_seek": item.they_seek,
                        "offer_terms": list(item.offer_terms),
                        "seek_terms": list(item.seek_terms),
                        "ties": item.ties,
                        "reasons": item.reasons,
                    }
                    for item in found
                ],
                many=True,
            ).data
        )


@extend_schema_view(
    list=extend_schema(summary="Your meeting requests, sent and received (organisers: all)"),
    retrieve=extend_schema(summary="One meeting request"),
)
class MeetingRequestViewSet(
    EventViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Meeting requests of the event and their answers."""

    serializer_class = s.MeetingRequestSerializer
    rules_permissions = {
        "list": "events.view_matchmaking",
        "retrieve": "events.view_meeting_request",
        "create": "events.take_part_in_matchmaking",
        "accept": "events.answer_meeting_request",
        "decline": "events.answer_meeting_request",
        "cancel": "events.cancel_meeting_request",
    }

    def get_queryset(self) -> QuerySet[MeetingRequest]:
        if getattr(self, "swagger_fake_view", False):
            return MeetingRequest.objects.none()
        event = self.get_event()
        rows = queries.requests_with_details().filter(meeting_session__event=event)
        if self.action == "list":
            self.check_object_permissions(self.request, event)
            if not is_event_organiser(self.request.user, event):
                me = self.me()
                rows = rows.filter(Q(requester=me) | Q(recipient=me))
            return rows.order_by("-created_at", "-id")
        return rows

    def _respond(self, meeting_request: MeetingRequest, code: int = status.HTTP_200_OK) -> Response:
        fresh = queries.requests_with_details().get(pk=meeting_request.pk)
        return Response(s.MeetingRequestSerializer(fresh).data, status=code)

    @extend_schema(
        summary="Ask a participant for a meeting",
        request=s.MeetingRequestCreateSerializer,
        responses={201: s.MeetingRequestSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.get_event()
        self.check_object_permissions(request, event)
        incoming = s.MeetingRequestCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        session = get_object_or_404(MeetingSession, pk=data["meeting_session"], event=event)
        recipient = get_object_or_404(Registration, pk=data["recipient"], event=event)
        created = request_domain.send_meeting_request(
            actor=request.user,
            meeting_session=session,
            requester=self.me_or_403(),
            recipient=recipient,
            message=data["message"],
            time_preference=data["time_preference"],
        )
        return self._respond(created, status.HTTP_201_CREATED)

    def _verb(self, request: Request, step: Any) -> Response:
        meeting_request = self.get_object()
        incoming = s.MeetingMessageSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        step(actor=request.user, meeting_request=meeting_request, **incoming.validated_data)
        return self._respond(meeting_request)

    @extend_schema(
        summary="Accept a request (the meeting is created, without a time yet)",
        request=s.MeetingMessageSerializer,
        responses={200: s.MeetingRequestSerializer},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, event_slug: str, pk: str) -> Response:
        return self._verb(request, request_domain.accept_meeting_request)

    @extend_schema(
        summary="Decline a request, optionally saying why",
        request=s.MeetingMessageSerializer,
        responses={200: s.MeetingRequestSerializer},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, event_slug: str, pk: str) -> Response:
        return self._verb(request, request_domain.decline_meeting_request)

    @extend_schema(
        summary="Cancel a pending or accepted request (its meeting is freed)",
        request=s.MeetingMessageSerializer,
        responses={200: s.MeetingRequestSerializer},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, event_slug: str, pk: str) -> Response:
        return self._verb(request, request_domain.cancel_meeting_request)


class AvailabilityView(EventViewMixin, APIView):
    """The slots of one meeting session the signed-in participant cannot attend."""

    action = "availability"
    rules_permissions = {"availability": "events.set_availability"}

    def _session(self) -> MeetingSession:
        event = self.get_event()
        self.check_object_permissions(self.request, event)
        return get_object_or_404(
            MeetingSession.objects.select_related("event"),
            pk=self.kwargs["session_pk"],
            event=event,
        )

    def _respond(self, session: MeetingSession, me: Registration) -> Response:
        rows = queries.availability(me, session)
        return Response({"unavailable": [row.slot.pk for row in rows if row.unavailable]})

    @extend_schema(
        summary="Slots you cannot attend", responses={200: s.MeetingAvailabilitySerializer}
    )
    def get(self, request: Request, event_slug: str, session_pk: int) -> Response:
        session = self._session()
        return self._respond(session, self.me_or_403())

    @extend_schema(
        summary="Replace the slots you cannot attend",
        request=s.MeetingAvailabilitySerializer,
        responses={200: s.MeetingAvailabilitySerializer},
    )
    def put(self, request: Request, event_slug: str, session_pk: int) -> Response:
        session = self._session()
        me = self.me_or_403()
        incoming = s.MeetingAvailabilitySerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        ids = set(incoming.validated_data["unavailable"])
        slots = list(MeetingSlot.objects.filter(pk__in=ids))
        missing = sorted(ids - {slot.pk for slot in slots})
        if missing:
            raise ValidationError(
                {"unavailable": [f"Unknown slots: {', '.join(map(str, missing))}."]}
            )
        availability_domain.set_unavailable_slots(
            actor=request.user, registration=me, meeting_session=session, slots=slots
        )
        return self._respond(session, me)
