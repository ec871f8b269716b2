"""SME groups formed by a broker around a shared challenge, and their innovation partners."""

from django.conf import settings
from django.db import models

from smartregions.brokerage.enums import GroupPartnerStatus, GroupStatus


class SmeGroup(models.Model):
    """A group of SMEs with a shared challenge, led by a broker."""

    name = models.CharField(max_length=200)
    challenge = models.TextField()
    thematic_area = models.ForeignKey(
        "regions.ThematicArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nace_codes = models.ManyToManyField("regions.Term", blank=True, related_name="+")
    broker = models.ForeignKey(
        "brokerage.Broker", on_delete=models.PROTECT, related_name="sme_groups"
    )
    status = models.CharField(
        max_length=10, choices=GroupStatus.choices, default=GroupStatus.FORMING
    )
    is_synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """An SME in a group, optionally with the case it came from."""

    group = models.ForeignKey(SmeGroup, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="sme_groups"
    )
    case = models.ForeignKey(
        "brokerage.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation"],
                name="brokerage_group_member_unique",
                violation_error_message="This organisation is already a member of the group.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.group}"


class GroupPartner(models.Model):
    """An innovation partner abroad that the broker approaches for a group."""

    group = models.ForeignKey(SmeGroup, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=GroupPartnerStatus.choices, default=GroupPartnerStatus.PROPOSED
    )
    score = models.FloatField(null=True, blank=True, help_text="Match score when it was added.")
    reason = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation"],
                name="brokerage_group_partner_unique",
                violation_error_message="This organisation is already a partner of the group.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} for {self.group}"
