"""Action-plan pages: who reads and edits, the actions table (overdue, dependencies, htmx status
changes), actions, funding opportunities and the industrial-transition regions' plans."""

from __future__ import annotations

import datetime as dt

import pytest

from smartregions.partnerships.domain.actions import add_action
from smartregions.partnerships.domain.plans import (
    add_funding_opportunity,
    create_partnership_plan,
    create_region_plan,
)
from smartregions.partnerships.enums import ActionStatus
from smartregions.partnerships.models import Action, ActionPlan, FundingOpportunity
from tests.partnerships.test_partnerships_web import assert_strict_page


@pytest.fixture
def plan(pw, active):
    return create_partnership_plan(actor=None, partnership=active)


def _url(plan, tail=""):
    return f"/plans/{plan.pk}/{tail}"


def test_partnership_plan_is_for_members_and_experts(client, pw, plan):
    assert client.get(_url(plan)).status_code == 302
    client.force_login(pw.other_rep)
    assert client.get(_url(plan)).status_code == 403
    for user in (pw.member_rep, pw.org_member, pw.expert.user):
        client.force_login(user)
        html = assert_strict_page(client.get(_url(plan)))
        assert "Add an action" not in html
    client.force_login(pw.colead_rep)
    assert "Add an action" in client.get(_url(plan)).content.decode()


def test_partnership_page_links_the_plan_only_for_readers(client, pw, plan):
    assert "Open the action plan" not in client.get("/partnerships/rova/").content.decode()
    client.force_login(pw.member_rep)
    assert "Open the action plan" in client.get("/partnerships/rova/").content.decode()


def test_start_plan_from_the_partnership(client, pw, active):
    client.force_login(pw.member_rep)
    assert client.post("/partnerships/rova/plan/").status_code == 403
    client.force_login(pw.lead_rep)
    response = client.post("/partnerships/rova/plan/")
    plan = ActionPlan.objects.get(partnership=active)
    assert response["Location"] == _url(plan)
    assert client.get("/partnerships/rova/plan/")["Location"] == _url(plan)


def test_actions_table_marks_overdue_and_dependencies(client, pw, plan):
    survey = add_action(
        actor=None, plan=plan, title="Survey suppliers", deadline=dt.date(2020, 1, 31)
    )
    add_action(
        actor=None,
        plan=plan,
        title="Pilot line",
        owner=pw.member_rep,
        deadline=dt.date(2099, 1, 1),
        depends_on=[survey],
    )
    client.force_login(pw.member_rep)
    html = client.get(_url(plan)).content.decode()
    assert html.count('class="overdue"') == 1
    assert f'<tr id="action-{survey.pk}" class="overdue">' in html
    assert "<li>Survey suppliers (planned)</li>" in html
    assert "Maria Member" in html


def test_plan_page_query_count_is_fixed(client, pw, plan, django_assert_num_queries):
    def grow(n):
        previous = None
        for i in range(n):
            previous = add_action(
                actor=None,
                plan=plan,
                title=f"A{Action.objects.count()}-{i}",
                owner=pw.member_rep,
                depends_on=[previous] if previous else [],
            )
            add_funding_opportunity(actor=None, plan=plan, title=f"F{i}", source="i3")

    client.force_login(pw.member_rep)
    grow(2)
    # session, user, role summary (2), plan + members + expert team + actions + dependencies
    # + funding + experts.
    with django_assert_num_queries(11):
        client.get(_url(plan))
    grow(4)
    with django_assert_num_queries(11):
        response = client.get(_url(plan))
    assert response.content.decode().count('id="action-') == 6


