"""Named reads of accounts: a user's roles, the regions and organisations they act for, consents.

Permission predicates ask these questions for every object on a page, so
:func:`cached_role_summary` answers them all from two queries and keeps the answer on the user
object for the rest of the request (``request.user`` is built afresh for each request).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet

from smartregions.accounts.enums import ConsentPurpose, Role
from smartregions.accounts.models import ConsentRecord, Membership, User

_MEMO_ATTRIBUTE = "_smartregions_role_summary"


@dataclass(frozen=True)
class RoleSummary:
    """Everything the permission rules need to know about one user's memberships.

    ``region_ids`` are the represented regions and all their descendants; ``country_ids`` are the
    countries whose whole territory (the NUTS-0 region) the user represents, which lets them act
    for national strategies too.
    """

    roles: frozenset[str]
    region_ids: frozenset[int]
    country_ids: frozenset[int]
    organisation_ids: frozenset[int]


EMPTY_SUMMARY = RoleSummary(frozenset(), frozenset(), frozenset(), frozenset())


def _is_signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def memberships_of(user: Any) -> QuerySet[Membership]:
    """The user's memberships with their region (and its country) and organisation loaded."""
    return (
        Membership.objects.filter(user=user)
        .select_related("region", "region__country", "organisation")
        .order_by("role", "region__code", "organisation__name", "id")
    )


def roles_of(user: Any) -> frozenset[str]:
    """The roles (:class:`~smartregions.accounts.enums.Role` values) the user holds anywhere.

    A superuser counts as a platform administrator even without a membership row.
    """
    if not _is_signed_in(user):
        return frozenset()
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    if user.is_superuser:
        roles.add(Role.PLATFORM_ADMIN.value)
    return frozenset(roles)


def _descendant_region_ids(regions: list[tuple[int, str, int]]) -> set[int]:
    """Ids of the given ``(id, code, nuts_version)`` regions and of every region below them.

    NUTS codes are hierarchical: a descendant's code starts with its ancestor's code within the
    same version, so one query with a prefix per represented region finds the whole subtree.
    """
    from smartregions.regions.models import Region

    if not regions:
        return set()
    condition = reduce(
        or_, (Q(nuts_version=version, code__startswith=code) for _, code, version in regions)
    )
    return {
        *(pk for pk, _, _ in regions),
        *Region.objects.filter(condition).values_list("id", flat=True),
    }


def represented_region_ids(user: Any) -> frozenset[int]:
    """Ids of the regions ``user`` represents, including all their descendant regions."""
    if not _is_signed_in(user):
        return frozenset()
    rows = Membership.objects.filter(user=user, role=Role.REGION_REPRESENTATIVE).values_list(
        "region_id", "region__code", "region__nuts_version"
    )
    return frozenset(_descendant_region_ids(list(rows)))


def organisation_ids(user: Any) -> frozenset[int]:
    """Ids of the organisations ``user`` is a member of."""
    if not _is_signed_in(user):
        return frozenset()
    return frozenset(
        Membership.objects.filter(user=user, role=Role.ORGANISATION_MEMBER).values_list(
            "organisation_id", flat=True
        )
    )


def role_summary(user: Any) -> RoleSummary:
    """Compute the :class:`RoleSummary` of ``user`` (two queries at most; none when anonymous)."""
    if not _is_signed_in(user):
        return EMPTY_SUMMARY
    rows = list(
        Membership.objects.filter(user=user).values_list(
            "role",
            "region_id",
            "region__code",
            "region__nuts_version",
            "region__level",
            "region__country_id",
            "organisation_id",
        )
    )
    roles = {row[0] for row in rows}
    if user.is_superuser:
        roles.add(Role.PLATFORM_ADMIN.value)
    represented = [row for row in rows if row[0] == Role.REGION_REPRESENTATIVE]
    return RoleSummary(
        roles=frozenset(roles),
        region_ids=frozenset(_descendant_region_ids([(r[1], r[2], r[3]) for r in represented])),
        country_ids=frozenset(r[5] for r in represented if r[4] == 0),
        organisation_ids=frozenset(
            row[6] for row in rows if row[0] == Role.ORGANISATION_MEMBER and row[6] is not None
        ),
    )


def cached_role_summary(user: Any) -> RoleSummary:
    """:func:`role_summary`, memoised on the user object so a page of rows costs two queries.

    Side effect: stores the summary as an attribute of ``user``. Domain functions that change
    memberships call :func:`forget_cached_roles` on the user they change.
    """
    if not _is_signed_in(user):
        return EMPTY_SUMMARY
    summary = getattr(user, _MEMO_ATTRIBUTE, None)
    if summary is None:
        summary = role_summary(user)
        setattr(user, _MEMO_ATTRIBUTE, summary)
    return summary


def forget_cached_roles(user: Any) -> None:
    """Drop the memoised :class:`RoleSummary` from ``user`` (after a membership change)."""
    # delattr rather than vars(): request.user is a lazy proxy that forwards attribute access.
    if user is not None and hasattr(user, _MEMO_ATTRIBUTE):
        delattr(user, _MEMO_ATTRIBUTE)


def current_consents(user: Any) -> dict[str, ConsentRecord | None]:
    """The latest consent record per purpose (``None`` where nothing was ever recorded)."""
    latest: dict[str, ConsentRecord | None] = dict.fromkeys(ConsentPurpose.values)
    for record in ConsentRecord.objects.filter(user=user).order_by("-recorded_at", "-id"):
        if latest.get(record.purpose) is None:
            latest[record.purpose] = record
    return latest


def has_consent(user: Any, purpose: str) -> bool:
    """Whether ``user``'s latest recorded decision for ``purpose`` is a grant."""
    record = (
        ConsentRecord.objects.filter(user=user, purpose=purpose)
        .order_by("-recorded_at", "-id")
        .first()
    )
    return bool(record and record.granted)


def _represents(region: Any) -> Q:
    # Representatives of the region or of a region above it (NUTS codes are hierarchical).
    prefixes = [region.code[:n] for n in range(2, len(region.code) + 1)]
    return Q(
        role=Role.REGION_REPRESENTATIVE,
        region__nuts_version=region.nuts_version,
        region__code__in=prefixes,
    )


def users_acting_for(*, regions: Any = (), organisation_ids: Any = ()) -> list[User]:
    """Active users who act for any of ``regions`` (as representatives of the region or of a
    region above it) or of the organisations ``organisation_ids`` (as members).

    The recipients of a notification addressed to parties of an application, a partnership or
    a plan. One query whatever the number of parties; each user once, ordered by e-mail.
    """
    conditions = [_represents(region) for region in regions]
    organisations = sorted(set(organisation_ids))
    if organisations:
        conditions.append(Q(role=Role.ORGANISATION_MEMBER, organisation_id__in=organisations))
    if not conditions:
        return []
    ids = Membership.objects.filter(reduce(or_, conditions)).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("email"))


def platform_staff_users() -> list[User]:
    """Active platform administrators and facilitators, and superusers (one query)."""
    ids = Membership.objects.filter(role__in=[Role.PLATFORM_ADMIN, Role.FACILITATOR]).values(
        "user_id"
    )
    return list(
        User.objects.filter(Q(pk__in=ids) | Q(is_superuser=True), is_active=True).order_by("email")
    )
