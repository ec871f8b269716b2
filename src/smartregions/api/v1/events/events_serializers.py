"""Serializers of the events API (calendar, event management, registration).

Times are returned in UTC (``starts_at``) and in the event's own zone (``starts_at_local``,
ISO 8601 with the zone's offset). Times sent without an offset are read as wall-clock times
in the event's time zone; times with an offset are taken as given.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartregions.api.v1.calls.serializers import WallClockDateTimeField
from smartregions.api.v1.fields import RegionCodeField, ThematicAreaSlugsField
from smartregions.calls.domain.times import local_iso
from smartregions.events.domain.queries.events import places_left, registration_window
from smartregions.events.enums import EventKind, ParticipantType, QuestionKind
from smartregions.events.models import Event, Registration, RegistrationQuestion
from smartregions.organisations.models import Organisation
from smartregions.regions.models import Country, ThematicPlatform

#: Times of an event that are typed in its zone.
EVENT_TIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


class EventPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_full_name")


class RegistrationQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegistrationQuestion
        fields = ["id", "label", "help_text", "kind", "choices", "required", "position"]
        read_only_fields = fields


class RegistrationQuestionWriteSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    help_text = serializers.CharField(max_length=300, required=False, allow_blank=True)
    choices = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    required = serializers.BooleanField(required=False)


class RegistrationQuestionMoveSerializer(serializers.Serializer):
    up = serializers.BooleanField(help_text="True: one place up; false: one place down.")


class EventSerializer(serializers.ModelSerializer):
    """An event as the calendar shows it, with its registration settings and state."""

    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    thematic_platform = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    thematic_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    organisers = EventPersonSerializer(many=True, read_only=True)
    starts_at_local = serializers.SerializerMethodField()
    ends_at_local = serializers.SerializerMethodField()
    offered_participant_types = serializers.SerializerMethodField()
    registration_state = serializers.SerializerMethodField()
    places_left = serializers.SerializerMethodField()
    online_url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "summary",
            "description",
            "timezone",
            "starts_at",
            "starts_at_local",
            "ends_at",
            "ends_at_local",
            "is_online",
            "online_url",
            "venue",
            "city",
            "country",
            "region",
            "thematic_platform",
            "thematic_areas",
            "organisers",
            "registration_opens_at",
            "registration_closes_at",
            "registration_state",
            "capacity",
            "places_left",
            "approval_required",
            "offered_participant_types",
            "consent_text",
            "consent_version",
            "retention_until",
            "matchmaking_enabled",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at_local(self, event: Event) -> str | None:
        return local_iso(event.starts_at, event.timezone)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at_local(self, event: Event) -> str | None:
        return local_iso(event.ends_at, event.timezone)

    def get_offered_participant_types(self, event: Event) -> list[str]:
        return [t for t in event.offered_participant_types() if t != ParticipantType.ORGANISER]

    @extend_schema_field(
        serializers.ChoiceField(choices=["open", "not_yet", "closed", "not_published"])
    )
    def get_registration_state(self, event: Event) -> str:
        return registration_window(event).state

    def get_places_left(self, event: Event) -> int | None:
        """Places still free (null: no limit); needs ``confirmed_count`` annotated."""
        return places_left(event, getattr(event, "confirmed_count", None))

    @extend_schema_field(OpenApiTypes.URI)
    def get_online_url(self, event: Event) -> str:
        """Given to the organisers and confirmed participants only (``show_online_url``)."""
        return event.online_url if self.context.get("show_online_url") else ""


class EventWriteSerializer(serializers.Serializer):
    """An event's settings. Creating needs ``title``, ``kind``, ``starts_at`` and ``ends_at``.
    Editing (PATCH) changes only what is sent; times without an offset are read in the
    event's (new, if sent) time zone."""

    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=EventKind.choices)
    slug = serializers.SlugField(max_length=80, required=False, help_text="Only when creating.")
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    timezone = serializers.CharField(max_length=64, required=False)
    starts_at = WallClockDateTimeField(help_text="Without an offset: in the event's time zone.")
    ends_at = WallClockDateTimeField(help_text="Without an offset: in the event's time zone.")
    is_online = serializers.BooleanField(required=False)
    online_url = serializers.URLField(required=False, allow_blank=True)
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True)
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    country = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), required=False, allow_null=True
    )
    region = RegionCodeField(required=False, allow_null=True)
    thematic_platform = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ThematicPlatform.objects.all(),
        required=False,
        allow_null=True,
    )
    thematic_areas = ThematicAreaSlugsField(required=False)
    registration_opens_at = WallClockDateTimeField(required=False, allow_null=True)
    registration_closes_at = WallClockDateTimeField(required=False, allow_null=True)
    capacity = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    approval_required = serializers.BooleanField(required=False)
    participant_types = serializers.ListField(
        child=serializers.ChoiceField(choices=ParticipantType.choices),
        required=False,
        help_text="Types offered at registration (empty: all).",
    )
    consent_text = serializers.CharField(required=False, allow_blank=True)
    consent_version = serializers.CharField(max_length=20, required=False)
    retention_until = serializers.DateField(
        required=False, help_text="Default when creating: 180 days after the event ends."
    )
    matchmaking_enabled = serializers.BooleanField(required=False)


class EventOrganiserWriteSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="The e-mail address of an active account.")


class RegistrationSerializer(serializers.ModelSerializer):
    """A registration, as its participant and the event's organisers see it."""

    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    person = EventPersonSerializer(source="user", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    organisation = serializers.SerializerMethodField()
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    registered_at_local = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "person",
            "email",
            "participant_type",
            "status",
            "badge_name",
            "job_title",
            "organisation",
            "region",
            "answers",
            "consent_given_at",
            "consent_version",
            "retention_until",
            "registered_at",
            "registered_at_local",
            "status_changed_at",
            "waitlisted_at",
            "checked_in_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(child=serializers.CharField(), allow_null=True))
    def get_organisation(self, registration: Registration) -> dict[str, Any] | None:
        organisation = registration.organisation
        return None if organisation is None else {"id": organisation.pk, "name": organisation.name}

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_registered_at_local(self, registration: Registration) -> str | None:
        return local_iso(registration.registered_at, registration.event.timezone)


class EventRegisterSerializer(serializers.Serializer):
    """Register the signed-in user. ``consent`` must be true (the event's consent text)."""

    consent = serializers.BooleanField(help_text="Consent to the event's consent_text.")
    participant_type = serializers.ChoiceField(
        choices=ParticipantType.choices, required=False, default=ParticipantType.DELEGATE
    )
    badge_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    job_title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    region = RegionCodeField(required=False, allow_null=True)
    answers = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="Question id -> answer: text, one choice, a list of choices, or true/false.",
    )


class RegistrationDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class RegistrationTypeSerializer(serializers.Serializer):
    participant_type = serializers.ChoiceField(choices=ParticipantType.choices)
