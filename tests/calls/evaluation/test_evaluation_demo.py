"""The evaluation demo: an expert pool, reviews part of the way, consensus and decisions."""

from __future__ import annotations

import re

from smartregions.accounts.models import Membership
from smartregions.calls.domain.evaluation.demo import (
    ensure_demo_expert_account,
    load_demo_evaluation,
)
from smartregions.calls.models import Call, Expert, PanelConsensus, Review
from tests.factories.regions import ThematicAreaFactory


def test_load_demo_evaluation_reviews_the_submitted_applications(ew):
    ThematicAreaFactory(slug="sustainable-tourism", name="Sustainable tourism")
    Call.objects.update(is_synthetic=True)

    summary = load_demo_evaluation(seed=3)

    numbers = [int(n) for n in re.findall(r"\d+", summary)]
    experts, assigned, submitted, consensus, decided = numbers
    assert experts == 8
    assert Expert.objects.count() == 13  # the world's five and the demo's eight
    assert assigned == Review.objects.count() == 4  # two reviewers for each application
    assert submitted == Review.objects.filter(status="submitted").count()
    assert consensus == PanelConsensus.objects.count()
    assert decided <= consensus
    greta = Expert.objects.get(user__email="expert7@demo.smartregions.eu")
    assert [a.slug for a in greta.thematic_areas.all()] == ["sustainable-tourism"]

    again = load_demo_evaluation(seed=3)

    assert again.startswith("8 experts; 0 reviews assigned")
    assert Expert.objects.count() == 13
    assert Review.objects.count() == 4


def test_demo_expert_account_is_created_and_repaired(ew):
    expert = ensure_demo_expert_account(password="first-Password-1")
    user = expert.user
    user.set_password("changed")
    user.save()

    again = ensure_demo_expert_account(password="first-Password-1")

    user.refresh_from_db()
    assert again == expert
    assert user.check_password("first-Password-1")
    assert Membership.objects.filter(user=user, role="expert").count() == 1
