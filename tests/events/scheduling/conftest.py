"""A small brokerage event for the scheduling tests.

"B2B Forum" (slug ``b2b-forum``) runs on 2027-03-10, 09:00-17:00 Europe/Brussels (08:00-16:00
UTC), organised by Olga. Its meeting session "Morning meetings" has 2 tables and 4 slots of
25 minutes every 30 minutes from 09:00 Brussels time (slot ids in ``w.slots``). Participants
(confirmed registrations): Ana Silva of Org X (Germany, NACE C), Ben Roth of Org Y (France,
NACE J), Cem Kaya without organisation, and Dana Novak of Org Z (Germany, NACE C and J).

Users: ``organiser`` (Olga), ``staff`` (a facilitator), ``other_organiser`` (organises another
event), ``participant`` (Ana's user), ``outsider`` (signed in, no role).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.events.enums import EventKind, MeetingRequestStatus, TimePreference
from smartregions.events.models import Meeting, MeetingRequest, MeetingSession
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory, make_slots
from tests.factories.organisations import OrganisationFactory
from tests.factories.regions import CountryFactory, RegionFactory, TaxonomyFactory, TermFactory

UTC = dt.UTC


def at(hour: int, minute: int = 0) -> dt.datetime:
    """2027-03-10 at ``hour``:``minute`` Brussels time (UTC+1), as UTC."""
    return dt.datetime(2027, 3, 10, hour - 1, minute, tzinfo=UTC)


def accept(session, requester, recipient, *, preference=TimePreference.ANY, **meeting):
    """An accepted request from ``requester`` to ``recipient`` and its meeting."""
    request = MeetingRequest.objects.create(
        meeting_session=session,
        requester=requester,
        recipient=recipient,
        status=MeetingRequestStatus.ACCEPTED,
        time_preference=preference,
    )
    return Meeting.objects.create(request=request, meeting_session=session, **meeting)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def w(db):
    organiser = UserFactory(full_name="Olga Organiser")
    staff = UserFactory(full_name="Fay Facilitator")
    grant_membership(actor=None, user=staff, role=Role.FACILITATOR)
    other_organiser = UserFactory(full_name="Otto Other")
    outsider = UserFactory(full_name="Nina Nobody")
    event = EventFactory(
        slug="b2b-forum",
        title="B2B Forum",
        kind=EventKind.BROKERAGE,
        matchmaking_enabled=True,
        organisers=[organiser],
    )
    other_event = EventFactory(
        slug="other-forum", title="Other Forum", organisers=[other_organiser]
    )
    session = MeetingSession.objects.create(event=event, title="Morning meetings", tables=2)
    slots = make_slots(session, 4)

    germany = CountryFactory(code="DE", name="Germany")
    france = CountryFactory(code="FR", name="France")
    de11 = RegionFactory(code="DE11", country=germany)
    fr10 = RegionFactory(code="FR10", country=france)
    nace = TaxonomyFactory()
    manufacturing = TermFactory(taxonomy=nace, code="C", label="Manufacturing", level=1)
    machinery = TermFactory(
        taxonomy=nace, code="28", label="Machinery", level=2, parent=manufacturing
    )
    ict = TermFactory(taxonomy=nace, code="J", label="Information and communication", level=1)
    org_x = OrganisationFactory(name="Org X", region=de11)
    org_x.nace_codes.set([machinery])
    org_y = OrganisationFactory(name="Org Y", region=fr10)
    org_y.nace_codes.set([ict])
    org_z = OrganisationFactory(name="Org Z", region=de11)
    org_z.nace_codes.set([manufacturing, ict])

    def register(name, organisation):
        user = UserFactory(full_name=name)
        return RegistrationFactory(
            event=event, user=user, badge_name=name, organisation=organisation
        )

    ana = register("Ana Silva", org_x)
    ben = register("Ben Roth", org_y)
    cem = register("Cem Kaya", None)
    dana = register("Dana Novak", org_z)
    return SimpleNamespace(
        organiser=organiser,
        staff=staff,
        other_organiser=other_organiser,
        outsider=outsider,
        participant=ana.user,
        event=event,
        other_event=other_event,
        session=session,
        slots=slots,
        ana=ana,
        ben=ben,
        cem=cem,
        dana=dana,
        org_x=org_x,
        germany=germany,
    )
