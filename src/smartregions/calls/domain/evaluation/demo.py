"""Demo data of the evaluation: an expert pool, and the demo calls' submitted applications
reviewed part of the way, so every page of the evaluation has something to show.

Runs on the synthetic calls (never on real ones) that have submitted applications and no
reviews yet: it assigns reviewers automatically, then, application by application in the order
they came in, has the experts declare no conflict and submit seeded scores: the first
application is a strong one, the others are drawn between weak and good, and the last one's
reviews stay open (the panel is still waiting for them). The panel records its consensus (the
mean review total) wherever every review is in, always decides the best-ranked application and
about half of the others (accept, or invite to the full application at stage 1 of a two-stage
call, from a consensus of 60; reject below). So the demo always has an accepted application,
which the partnership demo turns into a partnership. Everything goes through the domain
functions, so the audit trail and the notifications are those of real use.

The demo expert login (:data:`EXPERT_EMAIL`) is given, by hand, one review of an application
still waiting for its reviews (:func:`assign_demo_expert_review`), so whoever signs in as the
expert has work to do.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership, User
from smartregions.calls.domain.evaluation.assignment import (
    assign_reviewer,
    auto_assign_reviewers,
)
from smartregions.calls.domain.evaluation.decisions import record_consensus, record_decision
from smartregions.calls.domain.evaluation.experts import register_expert
from smartregions.calls.domain.evaluation.reviews import Mark, declare_no_conflict, submit_review
from smartregions.calls.domain.queries.evaluation import stage_criteria
from smartregions.calls.enums import (
    ApplicationStatus,
    CallStatus,
    DecisionOutcome,
    ReviewStatus,
    Stage,
)
from smartregions.calls.models import Application, Call, Expert, PanelConsensus, Review
from smartregions.common.domain.activity import log_activity
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.models import Region, ThematicArea

DEMO_DOMAIN = "demo.smartregions.eu"
EXPERT_EMAIL = f"expert@{DEMO_DOMAIN}"
#: Name, thematic area (slug) and expertise of the demo experts.
EXPERTS = [
    ("Alena Mráčková", "solar-energy", "Photovoltaic plants, solar heat and energy storage."),
    ("Bruno Ferreira", "smart-grids", "Smart grids, demand response and energy communities."),
    ("Claire Dubois", "advanced-manufacturing", "Industrial robotics and digital twins."),
    ("Dario Conti", "high-tech-farming", "Precision farming, farm sensors and food traceability."),
    ("Elin Berg", "resource-efficiency", "Circular economy, recycling and industrial symbiosis."),
    ("Filip Novák", "artificial-intelligence-hmi", "Machine learning and data platforms."),
    ("Greta Lindholm", "sustainable-tourism", "Rural tourism, cultural routes and hospitality."),
    ("Hugo Martens", "health", "Medical technologies and health innovation ecosystems."),
]
PASSING_SCORE = 60


def _region(rng: random.Random) -> Region | None:
    regions = list(
        Region.objects.filter(
            level=2, nuts_version=current_nuts_version(), is_extra_regio=False
        ).order_by("code")
    )
    return rng.choice(regions) if regions else None


def ensure_demo_experts(rng: random.Random) -> list[Expert]:
    """The demo expert pool (created once; users without a password)."""
    areas = {a.slug: a for a in ThematicArea.objects.all()}
    experts = []
    for number, (name, area, expertise) in enumerate(EXPERTS, start=1):
        email = f"expert{number}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, None, full_name=name
        )
        expert = Expert.objects.filter(user=user).first() or register_expert(
            actor=None,
            user=user,
            region=_region(rng),
            thematic_areas=[areas[area]] if area in areas else [],
            expertise=expertise,
            max_load=6,
        )
        experts.append(expert)
    return experts


@transaction.atomic
def ensure_demo_expert_account(*, email: str = EXPERT_EMAIL, password: str) -> Expert:
    """The demo login of an expert (``expert@demo.smartregions.eu``): created or repaired with
    ``password``, the ``expert`` role and a profile without affiliations (so every application
    may be given to them)."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password, full_name="Demo expert")
    elif not user.check_password(password) or not user.is_active:
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    if not Membership.objects.filter(user=user, role=Role.EXPERT).exists():
        grant_membership(actor=None, user=user, role=Role.EXPERT)
    return Expert.objects.filter(user=user).first() or register_expert(
        actor=None, user=user, expertise="Regional innovation policy and smart specialisation."
    )


#: Share of the maximum score around which the first, strong application is marked.
STRONG = 0.9


def _mark(max_score: int, quality: float, rng: random.Random) -> int:
    """A score near ``quality`` of ``max_score`` (within about half a point)."""
    return min(max_score, max(0, round(quality * max_score + rng.uniform(-0.6, 0.6))))


