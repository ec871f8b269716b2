"""Serializers of the evaluation API: read shapes and the validated input of each verb.

Class names start with the area (``Evaluation``, ``Review``, ``Panel``) because drf-spectacular
names the schema components after them and they must be unique across the whole API.
"""

from __future__ import annotations

from rest_framework import serializers

from smartregions.api.v1.fields import RegionCodeField, ThematicAreaSlugsField
from smartregions.calls.domain.evaluation.experts import MAX_LOAD_LIMIT
from smartregions.calls.domain.evaluation.ranking import BoardRow
from smartregions.calls.enums import DecisionOutcome, ReviewStatus
from smartregions.calls.models import Application, Criterion, Decision, Expert, PanelConsensus
from smartregions.calls.models import Review as ReviewModel
from smartregions.organisations.models import Organisation
from smartregions.regions.models import Country


class EvaluationExpertSerializer(serializers.ModelSerializer):
    """An expert of the pool as staff see them."""

    name = serializers.CharField(source="user.get_full_name")
    email = serializers.EmailField(source="user.email")
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    thematic_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    open_reviews = serializers.IntegerField(
        read_only=True, help_text="Reviews assigned and not yet submitted, in every call."
    )

    class Meta:
        model = Expert
        fields = [
            "id",
            "name",
            "email",
            "organisation",
            "region",
            "country",
            "thematic_areas",
            "expertise",
            "max_load",
            "is_active",
            "open_reviews",
        ]


class EvaluationExpertWriteSerializer(serializers.Serializer):
    """Register (``email`` needed) or change an expert; on a change, omitted fields stay."""

    email = serializers.EmailField(help_text="E-mail of an existing user (only when registering).")
    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    region = RegionCodeField(allow_null=True, required=False)
    country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        allow_null=True,
        required=False,
        help_text="Eurostat country code.",
    )
    thematic_areas = ThematicAreaSlugsField(required=False)
    expertise = serializers.CharField(allow_blank=True, required=False)
    max_load = serializers.IntegerField(min_value=1, max_value=MAX_LOAD_LIMIT, required=False)


class PanelMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.get_full_name")
    call_load = serializers.IntegerField(help_text="Assigned or submitted reviews in this call.")

    class Meta:
        model = Expert
        fields = ["id", "name", "is_active", "max_load", "call_load"]


class PanelAddSerializer(serializers.Serializer):
    experts = serializers.PrimaryKeyRelatedField(
        queryset=Expert.objects.select_related("user"), many=True, allow_empty=False
    )


class PanelRemoveSerializer(serializers.Serializer):
    expert = serializers.PrimaryKeyRelatedField(queryset=Expert.objects.select_related("user"))


class ReviewCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight", "max_score", "threshold"]


class ReviewScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    score = serializers.IntegerField()
    comment = serializers.CharField()


class ReviewAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    name = serializers.CharField(help_text="Neutral (annex-1.pdf ...) under blind review.")
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    url = serializers.CharField(
        required=False, help_text="Site-relative download link (in an expert's review)."
    )


class ReviewAnswerSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()


class ReviewedApplicationSerializer(serializers.Serializer):
    """The application as the expert may read it: ``lead`` and ``co_applicants`` are empty and
    attachment names neutral when the call has blind review."""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    acronym = serializers.CharField()
    summary = serializers.CharField()
    thematic_area = serializers.CharField()
    stage = serializers.IntegerField()
    is_blind = serializers.BooleanField()
    answers = ReviewAnswerSerializer(many=True)
    lead = serializers.ListField(child=serializers.CharField())
    co_applicants = serializers.ListField(child=serializers.CharField())
    attachments = ReviewAttachmentSerializer(many=True)


class ReviewListItemSerializer(serializers.ModelSerializer):
    application = serializers.CharField(source="application.__str__")
    call = serializers.CharField(source="application.call.title")

    class Meta:
        model = ReviewModel
        fields = ["id", "application", "call", "stage", "status", "total", "submitted_at"]


class ReviewPeerSerializer(serializers.Serializer):
    """Another expert's submitted review, anonymised."""

    label = serializers.CharField()
    total = serializers.DecimalField(max_digits=7, decimal_places=3)
    comment = serializers.CharField()
    scores = serializers.ListField(
        child=serializers.IntegerField(allow_null=True), help_text="In the criteria's order."
    )


