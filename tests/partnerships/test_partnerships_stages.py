"""Methodology stages (in order, outputs and links) and the expert team."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import Notification
from smartregions.partnerships.domain.experts import assign_expert, remove_expert
from smartregions.partnerships.domain.partnerships import close_partnership
from smartregions.partnerships.domain.stages import start_next_stage, update_stage_outputs
from smartregions.partnerships.enums import STAGE_ORDER, MethodologyStage
from smartregions.partnerships.models import ExpertAssignment, StageRecord
from tests.factories.calls import ExpertFactory


def test_stages_run_in_order_to_scale_up(pw, active):
    for expected in STAGE_ORDER[1:]:
        record = start_next_stage(actor=pw.lead_rep, partnership=active)
        assert record.stage == expected
    records = list(StageRecord.objects.filter(partnership=active).order_by("started_at", "id"))
    assert [r.stage for r in records] == list(STAGE_ORDER)
    assert all(r.completed_at is not None for r in records[:-1])
    assert records[-1].completed_at is None
    with pytest.raises(ValidationError) as caught:
        start_next_stage(actor=pw.lead_rep, partnership=active)
    assert caught.value.message_dict == {
        "current_stage": ["Scale-up is the last stage of the methodology."]
    }


def test_next_stage_completes_current_and_tells_members(pw, active):
    start_next_stage(actor=pw.colead_rep, partnership=active)
    scoping = StageRecord.objects.get(partnership=active, stage=MethodologyStage.SCOPING)
    mapping = StageRecord.objects.get(partnership=active, stage=MethodologyStage.MAPPING)
    assert scoping.completed_at == mapping.started_at
    assert active.current_stage == MethodologyStage.MAPPING
    assert (
        Notification.objects.get(recipient=pw.member_rep, kind="partnership.stage_started").title
        == "Robotics Valleys started the stage Mapping and matching"
    )


def test_next_stage_records_a_missing_current_stage(pw, active):
    StageRecord.objects.filter(partnership=active).delete()
    start_next_stage(actor=pw.staff, partnership=active)
    scoping = StageRecord.objects.get(partnership=active, stage=MethodologyStage.SCOPING)
    assert (scoping.started_at, scoping.completed_at is not None) == (active.launched_at, True)


def test_closed_partnership_stages_are_frozen(pw, active):
    close_partnership(actor=pw.staff, partnership=active)
    with pytest.raises(ValidationError) as caught:
        start_next_stage(actor=pw.staff, partnership=active)
    assert caught.value.message_dict == {
        "status": ["The partnership is closed: it cannot be changed."]
    }
    record = StageRecord.objects.get(partnership=active)
    with pytest.raises(ValidationError):
        update_stage_outputs(actor=pw.staff, record=record, outputs="x", links=[])


def test_stage_outputs_and_links_are_saved(pw):
    record = StageRecord.objects.get(partnership=pw.forming)
    update_stage_outputs(
        actor=pw.lead_rep,
        record=record,
        outputs="  # Scoping note\n\nFive regions, one value chain.  ",
        links=[
            {"title": "Scoping note", "url": "https://example.eu/note.pdf"},
            {"title": "", "url": "http://example.eu/annex"},
        ],
    )
    record.refresh_from_db()
    assert record.outputs == "# Scoping note\n\nFive regions, one value chain."
    assert record.links == [
        {"title": "Scoping note", "url": "https://example.eu/note.pdf"},
        {"title": "http://example.eu/annex", "url": "http://example.eu/annex"},
    ]
    assert record.updated_by == pw.lead_rep


def test_stage_links_must_be_web_addresses(pw):
    record = StageRecord.objects.get(partnership=pw.forming)
    with pytest.raises(ValidationError) as caught:
        update_stage_outputs(
            actor=pw.staff,
            record=record,
            outputs="",
            links=[{"title": "x", "url": "javascript:alert(1)"}, "nonsense"],
        )
    assert caught.value.message_dict == {
        "links": [
            "Link 1: javascript:alert(1) is not a web address (http or https).",
            "Link 2 is not a title and an address.",
        ]
    }


def test_assign_expert_notifies_expert_and_leads(pw):
    told = set(
        Notification.objects.filter(kind="partnership.expert_assigned").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {"expert@example.eu", "lead@example.eu", "colead@example.eu"}
    assert ExpertAssignment.objects.get().role == "Robotics adviser"


def test_assign_expert_refusals(pw):
    with pytest.raises(ValidationError) as caught:
        assign_expert(actor=pw.staff, partnership=pw.forming, expert=pw.expert)
    assert caught.value.message_dict == {"expert": ["Eva Expert is already on the expert team."]}
    retired = ExpertFactory(is_active=False, user__full_name="Rita Retired")
    with pytest.raises(ValidationError) as caught:
        assign_expert(actor=pw.staff, partnership=pw.forming, expert=retired)
    assert caught.value.message_dict == {
        "expert": ["Rita Retired is not active in the expert pool."]
    }


def test_remove_expert_notifies_the_expert(pw):
    remove_expert(actor=pw.staff, assignment=ExpertAssignment.objects.get())
    assert not ExpertAssignment.objects.exists()
    assert Notification.objects.filter(
        recipient=pw.expert.user, kind="partnership.expert_removed"
    ).exists()
