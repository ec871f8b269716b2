"""Serializers of the programme endpoints: read shapes and the validated input of each write
and verb (the exhibition's and the pitches' are in
:mod:`smartregions.api.v1.events.exhibition_serializers`).

Times are returned in UTC (``starts_at``) and in the event's own zone (``starts_at_local``,
ISO 8601 with the zone's offset). Times sent without an offset are read as wall-clock times
in the event's zone, as an organiser states them; times with an offset are taken as given.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartregions.api.v1.calls.serializers import WallClockDateTimeField, localise
from smartregions.calls.domain.times import local_iso
from smartregions.events.enums import SessionKind
from smartregions.events.models import PitchApplication, Room, Session, SessionSpeaker

# --- Programme -----------------------------------------------------------------------------


class ProgrammeRoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name", "capacity", "position"]
        read_only_fields = fields


class ProgrammeRoomWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    capacity = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    position = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class ProgrammeSpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = SessionSpeaker
        fields = ["id", "name", "affiliation", "role", "user", "position"]
        read_only_fields = fields


class ProgrammeSpeakerWriteSerializer(serializers.Serializer):
    user = serializers.EmailField(
        required=False,
        allow_blank=True,
        default="",
        help_text="E-mail of the platform user who speaks; empty for a guest speaker.",
    )
    name = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for a guest; a platform user's own name is used if empty.",
    )
    affiliation = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    role = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class ProgrammePitchSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = PitchApplication
        fields = ["id", "title", "partnership", "duration_minutes", "order"]
        read_only_fields = fields


class ProgrammeSessionSerializer(serializers.ModelSerializer):
    room_name = serializers.CharField(source="room.name", default=None, read_only=True)
    starts_at_local = serializers.SerializerMethodField()
    ends_at_local = serializers.SerializerMethodField()
    seats_taken = serializers.IntegerField(read_only=True)
    speakers = ProgrammeSpeakerSerializer(many=True, read_only=True)
    pitches = ProgrammePitchSerializer(
        source="accepted_pitches",
        many=True,
        read_only=True,
        help_text="Accepted pitches in the order they are given.",
    )

    class Meta:
        model = Session
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "room",
            "room_name",
            "starts_at",
            "ends_at",
            "starts_at_local",
            "ends_at_local",
            "seat_limit",
            "seats_taken",
            "speakers",
            "pitches",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at_local(self, session: Session) -> str | None:
        return local_iso(session.starts_at, self.context["event"].timezone)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at_local(self, session: Session) -> str | None:
        return local_iso(session.ends_at, self.context["event"].timezone)


class ProgrammeSessionWriteSerializer(serializers.Serializer):
    """A new session (all of it) or, with ``partial``, the fields that change."""

    kind = serializers.ChoiceField(choices=SessionKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    room = serializers.PrimaryKeyRelatedField(
        queryset=Room.objects.all(), required=False, allow_null=True
    )
    starts_at = WallClockDateTimeField(help_text="Without an offset: in the event's time zone.")
    ends_at = WallClockDateTimeField(help_text="Without an offset: in the event's time zone.")
    seat_limit = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        localise(attrs, ("starts_at", "ends_at"), self.context["event"].timezone)
        return attrs


class ProgrammeConflictSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="room_double_booked (two sessions in one room at once) or "
        "speaker_double_booked (one speaker in two overlapping sessions)."
    )
    sessions = serializers.ListField(
        child=serializers.IntegerField(), help_text="The two sessions, earlier first."
    )
    room = serializers.IntegerField(allow_null=True, help_text="The room, for a room conflict.")
    speaker = serializers.CharField(help_text="The speaker's name, for a speaker conflict.")
    user = serializers.IntegerField(
        allow_null=True, help_text="The speaker's platform user, if they have one."
    )
    message = serializers.CharField()


class ProgrammeAgendaSerializer(serializers.Serializer):
    sessions = ProgrammeSessionSerializer(many=True)
    overlaps = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text="Pairs of session ids in the agenda whose times overlap.",
    )
    feed_url = serializers.URLField(
        help_text="Private iCalendar address of the agenda for calendar apps (no sign-in)."
    )


class ProgrammeAgendaAddSerializer(serializers.Serializer):
    session = serializers.IntegerField(help_text="Id of a session of the event.")
