"""Registration pages through Django's test client: the form (questions, consent, errors),
cancelling, my registrations, the organisers' list with its htmx filters and verbs, exports,
badges, the questions editor and query counts."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from smartregions.common.middleware import POLICY
from smartregions.events.domain.events import update_event
from smartregions.events.domain.exports import write_registrations
from smartregions.events.domain.queries.registrations import event_registrations
from smartregions.events.domain.registration_questions import add_question
from smartregions.events.enums import QuestionKind, RegistrationStatus
from smartregions.events.models import Registration, RegistrationQuestion
from tests.factories.accounts import UserFactory
from tests.factories.events import RegistrationFactory

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")
ROW_NAMES = re.compile(r'<tr>\s*<th scope="row">([^<]+)</th>')
URL = "/events/smart-regions-2027"


def _html(response) -> str:
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    html = response.content.decode()
    assert 'style="' not in html
    assert INLINE_SCRIPT.findall(html) == []
    return html


@pytest.fixture
def questions(ew):
    diet = add_question(
        actor=None, event=ew.event, label="Dietary needs", kind=QuestionKind.TEXT, required=True
    )
    dinner = add_question(actor=None, event=ew.event, label="Dinner", kind=QuestionKind.YES_NO)
    return diet, dinner


def test_registration_form_shows_questions_and_consent(client, ew, questions):
    client.force_login(ew.other)
    html = _html(client.get(f"{URL}/register/"))
    diet, dinner = questions
    assert '<option value="delegate" selected>Delegate</option>' in html
    assert '<option value="organiser"' not in html
    assert 'name="badge_name" value="Ursula User"' in html
    assert "<legend>Questions from the organisers</legend>" in html
    assert f'for="id_question_{diet.pk}">Dietary needs <span class="required">' in html
    assert f'name="question_{dinner.pk}" value="yes"' in html
    assert "<p>I agree that the organisers process my registration data for this event.</p>" in html
    assert "Consent text version 1. Your registration is deleted after 6 September 2027." in html


def test_registering_through_the_form(
    client, ew, questions, mailoutbox, django_capture_on_commit_callbacks
):
    diet, dinner = questions
    client.force_login(ew.other)
    data = {
        "participant_type": "delegate",
        "badge_name": "Ursula U.",
        "region": "be10",
        f"question_{diet.pk}": "none",
        f"question_{dinner.pk}": "yes",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}/register/", data, follow=True)
    html = _html(response)
    assert "You are registered. A confirmation with a calendar file is on its way by e-mail." in (
        html
    )
    registration = Registration.objects.get(user=ew.other)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.region == ew.be10
    assert registration.answers == {str(diet.pk): "none", str(dinner.pk): True}
    assert [m.to for m in mailoutbox] == [["ursula@example.eu"]]


def test_form_errors_consent_and_required_answers(client, ew, questions):
    client.force_login(ew.other)
    html = _html(
        client.post(
            f"{URL}/register/",
            {"participant_type": "speaker", "badge_name": "U", "region": "XX1"},
        )
    )
    assert "Please correct the errors below" in html
    assert "Registering requires your consent to the terms." in html
    assert "Dietary needs: This field is required." in html
    assert "No region XX1 in NUTS 2021." in html
    assert not Registration.objects.filter(user=ew.other).exists()


def test_domain_refusals_show_on_the_form(client, ew, clock):
    client.force_login(ew.other)
    update_event(
        actor=None,
        event=ew.event,
        registration_closes_at=dt.datetime(2027, 2, 10, 12, tzinfo=dt.UTC),
    )
    html = _html(client.get(f"{URL}/register/"))
    assert "Registration is not open." not in html
    clock.move_to(dt.datetime(2027, 2, 10, 12, tzinfo=dt.UTC))
    html = _html(
        client.post(
            f"{URL}/register/",
            {"participant_type": "delegate", "badge_name": "U", "consent": "on"},
        )
    )
    assert "Registration is not open." in html
    assert "<li>Registration is closed.</li>" in html


def test_full_event_puts_the_visitor_on_the_waiting_list(client, ew):
    update_event(actor=None, event=ew.event, capacity=1)
    client.force_login(ew.other)
    response = client.post(
        f"{URL}/register/",
        {"participant_type": "delegate", "badge_name": "U", "consent": "on"},
        follow=True,
    )
    assert "The event is full: you are on the waiting list" in _html(response)


def test_approval_mode_message(client, ew):
    update_event(actor=None, event=ew.event, approval_required=True)
    client.force_login(ew.other)
    response = client.post(
        f"{URL}/register/",
        {"participant_type": "delegate", "badge_name": "U", "consent": "on"},
        follow=True,
    )
    assert "The organisers approve each registration; you will hear from them." in _html(response)


def test_registered_visitors_are_sent_back_to_the_event(client, ew):
    client.force_login(ew.participant)
    response = client.get(f"{URL}/register/")
    assert response["Location"] == f"{URL}/"


def test_organisers_may_register_as_organisers(client, ew):
    client.force_login(ew.organiser)
    html = _html(client.get(f"{URL}/register/"))
    assert '<option value="organiser">Organiser</option>' in html
    client.post(
        f"{URL}/register/",
        {"participant_type": "organiser", "badge_name": "Olga", "consent": "on"},
    )
    assert Registration.objects.get(user=ew.organiser).participant_type == "organiser"


def test_cancelling_my_registration(client, ew):
    client.force_login(ew.participant)
    assert client.get(f"{URL}/register/cancel/").status_code == 405
    response = client.post(f"{URL}/register/cancel/", follow=True)
    assert "Your registration is cancelled." in _html(response)
    ew.registration.refresh_from_db()
    assert ew.registration.status == RegistrationStatus.CANCELLED
    html = _html(client.get(f"{URL}/"))
    assert '<a class="button" href="/events/smart-regions-2027/register/">Register again</a>' in (
        html
    )
    client.force_login(ew.other)
    assert client.post(f"{URL}/register/cancel/").status_code == 404


def test_my_registrations(client, ew):
    client.force_login(ew.participant)
    html = _html(client.get("/events/mine/"))
    assert '<a href="/events/smart-regions-2027/">Smart Regions Conference 2027</a>' in html
    assert '<span class="badge reg-status-confirmed">Confirmed</span>' in html
    client.force_login(ew.other)
    assert "You have not registered for any event." in _html(client.get("/events/mine/"))


@pytest.fixture
def registrants(ew, questions, clock):
    diet, _ = questions
    ew.registration.answers = {str(diet.pk): "vegan"}
    ew.registration.save()
    people = []
    for name, status in (
        ("Adam Pending", RegistrationStatus.PENDING),
        ("Bea Waiting", RegistrationStatus.WAITLISTED),
        ("Cyril Cancelled", RegistrationStatus.CANCELLED),
    ):
        clock.shift(dt.timedelta(minutes=10))
        people.append(
            RegistrationFactory(
                event=ew.event,
                user=UserFactory(full_name=name),
                badge_name=name,
                status=status,
                waitlisted_at=dt.datetime(2027, 2, 1, 12, tzinfo=dt.UTC)
                if status == RegistrationStatus.WAITLISTED
                else None,
            )
        )
    return people


def test_registrant_list(client, ew, registrants):
    client.force_login(ew.organiser)
    html = _html(client.get(f"{URL}/registrations/"))
    assert ROW_NAMES.findall(html) == [
        "Petra Nováková",
        "Adam Pending",
        "Bea Waiting",
        "Cyril Cancelled",
    ]
    assert "<dt>Confirmed</dt><dd>1</dd>" in html
    assert "<dt>Awaiting approval</dt><dd>1</dd>" in html
    assert "<dt>On the waiting list</dt><dd>1</dd>" in html
    assert '<th scope="col">Dietary needs</th>' in html
    assert "<td>vegan</td>" in html
    assert "4 registrations · Times in Europe/Brussels" in html
    assert f'action="{URL}/registrations/{registrants[0].pk}/approve/"' in html
    assert f'action="{URL}/registrations/{ew.registration.pk}/check-in/"' in html
    assert f'href="{URL}/registrations/export.csv"' in html
    assert f'href="{URL}/registrations/badges.pdf"' in html


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?status=pending", ["Adam Pending"]),
        ("?q=bea", ["Bea Waiting"]),
        ("?q=petra%40example", ["Petra Nováková"]),
        ("?participant_type=press", []),
        ("?checked_in=no&status=confirmed", ["Petra Nováková"]),
        ("?checked_in=yes", []),
    ],
)
def test_registrant_list_htmx_filters(client, ew, registrants, query, names):
    client.force_login(ew.organiser)
    html = _html(client.get(f"{URL}/registrations/{query}", headers={"HX-Request": "true"}))
    assert "<h1>" not in html
    assert ROW_NAMES.findall(html) == names


def test_verbs_from_the_list_keep_the_filters(client, ew, registrants):
    pending, waiting, _ = registrants
    client.force_login(ew.organiser)
    response = client.post(
        f"{URL}/registrations/{pending.pk}/approve/", {"next_query": "status=pending"}
    )
    assert response["Location"] == f"{URL}/registrations/?status=pending"
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.CONFIRMED
    client.post(f"{URL}/registrations/{ew.registration.pk}/check-in/")
    ew.registration.refresh_from_db()
    assert ew.registration.checked_in_at is not None
    client.post(f"{URL}/registrations/{waiting.pk}/type/", {"participant_type": "press"})
    waiting.refresh_from_db()
    assert waiting.participant_type == "press"
    response = client.post(f"{URL}/registrations/{waiting.pk}/cancel/", follow=True)
    assert "Registration cancelled." in _html(response)
    response = client.post(f"{URL}/registrations/{waiting.pk}/approve/", follow=True)
    assert "Only a pending registration can be approved." in _html(response)
    assert client.post(f"{URL}/registrations/{waiting.pk}/promote/").status_code == 404
    assert client.get(f"{URL}/registrations/{waiting.pk}/cancel/").status_code == 405


def test_decline_with_a_reason(client, ew, registrants):
    pending = registrants[0]
    client.force_login(ew.organiser)
    client.post(f"{URL}/registrations/{pending.pk}/decline/", {"reason": "Full of press."})
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.DECLINED
    assert pending.user.notifications.get().body == "Full of press."


def test_export_downloads(client, ew, registrants):
    client.force_login(ew.organiser)
    response = client.get(f"{URL}/registrations/export.csv?status=pending")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="registrations-smart-regions-2027.csv"'
    )
    expected = io.BytesIO()
    rows = event_registrations(ew.event).filter(status=RegistrationStatus.PENDING)
    write_registrations(event=ew.event, registrations=rows, stream=expected, fmt="csv")
    assert response.content == expected.getvalue()
    response = client.get(f"{URL}/registrations/export.xlsx")
    assert response.content[:2] == b"PK"
    assert client.get(f"{URL}/registrations/export.pdf").status_code == 404


def test_badges_download(client, ew, registrants):
    client.force_login(ew.organiser)
    response = client.get(f"{URL}/registrations/badges.pdf?type=delegate")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="badges-smart-regions-2027.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


def test_questions_editor(client, ew, questions):
    diet, _ = questions
    client.force_login(ew.organiser)
    html = _html(client.get(f"{URL}/questions/"))
    assert '<th scope="row">Dietary needs</th>' in html
    html = _html(
        client.post(f"{URL}/questions/", {"label": "Day", "kind": "choice", "choices": "Monday"})
    )
    assert "Offer at least two choices." in html
    response = client.post(
        f"{URL}/questions/",
        {"label": "Day", "kind": "choice", "choices": "Monday\n\nTuesday\n", "required": "on"},
    )
    assert response["Location"] == f"{URL}/questions/"
    day = RegistrationQuestion.objects.get(label="Day")
    assert (day.choices, day.required, day.position) == (["Monday", "Tuesday"], True, 2)
    html = _html(client.get(f"{URL}/questions/{day.pk}/"))
    assert 'name="label" value="Day"' in html
    client.post(f"{URL}/questions/{day.pk}/", {"label": "Which day", "kind": "choice",
                                               "choices": "Monday\nTuesday"})  # fmt: skip
    day.refresh_from_db()
    assert (day.label, day.required) == ("Which day", False)
    client.post(f"{URL}/questions/{day.pk}/move-up/")
    assert [q.label for q in ew.event.questions.all()] == ["Dietary needs", "Which day", "Dinner"]
    client.post(f"{URL}/questions/{diet.pk}/delete/")
    assert [q.label for q in ew.event.questions.all()] == ["Which day", "Dinner"]
    assert client.post(f"{URL}/questions/{day.pk}/rename/").status_code == 404


def test_registrant_list_query_count_is_flat(client, ew, registrants, django_assert_num_queries):
    client.force_login(ew.organiser)
    url = f"{URL}/registrations/"
    client.get(url)
    # session, user, roles; event with counts; its organisers; questions; page count;
    # registrations with their people
    with django_assert_num_queries(8):
        client.get(url)
    for _ in range(5):
        RegistrationFactory(event=ew.event, organisation=ew.sme, region=ew.cz06)
    with django_assert_num_queries(8):
        client.get(url)


def test_my_registrations_query_count_is_flat(client, ew, django_assert_num_queries):
    from tests.factories.events import EventFactory

    client.force_login(ew.participant)
    client.get("/events/mine/")
    # session, user, roles (the menu); registrations with their events and countries
    with django_assert_num_queries(4):
        client.get("/events/mine/")
    for n in range(3):
        RegistrationFactory(user=ew.participant, event=EventFactory(slug=f"more-{n}"))
    with django_assert_num_queries(4):
        html = _html(client.get("/events/mine/"))
    assert html.count('<span class="badge reg-status-confirmed">') == 4
