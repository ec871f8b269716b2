"""The registration API: register (consent, answers), the organisers' list and its filters,
the verbs, exports, badges, the questions and query counts."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.events.domain.events import update_event
from smartregions.events.domain.registration_questions import add_question
from smartregions.events.enums import QuestionKind, RegistrationStatus
from smartregions.events.models import Registration
from tests.api.conftest import error_of
from tests.factories.accounts import UserFactory
from tests.factories.events import RegistrationFactory

pytestmark = pytest.mark.django_db
REGS = "/api/v1/events/smart-regions-2027/registrations"
QUESTIONS = "/api/v1/events/smart-regions-2027/questions"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_register_with_answers(ew):
    grant_membership(actor=None, user=ew.other, role=Role.ORGANISATION_MEMBER, organisation=ew.sme)
    day = add_question(
        actor=None,
        event=ew.event,
        label="Day",
        kind=QuestionKind.CHOICE,
        choices=["Mon", "Tue"],
        required=True,
    )
    response = api(ew.other).post(
        f"{REGS}/",
        {
            "consent": True,
            "participant_type": "press",
            "badge_name": "Ursula",
            "organisation": ew.sme.pk,
            "region": "CZ06",
            "answers": {str(day.pk): "Tue"},
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    registration = Registration.objects.get(user=ew.other)
    assert body == {
        "id": registration.pk,
        "event": "smart-regions-2027",
        "person": {"id": ew.other.pk, "name": "Ursula User"},
        "email": "ursula@example.eu",
        "participant_type": "press",
        "status": "confirmed",
        "badge_name": "Ursula",
        "job_title": "",
        "organisation": {"id": ew.sme.pk, "name": "Brno Valves s.r.o."},
        "region": "CZ06",
        "answers": {str(day.pk): "Tue"},
        "consent_given_at": "2027-02-01T11:00:00Z",
        "consent_version": "1",
        "retention_until": "2027-09-06",
        "registered_at": "2027-02-01T11:00:00Z",
        "registered_at_local": "2027-02-01T12:00:00+01:00",
        "status_changed_at": "2027-02-01T11:00:00Z",
        "waitlisted_at": None,
        "checked_in_at": None,
    }


def test_register_errors(ew):
    day = add_question(
        actor=None,
        event=ew.event,
        label="Day",
        kind=QuestionKind.CHOICE,
        choices=["Mon", "Tue"],
        required=True,
    )
    response = api(ew.other).post(f"{REGS}/", {"consent": False}, format="json")
    assert error_of(response)["details"] == {
        "consent": ["Registering requires your consent to the terms shown."]
    }
    response = api(ew.other).post(
        f"{REGS}/", {"consent": True, "answers": {str(day.pk): "Sun"}}, format="json"
    )
    assert error_of(response)["details"] == {
        f"question_{day.pk}": ["“Day”: Choose one of the offered answers."]
    }
    response = api(ew.other).post(f"{REGS}/", {}, format="json")
    assert error_of(response)["details"] == {"consent": ["This field is required."]}
    assert not Registration.objects.filter(user=ew.other).exists()


@pytest.fixture
def pending(ew):
    update_event(actor=None, event=ew.event, approval_required=True, capacity=2)
    return RegistrationFactory(
        event=ew.event,
        user=UserFactory(full_name="Adam Pending", email="adam@example.eu"),
        badge_name="Adam Pending",
        status=RegistrationStatus.PENDING,
    )


def test_organiser_list_and_filters(ew, pending):
    client = api(ew.organiser)
    body = client.get(f"{REGS}/").json()
    assert body["count"] == 2
    assert [r["badge_name"] for r in body["results"]] == ["Petra Nováková", "Adam Pending"]
    for query, names in (
        ("?status=pending", ["Adam Pending"]),
        ("?q=petra", ["Petra Nováková"]),
        ("?checked_in=true", []),
        ("?participant_type=delegate&checked_in=false", ["Petra Nováková", "Adam Pending"]),
    ):
        results = client.get(f"{REGS}/{query}").json()["results"]
        assert [r["badge_name"] for r in results] == names, query
    error = error_of(client.get(f"{REGS}/?status=lost"))
    assert error["details"] == {"status": ["Unknown status."]}


def test_verbs(ew, pending):
    client = api(ew.organiser)
    response = client.post(f"{REGS}/{pending.pk}/approve/")
    assert (response.status_code, response.json()["status"]) == (200, "confirmed")
    response = client.post(f"{REGS}/{pending.pk}/approve/")
    assert error_of(response)["details"] == {
        "status": ["Only a pending registration can be approved."]
    }
    response = client.post(f"{REGS}/{ew.registration.pk}/check-in/")
    assert response.json()["checked_in_at"] == "2027-02-01T11:00:00Z"
    response = client.post(f"{REGS}/{ew.registration.pk}/type/", {"participant_type": "speaker"})
    assert response.json()["participant_type"] == "speaker"
    response = client.post(f"{REGS}/{pending.pk}/cancel/")
    assert response.json()["status"] == "cancelled"
    late = RegistrationFactory(event=ew.event, status=RegistrationStatus.PENDING)
    response = client.post(f"{REGS}/{late.pk}/decline/", {"reason": "Sorry."})
    assert response.json()["status"] == "declined"
    assert late.user.notifications.get().body == "Sorry."


def test_participant_reads_and_cancels_their_own(ew, pending):
    client = api(ew.participant)
    assert client.get(f"{REGS}/{ew.registration.pk}/").json()["status"] == "confirmed"
    assert client.get(f"{REGS}/{pending.pk}/").status_code == 404
    assert client.post(f"{REGS}/{ew.registration.pk}/cancel/").json()["status"] == "cancelled"


def test_export_and_badges(ew, pending):
    client = api(ew.organiser)
    response = client.get(f"{REGS}/export/?status=pending")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "Adam Pending,adam@example.eu,,,,Delegate,Awaiting approval,2027-02-01 12:00"
    assert len(lines) == 2
    response = client.get(f"{REGS}/export/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["registrations"]
    assert [row[0].value for row in sheet.iter_rows()] == ["name", "Petra Nováková", "Adam Pending"]
    response = client.get(f"{REGS}/export/?format=ods")
    assert error_of(response)["details"] == {"format": ["Choose one of: csv, xlsx."]}
    response = client.get(f"{REGS}/badges/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_questions_crud(ew):
    client = api(ew.organiser)
    response = client.post(
        f"{QUESTIONS}/",
        {"label": "Topics", "kind": "multiple_choice", "choices": ["A", "B"], "required": True},
        format="json",
    )
    assert response.status_code == 201
    topics = response.json()
    assert topics == {
        "id": topics["id"],
        "label": "Topics",
        "help_text": "",
        "kind": "multiple_choice",
        "choices": ["A", "B"],
        "required": True,
        "position": 0,
    }
    diet = client.post(f"{QUESTIONS}/", {"label": "Diet", "kind": "text"}, format="json").json()
    response = client.post(f"{QUESTIONS}/", {"label": "X", "kind": "choice"}, format="json")
    assert error_of(response)["details"] == {"choices": ["Offer at least two choices."]}
    response = client.post(f"{QUESTIONS}/{diet['id']}/move/", {"up": True}, format="json")
    assert [q["label"] for q in response.json()] == ["Diet", "Topics"]
    response = client.patch(f"{QUESTIONS}/{diet['id']}/", {"required": True}, format="json")
    assert response.json()["required"] is True
    assert [q["label"] for q in api().get(f"{QUESTIONS}/").json()] == ["Diet", "Topics"]
    assert client.delete(f"{QUESTIONS}/{topics['id']}/").status_code == 204
    assert [q["label"] for q in api().get(f"{QUESTIONS}/").json()] == ["Diet"]


def test_registration_list_query_count_is_flat(ew, pending, django_assert_num_queries):
    client = api(ew.organiser)
    client.get(f"{REGS}/")
    # the event; its organisers (permission); count; registrations with people and event
    with django_assert_num_queries(4):
        client.get(f"{REGS}/")
    for _ in range(5):
        RegistrationFactory(event=ew.event, organisation=ew.sme, region=ew.cz06)
    with django_assert_num_queries(4):
        assert client.get(f"{REGS}/").json()["count"] == 7
