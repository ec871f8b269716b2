"""Serializers of the organisers' scheduling endpoints. Times are UTC (ISO 8601); each meeting
session also gives its event's time zone, in which its pages show the times."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from smartregions.events.domain.meeting_sessions import MAX_TABLES, is_morning, slot_tables
from smartregions.events.domain.queries.scheduling import MEETING_STATES
from smartregions.events.domain.scheduling.runs import MAX_TIME_LIMIT
from smartregions.events.enums import SchedulingMode
from smartregions.events.models import (
    Meeting,
    MeetingSession,
    MeetingSlot,
    Registration,
    ScheduleRun,
    Session,
)


class MeetingSessionSerializer(serializers.ModelSerializer):
    """A meeting session with its settings and counts."""

    timezone = serializers.CharField(source="event.timezone", read_only=True)
    session = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    slot_count = serializers.IntegerField(read_only=True)
    accepted_count = serializers.IntegerField(
        read_only=True, help_text="Meetings of the session whose request is accepted."
    )

    class Meta:
        model = MeetingSession
        fields = [
            "id",
            "title",
            "mode",
            "tables",
            "session",
            "requests_close_at",
            "schedule_published",
            "timezone",
            "slot_count",
            "accepted_count",
        ]
        read_only_fields = fields


class MeetingSessionWriteSerializer(serializers.Serializer):
    """What an organiser sets on a meeting session (all optional when changing one)."""

    title = serializers.CharField(max_length=200)
    mode = serializers.ChoiceField(choices=SchedulingMode.choices, required=False)
    tables = serializers.IntegerField(min_value=1, max_value=MAX_TABLES)
    session = serializers.PrimaryKeyRelatedField(
        queryset=Session.objects.all(),
        required=False,
        allow_null=True,
        help_text="A programme session (kind b2b) of the same event.",
    )
    requests_close_at = serializers.DateTimeField(required=False, allow_null=True)


class MeetingSlotSerializer(serializers.ModelSerializer):
    """A slot; ``tables`` is its own number (null: the session's), ``effective_tables`` the
    number that applies."""

    effective_tables = serializers.SerializerMethodField()
    morning = serializers.SerializerMethodField(
        help_text="Starts before 12:00 in the event's time zone."
    )

    class Meta:
        model = MeetingSlot
        fields = ["id", "starts_at", "ends_at", "tables", "effective_tables", "morning"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_effective_tables(self, slot: MeetingSlot) -> int:
        return slot_tables(slot, self.context["meeting_session"])

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_morning(self, slot: MeetingSlot) -> bool:
        return is_morning(slot.starts_at, self.context["meeting_session"].event.timezone)


class SlotWriteSerializer(serializers.Serializer):
    """One slot to add."""

    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    tables = serializers.IntegerField(
        min_value=1, max_value=MAX_TABLES, required=False, allow_null=True
    )


class SlotTablesSerializer(serializers.Serializer):
    """A slot's own number of tables (null: the session's)."""

    tables = serializers.IntegerField(min_value=1, max_value=MAX_TABLES, allow_null=True)


class GenerateSlotsSerializer(serializers.Serializer):
    """Slots of ``length_minutes`` from ``starts_at``, ``gap_minutes`` apart, ending by
    ``ends_at``."""

    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    length_minutes = serializers.IntegerField(min_value=5, max_value=480)
    gap_minutes = serializers.IntegerField(min_value=0, max_value=480, default=0)
    tables = serializers.IntegerField(
        min_value=1, max_value=MAX_TABLES, required=False, allow_null=True
    )


class MeetingPartySerializer(serializers.ModelSerializer):
    """A party of a meeting: registration id, badge name and organisation."""

    organisation = serializers.CharField(source="organisation.name", default="", read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "badge_name", "organisation"]
        read_only_fields = fields


class ScheduledMeetingSerializer(serializers.ModelSerializer):
    """An accepted meeting as the organisers see it: its parties, the requested time, its place
    (slot and table, null while unplaced), lock and why it is unplaced."""

    requester = MeetingPartySerializer(source="request.requester", read_only=True)
    recipient = MeetingPartySerializer(source="request.recipient", read_only=True)
    time_preference = serializers.CharField(source="request.time_preference", read_only=True)
    slot_starts_at = serializers.DateTimeField(
        source="slot.starts_at", read_only=True, default=None
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "meeting_session",
            "requester",
            "recipient",
            "time_preference",
            "slot",
            "slot_starts_at",
            "table_number",
            "locked",
            "attendance",
            "unplaced_reason",
        ]
        read_only_fields = fields


class MoveMeetingSerializer(serializers.Serializer):
    """Where to put a meeting by hand."""

    slot = serializers.PrimaryKeyRelatedField(queryset=MeetingSlot.objects.all())
    table_number = serializers.IntegerField(min_value=1, max_value=MAX_TABLES)


class ScheduleRunSerializer(serializers.ModelSerializer):
    """A scheduler run: its status and, once done, its report (placed of total against the
    upper bound, breaks, fairness, time, the unplaced meetings with reasons)."""

    unplaced = serializers.ListField(
        child=inline_serializer(
            name="UnplacedMeeting",
            fields={"meeting": serializers.IntegerField(), "reason": serializers.CharField()},
        ),
        read_only=True,
    )

    class Meta:
        model = ScheduleRun
        fields = [
            "id",
            "meeting_session",
            "status",
            "time_limit_seconds",
            "created_at",
            "started_at",
            "finished_at",
            "meetings_total",
            "placed",
            "upper_bound",
            "breaks",
            "fair",
            "proven_optimal",
            "elapsed_seconds",
            "unplaced",
            "error",
        ]
        read_only_fields = fields


class StartRunSerializer(serializers.Serializer):
    """Start a scheduler run on a meeting session of the event."""

    meeting_session = serializers.IntegerField()
    time_limit = serializers.IntegerField(min_value=1, max_value=MAX_TIME_LIMIT, default=30)


class MeetingStatisticsRowSerializer(serializers.Serializer):
    """The figures of one group of participants (see ``meeting_statistics``)."""

    key = serializers.CharField(help_text="Country code or NACE section ('' = not stated).")
    label = serializers.CharField()
    requests = serializers.IntegerField()
    accepted = serializers.IntegerField()
    declined = serializers.IntegerField()
    scheduled = serializers.IntegerField()
    held = serializers.IntegerField()
    no_show = serializers.IntegerField()
    cooperation_yes = serializers.IntegerField()
    cooperation_in_discussion = serializers.IntegerField()
    cooperation_no = serializers.IntegerField()


class MeetingStatisticsSerializer(serializers.Serializer):
    """Meeting statistics overall, by country and by NACE section."""

    total = MeetingStatisticsRowSerializer()
    by_country = MeetingStatisticsRowSerializer(many=True)
    by_sector = MeetingStatisticsRowSerializer(many=True)


#: The meeting list's ``state`` filter values.
STATE_CHOICES = MEETING_STATES
