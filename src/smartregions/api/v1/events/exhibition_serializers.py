"""Serializers of the exhibition and pitch endpoints: stands, stand bookings with their
showcase, pitch applications, and the validated input of each write and verb."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartregions.api.v1.fields import RegionCodeField
from smartregions.events.domain.pitches import MAX_PITCH_MINUTES
from smartregions.events.models import PitchApplication, Session, Stand, StandBooking
from smartregions.organisations.models import Organisation
from smartregions.partnerships.models import Partnership, Project
from smartregions.regions.models import Priority

# --- Exhibition ----------------------------------------------------------------------------


class ExhibitionStandSerializer(serializers.ModelSerializer):
    exhibitor = serializers.SerializerMethodField(
        help_text="Id of the approved booking (the exhibitor's showcase), if any."
    )

    class Meta:
        model = Stand
        fields = ["id", "code", "size_m2", "location", "description", "exhibitor"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_exhibitor(self, stand: Stand) -> int | None:
        approved = getattr(stand, "approved_bookings", [])
        return approved[0].pk if approved else None


class ExhibitionStandWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    size_m2 = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=Decimal("0.1"))
    location = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)


class StandBookingSerializer(serializers.ModelSerializer):
    stand = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    priorities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    projects = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = StandBooking
        fields = [
            "id",
            "status",
            "stand",
            "region",
            "organisation",
            "message",
            "showcase_title",
            "showcase_text",
            "priorities",
            "projects",
            "contact_name",
            "contact_email",
            "website",
            "decision_note",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class StandShowcaseWriteSerializer(serializers.Serializer):
    showcase_title = serializers.CharField(max_length=200)
    showcase_text = serializers.CharField(required=False, allow_blank=True)
    priorities = serializers.PrimaryKeyRelatedField(
        queryset=Priority.objects.all(), many=True, required=False
    )
    projects = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.all(), many=True, required=False
    )
    contact_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)


class StandBookingCreateSerializer(StandShowcaseWriteSerializer):
    region = RegionCodeField(required=False, allow_null=True, default=None)
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    stand = serializers.PrimaryKeyRelatedField(
        queryset=Stand.objects.all(), required=False, allow_null=True, default=None
    )
    message = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("region") is None) == (attrs.get("organisation") is None):
            raise serializers.ValidationError(
                {"region": ["Book for one region (NUTS code) or one organisation (slug)."]}
            )
        return attrs


class StandBookingApproveSerializer(serializers.Serializer):
    stand = serializers.PrimaryKeyRelatedField(
        queryset=Stand.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The stand to assign (default: the one asked for).",
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ExhibitionDeclineSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, help_text="Why, for the applicant.")


# --- Pitches -------------------------------------------------------------------------------


class PitchApplicationSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partnership_name = serializers.CharField(source="partnership.name", read_only=True)

    class Meta:
        model = PitchApplication
        fields = [
            "id",
            "partnership",
            "partnership_name",
            "title",
            "summary",
            "duration_minutes",
            "status",
            "session",
            "order",
            "decision_note",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class PitchApplicationCreateSerializer(serializers.Serializer):
    partnership = serializers.SlugRelatedField(
        slug_field="slug", queryset=Partnership.objects.prefetch_related("members")
    )
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField()
    duration_minutes = serializers.IntegerField(
        min_value=1, max_value=MAX_PITCH_MINUTES, required=False, default=5
    )


class PitchAcceptSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(
        queryset=Session.objects.all(), help_text="A session of kind pitch of the event."
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class PitchReorderSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())
    pitches = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Every accepted pitch of the session, in the new order.",
    )
