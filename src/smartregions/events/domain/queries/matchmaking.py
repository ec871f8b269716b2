"""Named reads of B2B matchmaking (participant side): the directory and its filters, one
participant's profile with their organisation and marketplace items, requests, meetings, the
personal agenda, availability and the organisers' attendance list.

A participant's country is their registration's region's, else their organisation's region's.
Every list loads what its page shows in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from smartregions.events.domain.matchmaking.common import placements_visible
from smartregions.events.enums import (
    MeetingRequestStatus,
    RegistrationStatus,
)
from smartregions.events.models import (
    Event,
    MatchmakingProfile,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    MeetingSession,
    MeetingSlot,
    Registration,
    Unavailability,
)
from smartregions.events.rules.base import can_view_event
from smartregions.matching.enums import ProfileKind, ProfileStatus
from smartregions.matching.models import CooperationProfile
from smartregions.regions.models import Country, Region, Term

OPEN = (MeetingRequestStatus.PENDING, MeetingRequestStatus.ACCEPTED)
_PARTY = (
    "user",
    "organisation__region__country",
    "region__country",
)


def _party(prefix: str) -> list[str]:
    return [f"{prefix}__{path}" for path in _PARTY]


def visible_matchmaking_event(user: Any, slug: str) -> Event | None:
    """The matchmaking event ``slug`` if ``user`` may see it, else None (both surfaces answer
    404 then: an event without matchmaking and one the user may not see look alike)."""
    event = matchmaking_events().filter(slug=slug).first()
    if event is None or not can_view_event(user, event):
        return None
    return event


def matchmaking_events() -> QuerySet[Event]:
    """Events offering matchmaking, with what the event layout and the rules read."""
    return (
        Event.objects.filter(matchmaking_enabled=True)
        .select_related("country")
        .prefetch_related("organisers")
    )


def meeting_sessions(event: Event) -> QuerySet[MeetingSession]:
    """The event's meeting sessions, with ``slot_count`` and their programme session."""
    return (
        MeetingSession.objects.filter(event=event)
        .select_related("session")
        .annotate(slot_count=Count("slots"))
        .order_by("id")
    )


def participant_registration(user: Any, event: Event) -> Registration | None:
    """``user``'s confirmed registration to ``event`` with organisation, region and profile."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(event=event, user=user, status=RegistrationStatus.CONFIRMED)
        .select_related(*_PARTY, "matchmaking_profile")
        .first()
    )


def profile_of(registration: Registration | None) -> MatchmakingProfile | None:
    """The registration's profile, or None (uses the loaded relation)."""
    if registration is None:
        return None
    try:
        return registration.matchmaking_profile
    except MatchmakingProfile.DoesNotExist:
        return None


def region_of(registration: Registration) -> Region | None:
    """The region a participant comes from: the registration's, else their organisation's."""
    if registration.region_id is not None:
        return registration.region
    organisation = registration.organisation
    return organisation.region if organisation is not None else None


def country_of(registration: Registration) -> Country | None:
    """The participant's country (see :func:`region_of`)."""
    region = region_of(registration)
    return region.country if region is not None else None


def profiles_with_details() -> QuerySet[MatchmakingProfile]:
    """Profiles with the registration's user, organisation (its region, country and NACE codes)
    and region loaded."""
    return MatchmakingProfile.objects.select_related(
        *[f"registration__{path}" for path in _PARTY]
    ).prefetch_related(
        Prefetch(
            "registration__organisation__nace_codes",
            queryset=Term.objects.order_by("code"),
        )
    )


def _listed_plain(event: Event | int) -> QuerySet[MatchmakingProfile]:
    return MatchmakingProfile.objects.filter(
        registration__event=event,
        registration__status=RegistrationStatus.CONFIRMED,
        is_visible=True,
    )


def _listed(event: Event | int) -> QuerySet[MatchmakingProfile]:
    """Profiles shown in the event's directory: visible, of confirmed participants."""
    return profiles_with_details().filter(pk__in=_listed_plain(event).values("pk"))


@dataclass(frozen=True)
class DirectoryFilters:
    """The directory's filters; empty values mean "any"."""

    q: str = ""
    country: str = ""  # country code
    participant_type: str = ""
    organisation_type: str = ""
    sector: int | None = None  # a NACE term id


def _in_country(code: str) -> Q:
    return Q(registration__region__country__code=code) | Q(
        registration__region__isnull=True,
        registration__organisation__region__country__code=code,
    )


