"""The table-discussions REST API: exact status codes per role, the setup, seats, notes,
clusters, conclusions with sources and follow-ups, and the report download."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from smartregions.events.domain.discussions.conclusions import create_conclusion
from smartregions.events.enums import EventStatus
from smartregions.events.models import Conclusion, DiscussionRound, FollowUpAction, TableSeat
from tests.events.discussions.conftest import FIRST, PARTNERS, write_notes
from tests.events.discussions.test_web import ROLES, user_of
from tests.factories.partnerships import PartnershipFactory

API = "/api/v1/events/src-2027"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# fmt: off
MATRIX = [
    # method, url, body; then the status for: an ou pa ra rr ho or oo st
    ("get", "/discussion-rounds/", None,
     "200 200 200 200 200 200 200 200 200"),
    ("get", "/discussion-tables/{dw.hydrogen.pk}/", None,
     "200 200 200 200 200 200 200 200 200"),
    ("post", "/discussion-rounds/", {"title": "New"},
     "401 403 403 403 403 403 201 403 201"),
    ("patch", "/discussion-tables/{dw.skills.pk}/", {"capacity": 5},
     "401 403 403 403 403 403 200 403 200"),
    ("post", "/discussion-tables/{dw.skills.pk}/sign-up/", None,
     "401 403 201 201 201 201 403 403 403"),
    ("get", "/discussion-seats/", None,
     "401 200 200 200 200 200 200 200 200"),
    ("post", "/discussion-rounds/{dw.round.pk}/auto-assign/", None,
     "401 403 403 403 403 403 200 403 200"),
    ("get", "/discussion-notes/", None,
     "401 200 200 200 200 200 200 200 200"),
    ("post", "/discussion-notes/", {"question": "{dw.h_first.pk}", "text": "a"},
     "401 403 403 201 403 201 201 403 201"),
    ("post", "/discussion-tables/{dw.hydrogen.pk}/submit-notes/", None,
     "401 403 403 400 403 400 400 403 400"),
    ("post", "/discussion-tables/{dw.hydrogen.pk}/reopen-notes/", None,
     "401 403 403 403 403 403 400 403 400"),
    ("get", "/discussion-clusters/", None,
     "401 403 403 403 403 403 200 403 200"),
    ("get", "/conclusions/", None,
     "401 403 403 403 403 403 200 403 200"),
    ("get", "/conclusions/report/?format=md", None,
     "401 403 403 403 403 403 200 403 200"),
    ("get", "/follow-up-actions/", None,
     "401 403 403 403 403 403 200 403 200"),
]
# fmt: on


@pytest.mark.parametrize(("method", "url", "body", "codes"), MATRIX)
def test_permission_matrix(dw, method, url, body, codes):
    path = API + url.format(dw=dw)
    data = {k: v.format(dw=dw) if isinstance(v, str) else v for k, v in (body or {}).items()}
    got = []
    for role in ROLES:
        client = api(user_of(dw, role))
        response = getattr(client, method)(path, data, format="json")
        got.append(response.status_code)
        TableSeat.objects.all().delete()  # every participant signs up afresh
    assert tuple(got) == tuple(int(code) for code in codes.split())


def test_draft_event_is_a_404_except_for_organisers(dw):
    dw.event.status = EventStatus.DRAFT
    dw.event.save()
    assert api().get(f"{API}/discussion-rounds/").status_code == 404
    assert api(dw.participant).get(f"{API}/discussion-tables/").status_code == 404
    assert api(dw.organiser).get(f"{API}/discussion-rounds/").status_code == 200
    assert api().get("/api/v1/events/nope/discussion-rounds/").status_code == 404


def test_tables_list_with_seats_and_questions(dw, django_assert_num_queries):
    TableSeat.objects.create(
        round=dw.round, table=dw.hydrogen, registration=dw.registration(dw.participant)
    )
    with django_assert_num_queries(4):  # event, organisers, tables, questions
        body = api().get(f"{API}/discussion-tables/?round={dw.round.pk}").json()
    assert body[0] == {
        "id": dw.hydrogen.pk,
        "round": dw.round.pk,
        "number": 1,
        "topic": "Hydrogen valleys",
        "host": {"id": dw.host.pk, "name": "Hana Host"},
        "rapporteur": {"id": dw.rapporteur.pk, "name": "Rita Rapporteur"},
        "capacity": 4,
        "seated": 1,
        "questions": [
            {"id": dw.h_first.pk, "table": dw.hydrogen.pk, "text": FIRST, "position": 0},
            {"id": dw.h_partners.pk, "table": dw.hydrogen.pk, "text": PARTNERS, "position": 1},
        ],
    }
    assert [t["number"] for t in body] == [1, 2]
    assert api().get(f"{API}/discussion-tables/?round=x").status_code == 400


def test_organisers_set_up_rounds_tables_and_questions(dw):
    client = api(dw.organiser)
    response = client.post(f"{API}/discussion-rounds/", {"title": "Afternoon"}, format="json")
    assert response.json() == {
        "id": response.json()["id"],
        "title": "Afternoon",
        "position": 1,
        "signup_open": True,
        "session": None,
    }
    round_id = response.json()["id"]
    response = client.patch(
        f"{API}/discussion-rounds/{round_id}/", {"signup_open": False}, format="json"
    )
    assert (response.json()["title"], response.json()["signup_open"]) == ("Afternoon", False)
    response = client.post(
        f"{API}/discussion-tables/",
        {"round": round_id, "topic": "Ports", "rapporteur": dw.participant.pk, "capacity": 6},
        format="json",
    )
    assert response.status_code == 201
    table_id = response.json()["id"]
    assert (response.json()["number"], response.json()["rapporteur"]["name"]) == (
        1,
        "Paul Participant",
    )
    response = client.post(
        f"{API}/discussion-tables/",
        {"round": round_id, "topic": "X", "host": dw.outsider.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "host": [f'Invalid pk "{dw.outsider.pk}" - object does not exist.']
    }
    response = client.post(
        f"{API}/discussion-questions/", {"table": table_id, "text": "Who pays?"}, format="json"
    )
    assert response.status_code == 201
    question_id = response.json()["id"]
    response = client.patch(
        f"{API}/discussion-questions/{question_id}/", {"text": "Who funds it?"}, format="json"
    )
    assert response.json()["text"] == "Who funds it?"
    response = client.post(f"{API}/discussion-tables/{table_id}/copy-questions/")
    assert response.json() == {"count": 0}
    assert client.delete(f"{API}/discussion-questions/{question_id}/").status_code == 204
    assert client.delete(f"{API}/discussion-tables/{table_id}/").status_code == 204
    assert client.delete(f"{API}/discussion-rounds/{round_id}/").status_code == 204
    assert DiscussionRound.objects.count() == 1


def test_domain_refusals_are_400_with_the_field(dw):
    response = api(dw.organiser).patch(
        f"{API}/discussion-tables/{dw.hydrogen.pk}/", {"number": 2}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "number": ["The round already has a table with this number."]
    }


def test_seats_sign_up_assign_move_and_leave(dw):
    response = api(dw.participant).post(f"{API}/discussion-tables/{dw.hydrogen.pk}/sign-up/")
    seat = response.json()
    assert (seat["table"], seat["badge_name"], seat["assigned"]) == (
        dw.hydrogen.pk,
        "Paul Participant",
        False,
    )
    organiser = api(dw.organiser)
    response = organiser.post(
        f"{API}/discussion-seats/",
        {"registration": dw.registration(dw.host).pk, "table": dw.skills.pk},
        format="json",
    )
    assert response.status_code == 201
    assert [
        s["badge_name"] for s in api(dw.participant).get(f"{API}/discussion-seats/").json()
    ] == ["Paul Participant"]
    assert len(organiser.get(f"{API}/discussion-seats/").json()) == 2
    response = organiser.patch(
        f"{API}/discussion-seats/{seat['id']}/", {"table": dw.skills.pk}, format="json"
    )
    assert (response.json()["table"], response.json()["assigned"]) == (dw.skills.pk, True)
    response = api(dw.participant).post(f"{API}/discussion-rounds/{dw.round.pk}/leave/")
    assert response.status_code == 204
    assert list(TableSeat.objects.values_list("registration__badge_name", flat=True)) == [
        "Hana Host"
    ]
    response = organiser.post(f"{API}/discussion-rounds/{dw.round.pk}/auto-assign/")
    assert response.json() == {"seated": 3, "left_over": 0}


def test_notes_added_edited_submitted_and_scoped(dw):
    rita = api(dw.rapporteur)
    response = rita.post(
        f"{API}/discussion-notes/",
        {"question": dw.h_first.pk, "text": "Pool pilot lines\nTrain SMEs"},
        format="json",
    )
    assert [n["text"] for n in response.json()] == ["Pool pilot lines", "Train SMEs"]
    first = response.json()[0]
    assert (first["author"], first["submitted_at"]) == (
        {"id": dw.rapporteur.pk, "name": "Rita Rapporteur"},
        None,
    )
    response = rita.patch(
        f"{API}/discussion-notes/{first['id']}/", {"text": "Pool the lines"}, format="json"
    )
    assert response.json()["text"] == "Pool the lines"
    assert rita.post(f"{API}/discussion-tables/{dw.hydrogen.pk}/submit-notes/").json() == {
        "count": 2
    }
    response = rita.delete(f"{API}/discussion-notes/{first['id']}/")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "non_field_errors": ["The note was submitted; the organisers can reopen the table's notes."]
    }
    raul = api(dw.other_rapporteur)
    assert raul.get(f"{API}/discussion-notes/").json() == []
    assert raul.delete(f"{API}/discussion-notes/{first['id']}/").status_code == 404
    assert len(api(dw.organiser).get(f"{API}/discussion-notes/?table={dw.hydrogen.pk}").json()) == 2
    assert api(dw.organiser).post(
        f"{API}/discussion-tables/{dw.hydrogen.pk}/reopen-notes/"
    ).json() == {"count": 2}


def test_notes_list_query_count(dw, django_assert_num_queries):
    write_notes(dw.hydrogen, dw.h_first, "a", "b")
    client = api(dw.rapporteur)
    client.get(f"{API}/discussion-notes/")  # the user's roles are memoised on the user
    # event, organisers, notes (author, table and round joined).
    with django_assert_num_queries(3):
        assert len(client.get(f"{API}/discussion-notes/").json()) == 2
    write_notes(dw.hydrogen, dw.h_partners, "c", "d", "e")
    with django_assert_num_queries(3):
        assert len(client.get(f"{API}/discussion-notes/").json()) == 5


@pytest.fixture
def harvested(dw):
    pool, train = write_notes(
        dw.hydrogen, dw.h_first, "Pool pilot lines across regions", "Train workers"
    )
    [share] = write_notes(dw.skills, dw.s_first, "Regions should share their pilot lines")
    return pool, train, share


def test_clusters_group_questions_across_tables(dw, harvested):
    pool, train, share = harvested
    body = api(dw.organiser).get(f"{API}/discussion-clusters/").json()
    assert [(g["question"], g["tables"], g["conclusions"]) for g in body] == [(FIRST, 2, [])]
    assert body[0]["clusters"] == [
        {"terms": ["line", "pilot", "region"], "notes": [pool.pk, share.pk]},
        {"terms": ["train", "worker"], "notes": [train.pk]},
    ]
    response = api(dw.organiser).get(f"{API}/discussion-clusters/?threshold=2")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"threshold": ["Choose a number in (0, 1]."]}


def test_conclusions_crud_sources_reorder_and_follow_ups(dw, harvested):
    pool, train, share = harvested
    client = api(dw.organiser)
    response = client.post(f"{API}/conclusions/", {"sources": [pool.pk, share.pk]}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["question"], body["text"], body["position"], body["round"]) == (
        FIRST,
        "Pool pilot lines across regions\nRegions should share their pilot lines",
        0,
        dw.round.pk,
    )
    assert body["sources"][1] == {
        "id": share.pk,
        "text": "Regions should share their pilot lines",
        "table": dw.skills.pk,
        "round": "Morning tables",
        "table_number": 2,
        "topic": "Digital skills",
        "rapporteur": {"id": dw.other_rapporteur.pk, "name": "Raul Reporter"},
        "question": "What should regions do first",
    }
    first = body["id"]
    second = client.post(
        f"{API}/conclusions/", {"question": FIRST, "text": "Skills"}, format="json"
    ).json()["id"]
    response = client.post(
        f"{API}/conclusions/{first}/reorder/", {"order": [second, first]}, format="json"
    )
    assert [c["id"] for c in response.json()] == [second, first]
    response = client.post(
        f"{API}/conclusions/{second}/sources/", {"notes": [train.pk]}, format="json"
    )
    assert [s["id"] for s in response.json()["sources"]] == [train.pk]
    response = client.delete(f"{API}/conclusions/{second}/sources/{train.pk}/")
    assert response.json()["sources"] == []
    response = client.patch(
        f"{API}/conclusions/{second}/", {"text": "Skills first."}, format="json"
    )
    assert response.json()["text"] == "Skills first."

    partnership = PartnershipFactory(slug="hydrogen-valleys", name="Hydrogen Valleys")
    response = client.post(
        f"{API}/follow-up-actions/",
        {
            "conclusion": first,
            "description": "Draft a pilot proposal",
            "owner": dw.rapporteur.pk,
            "due_on": "2027-04-30",
            "partnership": "hydrogen-valleys",
        },
        format="json",
    )
    assert response.status_code == 201
    action = response.json()
    assert {k: action[k] for k in ("owner", "due_on", "status", "partnership")} == {
        "owner": {"id": dw.rapporteur.pk, "name": "Rita Rapporteur"},
        "due_on": "2027-04-30",
        "status": "open",
        "partnership": "hydrogen-valleys",
    }
    response = client.patch(
        f"{API}/follow-up-actions/{action['id']}/", {"status": "done"}, format="json"
    )
    assert (response.json()["status"], response.json()["partnership"]) == (
        "done",
        "hydrogen-valleys",
    )
    assert len(client.get(f"{API}/follow-up-actions/?conclusion={first}").json()) == 1
    assert partnership.event_follow_ups.count() == 1
    assert client.delete(f"{API}/follow-up-actions/{action['id']}/").status_code == 204
    assert client.delete(f"{API}/conclusions/{first}/").status_code == 204
    assert list(Conclusion.objects.values_list("pk", flat=True)) == [second]
    assert not FollowUpAction.objects.exists()


def test_conclusions_list_query_count(dw, harvested, django_assert_num_queries):
    pool, train, share = harvested
    create_conclusion(actor=None, event=dw.event, sources=[pool, share])
    client = api(dw.organiser)
    client.get(f"{API}/conclusions/")  # the user's roles are memoised on the user
    # event, organisers, conclusions, sources (table, round, rapporteur, question, author
    # joined), follow-ups (owner, partnership joined).
    with django_assert_num_queries(5):
        assert len(client.get(f"{API}/conclusions/").json()) == 1
    conclusion = create_conclusion(actor=None, event=dw.event, sources=[train])
    FollowUpAction.objects.create(conclusion=conclusion, description="Do it", owner=dw.host)
    with django_assert_num_queries(5):
        assert len(client.get(f"{API}/conclusions/").json()) == 2


def test_report_download_formats(dw, harvested):
    create_conclusion(actor=None, event=dw.event, sources=harvested[:1], text="Pool them.")
    client = api(dw.organiser)
    response = client.get(f"{API}/conclusions/report/?format=md")
    assert response["Content-Disposition"] == 'attachment; filename="src-2027-conclusions.md"'
    assert response.content.decode().startswith("# Conclusions: Smart Regions Conference 2027\n")
    response = client.get(f"{API}/conclusions/report/?format=pdf")
    assert (response["Content-Type"], response.content[:5]) == ("application/pdf", b"%PDF-")
    response = client.get(f"{API}/conclusions/report/?format=docx")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"format": ["Choose one of: md, pdf."]}
