"""Serializers of the pipeline API: the project's read shape, the input of each write, totals.

Internal fields (who proposed the project, notes on funding lines, who moved it) appear under
``internal`` only for readers holding ``partnerships.view_project_internals``; everyone else
gets ``null`` there (see :mod:`smartregions.partnerships.rules.pipeline`).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartregions.api.v1.fields import RegionCodeField
from smartregions.api.v1.partnerships.base import VisiblePartnershipField
from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.organisations.models import Organisation
from smartregions.partnerships.enums import ProjectStage
from smartregions.partnerships.models import (
    Project,
    ProjectFunding,
    ProjectStageChange,
)
from smartregions.regions.models import Region, ThematicPlatform

_MONEY = {"max_digits": 14, "decimal_places": 2}


class PipelineRegionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="name_latin")
    country = serializers.CharField(source="country.code")

    class Meta:
        model = Region
        fields = ["code", "name", "country"]


class PipelineOrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name"]


class ProjectFundingSerializer(serializers.ModelSerializer):
    source = serializers.ChoiceField(choices=FundingSource.choices)
    status = serializers.ChoiceField(choices=FundingStatus.choices)

    class Meta:
        model = ProjectFunding
        fields = ["source", "status", "amount"]


class ProjectStageChangeSerializer(serializers.ModelSerializer):
    from_stage = serializers.ChoiceField(choices=ProjectStage.choices, allow_blank=True)
    to_stage = serializers.ChoiceField(choices=ProjectStage.choices)

    class Meta:
        model = ProjectStageChange
        fields = ["from_stage", "to_stage", "at"]


class ProjectInternalsSerializer(serializers.Serializer):
    proposed_by = serializers.CharField(allow_null=True, help_text="Name of the proposer.")
    funding_notes = serializers.DictField(
        child=serializers.CharField(), help_text="Notes per funding source."
    )
    moved_by = serializers.ListField(
        child=serializers.CharField(allow_null=True),
        help_text="Who made each change of `history`, in the same order.",
    )


def _name(user: Any) -> str | None:
    return (user.get_full_name() or user.email) if user is not None else None


class ProjectSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    thematic_platform = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    stage = serializers.ChoiceField(choices=ProjectStage.choices)
    lead_region = PipelineRegionSerializer()
    lead_organisation = PipelineOrganisationSerializer(allow_null=True)
    partner_regions = PipelineRegionSerializer(many=True)
    partner_organisations = PipelineOrganisationSerializer(many=True)
    funding = ProjectFundingSerializer(many=True)
    secured = serializers.DecimalField(
        source="secured_amount", read_only=True, help_text="EUR from secured sources.", **_MONEY
    )
    history = ProjectStageChangeSerializer(many=True, source="stage_changes")
    internal = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "acronym",
            "description",
            "value_chain_segment",
            "partnership",
            "thematic_platform",
            "stage",
            "stage_changed_at",
            "trl_now",
            "trl_target",
            "budget",
            "secured",
            "lead_region",
            "lead_organisation",
            "partner_regions",
            "partner_organisations",
            "funding",
            "history",
            "internal",
            "is_synthetic",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(ProjectInternalsSerializer(allow_null=True))
    def get_internal(self, project: Project) -> dict[str, Any] | None:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.has_perm("partnerships.view_project_internals", project):
            return None
        return {
            "proposed_by": _name(project.created_by),
            "funding_notes": {line.source: line.notes for line in project.funding.all()},
            "moved_by": [_name(change.by) for change in project.stage_changes.all()],
        }


class ProjectUpdateSerializer(serializers.Serializer):
    """Fields of a project; on update, fields left out keep their value."""

    thematic_platform = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ThematicPlatform.objects.all(),
        required=False,
        help_text="Slug of the platform; only for projects without a partnership.",
    )
    title = serializers.CharField(max_length=200, required=False)
    acronym = serializers.CharField(max_length=30, allow_blank=True, required=False)
    description = serializers.CharField(allow_blank=True, required=False)
    value_chain_segment = serializers.CharField(max_length=200, allow_blank=True, required=False)
    trl_now = serializers.IntegerField(min_value=1, max_value=9, required=False)
    trl_target = serializers.IntegerField(min_value=1, max_value=9, required=False)
    budget = serializers.DecimalField(min_value=0, required=False, help_text="EUR.", **_MONEY)
    lead_region = RegionCodeField(required=False)
    lead_organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="Slug of the lead organisation.",
    )
    partner_regions = serializers.ListField(
        child=RegionCodeField(), required=False, help_text="NUTS codes (replace the list)."
    )
    partner_organisations = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        many=True,
        required=False,
        help_text="Organisation slugs (replace the list).",
    )


class ProjectCreateSerializer(ProjectUpdateSerializer):
    """A new project (it starts as an idea)."""

    partnership = VisiblePartnershipField(
        allow_null=True,
        default=None,
        help_text="Slug of the partnership; leave out for a platform project (staff only).",
    )
    title = serializers.CharField(max_length=200)
    trl_now = serializers.IntegerField(min_value=1, max_value=9)
    trl_target = serializers.IntegerField(min_value=1, max_value=9)
    budget = serializers.DecimalField(min_value=0, help_text="EUR.", **_MONEY)
    lead_region = RegionCodeField()


class MoveSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(
        choices=ProjectStage.choices, help_text="The next or the previous stage."
    )
    reason = serializers.CharField(
        max_length=1000,
        allow_blank=True,
        default="",
        help_text="Why the project moves (required when it moves back).",
    )


class FundingWriteSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=FundingSource.choices)
    status = serializers.ChoiceField(choices=FundingStatus.choices)
    amount = serializers.DecimalField(min_value=0, help_text="EUR.", **_MONEY)
    notes = serializers.CharField(
        max_length=300, allow_blank=True, default="", help_text="Internal notes."
    )


class TotalsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    budget = serializers.CharField(help_text="EUR, two decimals.")
    secured = serializers.CharField(help_text="EUR from secured sources.")
    count_by_stage = serializers.DictField(child=serializers.IntegerField())
    budget_by_stage = serializers.DictField(child=serializers.CharField())
    funding = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="EUR by source, then by status.",
    )
    secured_by_source = serializers.DictField(child=serializers.CharField())


class TotalsGroupSerializer(serializers.Serializer):
    key = serializers.CharField(
        allow_null=True,
        help_text="Slug of the partnership or platform, or NUTS code of the region (null: "
        "projects without a partnership).",
    )
    name = serializers.CharField(allow_null=True)
    totals = TotalsSerializer()


class PipelineTotalsResponseSerializer(serializers.Serializer):
    totals = TotalsSerializer()
    group_by = serializers.CharField(allow_null=True)
    groups = TotalsGroupSerializer(many=True)
