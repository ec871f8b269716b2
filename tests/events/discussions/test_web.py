"""Web pages of table discussions: who sees what (exact status codes), sign-up, the
organisers' round and table pages, note taking with htmx, harvesting and the report."""

from __future__ import annotations

import re

import pytest

from smartregions.common.middleware import POLICY
from smartregions.events.domain.discussions.conclusions import create_conclusion
from smartregions.events.domain.discussions.notes import add_notes
from smartregions.events.enums import EventStatus, RegistrationStatus
from smartregions.events.models import (
    Conclusion,
    DiscussionRound,
    DiscussionTable,
    FollowUpAction,
    GuidingQuestion,
    RapporteurNote,
    TableSeat,
)
from tests.events.discussions.conftest import FIRST, register, write_notes
from tests.factories.accounts import UserFactory
from tests.factories.partnerships import PartnershipFactory

BASE = "/events/src-2027"
ROLES = (
    "anon",
    "outsider",
    "participant",
    "rapporteur",
    "other_rap",
    "host",
    "org",
    "other_org",
    "staff",
)


def page(response) -> str:
    """200, the strict CSP, and no inline script or style in the HTML."""
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == POLICY
    html = response.content.decode()
    assert " style=" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    return html


def user_of(dw, role):
    return {
        "anon": None,
        "outsider": dw.outsider,
        "participant": dw.participant,
        "rapporteur": dw.rapporteur,
        "other_rap": dw.other_rapporteur,
        "host": dw.host,
        "org": dw.organiser,
        "other_org": dw.other_organiser,
        "staff": dw.staff,
    }[role]


def login(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


# fmt: off
GET_MATRIX = [
    # url (and POST data); then the status for: an ou pa ra rr ho or oo st
    ("/discussions/",
     "200 200 200 200 200 200 200 200 200"),
    ("/discussions/rounds/{dw.round.pk}/",
     "302 403 403 403 403 403 200 403 200"),
    ("/discussions/tables/{dw.hydrogen.pk}/",
     "302 403 403 403 403 403 200 403 200"),
    ("/discussions/tables/{dw.hydrogen.pk}/notes/",
     "302 403 403 200 403 200 200 403 200"),
    ("/harvest/",
     "302 403 403 403 403 403 200 403 200"),
    ("/harvest/report.md",
     "302 403 403 403 403 403 200 403 200"),
]
POST_MATRIX = [
    # url (and POST data); then the status for: an ou pa ra rr ho or oo st
    ("/discussions/signup/", {"table": "{dw.skills.pk}"},
     "302 403 302 302 302 302 403 403 403"),
    ("/discussions/rounds/{dw.round.pk}/change/auto-assign/", {},
     "302 403 403 403 403 403 302 403 302"),
    ("/discussions/tables/{dw.hydrogen.pk}/notes/submit/", {},
     "302 403 403 302 403 302 302 403 302"),
    ("/discussions/tables/{dw.hydrogen.pk}/notes/reopen/", {},
     "302 403 403 403 403 403 302 403 302"),
    ("/harvest/change/create/", {"notes": "1"},
     "302 403 403 403 403 403 302 403 302"),
]
# fmt: on


@pytest.mark.parametrize(("url", "codes"), GET_MATRIX)
def test_get_permission_matrix(client, dw, url, codes):
    path = BASE + url.format(dw=dw)
    got = []
    for role in ROLES:
        login(client, user_of(dw, role))
        got.append(client.get(path).status_code)
    assert tuple(got) == tuple(int(code) for code in codes.split())


@pytest.mark.parametrize(("url", "data", "codes"), POST_MATRIX)
def test_post_permission_matrix(client, dw, url, data, codes):
    path = BASE + url.format(dw=dw)
    got = []
    for role in ROLES:
        login(client, user_of(dw, role))
        got.append(client.post(path, {k: v.format(dw=dw) for k, v in data.items()}).status_code)
    assert tuple(got) == tuple(int(code) for code in codes.split())


def test_anonymous_posts_go_to_login(client, dw):
    response = client.post(f"{BASE}/discussions/signup/", {"table": dw.skills.pk})
    assert response["Location"] == "/account/login/?next=/events/src-2027/discussions/signup/"


def test_draft_event_is_a_404_like_an_unknown_slug(client, dw):
    dw.event.status = EventStatus.DRAFT
    dw.event.save()
    assert client.get(f"{BASE}/discussions/").status_code == 404
    login(client, dw.participant)
    assert client.get(f"{BASE}/discussions/").status_code == 404
    login(client, dw.organiser)
    assert client.get(f"{BASE}/discussions/").status_code == 200
    assert client.get("/events/nope/discussions/").status_code == 404


def test_public_page_lists_tables_without_sign_up(client, dw):
    html = page(client.get(f"{BASE}/discussions/"))
    assert f'<h3 id="round-{dw.round.pk}-heading">Morning tables</h3>' in html
    row = re.search(rf'<tr id="table-{dw.hydrogen.pk}">(.*?)</tr>', html, re.S).group(1)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    ]
    assert cells == [
        "1",
        "Hydrogen valleys",
        "Hana Host",
        "Rita Rapporteur",
        "0 / 4",
        "What should regions do first?Which partners are missing?",
    ]
    assert "for table 1</span>" not in html
    assert "Manage the round" not in html
    assert "Times in Europe/Brussels." in html


