"""Writes on cooperation profiles: create, update, publish, withdraw, expire, renew.

The workflow (enforced here, whatever the surface)::

    draft --publish--> published --(valid_until passes: expire)--> expired --renew--> published
      |                    |                                          |
      +------withdraw------+-----------------withdraw-----------------+--> withdrawn (final)

Drafts and published profiles may be edited; a published profile stays publishable after an
edit (the publication rules are checked again). A published profile past its date counts as
expired for every transition even before :func:`expire_profiles` has run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from smartregions.common.domain.activity import log_activity
from smartregions.common.text import normalise
from smartregions.matching.domain.marketplace.queries import effective_status, today
from smartregions.matching.enums import InterestStatus, ProfileStatus
from smartregions.matching.models import CooperationProfile, ExpressionOfInterest
from smartregions.organisations.models import Organisation
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Country, Term, ThematicArea

#: A profile may be published for at most this long (EEN profiles run for one to two years).
MAX_VALIDITY = dt.timedelta(days=731)
#: Fields :func:`update_profile` may change directly.
EDITABLE_FIELDS = (
    "kind",
    "cooperation_type",
    "title",
    "summary",
    "description",
    "keywords",
    "trl",
    "valid_from",
    "valid_until",
)
EDITABLE_STATUSES = (ProfileStatus.DRAFT, ProfileStatus.PUBLISHED)
WITHDRAWABLE_STATUSES = (ProfileStatus.DRAFT, ProfileStatus.PUBLISHED, ProfileStatus.EXPIRED)
AUTO_DECLINE_RESPONSE = "The profile was withdrawn by its owner."


def build_search_text(profile: CooperationProfile) -> str:
    """The normalised text free-text search matches: words of the profile, codes, areas, owner."""
    parts = [
        profile.title,
        profile.summary,
        profile.description,
        " ".join(profile.keywords),
        profile.organisation.name,
        *(f"{term.code} {term.label}" for term in profile.nace_codes.all()),
        *(area.name for area in profile.thematic_areas.all()),
    ]
    return normalise(" ".join(part for part in parts if part))


def _refresh_search_text(profile: CooperationProfile) -> None:
    profile.search_text = build_search_text(profile)
    CooperationProfile.objects.filter(pk=profile.pk).update(search_text=profile.search_text)


def _clean_keywords(keywords: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for keyword in keywords:
        text = " ".join(str(keyword).split())
        if text and text.casefold() not in {k.casefold() for k in seen}:
            seen[text] = None
    return list(seen)


def _check_nace(terms: Sequence[Term]) -> None:
    wrong = [t.code for t in terms if t.taxonomy.kind != TaxonomyKind.ECONOMIC]
    if wrong:
        raise ValidationError({"nace_codes": f"Not economic-domain codes: {', '.join(wrong)}"})


def _check_status(profile: CooperationProfile, allowed: Sequence[str], verb: str) -> str:
    status = effective_status(profile)
    if status not in allowed:
        label = ProfileStatus(status).label.lower()
        msg = f"A profile that is {label} cannot be {verb}."
        raise ValidationError({"status": msg})
    return status


def _lock(profile: CooperationProfile) -> CooperationProfile:
    """The current row of ``profile``, locked until the transaction ends.

    Every status-changing write checks and saves this fresh row, never the caller's copy: two
    requests racing on one profile (publish against withdraw) then run one after the other,
    and the second sees the first one's result (a withdrawn profile stays withdrawn).
    """
    return CooperationProfile.objects.select_for_update().get(pk=profile.pk)


def _sync(stale: CooperationProfile, fresh: CooperationProfile) -> None:
    """Copy the saved field values of ``fresh`` onto the caller's ``stale`` instance."""
    if stale is fresh:
        return
    for field in CooperationProfile._meta.concrete_fields:
        setattr(stale, field.attname, getattr(fresh, field.attname))


