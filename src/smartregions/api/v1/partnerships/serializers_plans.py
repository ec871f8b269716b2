"""Serializers of the action-plan API: plans, actions and funding opportunities."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartregions.api.v1.fields import RegionCodeField
from smartregions.api.v1.partnerships.base import VisiblePartnershipField
from smartregions.api.v1.partnerships.serializers import UserRefField, transition_priorities_field
from smartregions.calls.models import Expert
from smartregions.partnerships.enums import ActionStatus
from smartregions.partnerships.models import Action, ActionPlan, FundingOpportunity


class PlanActionSerializer(serializers.ModelSerializer):
    owner_display = serializers.SerializerMethodField()
    depends_on = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = Action
        fields = [
            "id",
            "title",
            "description",
            "owner",
            "owner_name",
            "owner_display",
            "deadline",
            "status",
            "depends_on",
            "position",
            "completed_at",
            "is_overdue",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_owner_display(self, action: Action) -> str:
        if action.owner is not None:
            return action.owner.full_name or action.owner.email
        return action.owner_name


class PlanActionWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, default="")
    owner = UserRefField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Id of a user acting for a member (partnership plan) or for the region.",
    )
    owner_name = serializers.CharField(max_length=200, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    depends_on = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Action.objects.all(),
        default=list,
        help_text="Ids of actions of the same plan this one waits for.",
    )


class PlanActionStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)


class PlanActionDependenciesSerializer(serializers.Serializer):
    depends_on = serializers.PrimaryKeyRelatedField(many=True, queryset=Action.objects.all())


class PlanFundingOpportunitySerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingOpportunity
        fields = ["id", "title", "source", "amount", "deadline", "url", "notes"]
        extra_kwargs = {"url": {"allow_blank": True, "required": False}}


class PlanExpertSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__")

    class Meta:
        model = Expert
        fields = ["id", "name"]


class ActionPlanSerializer(serializers.ModelSerializer):
    """A plan in lists."""

    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.CharField(source="region.code", allow_null=True, default=None)

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "title",
            "partnership",
            "region",
            "transition_priorities",
            "created_at",
            "updated_at",
        ]


class ActionPlanDetailSerializer(ActionPlanSerializer):
    """A plan with its self-assessment, experts, actions and funding opportunities."""

    experts = PlanExpertSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()
    funding_opportunities = PlanFundingOpportunitySerializer(many=True, read_only=True)

    class Meta(ActionPlanSerializer.Meta):
        fields = [
            *ActionPlanSerializer.Meta.fields,
            "weaknesses",
            "assets",
            "experts",
            "actions",
            "funding_opportunities",
        ]

    @extend_schema_field(PlanActionSerializer(many=True))
    def get_actions(self, plan: ActionPlan) -> list[dict]:
        return PlanActionSerializer(self.context.get("actions", []), many=True).data


class ActionPlanCreateSerializer(serializers.Serializer):
    """Start a partnership's plan (``partnership``) or a region's transition plan (``region``)."""

    partnership = VisiblePartnershipField(required=False, allow_null=True, default=None)
    region = RegionCodeField(required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=200, allow_blank=True, default="")
    weaknesses = serializers.CharField(allow_blank=True, default="")
    assets = serializers.CharField(allow_blank=True, default="")
    transition_priorities = transition_priorities_field(default=list)

    def validate(self, attrs: dict) -> dict:
        if (attrs["partnership"] is None) == (attrs["region"] is None):
            raise serializers.ValidationError(
                {"partnership": ["Give a partnership or a region (one of them)."]}
            )
        return attrs


class ActionPlanUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    weaknesses = serializers.CharField(allow_blank=True, default="")
    assets = serializers.CharField(allow_blank=True, default="")
    transition_priorities = transition_priorities_field(default=list)


class PlanExpertsWriteSerializer(serializers.Serializer):
    experts = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Expert.objects.all(), help_text="Ids of experts of the pool."
    )
