"""Registration pages: the registration form, cancelling one's registration, the visitor's
registrations, and for organisers the registrant list with its verbs (approve, decline,
cancel, check in, change type), exports, badges and the registration questions."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartregions.events.domain import registration as registration_domain
from smartregions.events.domain import registration_questions as question_domain
from smartregions.events.domain.badges import badges_filename, badges_pdf
from smartregions.events.domain.exports import EXPORT_FORMATS, export_filename, write_registrations
from smartregions.events.domain.queries.events import (
    events_with_details,
    places_left,
    registration_window,
    with_registration_counts,
)
from smartregions.events.domain.queries.registrations import (
    badge_registrations,
    my_registrations,
)
from smartregions.events.domain.queries.registrations import (
    event_registrations as registrants,
)
from smartregions.events.domain.registration_answers import display_answer
from smartregions.events.enums import ParticipantType, RegistrationStatus
from smartregions.events.forms.events import QuestionForm
from smartregions.events.forms.registration import (
    DeclineForm,
    ParticipantTypeForm,
    RegistrantFilterForm,
    RegistrationForm,
)
from smartregions.events.models import Event, Registration, RegistrationQuestion
from smartregions.events.rules.base import registration_of
from smartregions.web.views.events.calendar import (
    check,
    event_page_context,
    require_post,
    run,
    visible_event_or_404,
)
from smartregions.web.views.helpers import (
    add_domain_errors,
    paginate,
    query_without_page,
    render_page_or_partial,
)

REGISTRATIONS_PER_PAGE = 50


def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    """The registration form of a published event; anonymous visitors sign in first."""
    event = visible_event_or_404(request, slug, events_with_details())
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check(request, "events.register", event)
    mine = registration_of(request.user, event)
    if mine is not None and mine.status in registration_domain.ACTIVE_STATUSES:
        messages.info(request, _("You are already registered for this event."))
        return redirect("web:event-detail", slug=event.slug)
    is_organiser = request.user.has_perm("events.change_event", event)
    form = RegistrationForm(
        request.POST or None, event=event, user=request.user, is_organiser=is_organiser
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = registration_domain.register_for_event(
                actor=request.user, event=event, **form.registration_data()
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _STATUS_MESSAGES[registration.status])
            return redirect("web:event-detail", slug=event.slug)
    context = event_page_context(
        request, event, form=form, window=registration_window(event), is_organiser=is_organiser
    )
    return render(request, "web/events/registration/register.html", context)


_STATUS_MESSAGES = {
    RegistrationStatus.CONFIRMED: gettext_lazy(
        "You are registered. A confirmation with a calendar file is on its way by e-mail."
    ),
    RegistrationStatus.WAITLISTED: gettext_lazy(
        "The event is full: you are on the waiting list and will be confirmed automatically "
        "when a place opens up."
    ),
    RegistrationStatus.PENDING: gettext_lazy(
        "Thank you. The organisers approve each registration; you will hear from them."
    ),
}


@login_required
def registration_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    """POST: the visitor cancels their own registration."""
    if (refused := require_post(request)) is not None:
        return refused
    event = visible_event_or_404(request, slug)
    registration = registration_of(request.user, event)
    if registration is None:
        raise Http404
    check(request, "events.cancel_registration", registration)
    run(
        request,
        lambda: registration_domain.cancel_registration(
            actor=request.user, registration=registration
        ),
        _("Your registration is cancelled."),
    )
    return redirect("web:event-detail", slug=event.slug)


@login_required
def registration_mine(request: HttpRequest) -> HttpResponse:
    """The visitor's registrations, the soonest event first."""
    return render(
        request,
        "web/events/registration/mine.html",
        {"registrations": list(my_registrations(request.user))},
    )


def _organiser_event(request: HttpRequest, slug: str) -> Event:
    event = visible_event_or_404(request, slug)
    check(request, "events.manage_registrations", event)
    return event


