"""Rapporteur notes -> conclusions, in a real Chromium.

The organiser adds a second table to the forum's round of table discussions (topic, host,
rapporteur, seats) and gives it the round's two guiding questions; a participant signs up for
it. Its rapporteur writes statements per question (htmx swaps each question's block in place),
corrects one, drops another, and submits. The organiser opens the harvest: each question
gathers the statements of both tables, similar ones clustered; a conclusion is created from
the largest cluster, reworded, and given a follow-up action linked to a partnership; the
Markdown report cites the three source statements.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smartregions.events.enums import ActionStatus
from smartregions.events.models import Conclusion, DiscussionTable, RapporteurNote, TableSeat
from tests.e2e._browser import log_in, wait_for_htmx
from tests.e2e._seed_events import (
    NEW_RAPPORTEUR,
    ORGANISER,
    PARTICIPANT,
    SHARING,
    SKILLS,
    DiscussionsWorld,
    seed_discussions_world,
)

pytestmark = pytest.mark.e2e

TOPIC = "Skills for robot automation"
CONCLUSION = (
    "Regions pool their pilot lines: a joint voucher lets SMEs of every partner region use them."
)
ACTION = "Draft a pilot-line sharing agreement"


@pytest.fixture
def world(demo) -> DiscussionsWorld:
    return seed_discussions_world()


def _organiser_adds_the_table(page, world: DiscussionsWorld, shoot) -> DiscussionTable:
    log_in(page, ORGANISER)
    page.goto(f"/events/{world.event.slug}/discussions/")
    page.get_by_role("link", name=f"Manage the round {world.round.title}").click()
    page.get_by_text("Add a table").click()
    page.get_by_label(re.compile(r"^Topic")).fill(TOPIC)
    page.get_by_label("Host").select_option(label=f"Olga Organiser <{ORGANISER}>")
    page.get_by_label("Rapporteur").select_option(label=f"Ruth Rapporteur <{NEW_RAPPORTEUR}>")
    page.get_by_label(re.compile(r"^Seats")).fill("6")
    page.get_by_role("button", name="Add the table").click()
    page.get_by_text("The table was added.").wait_for()
    table = DiscussionTable.objects.get(round=world.round, topic=TOPIC)
    assert (table.number, table.capacity, table.host.email, table.rapporteur.email) == (
        2,
        6,
        ORGANISER,
        NEW_RAPPORTEUR,
    )
    card = page.locator(f"#table-{table.pk}")
    assert card.locator("h4").inner_text() == f"Table 2: {TOPIC}"
    assert "0 of 6 seats taken" in card.inner_text()

    card.get_by_role("link", name="Edit the table and its questions").click()
    for text in (SHARING, SKILLS):
        page.get_by_label(re.compile(r"^Guiding question")).last.fill(text)
        page.get_by_role("button", name="Add the question").click()
        page.get_by_text("The question was added.").wait_for()
    assert [field.input_value() for field in page.locator("#questions input[type=text]").all()] == [
        SHARING,
        SKILLS,
    ]
    shoot(page, "events-discussion-table")
    return table


def _participant_signs_up(page, world: DiscussionsWorld, table: DiscussionTable) -> None:
    log_in(page, PARTICIPANT)
    page.goto(f"/events/{world.event.slug}/discussions/")
    page.get_by_role("button", name="Sign up for table 2").click()
    page.get_by_text("You have a seat at table 2.").wait_for()
    row = page.locator(f"#table-{table.pk}")
    assert row.get_attribute("class") == "my-table"
    assert row.locator("td").all_inner_texts()[:4] == [
        TOPIC,
        "Olga Organiser",
        "Ruth Rapporteur",
        "1 / 6",
    ]
    assert "Your table" in row.inner_text()
    seat = TableSeat.objects.get(table=table)
    assert (seat.registration.user.email, seat.assigned) == (PARTICIPANT, False)


def _question(page, question: str):
    """The notes block of one guiding question."""
    return page.locator("section.notes-question").filter(
        has=page.get_by_role("heading", name=re.compile(re.escape(question)))
    )


def _swap(page, button) -> None:
    """Press ``button`` and wait for htmx to swap the question's block back in."""
    with page.expect_response(re.compile(r"/notes/(add|edit|delete)/$")):
        button.click()
    wait_for_htmx(page)


