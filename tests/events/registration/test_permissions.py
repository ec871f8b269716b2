"""Permission matrix of the calendar, event management and registration: every rule, every
web view and every API endpoint, for six people.

an = anonymous; pa = participant (confirmed delegate of E); ot = signed in, nothing else;
or = named organiser of E; st = platform staff (facilitator); oo = event organiser of another
event. E is the published event, D a draft organised by ``or``, R the participant's
registration, P a pending registration of someone else.

Each request runs in a savepoint that is rolled back, so every person meets the same state.
In the expectations, ``"login"`` is a redirect to the sign-in page and a path is a redirect
to that page.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from rest_framework.test import APIClient

from smartregions.events.enums import EventStatus, RegistrationStatus
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

ROLES = ("anon", "participant", "other", "organiser", "staff", "other_organiser")
Y, N = True, False
E = "/events/smart-regions-2027"
D = "/events/draft"
A = "/api/v1/events/smart-regions-2027"
AD = "/api/v1/events/draft"


@pytest.fixture
def mw(ew):
    """The world plus a draft D, a pending registration P and a co-organiser of E."""
    ew.draft = EventFactory(slug="draft", status=EventStatus.DRAFT, organisers=[ew.organiser])
    ew.pending = RegistrationFactory(event=ew.event, status=RegistrationStatus.PENDING)
    ew.co = UserFactory(email="co@example.eu")
    ew.event.organisers.add(ew.co)
    ew.question = ew.event.questions.create(label="Diet", kind="text")
    ew.anon = AnonymousUser()
    return ew


# fmt: off
RULES = [
    # permission                       target  an pa ot or st oo
    ("events.add_event",               "-",    (N, N, N, Y, Y, Y)),
    ("events.view_event",              "E",    (Y, Y, Y, Y, Y, Y)),
    ("events.view_event",              "D",    (N, N, N, Y, Y, N)),
    ("events.change_event",            "E",    (N, N, N, Y, Y, N)),
    ("events.manage_registrations",    "E",    (N, N, N, Y, Y, N)),
    ("events.register",                "E",    (N, Y, Y, Y, Y, Y)),
    ("events.register",                "D",    (N, N, N, N, N, N)),
    ("events.view_registration",       "R",    (N, Y, N, Y, Y, N)),
    ("events.cancel_registration",     "R",    (N, Y, N, Y, Y, N)),
    ("events.decide_registration",     "R",    (N, N, N, Y, Y, N)),
    ("events.decide_registration",     "P",    (N, N, N, Y, Y, N)),
]
# fmt: on


@pytest.mark.parametrize(("perm", "target", "expected"), RULES)
def test_rules(mw, perm, target, expected):
    obj = {"-": None, "E": mw.event, "D": mw.draft, "R": mw.registration, "P": mw.pending}[target]
    got = tuple(getattr(mw, role).has_perm(perm, obj) for role in ROLES)
    assert got == expected


EVENT_DATA = {
    "title": "New Event",
    "kind": "workshop",
    "timezone": "Europe/Brussels",
    "starts_at": "2027-06-01T09:00",
    "ends_at": "2027-06-01T15:00",
    "city": "Brno",
    "consent_text": "I agree.",
}
EDIT_DATA = {**EVENT_DATA, "title": "Smart Regions Conference 2027"}
REGISTER = {"participant_type": "delegate", "badge_name": "X", "consent": "on"}
LIST = f"{E}/registrations/"
NEW = "/events/new-event/"
QS = f"{E}/questions/"
EV = f"{E}/"

# fmt: off
WEB = [
    # method, path, data,                      an,      pa,      ot,      or,      st,      oo
    ("get", "/events/", None,                  (200,    200,     200,     200,     200,     200)),
    ("get", "/events/calendar.ics", None,      (200,    200,     200,     200,     200,     200)),
    ("get", "/events/new/", None,              ("login", 403,    403,     200,     200,     200)),
    ("post", "/events/new/", EVENT_DATA,       ("login", 403,    403,     NEW,     NEW,     NEW)),
    ("get", "/events/mine/", None,             ("login", 200,    200,     200,     200,     200)),
    ("get", f"{E}/", None,                     (200,    200,     200,     200,     200,     200)),
    ("get", f"{D}/", None,                     (404,    404,     404,     200,     200,     404)),
    ("get", f"{E}/event.ics", None,            (200,    200,     200,     200,     200,     200)),
    ("get", f"{D}/event.ics", None,            (404,    404,     404,     200,     200,     404)),
    ("get", f"{E}/edit/", None,                ("login", 403,    403,     200,     200,     403)),
    ("get", f"{D}/edit/", None,                ("login", 404,    404,     200,     200,     404)),
    ("post", f"{E}/edit/", EDIT_DATA,          ("login", 403,    403,     f"{E}/", f"{E}/", 403)),
    ("post", f"{D}/status/publish/", None,     ("login", 404,    404,     f"{D}/", f"{D}/", 404)),
    ("post", f"{E}/status/cancel/", None,      ("login", 403,    403,     f"{E}/", f"{E}/", 403)),
    ("post", f"{E}/organisers/add/", {"email": "ursula@example.eu"},
                                               ("login", 403,    403,     f"{E}/", f"{E}/", 403)),
    ("post", f"{E}/organisers/CO/remove/", None,
                                               ("login", 403,    403,     f"{E}/", f"{E}/", 403)),
    ("get", f"{E}/register/", None,            ("login", f"{E}/", 200,    200,     200,     200)),
    ("get", f"{D}/register/", None,            (404,    404,     404,     403,     403,     404)),
    ("post", f"{E}/register/", REGISTER,
                                               ("login", EV,      EV,      EV,      EV,      EV)),
    ("post", f"{E}/register/cancel/", None,    ("login", f"{E}/", 404,    404,     404,     404)),
    ("get", LIST, None,                        ("login", 403,    403,     200,     200,     403)),
    ("get", f"{D}/registrations/", None,       ("login", 404,    404,     200,     200,     404)),
    ("get", f"{E}/registrations/export.csv", None,
                                               ("login", 403,    403,     200,     200,     403)),
    ("get", f"{E}/registrations/badges.pdf", None,
                                               ("login", 403,    403,     200,     200,     403)),
    ("post", f"{E}/registrations/R/check-in/", None,
                                               ("login", 403,    403,     LIST,    LIST,    403)),
    ("post", f"{E}/registrations/R/cancel/", None,
                                               ("login", 403,    403,     LIST,    LIST,    403)),
    ("post", f"{E}/registrations/P/approve/", None,
                                               ("login", 403,    403,     LIST,    LIST,    403)),
    ("post", f"{E}/registrations/P/decline/", {"reason": "no"},
                                               ("login", 403,    403,     LIST,    LIST,    403)),
    ("post", f"{E}/registrations/R/type/", {"participant_type": "press"},
                                               ("login", 403,    403,     LIST,    LIST,    403)),
    ("get", QS, None,                          ("login", 403,    403,     200,     200,     403)),
    ("post", QS, {"label": "Q", "kind": "text"},
                                               ("login", 403,    403,     QS,      QS,      403)),
    ("get", f"{E}/questions/Q/", None,         ("login", 403,    403,     200,     200,     403)),
    ("post", f"{E}/questions/Q/", {"label": "Q2", "kind": "text"},
                                               ("login", 403,    403,     QS,      QS,      403)),
    ("post", f"{E}/questions/Q/delete/", None, ("login", 403,    403,     QS,      QS,      403)),
]
# fmt: on


def _fill(mw, path: str) -> str:
    return (
        path.replace("/R/", f"/{mw.registration.pk}/")
        .replace("/P/", f"/{mw.pending.pk}/")
        .replace("/Q/", f"/{mw.question.pk}/")
        .replace("/CO/", f"/{mw.co.pk}/")
    )


@pytest.mark.parametrize("case", WEB, ids=lambda case: f"{case[0]} {case[1]}")
def test_web_matrix(client, mw, case):
    method, path, data, expected = case
    url = _fill(mw, path)
    for role, want in zip(ROLES, expected, strict=True):
        client.logout()
        if role != "anon":
            client.force_login(getattr(mw, role))
        with transaction.atomic():
            response = getattr(client, method)(url, data or {})
            transaction.set_rollback(True)
        if want == "login":
            assert response.status_code == 302, (role, response.status_code)
            assert response["Location"].startswith("/account/login/?next="), role
        elif isinstance(want, str):
            assert response.status_code == 302, (role, response.status_code)
            assert response["Location"].split("?")[0] == want, role
        else:
            assert response.status_code == want, (role, response.status_code)


API_EVENT = {
    "title": "New Event",
    "kind": "workshop",
    "starts_at": "2027-06-01T09:00:00",
    "ends_at": "2027-06-01T15:00:00",
}
REGS = f"{A}/registrations"

# fmt: off
API = [
    # method, path, body,                          an   pa   ot   or   st   oo
    ("get", "/api/v1/events/", None,               (200, 200, 200, 200, 200, 200)),
    ("get", f"{A}/", None,                         (200, 200, 200, 200, 200, 200)),
    ("get", f"{AD}/", None,                        (404, 404, 404, 200, 200, 404)),
    ("post", "/api/v1/events/", API_EVENT,         (401, 403, 403, 201, 201, 201)),
    ("patch", f"{A}/", {"title": "Renamed"},       (401, 403, 403, 200, 200, 403)),
    ("patch", f"{AD}/", {"title": "Renamed"},      (401, 404, 404, 200, 200, 404)),
    ("post", f"{AD}/publish/", None,               (401, 404, 404, 200, 200, 404)),
    ("post", f"{A}/cancel/", None,                 (401, 403, 403, 200, 200, 403)),
    ("post", f"{A}/organisers/", {"email": "ursula@example.eu"},
                                                   (401, 403, 403, 200, 200, 403)),
    ("delete", f"{A}/organisers/CO/", None,        (401, 403, 403, 200, 200, 403)),
    ("get", "/api/v1/events/calendar.ics/", None,  (200, 200, 200, 200, 200, 200)),
    ("get", f"{A}/event.ics/", None,               (200, 200, 200, 200, 200, 200)),
    ("get", f"{AD}/event.ics/", None,              (404, 404, 404, 200, 200, 404)),
    ("get", "/api/v1/events/my-registrations/", None,
                                                   (401, 200, 200, 200, 200, 200)),
    ("get", f"{A}/questions/", None,               (200, 200, 200, 200, 200, 200)),
    ("get", f"{AD}/questions/", None,              (404, 404, 404, 200, 200, 404)),
    ("post", f"{A}/questions/", {"label": "Q", "kind": "text"},
                                                   (401, 403, 403, 201, 201, 403)),
    ("patch", f"{A}/questions/Q/", {"label": "Q2"},
                                                   (401, 403, 403, 200, 200, 403)),
    ("post", f"{A}/questions/Q/move/", {"up": True},
                                                   (401, 403, 403, 200, 200, 403)),
    ("delete", f"{A}/questions/Q/", None,          (401, 403, 403, 204, 204, 403)),
    ("get", f"{REGS}/", None,                      (401, 403, 403, 200, 200, 403)),
    ("post", f"{REGS}/", {"consent": True},        (401, 400, 201, 201, 201, 201)),
    ("post", f"{AD}/registrations/", {"consent": True},
                                                   (401, 404, 404, 403, 403, 404)),
    ("get", f"{REGS}/R/", None,                    (401, 200, 404, 200, 200, 404)),
    ("post", f"{REGS}/R/cancel/", None,            (401, 200, 404, 200, 200, 404)),
    ("post", f"{REGS}/R/check-in/", None,          (401, 403, 404, 200, 200, 404)),
    ("post", f"{REGS}/R/type/", {"participant_type": "press"},
                                                   (401, 403, 404, 200, 200, 404)),
    ("post", f"{REGS}/P/approve/", None,           (401, 404, 404, 200, 200, 404)),
    ("post", f"{REGS}/P/decline/", {"reason": "no"},
                                                   (401, 404, 404, 200, 200, 404)),
    ("get", f"{REGS}/export/", None,               (401, 403, 403, 200, 200, 403)),
    ("get", f"{REGS}/badges/", None,               (401, 403, 403, 200, 200, 403)),
]
# fmt: on


@pytest.mark.parametrize("case", API, ids=lambda case: f"{case[0]} {case[1]}")
def test_api_matrix(mw, case):
    method, path, body, expected = case
    url = _fill(mw, path)
    got = []
    for role in ROLES:
        client = APIClient()
        if role != "anon":
            client.force_authenticate(getattr(mw, role))
        with transaction.atomic():
            response = getattr(client, method)(url, body, format="json")
            transaction.set_rollback(True)
        got.append(response.status_code)
    assert tuple(got) == expected
