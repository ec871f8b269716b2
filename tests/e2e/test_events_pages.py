"""The key pages of an event render in a real browser without console errors or CSP
violations, for a visitor, a participant and the organiser; each page is photographed."""

from __future__ import annotations

import pytest

from tests.e2e._browser import log_in
from tests.e2e._seed_events import BRUNO, ORGANISER, MeetingsWorld, seed_meetings_world

pytestmark = pytest.mark.e2e

EVENT = "/events/cobot-brokerage-2027"
PAGES = {
    "visitor": {
        "calendar": "/events/",
        "event": f"{EVENT}/",
        "programme": f"{EVENT}/programme/",
        "exhibition": f"{EVENT}/exhibition/",
        "pitches": f"{EVENT}/pitches/",
        "discussions": f"{EVENT}/discussions/",
        "meetings": f"{EVENT}/meetings/",
    },
    "participant": {
        "meetings": f"{EVENT}/meetings/",
        "participants": f"{EVENT}/meetings/participants/",
        "suggestions": f"{EVENT}/meetings/suggestions/",
        "my-meetings": f"{EVENT}/meetings/mine/",
        "agenda": f"{EVENT}/agenda/",
        "registrations": "/events/mine/",
    },
    "organiser": {
        "registrations": f"{EVENT}/registrations/",
        "questions": f"{EVENT}/questions/",
        "programme-manage": f"{EVENT}/programme/manage/",
        "scheduler": f"{EVENT}/scheduling/",
        "meeting-stats": f"{EVENT}/meeting-stats/",
    },
}
WHO = {"participant": BRUNO, "organiser": ORGANISER}


@pytest.fixture
def world(demo) -> MeetingsWorld:
    return seed_meetings_world()


@pytest.mark.parametrize("audience", list(PAGES))
def test_event_pages_render_without_console_errors(page, world, shoot, audience):
    if audience in WHO:
        log_in(page, WHO[audience])
    for name, path in PAGES[audience].items():
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        shoot(page, f"events-{audience}-{name}")
