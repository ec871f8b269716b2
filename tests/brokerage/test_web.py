"""Brokerage pages through Django's test client: access, the forms and the workflow buttons."""

import pytest
from django.core.management import call_command

from smartregions.brokerage.domain import groups as group_domain
from smartregions.brokerage.domain import strategy as strategy_domain
from smartregions.brokerage.enums import CaseStatus
from smartregions.brokerage.models import Broker, Case, SmeGroup


def test_pages_need_login(client, bw):
    response = client.get("/brokerage/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_sme_requests_brokerage(client, bw):
    client.force_login(bw.member2)
    page = client.get("/brokerage/request/")
    assert page.status_code == 200
    response = client.post(
        "/brokerage/request/",
        {
            "organisation": bw.sme2.pk,
            "title": "Robot cell",
            "challenge": "Assembly robot cell",
            "nace_codes": "28",
            "value_chain_position": "production",
            "partner_types": ["research"],
            "trl": "6",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/brokerage/cases/{case.pk}/"
    assert case.broker == bw.broker_cz
    assert case.trl == 6
    page = client.get(response["Location"])
    assert "Withdraw my request" in page.content.decode()


def test_request_form_reports_bad_nace_code(client, bw):
    client.force_login(bw.member2)
    response = client.post(
        "/brokerage/request/",
        {
            "organisation": bw.sme2.pk,
            "title": "T",
            "challenge": "C",
            "nace_codes": "99.99.9",
            "value_chain_position": "production",
        },
    )
    assert response.status_code == 200
    assert "Unknown codes: 99.99.9." in response.content.decode()


def test_case_page_is_private(client, bw, new_case):
    client.force_login(bw.member2)
    assert client.get(f"/brokerage/cases/{new_case.pk}/").status_code == 403


def test_broker_moves_case_on_and_closes_it(client, bw, new_case):
    client.force_login(bw.broker_cz.user)
    page = client.get(f"/brokerage/cases/{new_case.pk}/").content.decode()
    assert "Mark as assessed" in page
    assert "Stuttgart Institute for Welding Automation" in page  # partner ideas for the case
    client.post(f"/brokerage/cases/{new_case.pk}/assess/", {"note": "Clear needs"})
    client.post(f"/brokerage/cases/{new_case.pk}/close/", {"outcome": "no_suitable_partner"})
    new_case.refresh_from_db()
    assert (new_case.status, new_case.outcome) == (CaseStatus.CLOSED, "no_suitable_partner")


def test_transition_get_is_not_allowed(client, bw, new_case):
    client.force_login(bw.broker_cz.user)
    assert client.get(f"/brokerage/cases/{new_case.pk}/assess/").status_code == 405


def test_broker_registration_then_staff_approval(client, bw):
    from tests.factories.accounts import UserFactory

    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/brokerage/brokers/register/", {"region": "SK01", "languages": "sk, en"}
    )
    assert response.status_code == 302
    broker = Broker.objects.get(user=user)
    assert (broker.status, broker.languages) == ("pending", ["sk", "en"])
    assert client.get("/brokerage/brokers/").status_code == 403
    client.force_login(bw.facilitator)
    client.post(f"/brokerage/brokers/{broker.pk}/approve/")
    broker.refresh_from_db()
    assert broker.status == "active"


def test_dashboard_lists_my_cases_and_outcomes(client, bw, new_case):
    client.force_login(bw.broker_cz.user)
    page = client.get("/brokerage/").content.decode()
    assert "Automate our welding line" in page
    assert "Cooperation agreement" in page
    client.force_login(bw.member1)
    assert client.get("/brokerage/")["Location"] == "/brokerage/cases/"


def test_group_page_flow(client, bw, new_case):
    client.force_login(bw.broker_cz.user)
    response = client.post(
        "/brokerage/groups/new/",
        {
            "name": "Welding robots",
            "challenge": "Robotic welding automation.",
            "nace_codes": "28",
            "cases": [new_case.pk],
        },
    )
    group = SmeGroup.objects.get()
    assert response["Location"] == f"/brokerage/groups/{group.pk}/"
    page = client.get(f"/brokerage/groups/{group.pk}/?suggest=1").content.decode()
    assert "Stuttgart Institute for Welding Automation" in page
    client.post(
        f"/brokerage/groups/{group.pk}/change/add-partner/",
        {"organisation": bw.fraunhofer.pk, "score": "0.5", "reason": "r"},
    )
    assert list(group.partners.values_list("organisation__name", flat=True)) == [
        "Stuttgart Institute for Welding Automation"
    ]
    client.post(f"/brokerage/groups/{group.pk}/strategy/save/", {"strategy-title": "Robots"})
    client.post(
        f"/brokerage/groups/{group.pk}/strategy/add-objective/", {"objective-text": "Pilot"}
    )
    client.post(
        f"/brokerage/groups/{group.pk}/strategy/add-action/",
        {"action-title": "Lab", "action-owner": bw.fraunhofer.pk, "action-status": "planned"},
    )
    download = client.get(f"/brokerage/groups/{group.pk}/export.md")
    assert download["Content-Disposition"] == (
        f'attachment; filename="joint-strategy-group-{group.pk}.md"'
    )
    text = download.content.decode()
    assert "1. Pilot" in text
    assert "| 1 | Lab | Stuttgart Institute for Welding Automation |  | Planned |" in text


def test_export_command_writes_files(bw, new_case, tmp_path):
    group = group_domain.form_group(
        actor=None, broker=bw.broker_cz, name="G", challenge="C", cases=[new_case]
    )
    strategy_domain.save_strategy(actor=None, group=group, title="Strategie Brno\N{EN DASH}Łódź")
    call_command(
        "export_joint_strategy", group.pk, "--format", "pdf", "--output", tmp_path / "s.pdf"
    )
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF-")
    call_command("export_joint_strategy", group.pk, "--format", "md", "--output", tmp_path / "s.md")
    assert (tmp_path / "s.md").read_text().startswith("# Strategie Brno\N{EN DASH}Łódź\n")


def test_export_command_fails_for_unknown_group(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no SME group with id 999"):
        call_command("export_joint_strategy", 999, "--output", tmp_path / "x.md")


def test_broker_dashboard_command_prints_counts(bw, new_case, capsys):
    from smartregions.brokerage.domain.cases import close_case

    close_case(actor=None, case=new_case, outcome="joint_project")
    call_command("broker_dashboard")
    out = capsys.readouterr().out
    assert "Joint project application" in out
    assert "Total closed                                 1" in out
