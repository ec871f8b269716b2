"""Partnerships: members and contacts, join requests, methodology stages and the expert team."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.partnerships.enums import (
    JoinRequestStatus,
    MemberRole,
    MethodologyStage,
    PartnershipStatus,
)


class Partnership(models.Model):
    """An interregional thematic partnership of regions and organisations."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    description = models.TextField(blank=True)
    thematic_platform = models.ForeignKey(
        "regions.ThematicPlatform", on_delete=models.PROTECT, related_name="partnerships"
    )
    thematic_area = models.ForeignKey(
        "regions.ThematicArea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnerships",
    )
    status = models.CharField(
        max_length=20, choices=PartnershipStatus.choices, default=PartnershipStatus.FORMING
    )
    current_stage = models.CharField(
        max_length=20, choices=MethodologyStage.choices, default=MethodologyStage.SCOPING
    )
    application = models.OneToOneField(
        "calls.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnership",
        help_text="The selected application the partnership was created from, if any.",
    )
    website = models.URLField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    launched_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["status", "thematic_platform"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=PartnershipStatus.FORMING) | Q(launched_at__isnull=False),
                name="partnerships_partnership_launched_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=PartnershipStatus.CLOSED) | Q(closed_at__isnull=False),
                name="partnerships_partnership_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnershipMember(models.Model):
    """A region or organisation in a partnership, with its role."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnership_memberships",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnership_memberships",
    )
    role = models.CharField(max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, organisation__isnull=True)
                | Q(region__isnull=True, organisation__isnull=False),
                name="partnerships_member_region_xor_organisation",
                violation_error_message="A member is either a region or an organisation.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "region"],
                condition=Q(region__isnull=False),
                name="partnerships_member_unique_region",
                violation_error_message="This region is already a member.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                condition=Q(organisation__isnull=False),
                name="partnerships_member_unique_organisation",
                violation_error_message="This organisation is already a member.",
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(role=MemberRole.LEAD, left_at__isnull=True),
                name="partnerships_member_one_lead",
                violation_error_message="A partnership has one lead.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region or self.organisation} ({self.get_role_display()})"


class MemberContact(models.Model):
    """A contact person of a member (optionally a platform user)."""

    member = models.ForeignKey(PartnershipMember, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    position = models.CharField(max_length=200, blank=True)
    is_public = models.BooleanField(
        default=False, help_text="Shown on the public partnership page (with consent)."
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class JoinRequest(models.Model):
    """A region or organisation asks to join; a lead or co-lead approves or rejects."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="join_requests"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_role = models.CharField(
        max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    message = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, organisation__isnull=True)
                | Q(region__isnull=True, organisation__isnull=False),
                name="partnerships_join_region_xor_organisation",
            ),
            models.UniqueConstraint(
                fields=["partnership", "region"],
                condition=Q(region__isnull=False, status=JoinRequestStatus.PENDING),
                name="partnerships_join_one_pending_region",
                violation_error_message="This region already has a pending request.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                condition=Q(organisation__isnull=False, status=JoinRequestStatus.PENDING),
                name="partnerships_join_one_pending_organisation",
                violation_error_message="This organisation already has a pending request.",
            ),
            models.CheckConstraint(
                condition=Q(status=JoinRequestStatus.PENDING) | Q(decided_at__isnull=False),
                name="partnerships_join_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region or self.organisation} -> {self.partnership}"


class StageRecord(models.Model):
    """A methodology stage of a partnership: when it ran and what it produced."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=20, choices=MethodologyStage.choices)
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    outputs = models.TextField(blank=True, help_text="What the stage produced (Markdown).")
    links = models.JSONField(default=list, blank=True, help_text="Links to its documents.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "stage"], name="partnerships_stage_unique"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | Q(completed_at__gte=models.F("started_at")),
                name="partnerships_stage_completed_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.get_stage_display()}"


class ExpertAssignment(models.Model):
    """An expert of the pool assigned to a partnership's expert team."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="expert_team"
    )
    expert = models.ForeignKey(
        "calls.Expert", on_delete=models.PROTECT, related_name="partnership_assignments"
    )
    role = models.CharField(max_length=100, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "expert"], name="partnerships_expert_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} in {self.partnership}"