def test_htmx_status_change_returns_the_table(client, pw, plan):
    survey = add_action(actor=None, plan=plan, title="Survey")
    pilot = add_action(actor=None, plan=plan, title="Pilot", depends_on=[survey])
    client.force_login(pw.lead_rep)
    url = _url(plan, "change/action-status/")
    response = client.post(
        url, {"action": pilot.pk, "status": "done"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.startswith('<div id="plan-actions">')
    assert "Finish the actions it depends on first: Survey." in html
    response = client.post(
        url, {"action": survey.pk, "status": "in_progress"}, headers={"HX-Request": "true"}
    )
    assert 'role="alert"' not in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == ActionStatus.IN_PROGRESS


def test_status_change_without_htmx_redirects(client, pw, plan):
    action = add_action(actor=None, plan=plan, title="Survey")
    client.force_login(pw.lead_rep)
    response = client.post(
        _url(plan, "change/action-status/"), {"action": action.pk, "status": "done"}
    )
    assert response["Location"] == _url(plan)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    client.force_login(pw.member_rep)
    assert (
        client.post(
            _url(plan, "change/action-status/"), {"action": action.pk, "status": "in_progress"}
        ).status_code
        == 403
    )


def test_add_and_edit_actions_with_dependencies(client, pw, plan):
    client.force_login(pw.lead_rep)
    client.post(
        _url(plan, "change/add-action/"),
        {
            "action-title": "Survey",
            "action-owner": pw.member_rep.pk,
            "action-deadline": "2026-10-01",
        },
    )
    survey = Action.objects.get(title="Survey")
    assert (survey.owner, survey.deadline) == (pw.member_rep, dt.date(2026, 10, 1))
    client.post(
        _url(plan, "change/add-action/"),
        {
            "action-title": "Pilot",
            "action-owner_name": "Jan Novák",
            "action-depends_on": [survey.pk],
        },
    )
    pilot = Action.objects.get(title="Pilot")
    assert list(pilot.depends_on.all()) == [survey]
    edit = f"/plans/{plan.pk}/actions/{survey.pk}/"
    assert_strict_page(client.get(edit))
    response = client.post(edit, {"title": "Survey", "depends_on": [pilot.pk]})
    assert "This would make a cycle: Survey → Pilot → Survey." in response.content.decode()
    response = client.post(edit, {"title": "Supplier survey", "owner_name": "Eva"})
    assert response["Location"] == _url(plan)
    survey.refresh_from_db()
    assert (survey.title, survey.owner, survey.owner_name) == ("Supplier survey", None, "Eva")


def test_owner_must_act_for_a_member(client, pw, plan):
    client.force_login(pw.lead_rep)
    client.post(
        _url(plan, "change/add-action/"),
        {"action-title": "Survey", "action-owner": pw.other_rep.pk},
    )
    assert not Action.objects.exists()


def test_delete_action(client, pw, plan):
    action = add_action(actor=None, plan=plan, title="Survey")
    client.force_login(pw.lead_rep)
    client.post(_url(plan, "change/delete-action/"), {"action": action.pk})
    assert not Action.objects.exists()


def test_funding_opportunities(client, pw, plan):
    client.force_login(pw.lead_rep)
    client.post(
        _url(plan, "change/add-funding/"),
        {"funding-title": "I3", "funding-source": "i3", "funding-amount": "250000"},
    )
    item = FundingOpportunity.objects.get()
    edit = f"/plans/{plan.pk}/funding/{item.pk}/"
    assert_strict_page(client.get(edit))
    client.post(edit, {"title": "I3 strand 2", "source": "horizon_europe", "url": "example.eu"})
    item.refresh_from_db()
    assert (item.title, item.source, item.url) == (
        "I3 strand 2",
        "horizon_europe",
        "https://example.eu",
    )
    client.post(_url(plan, "change/delete-funding/"), {"item": item.pk})
    assert not FundingOpportunity.objects.exists()


def test_unknown_verb_is_404(client, pw, plan):
    client.force_login(pw.lead_rep)
    assert client.post(_url(plan, "change/explode/")).status_code == 404


# --- transition plans of regions -----------------------------------------------------------


def test_region_plans_list_and_start(client, pw):
    client.force_login(pw.other_rep)
    html = assert_strict_page(client.get("/transition-plans/"))
    assert "Start its plan" not in html  # DE11 is no industrial-transition region
    assert client.post("/transition-plans/CZ06/start/").status_code == 403
    client.force_login(pw.lead_rep)
    assert "Start its plan" in client.get("/transition-plans/").content.decode()
    response = client.post("/transition-plans/cz06/start/")
    plan = ActionPlan.objects.get(region=pw.cz06)
    assert response["Location"] == _url(plan)
    client.force_login(pw.other_rep)
    assert "Transition plan of Jihovýchod" in client.get("/transition-plans/").content.decode()


def test_region_plan_self_assessment_priorities_and_experts(client, pw):
    plan = create_region_plan(actor=None, region=pw.cz06)
    client.force_login(pw.lead_rep)
    client.post(
        _url(plan, "change/save/"),
        {
            "plan-title": "Just transition",
            "plan-weaknesses": "Coal <b>jobs</b>",
            "plan-assets": "Universities",
            "plan-transition_priorities": ["reskilling", "energy_transition"],
        },
    )
    client.post(_url(plan, "change/experts/"), {"experts-experts": [pw.expert.pk]})
    client.force_login(pw.plain)
    html = assert_strict_page(client.get(_url(plan)))
    assert "Coal &lt;b&gt;jobs&lt;/b&gt;" in html
    assert "<li>Reskilling and upskilling</li>" in html
    assert "<li>Eva Expert</li>" in html
    assert "Add an action" not in html
    assert client.post(_url(plan, "change/save/"), {"plan-title": "X"}).status_code == 403


def test_region_plans_query_count_is_fixed(client, pw, django_assert_num_queries):
    from tests.factories.regions import RegionFactory

    client.force_login(pw.staff)

    def grow(start):
        for i in range(start, start + 3):
            region = RegionFactory(
                code=f"CZ{i}", country=pw.cz06.country, industrial_transition=True
            )
            create_region_plan(actor=None, region=region)
            RegionFactory(code=f"CZ0{i}", country=pw.cz06.country, industrial_transition=True)

    grow(10)
    # session, user, role summary, regions without a plan, the plans with counts.
    with django_assert_num_queries(5):
        client.get("/transition-plans/")
    grow(20)
    with django_assert_num_queries(5):
        response = client.get("/transition-plans/")
    assert response.content.decode().count("Start its plan") == 7  # CZ06 and six new regions