def _add(page, question: str, text: str) -> None:
    block = _question(page, question)
    block.get_by_label("New statements (one per line)").fill(text)
    _swap(page, block.get_by_role("button", name="Add", exact=True))


def _statements(page, question: str) -> list[str]:
    fields = _question(page, question).locator("ol.notes input[type=text]")
    return [field.input_value() for field in fields.all()]


def _rapporteur_writes_and_submits(page, world: DiscussionsWorld, table: DiscussionTable, shoot):
    log_in(page, NEW_RAPPORTEUR)
    page.goto(f"/events/{world.event.slug}/discussions/")
    page.get_by_role("link", name=f"Take notes: {world.round.title}, table 2 ({TOPIC})").click()
    page.wait_for_url(f"**/discussions/tables/{table.pk}/notes/")
    assert page.locator("#notes-status").inner_text().startswith("0 draft statements, 0 submitted.")

    _add(
        page, SHARING, "Share pilot lines betwen regions\nJoint vouchers for access to pilot lines"
    )
    assert _statements(page, SHARING) == [
        "Share pilot lines betwen regions",
        "Joint vouchers for access to pilot lines",
    ]
    _add(page, SKILLS, "Train SME staff in robot programming\nMore coffee breaks")
    assert _statements(page, SKILLS) == [
        "Train SME staff in robot programming",
        "More coffee breaks",
    ]

    typo = RapporteurNote.objects.get(table=table, text="Share pilot lines betwen regions")
    _question(page, SHARING).get_by_label("Statement 1").fill("Share pilot lines between regions")
    _swap(page, page.locator(f"#note-{typo.pk}").get_by_role("button", name="Save"))
    _swap(page, _question(page, SKILLS).get_by_role("button", name="Delete statement 2"))
    assert _statements(page, SHARING) == [
        "Share pilot lines between regions",
        "Joint vouchers for access to pilot lines",
    ]
    assert _statements(page, SKILLS) == ["Train SME staff in robot programming"]
    # After the last swap: a screenshot leaves style="" on form fields, which htmx would copy
    # onto the next swapped-in field with the same id (a CSP violation).
    shoot(page, "events-rapporteur-notes")

    page.get_by_role("button", name="Submit the draft statements").click()
    page.get_by_text("3 note(s) submitted.").wait_for()
    assert page.locator("#notes-status").inner_text().startswith("0 draft statements, 3 submitted.")
    assert page.locator("li.note-submitted .note-text").all_inner_texts() == [
        "Share pilot lines between regions",
        "Joint vouchers for access to pilot lines",
        "Train SME staff in robot programming",
    ]
    notes = RapporteurNote.objects.filter(table=table).order_by("pk")
    assert [(note.text, note.submitted_at is not None) for note in notes] == [
        ("Share pilot lines between regions", True),
        ("Joint vouchers for access to pilot lines", True),
        ("Train SME staff in robot programming", True),
    ]