def test_participant_signs_up_moves_and_leaves(client, dw):
    login(client, dw.participant)
    html = page(client.get(f"{BASE}/discussions/"))
    assert html.count('>Sign up<span class="visually-hidden"> for table') == 2
    response = client.post(f"{BASE}/discussions/signup/", {"table": dw.hydrogen.pk})
    assert response["Location"] == f"{BASE}/discussions/"
    html = page(client.get(response["Location"]))
    assert "You have a seat at table 1." in html
    assert f'<tr id="table-{dw.hydrogen.pk}" class="my-table">' in html
    assert html.count('>Move here<span class="visually-hidden"> for table') == 1
    client.post(f"{BASE}/discussions/signup/", {"table": dw.skills.pk})
    assert TableSeat.objects.get().table == dw.skills
    html = page(client.get(f"{BASE}/discussions/"))
    assert "1 / 3" in html
    client.post(f"{BASE}/discussions/leave/", {"round": dw.round.pk})
    assert not TableSeat.objects.exists()


def test_refused_sign_up_is_flashed(client, dw):
    dw.round.signup_open = False
    dw.round.save()
    login(client, dw.participant)
    response = client.post(f"{BASE}/discussions/signup/", {"table": dw.hydrogen.pk}, follow=True)
    assert "Sign-up for this round is closed." in response.content.decode()
    assert client.post(f"{BASE}/discussions/signup/", {"table": "x"}).status_code == 404
    assert client.get(f"{BASE}/discussions/signup/").status_code == 405


def test_rapporteur_finds_the_note_taking_page(client, dw):
    login(client, dw.rapporteur)
    html = page(client.get(f"{BASE}/discussions/"))
    assert (
        f'<a href="{BASE}/discussions/tables/{dw.hydrogen.pk}/notes/">'
        "Take notes: Morning tables, table 1 (Hydrogen valleys)</a>" in html
    )


def test_organiser_adds_a_round_and_a_table(client, dw):
    login(client, dw.organiser)
    html = page(client.get(f"{BASE}/discussions/"))
    assert "Add a round of tables" in html
    response = client.post(
        f"{BASE}/discussions/rounds/new/", {"round-title": "Afternoon", "round-signup_open": "on"}
    )
    afternoon = DiscussionRound.objects.get(title="Afternoon")
    assert response["Location"] == f"{BASE}/discussions/rounds/{afternoon.pk}/"
    client.post(
        f"{BASE}/discussions/rounds/{afternoon.pk}/change/add-table/",
        {"table-topic": "Tourism", "table-capacity": "5", "table-rapporteur": dw.participant.pk},
    )
    table = DiscussionTable.objects.get(round=afternoon)
    assert (table.number, table.topic, table.rapporteur, table.capacity) == (
        1,
        "Tourism",
        dw.participant,
        5,
    )
    response = client.post(
        f"{BASE}/discussions/rounds/{afternoon.pk}/change/add-table/",
        {"table-topic": "Other", "table-capacity": "5", "table-host": dw.outsider.pk},
        follow=True,
    )
    assert "Host: Select a valid choice." in response.content.decode()


