"""Serializers of the calls API: read shapes and the validated input of each write and verb.

Times are returned in UTC (``deadline``) and in the call's own zone (``deadline_local``, ISO
8601 with the zone's offset). Times sent without an offset are read as wall-clock times in the
call's time zone, as a facilitator states them; times with an offset are taken as given.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartregions.api.v1.fields import RegionCodeField, ThematicAreaSlugsField
from smartregions.calls.domain.attachments import SUPPORTED_EXTENSIONS
from smartregions.calls.domain.queries.calls import visible_calls
from smartregions.calls.domain.times import aware_in_zone, local_iso
from smartregions.calls.enums import (
    AttachmentKind,
    CallType,
    ConflictRule,
    FieldType,
    Stage,
)
from smartregions.calls.models import (
    Application,
    ApplicationStatusChange,
    Attachment,
    Call,
    CallCutoff,
    CallField,
    CallQuestion,
    CoApplicant,
    Criterion,
    Decision,
)
from smartregions.organisations.models import Organisation
from smartregions.regions.enums import RegionCategory
from smartregions.regions.models import ThematicArea, ThematicPlatform

#: The call's own time zone unless the request names one (the model's default).
DEFAULT_ZONE = "Europe/Brussels"


class WallClockDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time kept as sent: aware with an offset, naive without one.

    The serializer then reads naive values in the call's time zone.
    """

    def enforce_timezone(self, value: Any) -> Any:
        return value


def localise(attrs: dict[str, Any], names: tuple[str, ...], zone: str) -> None:
    """Turn the naive times in ``attrs`` into UTC in ``zone`` (400 for a time that does not
    exist there)."""
    for name in names:
        value = attrs.get(name)
        if value is None:
            continue
        try:
            attrs[name] = aware_in_zone(value, zone, field=name)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None


class CallCutoffSerializer(serializers.ModelSerializer):
    at_local = serializers.SerializerMethodField()

    class Meta:
        model = CallCutoff
        fields = ["id", "at", "at_local"]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_at_local(self, cutoff: CallCutoff) -> str | None:
        return local_iso(cutoff.at, cutoff.call.timezone)


class CallCutoffWriteSerializer(serializers.Serializer):
    at = WallClockDateTimeField(help_text="Without an offset: in the call's time zone.")


class CallFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallField
        fields = [
            "id",
            "key",
            "label",
            "help_text",
            "type",
            "choices",
            "is_required",
            "max_length",
            "stage",
            "position",
        ]
        read_only_fields = fields


class CallFieldWriteSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)
    type = serializers.ChoiceField(choices=FieldType.choices)
    key = serializers.SlugField(
        max_length=50, required=False, default="", help_text="Derived from the label if empty."
    )
    help_text = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    choices = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    is_required = serializers.BooleanField(required=False, default=True)
    max_length = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None
    )
    stage = serializers.ChoiceField(
        choices=Stage.choices, required=False, default=Stage.EXPRESSION_OF_INTEREST
    )


class CallFieldUpdateSerializer(serializers.Serializer):
    """What may change on a field (not its key or stage)."""

    label = serializers.CharField(max_length=200, required=False)
    type = serializers.ChoiceField(choices=FieldType.choices, required=False)
    help_text = serializers.CharField(max_length=500, required=False, allow_blank=True)
    choices = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    is_required = serializers.BooleanField(required=False)
    max_length = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class CallReorderSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    ids = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every id of the stage, in the new order."
    )


class CallCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = [
            "id",
            "name",
            "description",
            "weight",
            "max_score",
            "threshold",
            "stage",
            "position",
        ]
        read_only_fields = fields


class CallCriterionWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0.01"), required=False, default=1
    )
    max_score = serializers.IntegerField(min_value=1, max_value=100, required=False, default=5)
    threshold = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    stage = serializers.ChoiceField(
        choices=Stage.choices, required=False, default=Stage.EXPRESSION_OF_INTEREST
    )


class CallCriterionUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    max_score = serializers.IntegerField(min_value=1, max_value=100, required=False)
    threshold = serializers.IntegerField(min_value=0, required=False, allow_null=True)


