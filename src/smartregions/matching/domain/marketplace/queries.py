"""Named, N+1-safe reads of the marketplace: live profiles, search, dashboards, contacts.

"Live" means published and not past ``valid_until``. The ``expire_profiles`` task moves such
profiles to ``expired`` once a day, but every read here compares the date itself, so a profile
never shows as live on the day after its validity even if the task has not run yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership, User
from smartregions.accounts.rules import is_platform_staff, summary_of
from smartregions.common.text import search_tokens
from smartregions.matching.enums import InterestStatus, ProfileStatus
from smartregions.matching.models import CooperationProfile, ExpressionOfInterest
from smartregions.organisations.models import Organisation
from smartregions.regions.domain.taxonomy import descendant_term_ids
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Term


def today() -> dt.date:
    """The current date in the site's time zone: validity dates are calendar days."""
    return timezone.localdate()


def live_filter(on: dt.date | None = None) -> Q:
    """Published profiles still valid on ``on`` (default: today)."""
    return Q(status=ProfileStatus.PUBLISHED, valid_until__gte=on or today())


def effective_status(profile: CooperationProfile, on: dt.date | None = None) -> str:
    """The profile's status as users see it: a published profile past its date is expired."""
    if profile.status == ProfileStatus.PUBLISHED and profile.valid_until < (on or today()):
        return ProfileStatus.EXPIRED
    return profile.status


def is_live(profile: CooperationProfile, on: dt.date | None = None) -> bool:
    """Whether ``profile`` is published and valid on ``on`` (default: today)."""
    return effective_status(profile, on) == ProfileStatus.PUBLISHED


def profiles_with_details() -> QuerySet[CooperationProfile]:
    """Profiles with organisation, region, country, author, codes, areas and countries loaded."""
    return CooperationProfile.objects.select_related(
        "organisation", "organisation__region", "organisation__region__country", "created_by"
    ).prefetch_related(
        Prefetch("nace_codes", queryset=Term.objects.select_related("taxonomy").order_by("code")),
        "thematic_areas",
        "target_countries",
    )


def live_profiles(*, on: dt.date | None = None) -> QuerySet[CooperationProfile]:
    """Live profiles with details, newest publication first."""
    return profiles_with_details().filter(live_filter(on)).order_by("-published_at", "-id")


@dataclass(frozen=True)
class MarketplaceSearch:
    """Criteria of a marketplace search; every criterion that is set must hold.

    ``nace`` codes match themselves and every code below them (section ``C`` finds division
    ``28``); ``countries`` are the Eurostat codes of the profile organisation's country;
    ``trl_min``/``trl_max`` exclude profiles without a TRL. :meth:`as_filters` and
    :meth:`from_saved` convert to and from a :class:`~smartregions.matching.models.SavedSearch`.
    """

    text: str = ""
    kinds: tuple[str, ...] = ()
    cooperation_types: tuple[str, ...] = ()
    nace: tuple[str, ...] = ()
    thematic_areas: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    trl_min: int | None = None
    trl_max: int | None = None
    exclude_organisations: tuple[int, ...] = field(default=())

    def as_filters(self) -> dict[str, Any]:
        """The JSON stored in ``SavedSearch.filters`` (without the text, stored as ``query``)."""
        filters: dict[str, Any] = {
            "kinds": list(self.kinds),
            "cooperation_types": list(self.cooperation_types),
            "nace": list(self.nace),
            "thematic_areas": list(self.thematic_areas),
            "countries": list(self.countries),
            "trl_min": self.trl_min,
            "trl_max": self.trl_max,
        }
        return {key: value for key, value in filters.items() if value not in (None, [])}

    @classmethod
    def from_saved(cls, *, query: str, filters: dict[str, Any]) -> MarketplaceSearch:
        """The criteria a saved search stands for (unknown keys are ignored)."""

        def items(key: str) -> tuple[str, ...]:
            return tuple(str(value) for value in filters.get(key) or ())

        return cls(
            text=query,
            kinds=items("kinds"),
            cooperation_types=items("cooperation_types"),
            nace=items("nace"),
            thematic_areas=items("thematic_areas"),
            countries=items("countries"),
            trl_min=filters.get("trl_min"),
            trl_max=filters.get("trl_max"),
        )


def apply_search(
    qs: QuerySet[CooperationProfile], criteria: MarketplaceSearch
) -> QuerySet[CooperationProfile]:
    """``qs`` narrowed to the profiles matching ``criteria`` (no ordering change)."""
    for token in search_tokens(criteria.text):
        qs = qs.filter(search_text__contains=token)
    if criteria.kinds:
        qs = qs.filter(kind__in=criteria.kinds)
    if criteria.cooperation_types:
        qs = qs.filter(cooperation_type__in=criteria.cooperation_types)
    if criteria.nace:
        term_ids = descendant_term_ids(kind=TaxonomyKind.ECONOMIC, codes=criteria.nace)
        through = CooperationProfile.nace_codes.through
        qs = qs.filter(
            id__in=through.objects.filter(term_id__in=term_ids).values("cooperationprofile_id")
        )
    if criteria.thematic_areas:
        through = CooperationProfile.thematic_areas.through
        qs = qs.filter(
            id__in=through.objects.filter(thematicarea__slug__in=criteria.thematic_areas).values(
                "cooperationprofile_id"
            )
        )
    if criteria.countries:
        qs = qs.filter(organisation__region__country__code__in=criteria.countries)
    if criteria.trl_min is not None:
        qs = qs.filter(trl__gte=criteria.trl_min)
    if criteria.trl_max is not None:
        qs = qs.filter(trl__lte=criteria.trl_max)
    if criteria.exclude_organisations:
        qs = qs.exclude(organisation_id__in=criteria.exclude_organisations)
    return qs