def test_round_page_assigns_moves_and_auto_assigns(client, dw):
    login(client, dw.organiser)
    html = page(client.get(f"{BASE}/discussions/rounds/{dw.round.pk}/"))
    assert (
        '<span id="unseated">Hana Host, Paul Participant, Raul Reporter, Rita Rapporteur</span>'
        in html
    )
    paul = dw.registration(dw.participant)
    client.post(
        f"{BASE}/discussions/rounds/{dw.round.pk}/change/assign/",
        {"assign-registration": paul.pk, "assign-table": dw.hydrogen.pk},
    )
    seat = TableSeat.objects.get()
    assert (seat.table, seat.assigned) == (dw.hydrogen, True)
    client.post(
        f"{BASE}/discussions/rounds/{dw.round.pk}/change/move/",
        {"registration": paul.pk, "table": dw.skills.pk},
    )
    assert TableSeat.objects.get().table == dw.skills
    response = client.post(
        f"{BASE}/discussions/rounds/{dw.round.pk}/change/auto-assign/", follow=True
    )
    assert "3 participant(s) were given a table." in response.content.decode()
    html = page(client.get(f"{BASE}/discussions/rounds/{dw.round.pk}/"))
    assert "Every confirmed participant has a table in this round." in html
    client.post(f"{BASE}/discussions/rounds/{dw.round.pk}/change/unassign/", {"seat": seat.pk})
    assert TableSeat.objects.count() == 3


def test_round_page_query_count_is_fixed(client, dw, django_assert_num_queries):
    login(client, dw.organiser)
    url = f"{BASE}/discussions/rounds/{dw.round.pk}/"
    client.get(url)
    TableSeat.objects.create(
        round=dw.round, table=dw.hydrogen, registration=dw.registration(dw.host)
    )
    # session, user, event + organisers (2), role summary, round, tables, seats, questions,
    # people without a table, and the form choices: sessions, people without a table, tables,
    # hosts and rapporteurs.
    with django_assert_num_queries(15):
        client.get(url)
    for i in range(4):
        register(dw.event, UserFactory(full_name=f"Extra {i}"), 20 + i)
    client.post(f"{url}change/auto-assign/")
    assert TableSeat.objects.count() == 7
    with django_assert_num_queries(15):
        html = page(client.get(url))
    assert html.count('<tr id="seat-') == 7


def test_discussions_page_query_count_is_fixed(client, dw, django_assert_num_queries):
    login(client, dw.participant)
    url = f"{BASE}/discussions/"
    client.get(url)
    # event + organisers (2), session, user, role summary, registration, rounds, tables,
    # questions, my seats, my tables to take notes at.
    with django_assert_num_queries(11):
        client.get(url)
    DiscussionTable.objects.create(round=dw.round, number=3, topic="Tourism", host=dw.host)
    other = DiscussionRound.objects.create(event=dw.event, title="Afternoon", position=1)
    DiscussionTable.objects.create(round=other, number=1, topic="Ports", rapporteur=dw.host)
    with django_assert_num_queries(11):
        html = page(client.get(url))
    assert html.count('class="discussion-round"') == 2


def test_table_page_edits_questions_and_copies_them(client, dw):
    login(client, dw.organiser)
    html = page(client.get(f"{BASE}/discussions/tables/{dw.skills.pk}/"))
    assert 'value="What should regions do first"' in html
    url = f"{BASE}/discussions/tables/{dw.skills.pk}/change/"
    client.post(url + "add-question/", {"question-text": "Who funds it?"})
    client.post(
        url + "edit-question/", {"question": dw.s_first.pk, "question-text": "What comes first?"}
    )
    assert list(dw.skills.questions.values_list("text", flat=True)) == [
        "What comes first?",
        "Who funds it?",
    ]
    response = client.post(url + "copy-questions/", follow=True)
    assert "2 question(s) were added to the other tables of the round." in response.content.decode()
    assert GuidingQuestion.objects.filter(table=dw.hydrogen).count() == 4
    client.post(
        url + "save/",
        {
            "table-topic": "Skills",
            "table-number": "",
            "table-capacity": "8",
            "table-host": dw.host.pk,
            "table-rapporteur": dw.other_rapporteur.pk,
        },
    )
    dw.skills.refresh_from_db()
    assert (dw.skills.topic, dw.skills.number, dw.skills.capacity, dw.skills.host) == (
        "Skills",
        2,
        8,
        dw.host,
    )
    response = client.post(url + "delete/")
    assert response["Location"] == f"{BASE}/discussions/rounds/{dw.round.pk}/"
    assert not DiscussionTable.objects.filter(pk=dw.skills.pk).exists()


