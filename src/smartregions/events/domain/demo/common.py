"""What the parts of the events demo share: the demo's world (organiser, people, partnerships),
its marks of synthetic content, and local times in the events' zone."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from smartregions.accounts.models import User
from smartregions.organisations.models import Organisation
from smartregions.partnerships.models import Partnership
from smartregions.regions.models import Country, Region

ZONE = "Europe/Brussels"
DEMO_DOMAIN = "demo.smartregions.eu"
#: Every demo event's title ends with this, as the demo calls' titles do.
DEMO_SUFFIX = " (demo)"
DEMO_NOTE = (
    "This event is demo content of the smartregions platform: it is not a real event, and its "
    "participants, exhibitors, meetings and discussions are synthetic."
)
CONSENT = (
    "I agree that the organisers process my registration (name, organisation, answers) to run "
    "this event, and that it is deleted after the retention date."
)
MONDAY, TUESDAY, WEDNESDAY, THURSDAY = range(4)


@dataclass(frozen=True)
class Person:
    """A demo participant: a user and whom they come for (read from the registry each run)."""

    user: User
    organisation: Organisation | None
    region: Region | None
    job_title: str

    @property
    def name(self) -> str:
        return self.user.full_name or self.user.email


@dataclass(frozen=True)
class DemoWorld:
    """Everything the events demo builds on.

    ``people`` are the synthetic participants; ``logins`` the demo logins taking part (the
    representatives of regions and the organisation member, with ``member`` the latter);
    ``partnerships`` the active synthetic partnerships, by acronym.
    """

    organiser: User
    people: list[Person]
    logins: list[Person]
    member: Person | None
    partnerships: list[Partnership]
    country: Country | None
    today: dt.date
    rng: random.Random

    def login_for(self, region: Region | None) -> Person | None:
        """The demo login representing ``region``, if any."""
        if region is None:
            return None
        return next((p for p in self.logins if p.organisation is None and p.region == region), None)

    def acting_for(self, region: Region) -> Person | None:
        """Who acts for ``region`` in the demo: its representative login, else a participant of
        its public authority, else any participant from the region."""
        found = self.login_for(region)
        if found is not None:
            return found
        local = [p for p in self.people if p.region == region]
        public = [p for p in local if p.organisation and p.organisation.type == "public_authority"]
        return (public or local or [None])[0]


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """``hour:minute`` on ``day`` in the demo events' zone (an aware datetime)."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(ZONE))


def next_weekday(day: dt.date, weekday: int) -> dt.date:
    """``day`` or the first day after it that falls on ``weekday`` (0 = Monday)."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def previous_weekday(day: dt.date, weekday: int) -> dt.date:
    """``day`` or the last day before it that falls on ``weekday`` (0 = Monday)."""
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)