def search_profiles(
    criteria: MarketplaceSearch, *, on: dt.date | None = None
) -> QuerySet[CooperationProfile]:
    """Live profiles matching ``criteria``, newest publication first, with details loaded.

    Free text matches every word (accent- and case-insensitive) of the title, summary,
    description, keywords, codes, thematic areas and organisation name. Code and area filters
    use sub-selects, so a profile with several matching codes appears once.
    """
    return apply_search(live_profiles(on=on), criteria)


def visible_profiles(user: Any) -> QuerySet[CooperationProfile]:
    """Profiles ``user`` may open: live ones, every profile of their organisations, all for staff.

    Drafts and withdrawn or expired profiles stay private to their organisation's members and
    platform staff.
    """
    qs = profiles_with_details()
    if is_platform_staff(user):
        return qs
    return qs.filter(live_filter() | Q(organisation_id__in=summary_of(user).organisation_ids))


def user_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` is a member of (none for anonymous or inactive users)."""
    return Organisation.objects.filter(pk__in=summary_of(user).organisation_ids).order_by("name")


def eligible_sender_organisations(user: Any, profile: CooperationProfile) -> QuerySet[Organisation]:
    """``user``'s organisations that may express interest in ``profile`` (not its owner)."""
    return user_organisations(user).exclude(pk=profile.organisation_id)


def organisation_profiles(organisation_ids: Iterable[int]) -> QuerySet[CooperationProfile]:
    """All profiles of the given organisations (any status), newest first, with details."""
    return (
        profiles_with_details()
        .filter(organisation_id__in=list(organisation_ids))
        .order_by("-updated_at", "-id")
    )


def interests_with_details() -> QuerySet[ExpressionOfInterest]:
    """Expressions of interest with profile, both organisations and both people loaded."""
    return ExpressionOfInterest.objects.select_related(
        "profile",
        "profile__organisation",
        "profile__organisation__region__country",
        "profile__created_by",
        "organisation",
        "organisation__region__country",
        "sent_by",
        "responded_by",
    )


def received_interests(organisation_ids: Iterable[int]) -> QuerySet[ExpressionOfInterest]:
    """Expressions of interest in the given organisations' profiles, pending first."""
    return (
        interests_with_details()
        .filter(profile__organisation_id__in=list(organisation_ids))
        .order_by("-created_at", "-id")
    )


def sent_interests(organisation_ids: Iterable[int]) -> QuerySet[ExpressionOfInterest]:
    """Expressions of interest the given organisations sent, newest first."""
    return (
        interests_with_details()
        .filter(organisation_id__in=list(organisation_ids))
        .order_by("-created_at", "-id")
    )


def interests_of_user(user: Any) -> QuerySet[ExpressionOfInterest]:
    """Expressions sent or received by ``user``'s organisations (all of them for staff)."""
    if is_platform_staff(user):
        return interests_with_details().order_by("-created_at", "-id")
    ids = list(summary_of(user).organisation_ids)
    return (
        interests_with_details()
        .filter(Q(organisation_id__in=ids) | Q(profile__organisation_id__in=ids))
        .order_by("-created_at", "-id")
    )


def pending_interest(*, profile: CooperationProfile, organisation: Organisation) -> Any:
    """The pending expression of ``organisation`` in ``profile``, or ``None``."""
    return ExpressionOfInterest.objects.filter(
        profile=profile, organisation=organisation, status=InterestStatus.PENDING
    ).first()


def organisation_member_emails(organisation_id: int) -> list[str]:
    """E-mail addresses of the active members of an organisation, sorted (for notices)."""
    return sorted(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.ORGANISATION_MEMBER,
            memberships__organisation_id=organisation_id,
        )
        .values_list("email", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class Contact:
    """Who to write to about a profile once its owner accepted an expression of interest."""

    name: str
    email: str
    organisation: str
    website: str


def owner_contact(interest: ExpressionOfInterest) -> Contact | None:
    """The profile owner's contact, revealed to the sender only after acceptance.

    The profile's author if still active, else the first active member of the owner
    organisation. ``None`` while the expression is not accepted (or nobody is reachable).
    """
    if interest.status != InterestStatus.ACCEPTED:
        return None
    profile = interest.profile
    organisation = profile.organisation
    person = profile.created_by if profile.created_by and profile.created_by.is_active else None
    if person is None:
        person = (
            Membership.objects.filter(
                organisation=organisation, role=Role.ORGANISATION_MEMBER, user__is_active=True
            )
            .select_related("user")
            .order_by("id")
            .first()
        )
        person = person.user if person else None
    if person is None:
        return None
    return Contact(
        name=person.full_name or person.email,
        email=person.email,
        organisation=organisation.name,
        website=organisation.website,
    )