def test_rapporteur_takes_notes_with_htmx(client, dw):
    login(client, dw.rapporteur)
    url = f"{BASE}/discussions/tables/{dw.hydrogen.pk}/notes/"
    html = page(client.get(url))
    assert f'<h3 id="question-{dw.h_first.pk}-heading">1. {FIRST}</h3>' in html
    response = client.post(
        url + "add/",
        {"question": dw.h_first.pk, "text": "Pool pilot lines\n- Train SMEs"},
        headers={"HX-Request": "true"},
    )
    fragment = response.content.decode()
    assert fragment.startswith(f'<div id="question-{dw.h_first.pk}-notes"')
    assert 'aria-live="polite"' in fragment
    first, second = RapporteurNote.objects.order_by("pk")
    assert (first.text, second.text) == ("Pool pilot lines", "Train SMEs")
    assert 'value="Pool pilot lines"' in fragment
    response = client.post(
        url + "edit/",
        {"note": first.pk, "text": "Pool the pilot lines"},
        headers={"HX-Request": "true"},
    )
    assert 'value="Pool the pilot lines"' in response.content.decode()
    response = client.post(url + "delete/", {"note": second.pk}, headers={"HX-Request": "true"})
    assert "Train SMEs" not in response.content.decode()
    response = client.post(
        url + "add/", {"question": dw.h_first.pk, "text": " "}, headers={"HX-Request": "true"}
    )
    assert (
        '<p class="message message-error" role="alert">This field is required.</p>'
        in response.content.decode()
    )

    response = client.post(url + "submit/", follow=True)
    html = page(response)
    assert "1 note(s) submitted." in html
    assert (
        '<span class="note-text">Pool the pilot lines</span> <span class="badge">submitted</span>'
        in html
    )
    response = client.post(
        url + "edit/", {"note": first.pk, "text": "x"}, headers={"HX-Request": "true"}
    )
    assert (
        "The note was submitted; the organisers can reopen the table&#x27;s notes."
        in response.content.decode()
    )
    assert "Reopen" not in html


def test_rapporteur_who_cancelled_loses_the_note_taking_page(client, dw):
    login(client, dw.rapporteur)
    assert f"/discussions/tables/{dw.hydrogen.pk}/notes/" in page(
        client.get(f"{BASE}/discussions/")
    )
    registration = dw.registration(dw.rapporteur)
    type(registration).objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.CANCELLED
    )
    assert f"/discussions/tables/{dw.hydrogen.pk}/notes/" not in page(
        client.get(f"{BASE}/discussions/")
    )
    assert client.get(f"{BASE}/discussions/tables/{dw.hydrogen.pk}/notes/").status_code == 403
    response = client.post(
        f"{BASE}/discussions/tables/{dw.hydrogen.pk}/notes/add/",
        {"question": dw.h_first.pk, "text": "Late"},
    )
    assert response.status_code == 403
    assert RapporteurNote.objects.count() == 0


def test_organiser_reopens_notes(client, dw):
    write_notes(dw.hydrogen, dw.h_first, "Pool pilot lines")
    login(client, dw.organiser)
    url = f"{BASE}/discussions/tables/{dw.hydrogen.pk}/notes/"
    assert "Reopen the submitted statements" in page(client.get(url))
    response = client.post(url + "reopen/", follow=True)
    assert "1 note(s) reopened." in response.content.decode()
    assert RapporteurNote.objects.get().submitted_at is None


def test_notes_of_another_table_cannot_be_touched(client, dw):
    [note] = add_notes(actor=dw.other_rapporteur, question=dw.s_first, text="Skills")
    login(client, dw.rapporteur)
    response = client.post(
        f"{BASE}/discussions/tables/{dw.hydrogen.pk}/notes/delete/", {"note": note.pk}
    )
    assert response.status_code == 404
    assert RapporteurNote.objects.count() == 1


@pytest.fixture
def harvested(dw):
    notes = write_notes(
        dw.hydrogen,
        dw.h_first,
        "Pool pilot lines across regions",
        "Train workers in digital skills",
    )
    notes += write_notes(dw.skills, dw.s_first, "Regions should share their pilot lines")
    write_notes(dw.skills, dw.s_first, "Still a draft", submitted=False)
    return notes


def test_harvest_page_shows_clusters_pending_drafts_and_conclusions(client, dw, harvested):
    pool, _train, share = harvested
    create_conclusion(actor=None, event=dw.event, sources=[pool, share], text="Pool pilot lines.")
    login(client, dw.organiser)
    html = page(client.get(f"{BASE}/harvest/"))
    assert "<li>Morning tables, table 2 (Digital skills): 1 draft</li>" in html
    assert '<h3 id="group-1-heading">What should regions do first?</h3>' in html
    assert "3 statements\n    · 2 tables\n    · 2 clusters" in html
    assert "<h5>Cluster 1 (2 statements): line, pilot, region</h5>" in html
    assert html.count('<span class="badge">in conclusion 1</span>') == 2
    assert f'<option value="{Conclusion.objects.get().pk}">1. Pool pilot lines.</option>' in html
    assert "Still a draft" not in html


