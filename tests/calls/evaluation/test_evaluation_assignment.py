"""Assigning reviewers: by hand (with refusals), automatically (optimal, no conflicts, loads),
taking a review back, and the ``assign_reviewers`` command."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from smartregions.calls.domain.applications import withdraw_application
from smartregions.calls.domain.evaluation.assignment import (
    assign_reviewer,
    auto_assign_reviewers,
    plan_assignment,
    remove_reviewer,
)
from smartregions.calls.domain.evaluation.experts import add_to_panel, deactivate_expert
from smartregions.calls.domain.evaluation.reviews import (
    Mark,
    declare_no_conflict,
    recuse_review,
    save_review,
    submit_review,
)
from smartregions.calls.enums import ApplicationStatus, ReviewStatus
from smartregions.calls.models import CallCutoff, Review, Score
from smartregions.common.models import ActivityLogEntry, Notification
from tests.calls.evaluation.conftest import submitted
from tests.factories.calls import CallFactory


def reviewers(application, stage=1):
    return sorted(
        r.expert.user.full_name
        for r in Review.objects.filter(application=application, stage=stage)
        .exclude(status=ReviewStatus.RECUSED)
        .select_related("expert__user")
    )


# --- by hand ---------------------------------------------------------------------------


def test_assign_reviewer_starts_the_review_and_tells_the_expert(
    ew, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)

    ew.h2.refresh_from_db()
    assert (review.status, review.stage, review.is_automatic) == ("assigned", 1, False)
    assert review.assigned_by == ew.facilitator
    assert ew.h2.status == ApplicationStatus.UNDER_REVIEW
    change = ew.h2.status_changes.order_by("-id").first()
    assert (change.from_status, change.to_status, change.by, change.note) == (
        "submitted",
        "under_review",
        ew.facilitator,
        "Reviewers assigned.",
    )
    note = Notification.objects.get(recipient=ew.petra.user)
    assert (note.kind, note.title, note.url) == (
        "evaluation.review_assigned",
        "Please review H2V",
        f"/evaluation/reviews/{review.pk}/",
    )
    assert [m.to for m in mailoutbox] == [["petra@example.eu"]]
    entry = ActivityLogEntry.objects.get(action="review.assign")
    assert entry.data == {"expert_id": ew.petra.pk, "how": "manual", "application_id": ew.h2.pk}


def test_second_reviewer_leaves_the_status_under_review(ew):
    assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)

    assert ew.h2.status_changes.filter(to_status="under_review").count() == 1
    assert reviewers(ew.h2) == ["Eva Gruber", "Petra Nowak"]


@pytest.mark.parametrize(
    ("expert", "reasons"),
    [
        (
            "dieter",
            [
                "Conflict of interest: Same organisation: Stuttgart Fuel Cell Institute applies.",
                (
                    "Conflict of interest: Same region: the expert's organisation's region DE11 "
                    "overlaps the applicant region DE11."
                ),
            ],
        ),
        (
            "hana",
            [
                (
                    "Conflict of interest: Same region: the expert's region CZ06 overlaps the "
                    "applicant region CZ064."
                )
            ],
        ),
    ],
)
def test_assign_reviewer_refuses_a_conflict_with_the_reason(ew, expert, reasons):
    with pytest.raises(ValidationError) as error:
        assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=getattr(ew, expert))

    assert error.value.message_dict == {"expert": reasons}
    assert not Review.objects.exists()


def test_assign_reviewer_refuses_an_inactive_expert(ew):
    deactivate_expert(actor=ew.facilitator, expert=ew.petra)

    with pytest.raises(ValidationError, match="Petra Nowak is not active in the expert pool"):
        assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)


def test_assign_reviewer_refuses_an_expert_off_the_panel(ew):
    add_to_panel(actor=ew.facilitator, call=ew.call, experts=[ew.eva])

    with pytest.raises(ValidationError, match="Petra Nowak is not on the call's panel"):
        assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    assert assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva).pk


def test_assign_reviewer_refuses_the_same_expert_twice_and_a_recused_one(ew):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    with pytest.raises(ValidationError, match="Petra Nowak already reviews this application"):
        assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)

    recuse_review(actor=ew.petra.user, review=review, reason="My sister works there.")
    with pytest.raises(ValidationError, match="Petra Nowak recused from this application"):
        assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.DRAFT,
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.REJECTED,
    ],
)
def test_assign_reviewer_refuses_applications_not_waiting_for_review(ew, status):
    ew.h2.status = status
    ew.h2.withdrawn_at = ew.h2.submitted_at
    ew.h2.save()

    with pytest.raises(ValidationError) as error:
        assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)

    assert list(error.value.message_dict) == ["status"]


def test_assign_reviewer_refuses_a_call_without_criteria(ew):
    bare = CallFactory()
    application = submitted(bare, title="No criteria", lead_region=ew.cz08)

    with pytest.raises(ValidationError, match="no evaluation criteria for stage 1"):
        assign_reviewer(actor=ew.facilitator, application=application, expert=ew.petra)


def test_remove_reviewer_takes_an_assigned_review_back(ew):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    review_id = review.pk

    remove_reviewer(actor=ew.facilitator, review=review)

    assert not Review.objects.exists()
    ew.h2.refresh_from_db()
    assert ew.h2.status == ApplicationStatus.UNDER_REVIEW
    entry = ActivityLogEntry.objects.get(action="review.remove")
    assert entry.data == {"review_id": review_id, "expert_id": ew.petra.pk}
    assert (
        Notification.objects.filter(
            recipient=ew.petra.user, kind="evaluation.review_removed"
        ).count()
        == 1
    )


def test_withdrawing_under_review_takes_the_open_reviews_back(
    ew, django_capture_on_commit_callbacks
):
    petra = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    eva = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)
    declare_no_conflict(actor=ew.petra.user, review=petra)
    save_review(actor=ew.petra.user, review=petra, marks={ew.relevance.pk: Mark(3)})
    declare_no_conflict(actor=ew.eva.user, review=eva)
    submit_review(
        actor=ew.eva.user, review=eva, marks={ew.relevance.pk: Mark(4), ew.impact.pk: Mark(7)}
    )

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_application(actor=ew.lead_rep, application=ew.h2, reason="Partner left")

    # Eva's submitted review stays; Petra's open one goes, with its draft score.
    assert list(Review.objects.values_list("pk", "status")) == [(eva.pk, "submitted")]
    assert not Score.objects.filter(review_id=petra.pk).exists()
    entry = ActivityLogEntry.objects.get(action="review.remove")
    assert (entry.actor, entry.object_id, entry.data) == (
        ew.lead_rep,
        str(ew.h2.pk),
        {"review_id": petra.pk, "expert_id": ew.petra.pk, "reason": "withdrawn", "draft_scores": 1},
    )
    cancelled = Notification.objects.filter(kind="evaluation.review_cancelled")
    assert [(n.recipient, n.title) for n in cancelled] == [(ew.petra.user, "Review cancelled: H2V")]
    assert "Partner left" not in cancelled.get().body


def test_withdrawing_a_submitted_application_touches_no_review(ew):
    withdraw_application(actor=ew.lead_rep, application=ew.tour, reason="Merged")

    assert not ActivityLogEntry.objects.filter(action="review.remove").exists()
    assert not Notification.objects.filter(kind="evaluation.review_cancelled").exists()


@pytest.mark.parametrize("state", ["recused", "submitted"])
def test_remove_reviewer_refuses_a_finished_review(ew, state):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    if state == "recused":
        recuse_review(actor=ew.petra.user, review=review, reason="Conflict")
    else:
        declare_no_conflict(actor=ew.petra.user, review=review)
        marks = {ew.relevance.pk: Mark(3), ew.impact.pk: Mark(3)}
        submit_review(actor=ew.petra.user, review=review, marks=marks)

    with pytest.raises(ValidationError, match=f"this one is {state}"):
        remove_reviewer(actor=ew.facilitator, review=review)
    assert Review.objects.filter(pk=review.pk).exists()


# --- automatic -------------------------------------------------------------------------


def test_auto_assign_gives_each_application_its_reviewers_without_conflicts(
    ew, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        plan = auto_assign_reviewers(actor=ew.facilitator, call=ew.call)

    # Only Petra and Eva are free of conflicts with H2V.
    assert reviewers(ew.h2) == ["Eva Gruber", "Petra Nowak"]
    # Tomáš fits the tourism application best; the second place goes to an expert without a
    # review yet (Hana or Dieter), not to Petra or Eva who already have one.
    slow = reviewers(ew.tour)
    assert "Tomáš Kováč" in slow
    assert {"Hana Horáková", "Dieter Brandt"} & set(slow)
    assert plan.shortfalls == []
    assert len(plan.reviews) == 4
    assert all(r.is_automatic and r.assigned_by == ew.facilitator for r in plan.reviews)
    for application in (ew.h2, ew.tour):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.UNDER_REVIEW
    assert sorted(plan.load.values()) == [0, 1, 1, 1, 1]
    # One notification per expert, each mail to one address.
    assert Notification.objects.filter(kind="evaluation.review_assigned").count() == 4
    assert len(mailoutbox) == 4
    summary = ActivityLogEntry.objects.get(action="call.auto_assign")
    assert summary.data == {"cutoff_id": None, "reviews": 4, "applications": 2, "short": []}


def test_auto_assign_puts_the_best_fitting_expert_first(ew):
    ew.call.reviewers_per_application = 1
    ew.call.save()

    plan = plan_assignment(call=ew.call)

    chosen = {a.acronym: e.user.full_name for a, e, _ in plan.pairs}
    assert chosen == {"H2V": "Petra Nowak", "SLOW": "Tomáš Kováč"}


def test_auto_assign_twice_assigns_nothing_more(ew):
    auto_assign_reviewers(actor=ew.facilitator, call=ew.call)

    plan = auto_assign_reviewers(actor=ew.facilitator, call=ew.call)

    assert (plan.pairs, plan.shortfalls) == ([], [])
    assert Review.objects.count() == 4


def test_auto_assign_replaces_a_recused_reviewer_with_someone_else(ew):
    auto_assign_reviewers(actor=ew.facilitator, call=ew.call)
    petra = Review.objects.get(application=ew.h2, expert=ew.petra)
    recuse_review(actor=ew.petra.user, review=petra, reason="Former employer")
    ew.call.conflict_rules = ["organisation"]
    ew.call.save()

    plan = auto_assign_reviewers(actor=ew.facilitator, call=ew.call)

    assert [(a.acronym, e.user.full_name) for a, e, _ in plan.pairs] == [("H2V", "Hana Horáková")]
    assert reviewers(ew.h2) == ["Eva Gruber", "Hana Horáková"]


def test_auto_assign_reports_too_few_experts_without_conflict(ew):
    ew.call.reviewers_per_application = 3
    ew.call.save()

    plan = auto_assign_reviewers(actor=ew.facilitator, call=ew.call)

    assert [(s.application.acronym, s.missing, s.reason) for s in plan.shortfalls] == [
        (
            "H2V",
            1,
            (
                "Only 2 candidate experts are free of conflicts and not already asked "
                "(3 excluded by a conflict of interest)."
            ),
        )
    ]
    assert reviewers(ew.h2) == ["Eva Gruber", "Petra Nowak"]
    assert len(reviewers(ew.tour)) == 3


def test_auto_assign_respects_max_load_counting_reviews_held_in_the_call(ew):
    assign_reviewer(actor=ew.facilitator, application=ew.tour, expert=ew.petra)
    ew.petra.max_load = 1
    ew.petra.save()

    plan = auto_assign_reviewers(actor=ew.facilitator, call=ew.call)

    assert reviewers(ew.h2) == ["Eva Gruber"]
    assert [(s.application.acronym, s.missing, s.reason) for s in plan.shortfalls] == [
        ("H2V", 1, "1 reviewer missing: the eligible experts have reached their maximum load.")
    ]
    assert plan.load[ew.petra.pk] == 1


def test_auto_assign_draws_on_the_panel_only(ew):
    add_to_panel(actor=ew.facilitator, call=ew.call, experts=[ew.petra, ew.tomas])

    plan = auto_assign_reviewers(actor=ew.facilitator, call=ew.call)

    assert reviewers(ew.h2) == ["Petra Nowak"]
    assert reviewers(ew.tour) == ["Petra Nowak", "Tomáš Kováč"]
    assert [(s.application.acronym, s.missing) for s in plan.shortfalls] == [("H2V", 1)]
    assert [e.user.full_name for e in plan.experts] == ["Petra Nowak", "Tomáš Kováč"]


def test_auto_assign_leaves_out_inactive_experts(ew):
    deactivate_expert(actor=ew.facilitator, expert=ew.petra)

    auto_assign_reviewers(actor=ew.facilitator, call=ew.call)

    assert reviewers(ew.h2) == ["Eva Gruber"]


def test_auto_assign_of_one_cutoff(ew):
    cutoff = CallCutoff.objects.create(call=ew.call, at=ew.call.deadline - dt.timedelta(days=10))
    ew.tour.cutoff = cutoff
    ew.tour.save()

    plan = auto_assign_reviewers(actor=ew.facilitator, call=ew.call, cutoff=cutoff)

    assert {a.acronym for a, _, _ in plan.pairs} == {"SLOW"}
    assert reviewers(ew.h2) == []
    ew.h2.refresh_from_db()
    assert ew.h2.status == ApplicationStatus.SUBMITTED


def test_auto_assign_reports_a_stage_without_criteria(ew):
    bare = CallFactory()
    submitted(bare, title="Orphan", lead_region=ew.cz08)

    plan = auto_assign_reviewers(actor=ew.facilitator, call=bare)

    assert [s.reason for s in plan.shortfalls] == [
        "The call has no evaluation criteria for stage 1."
    ]
    assert not Review.objects.exists()


def test_plan_assignment_saves_nothing(ew):
    plan = plan_assignment(call=ew.call)

    assert len(plan.pairs) == 4
    assert not Review.objects.exists()
    ew.h2.refresh_from_db()
    assert ew.h2.status == ApplicationStatus.SUBMITTED


# --- the command -----------------------------------------------------------------------


def test_assign_reviewers_command_prints_the_assignment(ew, capsys):
    call_command("assign_reviewers", ew.call.slug)

    out = capsys.readouterr().out
    assert f"{ew.call.title}: assigned 4 review(s)" in out
    assert "H2V <- Petra Nowak (fit " in out
    assert "  Petra Nowak: 1 / 10" in out
    assert Review.objects.count() == 4


def test_assign_reviewers_command_dry_run_saves_nothing(ew, capsys):
    call_command("assign_reviewers", ew.call.slug, "--dry-run")

    assert "would assign 4 review(s)" in capsys.readouterr().out
    assert not Review.objects.exists()


def test_assign_reviewers_command_fails_when_applications_are_short(ew, capsys):
    ew.call.reviewers_per_application = 3
    ew.call.save()

    with pytest.raises(CommandError, match=r"1 application\(s\) could not get enough reviewers"):
        call_command("assign_reviewers", ew.call.slug)

    assert "SHORT H2V: Only 2 candidate experts" in capsys.readouterr().err
    assert Review.objects.count() == 5


def test_assign_reviewers_command_selects_a_cutoff_by_its_local_date(ew, capsys):
    # 23:30 UTC on 1 March is already 2 March in Brussels.
    at = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    cutoff = CallCutoff.objects.create(call=ew.call, at=at)
    ew.tour.cutoff = cutoff
    ew.tour.save()

    with pytest.raises(CommandError, match="the call has 0 cut-offs on 2026-03-01"):
        call_command("assign_reviewers", ew.call.slug, "--cutoff", "2026-03-01")
    call_command("assign_reviewers", ew.call.slug, "--cutoff", "2026-03-02")

    assert "assigned 2 review(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-call"], "no call with slug no-such-call"),
        (["CALL", "--cutoff", "March"], "--cutoff takes a date as YYYY-MM-DD"),
    ],
)
def test_assign_reviewers_command_refuses_bad_arguments(ew, args, message):
    args = [ew.call.slug if a == "CALL" else a for a in args]

    with pytest.raises(CommandError, match=message):
        call_command("assign_reviewers", *args)
