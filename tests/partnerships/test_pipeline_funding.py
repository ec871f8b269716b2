"""A project's funding mix: lines per source, the budget ceiling and the secured share."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry
from smartregions.partnerships.domain.pipeline import (
    remove_project_funding,
    set_project_funding,
)
from smartregions.partnerships.models import ProjectFunding
from tests.factories.partnerships import ProjectFactory


@pytest.fixture
def project(db):
    return ProjectFactory(budget=1_000_000)


def _set(project, source="horizon_europe", amount=100_000, status="planned", **extra):
    return set_project_funding(
        actor=None, project=project, source=source, amount=amount, status=status, **extra
    )


def test_set_funding_adds_then_replaces_the_line_of_a_source(project):
    _set(project, amount=100_000, status="planned", notes=" Call 2026 ")
    line = _set(project, amount=250_000.5, status="applied")
    assert list(ProjectFunding.objects.values_list("source", "status", "amount", "notes")) == [
        ("horizon_europe", "applied", Decimal("250000.50"), "")
    ]
    assert line.amount == Decimal("250000.50")
    created = [e.data["created"] for e in ActivityLogEntry.objects.order_by("id")]
    assert created == [True, False]


def test_funding_mix_may_equal_but_not_exceed_the_budget(project):
    _set(project, source="i3", amount=600_000)
    _set(project, source="private", amount=400_000)
    with pytest.raises(ValidationError) as error:
        _set(project, source="national_regional", amount="0.01")
    assert error.value.message_dict == {
        "amount": [
            (
                "The funding mix totals 1,000,000.01 EUR, more than the budget of "
                "1,000,000.00 EUR. Lower the funding or raise the budget."
            )
        ]
    }
    assert ProjectFunding.objects.count() == 2


def test_replacing_a_line_counts_its_new_amount_only(project):
    _set(project, source="i3", amount=900_000)
    _set(project, source="i3", amount=1_000_000)
    assert ProjectFunding.objects.get().amount == Decimal("1000000.00")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"source": "lottery"}, "source", "Unknown funding source: lottery"),
        ({"status": "hoped"}, "status", "Unknown funding status: hoped"),
        ({"amount": -5}, "amount", "The amount cannot be negative."),
    ],
)
def test_set_funding_rejects_invalid_input(project, changes, field, message):
    with pytest.raises(ValidationError) as error:
        _set(project, **changes)
    assert error.value.message_dict == {field: [message]}


def test_funded_project_keeps_its_secured_share(project):
    project.stage = "funded"
    project.save()
    line = _set(project, source="i3", amount=500_000, status="secured")
    with pytest.raises(ValidationError) as error:
        _set(project, source="i3", amount=500_000, status="applied")
    assert error.value.message_dict["status"][0].startswith(
        "A funded project needs secured funding of at least 50% of its budget"
    )
    with pytest.raises(ValidationError) as error:
        remove_project_funding(actor=None, funding=line)
    assert list(error.value.message_dict) == ["source"]
    assert ProjectFunding.objects.get().status == "secured"


def test_remove_funding_deletes_the_line_and_logs_it(project):
    line = _set(project, source="private", amount=1_000)
    remove_project_funding(actor=None, funding=line)
    assert not ProjectFunding.objects.exists()
    assert ActivityLogEntry.objects.filter(action="project.funding_remove").get().data == {
        "source": "private",
        "amount": "1000.00",
    }


def test_securing_a_source_notifies_leaders_and_owners_once(db):
    from smartregions.common.models import Notification
    from tests.factories.pipeline_extra import build_pipeline_world

    w = build_pipeline_world()
    Notification.objects.all().delete()
    set_project_funding(
        actor=w.users["lead"], project=w.x, source="i3", amount=200_000, status="applied"
    )
    assert not Notification.objects.exists()
    set_project_funding(
        actor=w.users["lead"], project=w.x, source="i3", amount=250_000, status="secured"
    )
    set_project_funding(
        actor=w.users["lead"], project=w.x, source="i3", amount=260_000, status="secured"
    )
    notes = Notification.objects.filter(kind="pipeline.funding_secured")
    assert sorted(n.recipient.email for n in notes) == [
        "colead@example.eu",
        "orgm@example.eu",
        "plrep@example.eu",
    ]
    assert notes.first().body == (
        "Interregional innovation investments (I3) secured 250,000.00 EUR for “Hydrogen buses "
        "for mountain towns” in the pipeline of Hydrogen Valleys."
    )
