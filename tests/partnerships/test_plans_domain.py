"""Action plans: creating them, the action status machine (every move), dependencies (cycles,
self, other plans, done only after dependencies), funding opportunities and regional experts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import Notification
from smartregions.partnerships.domain.actions import (
    ACTION_TRANSITIONS,
    add_action,
    change_action_status,
    delete_action,
    set_action_dependencies,
    update_action,
)
from smartregions.partnerships.domain.partnerships import close_partnership
from smartregions.partnerships.domain.plans import (
    add_funding_opportunity,
    create_partnership_plan,
    create_region_plan,
    delete_funding_opportunity,
    set_plan_experts,
    update_funding_opportunity,
    update_plan,
)
from smartregions.partnerships.enums import ActionStatus, TransitionPriority
from smartregions.partnerships.models import Action, FundingOpportunity
from tests.factories.calls import ExpertFactory


@pytest.fixture
def plan(pw, active):
    return create_partnership_plan(actor=pw.lead_rep, partnership=active)


def _action(pw, plan, title, **kwargs):
    return add_action(actor=pw.lead_rep, plan=plan, title=title, **kwargs)


def test_partnership_plan_is_one_per_partnership(pw, plan):
    assert plan.title == "Action plan of Robotics Valleys"
    with pytest.raises(ValidationError) as caught:
        create_partnership_plan(actor=pw.staff, partnership=plan.partnership)
    assert caught.value.message_dict == {
        "partnership": ["The partnership already has an action plan."]
    }


def test_region_plan_only_for_industrial_transition_regions(pw):
    plan = create_region_plan(
        actor=pw.lead_rep,
        region=pw.cz06,
        weaknesses="Coal dependence",
        transition_priorities=["reskilling", "energy_transition", "reskilling"],
    )
    assert plan.title == "Transition plan of Jihovýchod"
    assert plan.transition_priorities == ["reskilling", "energy_transition"]
    with pytest.raises(ValidationError) as caught:
        create_region_plan(actor=pw.staff, region=pw.cz06)
    assert caught.value.message_dict == {
        "region": ["CZ06 Jihovýchod already has a transition plan."]
    }
    with pytest.raises(ValidationError) as caught:
        create_region_plan(actor=pw.staff, region=pw.de11)
    assert caught.value.message_dict == {
        "region": ["DE11 Stuttgart is not an industrial-transition region."]
    }


def test_update_plan_validates_priorities(pw):
    plan = create_region_plan(actor=pw.staff, region=pw.cz06)
    update_plan(
        actor=pw.lead_rep,
        plan=plan,
        title="Just transition of Jihovýchod",
        weaknesses="Ageing workforce",
        assets="Technical universities",
        transition_priorities=[TransitionPriority.INVESTMENT_BARRIERS],
    )
    plan.refresh_from_db()
    assert (plan.title, plan.assets, plan.transition_priorities) == (
        "Just transition of Jihovýchod",
        "Technical universities",
        ["investment_barriers"],
    )
    with pytest.raises(ValidationError) as caught:
        update_plan(actor=pw.staff, plan=plan, title="T", transition_priorities=["tourism"])
    assert caught.value.message_dict == {
        "transition_priorities": ["Unknown transition priorities: tourism."]
    }


def test_region_plan_experts_are_active_pool_experts(pw):
    plan = create_region_plan(actor=pw.staff, region=pw.cz06)
    set_plan_experts(actor=pw.lead_rep, plan=plan, experts=[pw.expert])
    assert list(plan.experts.all()) == [pw.expert]
    assert Notification.objects.filter(recipient=pw.expert.user, kind="plan.expert_added").exists()
    retired = ExpertFactory(is_active=False, user__full_name="Rita Retired")
    with pytest.raises(ValidationError) as caught:
        set_plan_experts(actor=pw.staff, plan=plan, experts=[retired])
    assert caught.value.message_dict == {
        "experts": ["Not active in the expert pool: Rita Retired."]
    }


def test_partnership_plan_has_no_own_experts(pw, plan):
    with pytest.raises(ValidationError) as caught:
        set_plan_experts(actor=pw.staff, plan=plan, experts=[pw.expert])
    assert caught.value.message_dict == {
        "experts": ["A partnership's experts are its expert team, not the plan's."]
    }


def test_add_action_appends_and_notifies_owner(pw, plan):
    first = _action(pw, plan, "Map robot suppliers", owner=pw.member_rep)
    second = _action(pw, plan, "Visit pilot lines", owner_name="Jan Novák", depends_on=[first])
    assert (first.position, second.position) == (0, 1)
    assert list(second.depends_on.all()) == [first]
    assert Notification.objects.get(recipient=pw.member_rep, kind="plan.action").title == (
        "You own the action Map robot suppliers"
    )


def test_action_owner_is_a_user_or_a_name(pw, plan):
    with pytest.raises(ValidationError) as caught:
        _action(pw, plan, "X", owner=pw.member_rep, owner_name="Jan")
    assert caught.value.message_dict == {
        "owner_name": ["Give the owner as a platform user or as a name, not both."]
    }


def test_update_action_notifies_new_owner(pw, plan):
    action = _action(pw, plan, "Map robot suppliers")
    update_action(
        actor=pw.lead_rep,
        action=action,
        title="Map cobot suppliers",
        owner=pw.colead_rep,
        deadline=dt.date(2026, 9, 30),
    )
    action.refresh_from_db()
    assert (action.title, action.owner, action.deadline) == (
        "Map cobot suppliers",
        pw.colead_rep,
        dt.date(2026, 9, 30),
    )
    assert Notification.objects.filter(recipient=pw.colead_rep, kind="plan.action").exists()


# --- the status machine ---------------------------------------------------------------------


def _path_to(status):
    """Allowed moves from planned to ``status``."""
    return {
        ActionStatus.PLANNED: [],
        ActionStatus.IN_PROGRESS: [ActionStatus.IN_PROGRESS],
        ActionStatus.BLOCKED: [ActionStatus.BLOCKED],
        ActionStatus.DONE: [ActionStatus.DONE],
        ActionStatus.CANCELLED: [ActionStatus.CANCELLED],
    }[status]


ALL_MOVES = [(a, b) for a in ActionStatus.values for b in ActionStatus.values]


@pytest.mark.parametrize(("start", "target"), ALL_MOVES)
def test_action_status_moves(pw, plan, start, target):
    action = _action(pw, plan, "Pilot")
    for step in _path_to(start):
        change_action_status(actor=pw.lead_rep, action=action, status=step)
    allowed = target in ACTION_TRANSITIONS[start]
    if allowed:
        change_action_status(actor=pw.lead_rep, action=action, status=target)
        action.refresh_from_db()
        assert action.status == target
        assert (action.completed_at is not None) == (target == ActionStatus.DONE)
        return
    with pytest.raises(ValidationError) as caught:
        change_action_status(actor=pw.lead_rep, action=action, status=target)
    assert caught.value.message_dict == {
        "status": [
            (
                f"A {ActionStatus(start).label.lower()} action cannot become "
                f"{ActionStatus(target).label.lower()}."
            )
        ]
    }
    action.refresh_from_db()
    assert action.status == start


def test_allowed_moves_are_exactly_these():
    assert {k: set(v) for k, v in ACTION_TRANSITIONS.items()} == {
        "planned": {"in_progress", "blocked", "done", "cancelled"},
        "in_progress": {"blocked", "done", "cancelled"},
        "blocked": {"planned", "in_progress", "cancelled"},
        "done": {"in_progress"},
        "cancelled": {"planned"},
    }


def test_unknown_status_is_refused(pw, plan):
    with pytest.raises(ValidationError) as caught:
        change_action_status(actor=pw.lead_rep, action=_action(pw, plan, "A"), status="paused")
    assert caught.value.message_dict == {"status": ["Unknown status: paused."]}


def test_done_needs_dependencies_done(pw, plan):
    survey = _action(pw, plan, "Survey")
    pilot = _action(pw, plan, "Pilot", depends_on=[survey])
    with pytest.raises(ValidationError) as caught:
        change_action_status(actor=pw.lead_rep, action=pilot, status=ActionStatus.DONE)
    assert caught.value.message_dict == {
        "status": ["Finish the actions it depends on first: Survey."]
    }
    change_action_status(actor=pw.lead_rep, action=survey, status=ActionStatus.DONE)
    change_action_status(actor=pw.lead_rep, action=pilot, status=ActionStatus.DONE)
    with pytest.raises(ValidationError) as caught:
        change_action_status(actor=pw.lead_rep, action=survey, status=ActionStatus.IN_PROGRESS)
    assert caught.value.message_dict == {
        "status": ["Done actions depend on it: Pilot. Reopen them first."]
    }


def test_status_change_notifies_owner_not_actor(pw, plan):
    action = _action(pw, plan, "Survey", owner=pw.member_rep)
    change_action_status(actor=pw.member_rep, action=action, status=ActionStatus.IN_PROGRESS)
    change_action_status(actor=pw.lead_rep, action=action, status=ActionStatus.DONE)
    titles = list(
        Notification.objects.filter(recipient=pw.member_rep, kind="plan.action")
        .order_by("id")
        .values_list("title", flat=True)
    )
    assert titles == ["You own the action Survey", "Survey is now done"]


# --- dependencies -----------------------------------------------------------------------------


def test_self_dependency_is_refused(pw, plan):
    action = _action(pw, plan, "A")
    with pytest.raises(ValidationError) as caught:
        set_action_dependencies(actor=pw.lead_rep, action=action, depends_on=[action])
    assert caught.value.message_dict == {"depends_on": ["An action cannot depend on itself."]}


def test_cycle_is_refused_with_its_chain(pw, plan):
    a = _action(pw, plan, "A")
    b = _action(pw, plan, "B", depends_on=[a])
    c = _action(pw, plan, "C", depends_on=[b])
    with pytest.raises(ValidationError) as caught:
        set_action_dependencies(actor=pw.lead_rep, action=a, depends_on=[c])
    assert caught.value.message_dict == {"depends_on": ["This would make a cycle: A → C → B → A."]}
    assert list(a.depends_on.all()) == []


def test_replacing_dependencies_is_not_a_cycle(pw, plan):
    a = _action(pw, plan, "A")
    b = _action(pw, plan, "B", depends_on=[a])
    set_action_dependencies(actor=pw.lead_rep, action=b, depends_on=[])
    set_action_dependencies(actor=pw.lead_rep, action=a, depends_on=[b])
    assert list(a.depends_on.all()) == [b]


def test_dependency_on_another_plan_is_refused(pw, plan):
    region_plan = create_region_plan(actor=pw.staff, region=pw.cz06)
    elsewhere = add_action(actor=pw.staff, plan=region_plan, title="Elsewhere")
    with pytest.raises(ValidationError) as caught:
        _action(pw, plan, "A", depends_on=[elsewhere])
    assert caught.value.message_dict == {"depends_on": ["Elsewhere belongs to another plan."]}


def test_done_action_cannot_wait_for_unfinished_one(pw, plan):
    done = _action(pw, plan, "Done")
    change_action_status(actor=pw.lead_rep, action=done, status=ActionStatus.DONE)
    open_one = _action(pw, plan, "Open")
    with pytest.raises(ValidationError) as caught:
        set_action_dependencies(actor=pw.lead_rep, action=done, depends_on=[open_one])
    assert caught.value.message_dict == {
        "depends_on": ["A done action cannot wait for unfinished actions: Open."]
    }


def test_delete_action_refused_while_others_depend_on_it(pw, plan):
    a = _action(pw, plan, "A")
    b = _action(pw, plan, "B", depends_on=[a])
    with pytest.raises(ValidationError) as caught:
        delete_action(actor=pw.lead_rep, action=a)
    assert caught.value.message_dict == {
        "action": ["Other actions depend on it: B. Remove those links first."]
    }
    delete_action(actor=pw.lead_rep, action=b)
    delete_action(actor=pw.lead_rep, action=a)
    assert not Action.objects.exists()


# --- funding opportunities and closed partnerships -------------------------------------------


def test_funding_opportunities_crud(pw, plan):
    item = add_funding_opportunity(
        actor=pw.lead_rep,
        plan=plan,
        title=" I3 strand 2a ",
        source="i3",
        amount=Decimal("5000000"),
        deadline=dt.date(2026, 10, 1),
        url="https://eismea.example.eu/i3",
    )
    assert item.title == "I3 strand 2a"
    update_funding_opportunity(
        actor=pw.lead_rep, opportunity=item, title="I3 strand 2b", source="i3", amount=None
    )
    item.refresh_from_db()
    assert (item.title, item.amount, item.deadline) == ("I3 strand 2b", None, None)
    with pytest.raises(ValidationError) as caught:
        update_funding_opportunity(actor=pw.lead_rep, opportunity=item, title="X", source="lottery")
    assert set(caught.value.message_dict) == {"source"}
    delete_funding_opportunity(actor=pw.lead_rep, opportunity=item)
    assert not FundingOpportunity.objects.exists()


def test_closed_partnership_plan_is_frozen(pw, plan):
    action = _action(pw, plan, "A")
    close_partnership(actor=pw.staff, partnership=plan.partnership)
    refusal = {"status": ["The partnership is closed: it cannot be changed."]}
    for attempt in (
        lambda: _action(pw, plan, "B"),
        lambda: change_action_status(actor=pw.staff, action=action, status="done"),
        lambda: update_plan(actor=pw.staff, plan=plan, title="T"),
        lambda: add_funding_opportunity(actor=pw.staff, plan=plan, title="F", source="i3"),
    ):
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.message_dict == refusal
