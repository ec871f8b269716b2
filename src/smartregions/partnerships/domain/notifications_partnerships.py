"""Who hears about a partnership: the users acting for its members, and the notices they get.

A user acts for a member region when they represent it or a region above it (a NUTS-2
representative acts for the NUTS-3 regions below, as in
:func:`~smartregions.accounts.domain.queries.role_summary`), and for a member organisation when
they are one of its members. Recipients are read inside the caller's transaction;
:func:`~smartregions.common.domain.notifications.notify` sends the e-mails on commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from smartregions.accounts.domain.queries import users_acting_for as acting_for
from smartregions.accounts.models import User
from smartregions.common.domain.notifications import notify
from smartregions.partnerships.enums import LEADING_ROLES
from smartregions.partnerships.models import Partnership, PartnershipMember


def users_acting_for(parties: Iterable[Any]) -> list[User]:
    """Active users acting for any of ``parties`` (rows with ``region`` and/or
    ``organisation``: members, join requests, region plans); a party with a region counts
    for its region only. One query, each user once, ordered by e-mail.
    """
    parties = list(parties)
    return acting_for(
        regions=[p.region for p in parties if getattr(p, "region_id", None) is not None],
        organisation_ids=[
            p.organisation_id
            for p in parties
            if getattr(p, "region_id", None) is None
            and getattr(p, "organisation_id", None) is not None
        ],
    )


def _active_members(partnership: Partnership) -> list[PartnershipMember]:
    return list(
        PartnershipMember.objects.filter(partnership=partnership, left_at__isnull=True)
        .select_related("region")
        .order_by("id")
    )


def leader_users(partnership: Partnership) -> list[User]:
    """Users acting for the lead or a co-lead member of ``partnership``."""
    return users_acting_for(m for m in _active_members(partnership) if m.role in LEADING_ROLES)


def member_users(partnership: Partnership) -> list[User]:
    """Users acting for any current member of ``partnership`` (leaders included)."""
    return users_acting_for(_active_members(partnership))


def partnership_url(partnership: Partnership, name: str = "web:partnership-detail") -> str:
    """The site-relative link of a partnership page (``name`` picks which one)."""
    return reverse(name, args=[partnership.slug])


def notify_members(
    partnership: Partnership, *, kind: str, title: str, body: str = "", actor: Any = None
) -> None:
    """Tell every user acting for a current member (not ``actor``) what happened."""
    notify(
        recipients=member_users(partnership),
        kind=kind,
        title=title,
        body=body,
        url=partnership_url(partnership),
        exclude=actor,
    )


def notify_leaders(
    partnership: Partnership,
    *,
    kind: str,
    title: str,
    body: str = "",
    actor: Any = None,
    url: str = "",
) -> None:
    """Tell the users acting for the lead and co-leads (not ``actor``) what needs them."""
    notify(
        recipients=leader_users(partnership),
        kind=kind,
        title=title,
        body=body,
        url=url or partnership_url(partnership),
        exclude=actor,
    )


def notify_party(
    party: Any,
    partnership: Partnership,
    *,
    kind: str,
    title: str,
    body: str = "",
    actor: Any = None,
    extra: Iterable[Any] = (),
) -> None:
    """Tell the users acting for one region or organisation ``party`` (and ``extra`` users)."""
    notify(
        recipients=[*users_acting_for([party]), *extra],
        kind=kind,
        title=title,
        body=body,
        url=partnership_url(partnership),
        exclude=actor,
    )