def test_harvest_page_query_count_is_fixed(client, dw, harvested, django_assert_num_queries):
    create_conclusion(actor=None, event=dw.event, sources=harvested[:1])
    login(client, dw.organiser)
    client.get(f"{BASE}/harvest/")
    # session, user, event + organisers (2), role summary, question texts, notes, conclusions
    # + sources + follow-ups (3), tables with drafts.
    with django_assert_num_queries(11):
        client.get(f"{BASE}/harvest/")
    extra = write_notes(dw.hydrogen, dw.h_partners, "Universities", "Chambers of commerce")
    conclusion = create_conclusion(actor=None, event=dw.event, sources=extra)
    FollowUpAction.objects.create(conclusion=conclusion, description="Invite them")
    with django_assert_num_queries(11):
        html = page(client.get(f"{BASE}/harvest/"))
    assert html.count('class="harvest-group"') == 2
    assert html.count('<li id="note-') == 5


def test_create_conclusion_from_a_cluster_then_curate(client, dw, harvested):
    pool, _train, share = harvested
    login(client, dw.organiser)
    response = client.post(f"{BASE}/harvest/change/create/", {"notes": [pool.pk, share.pk]})
    conclusion = Conclusion.objects.get()
    assert response["Location"] == f"{BASE}/harvest/conclusions/{conclusion.pk}/"
    assert conclusion.text == (
        "Pool pilot lines across regions\nRegions should share their pilot lines"
    )
    html = page(client.get(response["Location"]))
    assert f'<tr id="source-{pool.pk}"><th scope="row">Pool pilot lines across regions</th>' in html
    url = f"{BASE}/harvest/conclusions/{conclusion.pk}/change/"
    client.post(url + "save/", {"conclusion-text": "Regions pool their pilot lines."})
    client.post(url + "unlink/", {"note": share.pk})
    partnership = PartnershipFactory(name="Hydrogen Valleys", slug="hydrogen-valleys")
    client.post(
        url + "add-action/",
        {
            "action-description": "Draft a pilot proposal",
            "action-owner": dw.rapporteur.pk,
            "action-due_on": "2027-04-30",
            "action-status": "open",
            "action-partnership": partnership.pk,
        },
    )
    conclusion.refresh_from_db()
    assert conclusion.text == "Regions pool their pilot lines."
    assert list(conclusion.sources.all()) == [pool]
    action = FollowUpAction.objects.get()
    assert (action.owner, str(action.due_on), action.partnership) == (
        dw.rapporteur,
        "2027-04-30",
        partnership,
    )
    client.post(
        url + "edit-action/",
        {
            "action": action.pk,
            f"action-{action.pk}-description": "Submit the proposal",
            f"action-{action.pk}-status": "done",
        },
    )
    action.refresh_from_db()
    assert (action.description, action.status, action.owner, action.partnership) == (
        "Submit the proposal",
        "done",
        None,
        None,
    )
    client.post(f"{BASE}/harvest/change/link/", {"conclusion": conclusion.pk, "notes": [share.pk]})
    assert set(conclusion.sources.all()) == {pool, share}
    client.post(url + "delete-action/", {"action": action.pk})
    client.post(f"{BASE}/harvest/change/delete/", {"conclusion": conclusion.pk})
    assert not Conclusion.objects.exists()
    assert not FollowUpAction.objects.exists()


def test_conclusions_are_moved_up_and_down(client, dw, harvested):
    pool, train, _share = harvested
    a = create_conclusion(actor=None, event=dw.event, sources=[pool])
    b = create_conclusion(actor=None, event=dw.event, sources=[train])
    login(client, dw.organiser)
    client.post(f"{BASE}/harvest/change/down/", {"conclusion": a.pk})
    assert list(Conclusion.objects.order_by("position").values_list("pk", flat=True)) == [
        b.pk,
        a.pk,
    ]
    response = client.post(f"{BASE}/harvest/change/create/", {"notes": []}, follow=True)
    assert "Choose the notes the conclusion rests on." in response.content.decode()


def test_report_downloads(client, dw, harvested):
    create_conclusion(actor=None, event=dw.event, sources=harvested[:1], text="Pool them.")
    login(client, dw.organiser)
    response = client.get(f"{BASE}/harvest/report.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="src-2027-conclusions.md"'
    assert response.content.decode().startswith("# Conclusions: Smart Regions Conference 2027\n")
    assert "1. Pool them.\n\n   Sources: [1]\n" in response.content.decode()
    response = client.get(f"{BASE}/harvest/report.pdf")
    assert (response["Content-Type"], response.content[:5]) == ("application/pdf", b"%PDF-")
    assert client.get(f"{BASE}/harvest/report.docx").status_code == 404
