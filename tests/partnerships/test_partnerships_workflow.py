"""Creating partnerships (directly and from an accepted application), editing, launching and
closing them: every allowed and every forbidden transition."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from smartregions.calls.enums import ApplicationStatus, CoApplicantStatus
from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.partnerships.domain.join_requests import request_to_join
from smartregions.partnerships.domain.partnerships import (
    close_partnership,
    create_partnership,
    create_partnership_from_application,
    launch_partnership,
    update_partnership,
)
from smartregions.partnerships.enums import (
    JoinRequestStatus,
    MemberRole,
    MethodologyStage,
    PartnershipStatus,
)
from smartregions.partnerships.models import Partnership, PartnershipMember, StageRecord
from tests.factories.calls import ApplicationFactory, CallFactory, CoApplicantFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.regions import ThematicAreaFactory, ThematicPlatformFactory


def _roles(partnership):
    return sorted(
        (str(m.region.code if m.region else m.organisation.name), m.role)
        for m in partnership.members.select_related("region", "organisation")
    )


def test_create_partnership_starts_forming_with_lead_and_scoping(pw):
    partnership = pw.forming
    assert partnership.slug == "rova"
    assert partnership.status == PartnershipStatus.FORMING
    assert partnership.current_stage == MethodologyStage.SCOPING
    assert _roles(partnership) == [
        ("AT12", MemberRole.MEMBER),
        ("CZ06", MemberRole.LEAD),
        ("Danube Research Institute", MemberRole.MEMBER),
        ("SK01", MemberRole.CO_LEAD),
    ]
    assert list(
        StageRecord.objects.filter(partnership=partnership).values_list("stage", flat=True)
    ) == [MethodologyStage.SCOPING]
    assert ActivityLogEntry.objects.filter(action="partnership.create").count() == 1
    assert Notification.objects.filter(recipient=pw.lead_rep, kind="partnership.created").exists()


def test_create_partnership_slug_avoids_taken_and_reserved_names(pw):
    again = create_partnership(
        actor=pw.staff, name="RoVa", thematic_platform=pw.platform, lead_region=pw.de11
    )
    reserved = create_partnership(
        actor=pw.staff, name="New", thematic_platform=pw.platform, lead_region=pw.de11
    )
    assert (again.slug, reserved.slug) == ("rova-2", "new-2")


@pytest.mark.parametrize(
    ("lead", "message"),
    [
        ({}, "Name the lead: one region or one organisation."),
        (
            {"lead_region": "de11", "lead_organisation": "institute"},
            "Name the lead: one region or one organisation.",
        ),
    ],
)
def test_create_partnership_needs_exactly_one_lead(pw, lead, message):
    kwargs = {key: getattr(pw, value) for key, value in lead.items()}
    with pytest.raises(ValidationError) as caught:
        create_partnership(actor=pw.staff, name="X", thematic_platform=pw.platform, **kwargs)
    assert caught.value.message_dict == {"lead_region": [message]}


def test_create_partnership_refuses_area_of_another_platform(pw):
    energy = ThematicPlatformFactory(slug="energy", name="Energy")
    with pytest.raises(ValidationError) as caught:
        create_partnership(
            actor=pw.staff,
            name="X",
            thematic_platform=energy,
            thematic_area=pw.robotics,
            lead_region=pw.de11,
        )
    assert caught.value.message_dict == {
        "thematic_area": ["Robotics belongs to another platform than Energy."]
    }


def test_create_partnership_refuses_blank_name(pw):
    with pytest.raises(ValidationError) as caught:
        create_partnership(
            actor=pw.staff, name="  ", thematic_platform=pw.platform, lead_region=pw.de11
        )
    assert set(caught.value.message_dict) == {"name"}


def test_one_lead_is_a_database_constraint(pw):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipMember.objects.create(
            partnership=pw.forming, region=pw.de11, role=MemberRole.LEAD
        )


# --- from an application ----------------------------------------------------------------


@pytest.fixture
def accepted(pw):
    call = CallFactory(thematic_platform=pw.platform)
    application = ApplicationFactory(
        call=call,
        title="Hydrogen Valleys",
        acronym="H2V",
        summary="Hydrogen for industry.",
        lead_region=pw.de11,
        lead_organisation=pw.institute,
        thematic_area=pw.robotics,
        status=ApplicationStatus.ACCEPTED,
        submitted_at="2026-01-01T00:00:00Z",
    )
    CoApplicantFactory(
        application=application,
        region=pw.sk01,
        status=CoApplicantStatus.CONFIRMED,
        responded_at="2026-01-02T00:00:00Z",
    )
    CoApplicantFactory(application=application, region=pw.at12)  # still invited
    CoApplicantFactory(
        application=application,
        region=pw.cz06,
        status=CoApplicantStatus.DECLINED,
        responded_at="2026-01-02T00:00:00Z",
    )
    return application


def test_from_application_makes_members_with_roles(pw, accepted):
    partnership = create_partnership_from_application(actor=pw.staff, application=accepted)
    assert (partnership.name, partnership.acronym, partnership.slug) == (
        "Hydrogen Valleys",
        "H2V",
        "h2v",
    )
    assert (partnership.description, partnership.application) == (
        "Hydrogen for industry.",
        accepted,
    )
    assert (partnership.thematic_platform, partnership.thematic_area) == (pw.platform, pw.robotics)
    assert _roles(partnership) == [
        ("DE11", MemberRole.LEAD),
        ("Danube Research Institute", MemberRole.CO_LEAD),
        ("SK01", MemberRole.MEMBER),
    ]
    assert partnership.status == PartnershipStatus.FORMING
    assert Notification.objects.filter(recipient=pw.colead_rep, kind="partnership.created").exists()


def test_from_application_led_by_organisation_only_makes_it_lead(pw, accepted):
    accepted.lead_region = None
    accepted.save()
    partnership = create_partnership_from_application(actor=pw.staff, application=accepted)
    assert _roles(partnership) == [
        ("Danube Research Institute", MemberRole.LEAD),
        ("SK01", MemberRole.MEMBER),
    ]


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    ],
)
def test_from_application_refuses_unaccepted(pw, accepted, status):
    Partnership.objects.none()
    accepted.status = status
    accepted.withdrawn_at = (
        "2026-01-03T00:00:00Z" if status == ApplicationStatus.WITHDRAWN else None
    )
    accepted.save()
    with pytest.raises(ValidationError) as caught:
        create_partnership_from_application(actor=pw.staff, application=accepted)
    assert caught.value.message_dict["application"][0].startswith(
        "Only an accepted application becomes a partnership; this one is "
    )


def test_from_application_only_once(pw, accepted):
    create_partnership_from_application(actor=pw.staff, application=accepted)
    with pytest.raises(ValidationError) as caught:
        create_partnership_from_application(actor=pw.staff, application=accepted)
    assert caught.value.message_dict == {
        "application": ["The partnership Hydrogen Valleys was already created from it."]
    }


def test_from_application_without_call_platform_needs_one(pw, accepted):
    accepted.call.thematic_platform = None
    accepted.call.save()
    with pytest.raises(ValidationError) as caught:
        create_partnership_from_application(actor=pw.staff, application=accepted)
    assert caught.value.message_dict == {
        "thematic_platform": ["The call has no thematic platform: choose one."]
    }
    energy = ThematicPlatformFactory(slug="energy", name="Energy")
    partnership = create_partnership_from_application(
        actor=pw.staff, application=accepted, thematic_platform=energy
    )
    # The application's area belongs to another platform: the leads choose a new one.
    assert (partnership.thematic_platform, partnership.thematic_area) == (energy, None)


def test_from_application_refuses_other_platform_than_the_calls(pw, accepted):
    energy = ThematicPlatformFactory(slug="energy", name="Energy")
    with pytest.raises(ValidationError) as caught:
        create_partnership_from_application(
            actor=pw.staff, application=accepted, thematic_platform=energy
        )
    assert caught.value.message_dict == {
        "thematic_platform": ["The call belongs to the platform Industry."]
    }


# --- launch and close ---------------------------------------------------------------------


def _in_status(pw, status):
    if status in (PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED):
        launch_partnership(actor=pw.staff, partnership=pw.forming)
    if status == PartnershipStatus.CLOSED:
        close_partnership(actor=pw.staff, partnership=pw.forming)
    return pw.forming


@pytest.mark.parametrize(
    ("status", "verb", "allowed"),
    [
        (PartnershipStatus.FORMING, "launch", True),
        (PartnershipStatus.FORMING, "close", False),
        (PartnershipStatus.ACTIVE, "launch", False),
        (PartnershipStatus.ACTIVE, "close", True),
        (PartnershipStatus.CLOSED, "launch", False),
        (PartnershipStatus.CLOSED, "close", False),
    ],
)
def test_partnership_transitions(pw, status, verb, allowed):
    partnership = _in_status(pw, status)
    step = {"launch": launch_partnership, "close": close_partnership}[verb]
    target = {"launch": PartnershipStatus.ACTIVE, "close": PartnershipStatus.CLOSED}[verb]
    if allowed:
        step(actor=pw.staff, partnership=Partnership.objects.get(pk=partnership.pk))
        partnership.refresh_from_db()
        assert partnership.status == target
        return
    with pytest.raises(ValidationError) as caught:
        step(actor=pw.staff, partnership=Partnership.objects.get(pk=partnership.pk))
    label = PartnershipStatus(status).label.lower()
    participle = {"launch": "launched", "close": "closed"}[verb]
    assert caught.value.message_dict == {
        "status": [f"A {label} partnership cannot be {participle}."]
    }
    partnership.refresh_from_db()
    assert partnership.status == status


def test_launch_sets_date_and_tells_members(pw):
    launch_partnership(actor=pw.lead_rep, partnership=pw.forming)
    assert pw.forming.launched_at is not None
    told = set(
        Notification.objects.filter(kind="partnership.launched").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {"colead@example.eu", "member@example.eu", "institute@example.eu"}


def test_close_completes_stage_and_rejects_waiting_requests(pw, active):
    waiting = request_to_join(actor=pw.other_rep, partnership=active, region=pw.de11)
    close_partnership(actor=pw.staff, partnership=active, reason="Work done.")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reason) == (
        JoinRequestStatus.REJECTED,
        "The partnership has closed.",
    )
    assert StageRecord.objects.get(partnership=active).completed_at == active.closed_at
    assert Notification.objects.filter(
        recipient=pw.other_rep, kind="partnership.join_rejected"
    ).exists()
    assert Notification.objects.get(recipient=pw.member_rep, kind="partnership.closed").body == (
        "Work done."
    )


def test_update_partnership_logs_changed_fields(pw):
    other_area = ThematicAreaFactory(slug="cobots", name="Cobots", platform=pw.platform)
    update_partnership(
        actor=pw.lead_rep,
        partnership=pw.forming,
        name="Robotics Valleys",
        acronym="RV",
        description=pw.forming.description,
        thematic_platform=pw.platform,
        thematic_area=other_area,
        website="https://rova.example.eu",
    )
    entry = ActivityLogEntry.objects.get(action="partnership.update")
    assert entry.data == {"changed": ["acronym", "thematic_area", "website"]}
    pw.forming.refresh_from_db()
    assert (pw.forming.slug, pw.forming.acronym) == ("rova", "RV")


def test_closed_partnership_cannot_be_edited(pw, active):
    close_partnership(actor=pw.staff, partnership=active)
    with pytest.raises(ValidationError) as caught:
        update_partnership(
            actor=pw.staff, partnership=active, name="New", thematic_platform=pw.platform
        )
    assert caught.value.message_dict == {
        "status": ["The partnership is closed: it cannot be changed."]
    }


def test_create_partnership_led_by_organisation(pw):
    org = OrganisationFactory(region=pw.sk01)
    partnership = create_partnership(
        actor=pw.staff, name="Org-led", thematic_platform=pw.platform, lead_organisation=org
    )
    assert partnership.members.get().role == MemberRole.LEAD
