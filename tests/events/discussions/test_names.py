"""People without a full name are shown by ``display_name`` ("Participant <id>"), never by
their e-mail address: on the public discussions page, the organisers' and rapporteurs' pages,
the API and the conclusions report."""

from __future__ import annotations

import re

import pytest

from smartregions.accounts.models import User
from smartregions.events.domain.discussions.conclusions import create_conclusion
from smartregions.events.domain.discussions.report import render_report
from smartregions.events.models import FollowUpAction
from tests.events.discussions.conftest import write_notes
from tests.events.discussions.test_api import API, api
from tests.events.discussions.test_web import BASE, login, page

EMAILS = ("hana@example.eu", "rita@example.eu")


@pytest.fixture
def nameless(dw):
    """Hana (host) and Rita (rapporteur of table 1) gave no full name; a conclusion rests on
    Rita's note and Hana owns its follow-up action."""
    User.objects.filter(pk__in=[dw.host.pk, dw.rapporteur.pk]).update(full_name="")
    dw.host.refresh_from_db()
    dw.rapporteur.refresh_from_db()
    [note] = write_notes(dw.hydrogen, dw.h_first, "Pool pilot lines")
    conclusion = create_conclusion(actor=None, event=dw.event, sources=[note])
    FollowUpAction.objects.create(conclusion=conclusion, description="Pool", owner=dw.host)
    dw.conclusion = conclusion
    return dw


def _no_email(text: str) -> None:
    assert [email for email in EMAILS if email in text] == []


def test_public_discussions_page_shows_no_email(client, nameless):
    html = page(client.get(f"{BASE}/discussions/"))
    _no_email(html)
    assert f"<td>Participant {nameless.host.pk}</td>" in html
    assert f"<td>Participant {nameless.rapporteur.pk}</td>" in html


@pytest.mark.parametrize(
    "url",
    [
        "/discussions/tables/{dw.hydrogen.pk}/notes/",
        "/discussions/rounds/{dw.round.pk}/",
        "/harvest/",
        "/harvest/conclusions/{dw.conclusion.pk}/",
    ],
)
def test_organiser_pages_show_no_email(client, nameless, url):
    """Outside the organisers' people pickers (which add the address to tell people apart)."""
    login(client, nameless.organiser)
    html = page(client.get(BASE + url.format(dw=nameless)))
    _no_email(re.sub(r"<select\b.*?</select>", "", html, flags=re.DOTALL))
    assert f"Participant {nameless.rapporteur.pk}" in html


def test_conclusion_page_names_the_action_owner(client, nameless):
    login(client, nameless.organiser)
    html = page(client.get(f"{BASE}/harvest/conclusions/{nameless.conclusion.pk}/"))
    assert f"<summary>Pool — Open, Participant {nameless.host.pk}</summary>" in html


def test_api_shows_no_email(nameless):
    body = api().get(f"{API}/discussion-tables/{nameless.hydrogen.pk}/").json()
    assert (body["host"], body["rapporteur"]) == (
        {"id": nameless.host.pk, "name": f"Participant {nameless.host.pk}"},
        {"id": nameless.rapporteur.pk, "name": f"Participant {nameless.rapporteur.pk}"},
    )
    response = api(nameless.organiser).get(f"{API}/conclusions/")
    _no_email(response.content.decode())


def test_report_shows_no_email(nameless):
    data, _media_type, _filename = render_report(nameless.event, "md")
    text = data.decode()
    _no_email(text)
    assert f"Participant {nameless.rapporteur.pk}" in text
    assert f"Participant {nameless.host.pk}" in text