def _review_some(call: Call, rng: random.Random) -> int:
    """Submit the reviews of all but the last waiting application (see the module docstring)."""
    submitted = 0
    waiting = list(
        Application.objects.filter(call=call, status=ApplicationStatus.UNDER_REVIEW).order_by("id")
    )
    for index, application in enumerate(waiting[:-1] if len(waiting) > 1 else waiting):
        quality = STRONG if index == 0 else rng.uniform(0.35, 0.8)
        criteria = stage_criteria(call, application.stage)
        reviews = Review.objects.filter(
            application=application, stage=application.stage, status=ReviewStatus.ASSIGNED
        ).select_related("application__call", "expert__user")
        for review in reviews.order_by("id"):
            if review.expert.user.email == EXPERT_EMAIL:
                continue  # the demo login's reviews are left for whoever signs in
            marks = {c.pk: Mark(_mark(c.max_score, quality, rng)) for c in criteria}
            user = review.expert.user
            declare_no_conflict(actor=user, review=review)
            submit_review(actor=user, review=review, marks=marks, comment="Demo review.")
            submitted += 1
    return submitted


def _decide(application: Application, score: Decimal) -> None:
    call = application.call
    passed = score >= PASSING_SCORE
    first_of_two = call.is_two_stage and application.stage == Stage.EXPRESSION_OF_INTEREST
    outcome = (
        (DecisionOutcome.ADVANCE if first_of_two else DecisionOutcome.ACCEPT)
        if passed
        else DecisionOutcome.REJECT
    )
    reasons = "Strong relevance and a credible consortium." if passed else "Below the funding line."
    record_decision(actor=None, application=application, outcome=outcome, reasons=reasons)


def _panel(call: Call, rng: random.Random) -> tuple[int, int]:
    """Consensus on every fully reviewed application; decide the best and about half the rest."""
    agreed: list[tuple[Decimal, Application]] = []
    waiting = Application.objects.filter(call=call, status=ApplicationStatus.UNDER_REVIEW)
    for application in waiting.select_related("call").order_by("id"):
        reviews = list(Review.objects.filter(application=application, stage=application.stage))
        statuses = {r.status for r in reviews}
        if ReviewStatus.ASSIGNED in statuses or ReviewStatus.SUBMITTED not in statuses:
            continue
        if PanelConsensus.objects.filter(application=application, stage=application.stage).exists():
            continue
        totals = [r.total for r in reviews if r.status == ReviewStatus.SUBMITTED]
        score = (sum(totals) / len(totals)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        record_consensus(
            actor=None,
            application=application,
            score=score,
            comment="The panel agrees with the reviewers' mean.",
        )
        agreed.append((score, application))
    agreed.sort(key=lambda pair: (-pair[0], pair[1].pk))
    decided = 0
    for rank, (score, application) in enumerate(agreed):
        if rank == 0 or rng.random() < 0.5:
            _decide(application, score)
            decided += 1
    return len(agreed), decided


def demo_calls_to_evaluate() -> list[Call]:
    """The synthetic published or closed calls with criteria, submitted applications and no
    review yet (a call the demo evaluated once is left as it is)."""
    calls = Call.objects.filter(
        is_synthetic=True,
        status__in=[CallStatus.PUBLISHED, CallStatus.CLOSED],
        criteria__isnull=False,
        applications__status=ApplicationStatus.SUBMITTED,
    ).exclude(applications__reviews__isnull=False)
    return list(calls.distinct().order_by("id"))


@transaction.atomic
def load_demo_evaluation(*, seed: int = 7) -> str:
    """Load the evaluation demo (see the module docstring); running it again changes nothing
    (calls that have reviews are skipped). Returns a one-line summary."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    experts = ensure_demo_experts(rng)
    assigned = submitted = consensus = decided = 0
    for call in demo_calls_to_evaluate():
        assigned += len(auto_assign_reviewers(actor=None, call=call).reviews)
        submitted += _review_some(call, rng)
        agreed, done = _panel(call, rng)
        consensus, decided = consensus + agreed, decided + done
    return (
        f"{len(experts)} experts; {assigned} reviews assigned, {submitted} submitted; "
        f"{consensus} consensus, {decided} decisions"
    )


def assign_demo_expert_review(*, expert: Expert) -> Review | None:
    """Give the demo expert login one review to do, by hand, if it has none: of the latest
    synthetic application under review without the panel's consensus, in a call without a
    panel (a fourth reviewer where the automatic assignment gave three). The expert is
    notified as in real use. Returns the new review, or ``None``."""
    if Review.objects.filter(expert=expert).exists():
        return None
    candidates = (
        Application.objects.filter(
            is_synthetic=True, status=ApplicationStatus.UNDER_REVIEW, consensus__isnull=True
        )
        .filter(call__panel__isnull=True)
        .order_by("-id")
    )
    application = candidates.first()
    if application is None:
        return None
    return assign_reviewer(actor=None, application=application, expert=expert)


@transaction.atomic
def delete_demo_experts(*, actor: Any = None) -> int:
    """Take the demo's experts (``@demo.smartregions.eu``) out of the pool, for ``smartregions
    demo --reset``; their user accounts stay (the demo logins survive a reset).

    Run it after the synthetic applications and partnerships are deleted; an expert who still
    holds a review or a partnership seat elsewhere is kept. Returns the profiles deleted; logs
    ``expert.demo_delete``.
    """
    experts = Expert.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").filter(
        reviews__isnull=True, partnership_assignments__isnull=True
    )
    ids = list(experts.values_list("pk", flat=True))
    Expert.objects.filter(pk__in=ids).delete()
    log_activity(actor=actor, action="expert.demo_delete", data={"experts": len(ids)})
    return len(ids)
