"""REST endpoints of the exhibition and the pitches (registered by
:mod:`smartregions.api.v1.events.programme`).

* ``/api/v1/events/{slug}/stands/`` - the stand catalogue (everyone who may see the event),
  written by the organisers.
* ``/api/v1/events/{slug}/bookings/`` - stand bookings: the organisers see all, others the
  approved ones (the exhibitors) and those of the regions and organisations they act for;
  request one (POST), change its showcase (PATCH), ``approve`` / ``decline`` (organisers),
  ``withdraw`` (the exhibitor).
* ``/api/v1/events/{slug}/pitches/`` - pitch applications: the organisers see all, the
  partnerships' leaders theirs, everyone the accepted ones; apply (POST), ``accept`` /
  ``decline`` (organisers), ``withdraw`` (the leaders), ``reorder`` a session's pitches.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from smartregions.accounts.rules import summary_of
from smartregions.api.v1.events import exhibition_serializers as s
from smartregions.api.v1.events.programme_base import EVENT_PATH, EventPartViewSet
from smartregions.events.domain import exhibition as exhibition_domain
from smartregions.events.domain import pitches as pitch_domain
from smartregions.events.domain.queries.exhibition import (
    event_pitches,
    exhibition_stands,
    exhibitor_page,
    led_partnerships,
)
from smartregions.events.enums import BookingStatus
from smartregions.events.models import Event, PitchApplication, Stand, StandBooking
from smartregions.events.rules.base import is_event_organiser


def _require(request: Request, perm: str, obj: Any) -> None:
    if not request.user.has_perm(perm, obj):
        raise exceptions.PermissionDenied


@extend_schema_view(
    list=extend_schema(summary="The stand catalogue, each stand with its exhibitor"),
    retrieve=extend_schema(summary="One stand"),
    destroy=extend_schema(summary="Remove a stand (refused while it is booked)"),
)
class StandViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EventPartViewSet):
    """Stands of the event's exhibition."""

    serializer_class = s.ExhibitionStandSerializer
    model = Stand
    public_actions = ("list", "retrieve")
    rules_permissions = {
        "create": "events.manage_stands",
        "partial_update": "events.manage_stands",
        "destroy": "events.manage_stands",
    }

    def rows(self, event: Event) -> QuerySet[Stand]:
        return exhibition_stands(event)

    def _respond(self, stand: Stand, code: int = status.HTTP_200_OK) -> Response:
        fresh = exhibition_stands(self.get_event()).get(pk=stand.pk)
        return Response(s.ExhibitionStandSerializer(fresh).data, status=code)

    @extend_schema(
        summary="Add a stand (organisers)",
        request=s.ExhibitionStandWriteSerializer,
        responses={201: s.ExhibitionStandSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.check_event_permission()
        incoming = s.ExhibitionStandWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        stand = exhibition_domain.create_stand(
            actor=request.user, event=event, **incoming.validated_data
        )
        return self._respond(stand, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a stand (organisers)",
        request=s.ExhibitionStandWriteSerializer,
        responses={200: s.ExhibitionStandSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        stand = self.get_object()
        incoming = s.ExhibitionStandWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        exhibition_domain.update_stand(actor=request.user, stand=stand, **incoming.validated_data)
        return self._respond(stand)

    def destroy(self, request: Request, event_slug: str, pk: str) -> Response:
        exhibition_domain.delete_stand(actor=request.user, stand=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def _acted_for(user: Any) -> Q:
    summary = summary_of(user)
    return Q(region_id__in=summary.region_ids) | Q(organisation_id__in=summary.organisation_ids)


@extend_schema_view(
    list=extend_schema(
        summary="Stand bookings: all (organisers), else the exhibitors and your own requests"
    ),
    retrieve=extend_schema(summary="One booking with its showcase"),
)
class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EventPartViewSet):
    """Stand bookings by regions and organisations, and their showcases."""

    serializer_class = s.StandBookingSerializer
    model = StandBooking
    public_actions = ("list", "retrieve")
    rules_permissions = {
        "create": "events.request_stand",
        "partial_update": "events.withdraw_booking",
        "approve": "events.decide_booking",
        "decline": "events.decide_booking",
        "withdraw": "events.withdraw_booking",
    }

    def rows(self, event: Event) -> QuerySet[StandBooking]:
        rows = exhibitor_page(event).order_by("created_at", "id")
        if self.action not in self.public_actions or is_event_organiser(self.request.user, event):
            return rows
        return rows.filter(Q(status=BookingStatus.APPROVED) | _acted_for(self.request.user))

    def permission_object(self, obj: Any) -> Any:
        return obj if isinstance(obj, StandBooking) else self.get_event()

    def _respond(self, booking: StandBooking, code: int = status.HTTP_200_OK) -> Response:
        fresh = exhibitor_page(self.get_event()).get(pk=booking.pk)
        return Response(s.StandBookingSerializer(fresh).data, status=code)

    @extend_schema(
        summary="Request a stand for a region (NUTS code) or organisation (slug) you act for",
        request=s.StandBookingCreateSerializer,
        responses={201: s.StandBookingSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.check_event_permission()
        incoming = s.StandBookingCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        _require(request, "events.book_stand_for", data["region"] or data["organisation"])
        booking = exhibition_domain.request_stand(actor=request.user, event=event, **data)
        return self._respond(booking, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change the showcase of a pending or approved booking (the exhibitor)",
        request=s.StandShowcaseWriteSerializer,
        responses={200: s.StandBookingSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        booking = self.get_object()
        incoming = s.StandShowcaseWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        exhibition_domain.update_showcase(
            actor=request.user, booking=booking, **incoming.validated_data
        )
        return self._respond(booking)

    @extend_schema(
        summary="Approve the request on a stand, with a note (organisers)",
        request=s.StandBookingApproveSerializer,
        responses={200: s.StandBookingSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, event_slug: str, pk: str) -> Response:
        booking = self.get_object()
        incoming = s.StandBookingApproveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        exhibition_domain.approve_booking(
            actor=request.user, booking=booking, **incoming.validated_data
        )
        return self._respond(booking)

    @extend_schema(
        summary="Decline the request, saying why (organisers)",
        request=s.ExhibitionDeclineSerializer,
        responses={200: s.StandBookingSerializer},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, event_slug: str, pk: str) -> Response:
        booking = self.get_object()
        incoming = s.ExhibitionDeclineSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        exhibition_domain.decline_booking(
            actor=request.user, booking=booking, **incoming.validated_data
        )
        return self._respond(booking)

    @extend_schema(
        summary="Withdraw the booking (the exhibitor)",
        request=None,
        responses={200: s.StandBookingSerializer},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, event_slug: str, pk: str) -> Response:
        booking = self.get_object()
        exhibition_domain.withdraw_booking(actor=request.user, booking=booking)
        return self._respond(booking)


@extend_schema_view(
    list=extend_schema(
        summary="Pitch applications: all (organisers), else the accepted ones and your "
        "partnerships' applications"
    ),
    retrieve=extend_schema(summary="One pitch application"),
)
class PitchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EventPartViewSet):
    """Pitch applications of partnerships' lead regions, decided and ordered by organisers."""

    serializer_class = s.PitchApplicationSerializer
    model = PitchApplication
    public_actions = ("list", "retrieve")
    rules_permissions = {
        "create": "events.apply_pitch",
        "accept": "events.decide_pitch",
        "decline": "events.decide_pitch",
        "withdraw": "events.withdraw_pitch",
        "reorder": "events.order_pitches",
    }

    def rows(self, event: Event) -> QuerySet[PitchApplication]:
        rows = event_pitches(event)
        if self.action not in self.public_actions or is_event_organiser(self.request.user, event):
            return rows
        led = led_partnerships(self.request.user).values("pk")
        return rows.filter(Q(status=BookingStatus.APPROVED) | Q(partnership__in=led))

    def permission_object(self, obj: Any) -> Any:
        return obj if isinstance(obj, PitchApplication) else self.get_event()

    def _respond(self, pitch: PitchApplication, code: int = status.HTTP_200_OK) -> Response:
        fresh = event_pitches(self.get_event()).get(pk=pitch.pk)
        return Response(s.PitchApplicationSerializer(fresh).data, status=code)

    @extend_schema(
        summary="Apply for a pitch slot for a partnership you lead",
        request=s.PitchApplicationCreateSerializer,
        responses={201: s.PitchApplicationSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.check_event_permission()
        incoming = s.PitchApplicationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        _require(request, "events.pitch_for", data["partnership"])
        pitch = pitch_domain.apply_for_pitch(actor=request.user, event=event, **data)
        return self._respond(pitch, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Accept into a pitch session, placed last (organisers)",
        request=s.PitchAcceptSerializer,
        responses={200: s.PitchApplicationSerializer},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, event_slug: str, pk: str) -> Response:
        pitch = self.get_object()
        incoming = s.PitchAcceptSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        pitch_domain.accept_pitch(actor=request.user, pitch=pitch, **incoming.validated_data)
        return self._respond(pitch)

    @extend_schema(
        summary="Decline, saying why (organisers)",
        request=s.ExhibitionDeclineSerializer,
        responses={200: s.PitchApplicationSerializer},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, event_slug: str, pk: str) -> Response:
        pitch = self.get_object()
        incoming = s.ExhibitionDeclineSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        pitch_domain.decline_pitch(actor=request.user, pitch=pitch, **incoming.validated_data)
        return self._respond(pitch)

    @extend_schema(
        summary="Withdraw the application (the partnership's leaders)",
        request=None,
        responses={200: s.PitchApplicationSerializer},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, event_slug: str, pk: str) -> Response:
        pitch = self.get_object()
        pitch_domain.withdraw_pitch(actor=request.user, pitch=pitch)
        return self._respond(pitch)

    @extend_schema(
        summary="Set the order of a session's accepted pitches (organisers)",
        request=s.PitchReorderSerializer,
        responses={200: s.PitchApplicationSerializer(many=True)},
    )
    @action(detail=False, methods=["post"])
    def reorder(self, request: Request, event_slug: str) -> Response:
        event = self.check_event_permission()
        incoming = s.PitchReorderSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        session = incoming.validated_data["session"]
        if session.event_id != event.pk:
            raise exceptions.ValidationError({"session": ["No such session in this event."]})
        order = pitch_domain.reorder_pitches(
            actor=request.user, session=session, pitch_ids=incoming.validated_data["pitches"]
        )
        rows = {pitch.pk: pitch for pitch in event_pitches(event).filter(pk__in=order)}
        return Response(s.PitchApplicationSerializer([rows[pk] for pk in order], many=True).data)


def register(router: DefaultRouter) -> None:
    """Register the exhibition's and the pitches' viewsets on the v1 router."""
    router.register(f"{EVENT_PATH}/stands", StandViewSet, basename="events-stand")
    router.register(f"{EVENT_PATH}/bookings", BookingViewSet, basename="events-booking")
    router.register(f"{EVENT_PATH}/pitches", PitchViewSet, basename="events-pitch")
