"""Serializers of the B2B meetings API (participant side): read shapes and the validated input
of each write and verb.

Times are returned in UTC (``starts_at``) and in the event's own zone (``starts_at_local``,
ISO 8601 with the zone's offset). A meeting's slot and table are shown to its parties only
once participants may see them (schedule published, or a session where they pick).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartregions.events.domain.matchmaking.requests import MAX_MESSAGE
from smartregions.events.domain.queries.matchmaking import (
    country_of,
    region_of,
    schedule_visible,
)
from smartregions.events.enums import (
    CooperationOutcome,
    MeetingAttendance,
    TimePreference,
)
from smartregions.events.models import (
    MatchmakingProfile,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    Registration,
)


def _local(value: Any, zone: str) -> str | None:
    return value.astimezone(ZoneInfo(zone)).isoformat() if value is not None else None


class MatchmakingParticipantSerializer(serializers.Serializer):
    """A participant as others see them: name, type, organisation, country and region."""

    id = serializers.IntegerField(source="pk", help_text="The registration's id.")
    name = serializers.CharField(source="badge_name")
    job_title = serializers.CharField()
    participant_type = serializers.CharField()
    organisation = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField()
    region = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_organisation(self, registration: Registration) -> dict[str, Any] | None:
        organisation = registration.organisation
        if organisation is None:
            return None
        return {"id": organisation.pk, "name": organisation.name, "type": organisation.type}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_country(self, registration: Registration) -> dict[str, str] | None:
        country = country_of(registration)
        return {"code": country.code, "name": country.name} if country else None

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_region(self, registration: Registration) -> dict[str, str] | None:
        region = region_of(registration)
        return {"code": region.code, "name": region.name_latin} if region else None


class MatchmakingProfileSerializer(serializers.ModelSerializer):
    """A matchmaking profile with its participant and the organisation's NACE codes."""

    participant = MatchmakingParticipantSerializer(source="registration", read_only=True)
    sectors = serializers.SerializerMethodField()

    class Meta:
        model = MatchmakingProfile
        fields = [
            "participant",
            "headline",
            "offering",
            "seeking",
            "is_visible",
            "sectors",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_sectors(self, profile: MatchmakingProfile) -> list[dict[str, str]]:
        organisation = profile.registration.organisation
        if organisation is None:
            return []
        return [{"code": t.code, "label": t.label} for t in organisation.nace_codes.all()]


class MatchmakingProfileDetailSerializer(MatchmakingProfileSerializer):
    """A profile with the published marketplace items of the participant's organisation
    (set by the view as ``marketplace_items``)."""

    marketplace_items = serializers.SerializerMethodField()

    class Meta(MatchmakingProfileSerializer.Meta):
        fields = [*MatchmakingProfileSerializer.Meta.fields, "marketplace_items"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_marketplace_items(self, profile: MatchmakingProfile) -> list[dict[str, Any]]:
        return [
            {"id": item.pk, "title": item.title, "kind": item.kind}
            for item in self.context.get("marketplace_items", [])
        ]


class MatchmakingProfileWriteSerializer(serializers.Serializer):
    headline = serializers.CharField(max_length=200)
    offering = serializers.CharField(allow_blank=True, required=False, default="")
    seeking = serializers.CharField(allow_blank=True, required=False, default="")
    is_visible = serializers.BooleanField(required=False, default=True)


class MeetingSuggestionSerializer(serializers.Serializer):
    profile = MatchmakingProfileSerializer()
    score = serializers.FloatField()
    they_offer = serializers.FloatField(help_text="Cosine of your seeking and their offering.")
    they_seek = serializers.FloatField(help_text="Cosine of your offering and their seeking.")
    offer_terms = serializers.ListField(child=serializers.CharField())
    seek_terms = serializers.ListField(child=serializers.CharField())
    ties = serializers.IntegerField(help_text="Cooperation ties between your regions.")
    reasons = serializers.ListField(child=serializers.CharField())


class MeetingSlotTimesSerializer(serializers.ModelSerializer):
    starts_at_local = serializers.SerializerMethodField()
    ends_at_local = serializers.SerializerMethodField()

    class Meta:
        model = MeetingSlot
        fields = ["id", "starts_at", "ends_at", "starts_at_local", "ends_at_local"]
        read_only_fields = fields

    def get_starts_at_local(self, slot: MeetingSlot) -> str | None:
        return _local(slot.starts_at, self.context["zone"])

    def get_ends_at_local(self, slot: MeetingSlot) -> str | None:
        return _local(slot.ends_at, self.context["zone"])


class MeetingRequestSerializer(serializers.ModelSerializer):
    requester = MatchmakingParticipantSerializer(read_only=True)
    recipient = MatchmakingParticipantSerializer(read_only=True)
    meeting_session = serializers.IntegerField(source="meeting_session_id", read_only=True)
    meeting = serializers.SerializerMethodField()

    class Meta:
        model = MeetingRequest
        fields = [
            "id",
            "meeting_session",
            "requester",
            "recipient",
            "message",
            "time_preference",
            "status",
            "response_message",
            "created_at",
            "responded_at",
            "meeting",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_meeting(self, request: MeetingRequest) -> int | None:
        try:
            return request.meeting.pk
        except Meeting.DoesNotExist:
            return None


class MeetingRequestCreateSerializer(serializers.Serializer):
    meeting_session = serializers.IntegerField(help_text="The meeting session's id.")
    recipient = serializers.IntegerField(help_text="The recipient's registration id.")
    message = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=MAX_MESSAGE
    )
    time_preference = serializers.ChoiceField(
        choices=TimePreference.choices, required=False, default=TimePreference.ANY
    )


class MeetingMessageSerializer(serializers.Serializer):
    message = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=MAX_MESSAGE
    )


class MeetingOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=CooperationOutcome.choices)
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=500)


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting; ``slot`` and ``table_number`` are null until its viewer may see them
    (organisers always, context ``organiser``; parties once the schedule is visible)."""

    meeting_session = serializers.IntegerField(source="meeting_session_id", read_only=True)
    requester = MatchmakingParticipantSerializer(source="request.requester", read_only=True)
    recipient = MatchmakingParticipantSerializer(source="request.recipient", read_only=True)
    message = serializers.CharField(source="request.message", read_only=True)
    time_preference = serializers.ChoiceField(
        source="request.time_preference", choices=TimePreference.choices, read_only=True
    )
    slot = serializers.SerializerMethodField()
    table_number = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "meeting_session",
            "requester",
            "recipient",
            "message",
            "time_preference",
            "slot",
            "table_number",
            "locked",
            "attendance",
            "requester_checked_in_at",
            "recipient_checked_in_at",
            "outcomes",
        ]
        read_only_fields = fields

    def _shown(self, meeting: Meeting) -> bool:
        return meeting.slot_id is not None and (
            self.context.get("organiser", False) or schedule_visible(meeting.meeting_session)
        )

    @extend_schema_field(MeetingSlotTimesSerializer(allow_null=True))
    def get_slot(self, meeting: Meeting) -> dict[str, Any] | None:
        if not self._shown(meeting):
            return None
        return MeetingSlotTimesSerializer(meeting.slot, context=self.context).data

    @extend_schema_field(OpenApiTypes.INT)
    def get_table_number(self, meeting: Meeting) -> int | None:
        return meeting.table_number if self._shown(meeting) else None

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_outcomes(self, meeting: Meeting) -> list[dict[str, Any]]:
        """Answers to the cooperation question: the viewer's own (organisers: all)."""
        mine = self.context.get("registration_id")
        return [
            {
                "participant": outcome.registration_id,
                "outcome": outcome.outcome,
                "comment": outcome.comment,
                "answered_at": outcome.answered_at,
            }
            for outcome in meeting.outcomes.all()
            if self.context.get("organiser") or outcome.registration_id == mine
        ]


class MeetingCheckInSerializer(serializers.Serializer):
    party = serializers.ChoiceField(
        choices=[("requester", "requester"), ("recipient", "recipient")],
        required=False,
        help_text="Organisers: which party checks in (participants check themselves in).",
    )


class MeetingAttendanceSerializer(serializers.Serializer):
    attendance = serializers.ChoiceField(choices=MeetingAttendance.choices)


class MeetingPickSerializer(serializers.Serializer):
    slot = serializers.IntegerField(help_text="The slot's id.")


class FreeMeetingSlotSerializer(serializers.Serializer):
    slot = MeetingSlotTimesSerializer()
    table = serializers.IntegerField(help_text="The table the meeting would get.")


class MeetingAvailabilitySerializer(serializers.Serializer):
    unavailable = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the slots you cannot attend."
    )


class MeetingAgendaSerializer(serializers.Serializer):
    placed = MeetingSerializer(many=True)
    waiting = MeetingSerializer(many=True)
