"""Harvesting (organisers): submitted notes grouped per question and clustered, conclusions
curated from them with follow-up actions, and the conclusions report (Markdown, PDF)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartregions.events.domain import harvest as harvest_domain
from smartregions.events.domain.discussions import conclusions as conclusion_domain
from smartregions.events.domain.discussions.report import REPORT_FORMATS, render_report
from smartregions.events.domain.queries.discussions import (
    active_partnerships,
    conclusions_for_rules,
    draft_counts,
    event_conclusions,
    event_people,
    harvest_notes,
)
from smartregions.events.forms.discussions import ConclusionForm, FollowUpForm
from smartregions.events.models import Event, FollowUpAction
from smartregions.web.views.events.calendar import check, require_post
from smartregions.web.views.events.discussions.common import (
    event_context,
    flash_errors,
    form_errors,
    posted_id,
    run_and_redirect,
    visible_event,
)


def _organiser_event(request: HttpRequest, slug: str) -> Event:
    event = visible_event(request, slug)
    check(request, "events.manage_discussions", event)
    return event


def _posted_ids(request: HttpRequest, name: str) -> list[int]:
    values = request.POST.getlist(name)
    if not all(value.isdecimal() for value in values):
        raise Http404
    return [int(value) for value in values]


@login_required
def harvest(request: HttpRequest, slug: str) -> HttpResponse:
    """Notes per question, clustered; the conclusions of each question; report downloads."""
    event = _organiser_event(request, slug)
    groups = harvest_domain.harvest(event)
    for group in groups:
        used: dict[int, list[int]] = {}
        for number, conclusion in enumerate(group.conclusions, start=1):
            for note in conclusion.sources.all():
                used.setdefault(note.pk, []).append(number)
        for note in group.notes:
            note.used_in = used.get(note.pk, [])
    context = event_context(request, event, groups=groups, pending=draft_counts(event))
    return render(request, "web/events/discussions/harvest.html", context)


def _create(request: HttpRequest, event: Event) -> HttpResponse:
    """A conclusion from the posted ``notes`` (a cluster, or those selected); its page."""
    notes = list(harvest_notes(event).filter(pk__in=_posted_ids(request, "notes")))
    if not notes:
        messages.error(request, _("Choose the notes the conclusion rests on."))
        return redirect("web:event-harvest", slug=event.slug)
    try:
        conclusion = conclusion_domain.create_conclusion(
            actor=request.user, event=event, sources=notes
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("web:event-harvest", slug=event.slug)
    messages.success(request, _("The conclusion was created; edit its wording."))
    return redirect("web:event-conclusion", slug=event.slug, pk=conclusion.pk)


def _conclusion_step(
    request: HttpRequest, event: Event, conclusion: Any, verb: str
) -> tuple[Callable[[], object], str]:
    actor = request.user
    if verb in ("up", "down"):
        offset = -1 if verb == "up" else 1
        return (
            lambda: conclusion_domain.move_conclusion(
                actor=actor, conclusion=conclusion, offset=offset
            ),
            _("The conclusions were reordered."),
        )
    if verb == "link":
        notes = list(harvest_notes(event).filter(pk__in=_posted_ids(request, "notes")))
        return (
            lambda: conclusion_domain.link_sources(actor=actor, conclusion=conclusion, notes=notes),
            _("The notes were linked to the conclusion."),
        )
    return (
        lambda: conclusion_domain.delete_conclusion(actor=actor, conclusion=conclusion),
        _("The conclusion was deleted."),
    )


@login_required
def harvest_change(request: HttpRequest, slug: str, verb: str) -> HttpResponse:
    """POST create (from a cluster or selected ``notes``), up, down, link or delete (a
    ``conclusion``)."""
    if (refused := require_post(request)) is not None:
        return refused
    event = _organiser_event(request, slug)
    if verb == "create":
        return _create(request, event)
    if verb not in ("up", "down", "link", "delete"):
        raise Http404
    conclusion = get_object_or_404(
        conclusions_for_rules(event), pk=posted_id(request, "conclusion")
    )
    step, success = _conclusion_step(request, event, conclusion, verb)
    return run_and_redirect(request, step, success, "web:event-harvest", slug=event.slug)


def _follow_up_form(event: Event, data: Any = None, **kwargs: Any) -> FollowUpForm:
    return FollowUpForm(
        data, people=event_people(event), partnerships=active_partnerships(), **kwargs
    )


@login_required
def conclusion_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One conclusion: its wording, its source notes and its follow-up actions."""
    event = _organiser_event(request, slug)
    conclusion = get_object_or_404(event_conclusions(event), pk=pk)
    actions = list(conclusion.follow_up_actions.all())
    context = event_context(
        request,
        event,
        conclusion=conclusion,
        sources=list(conclusion.sources.all()),
        text_form=ConclusionForm(initial={"text": conclusion.text}, prefix="conclusion"),
        follow_up_form=_follow_up_form(event, prefix="action"),
        action_forms=[
            (
                action,
                _follow_up_form(
                    event,
                    prefix=f"action-{action.pk}",
                    initial={
                        "description": action.description,
                        "owner": action.owner_id,
                        "due_on": action.due_on,
                        "status": action.status,
                        "partnership": action.partnership_id,
                    },
                ),
            )
            for action in actions
        ],
    )
    return render(request, "web/events/discussions/conclusion.html", context)


@login_required
def conclusion_change(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST save, unlink, add-action, edit-action or delete-action (organisers)."""
    if (refused := require_post(request)) is not None:
        return refused
    event = _organiser_event(request, slug)
    conclusion = get_object_or_404(conclusions_for_rules(event), pk=pk)
    actor = request.user
    back = {"target": "web:event-conclusion", "slug": event.slug, "pk": conclusion.pk}
    if verb == "save":
        form = ConclusionForm(request.POST, prefix="conclusion")
        step = lambda: conclusion_domain.update_conclusion(  # noqa: E731
            actor=actor, conclusion=conclusion, text=form.cleaned_data["text"]
        )
    elif verb == "unlink":
        note = get_object_or_404(conclusion.sources.all(), pk=posted_id(request, "note"))
        return run_and_redirect(
            request,
            lambda: conclusion_domain.unlink_source(actor=actor, conclusion=conclusion, note=note),
            _("The note is no longer a source of the conclusion."),
            **back,
        )
    elif verb == "add-action":
        form = _follow_up_form(event, request.POST, prefix="action")
        step = lambda: conclusion_domain.add_follow_up(  # noqa: E731
            actor=actor, conclusion=conclusion, **form.cleaned_data
        )
    elif verb in ("edit-action", "delete-action"):
        action = get_object_or_404(
            FollowUpAction, conclusion=conclusion, pk=posted_id(request, "action")
        )
        if verb == "delete-action":
            return run_and_redirect(
                request,
                lambda: conclusion_domain.delete_follow_up(actor=actor, action=action),
                _("The follow-up action was deleted."),
                **back,
            )
        form = _follow_up_form(event, request.POST, prefix=f"action-{action.pk}")
        step = lambda: conclusion_domain.update_follow_up(  # noqa: E731
            actor=actor, action=action, **form.cleaned_data
        )
    else:
        raise Http404
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back["target"], slug=event.slug, pk=conclusion.pk)
    return run_and_redirect(request, step, _("The conclusion was saved."), **back)


@login_required
def conclusions_report(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The conclusions report as a download: ``md`` (Markdown) or ``pdf``."""
    event = _organiser_event(request, slug)
    if fmt not in REPORT_FORMATS:
        raise Http404
    data, media_type, filename = render_report(event, fmt)
    response = HttpResponse(data, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
