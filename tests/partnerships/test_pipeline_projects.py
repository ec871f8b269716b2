"""Proposing, editing and deleting pipeline projects (the domain functions)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.partnerships.domain.partnerships import close_partnership
from smartregions.partnerships.domain.pipeline import (
    create_project,
    delete_project,
    move_project,
    remove_project_funding,
    set_project_funding,
    update_project,
)
from smartregions.partnerships.models import Project, ProjectStageChange
from tests.factories.organisations import OrganisationFactory
from tests.factories.partnerships import PartnershipFactory, PartnershipMemberFactory
from tests.factories.pipeline_extra import build_pipeline_world


@pytest.fixture
def w(db):
    return build_pipeline_world()


def _propose(w, **changes):
    fields = {
        "actor": w.users["member"],
        "partnership": w.p,
        "title": "  Green ammonia shipping  ",
        "lead_region": w.de11,
        "trl_now": 4,
        "trl_target": 6,
        "budget": "750000.50",
    }
    return create_project(**{**fields, **changes})


def test_create_project_starts_as_idea_with_partnership_platform_and_history(w):
    project = _propose(w, partner_regions=[w.sk01, w.sk01], partner_organisations=[w.cluster])
    assert (project.title, project.stage, project.thematic_platform) == (
        "Green ammonia shipping",
        "idea",
        w.energy,
    )
    assert project.budget == Decimal("750000.50")
    assert project.created_by == w.users["member"]
    assert list(project.partner_regions.all()) == [w.sk01]
    assert list(project.partner_organisations.all()) == [w.cluster]
    assert list(project.stage_changes.values_list("from_stage", "to_stage")) == [("", "idea")]
    assert ActivityLogEntry.objects.filter(action="project.create", object_id=str(project.pk))


def test_create_project_notifies_leaders_and_lead_region_but_not_the_proposer(w):
    project = _propose(w)
    recipients = set(
        Notification.objects.filter(
            kind="pipeline.project_proposed", url=f"/projects/{project.pk}/"
        ).values_list("recipient__email", flat=True)
    )
    # Leaders of P (CZ06 and SK01 representatives); the proposer represents the lead region.
    assert recipients == {"lead@example.eu", "colead@example.eu"}


def test_create_project_refuses_closed_partnership(w):
    with pytest.raises(ValidationError) as error:
        _propose(w, partnership=w.c)
    assert error.value.message_dict == {
        "partnership": ["Closed Grids is closed; it takes no new projects."]
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": " "}, "title", "Give the project a title."),
        ({"trl_now": 0}, "trl_now", "The current TRL is a whole number from 1 to 9."),
        ({"trl_target": 10}, "trl_target", "The targeted TRL is a whole number from 1 to 9."),
        (
            {"trl_now": 7, "trl_target": 5},
            "trl_target",
            "The targeted TRL (5) cannot be below the current TRL (7).",
        ),
        ({"budget": "-1"}, "budget", "The amount cannot be negative."),
        ({"budget": "12.345"}, "budget", "Give the amount in whole cents (two decimals at most)."),
        ({"budget": "1e12"}, "budget", "The amount must be below 1,000,000,000,000.00 EUR."),
        ({"budget": "lots"}, "budget", "Enter an amount in euros, e.g. 250000 or 250000.50."),
    ],
)
def test_create_project_rejects_invalid_fields(w, changes, field, message):
    with pytest.raises(ValidationError) as error:
        _propose(w, **changes)
    assert error.value.message_dict[field] == [message]
    assert not Project.objects.filter(title__contains="ammonia").exists()


def test_create_project_refuses_lead_region_as_partner(w):
    with pytest.raises(ValidationError) as error:
        _propose(w, partner_regions=[w.sk01, w.de11])
    assert error.value.message_dict == {
        "partner_regions": ["The lead region DE11 Stuttgart cannot also be a partner region."]
    }


def test_create_project_refuses_lead_organisation_as_partner(w):
    with pytest.raises(ValidationError) as error:
        _propose(w, lead_organisation=w.cluster, partner_organisations=[w.cluster])
    assert error.value.message_dict == {
        "partner_organisations": [
            "The lead organisation Brno Hydrogen Cluster cannot also be a partner organisation."
        ]
    }


def test_create_project_refuses_other_platform_than_the_partnership(w):
    with pytest.raises(ValidationError) as error:
        _propose(w, thematic_platform=w.agrifood)
    assert error.value.message_dict == {
        "thematic_platform": ["A partnership's projects belong to its thematic platform (Energy)."]
    }


def test_platform_project_needs_a_platform(w):
    with pytest.raises(ValidationError) as error:
        _propose(w, partnership=None)
    assert error.value.message_dict == {
        "thematic_platform": ["Choose the thematic platform of the project."]
    }


def test_update_project_changes_fields_and_partners_and_logs_them(w):
    update_project(
        actor=w.users["lead"],
        project=w.x,
        title="Hydrogen buses",
        trl_target=9,
        partner_regions=[w.de11, w.sk01],
    )
    w.x.refresh_from_db()
    assert (w.x.title, w.x.trl_target) == ("Hydrogen buses", 9)
    assert sorted(r.code for r in w.x.partner_regions.all()) == ["DE11", "SK01"]
    entry = ActivityLogEntry.objects.filter(action="project.update").get()
    assert entry.data == {"changed": ["title", "trl_target", "partner_regions"]}


def test_update_project_checks_the_new_lead_against_existing_partners(w):
    with pytest.raises(ValidationError) as error:
        update_project(actor=None, project=w.x, lead_region=w.sk01)
    assert list(error.value.message_dict) == ["partner_regions"]


def test_update_project_refuses_unknown_field(w):
    with pytest.raises(ValueError, match="not editable: partnership, stage"):
        update_project(actor=None, project=w.x, stage="funded", partnership=None)


def test_update_project_budget_may_not_drop_below_the_funding_mix(w):
    set_project_funding(
        actor=None, project=w.x, source="horizon_europe", amount=600_000, status="applied"
    )
    with pytest.raises(ValidationError) as error:
        update_project(actor=None, project=w.x, budget=500_000)
    assert error.value.message_dict == {
        "budget": [
            (
                "The funding mix totals 600,000.00 EUR, more than the budget of 500,000.00 EUR. "
                "Lower the funding or raise the budget."
            )
        ]
    }
    w.x.refresh_from_db()
    assert w.x.budget == Decimal("1000000.00")


def test_update_funded_project_budget_must_keep_secured_share(w):
    set_project_funding(actor=None, project=w.x, source="i3", amount=500_000, status="secured")
    move_project(actor=None, project=w.x, to_stage="investment_ready")
    move_project(actor=None, project=w.x, to_stage="funded")
    with pytest.raises(ValidationError) as error:
        update_project(actor=None, project=w.x, budget=1_200_000)
    assert error.value.message_dict == {
        "budget": [
            (
                "A funded project needs secured funding of at least 50% of its budget "
                "(600,000.00 EUR); 500,000.00 EUR is secured."
            )
        ]
    }
    update_project(actor=None, project=w.x, budget=900_000)
    w.x.refresh_from_db()
    assert w.x.budget == Decimal("900000.00")


def test_delete_project_removes_an_idea_with_its_history(w):
    pk = w.i.pk
    delete_project(actor=w.users["lead"], project=w.i)
    assert not Project.objects.filter(pk=pk).exists()
    assert not ProjectStageChange.objects.filter(project_id=pk).exists()
    assert ActivityLogEntry.objects.get(action="project.delete").data == {
        "title": "Electrolyser test bed",
        "partnership_id": w.p.pk,
    }
    note = Notification.objects.get(kind="pipeline.project_deleted", recipient=w.users["orgm"])
    assert (note.title, note.url) == (
        "Project idea deleted: Electrolyser test bed",
        "/partnerships/hydrogen-valleys/pipeline/",
    )
    assert sorted(
        Notification.objects.filter(kind="pipeline.project_deleted").values_list(
            "recipient__email", flat=True
        )
    ) == ["orgm@example.eu", "plrep@example.eu"]


def test_delete_project_refuses_later_stages(w):
    with pytest.raises(ValidationError) as error:
        delete_project(actor=None, project=w.x)
    assert error.value.message_dict == {
        "stage": ["Only project ideas can be deleted; this project is at the demonstration stage."]
    }
    assert Project.objects.filter(pk=w.x.pk).exists()


# --- a partnership's project is led from within it --------------------------------------------


def test_create_project_refuses_a_lead_region_outside_the_partnership(w):
    with pytest.raises(ValidationError) as error:
        _propose(w, lead_region=w.hu11)
    assert error.value.message_dict == {
        "lead_region": [
            (
                "HU11 Budapest is not part of Hydrogen Valleys: the lead region must be a member "
                "region, lie inside one, or be where a member organisation is located."
            )
        ]
    }
    assert not Project.objects.filter(title__contains="ammonia").exists()


def test_create_project_refuses_a_lead_organisation_outside_the_partnership(w):
    budapest = OrganisationFactory(name="Budapest Fuel Cells", slug="budapest-fc", region=w.hu11)
    with pytest.raises(ValidationError) as error:
        _propose(w, lead_organisation=budapest)
    assert error.value.message_dict == {
        "lead_organisation": [
            (
                "Budapest Fuel Cells is not part of Hydrogen Valleys: the lead organisation must "
                "be a member or be located in a member region."
            )
        ]
    }


@pytest.mark.parametrize(
    ("region", "organisation"),
    [
        ("cz064", None),  # a region inside the member region CZ06
        ("de11", "bratislava"),  # located in the member region SK01
        ("cz06", "cluster"),  # a member organisation
    ],
)
def test_create_project_accepts_leads_within_the_partnership(w, region, organisation):
    lead_organisation = getattr(w, organisation) if organisation else None
    project = _propose(w, lead_region=getattr(w, region), lead_organisation=lead_organisation)
    assert (project.lead_region, project.lead_organisation) == (
        getattr(w, region),
        lead_organisation,
    )


def test_organisation_led_partnership_takes_the_organisations_region_as_lead(w):
    led = PartnershipFactory(name="Krakow Heat", thematic_platform=w.energy)
    PartnershipMemberFactory(partnership=led, region=None, organisation=w.krakow, role="lead")
    project = _propose(w, partnership=led, lead_region=w.pl21, lead_organisation=w.krakow)
    assert project.partnership == led
    with pytest.raises(ValidationError) as error:
        _propose(w, partnership=led, lead_region=w.de11)
    assert list(error.value.message_dict) == ["lead_region"]


def test_update_project_refuses_a_lead_that_left_or_never_joined(w):
    with pytest.raises(ValidationError) as error:
        update_project(actor=w.users["lead"], project=w.x, lead_region=w.hu11)
    assert list(error.value.message_dict) == ["lead_region"]
    w.p.members.filter(region=w.sk01).update(left_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        update_project(actor=w.users["lead"], project=w.x, lead_region=w.sk01, partner_regions=[])
    assert list(error.value.message_dict) == ["lead_region"]
    w.x.refresh_from_db()
    assert w.x.lead_region == w.pl21


def test_update_project_keeps_an_unchanged_lead_unchecked(w):
    # PL21 left: the project stays editable by the leaders without naming a new lead at once.
    w.p.members.filter(region=w.pl21).update(left_at=timezone.now())
    update_project(actor=w.users["lead"], project=w.x, title="Hydrogen buses")
    w.x.refresh_from_db()
    assert (w.x.title, w.x.lead_region) == ("Hydrogen buses", w.pl21)


# --- the pipeline of a closed partnership is an archive ---------------------------------------

CLOSED = "Hydrogen Valleys is closed: the projects of its pipeline can no longer be changed."


def _close_p(w):
    set_project_funding(actor=None, project=w.x, source="i3", amount=100_000, status="applied")
    close_partnership(actor=w.users["lead"], partnership=w.p)


@pytest.mark.parametrize(
    "write",
    [
        lambda w: update_project(actor=w.users["lead"], project=w.x, title="Renamed"),
        lambda w: move_project(actor=w.users["lead"], project=w.x, to_stage="investment_ready"),
        lambda w: set_project_funding(
            actor=w.users["lead"], project=w.x, source="private", amount=1, status="idea"
        ),
        lambda w: remove_project_funding(actor=w.users["lead"], funding=w.x.funding.get()),
        lambda w: delete_project(actor=w.users["lead"], project=w.i),
    ],
    ids=["update", "move", "set-funding", "remove-funding", "delete"],
)
def test_closed_partnership_projects_are_not_changed(w, write):
    _close_p(w)
    before = list(Project.objects.order_by("pk").values())
    with pytest.raises(ValidationError) as error:
        write(w)
    assert error.value.message_dict == {"partnership": [CLOSED]}
    assert list(Project.objects.order_by("pk").values()) == before
    assert list(w.x.funding.values_list("source", "amount")) == [("i3", Decimal("100000.00"))]


def test_platform_projects_stay_editable(w):
    update_project(actor=w.users["fac"], project=w.n, title="Precision irrigation")
    w.n.refresh_from_db()
    assert w.n.title == "Precision irrigation"
