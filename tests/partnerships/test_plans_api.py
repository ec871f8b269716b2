"""The action-plan REST API: reading and starting plans, actions with the status verb and
dependencies, funding opportunities and regional experts."""

from __future__ import annotations

from smartregions.partnerships.domain.actions import add_action
from smartregions.partnerships.domain.plans import create_partnership_plan, create_region_plan
from smartregions.partnerships.enums import ActionStatus
from smartregions.partnerships.models import Action, ActionPlan, FundingOpportunity
from tests.partnerships.test_partnerships_api import api

PLANS = "/api/v1/action-plans/"


def test_plans_need_sign_in_and_reading_rights(pw, active):
    plan = create_partnership_plan(actor=None, partnership=active)
    region_plan = create_region_plan(actor=None, region=pw.cz06)
    assert api().get(PLANS).status_code in (401, 403)
    assert [p["id"] for p in api(pw.other_rep).get(PLANS).json()["results"]] == [region_plan.pk]
    assert [p["id"] for p in api(pw.expert.user).get(PLANS).json()["results"]] == [
        plan.pk,
        region_plan.pk,
    ]
    assert api(pw.other_rep).get(f"{PLANS}{plan.pk}/").status_code == 403
    assert api(pw.org_member).get(f"{PLANS}{plan.pk}/").status_code == 200
    kinds = api(pw.staff).get(f"{PLANS}?kind=region").json()["results"]
    assert [p["region"] for p in kinds] == ["CZ06"]


def test_start_plans(pw, active):
    response = api(pw.member_rep).post(PLANS, {"partnership": "rova"}, format="json")
    assert response.status_code == 403
    response = api(pw.colead_rep).post(PLANS, {"partnership": "rova"}, format="json")
    assert response.status_code == 201
    assert response.json()["title"] == "Action plan of Robotics Valleys"
    assert api(pw.other_rep).post(PLANS, {"region": "CZ06"}, format="json").status_code == 403
    response = api(pw.lead_rep).post(
        PLANS,
        {"region": "CZ06", "weaknesses": "Coal", "transition_priorities": ["reskilling"]},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["transition_priorities"] == ["reskilling"]
    response = api(pw.staff).post(PLANS, {"region": "DE11"}, format="json")
    assert response.json()["error"]["details"] == {
        "region": ["DE11 Stuttgart is not an industrial-transition region."]
    }
    response = api(pw.staff).post(PLANS, {}, format="json")
    assert response.status_code == 400


def test_update_plan_and_experts(pw):
    plan = create_region_plan(actor=None, region=pw.cz06)
    lead = api(pw.lead_rep)
    response = lead.patch(f"{PLANS}{plan.pk}/", {"assets": "Universities"}, format="json")
    assert (response.json()["assets"], response.json()["title"]) == (
        "Universities",
        "Transition plan of Jihovýchod",
    )
    response = lead.put(f"{PLANS}{plan.pk}/experts/", {"experts": [pw.expert.pk]}, format="json")
    assert response.json()["experts"] == [{"id": pw.expert.pk, "name": "Eva Expert"}]
    assert (
        api(pw.member_rep).patch(f"{PLANS}{plan.pk}/", {"assets": "x"}, format="json").status_code
        == 403
    )


def test_actions_status_and_dependencies(pw, active):
    plan = create_partnership_plan(actor=None, partnership=active)
    url = f"{PLANS}{plan.pk}/actions/"
    lead = api(pw.lead_rep)
    survey = lead.post(url, {"title": "Survey", "owner": pw.member_rep.pk}, format="json")
    assert survey.status_code == 201, survey.json()
    survey_id = survey.json()["id"]
    pilot = lead.post(url, {"title": "Pilot", "depends_on": [survey_id]}, format="json").json()
    assert pilot["depends_on"] == [survey_id]
    response = lead.post(f"{url}{pilot['id']}/status/", {"status": "done"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "status": ["Finish the actions it depends on first: Survey."]
    }
    response = lead.put(
        f"{url}{survey_id}/dependencies/", {"depends_on": [pilot["id"]]}, format="json"
    )
    assert response.json()["error"]["details"] == {
        "depends_on": ["This would make a cycle: Survey → Pilot → Survey."]
    }
    assert lead.post(f"{url}{survey_id}/status/", {"status": "done"}).json()["status"] == "done"
    response = lead.patch(
        f"{url}{pilot['id']}/", {"deadline": "2020-01-01", "owner_name": "Jan"}, format="json"
    )
    assert (response.json()["is_overdue"], response.json()["owner_display"]) == (True, "Jan")
    assert [a["title"] for a in api(pw.member_rep).get(url).json()] == ["Survey", "Pilot"]
    assert api(pw.member_rep).post(url, {"title": "X"}, format="json").status_code == 403
    assert api(pw.other_rep).get(url).status_code == 403
    assert lead.delete(f"{url}{survey_id}/").status_code == 400
    assert lead.delete(f"{url}{pilot['id']}/").status_code == 204
    assert list(Action.objects.values_list("status", flat=True)) == [ActionStatus.DONE]


def test_owner_must_act_for_a_member(pw, active):
    plan = create_partnership_plan(actor=None, partnership=active)
    response = api(pw.staff).post(
        f"{PLANS}{plan.pk}/actions/", {"title": "X", "owner": pw.other_rep.pk}, format="json"
    )
    assert response.json()["error"]["details"] == {
        "owner": ["Otto Other does not act for a member of the partnership."]
    }


def test_actions_of_another_plan_are_not_found(pw, active):
    plan = create_partnership_plan(actor=None, partnership=active)
    other = create_region_plan(actor=None, region=pw.cz06)
    action = add_action(actor=None, plan=other, title="Elsewhere")
    url = f"{PLANS}{plan.pk}/actions/{action.pk}/"
    assert api(pw.staff).get(url).status_code == 404


def test_funding_opportunities(pw):
    plan = create_region_plan(actor=None, region=pw.cz06)
    url = f"{PLANS}{plan.pk}/funding-opportunities/"
    lead = api(pw.lead_rep)
    response = lead.post(
        url, {"title": "JTF call", "source": "erdf_interreg", "amount": "1000.50"}, format="json"
    )
    assert response.status_code == 201, response.json()
    item_id = response.json()["id"]
    response = lead.put(
        f"{url}{item_id}/", {"title": "JTF call 2", "source": "private"}, format="json"
    )
    assert (response.json()["title"], response.json()["amount"]) == ("JTF call 2", None)
    assert api(pw.plain).get(url).json()[0]["title"] == "JTF call 2"
    assert api(pw.plain).delete(f"{url}{item_id}/").status_code == 403
    assert lead.delete(f"{url}{item_id}/").status_code == 204
    assert not FundingOpportunity.objects.exists()
    assert ActionPlan.objects.count() == 1


def test_starting_the_plan_of_a_forming_partnership_is_not_found_for_outsiders(pw):
    # pw.forming ("rova") is still forming: DE11's representative may not learn it exists.
    outsider = api(pw.other_rep)
    assert outsider.post(PLANS, {"partnership": "rova"}, format="json").status_code == 404
    assert outsider.post(PLANS, {"partnership": "no-such"}, format="json").status_code == 404
    assert api(pw.member_rep).post(PLANS, {"partnership": "rova"}, format="json").status_code == 403
    assert api(pw.lead_rep).post(PLANS, {"partnership": "rova"}, format="json").status_code == 201