def check_publishable(profile: CooperationProfile, *, on: dt.date | None = None) -> None:
    """Raise a ``ValidationError`` naming each field that stops ``profile`` being published.

    Rules: a summary; at least one NACE code, thematic area or technology keyword (otherwise
    nobody can find it); ``valid_until`` not in the past and at most two years ahead;
    ``valid_from`` not after ``valid_until``. The profile must be saved (codes are read).
    """
    day = on or today()
    errors: dict[str, str] = {}
    if not profile.summary.strip():
        errors["summary"] = "A published profile needs a summary."
    if not (profile.keywords or profile.nace_codes.exists() or profile.thematic_areas.exists()):
        errors["keywords"] = (
            "Give at least one NACE code, thematic area or technology keyword so that others "
            "can find the profile."
        )
    if profile.valid_until < day:
        errors["valid_until"] = "The validity date is in the past."
    elif profile.valid_until > day + MAX_VALIDITY:
        errors["valid_until"] = "A profile may be valid for at most two years from today."
    if profile.valid_from > profile.valid_until:
        errors["valid_from"] = "The profile must start before its validity ends."
    if errors:
        raise ValidationError(errors)


def _set_relations(
    profile: CooperationProfile,
    *,
    nace_codes: Sequence[Term] | None,
    thematic_areas: Sequence[ThematicArea] | None,
    target_countries: Sequence[Country] | None,
) -> list[str]:
    changed = []
    if nace_codes is not None:
        _check_nace(nace_codes)
        profile.nace_codes.set(nace_codes)
        changed.append("nace_codes")
    if thematic_areas is not None:
        profile.thematic_areas.set(thematic_areas)
        changed.append("thematic_areas")
    if target_countries is not None:
        profile.target_countries.set(target_countries)
        changed.append("target_countries")
    return changed


@transaction.atomic
def create_profile(
    *,
    actor: Any,
    organisation: Organisation,
    kind: str,
    cooperation_type: str,
    title: str,
    summary: str,
    description: str = "",
    keywords: Iterable[str] = (),
    trl: int | None = None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    nace_codes: Sequence[Term] = (),
    thematic_areas: Sequence[ThematicArea] = (),
    target_countries: Sequence[Country] = (),
    is_synthetic: bool = False,
) -> CooperationProfile:
    """Create a draft offer or request of ``organisation``; records ``cooperation_profile.create``.

    Validity defaults to one year from today. Nothing is public until :func:`publish_profile`.
    """
    start = valid_from or today()
    profile = CooperationProfile(
        organisation=organisation,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        cooperation_type=cooperation_type,
        title=title.strip(),
        summary=summary.strip(),
        description=description.strip(),
        keywords=_clean_keywords(keywords),
        trl=trl,
        valid_from=start,
        valid_until=valid_until or start + dt.timedelta(days=365),
        is_synthetic=is_synthetic,
    )
    profile.full_clean(exclude=["search_text"])
    profile.save()
    _set_relations(
        profile,
        nace_codes=nace_codes,
        thematic_areas=thematic_areas,
        target_countries=target_countries,
    )
    _refresh_search_text(profile)
    log_activity(actor=actor, action="cooperation_profile.create", obj=profile)
    return profile


