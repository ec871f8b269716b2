"""Evidence and cooperation ties for the partner-finder browser test, on top of the demo seed.

A synthetic employment-by-NACE-division panel over the Czech and Slovak NUTS-2 regions
(computed by the evidence engine, so complementarity and relatedness are real results), and
one accepted expression of interest tying a South Moravian cluster to a Bratislava agency.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from django.utils import timezone

from smartregions.analytics.domain.computation import request_computation, run_computation
from smartregions.analytics.enums import RunStatus
from smartregions.analytics.models import Observation
from smartregions.matching.enums import CooperationType, InterestStatus, ProfileKind, ProfileStatus
from smartregions.matching.models import CooperationProfile, ExpressionOfInterest
from smartregions.organisations.models import Organisation
from smartregions.regions.models import Region, Term
from tests.factories.analytics import DatasetFactory


def seed_partner_evidence() -> None:
    """Write and compute the panel (2022): regions lean towards one of four division groups."""
    regions = list(Region.objects.filter(level=2, is_extra_regio=False).order_by("code"))
    terms = list(Term.objects.filter(taxonomy__slug="nace-rev2", level=2).order_by("code")[:40])
    dataset = DatasetFactory(
        slug="employment-nace-2",
        name="Employment by NACE division, NUTS 2 (synthetic)",
        activity_taxonomy=terms[0].taxonomy,
        region_level=2,
        value_label="jobs",
        is_synthetic=True,
    )
    rng = np.random.default_rng(11)
    groups = np.arange(len(terms)) % 4
    lean = rng.integers(0, 4, size=len(regions))
    noise = rng.normal(0, 0.5, (len(regions), len(terms)))
    values = rng.poisson(300 * np.exp(1.4 * (lean[:, None] == groups[None, :]) + noise)) + 1
    Observation.objects.bulk_create(
        Observation(dataset=dataset, region=region, activity=term, year=2022, value=value)
        for region, row in zip(regions, values, strict=True)
        for term, value in zip(terms, row.tolist(), strict=True)
    )
    run = request_computation(dataset=dataset, actor=None, enqueue=False)
    assert run_computation(run_id=run.pk).status == RunStatus.DONE


def seed_partner_tie() -> None:
    """The Brno cluster's accepted interest in a Bratislava agency's offer."""
    agency = Organisation.objects.get(name="Bratislava Innovation Agency")
    cluster = Organisation.objects.get(name="Brno Mechatronics Cluster")
    offer = CooperationProfile.objects.create(
        organisation=agency,
        kind=ProfileKind.OFFER,
        cooperation_type=CooperationType.TECHNOLOGY,
        title="Testbed for collaborative robots",
        summary="Access to a robotics testbed for SMEs.",
        valid_from=date(2025, 1, 1),
        valid_until=date(2027, 12, 31),
        status=ProfileStatus.PUBLISHED,
        published_at=timezone.now(),
        is_synthetic=True,
    )
    ExpressionOfInterest.objects.create(
        profile=offer,
        organisation=cluster,
        message="Our members would like to test cobot cells.",
        status=InterestStatus.ACCEPTED,
        responded_at=timezone.now(),
    )
