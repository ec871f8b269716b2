"""The B2B meetings page, the participant's profile, the directory and the suggestions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from smartregions.events.domain.matchmaking import profiles as profile_domain
from smartregions.events.domain.matchmaking.suggestions import suggested_partners
from smartregions.events.domain.queries import matchmaking as queries
from smartregions.events.enums import MeetingRequestStatus
from smartregions.events.forms.matchmaking import (
    AnswerForm,
    DirectoryFilterForm,
    MeetingRequestForm,
    ProfileForm,
)
from smartregions.web.views.events.meetings.base import (
    allow,
    event_context,
    matchmaking_event,
    me_in,
    page,
)
from smartregions.web.views.helpers import (
    add_domain_errors,
    paginate,
    query_without_page,
    render_page_or_partial,
)

PARTICIPANTS_PER_PAGE = 20


@page
def meetings_home(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's B2B meetings page: its meeting sessions for everyone; for participants
    their profile, requests (to answer, sent, accepted) and links; for organisers the
    attendance lists."""
    event = matchmaking_event(request, slug)
    me = me_in(request, event)
    sessions = list(queries.meeting_sessions(event))
    context = event_context(
        request,
        event,
        sessions=sessions,
        me=me,
        profile=queries.profile_of(me),
        can_take_part=request.user.has_perm("events.take_part_in_matchmaking", event),
        can_view=request.user.has_perm("events.view_matchmaking", event),
        answer_form=AnswerForm(),
    )
    if me is not None:
        mine = list(queries.my_requests(me))
        context.update(
            received=[
                r
                for r in mine
                if r.recipient_id == me.pk and r.status == MeetingRequestStatus.PENDING
            ],
            sent=[
                r
                for r in mine
                if r.requester_id == me.pk and r.status == MeetingRequestStatus.PENDING
            ],
            accepted=[r for r in mine if r.status == MeetingRequestStatus.ACCEPTED],
            closed=[
                r
                for r in mine
                if r.status in (MeetingRequestStatus.DECLINED, MeetingRequestStatus.CANCELLED)
            ],
        )
    return render(request, "web/events/meetings/home.html", context)


@page
def profile_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """A participant creates or edits their matchmaking profile."""
    event = matchmaking_event(request, slug)
    allow(request, "events.take_part_in_matchmaking", event)
    me = me_in(request, event)
    profile = queries.profile_of(me)
    form = ProfileForm(request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            profile_domain.save_matchmaking_profile(
                actor=request.user, registration=me, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your matchmaking profile was saved."))
            return redirect("web:event-meetings", slug=event.slug)
    return render(
        request,
        "web/events/meetings/profile_form.html",
        event_context(request, event, form=form, profile=profile, me=me),
    )


@page
def participant_directory(request: HttpRequest, slug: str) -> HttpResponse:
    """The participants directory: search, filters, pages (htmx swaps the results)."""
    event = matchmaking_event(request, slug)
    allow(request, "events.view_matchmaking", event)
    me = me_in(request, event)
    form = DirectoryFilterForm(
        request.GET or None,
        countries=queries.directory_countries(event),
        sectors=queries.directory_sectors(event),
    )
    profiles = queries.directory(event, form.filters(), exclude=me)
    context = event_context(
        request,
        event,
        form=form,
        page=paginate(request, profiles, PARTICIPANTS_PER_PAGE),
        query=query_without_page(request),
        me=me,
    )
    return render_page_or_partial(
        request,
        page="web/events/meetings/directory.html",
        partial="web/events/meetings/_directory_results.html",
        context=context,
    )


@page
def participant_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One participant's profile: headline, offering, seeking, organisation (type, country,
    NACE codes), region and marketplace items; the request form for other participants."""
    event = matchmaking_event(request, slug)
    allow(request, "events.view_matchmaking", event)
    profile = queries.participant_profile(event, pk)
    if profile is None or not request.user.has_perm("events.view_matchmaking_profile", profile):
        raise Http404
    me = me_in(request, event)
    registration = profile.registration
    sessions = list(queries.meeting_sessions(event))
    open_requests = (
        [
            found
            for session in sessions
            if (found := queries.open_request_between(session, me, registration))
        ]
        if me is not None and me.pk != registration.pk
        else []
    )
    can_request = (
        me is not None
        and me.pk != registration.pk
        and profile.is_visible
        and bool(sessions)
        and request.user.has_perm("events.take_part_in_matchmaking", event)
    )
    context = event_context(
        request,
        event,
        profile=profile,
        registration=registration,
        country=queries.country_of(registration),
        region=queries.region_of(registration),
        items=queries.marketplace_items(registration),
        me=me,
        open_requests=open_requests,
        can_request=can_request,
        request_form=MeetingRequestForm(sessions=sessions) if can_request else None,
    )
    return render(request, "web/events/meetings/participant.html", context)


@page
def suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    """Whom to meet: the participant's suggestions with the reasons."""
    event = matchmaking_event(request, slug)
    allow(request, "events.take_part_in_matchmaking", event)
    me = me_in(request, event)
    context = event_context(
        request,
        event,
        me=me,
        profile=queries.profile_of(me),
        suggestions=suggested_partners(me),
    )
    return render(request, "web/events/meetings/suggestions.html", context)
