"""Existing cooperation ties between regions, counted for the partner finder.

Today a tie is an accepted expression of interest (``matching.ExpressionOfInterest`` with
status ``accepted``) between an organisation located in the focal region and one located in the
candidate region, in either direction. Organisations may sit in a NUTS-3 region below a NUTS-2
candidate: they count for the region whose code prefixes theirs. Partnerships (a later issue)
will add their own ties here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db.models import Q

from smartregions.matching.domain.regions.candidates import RegionRow, owners
from smartregions.matching.enums import InterestStatus
from smartregions.matching.models import ExpressionOfInterest


@dataclass(frozen=True, slots=True)
class Tie:
    """One cooperation tie: ``local`` (in the focal region) and ``partner`` organisations."""

    local: str
    partner: str
    partner_region: str
    subject: str
    since: datetime | None


def region_ties(*, focal_code: str, candidates: Sequence[RegionRow]) -> list[list[Tie]]:
    """For each candidate, the ties between organisations of the focal region (the region
    ``focal_code`` or below it) and organisations of the candidate (or below it); one query.

    Ties inside the focal region are not counted. Oldest first within a candidate.
    """
    rows = (
        ExpressionOfInterest.objects.filter(status=InterestStatus.ACCEPTED)
        .filter(
            Q(organisation__region__code__startswith=focal_code)
            | Q(profile__organisation__region__code__startswith=focal_code)
        )
        .order_by("responded_at", "id")
        .values_list(
            "organisation__name",
            "organisation__region__code",
            "profile__organisation__name",
            "profile__organisation__region__code",
            "profile__title",
            "responded_at",
        )
    )
    found: list[list[Tie]] = [[] for _ in candidates]
    pairs: list[tuple[str, Tie]] = []
    for sender, sender_code, owner, owner_code, title, when in rows:
        sender_local = sender_code.startswith(focal_code)
        owner_local = owner_code.startswith(focal_code)
        if sender_local and owner_local:
            continue
        if sender_local:
            pairs.append((owner_code, Tie(sender, owner, owner_code, title, when)))
        else:
            pairs.append((sender_code, Tie(owner, sender, sender_code, title, when)))
    where = owners([code for code, _ in pairs], candidates)
    for (_, tie), position in zip(pairs, where.tolist(), strict=True):
        if position >= 0:
            found[position].append(tie)
    return found


def tie_counts(ties: Sequence[Sequence[Tie]]) -> np.ndarray:
    """The number of ties per candidate."""
    return np.array([len(items) for items in ties], dtype=np.float64)
