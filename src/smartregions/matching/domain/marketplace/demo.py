"""Synthetic demo marketplace: offers and requests of the synthetic registry's organisations.

Every SME and research organisation made by the synthetic registry generator
(:func:`~smartregions.regions.domain.synthetic.synthetic_registry_organisations`) gets two
cooperation profiles, an offer and a request, worded from its theme
(:data:`~smartregions.regions.domain.synthetic.THEMES`) and coded with its NACE codes and
thematic areas. Every row has ``is_synthetic=True`` and a ``[Synthetic]`` title prefix. About
one profile in twelve has already expired, and a few organisations expressed interest in
complementary profiles (some accepted, some declined). The same seed always yields the same
profiles; a second call changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from smartregions.matching.domain.marketplace import interests as interest_domain
from smartregions.matching.domain.marketplace import profiles as profile_domain
from smartregions.matching.domain.marketplace.queries import today
from smartregions.matching.enums import CooperationType, ProfileKind, ProfileStatus
from smartregions.matching.models import CooperationProfile
from smartregions.organisations.enums import OrganisationType
from smartregions.organisations.models import Organisation
from smartregions.regions.domain.synthetic import FLAG, THEMES, Theme
from smartregions.regions.domain.synthetic.registry import synthetic_registry_organisations

EXPIRED_SHARE = 1 / 12
INTERESTS = 16


def synthetic_profiles() -> object:
    """The demo's synthetic cooperation profiles (any seed)."""
    return CooperationProfile.objects.filter(is_synthetic=True, title__startswith=f"{FLAG} ")


def _theme_of(organisation: Organisation) -> Theme:
    keywords = set(organisation.keywords)
    return next((t for t in THEMES if keywords & set(t.keywords)), THEMES[0])


def _texts(
    rng: random.Random, organisation: Organisation, theme: Theme, kind: str
) -> dict[str, object]:
    """Title, summary, description, type, keywords and TRL of one profile."""
    place = organisation.region.name_latin
    words = rng.sample(list(theme.keywords), k=min(3, len(theme.keywords)))
    main, *others = words
    action = rng.choice(theme.actions)
    research = organisation.type == OrganisationType.RESEARCH
    note = f"{FLAG} Fictitious profile generated for the demo; {organisation.name} is not real."
    if kind == ProfileKind.OFFER and research:
        return {
            "cooperation_type": CooperationType.TECHNOLOGY,
            "title": (
                f"{FLAG} {main.capitalize()} know-how available for licensing and co-development"
            ),
            "summary": (
                f"A research organisation in {place} offers validated results in {main} "
                f"that help to {theme.goal}."
            ),
            "description": (
                f"{note} Our laboratory works on {', '.join(others)}. We offer licences, "
                f"contract research and joint projects, for example {action}."
            ),
            "trl": rng.randint(3, 6),
        }
    if kind == ProfileKind.OFFER:
        return {
            "cooperation_type": CooperationType.BUSINESS,
            "title": f"{FLAG} {main.capitalize()} solutions: distribution and integration partners",
            "summary": (
                f"An SME in {place} with {theme.strength} offers market-ready {main} "
                "products and looks for distributors and system integrators abroad."
            ),
            "description": (
                f"{note} The products cover {', '.join(others)}. We offer commercial agency, "
                "distribution or joint-venture agreements."
            ),
            "trl": rng.randint(7, 9),
        }
    if research:
        return {
            "cooperation_type": CooperationType.RESEARCH,
            "title": f"{FLAG} Research partners wanted for {action}",
            "summary": (
                f"A research organisation in {place} builds a consortium on {main} for "
                "Horizon Europe and Interreg calls and looks for industrial partners."
            ),
            "description": (
                f"{note} The project aims to {theme.goal}. We seek companies and research "
                f"groups experienced in {', '.join(others)}."
            ),
            "trl": rng.randint(2, 5),
        }
    return {
        "cooperation_type": CooperationType.TECHNOLOGY,
        "title": f"{FLAG} Technology partner sought in {main}",
        "summary": (
            f"An SME in {place} looks for a technology provider or research partner in {main} "
            f"to {theme.goal}."
        ),
        "description": (
            f"{note} We want to introduce {', '.join(others)} in our production and are open "
            f"to technical cooperation, licensing or joint R&D, for example {action}."
        ),
        "trl": rng.randint(5, 8),
    }


