"""Saved marketplace searches and their e-mail digests.

A signed-in user saves the criteria of a marketplace search with a name and a frequency (daily
or weekly). :func:`send_saved_search_digests` (run by the ``send_saved_search_digests`` task,
which the ``smartregions send_digests`` command enqueues from cron or the database worker)
e-mails each due search's new matches.

Who gets digests: only active users whose latest ``newsletter`` consent is a grant (GDPR: the
digest is an e-mail the person asked for, and withdrawing the consent stops every digest at
once). A search of a user without that consent is skipped and stays due, so it resumes once
consent is given.

Delivery is at most once: each search is handled in its own transaction that records a
:class:`~smartregions.matching.models.SavedSearchDelivery` naming the profiles and queues the
e-mail on commit. A profile is never sent twice for one search; re-running the task sends
nothing new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from smartregions.accounts.enums import ConsentPurpose
from smartregions.accounts.models import ConsentRecord, User
from smartregions.common.domain.activity import log_activity
from smartregions.matching.domain.marketplace.mail import absolute_url, queue_mail
from smartregions.matching.domain.marketplace.queries import MarketplaceSearch, search_profiles
from smartregions.matching.enums import DigestFrequency
from smartregions.matching.models import CooperationProfile, SavedSearch, SavedSearchDelivery

PERIODS = {DigestFrequency.DAILY: dt.timedelta(days=1), DigestFrequency.WEEKLY: dt.timedelta(7)}
#: A search is due slightly before a full period has passed, so a daily cron job at 06:00 that
#: finished at 06:00:05 yesterday still sends today.
SLACK = dt.timedelta(hours=1)
#: At most this many profiles are listed in one digest (the rest follow in the next one).
MAX_PROFILES = 25
DUPLICATE_NAME = "You already have a saved search with this name."


def _check_name(*, user: User, name: str, exclude_pk: int | None = None) -> str:
    text = " ".join(name.split())
    if not text:
        raise ValidationError({"name": "Give the search a name."})
    if len(text) > SavedSearch._meta.get_field("name").max_length:
        raise ValidationError({"name": "The name is too long (at most 200 characters)."})
    clash = SavedSearch.objects.filter(user=user, name=text).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": DUPLICATE_NAME})
    return text


def _save_unique(saved: SavedSearch) -> None:
    """Save ``saved``, turning the unique-name constraint into a ``ValidationError`` on ``name``.

    :func:`_check_name` runs first, but a concurrent request may take the name between that
    check and this save; the savepoint keeps the caller's transaction usable.
    """
    try:
        with transaction.atomic():
            saved.save()
    except IntegrityError as error:
        raise ValidationError({"name": DUPLICATE_NAME}) from error


def _check_frequency(frequency: str) -> str:
    if frequency not in DigestFrequency.values:
        choices = ", ".join(DigestFrequency.values)
        raise ValidationError({"frequency": f"Choose one of: {choices}."})
    return frequency


@transaction.atomic
def save_search(
    *,
    actor: User,
    name: str,
    criteria: MarketplaceSearch,
    frequency: str = DigestFrequency.WEEKLY,
) -> SavedSearch:
    """Save ``criteria`` for ``actor`` under ``name``; records ``saved_search.create``.

    The first digest lists profiles published after this moment.
    """
    saved = SavedSearch(
        user=actor,
        name=_check_name(user=actor, name=name),
        query=criteria.text.strip()[:500],
        filters=criteria.as_filters(),
        frequency=_check_frequency(frequency),
    )
    _save_unique(saved)
    log_activity(actor=actor, action="saved_search.create", obj=saved)
    return saved


@transaction.atomic
def update_saved_search(
    *,
    actor: User,
    saved_search: SavedSearch,
    name: str | None = None,
    frequency: str | None = None,
    is_active: bool | None = None,
    criteria: MarketplaceSearch | None = None,
) -> SavedSearch:
    """Rename, change the frequency, pause/resume or replace the criteria of a saved search.

    Records ``saved_search.update`` with the changed fields.
    """
    changed = []
    if name is not None:
        text = _check_name(user=saved_search.user, name=name, exclude_pk=saved_search.pk)
        if text != saved_search.name:
            saved_search.name = text
            changed.append("name")
    if frequency is not None and frequency != saved_search.frequency:
        saved_search.frequency = _check_frequency(frequency)
        changed.append("frequency")
    if is_active is not None and is_active != saved_search.is_active:
        saved_search.is_active = is_active
        changed.append("is_active")
    if criteria is not None:
        saved_search.query = criteria.text.strip()[:500]
        saved_search.filters = criteria.as_filters()
        changed.append("criteria")
    _save_unique(saved_search)
    log_activity(
        actor=actor, action="saved_search.update", obj=saved_search, data={"changed": changed}
    )
    return saved_search


@transaction.atomic
def delete_saved_search(*, actor: User, saved_search: SavedSearch) -> None:
    """Delete a saved search and its delivery history; records ``saved_search.delete``."""
    log_activity(
        actor=actor,
        action="saved_search.delete",
        obj=saved_search,
        data={"name": saved_search.name},
    )
    saved_search.delete()


def criteria_of(saved_search: SavedSearch) -> MarketplaceSearch:
    """The marketplace criteria a saved search stands for."""
    return MarketplaceSearch.from_saved(query=saved_search.query, filters=saved_search.filters)


def is_due(saved_search: SavedSearch, *, now: dt.datetime) -> bool:
    """Whether a full period (daily or weekly, minus an hour of slack) passed since the last
    digest; a search that never sent anything is due at once."""
    if saved_search.last_sent_at is None:
        return True
    return now - saved_search.last_sent_at >= PERIODS[saved_search.frequency] - SLACK


def new_matches(saved_search: SavedSearch) -> QuerySet[CooperationProfile]:
    """Live profiles matching the search, published since its last digest (or its creation),
    and never sent for it before; oldest publication first."""
    since = saved_search.last_sent_at or saved_search.created_at
    sent = SavedSearchDelivery.profiles.through.objects.filter(
        savedsearchdelivery__saved_search=saved_search, cooperationprofile_id=OuterRef("pk")
    )
    return (
        search_profiles(criteria_of(saved_search))
        .filter(published_at__gt=since)
        .exclude(Exists(sent))
        .order_by("published_at", "id")
    )


def _consenting_users() -> QuerySet[User]:
    latest = ConsentRecord.objects.filter(
        user=OuterRef("pk"), purpose=ConsentPurpose.NEWSLETTER
    ).order_by("-recorded_at", "-id")
    granted = Subquery(latest.values("granted")[:1])
    return User.objects.filter(is_active=True).alias(newsletter=granted).filter(newsletter=True)


def digest_body(saved_search: SavedSearch, profiles: list[CooperationProfile]) -> str:
    """The plain-text digest listing ``profiles`` with links, and how to change the search."""
    lines = [
        f"New cooperation profiles for your saved search “{saved_search.name}”:",
        "",
    ]
    for profile in profiles:
        organisation = profile.organisation
        lines += [
            (
                f"- {profile.title} ({profile.get_kind_display()}, "
                f"{profile.get_cooperation_type_display()})"
            ),
            (
                f"  {organisation.name}, {organisation.region.country.name}; "
                f"valid until {profile.valid_until.isoformat()}"
            ),
            f"  {absolute_url('web:marketplace-profile', profile.pk)}",
        ]
    lines += [
        "",
        f"Change or pause this search: {absolute_url('web:marketplace-saved-searches')}",
        (
            "You receive this e-mail because you agreed to e-mail digests; withdraw that "
            "consent in your account to stop all digests."
        ),
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class DigestRun:
    """What :func:`send_saved_search_digests` did."""

    checked: int
    sent: int
    profiles: int

    def __str__(self) -> str:
        return (
            f"{self.sent} digest(s) with {self.profiles} profile(s) sent; "
            f"{self.checked} due search(es) checked"
        )


def _send_one(saved_search_id: int, *, now: dt.datetime) -> int:
    """Send one search's digest if it is still due and has news; returns profiles sent."""
    with transaction.atomic():
        saved = (
            SavedSearch.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=saved_search_id, is_active=True)
            .first()
        )
        if saved is None or not is_due(saved, now=now):
            return 0  # paused, deleted or sent by a concurrent run meanwhile
        profiles = list(new_matches(saved)[:MAX_PROFILES])
        if not profiles:
            return 0
        delivery = SavedSearchDelivery.objects.create(saved_search=saved, sent_at=now)
        delivery.profiles.set(profiles)
        saved.last_sent_at = now
        saved.save(update_fields=["last_sent_at"])
        log_activity(
            actor=None,
            action="saved_search.digest",
            obj=saved,
            data={"profiles": [p.pk for p in profiles]},
        )
        count = len(profiles)
        noun = "profile" if count == 1 else "profiles"
        queue_mail(
            subject=f"{count} new cooperation {noun} for “{saved.name}”",
            body=digest_body(saved, profiles),
            recipients=[saved.user.email],
        )
        return count


def send_saved_search_digests(*, now: dt.datetime | None = None) -> DigestRun:
    """E-mail every due, active saved search of a consenting active user its new matches.

    Idempotent and safe to run often (hourly cron is fine): frequency is respected through
    ``last_sent_at``; a search without news sends nothing and stays due; profiles already
    sent for a search are never sent again. Side effects: ``SavedSearchDelivery`` rows,
    ``last_sent_at`` updates, activity-log entries and e-mails (on commit, one per search).
    """
    moment = now or timezone.now()
    candidates = SavedSearch.objects.filter(is_active=True, user__in=_consenting_users()).order_by(
        "id"
    )
    due = [s.pk for s in candidates if is_due(s, now=moment)]
    sent = profiles = 0
    for saved_search_id in due:
        count = _send_one(saved_search_id, now=moment)
        if count:
            sent += 1
            profiles += count
    return DigestRun(checked=len(due), sent=sent, profiles=profiles)