@login_required
def event_registrations(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisers' registrant list with filters (htmx swaps the results), counts per
    status, and the exports and badges."""
    events = with_registration_counts(Event.objects.select_related("country"))
    event = visible_event_or_404(request, slug, events)
    check(request, "events.manage_registrations", event)
    form = RegistrantFilterForm(request.GET or None)
    questions = list(event.questions.all())
    page = paginate(request, registrants(event, form.filters()), REGISTRATIONS_PER_PAGE)
    rows = [
        (registration, [display_answer(q, registration.answers) for q in questions])
        for registration in page.object_list
    ]
    context = event_page_context(
        request,
        event,
        form=form,
        page=page,
        rows=rows,
        questions=questions,
        query=query_without_page(request),
        places_left=places_left(event, event.confirmed_count),
        type_choices=ParticipantType.choices,
        decline_form=DeclineForm(),
    )
    return render_page_or_partial(
        request,
        page="web/events/registration/list.html",
        partial="web/events/registration/_list_results.html",
        context=context,
    )


_VERBS = {
    "approve": (registration_domain.approve_registration, gettext_lazy("Approved.")),
    "cancel": (registration_domain.cancel_registration, gettext_lazy("Registration cancelled.")),
    "check-in": (registration_domain.check_in_registration, gettext_lazy("Checked in.")),
}


@login_required
def registration_action(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST a verb on one registration (organisers): approve, decline (with a reason),
    cancel, check-in, type (change the participant type)."""
    if (refused := require_post(request)) is not None:
        return refused
    if verb not in (*_VERBS, "decline", "type"):
        raise Http404
    event = visible_event_or_404(request, slug)
    registration = get_object_or_404(
        Registration.objects.select_related("event", "user"), event=event, pk=pk
    )
    check(request, "events.decide_registration", registration)
    actor = request.user
    if verb in _VERBS:
        step, done = _VERBS[verb]
        run(request, lambda: step(actor=actor, registration=registration), str(done))
    elif verb == "decline":
        form = DeclineForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        run(
            request,
            lambda: registration_domain.decline_registration(
                actor=actor, registration=registration, reason=reason
            ),
            _("Declined."),
        )
    else:
        form = ParticipantTypeForm(request.POST)
        if form.is_valid():
            run(
                request,
                lambda: registration_domain.change_participant_type(
                    actor=actor, registration=registration, **form.cleaned_data
                ),
                _("The participant type was changed."),
            )
        else:
            messages.error(request, _("Choose a participant type."))
    return redirect(_back_to_list(request, event))


def _back_to_list(request: HttpRequest, event: Event) -> str:
    """The registrant list, with the filters the form came from (``next_query``)."""
    url = reverse("web:event-registrations", args=[event.slug])
    query = request.POST.get("next_query", "")
    return f"{url}?{query}" if query and "\n" not in query else url


@login_required
def registrations_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Download the (filtered) registrants as CSV or XLSX (organisers)."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    event = _organiser_event(request, slug)
    rows = registrants(event, RegistrantFilterForm(request.GET or None).filters())
    stream = io.BytesIO()
    write_registrations(event=event, registrations=rows, stream=stream, fmt=fmt)
    response = HttpResponse(stream.getvalue(), content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(event, fmt)}"'
    return response


@login_required
def registrations_badges(request: HttpRequest, slug: str) -> HttpResponse:
    """Download the name badges of the confirmed participants as a PDF (organisers)."""
    event = _organiser_event(request, slug)
    participant_type = request.GET.get("type", "")
    if participant_type not in ("", *ParticipantType.values):
        participant_type = ""
    content = badges_pdf(event, badge_registrations(event, participant_type))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{badges_filename(event)}"'
    return response


@login_required
def event_questions(request: HttpRequest, slug: str) -> HttpResponse:
    """The registration questions of an event, and a form to add one (organisers)."""
    event = visible_event_or_404(request, slug, events_with_details())
    check(request, "events.manage_registrations", event)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question_domain.add_question(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The question was added."))
            return redirect("web:event-questions", slug=event.slug)
    context = event_page_context(request, event, form=form, questions=event.questions.all())
    return render(request, "web/events/registration/questions.html", context)


def _question(request: HttpRequest, slug: str, pk: int) -> RegistrationQuestion:
    event = visible_event_or_404(request, slug)
    check(request, "events.manage_registrations", event)
    return get_object_or_404(
        RegistrationQuestion.objects.select_related("event"), event=event, pk=pk
    )


@login_required
def question_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change a registration question (organisers)."""
    question = _question(request, slug, pk)
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            question_domain.update_question(
                actor=request.user, question=question, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The question was saved."))
            return redirect("web:event-questions", slug=slug)
    context = event_page_context(request, question.event, form=form, question=question)
    return render(request, "web/events/registration/question_edit.html", context)


@login_required
def question_change(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST move-up, move-down or delete on a registration question (organisers)."""
    if (refused := require_post(request)) is not None:
        return refused
    if verb not in ("move-up", "move-down", "delete"):
        raise Http404
    question = _question(request, slug, pk)
    actor = request.user
    if verb == "delete":
        run(
            request,
            lambda: question_domain.remove_question(actor=actor, question=question),
            _("The question and its answers were removed."),
        )
    else:
        question_domain.move_question(actor=actor, question=question, up=verb == "move-up")
    return redirect("web:event-questions", slug=slug)