def directory(
    event: Event, filters: DirectoryFilters, *, exclude: Registration | None = None
) -> QuerySet[MatchmakingProfile]:
    """Visible profiles of the event's confirmed participants matching ``filters``, by name.

    ``q`` matches every word (case-insensitive) in the headline, offering, seeking, name or
    organisation name.
    """
    profiles = _listed(event)
    if exclude is not None:
        profiles = profiles.exclude(registration=exclude)
    for word in filters.q.split():
        profiles = profiles.filter(
            Q(headline__icontains=word)
            | Q(offering__icontains=word)
            | Q(seeking__icontains=word)
            | Q(registration__badge_name__icontains=word)
            | Q(registration__organisation__name__icontains=word)
        )
    if filters.country:
        profiles = profiles.filter(_in_country(filters.country))
    if filters.participant_type:
        profiles = profiles.filter(registration__participant_type=filters.participant_type)
    if filters.organisation_type:
        profiles = profiles.filter(registration__organisation__type=filters.organisation_type)
    if filters.sector is not None:
        profiles = profiles.filter(registration__organisation__nace_codes=filters.sector)
    return profiles.order_by("registration__badge_name", "registration_id")


def directory_countries(event: Event) -> list[Country]:
    """Countries of the participants listed in the directory, by name (two queries)."""
    rows = _listed_plain(event).values_list(
        "registration__region__country_id", "registration__organisation__region__country_id"
    )
    ids = {own or organisation for own, organisation in rows if own or organisation}
    return list(Country.objects.filter(pk__in=ids).order_by("name"))


def directory_sectors(event: Event) -> list[Term]:
    """NACE codes of the listed participants' organisations, by code (one query)."""
    organisations = _listed_plain(event).values("registration__organisation_id")
    return list(Term.objects.filter(organisations__in=organisations).distinct().order_by("code"))


def participant_profile(event: Event, registration_id: int) -> MatchmakingProfile | None:
    """The profile of the event's confirmed participant ``registration_id`` (visible or not)."""
    return (
        profiles_with_details()
        .filter(
            registration__event=event,
            registration__status=RegistrationStatus.CONFIRMED,
            registration_id=registration_id,
        )
        .first()
    )


def marketplace_items(registration: Registration) -> list[CooperationProfile]:
    """The published marketplace offers and requests of the participant's organisation."""
    if registration.organisation_id is None:
        return []
    return list(
        CooperationProfile.objects.filter(
            organisation_id=registration.organisation_id, status=ProfileStatus.PUBLISHED
        ).order_by("-published_at", "-id")
    )


