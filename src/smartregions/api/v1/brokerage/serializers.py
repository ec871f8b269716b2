"""Serializers of the brokerage API: read shapes and the validated input of each verb."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartregions.api.v1.fields import RegionCodeField, TermCodesField, ThematicAreaSlugsField
from smartregions.brokerage.enums import (
    OPEN_CASE_STATUSES,
    ActionStatus,
    CaseOutcome,
    FundingSource,
    FundingStatus,
    GroupPartnerStatus,
    GroupStatus,
    PartnerType,
    ValueChainPosition,
)
from smartregions.brokerage.models import (
    Broker,
    Case,
    CaseStatusChange,
    GroupMember,
    GroupPartner,
    JointStrategy,
    Referral,
    SmeGroup,
    StrategyAction,
    StrategyFunding,
    StrategyObjective,
)
from smartregions.organisations.models import Organisation
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Country, ThematicArea


class BrokerageCodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class BrokerageOrganisationSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    country = serializers.CharField(source="region.country.code")

    class Meta:
        model = Organisation
        fields = ["id", "slug", "name", "type", "region", "country"]


class BrokerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.get_full_name")
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name_latin")
    country = serializers.CharField(source="region.country.code")
    organisation = serializers.CharField(source="organisation.name", allow_null=True)
    thematic_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    nace_codes = BrokerageCodeSerializer(many=True)

    class Meta:
        model = Broker
        fields = [
            "id",
            "name",
            "region",
            "region_name",
            "country",
            "organisation",
            "thematic_areas",
            "nace_codes",
            "languages",
            "bio",
            "status",
            "is_synthetic",
        ]


class BrokerWriteSerializer(serializers.Serializer):
    region = RegionCodeField()
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Slug of the broker's agency.",
    )
    thematic_areas = ThematicAreaSlugsField(default=list)
    nace_codes = TermCodesField(kind=TaxonomyKind.ECONOMIC, default=list)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=10), default=list, help_text="ISO 639-1 codes."
    )
    bio = serializers.CharField(allow_blank=True, default="")


class BrokerRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.get_full_name")
    region = serializers.CharField(source="region.code")

    class Meta:
        model = Broker
        fields = ["id", "name", "region"]


class StatusChangeSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.get_full_name", allow_null=True)

    class Meta:
        model = CaseStatusChange
        fields = ["from_status", "to_status", "by", "at", "note"]


class ReferralSerializer(serializers.ModelSerializer):
    case_title = serializers.CharField(source="case.title")
    from_broker = BrokerRefSerializer()
    to_broker = BrokerRefSerializer()

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "case_title",
            "from_broker",
            "to_broker",
            "message",
            "status",
            "answer",
            "created_at",
            "answered_at",
        ]


class CaseSerializer(serializers.ModelSerializer):
    organisation = BrokerageOrganisationSerializer()
    thematic_area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    nace_codes = BrokerageCodeSerializer(many=True)
    target_markets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    broker = BrokerRefSerializer(allow_null=True)
    history = serializers.SerializerMethodField()
    referrals = ReferralSerializer(many=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "title",
            "challenge",
            "organisation",
            "thematic_area",
            "nace_codes",
            "keywords",
            "target_markets",
            "value_chain_position",
            "partner_types",
            "trl",
            "status",
            "broker",
            "outcome",
            "outcome_notes",
            "is_synthetic",
            "created_at",
            "closed_at",
            "history",
            "referrals",
        ]

    @extend_schema_field(StatusChangeSerializer(many=True))
    def get_history(self, case: Case) -> list[dict]:
        # Prefetched (ordered, with ``by``) by ``cases_with_details``: no query per case.
        return StatusChangeSerializer(case.status_changes.all(), many=True).data


class CaseWriteSerializer(serializers.Serializer):
    """A needs assessment."""

    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.select_related("region"),
        help_text="Slug of the SME the case is for (you must be a member).",
    )
    title = serializers.CharField(max_length=200)
    challenge = serializers.CharField()
    value_chain_position = serializers.ChoiceField(choices=ValueChainPosition.choices)
    thematic_area = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ThematicArea.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    nace_codes = TermCodesField(kind=TaxonomyKind.ECONOMIC, default=list)
    keywords = serializers.ListField(child=serializers.CharField(max_length=100), default=list)
    target_markets = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        many=True,
        required=False,
        default=list,
        help_text="Eurostat country codes.",
    )
    partner_types = serializers.ListField(
        child=serializers.ChoiceField(choices=PartnerType.choices), default=list
    )
    trl = serializers.IntegerField(min_value=1, max_value=9, required=False, allow_null=True)


class CaseNoteSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=CaseOutcome.choices)
    note = serializers.CharField(allow_blank=True, default="")


class AssignSerializer(serializers.Serializer):
    broker = serializers.PrimaryKeyRelatedField(queryset=Broker.objects.select_related("user"))


class ReferSerializer(serializers.Serializer):
    to_broker = serializers.PrimaryKeyRelatedField(
        queryset=Broker.objects.select_related("user", "region")
    )
    message = serializers.CharField()


class ReferralAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(allow_blank=True, default="")


class PartnerScorePartsSerializer(serializers.Serializer):
    text = serializers.FloatField(required=False)
    codes = serializers.FloatField(required=False)
    thematic = serializers.FloatField(required=False)


class BrokerageSentencePairSerializer(serializers.Serializer):
    sentence_a = serializers.CharField(help_text="From the challenge.")
    sentence_b = serializers.CharField(help_text="From the candidate's profile.")
    score = serializers.FloatField()


class PartnerSuggestionSerializer(serializers.Serializer):
    organisation = BrokerageOrganisationSerializer()
    score = serializers.FloatField()
    parts = PartnerScorePartsSerializer(help_text="Each component's contribution to the score.")
    shared_codes = serializers.ListField(child=serializers.CharField())
    thematic_match = serializers.BooleanField()
    sentences = BrokerageSentencePairSerializer(many=True)
    reason = serializers.CharField()


class GroupMemberSerializer(serializers.ModelSerializer):
    organisation = BrokerageOrganisationSerializer()

    class Meta:
        model = GroupMember
        fields = ["id", "organisation", "case", "added_at"]


class GroupPartnerSerializer(serializers.ModelSerializer):
    organisation = BrokerageOrganisationSerializer()

    class Meta:
        model = GroupPartner
        fields = ["id", "organisation", "status", "score", "reason", "added_at"]


class SmeGroupSerializer(serializers.ModelSerializer):
    broker = BrokerRefSerializer()
    thematic_area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    nace_codes = BrokerageCodeSerializer(many=True)
    members = GroupMemberSerializer(many=True)
    partners = GroupPartnerSerializer(many=True)

    class Meta:
        model = SmeGroup
        fields = [
            "id",
            "name",
            "challenge",
            "thematic_area",
            "nace_codes",
            "broker",
            "status",
            "members",
            "partners",
            "is_synthetic",
            "created_at",
        ]


@extend_schema_field(OpenApiTypes.INT)
class BrokerOpenCaseField(serializers.PrimaryKeyRelatedField):
    """Id of an open case of the broker in the serializer context (``context["broker"]``).

    Any other id (unknown, another broker's, closed) gets the same "does not exist" error, so the
    API does not reveal which case ids exist.
    """

    def get_queryset(self):
        broker = self.context.get("broker")
        if broker is None:
            return Case.objects.none()
        return Case.objects.select_related("organisation").filter(
            broker=broker, status__in=OPEN_CASE_STATUSES
        )


class SmeGroupWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    challenge = serializers.CharField()
    thematic_area = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ThematicArea.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    nace_codes = TermCodesField(kind=TaxonomyKind.ECONOMIC, default=list)
    cases = BrokerOpenCaseField(
        many=True,
        required=False,
        default=list,
        help_text="Ids of your open cases whose SMEs join the group (create only).",
    )
    organisations = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        many=True,
        required=False,
        default=list,
        help_text="Slugs of further SMEs (create only).",
    )


class GroupStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=GroupStatus.choices)


class AddMemberSerializer(serializers.Serializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all()
    )
    case = BrokerOpenCaseField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Id of an open case of the group's broker that the SME's membership comes from.",
    )


class AddPartnerSerializer(serializers.Serializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.select_related("region")
    )
    score = serializers.FloatField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(allow_blank=True, default="")


class PartnerStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=GroupPartnerStatus.choices)


class StrategyObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategyObjective
        fields = ["id", "text", "position"]
        read_only_fields = ["id", "position"]


class StrategyActionSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Slug of a member SME or partner.",
    )
    status = serializers.ChoiceField(choices=ActionStatus.choices, default=ActionStatus.PLANNED)

    class Meta:
        model = StrategyAction
        fields = ["id", "title", "description", "owner", "due_date", "status", "position"]
        read_only_fields = ["id", "position"]


class StrategyFundingSerializer(serializers.ModelSerializer):
    source = serializers.ChoiceField(choices=FundingSource.choices)
    status = serializers.ChoiceField(choices=FundingStatus.choices, default=FundingStatus.IDEA)

    class Meta:
        model = StrategyFunding
        fields = ["id", "source", "description", "amount_eur", "status"]
        read_only_fields = ["id"]


class JointStrategySerializer(serializers.ModelSerializer):
    target_nace_codes = BrokerageCodeSerializer(many=True, read_only=True)
    objectives = StrategyObjectiveSerializer(many=True, read_only=True)
    actions = StrategyActionSerializer(many=True, read_only=True)
    funding = StrategyFundingSerializer(many=True, read_only=True)

    class Meta:
        model = JointStrategy
        fields = [
            "title",
            "summary",
            "target_value_chains",
            "target_nace_codes",
            "objectives",
            "actions",
            "funding",
            "updated_at",
        ]


class JointStrategyWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(allow_blank=True, default="")
    target_value_chains = serializers.CharField(allow_blank=True, default="")
    target_nace_codes = TermCodesField(kind=TaxonomyKind.ECONOMIC, default=list)


class CaseOutcomeCountSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=CaseOutcome.choices)
    count = serializers.IntegerField()


class BrokerDashboardSerializer(serializers.Serializer):
    open_cases = serializers.DictField(
        child=CaseSerializer(many=True), help_text="My open cases by status."
    )
    unassigned_cases = CaseSerializer(many=True)
    referrals_waiting = ReferralSerializer(many=True)
    groups = SmeGroupSerializer(many=True)
    my_outcomes = CaseOutcomeCountSerializer(many=True)
    platform_outcomes = CaseOutcomeCountSerializer(many=True, allow_null=True)
