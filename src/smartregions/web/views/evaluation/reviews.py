"""The expert's pages: "My reviews", the review page (declare or recuse, score, save drafts,
submit) and the download of an application's attachments, blinded when the call says so."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.calls.domain.attachments import download_response
from smartregions.calls.domain.evaluation import reviews as review_domain
from smartregions.calls.domain.evaluation.blinding import (
    application_view,
    is_blind_for,
    shown_attachment,
)
from smartregions.calls.domain.queries.evaluation import (
    active_expert_of,
    declared_review_ids,
    peer_reviews,
    reviews_of,
    reviews_with_details,
    stage_criteria,
)
from smartregions.calls.enums import ApplicationStatus
from smartregions.calls.forms.evaluation import RecuseForm, ReviewForm
from smartregions.calls.models import CallField, Review
from smartregions.web.views.brokerage.common import check, require_post, run_and_redirect
from smartregions.web.views.helpers import add_domain_errors, wants_partial


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    """The signed-in expert's reviews, open ones first."""
    check(request, "calls.view_my_reviews", None)
    reviews = list(reviews_of(active_expert_of(request.user)))
    declared = declared_review_ids([r.pk for r in reviews])
    context = {"reviews": reviews, "declared": declared}
    return render(request, "web/evaluation/my_reviews.html", context)


def _review_or_404(request: HttpRequest, pk: int) -> Review:
    review = get_object_or_404(reviews_with_details(), pk=pk)
    check(request, "calls.view_review", review)
    return review


def _context(request: HttpRequest, review: Review, **forms: Any) -> dict[str, Any]:
    application = review.application
    call = application.call
    criteria = stage_criteria(call, review.stage)
    fields = CallField.objects.filter(call=call).order_by("stage", "position", "id")
    can_work = (
        request.user.has_perm("calls.work_review", review)
        and application.status == ApplicationStatus.UNDER_REVIEW
        and application.stage == review.stage
    )
    declared = can_work and review.pk in declared_review_ids([review.pk])
    scores = {s.criterion_id: s for s in review.scores.all()}
    show_peers = request.user.has_perm("calls.view_peer_reviews", review)
    return {
        "review": review,
        "call": call,
        "application": application_view(
            application,
            fields=list(fields),
            blind=is_blind_for(request.user, review.application.call),
        ),
        "criteria_scores": [(c, scores.get(c.pk)) for c in criteria],
        "can_work": can_work,
        "declared": declared,
        "form": forms.get("form")
        or ReviewForm(criteria=criteria, scores=list(scores.values()), comment=review.comment),
        "recuse_form": forms.get("recuse_form") or RecuseForm(),
        "peers": peer_reviews(review, criteria) if show_peers else None,
    }


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One review: the application (blinded if so configured) and the expert's work on it."""
    review = _review_or_404(request, pk)
    return render(request, "web/evaluation/review.html", _context(request, review))


@login_required
def review_attachment(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    """Download an attachment of the reviewed application, under its neutral name when blind."""
    review = _review_or_404(request, pk)
    application = review.application
    found = shown_attachment(
        application, attachment, blind=is_blind_for(request.user, application.call)
    )
    if found is None:
        raise Http404
    stored, shown = found
    # The applicants' file name may name them: the expert gets the name shown on the page.
    return download_response(stored, filename=shown.name)


def _save(request: HttpRequest, review: Review) -> HttpResponse:
    criteria = stage_criteria(review.application.call, review.stage)
    form = ReviewForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            review_domain.save_review(
                actor=request.user,
                review=review,
                marks=form.marks(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_domain_errors(form, error)
    if wants_partial(request):
        context = _context(request, review, form=form)
        context["saved_at"] = None if form.errors else timezone.now()
        return render(request, "web/evaluation/_review_form.html", context)
    if form.errors:
        return render(request, "web/evaluation/review.html", _context(request, review, form=form))
    messages.success(request, _("Your draft was saved."))
    return redirect("web:evaluation-review", pk=review.pk)


def _submit(request: HttpRequest, review: Review) -> HttpResponse:
    criteria = stage_criteria(review.application.call, review.stage)
    form = ReviewForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            review_domain.submit_review(
                actor=request.user,
                review=review,
                marks=form.marks(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your review was submitted. Thank you."))
            return redirect("web:evaluation-review", pk=review.pk)
    return render(request, "web/evaluation/review.html", _context(request, review, form=form))


def _recuse(request: HttpRequest, review: Review) -> HttpResponse:
    form = RecuseForm(request.POST)
    if form.is_valid():
        try:
            review_domain.recuse_review(
                actor=request.user, review=review, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("You recused; staff will assign someone else."))
            return redirect("web:evaluation-my-reviews")
    return render(
        request, "web/evaluation/review.html", _context(request, review, recuse_form=form)
    )


@login_required
def review_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """POST a step of the expert's work: declare, save, submit or recuse."""
    if (refused := require_post(request)) is not None:
        return refused
    if verb not in ("declare", "save", "submit", "recuse"):
        raise Http404
    review = _review_or_404(request, pk)
    if not request.user.has_perm("calls.work_review", review):
        raise PermissionDenied
    if verb == "declare":
        return run_and_redirect(
            request,
            lambda: review_domain.declare_no_conflict(actor=request.user, review=review),
            _("Thank you. You can now score the application."),
            "web:evaluation-review",
            pk=review.pk,
        )
    return {"save": _save, "submit": _submit, "recuse": _recuse}[verb](request, review)
