"""The expert pool and call panels: registration, edits, (de)activation, panel membership."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregions.accounts.models import Membership
from smartregions.calls.domain.evaluation.experts import (
    add_to_panel,
    deactivate_expert,
    reactivate_expert,
    register_expert,
    remove_from_panel,
    update_expert,
)
from smartregions.calls.domain.queries.evaluation import active_expert_of
from smartregions.common.models import ActivityLogEntry, Notification
from tests.factories.accounts import UserFactory


def test_register_expert_grants_the_expert_role_once(ew):
    user = UserFactory()
    Membership.objects.create(user=user, role="expert")

    expert = register_expert(
        actor=ew.facilitator,
        user=user,
        region=ew.cz08,
        thematic_areas=[ew.tourism],
        expertise="  Cultural routes  ",
        max_load=4,
    )

    assert (expert.is_active, expert.expertise, expert.max_load) == (True, "Cultural routes", 4)
    assert [a.slug for a in expert.thematic_areas.all()] == ["tourism"]
    assert Membership.objects.filter(user=user, role="expert").count() == 1
    entry = ActivityLogEntry.objects.get(action="expert.register", object_id=str(expert.pk))
    assert (entry.actor, entry.data) == (ew.facilitator, {"user_id": user.pk})


def test_register_expert_grants_the_role_to_a_new_expert(ew):
    assert Membership.objects.filter(user=ew.petra.user, role="expert").count() == 1


def test_register_expert_refuses_a_second_profile(ew):
    with pytest.raises(ValidationError, match=r"petra@example\.eu is already in the expert pool"):
        register_expert(actor=ew.facilitator, user=ew.petra.user)


def test_register_expert_refuses_a_deactivated_account(ew):
    user = UserFactory(is_active=False, email="gone@example.eu")

    with pytest.raises(ValidationError, match=r"gone@example\.eu is a deactivated account"):
        register_expert(actor=ew.facilitator, user=user)


@pytest.mark.parametrize("max_load", [0, 101])
def test_register_expert_refuses_a_load_out_of_bounds(ew, max_load):
    with pytest.raises(ValidationError) as error:
        register_expert(actor=ew.facilitator, user=UserFactory(), max_load=max_load)

    assert error.value.message_dict == {
        "max_load": ["The maximum load is a number of reviews from 1 to 100."]
    }


def test_update_expert_changes_only_what_is_given_and_logs_it(ew):
    update_expert(
        actor=ew.facilitator,
        expert=ew.petra,
        region=None,
        thematic_areas=[ew.hydrogen, ew.tourism],
        max_load=3,
    )

    ew.petra.refresh_from_db()
    assert (ew.petra.region, ew.petra.organisation, ew.petra.max_load) == (None, ew.poznan, 3)
    assert ew.petra.expertise.startswith("Green hydrogen")
    entry = ActivityLogEntry.objects.get(action="expert.update")
    assert entry.data == {"changed": ["region", "max_load", "thematic_areas"]}


def test_update_expert_refuses_a_bad_load(ew):
    with pytest.raises(ValidationError, match="from 1 to 100"):
        update_expert(actor=ew.facilitator, expert=ew.petra, max_load=0)


def test_deactivate_then_reactivate_expert(ew):
    assert active_expert_of(ew.petra.user) == ew.petra

    deactivate_expert(actor=ew.facilitator, expert=ew.petra)

    assert active_expert_of(ew.petra.user) is None
    with pytest.raises(ValidationError, match="Petra Nowak is already deactivated"):
        deactivate_expert(actor=ew.facilitator, expert=ew.petra)

    reactivate_expert(actor=ew.facilitator, expert=ew.petra)

    assert active_expert_of(ew.petra.user) == ew.petra
    with pytest.raises(ValidationError, match="Petra Nowak is already active"):
        reactivate_expert(actor=ew.facilitator, expert=ew.petra)
    assert list(
        ActivityLogEntry.objects.filter(object_id=str(ew.petra.pk), action__startswith="expert.")
        .exclude(action="expert.register")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["expert.deactivate", "expert.reactivate"]


def test_add_to_panel_notifies_new_members_and_skips_present_ones(ew):
    add_to_panel(actor=ew.facilitator, call=ew.call, experts=[ew.petra])

    added = add_to_panel(actor=ew.facilitator, call=ew.call, experts=[ew.petra, ew.eva])

    assert added == [ew.eva]
    assert set(ew.call.panel.all()) == {ew.petra, ew.eva}
    assert sorted(
        Notification.objects.filter(kind="evaluation.panel_joined").values_list(
            "recipient__email", flat=True
        )
    ) == ["eva@example.eu", "petra@example.eu"]
    with pytest.raises(ValidationError, match="already on the panel"):
        add_to_panel(actor=ew.facilitator, call=ew.call, experts=[ew.eva])


def test_add_to_panel_refuses_inactive_experts(ew):
    deactivate_expert(actor=ew.facilitator, expert=ew.eva)

    with pytest.raises(ValidationError, match="Not active in the expert pool: Eva Gruber"):
        add_to_panel(actor=ew.facilitator, call=ew.call, experts=[ew.petra, ew.eva])
    assert not ew.call.panel.exists()


def test_remove_from_panel(ew):
    add_to_panel(actor=ew.facilitator, call=ew.call, experts=[ew.petra])

    remove_from_panel(actor=ew.facilitator, call=ew.call, expert=ew.petra)

    assert not ew.call.panel.exists()
    with pytest.raises(ValidationError, match="Petra Nowak is not on the panel"):
        remove_from_panel(actor=ew.facilitator, call=ew.call, expert=ew.petra)
    assert ActivityLogEntry.objects.get(action="call.panel_remove").data == {
        "expert_id": ew.petra.pk
    }


def test_expert_without_a_name_never_shows_the_email_address(ew):
    expert = register_expert(actor=None, user=UserFactory(email="quiet@example.eu", full_name=""))

    assert str(expert) == f"Expert #{expert.pk}"
    assert str(ew.petra) == "Petra Nowak"
