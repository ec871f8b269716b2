"""Managing events: create (defaults, slugs), edit, publish, cancel, co-organisers, questions,
and the calendar's named reads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry
from smartregions.events.domain.events import (
    add_organiser,
    cancel_event,
    create_event,
    publish_event,
    remove_organiser,
    update_event,
)
from smartregions.events.domain.queries.events import (
    EventFilters,
    event_list,
    registration_window,
    visible_events,
)
from smartregions.events.domain.registration_questions import (
    add_question,
    move_question,
    remove_question,
    update_question,
)
from smartregions.events.enums import EventKind, EventStatus, QuestionKind
from smartregions.events.models import Event
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2027, 6, 1, 7, 0, tzinfo=dt.UTC)


def _create(ew, **fields):
    values = {
        "title": "Hydrogen Valleys Workshop",
        "kind": EventKind.WORKSHOP,
        "starts_at": START,
        "ends_at": START + dt.timedelta(hours=6),
        "timezone": "Europe/Prague",
        **fields,
    }
    return create_event(actor=ew.organiser, **values)


def test_create_makes_a_draft_organised_by_its_creator(ew):
    event = _create(ew, thematic_areas=[ew.hydrogen], city="Brno", country=ew.cz)
    assert event.status == EventStatus.DRAFT
    assert event.slug == "hydrogen-valleys-workshop"
    assert event.created_by == ew.organiser
    assert list(event.organisers.all()) == [ew.organiser]
    assert list(event.thematic_areas.all()) == [ew.hydrogen]
    # 180 days after the last day in the event's zone
    assert event.retention_until == dt.date(2027, 11, 28)
    assert ActivityLogEntry.objects.get(action="event.create").data == {"kind": "workshop"}


def test_slugs_are_unique_and_reserved_words_are_avoided(ew):
    assert _create(ew).slug == "hydrogen-valleys-workshop"
    assert _create(ew).slug == "hydrogen-valleys-workshop-2"
    assert _create(ew, title="New").slug == "new-2"
    with pytest.raises(ValidationError) as refused:
        _create(ew, slug="smart-regions-2027")
    assert refused.value.message_dict == {"slug": ["The address “smart-regions-2027” is taken."]}
    with pytest.raises(ValidationError):
        _create(ew, slug="mine")


def test_the_retention_date_may_be_given_but_not_before_the_end(ew):
    assert _create(ew, retention_until=dt.date(2028, 1, 1)).retention_until == dt.date(2028, 1, 1)
    with pytest.raises(ValidationError) as refused:
        _create(ew, retention_until=dt.date(2027, 5, 31))
    assert refused.value.message_dict == {
        "retention_until": ["Registrations must be kept at least until the event ends."]
    }


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"ends_at": START}, {"ends_at": ["An event must end after it starts."]}),
        (
            {"timezone": "Mars/Olympus"},
            {
                "timezone": [
                    "Unknown time zone “Mars/Olympus”; use an IANA name such as Europe/Brussels."
                ]
            },
        ),
        (
            {
                "registration_opens_at": START - dt.timedelta(days=1),
                "registration_closes_at": START - dt.timedelta(days=2),
            },
            {"registration_closes_at": ["Registration must close after it opens."]},
        ),
        (
            {"registration_closes_at": START + dt.timedelta(days=1)},
            {"registration_closes_at": ["Registration must close by the end of the event."]},
        ),
        (
            {"capacity": 0},
            {"capacity": ["The capacity is at least 1 (leave it empty for no limit)."]},
        ),
        (
            {"participant_types": ["delegate", "juror"]},
            {"participant_types": ["Unknown participant types: juror"]},
        ),
        (
            {"is_online": True},
            {"online_url": ["An online event needs the address where it takes place."]},
        ),
        (
            {"kind": EventKind.WEBINAR, "matchmaking_enabled": True},
            {"matchmaking_enabled": ["A webinar has no B2B meetings."]},
        ),
    ],
)
def test_event_settings_are_checked(ew, fields, errors):
    with pytest.raises(ValidationError) as refused:
        _create(ew, **fields)
    assert refused.value.message_dict == errors
    assert not Event.objects.filter(title="Hydrogen Valleys Workshop").exists()


def test_create_refuses_unknown_settings(ew):
    with pytest.raises(TypeError, match="not an event setting: status"):
        _create(ew, status=EventStatus.PUBLISHED)


def test_update_records_the_changed_fields(ew):
    event = _create(ew)
    update_event(
        actor=ew.organiser,
        event=event,
        title="Hydrogen Valleys Workshop",
        city="Brno",
        thematic_areas=[ew.batteries],
    )
    entry = ActivityLogEntry.objects.get(action="event.update")
    assert entry.data == {"changed": ["city", "thematic_areas"]}
    assert list(event.thematic_areas.all()) == [ew.batteries]


def test_changing_the_consent_text_raises_its_version(ew):
    update_event(actor=ew.organiser, event=ew.event, consent_text="Wording two.")
    assert ew.event.consent_version == "2"
    update_event(
        actor=ew.organiser, event=ew.event, consent_text="Wording three.", consent_version="2027a"
    )
    assert ew.event.consent_version == "2027a"
    update_event(actor=ew.organiser, event=ew.event, consent_text="Wording four.")
    assert ew.event.consent_version == "2027a.1"


def test_publish_needs_a_place_and_a_consent_text(ew):
    event = _create(ew, consent_text="")
    with pytest.raises(ValidationError) as refused:
        publish_event(actor=ew.organiser, event=event)
    assert refused.value.message_dict == {
        "venue": ["Say where the event takes place (venue or city), or make it online."],
        "consent_text": ["Write the consent text participants agree to."],
    }
    update_event(
        actor=ew.organiser,
        event=event,
        is_online=True,
        online_url="https://meet.example.eu/h2",
        consent_text="I agree.",
    )
    assert publish_event(actor=ew.organiser, event=event).status == EventStatus.PUBLISHED


# Every transition of an event: (from, step, allowed, message when refused).
TRANSITIONS = [
    (EventStatus.DRAFT, publish_event, True, ""),
    (EventStatus.DRAFT, cancel_event, False, "Only a published event can be cancelled."),
    (EventStatus.PUBLISHED, publish_event, False, "Only a draft event can be published."),
    (EventStatus.PUBLISHED, cancel_event, True, ""),
    (EventStatus.CANCELLED, publish_event, False, "Only a draft event can be published."),
    (EventStatus.CANCELLED, cancel_event, False, "Only a published event can be cancelled."),
]


@pytest.mark.parametrize(("status", "step", "allowed", "message"), TRANSITIONS)
def test_event_transitions(ew, status, step, allowed, message):
    event = EventFactory(status=status)
    if allowed:
        step(actor=ew.organiser, event=event)
        assert event.status == {publish_event: "published", cancel_event: "cancelled"}[step]
    else:
        with pytest.raises(ValidationError) as refused:
            step(actor=ew.organiser, event=event)
        assert refused.value.message_dict == {"status": [message]}


def test_a_cancelled_event_is_frozen(ew):
    cancel_event(actor=ew.organiser, event=ew.event)
    with pytest.raises(ValidationError) as refused:
        update_event(actor=ew.organiser, event=ew.event, title="Revived")
    assert refused.value.message_dict == {"status": ["A cancelled event cannot be changed."]}
    with pytest.raises(ValidationError, match=r"A cancelled event cannot be changed."):
        add_question(actor=ew.organiser, event=ew.event, label="Q", kind=QuestionKind.TEXT)


def test_co_organisers(ew):
    add_organiser(actor=ew.organiser, event=ew.event, user=ew.other)
    assert set(ew.event.organisers.all()) == {ew.organiser, ew.other}
    with pytest.raises(ValidationError) as refused:
        add_organiser(actor=ew.organiser, event=ew.event, user=ew.other)
    assert refused.value.message_dict == {"user": ["Ursula User already organises the event."]}
    remove_organiser(actor=ew.other, event=ew.event, user=ew.organiser)
    assert list(ew.event.organisers.all()) == [ew.other]
    with pytest.raises(ValidationError) as refused:
        remove_organiser(actor=ew.other, event=ew.event, user=ew.other)
    assert refused.value.message_dict == {"user": ["An event keeps at least one named organiser."]}
    with pytest.raises(ValidationError) as refused:
        remove_organiser(actor=ew.other, event=ew.event, user=ew.staff)
    assert refused.value.message_dict == {
        "user": ["Fiona Facilitator does not organise the event."]
    }
    inactive = UserFactory(is_active=False)
    with pytest.raises(ValidationError, match=r"This account is not active."):
        add_organiser(actor=ew.other, event=ew.event, user=inactive)
    assert [e.action for e in ActivityLogEntry.objects.order_by("id")][-2:] == [
        "event.add_organiser",
        "event.remove_organiser",
    ]


def test_questions_crud_and_order(ew):
    first = add_question(actor=ew.organiser, event=ew.event, label=" Diet ", kind=QuestionKind.TEXT)
    second = add_question(
        actor=ew.organiser,
        event=ew.event,
        label="Day",
        kind=QuestionKind.CHOICE,
        choices=[" Monday ", "", "Tuesday"],
        required=True,
    )
    assert (first.label, first.position, second.position) == ("Diet", 0, 1)
    assert second.choices == ["Monday", "Tuesday"]
    move_question(actor=ew.organiser, question=second, up=True)
    assert [q.label for q in ew.event.questions.all()] == ["Day", "Diet"]
    move_question(actor=ew.organiser, question=second, up=True)  # already first: no change
    assert [q.label for q in ew.event.questions.all()] == ["Day", "Diet"]
    update_question(actor=ew.organiser, question=first, label="Dietary needs", required=True)
    first.refresh_from_db()
    assert (first.label, first.required) == ("Dietary needs", True)
    ew.registration.answers = {str(first.pk): "vegan", str(second.pk): "Monday"}
    ew.registration.save()
    remove_question(actor=ew.organiser, question=first)
    ew.registration.refresh_from_db()
    assert ew.registration.answers == {str(second.pk): "Monday"}
    assert [q.label for q in ew.event.questions.all()] == ["Day"]


@pytest.mark.parametrize(
    ("kind", "choices", "message"),
    [
        (QuestionKind.CHOICE, ["Only one"], "Offer at least two choices."),
        (QuestionKind.MULTIPLE_CHOICE, [], "Offer at least two choices."),
        (QuestionKind.TEXT, ["a", "b"], "Only choice questions have choices."),
        (QuestionKind.CHOICE, ["a", "a"], "Each choice must differ from the others."),
    ],
)
def test_question_choices_are_checked(ew, kind, choices, message):
    with pytest.raises(ValidationError) as refused:
        add_question(actor=ew.organiser, event=ew.event, label="Q", kind=kind, choices=choices)
    assert refused.value.message_dict == {"choices": [message]}


def test_visible_events_hide_drafts_from_all_but_their_organisers(ew):
    draft = EventFactory(slug="draft", status=EventStatus.DRAFT, organisers=[ew.organiser])
    cancelled = EventFactory(slug="cancelled", status=EventStatus.CANCELLED)
    public = {ew.event, ew.other_event, cancelled}
    assert set(visible_events(ew.other)) == public
    assert set(visible_events(ew.other_organiser)) == public
    assert set(visible_events(ew.organiser)) == public | {draft}
    assert set(visible_events(ew.staff)) == public | {draft}
    from django.contrib.auth.models import AnonymousUser

    assert set(visible_events(AnonymousUser())) == public


def test_calendar_filters_and_order(ew, clock):
    EventFactory(
        slug="past",
        starts_at=dt.datetime(2026, 5, 1, 7, 0, tzinfo=dt.UTC),
        kind=EventKind.WEBINAR,
    )
    later = EventFactory(
        slug="later",
        starts_at=dt.datetime(2027, 4, 2, 7, 0, tzinfo=dt.UTC),
        kind=EventKind.BROKERAGE,
        country=ew.cz,
    )
    later.thematic_areas.set([ew.batteries])

    def slugs(**filters):
        return [e.slug for e in event_list(ew.other, EventFilters(**filters))]

    assert slugs() == ["smart-regions-2027", "other-event", "later"]  # same start: by id
    assert slugs(past=True) == ["past"]
    assert slugs(kind="brokerage") == ["later"]
    assert slugs(country="BE") == ["smart-regions-2027"]
    assert slugs(platform="energy") == ["smart-regions-2027"]
    assert slugs(area="batteries") == ["later"]
    assert slugs(date_from=dt.date(2027, 3, 11)) == ["later"]
    assert slugs(date_to=dt.date(2027, 3, 10)) == ["smart-regions-2027", "other-event"]
    assert slugs(date_from=dt.date(2027, 3, 10), date_to=dt.date(2027, 3, 10)) == [
        "smart-regions-2027",
        "other-event",
    ]
    # an event running now is still upcoming; once ended it is past
    clock.move_to(dt.datetime(2027, 3, 10, 15, 59, tzinfo=dt.UTC))
    assert slugs()[:2] == ["smart-regions-2027", "other-event"]
    clock.move_to(dt.datetime(2027, 3, 10, 16, 0, tzinfo=dt.UTC))
    assert slugs() == ["later"]
    assert slugs(past=True) == ["other-event", "smart-regions-2027", "past"]


def test_registration_window_states(ew, clock):
    assert registration_window(ew.event).state == "open"
    assert registration_window(EventFactory(status=EventStatus.DRAFT)).state == "not_published"
    update_event(
        actor=ew.organiser,
        event=ew.event,
        registration_opens_at=dt.datetime(2027, 2, 2, 0, 0, tzinfo=dt.UTC),
    )
    window = registration_window(ew.event)
    assert (window.state, window.closes_at) == ("not_yet", ew.event.starts_at)
    clock.move_to(ew.event.starts_at)
    assert registration_window(ew.event).state == "closed"