@transaction.atomic
def update_profile(
    *,
    actor: Any,
    profile: CooperationProfile,
    nace_codes: Sequence[Term] | None = None,
    thematic_areas: Sequence[ThematicArea] | None = None,
    target_countries: Sequence[Country] | None = None,
    **changes: Any,
) -> CooperationProfile:
    """Change a draft or published profile; a published one must still meet the publication
    rules afterwards (see :func:`check_publishable`). Logs the changed fields."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        msg = f"not editable: {', '.join(sorted(unknown))}"
        raise ValueError(msg)
    stale, profile = profile, _lock(profile)
    status = _check_status(profile, EDITABLE_STATUSES, "edited")
    if "keywords" in changes:
        changes["keywords"] = _clean_keywords(changes["keywords"])
    for key in ("title", "summary", "description"):
        if key in changes:
            changes[key] = changes[key].strip()
    changed = sorted(k for k, v in changes.items() if getattr(profile, k) != v)
    for key in changed:
        setattr(profile, key, changes[key])
    profile.full_clean(exclude=["search_text"])
    profile.save(update_fields=[*changed, "updated_at"])
    changed += _set_relations(
        profile,
        nace_codes=nace_codes,
        thematic_areas=thematic_areas,
        target_countries=target_countries,
    )
    if status == ProfileStatus.PUBLISHED:
        check_publishable(profile)
    _refresh_search_text(profile)
    _sync(stale, profile)
    log_activity(
        actor=actor, action="cooperation_profile.update", obj=profile, data={"changed": changed}
    )
    return profile


@transaction.atomic
def publish_profile(*, actor: Any, profile: CooperationProfile) -> CooperationProfile:
    """Publish a draft: it becomes live in the marketplace, matching and saved-search digests.

    Checks :func:`check_publishable`; sets ``published_at``. Records
    ``cooperation_profile.publish``.
    """
    stale, profile = profile, _lock(profile)
    _check_status(profile, (ProfileStatus.DRAFT,), "published")
    check_publishable(profile)
    profile.status = ProfileStatus.PUBLISHED
    profile.published_at = timezone.now()
    profile.save(update_fields=["status", "published_at", "updated_at"])
    _sync(stale, profile)
    log_activity(actor=actor, action="cooperation_profile.publish", obj=profile)
    return profile


@transaction.atomic
def withdraw_profile(*, actor: Any, profile: CooperationProfile) -> CooperationProfile:
    """Withdraw a draft, published or expired profile for good; records
    ``cooperation_profile.withdraw``.

    Pending expressions of interest in it are declined with a standard response, so their
    senders are not left waiting (no e-mail: the owner did not answer them personally).
    """
    stale, profile = profile, _lock(profile)
    _check_status(profile, WITHDRAWABLE_STATUSES, "withdrawn")
    profile.status = ProfileStatus.WITHDRAWN
    profile.save(update_fields=["status", "updated_at"])
    _sync(stale, profile)
    declined = ExpressionOfInterest.objects.filter(
        profile=profile, status=InterestStatus.PENDING
    ).update(
        status=InterestStatus.DECLINED,
        response=AUTO_DECLINE_RESPONSE,
        responded_at=timezone.now(),
        responded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_activity(
        actor=actor,
        action="cooperation_profile.withdraw",
        obj=profile,
        data={"declined_interests": declined},
    )
    return profile


@transaction.atomic
def renew_profile(
    *,
    actor: Any,
    profile: CooperationProfile,
    valid_until: dt.date,
    valid_from: dt.date | None = None,
) -> CooperationProfile:
    """Republish an expired profile with new dates; records ``cooperation_profile.renew``.

    ``valid_from`` defaults to today. The publication rules apply to the new dates; the
    profile counts as newly published (saved-search digests never repeat a profile they
    already sent).
    """
    stale, profile = profile, _lock(profile)
    _check_status(profile, (ProfileStatus.EXPIRED,), "renewed")
    old_until = profile.valid_until
    profile.valid_from = valid_from or today()
    profile.valid_until = valid_until
    check_publishable(profile)
    profile.status = ProfileStatus.PUBLISHED
    profile.published_at = timezone.now()
    profile.full_clean(exclude=["search_text"])
    profile.save(
        update_fields=["valid_from", "valid_until", "status", "published_at", "updated_at"]
    )
    _sync(stale, profile)
    log_activity(
        actor=actor,
        action="cooperation_profile.renew",
        obj=profile,
        data={"old_valid_until": old_until.isoformat(), "valid_until": valid_until.isoformat()},
    )
    return profile


@transaction.atomic
def expire_profiles(*, on: dt.date | None = None) -> int:
    """Mark every published profile past its ``valid_until`` as expired; returns how many.

    Idempotent (a second run on the same day finds nothing). Records one
    ``cooperation_profile.expire`` entry per profile, by the system.
    """
    day = on or today()
    due = list(
        CooperationProfile.objects.select_for_update()
        .filter(status=ProfileStatus.PUBLISHED, valid_until__lt=day)
        .order_by("id")
    )
    for profile in due:
        profile.status = ProfileStatus.EXPIRED
        profile.save(update_fields=["status", "updated_at"])
        log_activity(
            actor=None,
            action="cooperation_profile.expire",
            obj=profile,
            data={"valid_until": profile.valid_until.isoformat()},
        )
    return len(due)
