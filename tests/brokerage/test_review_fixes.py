"""Regression tests of the review defects: foreign cases in groups, stale/concurrent writes,
referral handover checks, hand-made POSTs, long PDF cells and the case list's query count."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from smartregions.brokerage.domain import cases as case_domain
from smartregions.brokerage.domain import groups as group_domain
from smartregions.brokerage.domain import referrals as referral_domain
from smartregions.brokerage.domain import strategy as strategy_domain
from smartregions.brokerage.domain.export import export_strategy, strategy_pdf
from smartregions.brokerage.enums import BrokerStatus, CaseStatus, ReferralStatus
from smartregions.brokerage.models import Broker, Case, Referral, StrategyFunding
from smartregions.common.pdf import PdfDocument
from tests.common._pdf_text import pdf_strings


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _group(bw, broker, **kwargs):
    return group_domain.form_group(
        actor=broker.user, broker=broker, name="Welding robots", challenge="Robots.", **kwargs
    )


# 1. Cases of other brokers cannot join a group --------------------------------------------


def test_form_group_refuses_another_brokers_case(bw, new_case):
    with pytest.raises(ValidationError) as caught:
        _group(bw, bw.broker_cz_it, cases=[new_case])
    assert caught.value.message_dict == {"cases": [f"Case {new_case.pk} is not one of your cases."]}


def test_form_group_refuses_closed_case(bw, new_case):
    case_domain.withdraw_case(actor=bw.member1, case=new_case)
    with pytest.raises(ValidationError) as caught:
        _group(bw, bw.broker_cz, cases=[new_case])
    assert caught.value.message_dict == {"cases": [f"Case {new_case.pk} is closed."]}


def test_add_member_refuses_another_brokers_case(bw, new_case):
    group = _group(bw, bw.broker_cz_it, organisations=[bw.sme2])
    with pytest.raises(ValidationError) as caught:
        group_domain.add_group_member(
            actor=bw.broker_cz_it.user, group=group, organisation=bw.sme1, case=new_case
        )
    assert caught.value.message_dict == {"case": [f"Case {new_case.pk} is not one of your cases."]}
    assert list(group.members.values_list("organisation", flat=True)) == [bw.sme2.pk]


def test_api_form_group_treats_foreign_case_like_unknown_id(bw, new_case):
    api = api_for(bw.broker_cz_it.user)
    body = {"name": "G", "challenge": "C", "cases": [new_case.pk]}
    foreign = api.post("/api/v1/brokerage/groups/", body, format="json")
    unknown = api.post("/api/v1/brokerage/groups/", {**body, "cases": [999999]}, format="json")
    assert foreign.status_code == unknown.status_code == 400
    assert foreign.json()["error"]["details"] == {
        "cases": [f'Invalid pk "{new_case.pk}" - object does not exist.']
    }
    assert unknown.json()["error"]["details"] == {
        "cases": ['Invalid pk "999999" - object does not exist.']
    }
    own = api_for(bw.broker_cz.user).post("/api/v1/brokerage/groups/", body, format="json")
    assert own.status_code == 201


def test_api_add_member_treats_foreign_case_like_unknown_id(bw, new_case):
    group = _group(bw, bw.broker_cz_it, organisations=[bw.sme2])
    response = api_for(bw.broker_cz_it.user).post(
        f"/api/v1/brokerage/groups/{group.pk}/members/",
        {"organisation": bw.sme1.slug, "case": new_case.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "case": [f'Invalid pk "{new_case.pk}" - object does not exist.']
    }


# 2. Referrals after a reassignment ---------------------------------------------------------


def _referral(bw, case):
    return referral_domain.refer_case(
        actor=bw.broker_cz.user, case=case, to_broker=bw.broker_de, message="German market"
    )


def test_accept_referral_refused_when_case_changed_broker_meanwhile(bw, new_case):
    referral = _referral(bw, new_case)
    Case.objects.filter(pk=new_case.pk).update(broker=bw.broker_cz_it)  # a concurrent change
    with pytest.raises(ValidationError) as caught:
        referral_domain.accept_referral(actor=bw.broker_de.user, referral=referral)
    assert caught.value.message_dict == {
        "case": ["The case was assigned to another broker meanwhile."]
    }
    assert Case.objects.get(pk=new_case.pk).broker == bw.broker_cz_it
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.PENDING


def test_assign_case_declines_pending_referral(bw, new_case):
    referral = _referral(bw, new_case)
    case_domain.assign_case(actor=bw.facilitator, case=new_case, broker=bw.broker_cz_it)
    referral.refresh_from_db()
    assert (referral.status, referral.answer) == (
        ReferralStatus.DECLINED,
        "The case was assigned to another broker meanwhile.",
    )
    with pytest.raises(ValidationError) as caught:
        referral_domain.accept_referral(actor=bw.broker_de.user, referral=referral)
    assert list(caught.value.message_dict) == ["status"]
    assert Case.objects.get(pk=new_case.pk).broker == bw.broker_cz_it


def test_withdraw_case_declines_pending_referral(bw, new_case):
    referral = _referral(bw, new_case)
    case_domain.withdraw_case(actor=bw.member1, case=new_case)
    referral.refresh_from_db()
    assert (referral.status, referral.answer) == (
        ReferralStatus.DECLINED,
        "The case was closed meanwhile.",
    )


# 3. Stale copies and concurrent writes --------------------------------------------------


def test_stale_copy_cannot_move_a_closed_case_on(bw, new_case):
    copy_a = Case.objects.get(pk=new_case.pk)
    copy_b = Case.objects.get(pk=new_case.pk)
    case_domain.withdraw_case(actor=bw.member1, case=copy_a)
    with pytest.raises(ValidationError) as caught:
        case_domain.assess_case(actor=bw.broker_cz.user, case=copy_b)
    assert caught.value.message_dict == {"status": ["A closed case cannot become assessed."]}
    row = Case.objects.get(pk=new_case.pk)
    assert (row.status, row.outcome) == (CaseStatus.CLOSED, "sme_withdrew")
    assert list(row.status_changes.values_list("to_status", flat=True)) == ["new", "closed"]


def test_stale_copy_cannot_withdraw_twice(bw, new_case):
    copy_a = Case.objects.get(pk=new_case.pk)
    copy_b = Case.objects.get(pk=new_case.pk)
    case_domain.withdraw_case(actor=bw.member1, case=copy_a)
    with pytest.raises(ValidationError) as caught:
        case_domain.close_case(actor=bw.broker_cz.user, case=copy_b, outcome="no_suitable_partner")
    assert caught.value.message_dict == {"status": ["The case is closed."]}
    assert Case.objects.get(pk=new_case.pk).outcome == "sme_withdrew"


def test_double_take_of_unassigned_case_is_refused(bw):
    case = case_domain.submit_case(
        actor=bw.member1,
        organisation=bw.sme1,
        title="Energy",
        challenge="Heat pumps",
        value_chain_position="end_use",
    )
    copy_a = Case.objects.get(pk=case.pk)
    copy_b = Case.objects.get(pk=case.pk)
    case_domain.take_case(actor=bw.broker_cz_it.user, case=copy_a)
    with pytest.raises(ValidationError) as caught:
        case_domain.take_case(actor=bw.broker_cz.user, case=copy_b)
    assert caught.value.message_dict == {"broker": ["The case already has a broker."]}
    assert Case.objects.get(pk=case.pk).broker == bw.broker_cz_it


def test_stale_referral_copy_cannot_answer_twice(bw, new_case):
    referral = _referral(bw, new_case)
    stale = Referral.objects.get(pk=referral.pk)
    referral_domain.decline_referral(actor=bw.broker_de.user, referral=referral)
    with pytest.raises(ValidationError) as caught:
        referral_domain.accept_referral(actor=bw.broker_de.user, referral=stale)
    assert caught.value.message_dict == {"status": ["The referral was already answered."]}
    assert Case.objects.get(pk=new_case.pk).broker == bw.broker_cz


# 4. Hand-made POSTs and long PDF cells --------------------------------------------------


@pytest.fixture
def strategy_group(bw, new_case):
    group = _group(bw, bw.broker_cz, cases=[new_case], organisations=[bw.sme2])
    strategy_domain.save_strategy(actor=None, group=group, title="Robots")
    strategy_domain.add_objective(actor=None, group=group, text="Pilot")
    strategy_domain.add_funding(
        actor=None, group=group, source="i3", amount_eur=Decimal("1000"), status="planned"
    )
    return group


def test_move_funding_is_404(client, bw, strategy_group):
    funding = StrategyFunding.objects.get()
    client.force_login(bw.broker_cz.user)
    response = client.post(
        f"/brokerage/groups/{strategy_group.pk}/strategy/move-up/",
        {"kind": "funding", "item": funding.pk},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("change/remove-member", {"member": "abc"}),
        ("change/partner-status", {"partner": "abc", "status": "contacted"}),
        ("strategy/move-up", {"kind": "objective", "item": "x"}),
        ("strategy/delete", {"kind": "objective", "item": ""}),
    ],
)
def test_non_numeric_posted_id_is_404(client, bw, strategy_group, path, data):
    client.force_login(bw.broker_cz.user)
    response = client.post(f"/brokerage/groups/{strategy_group.pk}/{path}/", data)
    assert response.status_code == 404
    assert strategy_group.members.count() == 2
    assert strategy_group.strategy.objectives.count() == 1


def test_pdf_export_with_very_long_descriptions(bw, strategy_group, monkeypatch):
    long_text = ("Pilot line for robotic welding. " * 94).strip()  # 3007 characters
    strategy_domain.add_action(actor=None, group=strategy_group, title="Lab", description=long_text)
    strategy_domain.add_funding(
        actor=None,
        group=strategy_group,
        source="i3",
        amount_eur=Decimal("5"),
        status="planned",
        description=long_text,
    )
    content = export_strategy(strategy_group, format="pdf").content
    assert content.startswith(b"%PDF-")
    shown = " ".join(pdf_strings(strategy_pdf(strategy_group, compress=False)))
    assert shown.count("…") == 2  # both table cells cut...
    paragraphs = []
    original = PdfDocument.paragraph
    monkeypatch.setattr(
        PdfDocument, "paragraph", lambda doc, text: (paragraphs.append(text), original(doc, text))
    )
    strategy_pdf(strategy_group)
    source = "Interregional innovation investments (I3)"
    assert paragraphs[-2:] == [f"1. Lab: {long_text}", f"{source}: {long_text}"]  # ...kept


# 5. Unknown verbs -------------------------------------------------------------------------


def test_unknown_broker_verb_is_404(client, bw):
    staff = bw.facilitator
    client.force_login(staff)
    response = client.post(f"/brokerage/brokers/{bw.broker_sk.pk}/whatever/")
    assert response.status_code == 404
    assert Broker.objects.get(pk=bw.broker_sk.pk).status == BrokerStatus.ACTIVE


def test_unknown_referral_verb_is_404(client, bw, new_case):
    referral = _referral(bw, new_case)
    client.force_login(bw.broker_de.user)
    response = client.post(f"/brokerage/referrals/{referral.pk}/maybe/")
    assert response.status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.PENDING


# 6. Case list query count -----------------------------------------------------------------


def _submit(bw, title):
    return case_domain.submit_case(
        actor=bw.member1,
        organisation=bw.sme1,
        title=title,
        challenge="Welding",
        value_chain_position="production",
        nace_codes=[bw.n25],
    )


def test_case_list_query_count_does_not_grow_with_cases(bw, new_case, django_assert_num_queries):
    api = api_for(bw.broker_cz.user)
    case_domain.assess_case(actor=bw.broker_cz.user, case=new_case)
    api.get("/api/v1/brokerage/cases/")  # warm up per-process caches (content types)
    with CaptureQueriesContext(connection) as one:
        assert len(api.get("/api/v1/brokerage/cases/").json()["results"]) == 1
    for n in range(3):
        case_domain.assess_case(actor=bw.broker_cz.user, case=_submit(bw, f"Case {n}"))
    with django_assert_num_queries(len(one.captured_queries)):
        results = api.get("/api/v1/brokerage/cases/").json()["results"]
    assert len(results) == 4
    assert [h["to_status"] for h in results[0]["history"]] == ["new", "assessed"]
