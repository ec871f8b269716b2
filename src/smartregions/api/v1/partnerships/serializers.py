"""Serializers of the partnerships API: read shapes and the validated input of each verb.

They only translate (codes and slugs to rows, rows to JSON); every rule is checked by the
domain functions the viewsets call.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartregions.accounts.models import User
from smartregions.api.v1.fields import RegionCodeField
from smartregions.calls.models import Application, Expert
from smartregions.organisations.models import Organisation
from smartregions.partnerships.domain.join_requests import REQUESTABLE_ROLE_CHOICES
from smartregions.partnerships.enums import (
    MemberRole,
    TransitionPriority,
)
from smartregions.partnerships.models import (
    ExpertAssignment,
    JoinRequest,
    MemberContact,
    Partnership,
    PartnershipMember,
    StageRecord,
)
from smartregions.regions.models import ThematicArea, ThematicPlatform


def _organisation_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text="Slug of the organisation (see /api/v1/organisations/).",
        **kwargs,
    )


class PartnershipContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberContact
        fields = ["id", "name", "email", "position", "is_public"]


class PartnershipContactWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    position = serializers.CharField(max_length=200, allow_blank=True, default="")
    is_public = serializers.BooleanField(
        default=False, help_text="Shown on the public page; set it only with the person's consent."
    )


class PartnershipMemberSerializer(serializers.ModelSerializer):
    """A member; ``contacts`` lists the public ones unless the reader sees all of them."""

    region = serializers.CharField(source="region.code", allow_null=True, default=None)
    region_name = serializers.CharField(source="region.name_latin", allow_null=True, default=None)
    organisation = serializers.CharField(source="organisation.slug", allow_null=True, default=None)
    organisation_name = serializers.CharField(
        source="organisation.name", allow_null=True, default=None
    )
    country = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()

    class Meta:
        model = PartnershipMember
        fields = [
            "id",
            "region",
            "region_name",
            "organisation",
            "organisation_name",
            "country",
            "role",
            "joined_at",
            "left_at",
            "contacts",
        ]

    def get_country(self, member: PartnershipMember) -> str:
        region = member.region or member.organisation.region
        return region.country.code

    @extend_schema_field(PartnershipContactSerializer(many=True))
    def get_contacts(self, member: PartnershipMember) -> list[dict]:
        every = self.context.get("all_contacts", False)
        shown = [c for c in member.contacts.all() if every or c.is_public]
        return PartnershipContactSerializer(shown, many=True).data


class PartnershipStageSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_stage_display")

    class Meta:
        model = StageRecord
        fields = ["stage", "label", "started_at", "completed_at", "outputs", "links"]


class PartnershipExpertSerializer(serializers.ModelSerializer):
    expert = serializers.IntegerField(source="expert.pk")
    name = serializers.CharField(source="expert.__str__")
    organisation = serializers.CharField(
        source="expert.organisation.name", allow_null=True, default=None
    )

    class Meta:
        model = ExpertAssignment
        fields = ["id", "expert", "name", "role", "organisation", "assigned_at"]


class PartnershipSerializer(serializers.ModelSerializer):
    """A partnership in lists: what it is, how far, who leads and how many members."""

    thematic_platform = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    thematic_area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lead = serializers.SerializerMethodField()
    members_count = serializers.SerializerMethodField()

    class Meta:
        model = Partnership
        fields = [
            "slug",
            "name",
            "acronym",
            "status",
            "current_stage",
            "thematic_platform",
            "thematic_area",
            "lead",
            "members_count",
            "launched_at",
            "closed_at",
            "is_synthetic",
        ]

    def _members(self, partnership: Partnership) -> list[PartnershipMember]:
        found = getattr(partnership, "active_members", None)
        return found if found is not None else list(partnership.members.all())

    @extend_schema_field(OpenApiTypes.STR)
    def get_lead(self, partnership: Partnership) -> str | None:
        lead = next((m for m in self._members(partnership) if m.role == MemberRole.LEAD), None)
        return str(lead.region or lead.organisation) if lead else None

    def get_members_count(self, partnership: Partnership) -> int:
        return len(self._members(partnership))


class PartnershipPlanSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="plan.pk")
    actions = serializers.IntegerField(source="total")
    done = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    blocked = serializers.IntegerField()
    overdue = serializers.IntegerField()


class PartnershipPipelineStageSerializer(serializers.Serializer):
    stage = serializers.CharField()
    projects = serializers.IntegerField()
    budget = serializers.DecimalField(max_digits=16, decimal_places=2)


class PartnershipPipelineSummarySerializer(serializers.Serializer):
    stages = serializers.SerializerMethodField()
    projects = serializers.IntegerField()
    budget = serializers.DecimalField(max_digits=16, decimal_places=2)
    secured = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="Funding with status secured, EUR."
    )

    @extend_schema_field(PartnershipPipelineStageSerializer(many=True))
    def get_stages(self, summary: Any) -> list[dict]:
        rows = [
            {"stage": stage, "projects": n, "budget": budget}
            for stage, _label, n, budget in summary.stages
        ]
        return PartnershipPipelineStageSerializer(rows, many=True).data


class PartnershipDetailSerializer(PartnershipSerializer):
    """A partnership with members (by role), stages, expert team and the two summaries.

    Built from a :class:`~smartregions.partnerships.domain.queries.partnerships.PartnershipPage`
    passed as ``context["page"]``.
    """

    members = serializers.SerializerMethodField()
    stages = PartnershipStageSerializer(many=True, read_only=True)
    experts = serializers.SerializerMethodField()
    action_plan = serializers.SerializerMethodField()
    pipeline = serializers.SerializerMethodField()
    application = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta(PartnershipSerializer.Meta):
        fields = [
            *PartnershipSerializer.Meta.fields,
            "description",
            "website",
            "application",
            "members",
            "stages",
            "experts",
            "action_plan",
            "pipeline",
        ]

    @extend_schema_field(PartnershipMemberSerializer(many=True))
    def get_members(self, partnership: Partnership) -> list[dict]:
        page = self.context["page"]
        return PartnershipMemberSerializer(page.members, many=True, context=self.context).data

    @extend_schema_field(PartnershipExpertSerializer(many=True))
    def get_experts(self, partnership: Partnership) -> list[dict]:
        return PartnershipExpertSerializer(self.context["page"].experts, many=True).data

    @extend_schema_field(PartnershipPlanSummarySerializer(allow_null=True))
    def get_action_plan(self, partnership: Partnership) -> dict | None:
        summary = self.context["page"].plan
        return PartnershipPlanSummarySerializer(summary).data if summary else None

    @extend_schema_field(PartnershipPipelineSummarySerializer)
    def get_pipeline(self, partnership: Partnership) -> dict:
        return PartnershipPipelineSummarySerializer(self.context["page"].pipeline).data


class PartnershipWriteSerializer(serializers.Serializer):
    """A partnership's fields; the lead (a region or an organisation) only on creation."""

    name = serializers.CharField(max_length=200)
    acronym = serializers.CharField(max_length=30, allow_blank=True, default="")
    description = serializers.CharField(allow_blank=True, default="")
    thematic_platform = serializers.SlugRelatedField(
        slug_field="slug", queryset=ThematicPlatform.objects.all()
    )
    thematic_area = serializers.SlugRelatedField(
        slug_field="slug", queryset=ThematicArea.objects.all(), allow_null=True, default=None
    )
    website = serializers.URLField(max_length=300, allow_blank=True, default="")
    lead_region = RegionCodeField(required=False, allow_null=True, default=None)
    lead_organisation = _organisation_field(required=False, allow_null=True, default=None)


