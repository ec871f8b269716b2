"""The expert's review: declaration, recusal, drafts, submission, every allowed and forbidden
step, the total, the "all reviews in" notice, and two reviewers submitting at once."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from smartregions.calls.domain.evaluation import reviews as reviews_module
from smartregions.calls.domain.evaluation.assignment import assign_reviewer
from smartregions.calls.domain.evaluation.reviews import (
    Mark,
    declare_no_conflict,
    recuse_review,
    save_review,
    submit_review,
)
from smartregions.calls.domain.evaluation.scoring import mean, review_total, spread
from smartregions.calls.enums import ApplicationStatus, ReviewStatus
from smartregions.calls.models import Review, Score
from smartregions.common.models import ActivityLogEntry, Notification


@pytest.fixture
def reviews(ew):
    """H2V under review by Petra and Eva (both assigned, nothing declared yet)."""
    petra = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    eva = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)
    return petra, eva


def full_marks(ew, relevance=4, impact=7):
    return {ew.relevance.pk: Mark(relevance, "Clear"), ew.impact.pk: Mark(impact, "Good")}


def test_review_total_is_the_weighted_normalised_mean():
    class C:
        def __init__(self, pk, weight, max_score):
            self.pk, self.weight, self.max_score = pk, weight, max_score

    criteria = [C(1, Decimal(2), 5), C(2, Decimal(1), 10)]

    assert review_total(criteria, {1: 4, 2: 7}) == Decimal("76.667")
    assert review_total(criteria, {1: 5, 2: 10}) == Decimal("100.000")
    assert review_total(criteria, {1: 0, 2: 0}) == Decimal("0.000")
    with pytest.raises(ValueError, match="at least one criterion"):
        review_total([], {})
    assert (mean([1, 2, 4]), spread([1, 2, 4])) == (Decimal("2.333"), Decimal(3))
    assert (mean([]), spread([])) == (None, None)


def test_declare_save_and_submit(ew, reviews):
    petra, _ = reviews
    declare_no_conflict(actor=ew.petra.user, review=petra)
    save_review(
        actor=ew.petra.user,
        review=petra,
        marks={ew.relevance.pk: Mark(4, " Clear ")},
        comment="Draft",
    )
    assert [(s.criterion_id, s.score, s.comment) for s in petra.scores.all()] == [
        (ew.relevance.pk, 4, "Clear")
    ]

    submit_review(
        actor=ew.petra.user, review=petra, marks={ew.impact.pk: Mark(7, "")}, comment="Final"
    )

    petra.refresh_from_db()
    assert (petra.status, petra.total, petra.comment) == ("submitted", Decimal("76.667"), "Final")
    assert petra.submitted_at is not None
    assert list(
        ActivityLogEntry.objects.filter(object_id=str(petra.pk), action__startswith="review.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["review.assign", "review.declare_no_conflict", "review.save", "review.submit"]


def test_save_review_clears_a_score_given_as_none(ew, reviews):
    petra, _ = reviews
    declare_no_conflict(actor=ew.petra.user, review=petra)
    save_review(actor=ew.petra.user, review=petra, marks=full_marks(ew))

    save_review(actor=ew.petra.user, review=petra, marks={ew.impact.pk: Mark(None)})

    assert list(Score.objects.filter(review=petra).values_list("criterion_id", "score")) == [
        (ew.relevance.pk, 4)
    ]


def test_scoring_needs_the_declaration_first(ew, reviews):
    petra, _ = reviews

    for step in (save_review, submit_review):
        with pytest.raises(ValidationError) as error:
            step(actor=ew.petra.user, review=petra, marks=full_marks(ew))
        assert error.value.message_dict == {
            "declaration": ["First declare that you have no conflict of interest."]
        }


def test_declaring_twice_is_refused(ew, reviews):
    petra, _ = reviews
    declare_no_conflict(actor=ew.petra.user, review=petra)

    with pytest.raises(ValidationError, match="already made this declaration"):
        declare_no_conflict(actor=ew.petra.user, review=petra)


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        (
            lambda ew: {ew.relevance.pk: Mark(6)},
            "Relevance: the score is a whole number from 0 to 5.",
        ),
        (lambda ew: {ew.impact.pk: Mark(-1)}, "Impact: the score is a whole number from 0 to 10."),
        (lambda ew: {ew.impact.pk: Mark(None, "Why?")}, "Impact: give a score with your comment."),
        (lambda ew: {999999: Mark(1)}, "Not a criterion of this stage: 999999"),
    ],
)
def test_save_review_refuses_bad_scores(ew, reviews, marks, message):
    petra, _ = reviews
    declare_no_conflict(actor=ew.petra.user, review=petra)

    with pytest.raises(ValidationError) as error:
        save_review(actor=ew.petra.user, review=petra, marks=marks(ew))

    assert error.value.message_dict == {"scores": [message]}
    assert not Score.objects.exists()


def test_submit_review_needs_every_criterion(ew, reviews):
    petra, _ = reviews
    declare_no_conflict(actor=ew.petra.user, review=petra)

    with pytest.raises(ValidationError) as error:
        submit_review(actor=ew.petra.user, review=petra, marks={ew.relevance.pk: Mark(3)})

    assert error.value.message_dict == {"scores": ["Score every criterion: Impact"]}
    petra.refresh_from_db()
    assert (petra.status, petra.total) == ("assigned", None)
    assert not Score.objects.exists()  # the whole step rolled back


def test_recuse_review_deletes_drafts_and_tells_the_staff(ew, reviews):
    petra, _ = reviews
    declare_no_conflict(actor=ew.petra.user, review=petra)
    save_review(actor=ew.petra.user, review=petra, marks=full_marks(ew), comment="Draft")

    recuse_review(actor=ew.petra.user, review=petra, reason=" I advised the lead region. ")

    petra.refresh_from_db()
    assert (petra.status, petra.recusal_reason, petra.comment) == (
        "recused",
        "I advised the lead region.",
        "",
    )
    assert not Score.objects.exists()
    notes = Notification.objects.filter(kind="evaluation.review_recused").order_by(
        "recipient__email"
    )
    assert [(n.recipient.email, n.title, n.body, n.url) for n in notes] == [
        (
            email,
            "Petra Nowak recused from H2V",
            "I advised the lead region.",
            f"/evaluation/applications/{ew.h2.pk}/",
        )
        for email in ("admin@example.eu", "fac@example.eu")
    ]


def test_recuse_review_needs_a_reason(ew, reviews):
    petra, _ = reviews

    with pytest.raises(ValidationError) as error:
        recuse_review(actor=ew.petra.user, review=petra, reason="  ")

    assert error.value.message_dict == {"recusal_reason": ["Say why you recuse."]}


def _submit(ew, review, user):
    declare_no_conflict(actor=user, review=review)
    return submit_review(actor=user, review=review, marks=full_marks(ew))


def _recuse(ew, review, user):
    return recuse_review(actor=user, review=review, reason="Conflict")


STEPS = {
    "declare": lambda ew, review, user: declare_no_conflict(actor=user, review=review),
    "save": lambda ew, review, user: save_review(actor=user, review=review, marks=full_marks(ew)),
    "submit": lambda ew, review, user: submit_review(
        actor=user, review=review, marks=full_marks(ew)
    ),
    "recuse": _recuse,
}


@pytest.mark.parametrize("state", ["submitted", "recused"])
@pytest.mark.parametrize("step", sorted(STEPS))
def test_a_finished_review_refuses_every_step(ew, reviews, state, step):
    petra, _ = reviews
    (_submit if state == "submitted" else _recuse)(ew, petra, ew.petra.user)

    with pytest.raises(ValidationError) as error:
        STEPS[step](ew, petra, ew.petra.user)

    label = ReviewStatus(state).label.lower()  # "submitted", "recused (conflict of interest)"
    assert error.value.message_dict == {"status": [f"The review is {label}."]}


@pytest.mark.parametrize("status", [ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED])
@pytest.mark.parametrize("step", sorted(STEPS))
def test_review_of_a_decided_application_refuses_every_step(ew, reviews, status, step):
    petra, _ = reviews
    declare_no_conflict(actor=ew.petra.user, review=petra)
    ew.h2.status = status
    ew.h2.save()

    with pytest.raises(ValidationError) as error:
        STEPS[step](ew, petra, ew.petra.user)

    assert error.value.message_dict == {
        "status": ["The application is no longer under review at this stage."]
    }


def test_last_submission_tells_the_staff_that_all_reviews_are_in(ew, reviews):
    petra, eva = reviews
    _submit(ew, petra, ew.petra.user)
    assert not Notification.objects.filter(kind="evaluation.reviews_complete").exists()

    _submit(ew, eva, ew.eva.user)

    notes = Notification.objects.filter(kind="evaluation.reviews_complete")
    assert sorted(n.recipient.email for n in notes) == ["admin@example.eu", "fac@example.eu"]
    assert {n.title for n in notes} == {"All reviews are in: H2V"}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer at a time into the whole database, so two threads cannot "
    "race on rows; the row locks are exercised on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_submitting_at_once_both_land(ew, monkeypatch):
    # Widen the race: each submission holds its transaction open a moment after saving its
    # scores, so without the application lock both would overlap and neither would see the
    # other's review submitted.
    slow_total = reviews_module.review_total

    def review_total(*args, **kwargs):
        time.sleep(0.3)
        return slow_total(*args, **kwargs)

    monkeypatch.setattr(reviews_module, "review_total", review_total)
    reviews = [
        assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=expert)
        for expert in (ew.petra, ew.eva)
    ]
    for review in reviews:
        declare_no_conflict(actor=review.expert.user, review=review)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(review_id: int, relevance: int) -> None:
        try:
            review = Review.objects.select_related("expert__user").get(pk=review_id)
            start.wait(timeout=10)
            submit_review(
                actor=review.expert.user, review=review, marks=full_marks(ew, relevance=relevance)
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(reviews[0].pk, 5)),
        threading.Thread(target=work, args=(reviews[1].pk, 2)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(Review.objects.filter(application=ew.h2).values_list("status", "total")) == [
        ("submitted", Decimal("50.000")),
        ("submitted", Decimal("90.000")),
    ]
    assert Score.objects.filter(review__application=ew.h2).count() == 4
    # Exactly one of the two saw that the other had submitted: one notice per staff member.
    assert Notification.objects.filter(kind="evaluation.reviews_complete").count() == 2
    assert ReviewStatus.ASSIGNED not in Review.objects.values_list("status", flat=True)
