"""The panel: consensus, ranking with thresholds, decisions and their effects, notifications
to the applicants, and the application's audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartregions.calls.domain.evaluation.assignment import assign_reviewer, remove_reviewer
from smartregions.calls.domain.evaluation.decisions import record_consensus, record_decision
from smartregions.calls.domain.evaluation.reviews import (
    Mark,
    declare_no_conflict,
    recuse_review,
    submit_review,
)
from smartregions.calls.domain.queries.evaluation import application_trail, evaluation_board
from smartregions.calls.enums import ApplicationStatus
from smartregions.calls.models import ApplicationSubmission, Decision
from smartregions.common.models import ActivityLogEntry, Notification
from tests.calls.evaluation.conftest import submitted
from tests.factories.accounts import UserFactory
from tests.factories.calls import CallFactory, CriterionFactory


def review(ew, application, expert, relevance, impact):
    result = assign_reviewer(actor=ew.facilitator, application=application, expert=expert)
    declare_no_conflict(actor=expert.user, review=result)
    marks = {ew.relevance.pk: Mark(relevance), ew.impact.pk: Mark(impact)}
    return submit_review(actor=expert.user, review=result, marks=marks, comment="Done")


@pytest.fixture
def reviewed(ew):
    """H2V reviewed by Petra (76.667) and Eva (40.000); Eva's relevance 1 pulls the mean of
    relevance (2.5) below its threshold of 3."""
    review(ew, ew.h2, ew.petra, relevance=4, impact=7)
    review(ew, ew.h2, ew.eva, relevance=1, impact=8)
    return ew.h2


# --- consensus -------------------------------------------------------------------------


def test_record_consensus_and_revise_it(ew, reviewed):
    first = record_consensus(actor=ew.facilitator, application=reviewed, score="65", comment="OK")
    second = record_consensus(
        actor=ew.admin, application=reviewed, score=Decimal("70.5"), comment=" Revised "
    )

    assert first.pk == second.pk
    second.refresh_from_db()
    assert (second.score, second.comment, second.agreed_by, second.stage) == (
        Decimal("70.500"),
        "Revised",
        ew.admin,
        1,
    )
    assert [
        e.data
        for e in ActivityLogEntry.objects.filter(action="evaluation.consensus").order_by("id")
    ] == [
        {"stage": 1, "score": "65", "revised": False},
        {"stage": 1, "score": "70.5", "revised": True},
    ]


def test_consensus_waits_for_every_review(ew):
    review(ew, ew.h2, ew.petra, relevance=4, impact=7)
    assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)

    with pytest.raises(ValidationError) as error:
        record_consensus(actor=ew.facilitator, application=ew.h2, score=60, comment="Early")

    assert error.value.message_dict == {
        "reviews": ["Wait for every review, or take back the missing ones."]
    }


def test_consensus_after_taking_the_missing_review_back(ew):
    review(ew, ew.h2, ew.petra, relevance=4, impact=7)
    late = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)
    remove_reviewer(actor=ew.facilitator, review=late)

    consensus = record_consensus(actor=ew.facilitator, application=ew.h2, score=60, comment="OK")

    assert consensus.score == Decimal(60)


def test_consensus_needs_a_submitted_review(ew):
    recused = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    recuse_review(actor=ew.petra.user, review=recused, reason="Conflict")

    with pytest.raises(ValidationError, match="No review has been submitted yet"):
        record_consensus(actor=ew.facilitator, application=ew.h2, score=60, comment="OK")


def test_consensus_needs_an_application_under_review(ew):
    with pytest.raises(ValidationError, match="The application is submitted, not under review"):
        record_consensus(actor=ew.facilitator, application=ew.tour, score=60, comment="OK")


@pytest.mark.parametrize(
    ("score", "comment", "errors"),
    [
        (-1, "C", {"score": ["The consensus score is a number from 0 to 100."]}),
        ("100.5", "C", {"score": ["The consensus score is a number from 0 to 100."]}),
        ("sixty", "C", {"score": ["The consensus score is a number from 0 to 100."]}),
        ("60.1234", "C", {"score": ["Give the score with at most three decimals."]}),
        (60, "  ", {"comment": ["Explain the panel's consensus."]}),
    ],
)
def test_consensus_refuses_bad_input(ew, reviewed, score, comment, errors):
    with pytest.raises(ValidationError) as error:
        record_consensus(actor=ew.facilitator, application=reviewed, score=score, comment=comment)

    assert error.value.message_dict == errors


# --- ranking ---------------------------------------------------------------------------


def test_board_summarises_reviews_and_flags_thresholds(ew, reviewed):
    board = evaluation_board(ew.call, stage=1)

    row = next(r for r in board.rows if r.application == reviewed)
    assert (row.mean_total, row.spread, row.pending) == (Decimal("58.334"), Decimal("36.667"), 0)
    relevance, impact = row.criteria
    assert (relevance.scores, relevance.mean, relevance.spread) == ([4, 1], Decimal("2.500"), 3)
    assert relevance.below_threshold
    assert not impact.below_threshold
    assert row.flagged == [ew.relevance]
    assert sorted(values for _, values in row.score_table) == [[1, 8], [4, 7]]


def test_ranking_by_consensus_then_mean_total(ew, reviewed):
    review(ew, ew.tour, ew.tomas, relevance=5, impact=10)
    third = submitted(ew.call, title="Third", lead_region=ew.cz08)
    review(ew, third, ew.petra, relevance=5, impact=10)

    rows = evaluation_board(ew.call, stage=1).rows
    # No consensus yet: by mean total (100, 100, 58.334), ties by submission order.
    assert [(r.application.title, r.rank) for r in rows] == [
        ("Alpine slow tourism", 1),
        ("Third", 2),
        ("Hydrogen valleys for steel regions", 3),
    ]

    record_consensus(actor=ew.facilitator, application=reviewed, score=90, comment="Strong")
    rows = evaluation_board(ew.call, stage=1).rows
    assert [r.application.title for r in rows] == [
        "Hydrogen valleys for steel regions",
        "Alpine slow tourism",
        "Third",
    ]


def test_unscored_applications_come_last_unranked(ew, reviewed):
    rows = evaluation_board(ew.call, stage=1).rows

    assert [(r.application.acronym, r.rank) for r in rows] == [("H2V", 1), ("SLOW", None)]


# --- decisions -------------------------------------------------------------------------


def test_accept_notifies_the_applicants_with_the_reasons(
    ew, reviewed, mailoutbox, django_capture_on_commit_callbacks
):
    # Whoever started the application but acts for no applicant any more hears nothing.
    reviewed.created_by = UserFactory(email="former.rep@example.eu")
    reviewed.save()
    record_consensus(actor=ew.facilitator, application=reviewed, score=80, comment="Strong")

    with django_capture_on_commit_callbacks(execute=True):
        decision = record_decision(
            actor=ew.facilitator, application=reviewed, outcome="accept", reasons="Excellent fit."
        )

    reviewed.refresh_from_db()
    assert reviewed.status == ApplicationStatus.ACCEPTED
    assert (decision.stage, decision.rank, decision.decided_by) == (1, 1, ew.facilitator)
    assert decision.notified_at is not None
    change = reviewed.status_changes.order_by("-id").first()
    assert (change.from_status, change.to_status, change.note) == (
        "under_review",
        "accepted",
        "Accept",
    )
    notes = Notification.objects.filter(kind="evaluation.decision").order_by("recipient__email")
    # The lead region's representative (CZ06 covers CZ064), the lead organisation's member
    # and the confirmed co-applicant SK010's representative; not the former representative
    # who started it, the declined PL213 nor the unrelated CZ08 representatives.
    assert [n.recipient.email for n in notes] == [
        "co.rep@example.eu",
        "lead.rep@example.eu",
        "member@example.eu",
    ]
    assert {n.title for n in notes} == {"Decision on H2V: Accept"}
    assert {n.url for n in notes} == {f"/applications/{reviewed.pk}/"}
    assert sorted(m.to[0] for m in mailoutbox) == [n.recipient.email for n in notes]
    assert "Reasons:\nExcellent fit." in mailoutbox[0].body
    entry = ActivityLogEntry.objects.get(action="evaluation.decision")
    assert entry.data == {"stage": 1, "outcome": "accept", "rank": 1}


def test_reject_with_an_explicit_rank(ew, reviewed):
    record_consensus(actor=ew.facilitator, application=reviewed, score=30, comment="Weak")

    decision = record_decision(
        actor=ew.facilitator, application=reviewed, outcome="reject", reasons="Weak", rank=7
    )

    reviewed.refresh_from_db()
    assert (reviewed.status, decision.rank) == (ApplicationStatus.REJECTED, 7)


def test_default_rank_is_the_place_in_the_ranking(ew, reviewed):
    review(ew, ew.tour, ew.tomas, relevance=5, impact=10)
    record_consensus(actor=ew.facilitator, application=ew.tour, score=95, comment="Top")
    record_consensus(actor=ew.facilitator, application=reviewed, score=60, comment="Fair")

    decision = record_decision(
        actor=ew.facilitator, application=reviewed, outcome="reject", reasons="Below the line"
    )

    assert decision.rank == 2


def test_decision_needs_the_consensus(ew, reviewed):
    with pytest.raises(ValidationError) as error:
        record_decision(actor=ew.facilitator, application=reviewed, outcome="accept", reasons="R")

    assert error.value.message_dict == {"consensus": ["Record the panel's consensus first."]}


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        (
            {"outcome": "accept", "reasons": " "},
            {"reasons": ["Give the reasons for the decision."]},
        ),
        (
            {"outcome": "accept", "reasons": "R", "rank": 0},
            {"rank": ["The rank is a whole number from 1."]},
        ),
        ({"outcome": "maybe", "reasons": "R"}, {"outcome": ["Choose accept, reject or advance."]}),
        (
            {"outcome": "advance", "reasons": "R"},
            {"outcome": ["Only a two-stage call advances applications, from its first stage."]},
        ),
    ],
)
def test_decision_refuses_bad_input(ew, reviewed, kwargs, errors):
    record_consensus(actor=ew.facilitator, application=reviewed, score=60, comment="C")

    with pytest.raises(ValidationError) as error:
        record_decision(actor=ew.facilitator, application=reviewed, **kwargs)

    assert error.value.message_dict == errors
    assert not Decision.objects.exists()


@pytest.mark.parametrize("first", ["accept", "reject"])
@pytest.mark.parametrize("second", ["accept", "reject"])
def test_a_decided_application_takes_no_second_decision_or_consensus(ew, reviewed, first, second):
    record_consensus(actor=ew.facilitator, application=reviewed, score=60, comment="C")
    record_decision(actor=ew.facilitator, application=reviewed, outcome=first, reasons="R")
    status = {"accept": "accepted", "reject": "rejected"}[first]

    with pytest.raises(ValidationError, match=f"The application is {status}, not under review"):
        record_decision(actor=ew.facilitator, application=reviewed, outcome=second, reasons="R")
    with pytest.raises(ValidationError, match=f"The application is {status}, not under review"):
        record_consensus(actor=ew.facilitator, application=reviewed, score=70, comment="C")


@pytest.fixture
def two_stage(ew):
    call = CallFactory(
        is_two_stage=True,
        full_application_deadline=timezone.now() + dt.timedelta(days=60),
        reviewers_per_application=1,
    )
    criterion = CriterionFactory(call=call, name="Fit", max_score=5)
    CriterionFactory(call=call, name="Full plan", max_score=5, stage=2)
    application = submitted(call, title="Two steps", lead_region=ew.cz064)
    ApplicationSubmission.objects.create(
        application=application, stage=1, submitted_at=application.submitted_at, snapshot={}
    )
    first = assign_reviewer(actor=ew.facilitator, application=application, expert=ew.eva)
    declare_no_conflict(actor=ew.eva.user, review=first)
    submit_review(actor=ew.eva.user, review=first, marks={criterion.pk: Mark(4)})
    record_consensus(actor=ew.facilitator, application=application, score=80, comment="Go")
    return application


def test_advance_sends_a_stage_one_application_back_to_draft_at_stage_two(ew, two_stage):
    record_decision(
        actor=ew.facilitator, application=two_stage, outcome="advance", reasons="Promising"
    )

    two_stage.refresh_from_db()
    assert (two_stage.status, two_stage.stage, two_stage.submitted_at) == ("draft", 2, None)
    assert two_stage.submissions.filter(stage=1).count() == 1
    change = two_stage.status_changes.order_by("-id").first()
    assert (change.from_status, change.to_status, change.stage) == ("under_review", "draft", 2)
    # The stage-1 evaluation stays on the stage-1 board.
    row = evaluation_board(two_stage.call, stage=1).rows[0]
    assert (row.application, row.decision.outcome) == (two_stage, "advance")
    assert evaluation_board(two_stage.call, stage=2).rows == []


def test_two_stage_call_does_not_accept_at_stage_one(ew, two_stage):
    with pytest.raises(ValidationError) as error:
        record_decision(actor=ew.facilitator, application=two_stage, outcome="accept", reasons="R")

    assert error.value.message_dict == {
        "outcome": ["The first stage of a two-stage call ends in advance or reject."]
    }


# --- audit trail -----------------------------------------------------------------------


def test_trail_lists_status_changes_and_every_evaluation_step(ew, reviewed):
    record_consensus(actor=ew.facilitator, application=reviewed, score=60, comment="C")
    record_decision(actor=ew.facilitator, application=reviewed, outcome="reject", reasons="R")

    trail = application_trail(reviewed)

    actions = [entry.action for entry in trail]
    assert actions[0] == "status"  # submitted (made by the fixture)
    assert actions.count("review.assign") == 2
    assert actions.count("review.declare_no_conflict") == 2
    assert actions.count("review.submit") == 2
    assert [a for a in actions if a.startswith("evaluation.")] == [
        "evaluation.consensus",
        "evaluation.decision",
    ]
    statuses = [e.detail for e in trail if e.action == "status"]
    assert statuses == [
        "Draft -> Submitted",
        "Submitted -> Under review: Reviewers assigned.",
        "Under review -> Rejected: Reject",
    ]
    assert [e.at for e in trail] == sorted(e.at for e in trail)


def test_trail_keeps_the_steps_of_a_review_taken_back(ew):
    taken = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    declare_no_conflict(actor=ew.petra.user, review=taken)
    remove_reviewer(actor=ew.facilitator, review=taken)

    actions = [entry.action for entry in application_trail(ew.h2)]

    assert actions[-3:] == ["review.assign", "review.declare_no_conflict", "review.remove"]


@pytest.mark.parametrize(
    "status",
    [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN],
)
def test_decision_needs_an_application_under_review(ew, status):
    ew.tour.status = status
    ew.tour.withdrawn_at = ew.tour.submitted_at
    ew.tour.save()

    with pytest.raises(ValidationError) as error:
        record_decision(actor=ew.facilitator, application=ew.tour, outcome="reject", reasons="R")

    assert list(error.value.message_dict) == ["status"]
    assert not Decision.objects.exists()
