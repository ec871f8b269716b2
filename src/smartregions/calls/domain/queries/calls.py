"""Named reads of calls: the public list with its filters, one call with its setup, Q&A."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from smartregions.accounts.rules import is_platform_staff
from smartregions.calls.enums import CallStatus, Stage
from smartregions.calls.models import Call, CallCutoff, CallQuestion

#: Statuses everyone may see; drafts are for platform staff only.
PUBLIC_CALL_STATUSES = (CallStatus.PUBLISHED, CallStatus.CLOSED)


@dataclass(frozen=True)
class CallFilters:
    """The call list's filters; empty values mean "any"."""

    type: str = ""
    status: str = ""
    platform: str = ""


def visible_calls(user: Any) -> QuerySet[Call]:
    """Calls ``user`` may read: published and closed ones; drafts too for platform staff."""
    calls = Call.objects.all()
    if is_platform_staff(user):
        return calls
    return calls.filter(status__in=PUBLIC_CALL_STATUSES)


def call_list(user: Any, filters: CallFilters) -> QuerySet[Call]:
    """The call list page: visible calls filtered, with their platform, newest opening first."""
    calls = visible_calls(user).select_related("thematic_platform")
    if filters.type:
        calls = calls.filter(type=filters.type)
    if filters.status:
        calls = calls.filter(status=filters.status)
    if filters.platform:
        calls = calls.filter(thematic_platform__slug=filters.platform)
    return calls.order_by("-opens_at", "-id")


def calls_with_details() -> QuerySet[Call]:
    """Calls with their platform, thematic areas, form fields, criteria and cut-offs loaded."""
    return Call.objects.select_related("thematic_platform", "created_by").prefetch_related(
        "thematic_areas", "fields", "criteria", "cutoffs"
    )


def stage_deadline(call: Call, stage: int) -> dt.datetime | None:
    """The deadline of ``stage``: the call's deadline, or the full-application deadline."""
    return call.full_application_deadline if stage == Stage.FULL_APPLICATION else call.deadline


def final_deadline(call: Call) -> dt.datetime | None:
    """The last moment the call takes a submission (the full-application deadline if two-stage)."""
    if call.is_two_stage and call.full_application_deadline is not None:
        return call.full_application_deadline
    return call.deadline


def next_cutoff(call: Call, now: dt.datetime) -> CallCutoff | None:
    """For a rolling call: the first cut-off at or after ``now`` (reads ``call.cutoffs.all()``)."""
    upcoming = [cutoff for cutoff in call.cutoffs.all() if cutoff.at >= now]
    return min(upcoming, key=lambda cutoff: cutoff.at, default=None)


def calls_to_close(now: dt.datetime) -> QuerySet[Call]:
    """Published calls whose last deadline has passed (what ``close_calls`` closes)."""
    single = Q(is_two_stage=False, deadline__lt=now)
    two_stage = Q(is_two_stage=True, full_application_deadline__lt=now)
    return Call.objects.filter(single | two_stage, status=CallStatus.PUBLISHED).order_by("id")


def call_with_questions(call_qs: QuerySet[Call], *, staff: bool) -> QuerySet[Call]:
    """``call_qs`` with the questions a reader sees prefetched as ``shown_questions``.

    Everyone sees the published answers in the order they were given; staff see every
    question, unanswered and unpublished ones first, with who asked.
    """
    if staff:
        questions = CallQuestion.objects.select_related("asked_by").order_by(
            "is_published", "answered_at", "asked_at", "id"
        )
    else:
        questions = CallQuestion.objects.filter(is_published=True).order_by("answered_at", "id")
    return call_qs.prefetch_related(
        Prefetch("questions", queryset=questions, to_attr="shown_questions")
    )
