"""Cooperation profiles: the organisation marketplace's offers and requests."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from smartregions.matching.enums import TRL_CHOICES, CooperationType, ProfileKind, ProfileStatus


class CooperationProfile(models.Model):
    """An organisation's offer or request for technology, business or research cooperation.

    Like an Enterprise Europe Network partnering opportunity: coded with NACE codes, technology
    keywords, thematic areas and a technology readiness level, valid until a date, and moving
    through draft -> published -> expired (or withdrawn) in the domain functions only.
    ``search_text`` is the normalised text the matcher indexes, kept current by the domain layer.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="cooperation_profiles"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=ProfileKind.choices)
    cooperation_type = models.CharField(max_length=20, choices=CooperationType.choices)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    nace_codes = models.ManyToManyField(
        "regions.Term", blank=True, related_name="cooperation_profiles"
    )
    thematic_areas = models.ManyToManyField(
        "regions.ThematicArea", blank=True, related_name="cooperation_profiles"
    )
    keywords = models.JSONField(default=list, blank=True, help_text="Technology keywords.")
    trl = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=TRL_CHOICES, verbose_name="TRL"
    )
    target_countries = models.ManyToManyField("regions.Country", blank=True, related_name="+")
    valid_from = models.DateField()
    valid_until = models.DateField()
    status = models.CharField(
        max_length=10, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    is_synthetic = models.BooleanField(
        default=False, help_text="Generated demo data, shown with a 'synthetic' label."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "valid_until"]),
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["organisation", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(trl__isnull=True) | Q(trl__gte=1, trl__lte=9),
                name="cooperation_profile_trl_1_to_9",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")),
                name="cooperation_profile_validity_ordered",
                violation_error_message="The profile must be valid until a date after it starts.",
            ),
            models.CheckConstraint(
                # A withdrawn draft was never published; everything else past draft was.
                condition=Q(status__in=[ProfileStatus.DRAFT, ProfileStatus.WITHDRAWN])
                | Q(published_at__isnull=False),
                name="cooperation_profile_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title
