"""Who hears about the evaluation, and what they are told (in-app and e-mail).

Experts hear about reviews given to or taken from them and about panels they join; platform
staff hear about recusals and about applications whose reviews are all in; the applicants
hear the decision with its reasons. Applicants are the users acting for the lead region (its
representatives, or those of a region above it) and the lead organisation (its members), and
the users acting for its confirmed co-applicants; whoever started the application hears only
while they still act for a party (as the permission rules say).
Recipients are read inside the caller's transaction; the e-mails go out once it commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.accounts.domain.queries import platform_staff_users as staff_users
from smartregions.accounts.domain.queries import users_acting_for
from smartregions.accounts.models import User
from smartregions.calls.enums import CoApplicantStatus
from smartregions.calls.models import Application, Call, Decision, Expert, Review
from smartregions.common.domain.notifications import notify


def applicant_users(application: Application) -> list[User]:
    """The applicants of ``application`` as defined in the module docstring (two queries)."""
    confirmed = list(
        application.co_applicants.filter(status=CoApplicantStatus.CONFIRMED)
        .select_related("region")
        .order_by("id")
    )
    regions = [application.lead_region] if application.lead_region_id else []
    regions += [c.region for c in confirmed if c.region_id is not None]
    organisations = [application.lead_organisation_id] if application.lead_organisation_id else []
    organisations += [c.organisation_id for c in confirmed if c.organisation_id is not None]
    return users_acting_for(regions=regions, organisation_ids=organisations)


def _label(application: Application) -> str:
    return application.acronym or application.title


def notify_reviews_assigned(expert: Expert, reviews: Sequence[Review], *, actor: Any) -> None:
    """Tell ``expert`` which applications they were asked to review."""
    if len(reviews) == 1:
        title = _("Please review %s") % _label(reviews[0].application)
        url = reverse("web:evaluation-review", args=[reviews[0].pk])
    else:
        title = _("Please review %d applications") % len(reviews)
        url = reverse("web:evaluation-my-reviews")
    body = "\n".join(f"- {_label(r.application)} ({r.application.call.title})" for r in reviews)
    notify(
        recipients=[expert.user],
        kind="evaluation.review_assigned",
        title=title,
        body=_("Declare that you have no conflict of interest (or recuse), then score:\n") + body,
        url=url,
        exclude=actor,
    )


def notify_review_removed(review: Review, *, actor: Any) -> None:
    """Tell the expert that staff took ``review`` back."""
    notify(
        recipients=[review.expert.user],
        kind="evaluation.review_removed",
        title=_("Review withdrawn: %s") % _label(review.application),
        body=_("Platform staff assigned this application to another reviewer."),
        url=reverse("web:evaluation-my-reviews"),
        exclude=actor,
    )


def notify_reviews_cancelled(
    reviews: Sequence[Review], application: Application, *, actor: Any
) -> None:
    """Tell the experts of ``reviews`` that their open review ended: the applicants withdrew
    ``application``. The applicants' reason is not passed on (under blind review it may name
    them)."""
    notify(
        recipients=[review.expert.user for review in reviews],
        kind="evaluation.review_cancelled",
        title=_("Review cancelled: %s") % _label(application),
        body=_("The applicants withdrew the application; there is nothing more to review."),
        url=reverse("web:evaluation-my-reviews"),
        exclude=actor,
    )


def notify_recused(review: Review, *, actor: Any) -> None:
    """Tell platform staff an expert recused, so they can assign someone else."""
    notify(
        recipients=staff_users(),
        kind="evaluation.review_recused",
        title=_("%(expert)s recused from %(application)s")
        % {"expert": review.expert, "application": _label(review.application)},
        body=review.recusal_reason,
        url=reverse("web:evaluation-application", args=[review.application_id]),
        exclude=actor,
    )


def notify_reviews_complete(application: Application, *, actor: Any) -> None:
    """Tell platform staff that every review of ``application`` is in."""
    notify(
        recipients=staff_users(),
        kind="evaluation.reviews_complete",
        title=_("All reviews are in: %s") % _label(application),
        body=_("The panel can record its consensus."),
        url=reverse("web:evaluation-application", args=[application.pk]),
        exclude=actor,
    )


def notify_panel_joined(experts: Iterable[Expert], call: Call, *, actor: Any) -> None:
    """Tell experts they are on the panel of ``call``."""
    notify(
        recipients=[e.user for e in experts],
        kind="evaluation.panel_joined",
        title=_("You are on the expert panel of %s") % call.title,
        body=_("You will be asked to review applications to this call."),
        url=reverse("web:evaluation-my-reviews"),
        exclude=actor,
    )


def notify_decision(decision: Decision, *, actor: Any) -> None:
    """Tell the applicants the outcome and its reasons."""
    application = decision.application
    notify(
        recipients=applicant_users(application),
        kind="evaluation.decision",
        title=_("Decision on %(application)s: %(outcome)s")
        % {"application": _label(application), "outcome": decision.get_outcome_display()},
        body=_("Call: %(call)s\nOutcome: %(outcome)s\n\nReasons:\n%(reasons)s")
        % {
            "call": application.call.title,
            "outcome": decision.get_outcome_display(),
            "reasons": decision.reasons,
        },
        url=reverse("web:application-detail", args=[application.pk]),
        exclude=actor,
    )
