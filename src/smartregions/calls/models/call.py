"""A call: its type, timetable (in a stated time zone), eligibility rules, form and criteria."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.calls.enums import CallStatus, CallType, ConflictRule, FieldType, Stage

#: Attachment types accepted unless a call says otherwise (checked by extension and content).
DEFAULT_ATTACHMENT_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "png", "jpg"]


def default_attachment_extensions() -> list[str]:
    return list(DEFAULT_ATTACHMENT_EXTENSIONS)


def default_conflict_rules() -> list[str]:
    return [ConflictRule.ORGANISATION, ConflictRule.REGION]


class Call(models.Model):
    """A call for expressions of interest or proposals, run by platform facilitators.

    Times are stored in UTC; ``timezone`` is the IANA zone in which the call states its
    deadlines (and in which the pages show them, labelled). A rolling call has cut-offs
    (:class:`CallCutoff`) instead of a single deadline; ``deadline`` is then its final closing.
    """

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    type = models.CharField(max_length=30, choices=CallType.choices)
    status = models.CharField(max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT)
    summary = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    thematic_platform = models.ForeignKey(
        "regions.ThematicPlatform",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    thematic_areas = models.ManyToManyField(
        "regions.ThematicArea",
        blank=True,
        related_name="calls",
        help_text="Thematic areas the call is open to (none: any area).",
    )
    timezone = models.CharField(max_length=64, default="Europe/Brussels")
    opens_at = models.DateTimeField()
    deadline = models.DateTimeField(
        null=True, blank=True, help_text="Stage-1 deadline; for a rolling call, its final closing."
    )
    is_rolling = models.BooleanField(default=False)
    is_two_stage = models.BooleanField(default=False)
    full_application_deadline = models.DateTimeField(null=True, blank=True)

    # Eligibility rules (checked live on every application and again at submission).
    min_regions = models.PositiveSmallIntegerField(default=1)
    min_countries = models.PositiveSmallIntegerField(default=1)
    region_categories = models.JSONField(
        default=list,
        blank=True,
        help_text="RegionCategory values the lead region must have (empty: any).",
    )
    requires_industrial_transition = models.BooleanField(default=False)
    requires_commitment_letters = models.BooleanField(default=True)
    requires_thematic_area = models.BooleanField(default=False)

    # Attachments.
    attachment_extensions = models.JSONField(default=default_attachment_extensions, blank=True)
    max_attachment_mb = models.PositiveSmallIntegerField(default=10)
    max_attachments = models.PositiveSmallIntegerField(default=20)

    # Evaluation.
    reviewers_per_application = models.PositiveSmallIntegerField(default=3)
    is_blind_review = models.BooleanField(default=False)
    conflict_rules = models.JSONField(default=default_conflict_rules, blank=True)
    panel = models.ManyToManyField(
        "calls.Expert", blank=True, related_name="calls", help_text="The call's expert pool."
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CallStatus.DRAFT) | Q(deadline__isnull=False),
                name="calls_call_published_has_deadline",
                violation_error_message="A published or closed call needs a deadline.",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gt=models.F("opens_at")),
                name="calls_call_deadline_after_opening",
                violation_error_message="The deadline must be after the opening.",
            ),
            models.CheckConstraint(
                condition=~Q(is_two_stage=True)
                | Q(status=CallStatus.DRAFT)
                | Q(full_application_deadline__gt=models.F("deadline")),
                name="calls_call_full_deadline_after_deadline",
                violation_error_message=(
                    "A two-stage call needs a full-application deadline after the first deadline."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_regions__gte=1) & Q(min_countries__gte=1),
                name="calls_call_min_consortium_positive",
            ),
            models.CheckConstraint(
                condition=Q(max_attachment_mb__gte=1) & Q(max_attachment_mb__lte=100),
                name="calls_call_attachment_size_1_100",
            ),
            models.CheckConstraint(
                condition=~Q(status=CallStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="calls_call_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CallCutoff(models.Model):
    """A cut-off of a rolling call: applications submitted up to it are evaluated together."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="cutoffs")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "at"], name="calls_cutoff_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.call}: {self.at:%Y-%m-%d %H:%M} UTC"


class CallField(models.Model):
    """A question of the call's application form (answers live in ``Application.answers``)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(max_length=50)
    label = models.CharField(max_length=200)
    help_text = models.CharField(max_length=500, blank=True)
    type = models.CharField(max_length=20, choices=FieldType.choices, default=FieldType.TEXTAREA)
    choices = models.JSONField(default=list, blank=True)
    is_required = models.BooleanField(default=True)
    max_length = models.PositiveIntegerField(null=True, blank=True)
    stage = models.PositiveSmallIntegerField(
        choices=Stage.choices, default=Stage.EXPRESSION_OF_INTEREST
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["stage", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "key"], name="calls_field_unique_key"),
        ]

    def __str__(self) -> str:
        return self.label


class CallQuestion(models.Model):
    """A question asked about the call; facilitators answer and publish it for everyone."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    question = models.TextField()
    answer = models.TextField(blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    is_published = models.BooleanField(default=False)

    class Meta:
        ordering = ["asked_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | ~Q(answer=""),
                name="calls_question_published_has_answer",
                violation_error_message="Only answered questions can be published.",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:80]


class Criterion(models.Model):
    """A weighted evaluation criterion, scored from 0 to ``max_score``."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=5, decimal_places=2, default=1)
    max_score = models.PositiveSmallIntegerField(default=5)
    threshold = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Minimum score for the application to pass."
    )
    stage = models.PositiveSmallIntegerField(
        choices=Stage.choices, default=Stage.EXPRESSION_OF_INTEREST
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["stage", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "stage", "name"], name="calls_criterion_unique_name"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="calls_criterion_weight_gt_0"),
            models.CheckConstraint(
                condition=Q(max_score__gte=1), name="calls_criterion_max_score_gte_1"
            ),
            models.CheckConstraint(
                condition=Q(threshold__isnull=True) | Q(threshold__lte=models.F("max_score")),
                name="calls_criterion_threshold_lte_max",
            ),
        ]

    def __str__(self) -> str:
        return self.name