def _make_profile(
    rng: random.Random, organisation: Organisation, kind: str, *, expired: bool
) -> CooperationProfile:
    theme = _theme_of(organisation)
    texts = _texts(rng, organisation, theme, kind)
    started = today() - dt.timedelta(days=rng.randint(400, 700) if expired else rng.randint(0, 300))
    profile = profile_domain.create_profile(
        actor=None,
        organisation=organisation,
        kind=kind,
        keywords=rng.sample(list(theme.keywords), k=min(3, len(theme.keywords))),
        valid_from=today(),
        valid_until=today() + dt.timedelta(days=365),
        nace_codes=list(organisation.nace_codes.all()),
        thematic_areas=list(organisation.thematic_areas.all()),
        is_synthetic=True,
        **texts,
    )
    profile_domain.publish_profile(actor=None, profile=profile)
    # Backdate: the profile was published when its validity started.
    published = timezone.make_aware(dt.datetime.combine(started, dt.time(9, 30)))
    until = started + dt.timedelta(days=365)
    CooperationProfile.objects.filter(pk=profile.pk).update(
        valid_from=started,
        valid_until=until,
        published_at=published,
        status=ProfileStatus.EXPIRED if until < today() else ProfileStatus.PUBLISHED,
    )
    profile.refresh_from_db()
    return profile


def _express_some(rng: random.Random, created: list[CooperationProfile]) -> tuple[int, int]:
    """Expressions of interest between complementary live profiles of the same theme."""
    by_theme: dict[str, list[CooperationProfile]] = defaultdict(list)
    for profile in created:
        if profile.status == ProfileStatus.PUBLISHED:
            by_theme[_theme_of(profile.organisation).key].append(profile)
    pairs = []
    for group in by_theme.values():
        offers = [p for p in group if p.kind == ProfileKind.OFFER]
        requests = [p for p in group if p.kind == ProfileKind.REQUEST]
        pairs += [
            (request, offer)
            for request in requests
            for offer in offers
            if request.organisation_id != offer.organisation_id
        ]
    rng.shuffle(pairs)
    sent = accepted = 0
    for request, offer in pairs[:INTERESTS]:
        interest = interest_domain.express_interest(
            actor=None,
            profile=offer,
            organisation=request.organisation,
            message=(
                f"{FLAG} We are {request.organisation.name} and look for exactly this: "
                f"{request.summary} Could we discuss a cooperation?"
            ),
        )
        sent += 1
        roll = rng.random()
        if roll < 0.4:
            interest_domain.accept_interest(
                actor=None, interest=interest, response=f"{FLAG} Gladly, let us set up a call."
            )
            accepted += 1
        elif roll < 0.6:
            interest_domain.decline_interest(
                actor=None, interest=interest, response=f"{FLAG} Not a fit for us right now."
            )
    return sent, accepted


@transaction.atomic
def load_demo_marketplace(*, seed: int = 7) -> str:
    """Create the synthetic marketplace once; returns a one-line summary.

    Idempotent: if synthetic profiles exist, nothing changes. Needs the synthetic registry's
    organisations (``generate_synthetic_registry``); without them nothing is created.
    Side effects: profiles, expressions of interest and their activity-log entries.
    """
    existing = synthetic_profiles().count()
    if existing:
        return f"{existing} synthetic cooperation profiles (already present)"
    organisations = list(
        synthetic_registry_organisations()
        .filter(type__in=[OrganisationType.SME, OrganisationType.RESEARCH])
        .select_related("region")
        .prefetch_related("nace_codes", "thematic_areas")
        .order_by("id")
    )
    if not organisations:
        return "no synthetic organisations: generate the synthetic registry first"
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    created = []
    for organisation in organisations:
        kinds = [ProfileKind.OFFER, ProfileKind.REQUEST]
        rng.shuffle(kinds)
        for kind in kinds:
            expired = rng.random() < EXPIRED_SHARE
            created.append(_make_profile(rng, organisation, kind, expired=expired))
    sent, accepted = _express_some(rng, created)
    live = sum(p.status == ProfileStatus.PUBLISHED for p in created)
    return (
        f"{len(created)} synthetic cooperation profiles ({live} live) of "
        f"{len(organisations)} organisations, {sent} expressions of interest "
        f"({accepted} accepted; seed {seed})"
    )