class PartnershipFromApplicationSerializer(serializers.Serializer):
    application = serializers.PrimaryKeyRelatedField(
        queryset=Application.objects.all(), help_text="Id of the accepted application."
    )
    thematic_platform = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ThematicPlatform.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Needed only when the call has no thematic platform.",
    )


class PartnershipCloseSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="")


class PartnershipMemberWriteSerializer(serializers.Serializer):
    region = RegionCodeField(required=False, allow_null=True, default=None)
    organisation = _organisation_field(required=False, allow_null=True, default=None)
    role = serializers.ChoiceField(
        choices=REQUESTABLE_ROLE_CHOICES,
        default=MemberRole.MEMBER,
    )


class PartnershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=MemberRole.choices,
        help_text="Giving a member the role lead hands the lead over (the old lead: co-lead); "
        "only the lead's own users and staff hand it over.",
    )


class PartnershipJoinRequestSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.CharField(source="region.code", allow_null=True, default=None)
    organisation = serializers.CharField(source="organisation.slug", allow_null=True, default=None)

    class Meta:
        model = JoinRequest
        fields = [
            "id",
            "partnership",
            "region",
            "organisation",
            "requested_role",
            "message",
            "status",
            "requested_at",
            "decided_at",
            "reason",
        ]


class PartnershipJoinWriteSerializer(serializers.Serializer):
    region = RegionCodeField(required=False, allow_null=True, default=None)
    organisation = _organisation_field(required=False, allow_null=True, default=None)
    requested_role = serializers.ChoiceField(
        choices=REQUESTABLE_ROLE_CHOICES, default=MemberRole.MEMBER
    )
    message = serializers.CharField(allow_blank=True, default="")


class JoinApproveSerializer(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=REQUESTABLE_ROLE_CHOICES,
        required=False,
        allow_null=True,
        default=None,
        help_text="Admit with another role than the one asked for.",
    )


class JoinRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Sent to the requester.")


class StageLinkSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, default="")
    url = serializers.CharField()


class PartnershipStageOutputsSerializer(serializers.Serializer):
    outputs = serializers.CharField(allow_blank=True, default="", help_text="Markdown text.")
    links = StageLinkSerializer(many=True, default=list)


class PartnershipExpertAssignSerializer(serializers.Serializer):
    expert = serializers.PrimaryKeyRelatedField(queryset=Expert.objects.all())
    role = serializers.CharField(max_length=100, allow_blank=True, default="")


class UserRefField(serializers.PrimaryKeyRelatedField):
    """A platform user by id (who owns an action)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", User.objects.filter(is_active=True))
        super().__init__(**kwargs)


def transition_priorities_field(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=TransitionPriority.choices), **kwargs
    )
