"""The harvest (groups per question, clusters), conclusions with sources and their order,
and follow-up actions linked to partnerships."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.events.domain import harvest as harvest_domain
from smartregions.events.domain.discussions.conclusions import (
    add_follow_up,
    create_conclusion,
    delete_conclusion,
    delete_follow_up,
    link_sources,
    move_conclusion,
    reorder_conclusions,
    unlink_source,
    update_conclusion,
    update_follow_up,
)
from smartregions.events.domain.discussions.setup import question_key
from smartregions.events.domain.harvest import group_for, harvest
from smartregions.events.enums import ActionStatus
from smartregions.events.models import Conclusion, FollowUpAction
from smartregions.partnerships.enums import PartnershipStatus
from smartregions.partnerships.models import Partnership
from tests.events.discussions.conftest import FIRST, PARTNERS, write_notes
from tests.factories.partnerships import PartnershipFactory


@pytest.fixture
def notes(dw):
    """Submitted notes: two tables answer FIRST (same question, different punctuation)."""
    pool, train = write_notes(
        dw.hydrogen,
        dw.h_first,
        "Pool pilot lines across regions",
        "Train workers in digital skills",
    )
    [universities] = write_notes(dw.hydrogen, dw.h_partners, "Universities")
    share, skills = write_notes(
        dw.skills,
        dw.s_first,
        "Regions should share their pilot lines",
        "Digital skills for workers",
    )
    write_notes(dw.skills, dw.s_first, "A draft nobody submitted", submitted=False)
    return {
        "pool": pool,
        "train": train,
        "universities": universities,
        "share": share,
        "skills": skills,
    }


def test_harvest_groups_same_questions_across_tables_and_clusters(dw, notes):
    groups = harvest(dw.event)
    assert [(g.question, g.tables, len(g.notes)) for g in groups] == [
        (FIRST, 2, 4),
        (PARTNERS, 1, 1),
    ]
    first = groups[0]
    assert [[n.text for n in c.notes] for c in first.clusters] == [
        ["Pool pilot lines across regions", "Regions should share their pilot lines"],
        ["Train workers in digital skills", "Digital skills for workers"],
    ]
    assert first.clusters[0].terms == ("line", "pilot", "region")
    assert first.clusters[0].note_ids == [notes["pool"].pk, notes["share"].pk]


def test_harvest_is_empty_without_submitted_notes(dw):
    assert harvest(dw.event) == []


def test_conclusion_from_a_cluster_takes_its_statements(dw, notes):
    conclusion = create_conclusion(
        actor=dw.organiser, event=dw.event, sources=[notes["pool"], notes["share"]]
    )
    assert conclusion.question == FIRST
    assert conclusion.text == (
        "Pool pilot lines across regions\nRegions should share their pilot lines"
    )
    assert (conclusion.position, conclusion.round, conclusion.created_by) == (
        0,
        dw.round,
        dw.organiser,
    )
    assert set(conclusion.sources.all()) == {notes["pool"], notes["share"]}
    [group, _] = harvest(dw.event)
    assert group.conclusions == [conclusion]
    entry = ActivityLogEntry.objects.get(action="event.conclusion_create")
    assert entry.data == {"sources": [notes["pool"].pk, notes["share"].pk]}


def test_conclusion_sources_must_be_submitted_and_answer_its_question(dw, notes):
    draft = dw.skills.notes.get(submitted_at__isnull=True)
    with pytest.raises(ValidationError) as info:
        create_conclusion(actor=None, event=dw.event, question=FIRST, text="x", sources=[draft])
    assert info.value.message_dict == {"sources": ["Only submitted notes can be sources."]}
    with pytest.raises(ValidationError) as info:
        create_conclusion(
            actor=None, event=dw.event, sources=[notes["pool"], notes["universities"]]
        )
    assert info.value.message_dict == {
        "sources": [f"A source note answers another question: {PARTNERS}"]
    }
    with pytest.raises(ValidationError) as info:
        create_conclusion(actor=None, event=dw.event, question=FIRST)
    assert info.value.message_dict == {"text": ["Write the conclusion."]}


def test_reorder_move_link_unlink_update_delete(dw, notes):
    a = create_conclusion(actor=None, event=dw.event, sources=[notes["pool"]])
    b = create_conclusion(actor=None, event=dw.event, question=FIRST, text="Skills first")
    c = create_conclusion(actor=None, event=dw.event, sources=[notes["universities"]])
    assert [(x.position, x.question) for x in (a, b, c)] == [(0, FIRST), (1, FIRST), (0, PARTNERS)]
    move_conclusion(actor=None, conclusion=b, offset=-1)
    assert list(
        Conclusion.objects.filter(question=FIRST).order_by("position").values_list("pk", flat=True)
    ) == [b.pk, a.pk]
    with pytest.raises(ValidationError) as info:
        reorder_conclusions(actor=None, conclusion=a, order=[a.pk, c.pk])
    assert info.value.message_dict == {
        "order": ["List every conclusion of the question exactly once."]
    }
    reorder_conclusions(actor=None, conclusion=a, order=[a.pk, b.pk])
    assert [g.conclusions for g in harvest(dw.event)] == [[a, b], [c]]

    link_sources(actor=None, conclusion=b, notes=[notes["train"], notes["skills"]])
    unlink_source(actor=None, conclusion=b, note=notes["train"])
    assert list(b.sources.all()) == [notes["skills"]]
    with pytest.raises(ValidationError) as info:
        unlink_source(actor=None, conclusion=b, note=notes["train"])
    assert info.value.message_dict == {"sources": ["The note is not a source of this conclusion."]}
    update_conclusion(actor=None, conclusion=b, text="Skills come first.")
    b.refresh_from_db()
    assert b.text == "Skills come first."
    delete_conclusion(actor=None, conclusion=a)
    assert list(Conclusion.objects.order_by("pk").values_list("pk", flat=True)) == [b.pk, c.pk]


def test_orphan_conclusions_get_their_own_group(dw, notes):
    orphan = create_conclusion(actor=None, event=dw.event, question="Anything else?", text="More")
    groups = harvest(dw.event)
    assert [(g.question, g.conclusions) for g in groups][-1] == ("Anything else?", [orphan])


def test_follow_ups_link_active_partnerships_and_notify_owners(dw, notes):
    conclusion = create_conclusion(actor=None, event=dw.event, sources=[notes["pool"]])
    partnership = PartnershipFactory(name="Hydrogen Valleys")
    forming = PartnershipFactory(name="Forming", status=PartnershipStatus.FORMING)
    action = add_follow_up(
        actor=dw.organiser,
        conclusion=conclusion,
        description="Draft a joint pilot proposal",
        owner=dw.rapporteur,
        due_on=dt.date(2027, 4, 30),
        partnership=partnership,
    )
    assert (action.status, action.partnership, action.owner) == (
        ActionStatus.OPEN,
        partnership,
        dw.rapporteur,
    )
    [notice] = Notification.objects.filter(kind="event.follow_up_owner")
    assert (notice.recipient, notice.body) == (dw.rapporteur, "Draft a joint pilot proposal")
    with pytest.raises(ValidationError) as info:
        add_follow_up(actor=None, conclusion=conclusion, description="x", partnership=forming)
    assert info.value.message_dict == {"partnership": ["Link the action to an active partnership."]}
    with pytest.raises(ValidationError) as info:
        add_follow_up(actor=None, conclusion=conclusion, description="x", owner=dw.outsider)
    assert info.value.message_dict == {
        "owner": ["Uma Outsider is neither an organiser nor a confirmed participant of the event."]
    }

    Partnership.objects.filter(pk=partnership.pk).update(
        status=PartnershipStatus.CLOSED, closed_at=timezone.now()
    )
    update_follow_up(
        actor=dw.organiser,
        action=action,
        description="Submit the pilot proposal",
        owner=dw.rapporteur,
        status=ActionStatus.DONE,
        partnership=partnership,
    )
    action.refresh_from_db()
    assert (action.description, action.status, action.due_on, action.partnership) == (
        "Submit the pilot proposal",
        ActionStatus.DONE,
        None,
        partnership,
    )
    assert Notification.objects.filter(kind="event.follow_up_owner").count() == 1
    delete_follow_up(actor=None, action=action)
    assert not FollowUpAction.objects.exists()


def test_group_for_reads_and_clusters_only_the_group_asked_for(
    dw, notes, monkeypatch, django_assert_num_queries
):
    conclusion = create_conclusion(
        actor=None, event=dw.event, sources=[notes["pool"], notes["share"]]
    )
    clustered = []
    real = harvest_domain.cluster_statements

    def spy(texts, **kwargs):
        clustered.append(list(texts))
        return real(texts, **kwargs)

    monkeypatch.setattr(harvest_domain, "cluster_statements", spy)
    # Six queries: question texts, conclusion questions, the group's notes, and the
    # conclusions with their sources and follow-up actions.
    with django_assert_num_queries(6):
        group = group_for(dw.event, question_key(FIRST))
    assert clustered == [
        [
            "Pool pilot lines across regions",
            "Train workers in digital skills",
            "Regions should share their pilot lines",
            "Digital skills for workers",
        ]
    ]
    [expected, _partners] = harvest(dw.event)
    assert (group.key, group.question, group.tables, group.notes, group.conclusions) == (
        expected.key,
        FIRST,
        2,
        expected.notes,
        [conclusion],
    )
    assert [c.note_ids for c in group.clusters] == [c.note_ids for c in expected.clusters]
    assert [n.text for n in group_for(dw.event, question_key(PARTNERS)).notes] == ["Universities"]
    assert group_for(dw.event, question_key("Nobody asked this?")) is None