class ReviewDetailSerializer(serializers.Serializer):
    """A review with the (possibly blinded) application, the stage's criteria and the scores."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReviewStatus.choices)
    stage = serializers.IntegerField()
    declared = serializers.BooleanField(help_text="No conflict of interest declared.")
    call = serializers.CharField()
    timezone = serializers.CharField(help_text="The call's time zone.")
    application = ReviewedApplicationSerializer()
    criteria = ReviewCriterionSerializer(many=True)
    scores = ReviewScoreSerializer(many=True)
    comment = serializers.CharField()
    total = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    assigned_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    recusal_reason = serializers.CharField()
    peers = ReviewPeerSerializer(
        many=True,
        allow_null=True,
        help_text="The other submitted reviews, once you submitted yours (else null).",
    )


class ReviewMarkSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.IntegerField(allow_null=True, help_text="null clears a draft score.")
    comment = serializers.CharField(allow_blank=True, default="")


class ReviewScoresWriteSerializer(serializers.Serializer):
    scores = ReviewMarkSerializer(many=True, default=list)
    comment = serializers.CharField(
        allow_blank=True, required=False, help_text="Overall comment; omitted keeps it."
    )


class ReviewRecusalSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ReviewAssignmentSerializer(serializers.ModelSerializer):
    """A review as an assignment (staff): who reviews what, not the scores."""

    application = serializers.PrimaryKeyRelatedField(read_only=True)
    application_title = serializers.CharField(source="application.__str__")
    expert = serializers.PrimaryKeyRelatedField(read_only=True)
    expert_name = serializers.CharField(source="expert.user.get_full_name")

    class Meta:
        model = ReviewModel
        fields = [
            "id",
            "application",
            "application_title",
            "expert",
            "expert_name",
            "stage",
            "status",
            "is_automatic",
            "assigned_at",
            "total",
            "submitted_at",
            "recusal_reason",
        ]


class ReviewAssignmentCreateSerializer(serializers.Serializer):
    application = serializers.PrimaryKeyRelatedField(
        queryset=Application.objects.select_related("call")
    )
    expert = serializers.PrimaryKeyRelatedField(queryset=Expert.objects.all())


class AutoAssignRequestSerializer(serializers.Serializer):
    call = serializers.SlugField(help_text="Slug of the call.")
    cutoff = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id of one cut-off of a rolling call."
    )
    dry_run = serializers.BooleanField(default=False, help_text="Plan without saving.")


class AutoAssignPairSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    expert = serializers.IntegerField()
    fit = serializers.FloatField()


class AutoAssignShortfallSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    missing = serializers.IntegerField()
    reason = serializers.CharField()


class AutoAssignLoadSerializer(serializers.Serializer):
    expert = serializers.IntegerField()
    name = serializers.CharField()
    load = serializers.IntegerField(help_text="Reviews in the call after the assignment.")
    max_load = serializers.IntegerField()


class AutoAssignReportSerializer(serializers.Serializer):
    saved = serializers.BooleanField()
    assigned = AutoAssignPairSerializer(many=True)
    shortfalls = AutoAssignShortfallSerializer(many=True)
    load = AutoAssignLoadSerializer(many=True)


class PanelConsensusSerializer(serializers.ModelSerializer):
    class Meta:
        model = PanelConsensus
        fields = ["stage", "score", "comment", "agreed_at"]


class PanelConsensusWriteSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=6, decimal_places=3, min_value=0, max_value=100)
    comment = serializers.CharField()


class EvaluationDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["stage", "outcome", "reasons", "rank", "decided_at", "notified_at"]


class EvaluationDecisionWriteSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    reasons = serializers.CharField()
    rank = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="Default: the place in the ranking."
    )


class EvaluationApplicationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = ["id", "title", "acronym", "status", "stage"]


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    application = EvaluationApplicationRefSerializer()
    consensus = serializers.DecimalField(
        max_digits=7, decimal_places=3, allow_null=True, source="consensus.score", default=None
    )
    mean_total = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    spread = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    submitted_reviews = serializers.SerializerMethodField()
    pending_reviews = serializers.IntegerField(source="pending")
    below_threshold = serializers.SerializerMethodField()
    decision = EvaluationDecisionSerializer(allow_null=True)

    def get_submitted_reviews(self, row: BoardRow) -> int:
        return len(row.submitted)

    def get_below_threshold(self, row: BoardRow) -> list[str]:
        return [criterion.name for criterion in row.flagged]


class EvaluationReviewSerializer(serializers.Serializer):
    """One review on the staff's application page; scores only once submitted."""

    id = serializers.IntegerField()
    expert = serializers.IntegerField()
    expert_name = serializers.CharField()
    status = serializers.ChoiceField(choices=ReviewStatus.choices)
    declared = serializers.BooleanField()
    is_automatic = serializers.BooleanField()
    total = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    scores = serializers.ListField(child=serializers.IntegerField(allow_null=True))
    comment = serializers.CharField()
    recusal_reason = serializers.CharField()


class EvaluationTrailEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    by = serializers.CharField(allow_null=True)
    detail = serializers.CharField()
    data = serializers.JSONField()


class EvaluationApplicationSerializer(serializers.Serializer):
    """An application's evaluation at a stage (staff): everything the panel reads."""

    application = ReviewedApplicationSerializer()
    status = serializers.CharField()
    stage = serializers.IntegerField()
    criteria = ReviewCriterionSerializer(many=True)
    reviews = EvaluationReviewSerializer(many=True)
    mean_total = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    spread = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    below_threshold = serializers.ListField(child=serializers.CharField())
    consensus = PanelConsensusSerializer(allow_null=True)
    decision = EvaluationDecisionSerializer(allow_null=True)
    trail = EvaluationTrailEntrySerializer(many=True)