def _organiser_harvests(page, world: DiscussionsWorld, shoot) -> Conclusion:
    log_in(page, ORGANISER)
    page.goto(f"/events/{world.event.slug}/discussions/")
    page.get_by_role("link", name="Harvest the notes into conclusions").click()
    page.wait_for_url(f"**/events/{world.event.slug}/harvest/")
    sharing = page.locator("#group-1")
    assert sharing.locator("h3").inner_text() == SHARING
    assert sharing.locator("h3 + p.meta").inner_text() == "4 statements · 2 tables · 2 clusters"
    clusters = sharing.locator(".note-cluster")
    assert clusters.locator("h5").all_inner_texts() == [
        "Cluster 1 (3 statements): line, pilot, region",
        "Cluster 2 (1 statement): bed, open, regional",
    ]
    assert clusters.first.locator("label").all_inner_texts() == [
        "Pool pilot lines across regions",
        "Share pilot lines between regions",
        "Joint vouchers for access to pilot lines",
    ]
    skills = page.locator("#group-2")
    assert skills.locator("h3").inner_text() == SKILLS
    assert skills.locator(".note-cluster h5").all_inner_texts() == [
        "Cluster 1 (2 statements): programming, robot, sme"
    ]
    shoot(page, "events-harvest")

    clusters.first.get_by_role("button", name="Create a conclusion from this cluster").click()
    page.get_by_text("The conclusion was created; edit its wording.").wait_for()
    conclusion = Conclusion.objects.get(event=world.event)
    assert conclusion.text == (
        "Pool pilot lines across regions\n"
        "Share pilot lines between regions\n"
        "Joint vouchers for access to pilot lines"
    )
    assert page.locator("#sources tbody th").all_inner_texts() == conclusion.text.split("\n")

    page.get_by_label(re.compile(r"^Conclusion")).fill(CONCLUSION)
    page.get_by_role("button", name="Save the conclusion").click()
    page.get_by_text("The conclusion was saved.").wait_for()
    page.get_by_text("Add a follow-up action").click()
    page.get_by_label(re.compile(r"^Action")).fill(ACTION)
    page.get_by_label("Owner").select_option(label=f"Olga Organiser <{ORGANISER}>")
    page.get_by_label("Due on").fill("2027-06-30")
    page.get_by_label("Partnership").select_option(label=world.partnership.name)
    page.get_by_role("button", name="Add the action").click()
    page.get_by_text("The conclusion was saved.").wait_for()
    summary = page.locator("#actions-heading ~ details summary").first.inner_text()
    assert summary == (
        f"{ACTION} — Open, Olga Organiser, due 2027-06-30, partnership {world.partnership.name}"
    )
    shoot(page, "events-conclusion")
    return conclusion


def _report_cites_the_sources(page, world: DiscussionsWorld) -> None:
    page.get_by_role("link", name="Back to the harvest").click()
    conclusion = page.locator("ol.conclusions > li")
    assert conclusion.locator(".conclusion-text").inner_text() == CONCLUSION
    assert conclusion.locator(".follow-ups").inner_text().startswith(f"{ACTION} — Open")
    with page.expect_download() as download:
        page.get_by_role("link", name="Markdown").click()
    assert download.value.suggested_filename == f"{world.event.slug}-conclusions.md"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    round_ = world.round.title
    assert text == (
        f"# Conclusions: {world.event.title}\n"
        "\n"
        "2027-03-10 09:00 (Europe/Brussels) · Brno\n"
        "\n"
        f"## {SHARING}\n"
        "\n"
        f"1. {CONCLUSION}\n"
        "\n"
        "   Sources: [1], [2], [3]\n"
        "\n"
        "   Follow-up actions:\n"
        "\n"
        f"   - {ACTION} (owner: Olga Organiser; due: 2027-06-30; status: Open; "
        f"partnership: {world.partnership.name})\n"
        "\n"
        "## References\n"
        "\n"
        f'1. {round_}, table 1 (Pilot lines), rapporteur Rita Rapporteur: "Pool pilot lines '
        'across regions"\n'
        f"2. {round_}, table 2 ({TOPIC}), rapporteur Ruth Rapporteur: "
        '"Share pilot lines between regions"\n'
        f"3. {round_}, table 2 ({TOPIC}), rapporteur Ruth Rapporteur: "
        '"Joint vouchers for access to pilot lines"\n'
    )


def test_rapporteur_notes_become_conclusions_with_a_follow_up(page, world, shoot):
    table = _organiser_adds_the_table(page, world, shoot)
    _participant_signs_up(page, world, table)
    _rapporteur_writes_and_submits(page, world, table, shoot)
    conclusion = _organiser_harvests(page, world, shoot)
    _report_cites_the_sources(page, world)

    conclusion.refresh_from_db()
    assert (conclusion.question, conclusion.text, conclusion.round_id) == (
        SHARING,
        CONCLUSION,
        world.round.pk,
    )
    assert sorted(conclusion.sources.values_list("text", flat=True)) == [
        "Joint vouchers for access to pilot lines",
        "Pool pilot lines across regions",
        "Share pilot lines between regions",
    ]
    action = conclusion.follow_up_actions.get()
    assert (action.description, action.owner.email, str(action.due_on), action.status) == (
        ACTION,
        ORGANISER,
        "2027-06-30",
        ActionStatus.OPEN,
    )
    assert action.partnership == world.partnership
