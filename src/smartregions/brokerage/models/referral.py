"""Referrals: a broker hands a case to a broker in another country."""

from django.db import models
from django.db.models import F, Q

from smartregions.brokerage.enums import ReferralStatus


class Referral(models.Model):
    """A case offered by ``from_broker`` to ``to_broker``; accepting hands the case over."""

    case = models.ForeignKey("brokerage.Case", on_delete=models.CASCADE, related_name="referrals")
    from_broker = models.ForeignKey(
        "brokerage.Broker", on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_broker = models.ForeignKey(
        "brokerage.Broker", on_delete=models.PROTECT, related_name="referrals_received"
    )
    message = models.TextField()
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    answer = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_broker=F("to_broker")),
                name="brokerage_referral_not_to_self",
                violation_error_message="A broker cannot refer a case to themselves.",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status=ReferralStatus.PENDING),
                name="brokerage_referral_one_pending_per_case",
                violation_error_message="This case already has a referral waiting for an answer.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} -> {self.to_broker}"
