"""Existing cooperation ties between regions, counted for the partner finder.

A tie is either

* an accepted expression of interest (``matching.ExpressionOfInterest`` with status
  ``accepted``) between an organisation located in the focal region and one located in the
  candidate region, in either direction; or
* a shared active partnership: a current member of an active ``partnerships.Partnership`` in the
  focal region (the region itself, or an organisation located there) and another current member
  in the candidate region. Each pair of such members is one tie, whose subject is the
  partnership's name.

Regions and organisations may sit in a NUTS-3 region below a NUTS-2 candidate: they count for
the region whose code prefixes theirs. Ties inside the focal region are not counted.
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
from smartregions.partnerships.enums import PartnershipStatus
from smartregions.partnerships.models import PartnershipMember


@dataclass(frozen=True, slots=True)
class Tie:
    """One cooperation tie: ``local`` (in the focal region) and ``partner`` organisations
    (or member regions of a shared partnership)."""

    local: str
    partner: str
    partner_region: str
    subject: str
    since: datetime | None


def _interest_ties(focal_code: str) -> list[tuple[str, Tie]]:
    """(partner region code, tie) of accepted expressions of interest; one query."""
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
    return pairs


def _partnership_ties(focal_code: str) -> list[tuple[str, Tie]]:
    """(partner region code, tie) of pairs of current members of active partnerships that
    have a member in the focal region; one query (the partnerships are a subquery)."""
    located = Q(region__code__startswith=focal_code) | Q(
        organisation__region__code__startswith=focal_code
    )
    current = PartnershipMember.objects.filter(
        left_at__isnull=True, partnership__status=PartnershipStatus.ACTIVE
    )
    rows = (
        current.filter(partnership__in=current.filter(located).values("partnership_id"))
        .order_by("partnership__launched_at", "partnership_id", "id")
        .values_list(
            "partnership_id",
            "partnership__name",
            "partnership__launched_at",
            "region__code",
            "region__name_latin",
            "organisation__name",
            "organisation__region__code",
        )
    )
    by_partnership: dict[int, list[tuple]] = {}
    for row in rows:
        by_partnership.setdefault(row[0], []).append(row)
    pairs: list[tuple[str, Tie]] = []
    for members in by_partnership.values():
        named = [
            (region_name or organisation, region_code or organisation_code, name, since)
            for _, name, since, region_code, region_name, organisation, organisation_code in (
                members
            )
        ]
        local = [m for m in named if m[1].startswith(focal_code)]
        for partner, partner_code, name, since in named:
            if partner_code.startswith(focal_code):
                continue
            pairs.extend(
                (partner_code, Tie(own, partner, partner_code, name, since))
                for own, _code, _name, _since in local
            )
    return pairs


def region_ties(*, focal_code: str, candidates: Sequence[RegionRow]) -> list[list[Tie]]:
    """For each candidate, the ties between the focal region (the region ``focal_code`` or
    below it) and the candidate (or below it); two queries.

    Expressions of interest first (oldest first), then shared partnerships (oldest launch
    first) within a candidate.
    """
    pairs = _interest_ties(focal_code) + _partnership_ties(focal_code)
    found: list[list[Tie]] = [[] for _ in candidates]
    where = owners([code for code, _ in pairs], candidates)
    for (_, tie), position in zip(pairs, where.tolist(), strict=True):
        if position >= 0:
            found[position].append(tie)
    return found


def tie_counts(ties: Sequence[Sequence[Tie]]) -> np.ndarray:
    """The number of ties per candidate."""
    return np.array([len(items) for items in ties], dtype=np.float64)
