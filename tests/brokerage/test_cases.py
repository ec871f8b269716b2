"""The case workflow: submission, default assignment, transitions, history and e-mails."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from smartregions.brokerage.domain import cases as case_domain
from smartregions.brokerage.domain.brokers import deactivate_broker
from smartregions.brokerage.enums import CaseOutcome, CaseStatus
from smartregions.brokerage.models import Case
from smartregions.common.models import ActivityLogEntry


def test_submit_case_assigns_broker_of_region_with_matching_speciality(bw, new_case):
    assert new_case.status == CaseStatus.NEW
    assert new_case.broker == bw.broker_cz
    assert list(new_case.status_changes.values_list("from_status", "to_status")) == [("", "new")]
    actions = ActivityLogEntry.objects.filter(
        object_id=str(new_case.pk), content_type__model="case"
    ).values_list("action", flat=True)
    assert list(actions) == ["case.assign", "case.submit"]


def test_submit_case_leaves_unassigned_without_matching_broker(bw):
    case = case_domain.submit_case(
        actor=bw.member1,
        organisation=bw.sme_far,
        title="Tools",
        challenge="Cutting tools",
        value_chain_position="production",
        nace_codes=[bw.n25],
    )
    assert case.broker is None


def test_submit_case_skips_deactivated_broker(bw):
    deactivate_broker(actor=bw.facilitator, broker=bw.broker_cz)
    case = case_domain.submit_case(
        actor=bw.member1,
        organisation=bw.sme1,
        title="Welding",
        challenge="Welding",
        value_chain_position="production",
        nace_codes=[bw.n25],
    )
    assert case.broker is None


def test_submit_case_emails_assigned_broker_on_commit(
    bw, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case_domain.submit_case(
            actor=bw.member1,
            organisation=bw.sme2,
            title="Robot cell",
            challenge="Robot cell for assembly",
            value_chain_position="production",
            nace_codes=[bw.n28],
        )
    assert [m.to for m in mailoutbox] == [["broker.cz@example.eu"]]
    assert mailoutbox[0].subject == "[smartregions] New brokerage case: Robot cell"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"organisation": "large"}, "organisation"),
        ({"value_chain_position": "moon"}, "value_chain_position"),
        ({"partner_types": ["alien"]}, "partner_types"),
        ({"trl": 10}, "trl"),
        ({"title": ""}, "title"),
        ({"challenge": " "}, "challenge"),
    ],
)
def test_submit_case_refuses_bad_input_naming_the_field(bw, changes, field):
    data = {
        "organisation": bw.sme1,
        "title": "T",
        "challenge": "C",
        "value_chain_position": "production",
    }
    data.update(changes)
    if data["organisation"] == "large":
        data["organisation"] = bw.large
    with pytest.raises(ValidationError) as caught:
        case_domain.submit_case(actor=bw.member1, **data)
    assert field in caught.value.message_dict
    assert Case.objects.count() == 0


def test_case_walks_through_workflow_with_history(
    bw, new_case, mailoutbox, django_capture_on_commit_callbacks
):
    broker = bw.broker_cz.user
    with django_capture_on_commit_callbacks(execute=True):
        case_domain.assess_case(actor=broker, case=new_case, note="Needs robotic welding")
        case_domain.match_case(actor=broker, case=new_case)
        case_domain.start_cooperation(actor=broker, case=new_case)
        case_domain.close_case(
            actor=broker, case=new_case, outcome=CaseOutcome.COOPERATION_AGREEMENT, note="Signed"
        )
    new_case.refresh_from_db()
    assert new_case.status == CaseStatus.CLOSED
    assert new_case.outcome == CaseOutcome.COOPERATION_AGREEMENT
    assert new_case.closed_at is not None
    assert list(new_case.status_changes.values_list("from_status", "to_status", "note")) == [
        ("", "new", "Needs assessment submitted."),
        ("new", "assessed", "Needs robotic welding"),
        ("assessed", "matched", ""),
        ("matched", "in_cooperation", ""),
        ("in_cooperation", "closed", "Signed"),
    ]
    assert [m.to for m in mailoutbox] == [["sme1@example.eu"]] * 4
    assert mailoutbox[-1].subject == "[smartregions] Your case is closed: Automate our welding line"
    assert "Outcome: Cooperation agreement" in mailoutbox[-1].body


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (case_domain.match_case, CaseStatus.NEW),
        (case_domain.start_cooperation, CaseStatus.NEW),
        (case_domain.assess_case, CaseStatus.ASSESSED),
    ],
)
def test_transition_from_wrong_state_is_refused(bw, new_case, step, status):
    Case.objects.filter(pk=new_case.pk).update(status=status)
    new_case.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        step(actor=bw.broker_cz.user, case=new_case)
    assert "status" in caught.value.message_dict


def test_close_requires_outcome(bw, new_case):
    with pytest.raises(ValidationError) as caught:
        case_domain.close_case(actor=bw.broker_cz.user, case=new_case, outcome="")
    assert caught.value.message_dict == {"outcome": ["Choose the outcome of the case."]}


def test_withdraw_closes_with_sme_withdrew(bw, new_case):
    case_domain.withdraw_case(actor=bw.member1, case=new_case, note="Changed plans")
    assert new_case.status == CaseStatus.CLOSED
    assert new_case.outcome == CaseOutcome.SME_WITHDREW
    with pytest.raises(ValidationError):
        case_domain.withdraw_case(actor=bw.member1, case=new_case)


def test_database_refuses_closed_case_without_outcome(bw, new_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=new_case.pk).update(status=CaseStatus.CLOSED)


def test_database_refuses_assessed_case_without_broker(bw, new_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=new_case.pk).update(status=CaseStatus.ASSESSED, broker=None)


def test_take_case_by_broker_of_region(bw):
    case = case_domain.submit_case(
        actor=bw.member1,
        organisation=bw.sme1,
        title="Energy",
        challenge="Heat pumps",
        value_chain_position="end_use",
    )
    assert case.broker is None
    case_domain.take_case(actor=bw.broker_cz_it.user, case=case)
    assert case.broker == bw.broker_cz_it
    with pytest.raises(ValidationError):
        case_domain.take_case(actor=bw.broker_cz.user, case=case)


def test_assign_case_to_inactive_broker_is_refused(bw, new_case):
    deactivate_broker(actor=bw.facilitator, broker=bw.broker_sk)
    with pytest.raises(ValidationError) as caught:
        case_domain.assign_case(actor=bw.facilitator, case=new_case, broker=bw.broker_sk)
    assert "broker" in caught.value.message_dict
