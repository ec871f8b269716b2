"""Demo data of the evaluation: an expert pool, and the calls' submitted applications reviewed
part of the way, so every page of the evaluation has something to show.

Runs on whatever calls the demo holds: for each published or closed call with criteria it
assigns reviewers automatically, has about three reviews in four declared and submitted with
seeded scores, records the panel's consensus (the mean review total) where every review is in,
and decides about half of those (accept, or invite to the full application at stage 1 of a
two-stage call, from a consensus of 60; reject below). Everything goes through the domain
functions, so the audit trail and the notifications are those of real use.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership, User
from smartregions.calls.domain.evaluation.assignment import auto_assign_reviewers
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


def _review_some(call: Call, rng: random.Random) -> int:
    submitted = 0
    reviews = Review.objects.filter(
        application__call=call, status=ReviewStatus.ASSIGNED
    ).select_related("application__call", "expert__user")
    for review in reviews.order_by("id"):
        if rng.random() >= 0.75:
            continue
        criteria = stage_criteria(call, review.stage)
        marks = {c.pk: Mark(rng.randint(c.max_score // 3, c.max_score)) for c in criteria}
        user = review.expert.user
        declare_no_conflict(actor=user, review=review)
        submit_review(actor=user, review=review, marks=marks, comment="Demo review.")
        submitted += 1
    return submitted


def _panel(call: Call, rng: random.Random) -> tuple[int, int]:
    consensus = decided = 0
    waiting = Application.objects.filter(call=call, status=ApplicationStatus.UNDER_REVIEW)
    for application in waiting.select_related("call").order_by("id"):
        reviews = list(Review.objects.filter(application=application, stage=application.stage))
        statuses = {r.status for r in reviews}
        if ReviewStatus.ASSIGNED in statuses or ReviewStatus.SUBMITTED not in statuses:
            continue
        if not PanelConsensus.objects.filter(
            application=application, stage=application.stage
        ).exists():
            totals = [r.total for r in reviews if r.status == ReviewStatus.SUBMITTED]
            score = (sum(totals) / len(totals)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
            record_consensus(
                actor=None,
                application=application,
                score=score,
                comment="The panel agrees with the reviewers' mean.",
            )
            consensus += 1
            if rng.random() < 0.5:
                passed = score >= PASSING_SCORE
                first_of_two = (
                    call.is_two_stage and application.stage == Stage.EXPRESSION_OF_INTEREST
                )
                outcome = (
                    (DecisionOutcome.ADVANCE if first_of_two else DecisionOutcome.ACCEPT)
                    if passed
                    else DecisionOutcome.REJECT
                )
                reasons = (
                    "Strong relevance and a credible consortium."
                    if passed
                    else "Below the funding line."
                )
                record_decision(
                    actor=None, application=application, outcome=outcome, reasons=reasons
                )
                decided += 1
    return consensus, decided


def load_demo_evaluation(*, seed: int = 7) -> str:
    """Load the evaluation demo (see the module docstring); running it again only continues
    where it stopped (it never redoes a step). Returns a one-line summary."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    experts = ensure_demo_experts(rng)
    assigned = submitted = consensus = decided = 0
    calls = Call.objects.filter(status__in=[CallStatus.PUBLISHED, CallStatus.CLOSED])
    for call in calls.order_by("id"):
        if not call.criteria.exists():
            continue
        assigned += len(auto_assign_reviewers(actor=None, call=call).reviews)
        submitted += _review_some(call, rng)
        agreed, done = _panel(call, rng)
        consensus, decided = consensus + agreed, decided + done
    return (
        f"{len(experts)} experts; {assigned} reviews assigned, {submitted} submitted; "
        f"{consensus} consensus, {decided} decisions"
    )