class CallSerializer(serializers.ModelSerializer):
    thematic_platform = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    thematic_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    opens_at_local = serializers.SerializerMethodField()
    deadline_local = serializers.SerializerMethodField()
    full_application_deadline_local = serializers.SerializerMethodField()
    cutoffs = CallCutoffSerializer(many=True, read_only=True)
    form_fields = CallFieldSerializer(source="fields", many=True, read_only=True)
    criteria = CallCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "slug",
            "title",
            "type",
            "status",
            "summary",
            "description",
            "thematic_platform",
            "thematic_areas",
            "timezone",
            "opens_at",
            "opens_at_local",
            "deadline",
            "deadline_local",
            "is_rolling",
            "is_two_stage",
            "full_application_deadline",
            "full_application_deadline_local",
            "cutoffs",
            "min_regions",
            "min_countries",
            "region_categories",
            "requires_industrial_transition",
            "requires_commitment_letters",
            "requires_thematic_area",
            "attachment_extensions",
            "max_attachment_mb",
            "max_attachments",
            "reviewers_per_application",
            "is_blind_review",
            "conflict_rules",
            "form_fields",
            "criteria",
            "published_at",
            "closed_at",
            "is_synthetic",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_opens_at_local(self, call: Call) -> str | None:
        return local_iso(call.opens_at, call.timezone)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_deadline_local(self, call: Call) -> str | None:
        return local_iso(call.deadline, call.timezone)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_full_application_deadline_local(self, call: Call) -> str | None:
        return local_iso(call.full_application_deadline, call.timezone)


_CALL_TIMES = ("opens_at", "deadline", "full_application_deadline")


class CallWriteSerializer(serializers.Serializer):
    """A call's settings. Creating needs ``title``, ``type`` and ``opens_at``; rules left out
    take the type's presets. Editing (PATCH) changes only what is sent: changing ``timezone``
    alone keeps the stored instants, so send the times again to keep their wall-clock values."""

    title = serializers.CharField(max_length=200)
    type = serializers.ChoiceField(choices=CallType.choices)
    slug = serializers.SlugField(max_length=80, required=False, help_text="Only when creating.")
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    thematic_platform = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ThematicPlatform.objects.all(),
        required=False,
        allow_null=True,
    )
    thematic_areas = ThematicAreaSlugsField(required=False)
    timezone = serializers.CharField(max_length=64, required=False)
    opens_at = WallClockDateTimeField()
    deadline = WallClockDateTimeField(required=False, allow_null=True)
    full_application_deadline = WallClockDateTimeField(required=False, allow_null=True)
    is_rolling = serializers.BooleanField(required=False)
    is_two_stage = serializers.BooleanField(required=False)
    min_regions = serializers.IntegerField(min_value=1, max_value=100, required=False)
    min_countries = serializers.IntegerField(min_value=1, max_value=100, required=False)
    region_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=RegionCategory.choices), required=False
    )
    requires_industrial_transition = serializers.BooleanField(required=False)
    requires_commitment_letters = serializers.BooleanField(required=False)
    requires_thematic_area = serializers.BooleanField(required=False)
    attachment_extensions = serializers.ListField(
        child=serializers.ChoiceField(choices=[(e, e) for e in SUPPORTED_EXTENSIONS]),
        required=False,
    )
    max_attachment_mb = serializers.IntegerField(min_value=1, max_value=100, required=False)
    max_attachments = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    reviewers_per_application = serializers.IntegerField(min_value=1, max_value=20, required=False)
    is_blind_review = serializers.BooleanField(required=False)
    conflict_rules = serializers.ListField(
        child=serializers.ChoiceField(choices=ConflictRule.choices), required=False
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        call: Call | None = self.context.get("call")
        zone = attrs.get("timezone") or (call.timezone if call is not None else DEFAULT_ZONE)
        localise(attrs, _CALL_TIMES, zone)
        if call is not None and "slug" in attrs:
            raise serializers.ValidationError({"slug": ["The address of a call does not change."]})
        return attrs


class CallQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallQuestion
        fields = ["id", "question", "answer", "is_published", "asked_at", "answered_at"]
        read_only_fields = fields


class CallQuestionAskSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=5000)


class CallQuestionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=5000)
    publish = serializers.BooleanField(required=False, default=True)


class ApplicationStatusChangeSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.get_full_name", allow_null=True, default=None)

    class Meta:
        model = ApplicationStatusChange
        fields = ["stage", "from_status", "to_status", "by", "at", "note"]


class CoApplicantSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", allow_null=True, default=None)
    organisation = serializers.CharField(source="organisation.slug", allow_null=True, default=None)
    name = serializers.CharField(source="__str__")

    class Meta:
        model = CoApplicant
        fields = [
            "id",
            "region",
            "organisation",
            "name",
            "status",
            "message",
            "invited_at",
            "responded_at",
            "commitment_letter",
        ]


class ApplicationAttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = Attachment
        fields = ["id", "kind", "name", "content_type", "size", "sha256", "uploaded_at"]


class ApplicationDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["stage", "outcome", "reasons", "rank", "decided_at"]


class ApplicationSerializer(serializers.ModelSerializer):
    call = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lead_region = serializers.CharField(source="lead_region.code", allow_null=True, default=None)
    lead_organisation = serializers.CharField(
        source="lead_organisation.slug", allow_null=True, default=None
    )
    thematic_area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    cutoff = serializers.DateTimeField(source="cutoff.at", allow_null=True, default=None)
    co_applicants = CoApplicantSerializer(many=True, read_only=True)
    attachments = ApplicationAttachmentSerializer(many=True, read_only=True)
    history = ApplicationStatusChangeSerializer(source="status_changes", many=True, read_only=True)
    decisions = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "title",
            "acronym",
            "summary",
            "lead_region",
            "lead_organisation",
            "thematic_area",
            "answers",
            "status",
            "stage",
            "cutoff",
            "created_at",
            "updated_at",
            "submitted_at",
            "withdrawn_at",
            "co_applicants",
            "attachments",
            "history",
            "decisions",
            "is_synthetic",
        ]

    @extend_schema_field(ApplicationDecisionSerializer(many=True))
    def get_decisions(self, application: Application) -> list[dict]:
        from smartregions.calls.domain.queries.applications import shown_decisions

        staff = bool(self.context.get("staff"))
        return ApplicationDecisionSerializer(
            shown_decisions(application, staff=staff), many=True
        ).data


class ApplicationCreateSerializer(serializers.Serializer):
    """A new application. The call is looked up among the calls the requesting user may see
    (``context["request"]``), so a draft call's slug answers "does not exist" as an unknown one
    does, never 403."""

    call = serializers.SlugRelatedField(
        slug_field="slug", queryset=Call.objects.all(), help_text="Slug of a published call."
    )
    title = serializers.CharField(max_length=200)
    acronym = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    lead_region = RegionCodeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="NUTS code of a region you represent.",
    )
    lead_organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Slug of an organisation you are a member of.",
    )
    thematic_area = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ThematicArea.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["call"].queryset = visible_calls(request.user)


class ApplicationUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    acronym = serializers.CharField(max_length=30, required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    thematic_area = serializers.SlugRelatedField(
        slug_field="slug", queryset=ThematicArea.objects.all(), required=False, allow_null=True
    )
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        required=False,
        help_text="Field key -> answer for the current stage; null or empty removes an answer.",
    )


class EligibilityCheckSerializer(serializers.Serializer):
    rule = serializers.CharField()
    ok = serializers.BooleanField()
    message = serializers.CharField()


class CoApplicantInviteSerializer(serializers.Serializer):
    region = RegionCodeField(required=False, allow_null=True, default=None)
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CoApplicantConfirmSerializer(serializers.Serializer):
    commitment_letter = serializers.FileField(required=False, allow_null=True, default=None)


class CoApplicantDeclineSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AttachmentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    file = serializers.FileField()


class ApplicationWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