def marketplace_texts(organisation_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Per organisation, the titles and summaries of its published marketplace offers and of
    its published requests, each joined into one text, in a stable order (one query)."""
    offers: dict[int, list[str]] = {}
    requests: dict[int, list[str]] = {}
    rows = (
        CooperationProfile.objects.filter(
            organisation_id__in=set(organisation_ids), status=ProfileStatus.PUBLISHED
        )
        .order_by("organisation_id", "id")
        .values_list("organisation_id", "kind", "title", "summary")
    )
    for organisation_id, kind, title, summary in rows:
        target = offers if kind == ProfileKind.OFFER else requests
        target.setdefault(organisation_id, []).append(f"{title}. {summary}")
    return {
        pk: (" ".join(offers.get(pk, [])), " ".join(requests.get(pk, [])))
        for pk in offers.keys() | requests.keys()
    }


def suggestion_candidates(registration: Registration) -> QuerySet[MatchmakingProfile]:
    """Whom ``registration`` could be suggested: other listed participants with no open
    request with them (in any session), by registration id."""
    pending = MeetingRequest.objects.filter(
        meeting_session__event_id=registration.event_id, status__in=OPEN
    )
    sent = pending.filter(requester=registration).values("recipient_id")
    received = pending.filter(recipient=registration).values("requester_id")
    return (
        _listed(registration.event_id)
        .exclude(registration=registration)
        .exclude(registration_id__in=sent)
        .exclude(registration_id__in=received)
        .order_by("registration_id")
    )


def open_request_between(
    meeting_session: MeetingSession, one: Registration, other: Registration
) -> MeetingRequest | None:
    """The open request between ``one`` and ``other`` in the session (either direction)."""
    pair = Q(requester=one, recipient=other) | Q(requester=other, recipient=one)
    return (
        MeetingRequest.objects.filter(pair, meeting_session=meeting_session, status__in=OPEN)
        .select_related("meeting")
        .first()
    )


def requests_with_details() -> QuerySet[MeetingRequest]:
    """Requests with session, event, both parties (user, organisation, region, country) and
    the meeting (with its slot) loaded."""
    return MeetingRequest.objects.select_related(
        "meeting_session__event",
        *_party("requester"),
        *_party("recipient"),
        "meeting__slot",
    )


def my_requests(registration: Registration) -> QuerySet[MeetingRequest]:
    """Every request ``registration`` sent or received in the event, newest first."""
    return (
        requests_with_details()
        .filter(Q(requester=registration) | Q(recipient=registration))
        .order_by("-created_at", "-id")
    )


def meetings_with_details() -> QuerySet[Meeting]:
    """Meetings with session, event, slot, request and both parties loaded, and the answers to
    the cooperation question prefetched."""
    return Meeting.objects.select_related(
        "meeting_session__event",
        "slot",
        "request",
        *_party("request__requester"),
        *_party("request__recipient"),
    ).prefetch_related(Prefetch("outcomes", queryset=MeetingOutcome.objects.order_by("id")))


def schedule_visible(meeting_session: MeetingSession) -> bool:
    """Whether participants see the places of the session's meetings: once the schedule is
    published, or at once when participants pick their slots."""
    return placements_visible(meeting_session)


@dataclass(frozen=True)
class AgendaItem:
    """One of a participant's meetings as their agenda shows it."""

    meeting: Meeting
    partner: Registration
    message: str  # the request's message

    @property
    def slot(self) -> MeetingSlot | None:
        return self.meeting.slot


@dataclass(frozen=True)
class Agenda:
    """A participant's meetings: placed ones in time order, and those still waiting for a
    slot (accepted but unplaced, or placed in a schedule not yet published)."""

    placed: list[AgendaItem]
    waiting: list[AgendaItem]


def agenda(registration: Registration) -> Agenda:
    """``registration``'s meetings in the event (one query)."""
    meetings = (
        meetings_with_details()
        .filter(
            Q(request__requester=registration) | Q(request__recipient=registration),
            meeting_session__event_id=registration.event_id,
        )
        .order_by("slot__starts_at", "table_number", "id")
    )
    placed, waiting = [], []
    for meeting in meetings:
        request = meeting.request
        partner = (
            request.recipient if request.requester_id == registration.pk else request.requester
        )
        item = AgendaItem(meeting=meeting, partner=partner, message=request.message)
        if meeting.slot_id is not None and schedule_visible(meeting.meeting_session):
            placed.append(item)
        else:
            waiting.append(item)
    return Agenda(placed=placed, waiting=waiting)


def event_meeting(event: Event, pk: int) -> Meeting | None:
    """Meeting ``pk`` of ``event`` with its details, or None."""
    return meetings_with_details().filter(pk=pk, meeting_session__event=event).first()


def event_request(event: Event, pk: int) -> MeetingRequest | None:
    """Request ``pk`` of ``event`` with its details, or None."""
    return requests_with_details().filter(pk=pk, meeting_session__event=event).first()


@dataclass(frozen=True)
class SlotAvailability:
    """A slot of a session and whether the participant can attend it; ``meeting`` is their
    placed meeting then, if any (visible to them)."""

    slot: MeetingSlot
    unavailable: bool
    meeting: Meeting | None


def availability(
    registration: Registration, meeting_session: MeetingSession
) -> list[SlotAvailability]:
    """Each slot of the session, in time order, with the participant's answer (three
    queries)."""
    unavailable = set(
        Unavailability.objects.filter(
            registration=registration, slot__meeting_session=meeting_session
        ).values_list("slot_id", flat=True)
    )
    booked = {
        meeting.slot_id: meeting
        for meeting in Meeting.objects.filter(
            Q(request__requester=registration) | Q(request__recipient=registration),
            slot__meeting_session=meeting_session,
        ).select_related("request__requester", "request__recipient")
    }
    return [
        SlotAvailability(slot, slot.pk in unavailable, booked.get(slot.pk))
        for slot in meeting_session.slots.all()
    ]


def session_attendance(meeting_session: MeetingSession) -> QuerySet[Meeting]:
    """The session's placed meetings by slot and table, for the organisers' attendance list."""
    return (
        meetings_with_details()
        .filter(meeting_session=meeting_session, slot__isnull=False)
        .order_by("slot__starts_at", "table_number", "id")
    )
